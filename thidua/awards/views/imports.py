"""Excel import of yearly ratings and awards held: the templates and the upload, with the
rows' errors shown when the file is refused (nothing written)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts.roles import Perm
from thidua.awards.forms.rulebook import ImportForm
from thidua.awards.services.imports import (
    AWARDS,
    RATINGS,
    ImportRejectedError,
    RowProblem,
    import_file,
    import_template,
)
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.organizations.views._common import acting_user

SECTION = "awards"
KINDS = {"xep-loai": RATINGS, "khen-thuong": AWARDS}
TITLES = {RATINGS: "xếp loại hằng năm", AWARDS: "danh hiệu, hình thức khen thưởng đã đạt"}


def _kind(slug: str) -> str:
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


@login_required
@require_GET
def template_download(request: HttpRequest, slug: str) -> HttpResponse:
    if not acting_user(request).has_perm(Perm.EDIT_AWARD_INPUTS.value):
        raise PermissionDenied
    name, content = import_template(_kind(slug))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, slug: str) -> HttpResponse:
    user = acting_user(request)
    if not user.has_perm(Perm.EDIT_AWARD_INPUTS.value):
        raise PermissionDenied
    kind = _kind(slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[RowProblem] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_file(by=user, kind=kind, upload=form.cleaned_data["file"])
        except ImportRejectedError as error:
            problems = error.problems
            form.add_error("file", error.message)
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(
                request,
                f"Đã nhập: {result.created} dòng mới, {result.updated} dòng cập nhật, "
                f"{result.unchanged} dòng không đổi.",
            )
            return redirect("awards:import", slug=slug)
    return render(
        request,
        "awards/import.html",
        {
            "section": SECTION,
            "form": form,
            "problems": problems,
            "slug": slug,
            "title": TITLES[kind],
        },
    )
