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
from thidua.reporting.selectors.home import APPROVE, ENTER, VIEW, MyReport, home_for

# Pages of the other areas of reporting the home links to, when they exist: (URL name, label,
# icon, description).
SCORE_PAGES = (
    ("reporting:ranking", "Bảng xếp hạng", "bi-trophy", "Xếp hạng chung và trong cụm, khối"),
    ("reporting:heatmap", "Tổng quan theo nội dung", "bi-grid-3x3", "Bản đồ nhiệt đơn vị × nội dung"),
    ("reporting:scorecard_home", "Kết quả của đơn vị", "bi-clipboard-data", "Điểm theo kỳ, xu hướng"),
    ("reporting:recompute", "Tính lại điểm", "bi-arrow-repeat", "Tính lại điểm và xếp hạng một năm"),
    ("reporting:import_home", "Nhập số liệu từ Excel", "bi-file-earmark-arrow-up", "Nhập một kỳ cho nhiều đơn vị"),
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


@login_required
@require_GET
def reporting_home(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.VIEW_REPORT)
    home = home_for(request.user)
    score_links = [
        Link(url, label, icon, description)
        for name, label, icon, description in SCORE_PAGES
        if (url := url_or_none(name))
    ]
    return render(
        request,
        "reporting/home.html",
        {
            "section": "reports",
            "home": home,
            "rows": [(row, _next_link(row)) for row in home.my_reports],
            "queue_url": url_or_none("reporting:approval_queue"),
            "score_links": score_links,
        },
    )
