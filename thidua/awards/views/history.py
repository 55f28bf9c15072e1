"""The award history page (/khen-thuong/lich-su/): every title and award of the people and
collectives in the reader's scope over the years — a staff member sees their own —, searchable
without diacritics, exported to Excel, and the statistics per award, year and unit."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua.awards.selectors.history import (
    HistoryFilter,
    history_workbook,
    search_history,
    statistics_workbook,
)
from thidua.awards.selectors.rulebook import award_names
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.organizations.views._common import acting_user

PER_PAGE = 50


def _filters(request: HttpRequest) -> HistoryFilter:
    year = request.GET.get("nam", "").strip()
    return HistoryFilter(
        query=request.GET.get("q", "")[:100],
        year=int(year) if year.isdigit() else None,
        award_code=request.GET.get("danh_hieu", "")[:32],
    )


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def history_page(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    filters = _filters(request)
    page = Paginator(search_history(user, filters), PER_PAGE).get_page(request.GET.get("page"))
    names = award_names()
    rows = [(record, names.get(record.award_code, record.award_code)) for record in page]
    return render(
        request,
        "awards/history/list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "award_choices": sorted(names.items(), key=lambda item: item[1]),
            "section": "awards",
        },
    )


@login_required
@require_GET
def history_export(request: HttpRequest) -> HttpResponse:
    return _xlsx(
        history_workbook(acting_user(request), _filters(request)), "lich-su-khen-thuong.xlsx"
    )


@login_required
@require_GET
def statistics_export(request: HttpRequest) -> HttpResponse:
    year = _filters(request).year
    return _xlsx(statistics_workbook(acting_user(request), year), "thong-ke-khen-thuong.xlsx")
