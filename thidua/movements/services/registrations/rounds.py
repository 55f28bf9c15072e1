"""The registration round of a year (when đăng ký thi đua opens, its deadline) and the later
deadline the department may grant one unit."""

import datetime as dt

from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.movements.enums import ApprovalStatus
from thidua.movements.models import Movement, RegistrationRound, UnitRegistration
from thidua.movements.selectors.registrations import is_participant, today
from thidua.movements.services.registrations.common import (
    check_year,
    format_date,
    require_open_movement,
)
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can


def _require_manage(by: User, movement: Movement) -> None:
    if not can(by, Perm.MANAGE_MOVEMENT, movement.owner.path):
        raise PermissionDeniedError("Bạn không có quyền mở hay sửa đợt đăng ký của phong trào này.")


def _check_dates(year: int, opens_on: dt.date, deadline: dt.date) -> None:
    if opens_on.year not in (year - 1, year):
        raise DomainError(
            f"Ngày mở đăng ký phải trong năm {year} hoặc cuối năm {year - 1}.", field="opens_on"
        )
    if deadline < opens_on:
        raise DomainError("Hạn đăng ký phải sau hoặc bằng ngày mở đăng ký.", field="deadline")
    if deadline.year > year:
        raise DomainError(f"Hạn đăng ký phải trong năm {year}.", field="deadline")


@transaction.atomic
def open_round(
    *, by: User, movement: Movement, year: int, opens_on: dt.date, deadline: dt.date
) -> RegistrationRound:
    """Open the đăng ký thi đua of `year`: units and people register from `opens_on` to
    `deadline` (inclusive).

    Refuses: a caller without MANAGE_MOVEMENT at the organising unit, a closed movement, a year
    outside the movement or that already has its round, an opening outside that year (or the
    end of the year before), a deadline before the opening or after the year.
    """
    _require_manage(by, movement)
    require_open_movement(movement)
    check_year(movement, year)
    if RegistrationRound.objects.filter(movement=movement, year=year).exists():
        raise DomainError(f"Năm {year} đã có đợt đăng ký thi đua.", field="year")
    _check_dates(year, opens_on, deadline)
    round_ = RegistrationRound.objects.create(
        movement=movement, year=year, opens_on=opens_on, deadline=deadline
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=round_,
        target_repr=f"Đợt đăng ký thi đua năm {year} — {movement.name}",
        unit_path=movement.owner.path,
        changes={
            "year": [None, year],
            "opens_on": [None, opens_on.isoformat()],
            "deadline": [None, deadline.isoformat()],
        },
    )
    return round_


@transaction.atomic
def update_round(
    round_: RegistrationRound,
    *,
    by: User,
    opens_on: dt.date,
    deadline: dt.date,
    reason: str = "",
) -> RegistrationRound:
    """Move the opening or the deadline of a round (e.g. extend it for everyone).

    Refuses what `open_round` refuses about the caller, the movement and the dates.
    """
    movement = round_.movement
    _require_manage(by, movement)
    require_open_movement(movement)
    _check_dates(round_.year, opens_on, deadline)
    before = {"opens_on": round_.opens_on.isoformat(), "deadline": round_.deadline.isoformat()}
    round_.opens_on, round_.deadline = opens_on, deadline
    round_.save(update_fields=["opens_on", "deadline"])
    after = {"opens_on": opens_on.isoformat(), "deadline": deadline.isoformat()}
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=round_,
            target_repr=f"Đợt đăng ký thi đua năm {round_.year} — {movement.name}",
            unit_path=movement.owner.path,
            changes=changes,
            reason=reason.strip(),
        )
    return round_


@transaction.atomic
def extend_registration_deadline(
    *, by: User, round_: RegistrationRound, unit: Unit, until: dt.date, reason: str = ""
) -> UnitRegistration:
    """Grant one unit (and the people of its subtree) a deadline later than the round's.

    This is how a unit that missed the deadline registers: the department extends it for that
    unit. (A returned registration needs no extension: it may always be sent again.) Creates
    the unit's draft registration when it has none.

    Refuses: a caller without APPROVE_UNIT_REGISTRATION at the unit, a closed movement, a unit
    not taking part, a date not after the round's deadline or already past, and a registration
    already sent, approved or returned.
    """
    movement = round_.movement
    if not can(by, Perm.APPROVE_UNIT_REGISTRATION, unit.path):
        raise PermissionDeniedError(f"Bạn không có quyền gia hạn đăng ký cho “{unit.name}”.")
    require_open_movement(movement)
    if not is_participant(movement, unit):
        raise DomainError(f"Đơn vị “{unit.name}” không tham gia phong trào này.")
    if until <= round_.deadline:
        raise DomainError(
            f"Ngày gia hạn phải sau hạn chung ({format_date(round_.deadline)}).", field="until"
        )
    if until < today():
        raise DomainError("Ngày gia hạn đã qua.", field="until")
    registration, created = UnitRegistration.objects.select_for_update().get_or_create(
        round=round_, unit=unit
    )
    if registration.status != ApprovalStatus.DRAFT:
        raise DomainError(
            f"Đăng ký của “{unit.name}” đang ở trạng thái "
            f"“{registration.get_status_display()}”; không cần gia hạn."
        )
    before = registration.deadline_override
    registration.deadline_override = until
    registration.save(update_fields=["deadline_override", "updated_at"])
    record_audit(
        actor=by,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=registration,
        target_repr=_repr(registration),
        unit_path=unit.path,
        changes={"deadline_override": [before.isoformat() if before else None, until.isoformat()]},
        reason=reason.strip(),
    )
    return registration


def _repr(registration: UnitRegistration) -> str:
    return f"Đăng ký thi đua năm {registration.round.year} — {registration.unit.name}"
