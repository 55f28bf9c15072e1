"""The council's writes: members' votes, the recognition decision counted against the rulebook
share of the whole membership, and the one-use award basis of a recognised initiative.

Every write is one transaction, audited; a decision also writes the initiative's history
(InitiativeAction RECOGNISE / NOT_RECOGNISE) and notifies the authors who have an account.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.notifications import notify_many
from thidua.initiatives.enums import (
    ActionKind,
    InitiativeStatus,
    MemberRole,
    RecognitionLevel,
    RoundStatus,
    VoteChoice,
)
from thidua.initiatives.models import (
    CouncilMember,
    CouncilVote,
    Decision,
    Initiative,
    InitiativeAction,
    ReviewRound,
    RoundEntry,
)
from thidua.initiatives.review_stats import for_display
from thidua.initiatives.selectors.decisions import (
    LEVELS_BY_COUNCIL,
    is_council_manager,
    membership_of,
    rule_in_force,
    stats_of,
    submitted_reviews,
)
from thidua.initiatives.voting import VotingError, decide
from thidua.organizations.scoping import reaches_root

AWARD_BASIS_CITATION = "Công văn 5007/BNV-TĐKT năm 2023"
MAX_REASONS = 4000
_LEVEL_RANK: dict[str, int] = {
    RecognitionLevel.BASE: 1,
    RecognitionLevel.CITY: 2,
    RecognitionLevel.NATIONAL: 3,
}


def _entered(round_: ReviewRound, initiative: Initiative) -> None:
    if not RoundEntry.objects.filter(round=round_, initiative=initiative).exists():
        raise DomainError(f"Sáng kiến {initiative.code} không thuộc đợt chấm “{round_.name}”.")


def _voting_open(round_: ReviewRound) -> None:
    if round_.status != RoundStatus.CLOSED:
        raise DomainError(
            "Chỉ biểu quyết, ra quyết định khi đợt chấm đã đóng chấm "
            f"(đợt “{round_.name}” đang ở trạng thái “{round_.get_status_display()}”)."
        )


# -- Votes ---------------------------------------------------------------------------------------


def cast_vote(
    round_: ReviewRound,
    initiative: Initiative,
    *,
    choice: str,
    by: User,
    member: CouncilMember | None = None,
) -> CouncilVote:
    """Record a council member's vote for or against recognising `initiative` in `round_`.

    Without `member`, `by` votes for themself and must be a member of the round's council; with
    it, `by` records that member's paper ballot and must be the council's secretary or a manager
    (MANAGE_INITIATIVE_COUNCILS at the council's unit); `recorded_by` keeps who entered it.
    Refuses: a round not closed for scoring, an initiative outside the round, one already
    decided, a bad choice, and a member who already voted ("Thành viên … đã biểu quyết sáng
    kiến này.", backed by the database's unique constraint). Nothing changes on a refusal.
    """
    council = round_.council
    if member is None:
        member = membership_of(by, council)
        if member is None:
            raise PermissionDeniedError("Chỉ thành viên hội đồng mới được biểu quyết.")
    elif member.council_id != council.pk:
        raise DomainError("Người này không phải thành viên của hội đồng.", field="member")
    elif member.user_id != by.pk:
        own = membership_of(by, council)
        secretary = own is not None and own.role == MemberRole.SECRETARY
        if not (secretary or is_council_manager(by, council)):
            raise PermissionDeniedError(
                "Chỉ thư ký hội đồng hoặc người quản lý hội đồng mới được ghi phiếu biểu quyết "
                "thay thành viên."
            )
    if choice not in VoteChoice.values:
        raise DomainError("Hãy chọn đồng ý hoặc không đồng ý.", field="choice")
    _voting_open(round_)
    _entered(round_, initiative)
    if Decision.objects.filter(round=round_, initiative=initiative).exists():
        raise DomainError(f"Sáng kiến {initiative.code} đã có quyết định: không biểu quyết thêm.")
    name = member.user.display_name
    try:
        with transaction.atomic():
            vote = CouncilVote.objects.create(
                round=round_, initiative=initiative, member=member, choice=choice, recorded_by=by
            )
            record_audit(
                actor=by,
                action=AuditAction.CREATE,
                target=vote,
                target_repr=f"Biểu quyết của {name} về sáng kiến {initiative.code}",
                unit_path=council.unit.path,
                changes={"choice": [None, choice], "member": [None, name]},
                reason="" if member.user_id == by.pk else "Ghi phiếu biểu quyết trên giấy",
            )
    except IntegrityError:
        raise DomainError(f"Thành viên {name} đã biểu quyết sáng kiến này.") from None
    return vote


# -- Decisions -----------------------------------------------------------------------------------


def decide_initiative(
    round_: ReviewRound,
    initiative: Initiative,
    *,
    level: str = "",
    number: str,
    date: dt.date,
    reasons: str = "",
    by: User,
) -> Decision:
    """The council's decision on `initiative`, counted from the members' votes.

    By a manager of the council (MANAGE_INITIATIVE_COUNCILS at its unit), in a round closed
    for scoring. The rule is the RecognitionRule in force on the decision date (the latest
    valid_from on or before it); the share is of the council's WHOLE membership (from 2/3 by
    default: quy chế mẫu theo NĐ 13/2012/NĐ-CP, TT 18/2013/TT-BKHCN). Recognised iff the votes
    for reach it: the manager cannot override the count, only record it.

    Recognised: the initiative becomes RECOGNISED at `level` (cơ sở by default; a unit's
    council decides cơ sở only, the department's council also thành phố or toàn quốc — see
    LEVELS_BY_COUNCIL), and the decision number and date are stored on it. The number may be
    left empty: the round's decision is then issued on the platform once every initiative is
    decided (`official_documents.issue_recognition_decision`), which writes its number back; a
    number typed here is a decision issued outside the platform. An initiative already
    recognised at a higher level keeps that level.
    Not recognised: `reasons` are required; the initiative becomes NOT_RECOGNISED (unless an
    earlier decision recognised it), and each author with an account is notified with a link to
    the notice "Thông báo không công nhận sáng kiến".
    When every initiative of the round is decided, the round becomes DECIDED.
    """
    council = round_.council
    if not is_council_manager(by, council):
        raise PermissionDeniedError("Chỉ người quản lý hội đồng sáng kiến mới được ra quyết định.")
    _voting_open(round_)
    _entered(round_, initiative)
    existing = Decision.objects.filter(round=round_, initiative=initiative).first()
    if existing is not None:
        raise DomainError(
            f"Sáng kiến {initiative.code} đã có quyết định trong đợt chấm này "
            f"({'công nhận' if existing.recognised else 'không công nhận'}, ngày "
            f"{existing.date:%d/%m/%Y})."
        )
    if date > timezone.localdate():
        raise DomainError("Ngày quyết định không được sau ngày hôm nay.", field="date")
    rule = rule_in_force(date)
    if rule is None:
        raise DomainError(
            f"Chưa có quy định tỷ lệ thông qua nào có hiệu lực vào ngày {date:%d/%m/%Y}.",
            field="date",
        )
    members_total = CouncilMember.objects.filter(council=council).count()
    votes = list(
        CouncilVote.objects.filter(round=round_, initiative=initiative).values_list(
            "choice", flat=True
        )
    )
    votes_for = sum(1 for choice in votes if choice == VoteChoice.FOR)
    try:
        result = decide(
            votes_for,
            len(votes) - votes_for,
            members_total,
            rule.pass_numerator,
            rule.pass_denominator,
        )
    except VotingError as error:
        raise DomainError(error.message) from None
    number = number.strip()
    reasons = reasons.strip()
    if len(reasons) > MAX_REASONS:
        raise DomainError(f"Lý do dài quá {MAX_REASONS} ký tự.", field="reasons")
    if result.passed:
        reasons = ""  # a recognition carries no reasons (the form does not ask for them)
        level = level or RecognitionLevel.BASE
        allowed = LEVELS_BY_COUNCIL.get(council.level, ())
        if level not in allowed:
            labels = ", ".join(RecognitionLevel(v).label.lower() for v in allowed)
            raise DomainError(
                f"{council.get_level_display()} chỉ công nhận sáng kiến {labels}.", field="level"
            )
    else:
        level = ""
        if not reasons:
            raise DomainError(
                f"Sáng kiến không đạt {result.share_label} đồng ý ({result.votes_for} phiếu): "
                "hãy nêu lý do không công nhận để thông báo cho tác giả.",
                field="reasons",
            )
    stats = stats_of(list(submitted_reviews(round_).filter(assignment__initiative=initiative)))
    mean = stats.initiatives[initiative.pk].mean if initiative.pk in stats.initiatives else None

    with transaction.atomic():
        before = snapshot(initiative, ["status", "level", "decision_number", "decision_date"])
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    round=round_,
                    initiative=initiative,
                    recognised=result.passed,
                    level=level,
                    number=number,
                    date=date,
                    reasons=reasons,
                    votes_for=result.votes_for,
                    votes_against=result.votes_against,
                    members_total=members_total,
                    rule=rule,
                    mean_score=for_display(mean, 2) if mean is not None else None,
                    decided_by=by,
                )
        except IntegrityError:
            raise DomainError(
                f"Sáng kiến {initiative.code} vừa được ra quyết định trong đợt chấm này."
            ) from None
        _apply_to_initiative(initiative, decision)
        InitiativeAction.objects.create(
            initiative=initiative,
            kind=ActionKind.RECOGNISE if decision.recognised else ActionKind.NOT_RECOGNISE,
            by=by,
            note=_action_note(decision, result.share_label),
        )
        record_audit(
            actor=by,
            action=AuditAction.CREATE,
            target=decision,
            target_repr=(
                f"{'Công nhận' if decision.recognised else 'Không công nhận'} sáng kiến "
                f"{initiative.code}"
            ),
            unit_path=council.unit.path,
            changes={
                "recognised": [None, decision.recognised],
                "votes": [None, f"{result.votes_for}/{members_total}"],
                "rule": [None, str(rule)],
                **{
                    key: [before[key], value]
                    for key, value in snapshot(
                        initiative, ["status", "level", "decision_number", "decision_date"]
                    ).items()
                    if value != before[key]
                },
            },
            reason=reasons,
        )
        _close_round_when_all_decided(round_, by=by)
        _notify_authors(decision)
    return decision


def _apply_to_initiative(initiative: Initiative, decision: Decision) -> None:
    if decision.recognised:
        already = initiative.status == InitiativeStatus.RECOGNISED and _LEVEL_RANK.get(
            initiative.level, 0
        ) > _LEVEL_RANK.get(decision.level, 0)
        initiative.status = InitiativeStatus.RECOGNISED
        if not already:
            initiative.level = decision.level
            initiative.decision_number = decision.number
            initiative.decision_date = decision.date
    elif initiative.status != InitiativeStatus.RECOGNISED:
        initiative.status = InitiativeStatus.NOT_RECOGNISED
    initiative.save(
        update_fields=["status", "level", "decision_number", "decision_date", "updated_at"]
    )


def _action_note(decision: Decision, share: str) -> str:
    count = (
        f"{decision.votes_for}/{decision.members_total} thành viên đồng ý "
        f"(cần {share}), {decision.votes_against} không đồng ý"
    )
    if decision.recognised:
        numbered = f"Quyết định số {decision.number} ngày" if decision.number else "Ngày"
        return (
            f"{numbered} {decision.date:%d/%m/%Y}: công nhận sáng kiến "
            f"{decision.get_level_display().lower()}; {count}."
        )
    numbered = f" số {decision.number}" if decision.number else ""
    return (
        f"Thông báo{numbered} ngày {decision.date:%d/%m/%Y}: không công nhận; {count}. "
        f"Lý do: {decision.reasons}"
    )


def _close_round_when_all_decided(round_: ReviewRound, *, by: User) -> None:
    entries = RoundEntry.objects.filter(round=round_).count()
    decided = Decision.objects.filter(round=round_).count()
    if entries and decided >= entries and round_.status != RoundStatus.DECIDED:
        round_.status = RoundStatus.DECIDED
        round_.save(update_fields=["status", "updated_at"])
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=round_,
            unit_path=round_.council.unit.path,
            changes={"status": [RoundStatus.CLOSED.value, RoundStatus.DECIDED.value]},
            reason="Mọi sáng kiến của đợt chấm đã có quyết định.",
        )


def _notify_authors(decision: Decision) -> None:
    initiative = decision.initiative
    users = list(
        User.objects.filter(
            is_active=True,
            person__authorships__initiative=initiative,
        ).distinct()
    )
    url = reverse("initiatives:decision_detail", args=[decision.pk])
    if decision.recognised:
        title = f"Sáng kiến {initiative.code} được công nhận {decision.get_level_display().lower()}"
        body = (
            f"Sáng kiến “{initiative.title}” được công nhận theo quyết định số "
            f"{decision.number} ngày {decision.date:%d/%m/%Y}."
            if decision.number
            else f"Hội đồng công nhận sáng kiến “{initiative.title}” ngày "
            f"{decision.date:%d/%m/%Y}; quyết định công nhận sẽ được phát hành."
        )
    else:
        title = f"Thông báo không công nhận sáng kiến {initiative.code}"
        body = f"Sáng kiến “{initiative.title}” không được công nhận. Lý do: {decision.reasons}"
    notify_many(users, title, body, url=url, key=f"initiative-decision-{decision.pk}")


# -- The one-use award basis (Công văn 5007/BNV-TĐKT năm 2023) ---------------------------------


def mark_used_for_award(initiative: Initiative, *, award_ref: str, by: User | None) -> Initiative:
    """Record that `initiative` backed an award (`award_ref` names it, e.g. the nomination or
    decision): a recognised initiative is the basis of one award only (Công văn
    5007/BNV-TĐKT năm 2023). For the awards app to call inside its own transaction, after it
    has checked its own permission; refuses a non-recognised initiative, an empty reference,
    and a second use (naming the award it already backed). The row is locked while checked, so
    two awards racing for one initiative cannot both take it.
    """
    award_ref = award_ref.strip()
    if not award_ref:
        raise DomainError("Thiếu căn cứ khen thưởng (số hồ sơ hoặc quyết định khen thưởng).")
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().select_related("unit").get(pk=initiative.pk)
        if locked.status != InitiativeStatus.RECOGNISED:
            raise DomainError(
                f"Sáng kiến {locked.code} chưa được công nhận nên không dùng làm căn cứ khen "
                "thưởng."
            )
        if locked.used_for_award:
            raise DomainError(
                f"Sáng kiến đã được dùng làm căn cứ khen thưởng: {locked.used_for_award}. Mỗi "
                f"sáng kiến chỉ dùng làm căn cứ khen thưởng một lần ({AWARD_BASIS_CITATION})."
            )
        locked.used_for_award = award_ref[:200]
        locked.used_for_award_at = timezone.now()
        locked.save(update_fields=["used_for_award", "used_for_award_at", "updated_at"])
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=locked,
            unit_path=locked.unit.path,
            changes={"used_for_award": ["", locked.used_for_award]},
            reason=f"Dùng làm căn cứ khen thưởng ({AWARD_BASIS_CITATION})",
        )
    initiative.used_for_award = locked.used_for_award
    initiative.used_for_award_at = locked.used_for_award_at
    return initiative


def release_award_basis(initiative: Initiative, *, reason: str, by: User) -> Initiative:
    """Free a recognised initiative's award basis again: an explicit correction (the award was
    cancelled, or recorded against the wrong initiative), by a department officer
    (MANAGE_INITIATIVE_COUNCILS over the whole tree), with a reason, logged. Refuses an
    initiative that backs no award."""
    if not reaches_root(by, Perm.MANAGE_INITIATIVE_COUNCILS):
        raise PermissionDeniedError(
            "Chỉ Thường trực Hội đồng Thi đua – Khen thưởng của Sở mới được gỡ căn cứ khen thưởng."
        )
    reason = reason.strip()
    if not reason:
        raise DomainError("Hãy nêu lý do gỡ căn cứ khen thưởng.", field="reason")
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().select_related("unit").get(pk=initiative.pk)
        if not locked.used_for_award:
            raise DomainError(f"Sáng kiến {locked.code} chưa được dùng làm căn cứ khen thưởng.")
        previous = locked.used_for_award
        locked.used_for_award = ""
        locked.used_for_award_at = None
        locked.save(update_fields=["used_for_award", "used_for_award_at", "updated_at"])
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=locked,
            unit_path=locked.unit.path,
            changes={"used_for_award": [previous, ""]},
            reason=reason,
        )
    initiative.used_for_award = ""
    initiative.used_for_award_at = None
    return initiative
