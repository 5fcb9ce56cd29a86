"""Take .eml or Outlook .msg files into the mail pipeline: manage.py ingest_mail FILE..."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wardcase.core.errors import ServiceError
from wardcase.mail.inbound.store import inbound_store
from wardcase.mail.models_inbound import InboundMessage


class Command(BaseCommand):
    help = "Store .eml/.msg files as received mail and queue them for processing."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        stored = duplicates = failed = 0
        for path in files:
            try:
                raw = path.read_bytes()
                with transaction.atomic():
                    message, created = inbound_store(raw=raw, source=InboundMessage.Source.FILE)
            except (OSError, ServiceError) as exc:
                failed += 1
                self.stderr.write(f"{path}: {getattr(exc, 'message', exc)}")
                continue
            stored += created
            duplicates += not created
            self.stdout.write(f"{path}: {'stored' if created else 'already stored'} #{message.pk}")
        self.stdout.write(f"{stored} stored, {duplicates} already stored, {failed} failed")
        if failed:
            raise CommandError(f"{failed} file(s) could not be read")
