from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "wardcase.mail"
    label = "mail"

    def ready(self):
        from wardcase.core.health import register_check
        from wardcase.core.notifications import register_sender
        from wardcase.mail import checks  # noqa: F401 - registers the system checks
        from wardcase.mail.bulk import outbox_write_bulk
        from wardcase.mail.health import check_outbox
        from wardcase.mail.services import outbox_write

        register_check("outbox", check_outbox)
        # Notices from every app reach people through the outbox.
        register_sender(outbox_write, bulk=outbox_write_bulk)
