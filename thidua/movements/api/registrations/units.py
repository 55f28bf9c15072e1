"""API v1: registration rounds and unit registrations (progress, save, submit, approve,
return)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError
from thidua.movements.api.registrations.common import (
    TAGS,
    CollectiveTitle,
    IndividualTitle,
    NoteIn,
    ProgressStatusName,
    ReasonIn,
    movement_in_scope,
    round_in,
    unit_in_scope,
)
from thidua.movements.models import RegistrationRound, UnitRegistration
from thidua.movements.selectors.registrations import (
    registration_progress,
    rounds_of,
    unit_registration_of,
)
from thidua.movements.services.registrations.rounds import open_round, update_round
from thidua.movements.services.registrations.unit_registrations import (
    UnitRegistrationData,
    approve_unit_registration,
    return_unit_registration,
    save_unit_registration,
    submit_unit_registration,
)
from thidua.organizations.api.common import OrmOut, UnitRef, acting_user, require_anywhere
from thidua.organizations.models import Unit

router = Router(tags=TAGS)


class RoundOut(OrmOut):
    id: int = Field(description="Số hiệu nội bộ")
    year: int = Field(description="Năm")
    opens_on: dt.date = Field(description="Mở đăng ký")
    deadline: dt.date = Field(description="Hạn đăng ký")


class RoundIn(Schema):
    year: int = Field(ge=2000, le=2100, description="Năm")
    opens_on: dt.date = Field(description="Mở đăng ký")
    deadline: dt.date = Field(description="Hạn đăng ký")


class RoundPatchIn(Schema):
    opens_on: dt.date = Field(description="Mở đăng ký")
    deadline: dt.date = Field(description="Hạn đăng ký")
    reason: str = Field("", max_length=500, description="Ghi chú vào nhật ký")


class UnitRegistrationOut(Schema):
    unit: UnitRef = Field(description="Đơn vị")
    year: int = Field(description="Năm")
    status: ProgressStatusName = Field(
        description="not_started (chưa đăng ký), draft, submitted, approved, returned"
    )
    collective_title: str = Field(description="Danh hiệu tập thể đăng ký (mã)")
    commitments: str = Field(description="Nội dung đăng ký, cam kết")
    individual_counts: dict[str, int] = Field(description="Số người đăng ký theo danh hiệu")
    submitted_at: dt.datetime | None = Field(description="Gửi lúc")
    decided_at: dt.datetime | None = Field(description="Duyệt, trả lại lúc")
    return_reason: str = Field(description="Lý do trả lại")
    deadline_override: dt.date | None = Field(description="Gia hạn riêng đến ngày")


class UnitRegistrationIn(Schema):
    collective_title: CollectiveTitle | IndividualTitle = Field(
        "", description="Danh hiệu tập thể (mã); để trống khi còn là nháp"
    )
    commitments: str = Field("", max_length=5000, description="Nội dung đăng ký, cam kết")
    individual_counts: dict[str, int] = Field(
        default_factory=dict,
        description="Số người đăng ký theo danh hiệu cá nhân (bỏ qua khi cá nhân đã tự đăng ký)",
    )


class ProgressFilters(Schema):
    status: ProgressStatusName | None = Field(None, description="Trạng thái")
    include_sub_units: bool = Field(False, description="Gồm cả khoa, phòng")


@router.get("/movements/{movement_id}/rounds", response=list[RoundOut], summary="Các đợt đăng ký")
def list_rounds(request: HttpRequest, movement_id: int) -> list[RegistrationRound]:
    user = acting_user(request)
    return rounds_of(movement_in_scope(user, movement_id))


@router.post("/movements/{movement_id}/rounds", response={201: RoundOut}, summary="Mở đợt đăng ký")
def create_round(
    request: HttpRequest, movement_id: int, payload: RoundIn
) -> Status[RegistrationRound]:
    user = acting_user(request)
    movement = movement_in_scope(user, movement_id)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    round_ = open_round(
        by=user,
        movement=movement,
        year=payload.year,
        opens_on=payload.opens_on,
        deadline=payload.deadline,
    )
    return Status(201, round_)


@router.patch(
    "/movements/{movement_id}/rounds/{year}",
    response=RoundOut,
    summary="Sửa thời gian đợt đăng ký",
)
def patch_round(
    request: HttpRequest, movement_id: int, year: int, payload: RoundPatchIn
) -> RegistrationRound:
    user = acting_user(request)
    movement = movement_in_scope(user, movement_id)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    return update_round(
        round_in(movement, year),
        by=user,
        opens_on=payload.opens_on,
        deadline=payload.deadline,
        reason=payload.reason,
    )


def _unit_out(unit: Unit, year: int, registration: UnitRegistration | None) -> UnitRegistrationOut:
    """A unit's registration, or its "not_started" placeholder."""
    return UnitRegistrationOut.model_validate(
        {
            "unit": UnitRef.model_validate(unit),
            "year": year,
            "status": registration.status if registration else "not_started",
            "collective_title": registration.collective_title if registration else "",
            "commitments": registration.commitments if registration else "",
            "individual_counts": dict(registration.individual_counts) if registration else {},
            "submitted_at": registration.submitted_at if registration else None,
            "decided_at": registration.decided_at if registration else None,
            "return_reason": registration.return_reason if registration else "",
            "deadline_override": registration.deadline_override if registration else None,
        }
    )


@router.get(
    "/movements/{movement_id}/registrations/{year}/units",
    response=list[UnitRegistrationOut],
    summary="Tiến độ đăng ký của các đơn vị",
)
def list_unit_registrations(
    request: HttpRequest, movement_id: int, year: int, filters: Query[ProgressFilters]
) -> list[UnitRegistrationOut]:
    """Every participating unit in scope with its registration (or not_started)."""
    user = acting_user(request)
    movement = movement_in_scope(user, movement_id)
    round_ = round_in(movement, year)
    progress = registration_progress(
        user,
        movement,
        round_,
        include_sub_units=filters.include_sub_units,
        status=filters.status or "",
    )
    return [_unit_out(row.unit, year, row.registration) for row in progress.rows]


def _unit_registration(
    user: User, movement_id: int, year: int, unit_id: int
) -> tuple[RegistrationRound, Unit, UnitRegistration | None]:
    movement = movement_in_scope(user, movement_id)
    round_ = round_in(movement, year)
    unit = unit_in_scope(user, movement, unit_id)
    return round_, unit, unit_registration_of(round_, unit)


@router.get(
    "/movements/{movement_id}/registrations/{year}/units/{unit_id}",
    response=UnitRegistrationOut,
    summary="Đăng ký của một đơn vị",
)
def get_unit_registration(
    request: HttpRequest, movement_id: int, year: int, unit_id: int
) -> UnitRegistrationOut:
    _, unit, registration = _unit_registration(acting_user(request), movement_id, year, unit_id)
    return _unit_out(unit, year, registration)


@router.put(
    "/movements/{movement_id}/registrations/{year}/units/{unit_id}",
    response=UnitRegistrationOut,
    summary="Lưu bản nháp đăng ký của đơn vị",
)
def put_unit_registration(
    request: HttpRequest, movement_id: int, year: int, unit_id: int, payload: UnitRegistrationIn
) -> UnitRegistrationOut:
    user = acting_user(request)
    round_, unit, _ = _unit_registration(user, movement_id, year, unit_id)
    registration = save_unit_registration(
        by=user,
        round_=round_,
        unit=unit,
        data=UnitRegistrationData(
            collective_title=payload.collective_title,
            commitments=payload.commitments,
            individual_counts=payload.individual_counts,
        ),
    )
    return _unit_out(unit, year, registration)


def _existing(registration: UnitRegistration | None) -> UnitRegistration:
    if registration is None:
        raise DomainError("Đơn vị chưa có đăng ký; hãy lưu đăng ký trước (PUT).")
    return registration


@router.post(
    "/movements/{movement_id}/registrations/{year}/units/{unit_id}/submit",
    response=UnitRegistrationOut,
    summary="Gửi đăng ký của đơn vị",
)
def submit_unit(
    request: HttpRequest, movement_id: int, year: int, unit_id: int
) -> UnitRegistrationOut:
    user = acting_user(request)
    _, unit, registration = _unit_registration(user, movement_id, year, unit_id)
    registration = submit_unit_registration(_existing(registration), by=user)
    return _unit_out(unit, year, registration)


@router.post(
    "/movements/{movement_id}/registrations/{year}/units/{unit_id}/approve",
    response=UnitRegistrationOut,
    summary="Sở duyệt đăng ký của đơn vị",
)
def approve_unit(
    request: HttpRequest, movement_id: int, year: int, unit_id: int, payload: NoteIn
) -> UnitRegistrationOut:
    user = acting_user(request)
    _, unit, registration = _unit_registration(user, movement_id, year, unit_id)
    registration = approve_unit_registration(_existing(registration), by=user, note=payload.note)
    return _unit_out(unit, year, registration)


@router.post(
    "/movements/{movement_id}/registrations/{year}/units/{unit_id}/return",
    response=UnitRegistrationOut,
    summary="Sở trả lại đăng ký của đơn vị",
)
def return_unit(
    request: HttpRequest, movement_id: int, year: int, unit_id: int, payload: ReasonIn
) -> UnitRegistrationOut:
    user = acting_user(request)
    _, unit, registration = _unit_registration(user, movement_id, year, unit_id)
    registration = return_unit_registration(_existing(registration), by=user, reason=payload.reason)
    return _unit_out(unit, year, registration)
