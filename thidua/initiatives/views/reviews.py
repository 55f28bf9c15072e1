"""The reviewer's pages: "Phiếu chấm của tôi" (their assignments per round), the scoring sheet
(read the initiative — anonymised in a blind round —, choose a level per criterion, comment,
save a draft or submit), declaring a conflict of interest, downloading an attachment (author
metadata stripped in a blind round); and a council manager reading one submitted sheet.

Scope by rows: an assignment opens only for its own reviewer (another one's is a 404), a sheet
of a round only for the managers of its council.
"""

from pathlib import PurePath
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.initiatives.blind import strip_author_metadata
from thidua.initiatives.forms.reviews import ConflictDeclarationForm, ReviewForm
from thidua.initiatives.models import Assignment
from thidua.initiatives.selectors.reviews import (
    ReviewSheet,
    assignment_for_manager,
    assignment_of_reviewer,
    attachment_for_reviewer,
    attachment_name,
    my_assignments,
    review_sheet,
    rubric_criteria,
)
from thidua.initiatives.selectors.similarity import SimilarInitiative, similar_initiatives
from thidua.initiatives.services.reviews import save_review
from thidua.initiatives.services.rounds import declare_conflict
from thidua.initiatives.similarity import DUPLICATE_THRESHOLD
from thidua.organizations.views._common import acting_user

SECTION = "initiatives"
SUBMIT = "nop"


@login_required
@require_GET
def my_reviews(request: HttpRequest) -> HttpResponse:
    """Every assignment of the user, by round: status, deadline, late marker."""
    return render(
        request,
        "initiatives/reviews/my_reviews.html",
        {"section": SECTION, "rounds": my_assignments(request.user)},
    )


def _assignment_or_404(request: HttpRequest, pk: int) -> Assignment:
    assignment = assignment_of_reviewer(request.user, pk)
    if assignment is None:
        raise Http404
    return assignment


def _similar(sheet: ReviewSheet) -> list[SimilarInitiative]:
    """The duplicate panel's matches for the initiative of the sheet, from its texts as the
    sheet shows them (redacted in a blind round: the panel's passages quote them)."""
    shown = sheet.initiative
    return similar_initiatives(
        title=shown.title,
        problem=shown.problem,
        solution=shown.solution,
        effect=shown.effect,
        exclude_id=sheet.assignment.initiative_id,
    )


def _render_sheet(
    request: HttpRequest,
    assignment: Assignment,
    *,
    form: ReviewForm | None = None,
    conflict_form: ConflictDeclarationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    sheet = review_sheet(assignment)
    if form is None:
        initial: dict[str, object] = {row.field_name: row.chosen_level_id for row in sheet.criteria}
        if sheet.review is not None:
            initial["comment_to_council"] = sheet.review.comment_to_council
            initial["comment_to_author"] = sheet.review.comment_to_author
        form = ReviewForm(initial=initial, criteria=[row.criterion for row in sheet.criteria])
    similar = _similar(sheet)
    return render(
        request,
        "initiatives/reviews/sheet.html",
        {
            "section": SECTION,
            "sheet": sheet,
            "form": form,
            "fields": [(row, form[row.field_name]) for row in sheet.criteria],
            "conflict_form": conflict_form or ConflictDeclarationForm(prefix="xung-dot"),
            "similar": similar,
            "threshold_percent": round(DUPLICATE_THRESHOLD * 100),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The scoring sheet of one of the user's assignments. POST saves a draft, or submits when
    the "Nộp phiếu chấm" button was used."""
    assignment = _assignment_or_404(request, pk)
    if request.method == "GET":
        return _render_sheet(request, assignment)
    form = ReviewForm(request.POST, criteria=rubric_criteria(assignment.round.rubric_id))
    submit = request.POST.get("thao_tac") == SUBMIT
    if form.is_valid():
        try:
            save_review(
                assignment,
                levels=form.chosen_levels(),
                comment_to_council=form.cleaned_data["comment_to_council"],
                comment_to_author=form.cleaned_data["comment_to_author"],
                submit=submit,
                by=acting_user(request),
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_service_error(error)
        else:
            if submit:
                messages.success(request, "Đã nộp phiếu chấm. Cảm ơn bạn.")
                return redirect("initiatives:my_reviews")
            messages.success(request, "Đã lưu bản nháp phiếu chấm.")
            return redirect("initiatives:review_sheet", pk=assignment.pk)
    return _render_sheet(request, assignment, form=form, status=400)


@login_required
@require_POST
def review_declare_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer declares a conflict of interest: the assignment is removed (if not yet
    submitted) and the council's officer sees the declaration on the round's page."""
    assignment = _assignment_or_404(request, pk)
    form = ConflictDeclarationForm(request.POST, prefix="xung-dot")
    if form.is_valid():
        user = acting_user(request)
        try:
            declare_conflict(
                assignment.round,
                initiative=assignment.initiative,
                user=user,
                reason=form.cleaned_data["reason"],
                by=user,
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                "Đã ghi nhận khai báo xung đột lợi ích; bạn không chấm sáng kiến này nữa.",
            )
            return redirect("initiatives:my_reviews")
    return _render_sheet(request, assignment, conflict_form=form, status=400)


@login_required
@require_GET
def review_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """An attachment of the assigned initiative; in a blind round under a neutral name and with
    its author metadata removed where the format allows."""
    assignment = _assignment_or_404(request, pk)
    found = attachment_for_reviewer(assignment, attachment_pk)
    if found is None:
        raise Http404
    attachment, place = found
    blob = attachment.blob
    try:
        with blob.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as missing:
        raise Http404 from missing
    blind = assignment.round.blind
    name = attachment_name(attachment, place, blind=blind)
    if blind:
        data = strip_author_metadata(data, extension=PurePath(attachment.original_name).suffix)
    response = HttpResponse(data, content_type=blob.content_type)
    response["Content-Disposition"] = _disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _disposition(name: str) -> str:
    ascii_name = name.encode("ascii", "ignore").decode() or "tep-dinh-kem"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


@login_required
@require_GET
def manager_review_page(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """One sheet of a round, read by a manager of its council (read-only)."""
    assignment = assignment_for_manager(request.user, pk, assignment_pk)
    if assignment is None:
        raise Http404
    sheet = review_sheet(assignment, reveal=True)
    return render(
        request,
        "initiatives/reviews/manager_sheet.html",
        {
            "section": SECTION,
            "assignment": assignment,
            "sheet": sheet,
            "round_url": reverse("initiatives:round_detail", args=[pk]),
            "similar": _similar(sheet),
            "threshold_percent": round(DUPLICATE_THRESHOLD * 100),
        },
    )
