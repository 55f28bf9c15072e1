"""A person's đăng ký thi đua: the individual title they aim for and their commitments, sent to
the head of their unit, who approves or returns it (with a reason).

A person registers themselves (by identity: their account is linked to their Person record);
a unit officer (REGISTER_UNIT) may register people of their units, in bulk from Excel (see
`personal_sheets`). The window and life cycle are those of unit registrations: draft →
submitted → approved or returned; a returned registration may be corrected and sent again at
any time.
Nobody approves a registration they made or that is their own.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.movements.enums import ApprovalStatus
from thidua.movements.models import PersonalRegistration, RegistrationRound
from thidua.movements.selectors.registrations import is_participant
from thidua.movements.services.registrations.common import (
    check_individual_title,
    check_reason,
    check_text,
    check_window,
    require_open_movement,
)
from thidua.organizations.models import Person
from thidua.organizations.scoping import can

_AUDITED = ("title", "commitments", "status", "unit", "return_reason")
EDITABLE = (ApprovalStatus.DRAFT, ApprovalStatus.RETURNED)


def registration_repr(registration: PersonalRegistration) -> str:
    person = registration.person
    return (
        f"Đăng ký thi đua năm {registration.round.year} — {person.full_name} ({person.staff_code})"
    )


def may_register_for(by: User, person: Person) -> bool:
    """Oneself, or a person of a unit where `by` registers (REGISTER_UNIT)."""
    return person.user_id == by.pk or can(by, Perm.REGISTER_UNIT, person.unit.path)


def check_editable(registration: PersonalRegistration | None) -> None:
    if registration is None or registration.status in EDITABLE:
        return
    if registration.status == ApprovalStatus.SUBMITTED:
        raise DomainError("Đăng ký đã gửi, đang chờ thủ trưởng đơn vị duyệt; không sửa được.")
    raise DomainError("Đăng ký đã được duyệt; không sửa được nữa.")


@transaction.atomic
def save_personal_registration(
    *,
    by: User,
    round_: RegistrationRound,
    person: Person,
    title: str,
    commitments: str,
    submit: bool = False,
) -> PersonalRegistration:
    """Write the person's registration for the round (created on first save) and, with
    `submit`, send it to the head of their unit. The registration records the person's unit
    at that moment: the head of that unit decides on it.

    Refuses: a caller who is neither the person nor REGISTER_UNIT at their unit, a closed
    movement, a person who has left or whose unit does not take part, a registration already
    sent or approved, a draft before the round opens or after the deadline, a collective title
    (or no title), over-long commitments; to send it, commitments are required.
    """
    if not may_register_for(by, person):
        raise PermissionDeniedError("Bạn chỉ đăng ký thi đua được cho chính mình.")
    require_open_movement(round_.movement)
    if not person.is_active:
        raise DomainError(f"{person.full_name} không còn công tác; không đăng ký được.")
    if not is_participant(round_.movement, person.unit):
        raise DomainError(f"Đơn vị “{person.unit.name}” không tham gia phong trào này.")
    registration = (
        PersonalRegistration.objects.select_for_update().filter(round=round_, person=person).first()
    )
    check_editable(registration)
    if registration is None or registration.status == ApprovalStatus.DRAFT:
        check_window(round_, person.unit)
    title = check_individual_title(title.strip())
    text = check_text(commitments, field="commitments", label="nội dung cam kết", required=submit)
    created = registration is None
    if registration is None:
        registration = PersonalRegistration(round=round_, person=person)
    before = {} if created else snapshot(registration, _AUDITED)
    registration.unit = person.unit
    registration.title = title
    registration.commitments = text
    registration.registered_by = by
    if submit:
        registration.status = ApprovalStatus.SUBMITTED
        registration.submitted_at = timezone.now()
        registration.decided_at = None
        registration.decided_by = None
    registration.save()
    record_audit(
        actor=by,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=registration,
        target_repr=registration_repr(registration),
        unit_path=person.unit.path,
        changes=diff(before, snapshot(registration, _AUDITED)),
        reason="Gửi đăng ký" if submit else "",
    )
    return registration


@transaction.atomic
def submit_personal_registration(
    registration: PersonalRegistration, *, by: User
) -> PersonalRegistration:
    """Send a draft or returned registration as it stands (refusals of
    `save_personal_registration` apply)."""
    return save_personal_registration(
        by=by,
        round_=registration.round,
        person=registration.person,
        title=registration.title,
        commitments=registration.commitments,
        submit=True,
    )


def _require_decide(registrations: Sequence[PersonalRegistration], by: User) -> None:
    if not registrations:
        raise DomainError("Hãy chọn ít nhất một đăng ký.", field="ids")
    for registration in registrations:
        person = registration.person
        if not can(by, Perm.APPROVE_PERSONAL_REGISTRATION, registration.unit.path):
            raise PermissionDeniedError(f"Bạn không có quyền duyệt đăng ký của {person.full_name}.")
        require_open_movement(registration.round.movement)
        if registration.status != ApprovalStatus.SUBMITTED:
            raise DomainError(
                f"Đăng ký của {person.full_name} không ở trạng thái chờ duyệt "
                f"(“{registration.get_status_display()}”)."
            )
        if person.user_id == by.pk or registration.registered_by_id == by.pk:
            raise DomainError(
                f"Bạn không tự duyệt được đăng ký của {person.full_name} vì chính bạn đã lập "
                "đăng ký này; cần một người có thẩm quyền khác duyệt."
            )


def _decide(
    registrations: Sequence[PersonalRegistration], *, by: User, status: str, reason: str
) -> int:
    now = timezone.now()
    for registration in registrations:
        before = snapshot(registration, _AUDITED)
        registration.status = status
        registration.return_reason = reason if status == ApprovalStatus.RETURNED else ""
        registration.decided_at = now
        registration.decided_by = by
        registration.save(
            update_fields=["status", "return_reason", "decided_at", "decided_by", "updated_at"]
        )
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=registration,
            target_repr=registration_repr(registration),
            unit_path=registration.unit.path,
            changes=diff(before, snapshot(registration, _AUDITED)),
            reason=reason or "Duyệt đăng ký",
        )
    return len(registrations)


@transaction.atomic
def approve_personal_registrations(
    *, by: User, registrations: Sequence[PersonalRegistration]
) -> int:
    """Approve submitted registrations (one or many: "select all → approve"). All or nothing.

    Refuses: none chosen, a caller without APPROVE_PERSONAL_REGISTRATION at a registration's
    unit, one not waiting for approval, a closed movement, and one the caller made or that is
    the caller's own.
    """
    _require_decide(registrations, by)
    return _decide(registrations, by=by, status=ApprovalStatus.APPROVED, reason="")


@transaction.atomic
def return_personal_registrations(
    *, by: User, registrations: Sequence[PersonalRegistration], reason: str
) -> int:
    """Return submitted registrations with a reason; the person corrects and sends again.

    Refuses an empty reason and what `approve_personal_registrations` refuses.
    """
    why = check_reason(reason)
    _require_decide(registrations, by)
    return _decide(registrations, by=by, status=ApprovalStatus.RETURNED, reason=why)
