"""The eligibility page (/khen-thuong/xet-dieu-kien/?nam=2026&danh_hieu=LDTT&don_vi=<pk>): for the
viewer's scope, every person or collective with eligible or not and, per subject, every rule
with pass/fail, the facts used, the explanation and the citation."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua.accounts.roles import Perm
from thidua.awards import clock
from thidua.awards.selectors.access import units_visible_to
from thidua.awards.selectors.eligibility import eligibility_page, rulebook_for_year
from thidua.organizations.views._common import acting_user

SECTION = "awards"


@login_required
@require_GET
def eligibility(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not user.has_perm(Perm.VIEW_ELIGIBILITY.value):
        raise PermissionDenied
    this_year = clock.today().year
    text = request.GET.get("nam", "")
    year = int(text) if text.isdigit() and 1990 <= int(text) <= this_year + 1 else this_year
    found = rulebook_for_year(year)
    context: dict[str, object] = {
        "section": SECTION,
        "year": year,
        "years": range(this_year, this_year - 6, -1),
    }
    if found is None:
        context["no_rulebook"] = True
        return render(request, "awards/eligibility/page.html", context)
    version, spec = found
    code = request.GET.get("danh_hieu") or spec.awards[0].code
    if not spec.has_award(code):
        raise Http404
    award = spec.award(code)
    units = units_visible_to(user, Perm.VIEW_ELIGIBILITY).filter(depth__lte=1, is_active=True)
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
    result = eligibility_page(
        user,
        year=year,
        version=version,
        spec=spec,
        award=award,
        unit=unit,
        page_number=request.GET.get("page"),
    )
    context.update(
        {
            "result": result,
            "award": award,
            "awards": spec.awards,
            "units": list(units.order_by("path")[:300]),
            "unit": unit,
            "version": version,
        }
    )
    return render(request, "awards/eligibility/page.html", context)
