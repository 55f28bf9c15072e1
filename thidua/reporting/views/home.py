"""The entry page of reporting (menu "Báo cáo, chấm điểm"): the user's reports of the open
periods with their next step, what waits for their approval, and for the department the open
periods' completeness, the rankings and the setup."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from thidua.accounts.roles import Perm
from thidua.organizations.views._common import require_perm
from thidua.reporting.selectors.home import (
    APPROVE,
    ENTER,
    VIEW,
    MyReport,
    ReportingHome,
    home_for,
)

# Pages of the other areas of reporting the home links to, when they exist.
SCORES_HOME = (
    "reporting:scores_home",
    "Điểm, xếp hạng",
    "bi-trophy",
    "Kết quả chấm điểm, xếp hạng",
)
# (URL name, label, icon, description, only for who manages the movement's reporting)
MOVEMENT_PAGES = (
    ("reporting:ranking", "Bảng xếp hạng", "bi-trophy", "Xếp hạng chung và trong cụm, khối", False),
    ("reporting:heat_map", "Bản đồ nhiệt", "bi-grid-3x3", "Đơn vị × nội dung thi đua", False),
    ("reporting:recompute", "Tính lại điểm", "bi-arrow-repeat", "Tính lại điểm, xếp hạng một năm", True),
)  # fmt: skip


def url_or_none(name: str, *args: object) -> str | None:
    """The URL of a page of another area, or None while it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    icon: str = ""
    description: str = ""


def _next_link(row: MyReport) -> Link | None:
    report = row.report
    if row.next_step == APPROVE and report is not None:
        url = url_or_none("reporting:report_detail", report.pk)
        return Link(url, "Duyệt") if url else None
    if row.next_step == ENTER:
        url = (
            url_or_none("reporting:report_entry", report.pk)
            if report is not None
            else url_or_none("reporting:report_start", row.period.pk, row.unit.pk)
        )
        return Link(url, "Nhập báo cáo") if url else None
    if row.next_step == VIEW and report is not None:
        url = url_or_none("reporting:report_detail", report.pk)
        return Link(url, "Xem") if url else None
    return None


def _score_links(home: ReportingHome) -> list[Link]:
    links = []
    if url := url_or_none(SCORES_HOME[0]):
        links.append(Link(url, *SCORES_HOME[1:]))
    managed = {movement.pk for movement in home.managed_movements}
    movements = {progress.period.movement_id: progress.period.movement for progress in home.periods}
    movements.update({movement.pk: movement for movement in home.managed_movements})
    for movement in movements.values():
        for name, label, icon, description, managers_only in MOVEMENT_PAGES:
            if managers_only and movement.pk not in managed:
                continue
            if url := url_or_none(name, movement.pk):
                links.append(Link(url, f"{label} — {movement.code}", icon, description))
    return links


@login_required
@require_GET
def reporting_home(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.VIEW_REPORT)
    home = home_for(request.user)
    return render(
        request,
        "reporting/home.html",
        {
            "section": "reports",
            "home": home,
            "rows": [(row, _next_link(row)) for row in home.my_reports],
            "periods": [
                (progress, url_or_none("reporting:values_upload", progress.period.pk))
                for progress in home.periods
            ],
            "queue_url": url_or_none("reporting:approval_queue"),
            "score_links": _score_links(home),
        },
    )
