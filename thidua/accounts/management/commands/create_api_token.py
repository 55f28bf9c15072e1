"""`manage.py create_api_token USERNAME [--name NAME] [--days N]`: a token for scripts.

Prints only the token on standard output, so that `TOKEN=$(manage.py create_api_token …)` works;
errors go to standard error, in Vietnamese, with exit status 1.
"""

import datetime as dt
import sys
from argparse import ArgumentParser
from typing import Any, NoReturn

from django.core.management.base import BaseCommand
from django.utils import timezone

from thidua.accounts.selectors import user_by_username
from thidua.accounts.services.tokens import create_api_token
from thidua.core.errors import DomainError


class Command(BaseCommand):
    help = "Tạo mã truy cập API cho một tài khoản và in mã ra (chỉ in mã)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="Tên đăng nhập của tài khoản")
        parser.add_argument("--name", default="", help="Tên gợi nhớ của mã")
        parser.add_argument(
            "--days", type=int, default=None, help="Số ngày hiệu lực (mặc định: không hết hạn)"
        )

    def fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        sys.exit(1)

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_username(options["username"])
        if user is None:
            self.fail(f"Không có tài khoản “{options['username']}”.")
        if not user.is_active:
            self.fail(f"Tài khoản “{user.username}” đã bị khóa, không thể tạo mã truy cập.")
        days = options["days"]
        if days is not None and days <= 0:
            self.fail("Số ngày hiệu lực (--days) phải là số nguyên dương.")
        now = timezone.now()
        name = options["name"] or f"Dòng lệnh {timezone.localtime(now):%d/%m/%Y %H:%M}"
        expires_at = now + dt.timedelta(days=days) if days else None
        try:
            _, plaintext = create_api_token(by=None, user=user, name=name, expires_at=expires_at)
        except DomainError as exc:
            self.fail(exc.message)
        self.stdout.write(plaintext)
