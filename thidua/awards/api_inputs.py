"""API v1 of writing a subject's inputs, as the "Thi đua, khen thưởng" page's forms write them: the
yearly rating, awards held (and their hủy bỏ), accepted research, discipline, holds (xem xét) and
maternity leave. Ratings, awards and holds are recorded for a person or a collective; the others
for a person only.

Thin wrappers on `services.inputs`: a subject (or a row about a subject) the caller cannot read
is a 404, as GET …/inputs; a caller who reads it without EDIT_AWARD_INPUTS where it sits gets the
service's 403 with its Vietnamese message; a bad value, a year without membership, a duplicate
is a 400 naming the field (the body's field names are the service's). The ids to change or
delete are those GET /awards/people/{id}/inputs and /awards/units/{id}/inputs return.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Schema
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.awards.api import AwardOut, router
from thidua.awards.enums import DisciplineForm, HoldKind, Rating, ResearchLevel
from thidua.awards.models import AwardRecord
from thidua.awards.selectors.access import can_view_person_inputs, can_view_unit_inputs
from thidua.awards.selectors.inputs import input_rows
from thidua.awards.services import inputs as input_services
from thidua.awards.services.inputs import (
    AwardData,
    DisciplineData,
    HoldData,
    InputData,
    MaternityData,
    RatingData,
    ResearchData,
    Subject,
)
from thidua.organizations.api.common import acting_user
from thidua.organizations.models import Person, Unit

# The API's name of each kind → the page's (`selectors.inputs.INPUT_MODELS`).
KINDS = {
    "ratings": "xep-loai",
    "awards": "khen-thuong",
    "research": "de-tai",
    "discipline": "ky-luat",
    "holds": "xem-xet",
    "maternity-leave": "thai-san",
}

# --- Schemas -----------------------------------------------------------------------------------


class RatingIn(Schema):
    year: int = Field(description="Năm được đánh giá, xếp loại")
    rating: Rating = Field(description="HTXSNV | HTTNV | HTNV | KHTNV")
    note: str = Field("", max_length=255)


class RatingRowOut(Schema):
    id: int
    year: int
    rating: str
    note: str
    source: str


class AwardIn(Schema):
    award_code: str = Field(max_length=32, description="Mã danh hiệu, hình thức của bộ quy tắc")
    year: int = Field(description="Năm của danh hiệu, hình thức")
    decision_number: str = Field("", max_length=64)
    decision_date: dt.date | None = None
    issuer: str = Field("", max_length=255, description="Cấp quyết định")
    thematic: bool = Field(False, description="Theo chuyên đề (không tính vào chuỗi)")


class ResearchIn(Schema):
    title: str = Field(max_length=300, description="Tên đề tài, đề án")
    level: ResearchLevel
    year: int = Field(description="Năm nghiệm thu")
    decision_number: str = Field("", max_length=64)


class ResearchOut(Schema):
    id: int
    title: str
    level: str
    year: int
    decision_number: str


class DisciplineIn(Schema):
    form: DisciplineForm = Field(description="Hình thức kỷ luật")
    start: dt.date
    end: dt.date | None = None
    decision_number: str = Field("", max_length=64)


class DisciplineOut(Schema):
    id: int
    form: str
    start: dt.date
    end: dt.date | None
    decision_number: str


class HoldIn(Schema):
    kind: HoldKind = Field(description="Loại xem xét (chưa xét khen thưởng)")
    start: dt.date
    end: dt.date | None = None
    note: str = Field("", max_length=255)


class HoldOut(Schema):
    id: int
    kind: str
    start: dt.date
    end: dt.date | None
    note: str


class MaternityIn(Schema):
    start: dt.date
    end: dt.date


class MaternityOut(Schema):
    id: int
    start: dt.date
    end: dt.date


class RevokeIn(Schema):
    reason: str = Field(max_length=2000, description="Lý do hủy bỏ (Luật TĐKT, Chương VII)")


def _rating(payload: RatingIn) -> RatingData:
    return RatingData(year=payload.year, rating=str(payload.rating), note=payload.note)


def _award(payload: AwardIn) -> AwardData:
    return AwardData(
        award_code=payload.award_code,
        year=payload.year,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
        issuer=payload.issuer,
        thematic=payload.thematic,
    )


def _research(payload: ResearchIn) -> ResearchData:
    return ResearchData(
        title=payload.title,
        level=str(payload.level),
        year=payload.year,
        decision_number=payload.decision_number,
    )


def _discipline(payload: DisciplineIn) -> DisciplineData:
    return DisciplineData(
        form=str(payload.form),
        start=payload.start,
        end=payload.end,
        decision_number=payload.decision_number,
    )


def _hold(payload: HoldIn) -> HoldData:
    return HoldData(kind=str(payload.kind), start=payload.start, end=payload.end, note=payload.note)


def _maternity(payload: MaternityIn) -> MaternityData:
    return MaternityData(start=payload.start, end=payload.end)


# --- Scope -------------------------------------------------------------------------------------


def _person(user: User, person_id: int) -> Subject:
    person = Person.objects.select_related("unit").filter(pk=person_id).first()
    if person is None or not can_view_person_inputs(user, person):
        raise Http404
    return Subject(person=person)


def _unit(user: User, unit_id: int) -> Subject:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not can_view_unit_inputs(user, unit):
        raise Http404
    return Subject(unit=unit)


def _row(user: User, kind: str, row_id: int) -> Any:
    """The row when its subject is readable by the caller, else 404 (as its subject's page)."""
    row = input_rows(KINDS[kind]).filter(pk=row_id).first()
    if row is None:
        raise Http404
    subject = Subject.of(row)
    readable = (
        can_view_person_inputs(user, subject.person)
        if subject.person is not None
        else can_view_unit_inputs(user, subject.unit_or_fail)
    )
    if not readable:
        raise Http404
    return row


def _create(request: HttpRequest, subject: Subject, data: InputData) -> Status[Any]:
    row = input_services.create_input(by=acting_user(request), subject=subject, data=data)
    return Status(201, row)


def _update(request: HttpRequest, kind: str, row_id: int, data: InputData) -> Any:
    user = acting_user(request)
    return input_services.update_input(_row(user, kind, row_id), by=user, data=data)


PERSON = "/awards/people/{person_id}/inputs"
UNIT = "/awards/units/{unit_id}/inputs"
ROW = "/awards/inputs"

# --- Ratings -----------------------------------------------------------------------------------


@router.post(
    f"{PERSON}/ratings", response={201: RatingRowOut}, summary="Ghi xếp loại năm của cá nhân"
)
def create_person_rating(request: HttpRequest, person_id: int, payload: RatingIn) -> Status[Any]:
    """One rating a year, only for a year the person worked in a unit."""
    return _create(request, _person(acting_user(request), person_id), _rating(payload))


@router.post(
    f"{UNIT}/ratings", response={201: RatingRowOut}, summary="Ghi xếp loại năm của tập thể"
)
def create_unit_rating(request: HttpRequest, unit_id: int, payload: RatingIn) -> Status[Any]:
    return _create(request, _unit(acting_user(request), unit_id), _rating(payload))


@router.put(f"{ROW}/ratings/{{row_id}}", response=RatingRowOut, summary="Sửa một xếp loại năm")
def update_rating(request: HttpRequest, row_id: int, payload: RatingIn) -> Any:
    return _update(request, "ratings", row_id, _rating(payload))


# --- Awards held -------------------------------------------------------------------------------


@router.post(
    f"{PERSON}/awards",
    response={201: AwardOut},
    summary="Ghi một danh hiệu, hình thức khen thưởng cá nhân đã được tặng",
)
def create_person_award(request: HttpRequest, person_id: int, payload: AwardIn) -> Status[Any]:
    """A code of the rulebooks for individuals; one unrevoked award of a code a year."""
    return _create(request, _person(acting_user(request), person_id), _award(payload))


@router.post(
    f"{UNIT}/awards",
    response={201: AwardOut},
    summary="Ghi một danh hiệu, hình thức khen thưởng tập thể đã được tặng",
)
def create_unit_award(request: HttpRequest, unit_id: int, payload: AwardIn) -> Status[Any]:
    return _create(request, _unit(acting_user(request), unit_id), _award(payload))


@router.put(
    f"{ROW}/awards/{{row_id}}", response=AwardOut, summary="Sửa một danh hiệu, hình thức đã ghi"
)
def update_award(request: HttpRequest, row_id: int, payload: AwardIn) -> Any:
    """Refused (400) for a revoked award: its history is kept as it was."""
    return _update(request, "awards", row_id, _award(payload))


@router.post(
    f"{ROW}/awards/{{row_id}}/revoke",
    response=AwardOut,
    summary="Hủy bỏ một danh hiệu, hình thức khen thưởng (giữ trong lịch sử)",
)
def revoke_award(request: HttpRequest, row_id: int, payload: RevokeIn) -> Any:
    """It stays in the history with its reason and no longer counts in chains or criteria.
    Refused (400) without a reason or when already revoked."""
    user = acting_user(request)
    row = _row(user, "awards", row_id)
    assert isinstance(row, AwardRecord)  # noqa: S101  (the awards kind reads AwardRecord)
    return input_services.revoke_award(row, by=user, reason=payload.reason)


# --- Research, discipline, maternity leave (a person only) -----------------------------------


@router.post(
    f"{PERSON}/research",
    response={201: ResearchOut},
    summary="Ghi một đề tài, đề án đã nghiệm thu của cá nhân",
)
def create_research(request: HttpRequest, person_id: int, payload: ResearchIn) -> Status[Any]:
    return _create(request, _person(acting_user(request), person_id), _research(payload))


@router.put(
    f"{ROW}/research/{{row_id}}", response=ResearchOut, summary="Sửa một đề tài, đề án đã ghi"
)
def update_research(request: HttpRequest, row_id: int, payload: ResearchIn) -> Any:
    return _update(request, "research", row_id, _research(payload))


@router.post(
    f"{PERSON}/discipline", response={201: DisciplineOut}, summary="Ghi một kỷ luật của cá nhân"
)
def create_discipline(request: HttpRequest, person_id: int, payload: DisciplineIn) -> Status[Any]:
    return _create(request, _person(acting_user(request), person_id), _discipline(payload))


@router.put(f"{ROW}/discipline/{{row_id}}", response=DisciplineOut, summary="Sửa một kỷ luật")
def update_discipline(request: HttpRequest, row_id: int, payload: DisciplineIn) -> Any:
    return _update(request, "discipline", row_id, _discipline(payload))


@router.post(
    f"{PERSON}/maternity-leave",
    response={201: MaternityOut},
    summary="Ghi một thời gian nghỉ thai sản của cá nhân",
)
def create_maternity(request: HttpRequest, person_id: int, payload: MaternityIn) -> Status[Any]:
    return _create(request, _person(acting_user(request), person_id), _maternity(payload))


@router.put(
    f"{ROW}/maternity-leave/{{row_id}}",
    response=MaternityOut,
    summary="Sửa một thời gian nghỉ thai sản",
)
def update_maternity(request: HttpRequest, row_id: int, payload: MaternityIn) -> Any:
    return _update(request, "maternity-leave", row_id, _maternity(payload))


# --- Holds (xem xét) ---------------------------------------------------------------------------


@router.post(
    f"{PERSON}/holds",
    response={201: HoldOut},
    summary="Ghi một thời gian cá nhân đang bị xem xét (chưa xét khen thưởng)",
)
def create_person_hold(request: HttpRequest, person_id: int, payload: HoldIn) -> Status[Any]:
    return _create(request, _person(acting_user(request), person_id), _hold(payload))


@router.post(
    f"{UNIT}/holds",
    response={201: HoldOut},
    summary="Ghi một thời gian tập thể đang bị xem xét (chưa xét khen thưởng)",
)
def create_unit_hold(request: HttpRequest, unit_id: int, payload: HoldIn) -> Status[Any]:
    return _create(request, _unit(acting_user(request), unit_id), _hold(payload))


@router.put(f"{ROW}/holds/{{row_id}}", response=HoldOut, summary="Sửa một thời gian xem xét")
def update_hold(request: HttpRequest, row_id: int, payload: HoldIn) -> Any:
    return _update(request, "holds", row_id, _hold(payload))


# --- Delete ------------------------------------------------------------------------------------

# What a deleted row is called, by kind (the summary of its DELETE).
DELETED = {
    "ratings": "xếp loại năm",
    "awards": "danh hiệu, hình thức đã ghi",
    "research": "đề tài, đề án",
    "discipline": "kỷ luật",
    "holds": "thời gian xem xét",
    "maternity-leave": "thời gian nghỉ thai sản",
}


def _deleter(kind: str) -> Callable[[HttpRequest, int], Status[None]]:
    """The DELETE of one kind, on the same path as its PUT (one path, both methods: a separate
    /awards/inputs/{kind}/{id} route would be shadowed by the PUT's)."""

    def delete(request: HttpRequest, row_id: int) -> Status[None]:
        user = acting_user(request)
        input_services.delete_input(_row(user, kind, row_id), by=user)
        return Status(204, None)

    delete.__name__ = delete.__qualname__ = "delete_" + kind.replace("-", "_")
    delete.__doc__ = "Refused (400) for a revoked award: the history keeps it with its reason."
    return delete


for _kind, _label in DELETED.items():
    router.delete(
        f"{ROW}/{_kind}/{{row_id}}", response={204: None}, summary=f"Xóa một {_label} nhập nhầm"
    )(_deleter(_kind))
