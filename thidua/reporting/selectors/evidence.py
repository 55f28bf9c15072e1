"""Reading evidence: scoped like the reports they belong to (another unit's evidence is not
found), and where the same file was uploaded before."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from thidua.accounts.roles import Perm
from thidua.organizations.scoping import AnyUser, can
from thidua.reporting.models import Evidence, EvidenceFile
from thidua.reporting.selectors.entry import reports_visible_to


def evidence_visible_to(user: AnyUser) -> QuerySet[Evidence]:
    """Evidence of the reports the user may see (VIEW_REPORT at their unit)."""
    return Evidence.objects.filter(report__in=reports_visible_to(user).values("pk"))


def evidence_for(user: AnyUser, pk: int, *, report_pk: int | None = None) -> Evidence | None:
    """One evidence with its blob and report if the user may see it (None: answer 404)."""
    items = evidence_visible_to(user).select_related(
        "blob", "report", "report__unit", "report__period", "indicator", "criterion"
    )
    if report_pk is not None:
        items = items.filter(report_id=report_pk)
    return items.filter(pk=pk).first()


def evidence_of_report(report_pk: int) -> list[Evidence]:
    return list(
        Evidence.objects.filter(report_id=report_pk)
        .select_related("blob", "indicator", "criterion", "uploaded_by")
        .order_by("uploaded_at", "pk")
    )


def earlier_upload_notice(blob: EvidenceFile, evidence: Evidence, user: AnyUser) -> str:
    """What to tell a user whose upload reused stored bytes: where they were first uploaded
    when the user may see that report, only that they were already there otherwise."""
    first = (
        Evidence.objects.filter(blob=blob)
        .exclude(pk=evidence.pk)
        .select_related("report__unit", "report__period")
        .order_by("uploaded_at", "pk")
        .first()
    )
    if first is not None and can(user, Perm.VIEW_REPORT, first.report.unit.path):
        return (
            f"Tệp này đã được tải lên trước đây: báo cáo {first.report.period.name} của "
            f"{first.report.unit.name}, ngày {timezone.localtime(first.uploaded_at):%d/%m/%Y}."
        )
    return "Tệp này đã có trong hệ thống: hệ thống dùng lại bản đã lưu, không lưu thêm bản sao."
