"""Reads of the approval workflow: which reports a user sees and approves, the levels a report
climbs, its entry window, what the user may do with it now (and why not), its history, the
exceptions granted after a period's lock date.

The rules that decide are here once, and the services of `services/workflow.py` enforce them
with the same functions (`submit_refusal`, `approve_refusal`, …): a button the page shows is a
step the service takes, and a step the service refuses is a button shown disabled with the same
Vietnamese reason.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import ROLE_PERMISSIONS, Perm, Role, grants_allowing, has_anywhere
from thidua.core.text import search_tokens
from thidua.movements.models import Movement, Period
from thidua.movements.selectors.movements import movements_visible_to
from thidua.organizations import tree
from thidua.organizations.enums import SUB_UNIT_KINDS
from thidua.organizations.models import RoleAssignment, Unit
from thidua.organizations.scoping import AnyUser, can, grants_for, scope_q, sees_whole_tree
from thidua.organizations.scoping import subtree_q as _subtree_q
from thidua.reporting.enums import ActionKind, ReportStatus
from thidua.reporting.models import ApprovalLevel, EntryException, Report, ReportAction
from thidua.reporting.selectors.entry import (
    EntrySheet,
    entry_sheet,
    reports_visible_to,
    window_of,
)
from thidua.reporting.workflow import (
    EntryWindow,
    ancestor_path,
    approval_chain,
    chain_top,
    levels_passed,
)

EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
MSG_OWN_SUBMISSION = "Bạn không thể tự duyệt báo cáo do chính mình nộp."


def today() -> dt.date:
    return timezone.localdate()


# -- Which reports -----------------------------------------------------------------------------


def report_for_page(user: AnyUser, pk: int) -> Report | None:
    """One report in the user's scope with what its header shows (one query), else None."""
    return (
        reports_visible_to(user)
        .select_related(
            "movement__owner", "period", "unit", "pending_level", "submitted_by", "scoring_version"
        )
        .filter(pk=pk)
        .first()
    )


def _approvable_q(user: AnyUser) -> Q:
    """Submitted reports whose pending level the user approves: a grant with APPROVE_REPORT on
    the unit of that level (the reporting unit's ancestor at the level's depth).

    A grant at depth g covering its subtree reaches every level at depth ≥ g of the units below
    it; a grant without its subtree only the level at depth g. So the test needs no per-row
    path arithmetic: a unit range and a depth comparison per grant."""
    submitted = Q(status=ReportStatus.SUBMITTED, pending_level__isnull=False)
    if sees_whole_tree(user, Perm.APPROVE_REPORT):
        return submitted
    condition = Q(pk__in=[])
    for grant in grants_allowing(grants_for(user), Perm.APPROVE_REPORT):
        depth = tree.depth_of(grant.unit_path)
        units = Unit.objects.filter(_subtree_q("path", grant.unit_path)).values("pk")
        if grant.include_subtree:
            condition |= Q(unit__in=units, pending_level__depth__gte=depth)
        else:
            condition |= Q(unit__in=units, pending_level__depth=depth)
    return submitted & condition


AWAITING_ME = ""  # the queue's default filter: reports waiting for a level the user approves
QUEUE_STATUSES: list[tuple[str, str]] = [
    (AWAITING_ME, "Chờ tôi duyệt"),
    ("all", "Tất cả trạng thái"),
    *[(str(value), str(label)) for value, label in ReportStatus.choices],
]
_QUEUE_STATUS_KEYS = {key for key, _ in QUEUE_STATUSES}


def approval_queue(
    user: AnyUser,
    movement: Movement | None = None,
    period: Period | None = None,
    *,
    status: str = AWAITING_ME,
    query: str = "",
) -> QuerySet[Report]:
    """Reports the user acts on, oldest submission first.

    By default (`status` ""), the reports awaiting a level this user approves, among those they
    read (an approver who cannot read a report cannot approve it either); with a status (or
    "all"), every report of that status in their VIEW_REPORT scope. `query` matches words of
    the unit's name (without diacritics) or its code. Rows carry what a queue row shows
    (select_related), so a page costs the same queries whatever its length."""
    reports = reports_visible_to(user)
    status = status if status in _QUEUE_STATUS_KEYS else AWAITING_ME
    if status == AWAITING_ME:
        reports = reports.filter(_approvable_q(user))
    elif status != "all":
        reports = reports.filter(status=status)
    if movement is not None:
        reports = reports.filter(movement=movement)
    if period is not None:
        reports = reports.filter(period=period)
    for token in search_tokens(query)[:6]:
        reports = reports.filter(
            Q(unit__name_folded__startswith=token)
            | Q(unit__name_folded__contains=" " + token)
            | Q(unit__code__icontains=token)
        )
    return reports.select_related(
        "movement__owner", "period", "unit", "pending_level", "submitted_by"
    ).order_by(
        # Never-submitted reports first on every database (SQLite and PostgreSQL place NULLs
        # at opposite ends by default).
        F("submitted_at").asc(nulls_first=True),
        "period__start_date",
        "unit__path",
        "pk",
    )


def queue_movements(user: AnyUser) -> QuerySet[Movement]:
    """Movements that have reports the user reads (the queue's movement filter)."""
    return Movement.objects.filter(pk__in=reports_visible_to(user).values("movement")).order_by(
        "-start_date", "name"
    )


def queue_periods(user: AnyUser, movement_id: int | None) -> QuerySet[Period]:
    """Periods with reports the user reads (of the movement when given), latest first."""
    reports = reports_visible_to(user)
    if movement_id is not None:
        reports = reports.filter(movement_id=movement_id)
    return Period.objects.filter(pk__in=reports.values("period")).order_by("-start_date", "kind")


# -- The levels a report climbs ----------------------------------------------------------------


def levels_of(movement: Movement) -> dict[int, ApprovalLevel]:
    """The movement's approval levels by depth."""
    return {level.depth: level for level in ApprovalLevel.objects.filter(movement=movement)}


def _top_depth(report: Report) -> int:
    owner_depth = report.movement.owner.depth
    unit = report.unit
    if unit.kind not in SUB_UNIT_KINDS:
        return owner_depth
    kinds = dict(Unit.objects.filter(pk__in=tree.ancestor_ids(unit.path)).values_list("pk", "kind"))
    return chain_top(
        owner_depth=owner_depth,
        is_sub_unit=[kinds.get(pk) in SUB_UNIT_KINDS for pk in tree.ancestor_ids(unit.path)],
    )


def chain_of(report: Report, levels: dict[int, ApprovalLevel] | None = None) -> list[ApprovalLevel]:
    """The levels that approve the report, deepest first (a đơn vị's report: Đơn vị → Sở; a
    khoa's: Khoa, if configured → Đơn vị). Empty when none applies."""
    levels = levels_of(report.movement) if levels is None else levels
    depths = approval_chain(levels, unit_depth=report.unit.depth, top_depth=_top_depth(report))
    return [levels[depth] for depth in depths]


def passed_levels(report: Report, chain: list[ApprovalLevel]) -> list[ApprovalLevel]:
    """The levels of `chain` the report has climbed past (all of them once approved)."""
    if report.status == ReportStatus.APPROVED:
        return list(chain)
    if report.status != ReportStatus.SUBMITTED or report.pending_level is None:
        return []
    depths = set(levels_passed([level.depth for level in chain], report.pending_level.depth))
    return [level for level in chain if level.depth in depths]


# Roles whose holders are told a report awaits them (the system administrator holds every
# permission but approves nothing day to day).
_NOTIFIED_APPROVER_ROLES = [
    role.value
    for role in Role
    if Perm.APPROVE_REPORT in ROLE_PERMISSIONS[role] and role != Role.SYSTEM_ADMIN
]


def level_approvers(report: Report, level: ApprovalLevel) -> QuerySet[User]:
    """The users to tell that the report awaits `level`: those holding an approving role on the
    very unit of that level (a unit head on the đơn vị, the department officers on the Sở),
    not everyone whose wider grant happens to cover it."""
    try:
        path = ancestor_path(report.unit.path, level.depth)
    except ValueError:
        return User.objects.none()
    holders = RoleAssignment.objects.filter(
        role__in=_NOTIFIED_APPROVER_ROLES, unit__path=path, unit__is_active=True
    ).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True)


def approves_at(user: AnyUser, report: Report, level: ApprovalLevel) -> bool:
    """Whether the user approves the report at `level`: APPROVE_REPORT on the reporting unit's
    ancestor at the level's depth."""
    try:
        path = ancestor_path(report.unit.path, level.depth)
    except ValueError:
        return False
    return can(user, Perm.APPROVE_REPORT, path)


# -- Who may do what, and why not --------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why a step is refused: `forbidden` when the user lacks the right (403 at the API), else
    the report's state refuses it (400)."""

    message: str
    forbidden: bool = False


def submit_refusal(report: Report, user: AnyUser, window: EntryWindow) -> Refusal | None:
    """Why the user may not submit the report now (None when they may). Validation issues are
    judged apart (`issues_of`), since they cost more to compute."""
    if not can(user, Perm.ENTER_REPORT, report.unit.path):
        return Refusal(f"Bạn không có quyền nộp báo cáo của “{report.unit.name}”.", True)
    if report.status == ReportStatus.SUBMITTED:
        return Refusal("Báo cáo đã nộp, đang chờ duyệt.")
    if report.status == ReportStatus.APPROVED:
        return Refusal("Báo cáo đã được duyệt; cần hủy duyệt (kèm lý do) mới sửa, nộp lại được.")
    if not window.accepts_entry:
        return Refusal(window.message)
    return None


def _not_awaiting(report: Report) -> Refusal:
    return Refusal(f"Báo cáo không ở trạng thái chờ duyệt (hiện: “{report.get_status_display()}”).")


def decide_refusal(report: Report, user: AnyUser) -> Refusal | None:
    """Why the user may not approve or return the report at its pending level (None when they
    may): it must await that level and the user approve there. Returning one's own submission
    is allowed (it takes it back); approving it is not (see `approve_refusal`)."""
    level = report.pending_level
    if report.status != ReportStatus.SUBMITTED or level is None:
        return _not_awaiting(report)
    if not approves_at(user, report, level):
        return Refusal(
            f"Bạn không có quyền duyệt báo cáo của “{report.unit.name}” ở cấp “{level.name}”.",
            True,
        )
    return None


def approve_refusal(report: Report, user: AnyUser) -> Refusal | None:
    refusal = decide_refusal(report, user)
    if refusal is None and report.submitted_by_id is not None and report.submitted_by_id == user.pk:
        return Refusal(MSG_OWN_SUBMISSION)
    return refusal


def revoke_refusal(report: Report, user: AnyUser, chain: list[ApprovalLevel]) -> Refusal | None:
    """Why the user may not revoke the report's approval (None when they may): the report must
    have passed a level (approved, or submitted past its first level) and the user approve at
    a passed level or hold MANAGE_REPORTING over the unit."""
    passed = passed_levels(report, chain)
    if not passed:
        if report.status == ReportStatus.SUBMITTED:
            return Refusal("Báo cáo chưa được cấp nào duyệt; dùng “Trả lại” nếu cần sửa.")
        return Refusal(
            f"Báo cáo chưa được duyệt (hiện: “{report.get_status_display()}”) nên không có gì "
            "để hủy duyệt."
        )
    if can(user, Perm.MANAGE_REPORTING, report.unit.path):
        return None
    if any(approves_at(user, report, level) for level in passed):
        return None
    return Refusal(f"Bạn không có quyền hủy duyệt báo cáo của “{report.unit.name}”.", True)


@dataclass(frozen=True)
class ActionState:
    """One button of the action panel: shown to whom it concerns, enabled or with why not."""

    shown: bool
    allowed: bool
    reason: str = ""


_HIDDEN = ActionState(shown=False, allowed=False)


def _state(shown: bool, refusal: Refusal | None) -> ActionState:
    if not shown:
        return _HIDDEN
    if refusal is None:
        return ActionState(shown=True, allowed=True)
    return ActionState(shown=True, allowed=False, reason=refusal.message)


@dataclass(frozen=True)
class AvailableActions:
    submit: ActionState
    approve: ActionState
    return_: ActionState
    revoke: ActionState
    window: EntryWindow
    chain: list[ApprovalLevel]

    @property
    def any_shown(self) -> bool:
        return any(a.shown for a in (self.submit, self.approve, self.return_, self.revoke))


def available_actions(
    report: Report,
    user: AnyUser,
    *,
    blocking_issues: int = 0,
    chain: list[ApprovalLevel] | None = None,
    window: EntryWindow | None = None,
) -> AvailableActions:
    """What the user may do with the report now — submit, approve, return, revoke — each with
    whether it concerns them (`shown`) and, when refused, the Vietnamese reason.

    `blocking_issues` (errors and unexplained warnings, counted by the caller from
    `issues_of`) disables submitting; `chain` and `window` may be passed when already read."""
    chain = chain_of(report) if chain is None else chain
    window = window_of(report.period, report.unit) if window is None else window

    submit = submit_refusal(report, user, window)
    if submit is None and blocking_issues:
        submit = Refusal(
            f"Còn {blocking_issues} lỗi hoặc cảnh báo chưa giải trình: hãy sửa trước khi nộp."
        )
    submit_shown = (
        can(user, Perm.ENTER_REPORT, report.unit.path) and report.status in EDITABLE_STATUSES
    )

    decide = decide_refusal(report, user)
    decide_shown = decide is None
    revoke = revoke_refusal(report, user, chain)
    revoke_shown = revoke is None
    return AvailableActions(
        submit=_state(submit_shown, submit),
        approve=_state(decide_shown, approve_refusal(report, user)),
        return_=_state(decide_shown, decide),
        revoke=_state(revoke_shown, revoke),
        window=window,
        chain=chain,
    )


# -- History and exceptions --------------------------------------------------------------------


def history(report: Report) -> list[ReportAction]:
    """The report's approval steps, oldest first, with who and at which level."""
    return list(
        ReportAction.objects.filter(report=report)
        .select_related("actor", "level")
        .order_by("at", "pk")
    )


def may_manage_exceptions(user: AnyUser) -> bool:
    return has_anywhere(grants_for(user), Perm.MANAGE_REPORTING)


def exceptions_of(user: AnyUser, period: Period) -> list[EntryException]:
    """The period's exceptions over units the user manages (MANAGE_REPORTING scope), by unit
    name."""
    return list(
        EntryException.objects.filter(period=period)
        .filter(scope_q(user, Perm.MANAGE_REPORTING, "unit__path"))
        .select_related("unit", "granted_by")
        .order_by("unit__name_folded", "unit__code")
    )


def periods_visible_to(user: AnyUser) -> QuerySet[Period]:
    """Periods of the movements the user reads (the exceptions page picks one)."""
    return Period.objects.filter(movement__in=movements_visible_to(user)).select_related("movement")


# -- The report's page -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainStep:
    level: ApprovalLevel
    state: str  # "done", "pending" or "waiting"


@dataclass(frozen=True)
class ReportPage:
    """What the report's page shows: the entry sheet read-only (values by area and criterion
    with targets, previous values, points, evidence and issues — `entry_sheet`), the action
    panel, the approval steps and the history."""

    report: Report
    sheet: EntrySheet
    actions: AvailableActions
    steps: list[ChainStep]
    history: list[ReportAction]
    last_decision: ReportAction | None  # the return or revocation the unit has to act on

    @property
    def blocking(self) -> int:
        """Errors and unexplained warnings: what stops the submission."""
        return len(self.sheet.errors) + len(self.sheet.unexplained)


def _steps(report: Report, chain: list[ApprovalLevel]) -> list[ChainStep]:
    passed = {level.depth for level in passed_levels(report, chain)}
    pending = report.pending_level_id if report.status == ReportStatus.SUBMITTED else None
    return [
        ChainStep(
            level,
            "done" if level.depth in passed else "pending" if level.pk == pending else "waiting",
        )
        for level in chain
    ]


def report_page(report: Report, user: AnyUser) -> ReportPage:
    """The report's header, entry sheet (read-only), action panel, approval steps and history,
    in a fixed number of queries."""
    chain = chain_of(report)
    sheet = entry_sheet(report, user)
    blocking = len(sheet.errors) + len(sheet.unexplained)
    actions = available_actions(
        report, user, blocking_issues=blocking, chain=chain, window=sheet.window
    )
    steps = history(report)
    last = steps[-1] if steps else None
    decision = (
        last
        if report.status == ReportStatus.RETURNED
        and last is not None
        and last.kind in {ActionKind.RETURN, ActionKind.REVOKE}
        else None
    )
    return ReportPage(
        report=report,
        sheet=sheet,
        actions=actions,
        steps=_steps(report, chain),
        history=steps,
        last_decision=decision,
    )
