from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "wardcase.mail"
    label = "mail"

    def ready(self):
        from wardcase.core.health import register_check
        from wardcase.mail.health import check_outbox

        register_check("outbox", check_outbox)
