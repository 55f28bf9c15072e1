"""Review rounds (đợt chấm) of a council: create and change them, put admitted initiatives
before them, open and close them, assign reviewers (automatically or by hand) and record
conflicts of interest.

Life of a round:

    DRAFT ──open──▶ OPEN ──close──▶ CLOSED ──(the decisions area)──▶ DECIDED

- Initiatives are added while the round is prepared or under way: admitted ones (ADMITTED) of
  a unit within the council's unit, not before another round being prepared or under way.
  Adding sets them IN_REVIEW (InitiativeAction ADD_TO_ROUND); one taken out before any review
  is submitted goes back to ADMITTED.
- Reviewers are assigned while the round is prepared or under way. The automatic plan
  (`assignment.plan_assignments`) gives each initiative the round's number of reviewers, no
  reviewer more than the round's maximum, never a conflicted pair, keeping what exists and
  telling which initiatives are left short. A manual assignment is refused on a conflict, to a
  non-scoring member, or past the maximum, with the reason.
- Each assignment and unassignment writes an InitiativeAction (ASSIGN/UNASSIGN) and an audit
  entry. The action's note never names the reviewer (authors read their initiative's history and
  reviews may be blind); the audit entry, read by officers, does.
- A conflict declared by the reviewer (on their own assignment) or recorded by an officer
  removes the reviewer's assignment on that initiative when no review was submitted yet.
- A reviewer is notified in-app when assigned.

Everything here is for the holders of MANAGE_INITIATIVE_COUNCILS at the council's unit, except
a reviewer declaring their own conflict.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse

from thidua.accounts.models import User
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.notifications import notify
from thidua.initiatives.assignment import plan_assignments
from thidua.initiatives.enums import (
    ActionKind,
    AssignmentMethod,
    InitiativeStatus,
    ReviewStatus,
    RoundStatus,
)
from thidua.initiatives.models import (
    Assignment,
    ConflictDeclaration,
    CouncilMember,
    Initiative,
    InitiativeAction,
    InitiativeCouncil,
    Review,
    ReviewRound,
    RoundEntry,
    Rubric,
)
from thidua.initiatives.selectors.councils import (
    ACTIVE_ROUND_STATUSES,
    can_manage,
    default_rubric,
    reviewing_members,
    round_conflicts,
)
from thidua.initiatives.services.councils import check_manages
from thidua.organizations import tree

MAX_NAME = 255
MAX_REASON = 500
MAX_PER_INITIATIVE = 20
MAX_PER_REVIEWER = 500
ROUND_FIELDS = (
    "name",
    "rubric",
    "opens_on",
    "closes_on",
    "blind",
    "reviewers_per_initiative",
    "max_per_reviewer",
    "status",
)
MSG_NOT_ACTIVE = "Đợt chấm đã đóng; không thay đổi danh sách sáng kiến, phân công được nữa."


def _date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _audit(by: User, action: str, round_: ReviewRound, changes: dict[str, list[object]]) -> None:
    record_audit(
        actor=by,
        action=action,
        target=round_,
        target_repr=f"{round_.council.name}: {round_.name}",
        unit_path=round_.council.unit.path,
        changes=changes,
    )


def _check_settings(
    *,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    reviewers_per_initiative: int,
    max_per_reviewer: int,
) -> str:
    text = (name or "").strip()
    if not text:
        raise DomainError("Hãy nhập tên đợt chấm.", field="name")
    if len(text) > MAX_NAME:
        raise DomainError(f"Tên đợt chấm dài quá {MAX_NAME} ký tự.", field="name")
    if closes_on < opens_on:
        raise DomainError("Hạn chấm phải từ ngày bắt đầu chấm trở đi.", field="closes_on")
    if not 1 <= reviewers_per_initiative <= MAX_PER_INITIATIVE:
        raise DomainError(
            f"Số người chấm mỗi sáng kiến phải từ 1 đến {MAX_PER_INITIATIVE}.",
            field="reviewers_per_initiative",
        )
    if not 1 <= max_per_reviewer <= MAX_PER_REVIEWER:
        raise DomainError(
            f"Số sáng kiến tối đa mỗi người chấm phải từ 1 đến {MAX_PER_REVIEWER}.",
            field="max_per_reviewer",
        )
    return text


@transaction.atomic
def create_round(
    *,
    council: InitiativeCouncil,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    blind: bool = True,
    reviewers_per_initiative: int = 3,
    max_per_reviewer: int = 10,
    rubric: Rubric | None = None,
    by: User,
) -> ReviewRound:
    """A new round of `council`, being prepared (DRAFT), scored on `rubric` (the default one
    unless told). Refused for an inactive council, an end before the start, or limits out of
    range."""
    check_manages(by, council)
    if not council.is_active:
        raise DomainError("Hội đồng đã thôi hoạt động; không tạo được đợt chấm mới.")
    text = _check_settings(
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        reviewers_per_initiative=reviewers_per_initiative,
        max_per_reviewer=max_per_reviewer,
    )
    rubric = rubric or default_rubric()
    if rubric is None:
        raise DomainError("Chưa có phiếu chấm mặc định; hãy chọn phiếu chấm.", field="rubric")
    round_ = ReviewRound.objects.create(
        council=council,
        name=text,
        rubric=rubric,
        opens_on=opens_on,
        closes_on=closes_on,
        blind=blind,
        reviewers_per_initiative=reviewers_per_initiative,
        max_per_reviewer=max_per_reviewer,
        status=RoundStatus.DRAFT,
    )
    _audit(by, AuditAction.CREATE, round_, diff({}, snapshot(round_, ROUND_FIELDS)))
    return round_


def _locked(round_: ReviewRound) -> ReviewRound:
    """The round's row locked for the transaction, its status as it is now."""
    fresh = (
        ReviewRound.objects.select_for_update(of=("self",))
        .select_related("council__unit", "rubric")
        .get(pk=round_.pk)
    )
    round_.status = fresh.status
    return fresh


def _require_active(round_: ReviewRound) -> None:
    if round_.status not in ACTIVE_ROUND_STATUSES:
        raise DomainError(MSG_NOT_ACTIVE)


@transaction.atomic
def update_round(
    round_: ReviewRound,
    *,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    blind: bool,
    reviewers_per_initiative: int,
    max_per_reviewer: int,
    rubric: Rubric | None = None,
    by: User,
) -> ReviewRound:
    """Change a round being prepared or under way. The rubric and blindness are fixed once the
    round is open (reviews are being written on them); dates and limits may change (e.g. the
    deadline extended)."""
    check_manages(by, round_.council)
    fresh = _locked(round_)
    _require_active(fresh)
    text = _check_settings(
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        reviewers_per_initiative=reviewers_per_initiative,
        max_per_reviewer=max_per_reviewer,
    )
    rubric = rubric or fresh.rubric
    if fresh.status != RoundStatus.DRAFT:
        if rubric.pk != fresh.rubric_id:
            raise DomainError("Đợt chấm đã mở; không đổi phiếu chấm được nữa.", field="rubric")
        if blind != fresh.blind:
            raise DomainError(
                "Đợt chấm đã mở; không đổi chế độ chấm ẩn danh được nữa.", field="blind"
            )
    before = snapshot(fresh, ROUND_FIELDS)
    fresh.name = text
    fresh.opens_on = opens_on
    fresh.closes_on = closes_on
    fresh.blind = blind
    fresh.reviewers_per_initiative = reviewers_per_initiative
    fresh.max_per_reviewer = max_per_reviewer
    fresh.rubric = rubric
    fresh.save()
    changes = diff(before, snapshot(fresh, ROUND_FIELDS))
    if changes:
        _audit(by, AuditAction.UPDATE, fresh, changes)
    return fresh


def _round_label(round_: ReviewRound) -> str:
    return f"đợt chấm “{round_.name}” — {round_.council.name}"


@transaction.atomic
def add_initiatives(
    round_: ReviewRound, *, initiatives: Sequence[Initiative], by: User
) -> list[RoundEntry]:
    """Put `initiatives` before the round (all or none) and set them IN_REVIEW. Refused: a
    round closed; an initiative not admitted, of a unit outside the council's unit, or already
    before a round being prepared or under way — each named with its reason."""
    check_manages(by, round_.council)
    fresh = _locked(round_)
    _require_active(fresh)
    if not initiatives:
        raise DomainError(
            "Hãy chọn ít nhất một sáng kiến để đưa vào đợt chấm.", field="initiatives"
        )
    ids = sorted({initiative.pk for initiative in initiatives})
    rows = {
        initiative.pk: initiative
        for initiative in Initiative.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(pk__in=ids)
    }
    busy = dict(
        RoundEntry.objects.filter(
            initiative_id__in=ids, round__status__in=ACTIVE_ROUND_STATUSES
        ).values_list("initiative_id", "round__name")
    )
    problems = []
    for pk in ids:
        initiative = rows[pk]
        if pk in busy:
            problems.append(f"{initiative.code} đã ở trong đợt chấm “{busy[pk]}”.")
        elif initiative.status != InitiativeStatus.ADMITTED:
            problems.append(
                f"{initiative.code} đang ở trạng thái “{initiative.get_status_display()}”; "
                "chỉ đưa vào chấm sáng kiến đã được chấp nhận xét."
            )
        elif not tree.is_within(initiative.unit.path, fresh.council.unit.path):
            problems.append(
                f"{initiative.code} thuộc {initiative.unit.name}, ngoài phạm vi của hội đồng."
            )
    if problems:
        raise DomainError(" ".join(problems), field="initiatives")
    entries = RoundEntry.objects.bulk_create(
        RoundEntry(round=fresh, initiative_id=pk) for pk in ids
    )
    Initiative.objects.filter(pk__in=ids).update(status=InitiativeStatus.IN_REVIEW)
    note = f"Đưa vào {_round_label(fresh)}."
    InitiativeAction.objects.bulk_create(
        InitiativeAction(initiative_id=pk, kind=ActionKind.ADD_TO_ROUND, by=by, note=note)
        for pk in ids
    )
    for pk in ids:
        rows[pk].status = InitiativeStatus.IN_REVIEW
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=rows[pk],
            unit_path=rows[pk].unit.path,
            changes={
                "status": [InitiativeStatus.ADMITTED, InitiativeStatus.IN_REVIEW],
                "round": [None, fresh.pk],
            },
            reason=note,
        )
    return entries


@transaction.atomic
def remove_initiative(round_: ReviewRound, *, initiative: Initiative, by: User) -> None:
    """Take an initiative out of a round being prepared or under way (back to ADMITTED, its
    assignments and draft reviews removed). Refused once a review of it was submitted."""
    check_manages(by, round_.council)
    fresh = _locked(round_)
    _require_active(fresh)
    entry = RoundEntry.objects.filter(round=fresh, initiative=initiative).first()
    if entry is None:
        raise DomainError(f"{initiative.code} không có trong đợt chấm này.")
    assignments = Assignment.objects.filter(round=fresh, initiative=initiative)
    if assignments.filter(review__status=ReviewStatus.SUBMITTED).exists():
        raise DomainError(
            f"{initiative.code} đã có phiếu chấm được nộp; không đưa ra khỏi đợt chấm được."
        )
    removed = assignments.count()
    assignments.delete()
    entry.delete()
    Initiative.objects.filter(pk=initiative.pk).update(status=InitiativeStatus.ADMITTED)
    initiative.status = InitiativeStatus.ADMITTED
    note = f"Đưa ra khỏi {_round_label(fresh)}"
    if removed:
        InitiativeAction.objects.create(
            initiative=initiative,
            kind=ActionKind.UNASSIGN,
            by=by,
            note=f"{note}: bỏ {removed} phân công chấm.",
        )
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=initiative,
        unit_path=initiative.unit.path,
        changes={
            "status": [InitiativeStatus.IN_REVIEW, InitiativeStatus.ADMITTED],
            "round": [fresh.pk, None],
        },
        reason=f"{note}.",
    )


@transaction.atomic
def open_round(round_: ReviewRound, *, by: User) -> ReviewRound:
    """Open a round being prepared: reviewers may score from its start date. Refused without
    initiatives."""
    check_manages(by, round_.council)
    fresh = _locked(round_)
    if fresh.status != RoundStatus.DRAFT:
        raise DomainError("Chỉ mở được đợt chấm đang chuẩn bị.")
    if not RoundEntry.objects.filter(round=fresh).exists():
        raise DomainError("Đợt chấm chưa có sáng kiến nào; hãy đưa sáng kiến vào trước khi mở.")
    fresh.status = RoundStatus.OPEN
    fresh.save(update_fields=["status", "updated_at"])
    _audit(by, AuditAction.UPDATE, fresh, {"status": [RoundStatus.DRAFT, RoundStatus.OPEN]})
    round_.status = fresh.status
    return fresh


@transaction.atomic
def close_round(round_: ReviewRound, *, by: User) -> ReviewRound:
    """Close a round under way: no more scoring; reviews not submitted stay drafts and do not
    count."""
    check_manages(by, round_.council)
    fresh = _locked(round_)
    if fresh.status != RoundStatus.OPEN:
        raise DomainError("Chỉ đóng được đợt chấm đang chấm.")
    fresh.status = RoundStatus.CLOSED
    fresh.save(update_fields=["status", "updated_at"])
    _audit(by, AuditAction.UPDATE, fresh, {"status": [RoundStatus.OPEN, RoundStatus.CLOSED]})
    round_.status = fresh.status
    return fresh


# -- Assignment ----------------------------------------------------------------------------------


@dataclass
class AutoAssignResult:
    """What the automatic assignment did: the assignments created, and one message per
    initiative left short."""

    created: list[Assignment] = field(default_factory=list)
    shortfalls: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        if not self.created:
            return "Không có phân công mới."
        initiatives = len({a.initiative_id for a in self.created})
        reviewers = len({a.reviewer_id for a in self.created})
        return (
            f"Đã phân công tự động {len(self.created)} lượt chấm cho {initiatives} sáng kiến, "
            f"{reviewers} người chấm."
        )


def _notify_assigned(round_: ReviewRound, reviewer: User, count: int) -> None:
    what = "một sáng kiến" if count == 1 else f"{count} sáng kiến"
    notify(
        reviewer,
        f"Bạn được phân công chấm {what}",
        body=(
            f"{round_.council.name}, đợt chấm “{round_.name}”: chấm từ ngày "
            f"{_date(round_.opens_on)}, hạn chấm {_date(round_.closes_on)}."
        ),
        url=reverse("initiatives:my_reviews"),
    )


def _assign_note(round_: ReviewRound, method: str) -> str:
    how = "tự động" if method == AssignmentMethod.AUTO else "thủ công"
    return f"Phân công {how} một người chấm trong {_round_label(round_)}."


def _audit_assignment(
    by: User, assignment: Assignment, round_: ReviewRound, *, removed: bool, reason: str = ""
) -> None:
    record_audit(
        actor=by,
        action=AuditAction.DELETE if removed else AuditAction.CREATE,
        target_type="initiatives.assignment",
        target_id=assignment.pk,
        target_repr=(
            f"{round_.name}: {assignment.initiative.code} — {assignment.reviewer.display_name}"
        ),
        unit_path=round_.council.unit.path,
        changes={
            "initiative": [None, assignment.initiative_id]
            if not removed
            else [assignment.initiative_id, None],
            "reviewer": [None, assignment.reviewer_id]
            if not removed
            else [assignment.reviewer_id, None],
            "method": [None, assignment.method] if not removed else [assignment.method, None],
        },
        reason=reason,
    )


@transaction.atomic
def auto_assign(round_: ReviewRound, *, by: User) -> AutoAssignResult:
    """Complete the round's assignments with the balanced plan (see the module): existing ones
    kept, conflicts (organisation and declared) avoided, each initiative left short named."""
    check_manages(by, round_.council)
    fresh = _locked(round_)
    _require_active(fresh)
    initiatives = list(Initiative.objects.filter(round_entries__round=fresh).select_related("unit"))
    if not initiatives:
        raise DomainError("Đợt chấm chưa có sáng kiến nào để phân công.")
    members = reviewing_members(fresh)
    if not members:
        raise DomainError(
            "Hội đồng chưa có thành viên nào tham gia chấm; hãy thêm thành viên trước."
        )
    existing = list(
        Assignment.objects.filter(round=fresh).values_list("initiative_id", "reviewer_id")
    )
    user_ids = [user.pk for user in members]
    conflicts = round_conflicts(fresh, initiatives, user_ids)
    plan = plan_assignments(
        initiatives=[i.pk for i in initiatives],
        reviewers=user_ids,
        per_initiative=fresh.reviewers_per_initiative,
        max_per_reviewer=fresh.max_per_reviewer,
        existing=existing,
        conflicts=list(conflicts),
    )
    by_id = {i.pk: i for i in initiatives}
    users = {u.pk: u for u in members}
    result = AutoAssignResult()
    per_reviewer: dict[int, int] = defaultdict(int)
    for initiative_id, reviewer_id in plan.new:
        assignment = Assignment.objects.create(
            round=fresh,
            initiative=by_id[initiative_id],
            reviewer=users[reviewer_id],
            method=AssignmentMethod.AUTO,
            assigned_by=by,
        )
        result.created.append(assignment)
        per_reviewer[reviewer_id] += 1
        _audit_assignment(by, assignment, fresh, removed=False, reason="Phân công tự động.")
    note = _assign_note(fresh, AssignmentMethod.AUTO)
    InitiativeAction.objects.bulk_create(
        InitiativeAction(initiative_id=a.initiative_id, kind=ActionKind.ASSIGN, by=by, note=note)
        for a in result.created
    )
    for reviewer_id, count in sorted(per_reviewer.items()):
        _notify_assigned(fresh, users[reviewer_id], count)
    result.shortfalls = [s.message(by_id[s.initiative_id].code) for s in plan.shortfalls]
    return result


def _reviewer_membership(round_: ReviewRound, reviewer: User) -> CouncilMember:
    member = CouncilMember.objects.filter(council_id=round_.council_id, user=reviewer).first()
    if member is None:
        raise DomainError(
            f"{reviewer.display_name} không phải thành viên hội đồng.", field="reviewer"
        )
    if not member.reviews:
        raise DomainError(
            f"{reviewer.display_name} không tham gia chấm trong hội đồng.", field="reviewer"
        )
    if not reviewer.is_active:
        raise DomainError(f"Tài khoản {reviewer.display_name} đã bị khóa.", field="reviewer")
    return member


@transaction.atomic
def assign_reviewer(
    round_: ReviewRound, *, initiative: Initiative, reviewer: User, by: User
) -> Assignment:
    """Assign `reviewer` to `initiative` by hand. Refused: a round closed, an initiative not
    in the round, a reviewer not scoring in the council, already assigned, in conflict (with the
    reason), or at the round's maximum."""
    check_manages(by, round_.council)
    fresh = _locked(round_)
    _require_active(fresh)
    if not RoundEntry.objects.filter(round=fresh, initiative=initiative).exists():
        raise DomainError(f"{initiative.code} không có trong đợt chấm này.", field="initiative")
    _reviewer_membership(fresh, reviewer)
    if Assignment.objects.filter(round=fresh, initiative=initiative, reviewer=reviewer).exists():
        raise DomainError(
            f"{reviewer.display_name} đã được phân công chấm {initiative.code}.", field="reviewer"
        )
    initiative_with_unit = Initiative.objects.select_related("unit").get(pk=initiative.pk)
    conflict = round_conflicts(fresh, [initiative_with_unit], [reviewer.pk]).get(
        (initiative.pk, reviewer.pk)
    )
    if conflict is not None:
        raise DomainError(
            f"Không phân công được: {reviewer.display_name} có xung đột lợi ích với "
            f"{initiative.code} ({conflict[:1].lower()}{conflict[1:]}).",
            field="reviewer",
        )
    load = Assignment.objects.filter(round=fresh, reviewer=reviewer).count()
    if load >= fresh.max_per_reviewer:
        raise DomainError(
            f"{reviewer.display_name} đã được phân công {load} sáng kiến, bằng mức tối đa của "
            "đợt chấm; hãy tăng mức tối đa hoặc chọn người khác.",
            field="reviewer",
        )
    assignment = Assignment.objects.create(
        round=fresh,
        initiative=initiative,
        reviewer=reviewer,
        method=AssignmentMethod.MANUAL,
        assigned_by=by,
    )
    InitiativeAction.objects.create(
        initiative=initiative,
        kind=ActionKind.ASSIGN,
        by=by,
        note=_assign_note(fresh, AssignmentMethod.MANUAL),
    )
    _audit_assignment(by, assignment, fresh, removed=False, reason="Phân công thủ công.")
    _notify_assigned(fresh, reviewer, 1)
    return assignment


def _drop_assignment(assignment: Assignment, round_: ReviewRound, *, by: User, reason: str) -> None:
    if Review.objects.filter(assignment=assignment, status=ReviewStatus.SUBMITTED).exists():
        raise DomainError(
            f"{assignment.reviewer.display_name} đã nộp phiếu chấm {assignment.initiative.code}; "
            "không bỏ phân công được."
        )
    _audit_assignment(by, assignment, round_, removed=True, reason=reason)
    note = f"Bỏ phân công một người chấm trong {_round_label(round_)}."
    InitiativeAction.objects.create(
        initiative_id=assignment.initiative_id, kind=ActionKind.UNASSIGN, by=by, note=note
    )
    assignment.delete()


@transaction.atomic
def unassign_reviewer(assignment: Assignment, *, by: User, reason: str = "") -> None:
    """Remove an assignment (and its draft review). Refused once the review was submitted or
    the round closed."""
    round_ = assignment.round
    check_manages(by, round_.council)
    fresh = _locked(round_)
    _require_active(fresh)
    _drop_assignment(assignment, fresh, by=by, reason=(reason or "").strip()[:MAX_REASON])


@dataclass
class DeclaredConflict:
    declaration: ConflictDeclaration
    removed_assignment: bool


@transaction.atomic
def declare_conflict(
    round_: ReviewRound,
    *,
    initiative: Initiative,
    user: User,
    reason: str,
    by: User,
) -> DeclaredConflict:
    """Record that `user` has a conflict of interest with `initiative` in the round: declared by
    the user (a scoring member of the council) or recorded by a manager of the council. Removes
    the user's assignment on it when no review was submitted (refused when one was: the
    council's standing member decides)."""
    council = round_.council
    if by.pk != user.pk and not can_manage(by, council):
        raise PermissionDeniedError("Bạn chỉ khai báo được xung đột lợi ích của chính mình.")
    fresh = _locked(round_)
    _require_active(fresh)
    text = (reason or "").strip()
    if not text:
        raise DomainError("Hãy nêu lý do xung đột lợi ích.", field="reason")
    if len(text) > MAX_REASON:
        raise DomainError(f"Lý do dài quá {MAX_REASON} ký tự.", field="reason")
    if not RoundEntry.objects.filter(round=fresh, initiative=initiative).exists():
        raise DomainError(f"{initiative.code} không có trong đợt chấm này.", field="initiative")
    if not CouncilMember.objects.filter(council_id=fresh.council_id, user=user).exists():
        raise DomainError(f"{user.display_name} không phải thành viên hội đồng.", field="user")
    if ConflictDeclaration.objects.filter(round=fresh, initiative=initiative, user=user).exists():
        raise DomainError("Xung đột lợi ích này đã được khai báo.", field="reason")
    assignment = (
        Assignment.objects.filter(round=fresh, initiative=initiative, reviewer=user)
        .select_related("initiative", "reviewer")
        .first()
    )
    if (
        assignment is not None
        and Review.objects.filter(assignment=assignment, status=ReviewStatus.SUBMITTED).exists()
    ):
        raise DomainError(
            "Phiếu chấm đã nộp; không khai báo xung đột lợi ích được nữa. Hãy báo thường trực "
            "hội đồng để xem xét."
        )
    declaration = ConflictDeclaration.objects.create(
        round=fresh, initiative=initiative, user=user, reason=text, declared_by=by
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=declaration,
        target_repr=f"{fresh.name}: {initiative.code} — {user.display_name}",
        unit_path=council.unit.path,
        changes={
            "initiative": [None, initiative.pk],
            "user": [None, user.pk],
            "reason": [None, text],
        },
    )
    if assignment is not None:
        _drop_assignment(assignment, fresh, by=by, reason=f"Xung đột lợi ích: {text}")
    return DeclaredConflict(declaration=declaration, removed_assignment=assignment is not None)


@transaction.atomic
def remove_conflict(declaration: ConflictDeclaration, *, by: User) -> None:
    """Withdraw a declared conflict (a manager of the council, while the round is active)."""
    round_ = declaration.round
    check_manages(by, round_.council)
    fresh = _locked(round_)
    _require_active(fresh)
    record_audit(
        actor=by,
        action=AuditAction.DELETE,
        target_type="initiatives.conflictdeclaration",
        target_id=declaration.pk,
        target_repr=f"{fresh.name}: {declaration.initiative.code} — {declaration.user.display_name}",
        unit_path=fresh.council.unit.path,
        changes={"reason": [declaration.reason, None]},
    )
    declaration.delete()
