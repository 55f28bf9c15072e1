"""`manage.py send_report_reminders [--today dd/mm/yyyy] [--verbosity 2]`

Send the reminders of reporting deadlines due today (or on the given day), the way the
scheduler does it every day (`thidua.reporting.tasks.task_send_reminders`). A second run on the
same day sends nothing: reminders already sent are recorded.
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from thidua.reporting.services.reminders import send_reminders


def parse_day(text: str) -> dt.date:
    """A day typed dd/mm/yyyy."""
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()  # noqa: DTZ007 (a day)
    except ValueError as error:
        raise CommandError(
            f"Ngày không hợp lệ: “{text}”. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/03/2026."
        ) from error


class Command(BaseCommand):
    help = (
        "Gửi nhắc hạn nộp báo cáo định kỳ (thông báo trong hệ thống và thư điện tử) cho các "
        "đơn vị chưa nộp: trước hạn nộp và khi đã quá hạn, đến ngày khóa số liệu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            default="",
            help="Ngày coi là hôm nay, dạng dd/mm/yyyy (mặc định: hôm nay).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_day(options["today"]) if options["today"] else timezone.localdate()
        summary = send_reminders(today=today)
        self.stdout.write(str(summary))
        if options["verbosity"] > 1:
            for line in summary.units:
                self.stdout.write(f"  {line}")
