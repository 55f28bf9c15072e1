"""The eligibility page (/khen-thuong/xet-dieu-kien/?nam=2026&danh_hieu=LDTT&don_vi=<pk>&q=…
&ket_qua=dat): for the viewer's scope, every person or collective with eligible or not and, per
subject, every rule with pass/fail, the facts used, the explanation and the citation; searchable
by name, filtered by the answer (with its counts) and exported to Excel for a unit's scope."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.awards import clock
from thidua.awards.domain.rules import AwardSpec, RulebookSpec
from thidua.awards.models import RulebookVersion
from thidua.awards.selectors.access import units_visible_to
from thidua.awards.selectors.eligibility import (
    ELIGIBLE,
    JUDGE_ALL_LIMIT,
    NOT_ELIGIBLE,
    eligibility_page,
    eligibility_workbook,
    judge_all,
    keep_answer,
    rulebook_for_year,
    subjects_for,
)
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.core.templatetags.thidua import so
from thidua.organizations.models import Unit
from thidua.organizations.views._common import acting_user

SECTION = "awards"
PER_PAGE = 50
ANSWERS = {ELIGIBLE: "Đủ điều kiện", NOT_ELIGIBLE: "Chưa đủ điều kiện"}


@dataclass(frozen=True)
class Asked:
    """What the reader asked for, read from the query string (unknown values fall back)."""

    year: int
    version: RulebookVersion
    spec: RulebookSpec
    award: AwardSpec
    unit: Unit | None
    query: str
    answer: str


def _year(request: HttpRequest) -> int:
    this_year = clock.today().year
    text = request.GET.get("nam", "")
    return int(text) if text.isdigit() and 1990 <= int(text) <= this_year + 1 else this_year


def _asked(request: HttpRequest, user: User, year: int) -> Asked | None:
    """None when no rulebook judges `year`; 404 for an unknown award or a unit out of scope."""
    found = rulebook_for_year(year)
    if found is None:
        return None
    version, spec = found
    code = request.GET.get("danh_hieu") or spec.awards[0].code
    if not spec.has_award(code):
        raise Http404
    unit = None
    unit_text = request.GET.get("don_vi", "")
    if unit_text:
        unit = (
            units_visible_to(user, Perm.VIEW_ELIGIBILITY)
            .filter(pk=int(unit_text) if unit_text.isdigit() else 0)
            .first()
        )
        if unit is None:
            raise Http404
    answer = request.GET.get("ket_qua", "")
    return Asked(
        year=year,
        version=version,
        spec=spec,
        award=spec.award(code),
        unit=unit,
        query=request.GET.get("q", "").strip()[:100],
        answer=answer if answer in ANSWERS else "",
    )


def _too_many(count: int, award: AwardSpec) -> str:
    subjects = "người" if award.subject == "individual" else "tập thể"
    return (
        f"Phạm vi đang xem có {so(count)} {subjects}, quá nhiều để xét hết một lần (tối đa "
        f"{so(JUDGE_ALL_LIMIT)}): hãy chọn một đơn vị hoặc gõ tên cần tìm."
    )


@login_required
@require_GET
def eligibility(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not user.has_perm(Perm.VIEW_ELIGIBILITY.value):
        raise PermissionDenied
    year = _year(request)
    this_year = clock.today().year
    context: dict[str, object] = {
        "section": SECTION,
        "year": year,
        "years": range(this_year, this_year - 6, -1),
        "answers": ANSWERS,
    }
    asked = _asked(request, user, year)
    if asked is None:
        context["no_rulebook"] = True
        return render(request, "awards/eligibility/page.html", context)
    subjects = subjects_for(user, asked.award, asked.unit, asked.query)
    page_number = request.GET.get("page")
    counts = None
    if asked.answer:
        total = subjects.count()
        if total > JUDGE_ALL_LIMIT:
            context["too_many"] = _too_many(total, asked.award)
            asked = Asked(**{**asked.__dict__, "answer": ""})
        else:
            judged = judge_all(subjects, year=year, spec=asked.spec, award=asked.award)
            eligible = sum(1 for r in judged if r.evaluation.eligible)
            counts = {"total": len(judged), "dat": eligible, "chua_dat": len(judged) - eligible}
            page = Paginator(keep_answer(judged, asked.answer), PER_PAGE).get_page(page_number)
            context.update({"page": page, "results": list(page.object_list)})
    if "page" not in context:
        result = eligibility_page(
            year=year,
            version=asked.version,
            spec=asked.spec,
            award=asked.award,
            subjects=subjects,
            page_number=page_number,
        )
        context.update({"page": result.page, "results": result.results})
    units = units_visible_to(user, Perm.VIEW_ELIGIBILITY).filter(depth__lte=1, is_active=True)
    context.update(
        {
            "asked": asked,
            "counts": counts,
            "award": asked.award,
            "awards": asked.spec.awards,
            "units": list(units.order_by("path")[:300]),
            "unit": asked.unit,
            "version": asked.version,
        }
    )
    return render(request, "awards/eligibility/page.html", context)


@login_required
@require_GET
def eligibility_export(request: HttpRequest) -> HttpResponse:
    """The page's subjects (all of them, not one page; filtered as the page is) as .xlsx."""
    user = acting_user(request)
    if not user.has_perm(Perm.VIEW_ELIGIBILITY.value):
        raise PermissionDenied
    year = _year(request)
    asked = _asked(request, user, year)
    back = reverse("awards:eligibility") + (f"?{request.GET.urlencode()}" if request.GET else "")
    if asked is None:
        messages.error(request, f"Chưa có bộ quy tắc khen thưởng nào áp dụng cho năm {year}.")
        return redirect(back)
    subjects = subjects_for(user, asked.award, asked.unit, asked.query)
    total = subjects.count()
    if total > JUDGE_ALL_LIMIT:
        messages.error(request, _too_many(total, asked.award))
        return redirect(back)
    judged = keep_answer(
        judge_all(subjects, year=year, spec=asked.spec, award=asked.award), asked.answer
    )
    data = eligibility_workbook(judged, award=asked.award, year=year, version=asked.version)
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="xet-dieu-kien-{asked.award.code.lower()}-{year}.xlsx"'
    )
    return response
