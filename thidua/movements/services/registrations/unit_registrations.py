"""A unit's đăng ký thi đua for a year: the collective title it aims for, its commitments and
how many of its people aim for each individual title; sent by the unit, approved or returned
(with a reason) by the department.

Life of a registration: draft → submitted → approved, or → returned → (edited) → submitted…
A draft is written between the round's opening and its deadline (or the later deadline granted
to the unit); a returned registration may be corrected and sent again at any time. A submitted
or approved registration is not edited. The user who sent a registration may not approve it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.movements.enums import INDIVIDUAL_TITLES, ApprovalStatus
from thidua.movements.models import RegistrationRound, UnitRegistration
from thidua.movements.selectors.registrations import counts_from_people, is_participant
from thidua.movements.services.registrations.common import (
    check_collective_title,
    check_reason,
    check_text,
    check_window,
    require_open_movement,
    title_label,
)
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can

MAX_COUNT = 100_000
_AUDITED = (
    "collective_title",
    "commitments",
    "individual_counts",
    "status",
    "return_reason",
)
EDITABLE = (ApprovalStatus.DRAFT, ApprovalStatus.RETURNED)


@dataclass(frozen=True, kw_only=True)
class UnitRegistrationData:
    collective_title: str = ""
    commitments: str = ""
    # Individual title → number of people; ignored when people registered themselves.
    individual_counts: Mapping[str, int] = field(default_factory=dict)


def _repr(registration: UnitRegistration) -> str:
    return f"Đăng ký thi đua năm {registration.round.year} — {registration.unit.name}"


def _check_counts(counts: Mapping[str, int]) -> dict[str, int]:
    checked: dict[str, int] = {}
    for title, count in counts.items():
        if title not in INDIVIDUAL_TITLES:
            raise DomainError(
                f"“{title_label(title)}” không phải danh hiệu cá nhân.", field="individual_counts"
            )
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_COUNT:
            raise DomainError(
                f"Số người đăng ký “{title_label(title)}” phải là số nguyên từ 0 đến "
                f"{MAX_COUNT:,}.".replace(",", "."),
                field=f"count_{title}",
            )
        if count:
            checked[title] = count
    return checked


def _check_editable(registration: UnitRegistration | None) -> None:
    if registration is None or registration.status in EDITABLE:
        return
    if registration.status == ApprovalStatus.SUBMITTED:
        raise DomainError("Đăng ký đã gửi, đang chờ Sở duyệt; không sửa được.")
    raise DomainError("Đăng ký đã được duyệt; không sửa được nữa.")


@transaction.atomic
def save_unit_registration(
    *,
    by: User,
    round_: RegistrationRound,
    unit: Unit,
    data: UnitRegistrationData,
    submit: bool = False,
) -> UnitRegistration:
    """Write the unit's registration (created on first save) and, with `submit`, send it.

    When people of the unit's subtree registered themselves (submitted or approved), the
    numbers per individual title are counted from them and the given numbers are ignored.

    Refuses: a caller without REGISTER_UNIT at the unit, a closed movement, a unit not taking
    part, a registration already sent or approved, a draft before the round opens or after the
    deadline ("Đã quá hạn đăng ký (31/03/2026). Liên hệ Thường trực Hội đồng để được gia
    hạn."), an individual title as the collective title (or the city's flag for a khoa/phòng),
    numbers that are not whole numbers 0–100.000 of individual titles, over-long text; to send
    it, the collective title and the commitments are required.
    """
    if not can(by, Perm.REGISTER_UNIT, unit.path):
        raise PermissionDeniedError(f"Bạn không có quyền đăng ký thi đua cho “{unit.name}”.")
    require_open_movement(round_.movement)
    if not is_participant(round_.movement, unit):
        raise DomainError(f"Đơn vị “{unit.name}” không tham gia phong trào này.")
    registration = (
        UnitRegistration.objects.select_for_update().filter(round=round_, unit=unit).first()
    )
    _check_editable(registration)
    if registration is None or registration.status == ApprovalStatus.DRAFT:
        check_window(round_, unit)
    title = data.collective_title.strip()
    if title:
        check_collective_title(title, unit)
    elif submit:
        raise DomainError("Hãy chọn danh hiệu tập thể đăng ký.", field="collective_title")
    commitments = check_text(
        data.commitments,
        field="commitments",
        label="nội dung đăng ký, cam kết của đơn vị",
        required=submit,
    )
    counts = counts_from_people(round_, unit) or _check_counts(data.individual_counts)

    created = registration is None
    if registration is None:
        registration = UnitRegistration(round=round_, unit=unit)
    before = {} if created else snapshot(registration, _AUDITED)
    registration.collective_title = title
    registration.commitments = commitments
    registration.individual_counts = counts
    if submit:
        _mark_submitted(registration, by)
    registration.save()
    record_audit(
        actor=by,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=registration,
        target_repr=_repr(registration),
        unit_path=unit.path,
        changes=diff(before, snapshot(registration, _AUDITED)),
        reason="Gửi đăng ký" if submit else "",
    )
    return registration


def _mark_submitted(registration: UnitRegistration, by: User) -> None:
    registration.status = ApprovalStatus.SUBMITTED
    registration.submitted_at = timezone.now()
    registration.submitted_by = by
    registration.decided_at = None
    registration.decided_by = None


@transaction.atomic
def submit_unit_registration(registration: UnitRegistration, *, by: User) -> UnitRegistration:
    """Send a draft or returned registration as it stands (see `save_unit_registration`,
    whose refusals apply)."""
    return save_unit_registration(
        by=by,
        round_=registration.round,
        unit=registration.unit,
        data=UnitRegistrationData(
            collective_title=registration.collective_title,
            commitments=registration.commitments,
            individual_counts=registration.individual_counts,
        ),
        submit=True,
    )


def _require_decide(registration: UnitRegistration, by: User) -> None:
    unit = registration.unit
    if not can(by, Perm.APPROVE_UNIT_REGISTRATION, unit.path):
        raise PermissionDeniedError(f"Bạn không có quyền duyệt đăng ký của “{unit.name}”.")
    require_open_movement(registration.round.movement)
    if registration.status != ApprovalStatus.SUBMITTED:
        raise DomainError(
            f"Đăng ký của “{unit.name}” không ở trạng thái chờ duyệt "
            f"(“{registration.get_status_display()}”)."
        )


@transaction.atomic
def approve_unit_registration(
    registration: UnitRegistration, *, by: User, note: str = ""
) -> UnitRegistration:
    """Approve a submitted registration; it is then locked.

    Refuses: a caller without APPROVE_UNIT_REGISTRATION at the unit, a registration that is not
    waiting for approval, a closed movement, and the user who sent it (someone else approves).
    """
    _require_decide(registration, by)
    if registration.submitted_by_id == by.pk:
        raise DomainError(
            "Bạn là người đã gửi đăng ký này nên không thể tự duyệt; cần một cán bộ khác của Sở "
            "duyệt."
        )
    before = snapshot(registration, _AUDITED)
    registration.status = ApprovalStatus.APPROVED
    registration.decided_at = timezone.now()
    registration.decided_by = by
    registration.return_reason = ""
    registration.save()
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=registration,
        target_repr=_repr(registration),
        unit_path=registration.unit.path,
        changes=diff(before, snapshot(registration, _AUDITED)),
        reason=note.strip() or "Duyệt đăng ký",
    )
    return registration


@transaction.atomic
def return_unit_registration(
    registration: UnitRegistration, *, by: User, reason: str
) -> UnitRegistration:
    """Return a submitted registration to the unit with a reason; the unit corrects it and sends
    it again (at any time, even after the deadline).

    Refuses: an empty reason, a caller without APPROVE_UNIT_REGISTRATION at the unit, a
    registration that is not waiting for approval, a closed movement.
    """
    why = check_reason(reason)
    _require_decide(registration, by)
    before = snapshot(registration, _AUDITED)
    registration.status = ApprovalStatus.RETURNED
    registration.return_reason = why
    registration.decided_at = timezone.now()
    registration.decided_by = by
    registration.save()
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=registration,
        target_repr=_repr(registration),
        unit_path=registration.unit.path,
        changes=diff(before, snapshot(registration, _AUDITED)),
        reason=why,
    )
    return registration
