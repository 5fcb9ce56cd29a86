"""Send today's daily digests. Idempotent and locked: run it hourly, or twice, safely."""

from django.core.management.base import BaseCommand

from wardcase.mail.digests import digests_send
from wardcase.mail.locking import command_lock


class Command(BaseCommand):
    help = "Send each person who chose the daily digest one email a working day."

    def handle(self, *args, **options):
        with command_lock("send_digests") as held:
            if not held:
                self.stdout.write("Another send_digests run is in progress; nothing done.")
                return
            built = digests_send()
        if options["verbosity"] > 1 or built:
            self.stdout.write(f"Built {built} digest(s).")
