"""`manage.py seed_summaries_demo`

Demo only: the draft sơ kết report of phase 1 of the default movement, its sections worded as
the template's defaults, created by the department officer through the service (so the audit
trail shows it). Not issued: issuing is the user's click ("Tạo bản Word/PDF"). The demo seed
(`seed_demo`) runs it after the initiatives; a production install never does, and the command
refuses the production settings. Run again, it changes nothing.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError
from thidua.movements import defaults
from thidua.movements.models import Movement, Phase
from thidua.organizations.models import RoleAssignment
from thidua.summaries.models import PhaseReport
from thidua.summaries.services.reports import create_phase_report


class Command(BaseCommand):
    help = "Chỉ dùng cho bản demo: tạo dự thảo báo cáo sơ kết giai đoạn 1 của phong trào mặc định."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.THIDUA_IS_PRODUCTION:
            raise CommandError(
                "Không được tạo dữ liệu demo trong môi trường sản xuất. Demo data is refused "
                "with the production settings."
            )
        movement = (
            Movement.objects.select_related("owner").filter(code=defaults.MOVEMENT_CODE).first()
        )
        phase = Phase.objects.filter(movement=movement, number=1).first() if movement else None
        if movement is None or phase is None:
            raise CommandError("Chưa có phong trào mặc định với giai đoạn 1.")
        if PhaseReport.objects.filter(movement=movement, phase=phase).exists():
            if options["verbosity"] >= 1:
                self.stdout.write("Đã có báo cáo sơ kết giai đoạn 1: giữ nguyên.")
            return
        officer = (
            RoleAssignment.objects.filter(role=Role.DEPT_OFFICER, unit=movement.owner)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if officer is None:
            raise CommandError("Chưa có tài khoản thường trực thi đua của Sở.")
        try:
            report = create_phase_report(by=officer.user, movement=movement, phase=phase)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(f"Đã tạo dự thảo: {report.title}."))
