"""Pages of a subject's inputs: "Thi đua, khen thưởng" of a person (/khen-thuong/ca-nhan/<pk>/)
and of a collective (/khen-thuong/tap-the/<pk>/), with the forms that add, edit, delete an
input and revoke an award. Out of scope is a 404 (the subject's existence is not revealed);
in scope but without the right to edit is a 403."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.roles import Perm
from thidua.awards.forms.inputs import (
    AwardForm,
    DisciplineRecordForm,
    HoldForm,
    InputForm,
    MaternityForm,
    RatingForm,
    ResearchForm,
    RevokeForm,
    initial_of,
)
from thidua.awards.models import AwardRecord
from thidua.awards.selectors.access import (
    can_on_person,
    can_view_person_inputs,
    can_view_unit_inputs,
)
from thidua.awards.selectors.inputs import input_rows, person_inputs, unit_inputs
from thidua.awards.selectors.rulebook import award_names, known_award_codes
from thidua.awards.services.inputs import (
    Subject,
    create_input,
    delete_input,
    revoke_award,
    update_input,
)
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import can
from thidua.organizations.views._common import acting_user

SECTION = "awards"
FORMS: dict[str, type[InputForm]] = {
    "xep-loai": RatingForm,
    "khen-thuong": AwardForm,
    "de-tai": ResearchForm,
    "ky-luat": DisciplineRecordForm,
    "xem-xet": HoldForm,
    "thai-san": MaternityForm,
}
UNIT_KINDS = ("xep-loai", "khen-thuong", "xem-xet")


def _person_for(request: HttpRequest, pk: int) -> Person:
    person = get_object_or_404(Person.objects.select_related("unit"), pk=pk)
    if not can_view_person_inputs(acting_user(request), person):
        raise Http404
    return person


def _unit_for(request: HttpRequest, pk: int) -> Unit:
    unit = get_object_or_404(Unit, pk=pk)
    if not can_view_unit_inputs(acting_user(request), unit):
        raise Http404
    return unit


def _award_choices(*, person: bool) -> list[tuple[str, str]]:
    names = award_names()
    return [
        (code, f"{names.get(code, code)} ({code})")
        for code in sorted(known_award_codes(person=person))
    ]


def _make_form(kind: str, *, person: bool, data: Any = None, initial: Any = None) -> InputForm:
    form_class = FORMS[kind]
    if form_class is AwardForm:
        return AwardForm(data, initial=initial, award_choices=_award_choices(person=person))
    return form_class(data, initial=initial)


@login_required
@require_GET
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Thi đua, khen thưởng" of a person: ratings, awards (revoked ones with their reason),
    recognised initiatives, research, discipline, holds, maternity leave."""
    user = acting_user(request)
    person = _person_for(request, pk)
    return render(
        request,
        "awards/inputs/person.html",
        {
            "section": SECTION,
            "person": person,
            "inputs": person_inputs(person),
            "names": award_names(),
            "can_edit": can_on_person(user, Perm.EDIT_AWARD_INPUTS, person),
            "kinds": FORMS,
        },
    )


@login_required
@require_GET
def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    unit = _unit_for(request, pk)
    return render(
        request,
        "awards/inputs/unit.html",
        {
            "section": SECTION,
            "unit": unit,
            "inputs": unit_inputs(unit),
            "names": award_names(),
            "can_edit": can(user, Perm.EDIT_AWARD_INPUTS, unit.path),
            "kinds": {k: FORMS[k] for k in UNIT_KINDS},
        },
    )


def _subject_page(subject: Subject) -> str:
    if subject.person is not None:
        return reverse("awards:person", args=[subject.person.pk])
    return reverse("awards:unit", args=[subject.unit_or_fail.pk])


def _form_page(
    request: HttpRequest, *, subject: Subject, kind: str, form: InputForm, editing: bool
) -> HttpResponse:
    return render(
        request,
        "awards/inputs/form.html",
        {
            "section": SECTION,
            "subject": subject,
            "back": _subject_page(subject),
            "form": form,
            "editing": editing,
        },
    )


def _save(request: HttpRequest, *, subject: Subject, kind: str, row: Any = None) -> HttpResponse:
    user = acting_user(request)
    person = subject.person is not None
    if request.method == "POST":
        form = _make_form(kind, person=person, data=request.POST)
        if form.is_valid():
            try:
                if row is None:
                    create_input(by=user, subject=subject, data=form.to_data())
                else:
                    update_input(row, by=user, data=form.to_data())
            except PermissionDeniedError as error:
                raise PermissionDenied(error.message) from error
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "Đã lưu.")
                return redirect(_subject_page(subject))
    else:
        initial = initial_of(row, FORMS[kind]) if row is not None else None
        form = _make_form(kind, person=person, initial=initial)
    return _form_page(request, subject=subject, kind=kind, form=form, editing=row is not None)


def _check_edit(request: HttpRequest, subject: Subject) -> None:
    user = acting_user(request)
    if subject.person is not None:
        allowed = can_on_person(user, Perm.EDIT_AWARD_INPUTS, subject.person)
    else:
        allowed = can(user, Perm.EDIT_AWARD_INPUTS, subject.path)
    if not allowed:
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in FORMS:
        raise Http404
    subject = Subject(person=_person_for(request, pk))
    _check_edit(request, subject)
    return _save(request, subject=subject, kind=kind)


@login_required
@require_http_methods(["GET", "POST"])
def unit_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in UNIT_KINDS:
        raise Http404
    subject = Subject(unit=_unit_for(request, pk))
    _check_edit(request, subject)
    return _save(request, subject=subject, kind=kind)


def _row_for(request: HttpRequest, kind: str, pk: int) -> tuple[Any, Subject]:
    if kind not in FORMS:
        raise Http404
    row = get_object_or_404(input_rows(kind), pk=pk)
    subject = Subject.of(row)
    if subject.person is not None:
        _person_for(request, subject.person.pk)
    else:
        _unit_for(request, subject.unit_or_fail.pk)
    _check_edit(request, subject)
    return row, subject


@login_required
@require_http_methods(["GET", "POST"])
def input_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    row, subject = _row_for(request, kind, pk)
    return _save(request, subject=subject, kind=kind, row=row)


@login_required
@require_POST
def input_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    row, subject = _row_for(request, kind, pk)
    try:
        delete_input(row, by=acting_user(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã xóa.")
    return redirect(_subject_page(subject))


@login_required
@require_http_methods(["GET", "POST"])
def award_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Hủy bỏ an award with its legal reason (Luật TĐKT Chương VII)."""
    row, subject = _row_for(request, "khen-thuong", pk)
    assert isinstance(row, AwardRecord)  # noqa: S101
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revoke_award(row, by=acting_user(request), reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, "Đã hủy bỏ danh hiệu, hình thức khen thưởng.")
            return redirect(_subject_page(subject))
    return render(
        request,
        "awards/inputs/revoke.html",
        {
            "section": SECTION,
            "row": row,
            "subject": subject,
            "form": form,
            "back": _subject_page(subject),
        },
    )
