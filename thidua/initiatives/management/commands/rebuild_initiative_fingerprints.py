"""`manage.py rebuild_initiative_fingerprints`: recompute every initiative's fingerprint (after
a change of the detector's algorithm or canonical table, or a bulk import)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thidua.initiatives.services.similarity import rebuild_fingerprints


class Command(BaseCommand):
    help = "Tính lại dấu vân tay văn bản của mọi sáng kiến (phát hiện trùng lặp)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_fingerprints(batch_size=max(1, options["batch_size"]))
        self.stdout.write(f"Đã tính lại dấu vân tay của {count} sáng kiến.")
