"""What the invitation commands print: where the invitation went, and the link if needed."""

from django.conf import settings

# Backends that deliver nothing to a real mailbox: the person running the command must
# hand the link over themselves.
UNDELIVERED_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)


def mail_delivers():
    return settings.EMAIL_BACKEND not in UNDELIVERED_BACKENDS


def report_invitation(command, user, sent, *, print_link):
    """Say where the invitation went on stderr; the link goes to stdout when email will
    not reach the person (or when asked), so a script can capture it."""
    if sent.emailed:
        command.stderr.write(f"Invitation for {user.username} queued to {user.email}.")
    else:
        command.stderr.write(f"{user.username} has no email address: nothing was emailed.")
    if print_link or not sent.emailed or not mail_delivers():
        command.stderr.write(
            f"Invitation link for {user.username} (works once, for 72 hours; give it only to them):"
        )
        command.stdout.write(sent.link)
