"""When an authenticator is removed (a lost phone, in the admin), every session of its
user ends. A session verified by that device would otherwise go on as a half-signed-in
session that could set up a new authenticator: whoever held it could take the account."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from wardcase.accounts.sessions import user_sessions_end
from wardcase.audit.services import audit_record


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="wardcase_totp_removed_ends_sessions")
def sessions_end_when_authenticator_removed(sender, instance, **kwargs):
    if not instance.confirmed:
        return  # an enrolment never finished verified nothing

    def end_sessions():
        ended = user_sessions_end(user=instance.user)
        audit_record(
            actor=None, action="two_factor.device_removed", obj=instance.user, sessions_ended=ended
        )

    transaction.on_commit(end_sessions)
