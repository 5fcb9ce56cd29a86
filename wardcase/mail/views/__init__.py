"""Web views of mail, one module per page group."""

from wardcase.mail.views.notification_settings import notification_settings

__all__ = ["notification_settings"]
