"""The approval workflow of a report: submit, approve level by level, return with a reason,
revoke an approval with a reason, bulk approval by the department, and the exceptions that let
a unit enter data after a period's lock date.

Life of a report (unit × period):

    DRAFT ──submit──▶ SUBMITTED (pending: first level) ──approve──▶ … ──approve──▶ APPROVED
      ▲                   │ return (reason)                                  │ revoke (reason)
      └──── RETURNED ◀────┴──────────────────────────────────────────────────┘

- Submitting needs ENTER_REPORT on the unit, the entry window open (or an exception), no
  validation error and every warning explained; the first submission's time decides lateness.
- A level is approved by a holder of APPROVE_REPORT on the reporting unit's ancestor at the
  level's depth, never by the user who submitted the report. The last level's approval
  snapshots every value (`approved_value`, `approved_text`, `was_approved`).
- Return (by an approver of the pending level) and revoke (by an approver of a level already
  passed, or MANAGE_REPORTING over the unit) send the report back to RETURNED: editable again,
  climbing from its first level when submitted again.
- Every step writes a `ReportAction` (the history) and an audit entry in one transaction, and
  tells the people concerned in-app: the approvers of the level the report now awaits, the
  submitter when the report is returned, revoked or finally approved.

Two approvers acting at once: each service compares the report the caller saw (the instance
passed in, and `revision` — the `Report.revision` their page showed — when given) with the row
it locks; when another step happened in between, the caller is told who did what and when, and
nothing is written.

"Changed since approval": the final approval snapshots the values; after a revocation,
`ReportValue.changed_since_approval` tells a value that differs from its snapshot, and
`Report.changed_since_approval` the report holding one. The entry service (`services/entry.py`,
its `_write`) sets the report's flag on every save; the submission recomputes it here
(`mark_changed_since_approval`) so the approvers see it whatever wrote the values, and the
final approval clears it.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.notifications import notify, notify_many
from thidua.movements.enums import MovementStatus
from thidua.movements.models import Period
from thidua.movements.selectors.registrations import is_participant
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can
from thidua.reporting.enums import ActionKind, ReportStatus
from thidua.reporting.models import ApprovalLevel, EntryException, Report, ReportAction, ReportValue
from thidua.reporting.selectors.entry import issues_of, reports_visible_to, window_of
from thidua.reporting.selectors.workflow import (
    Refusal,
    approve_refusal,
    approves_at,
    chain_of,
    decide_refusal,
    level_approvers,
    passed_levels,
    revoke_refusal,
    submit_refusal,
    today,
)
from thidua.reporting.services.scores import score_report
from thidua.reporting.validation import Issue
from thidua.reporting.workflow import level_after

MAX_REASON = 2000


class SubmissionBlocked(DomainError):  # noqa: N818 (the name the brief gives callers)
    """Submitting is refused by the validation rules: `issues` are the errors and the warnings
    still to explain (as `issues_of` returns them)."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        count = len(issues)
        super().__init__(
            f"Chưa nộp được: báo cáo còn {count} lỗi hoặc cảnh báo chưa giải trình. Hãy sửa "
            "số liệu hoặc nhập giải trình rồi nộp lại.",
            code="blocked",
        )
        self.issues = list(issues)


def _raise(refusal: Refusal | None) -> None:
    if refusal is None:
        return
    if refusal.forbidden:
        raise PermissionDeniedError(refusal.message)
    raise DomainError(refusal.message)


def _check_reason(reason: str, *, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise DomainError(f"Hãy nêu lý do {what} để đơn vị biết cần sửa gì.", field="reason")
    if len(text) > MAX_REASON:
        raise DomainError(f"Lý do dài quá {MAX_REASON} ký tự.", field="reason")
    return text


def _require_open_movement(report: Report) -> None:
    if report.movement.status == MovementStatus.CLOSED:
        raise DomainError(
            f"Phong trào “{report.movement.name}” đã tổng kết; không thay đổi báo cáo được nữa."
        )


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _locked(report: Report, seen_revision: int | None = None) -> Report:
    """The report's row, locked for this transaction, compared with what the caller saw (the
    instance passed in, and the revision their page showed when given): when someone else took
    a step in between, refuse and say who, what and when."""
    fresh = (
        Report.objects.select_for_update(of=("self",))
        .select_related("movement__owner", "period", "unit", "pending_level", "submitted_by")
        .get(pk=report.pk)
    )
    same_step = (fresh.status, fresh.pending_level_id) == (report.status, report.pending_level_id)
    if same_step and seen_revision is not None and seen_revision != fresh.revision:
        raise DomainError(
            "Báo cáo vừa được cập nhật sau khi bạn mở trang; hãy tải lại trang để xem số liệu "
            "mới nhất rồi thao tác lại.",
            code="stale",
        )
    if not same_step:
        last = (
            ReportAction.objects.filter(report=fresh)
            .select_related("actor", "level")
            .order_by("-at", "-pk")
            .first()
        )
        if last is not None:
            who = last.actor.display_name if last.actor is not None else "Hệ thống"
            level = f" ở cấp “{last.level.name}”" if last.level is not None else ""
            did = f"{who} vừa {last.get_kind_display().lower()}{level} lúc {_when(last.at)}"
        else:
            did = "Báo cáo vừa được người khác thay đổi"
        raise DomainError(
            f"{did}; báo cáo hiện ở trạng thái “{fresh.get_status_display()}”"
            + (f" (chờ cấp “{fresh.pending_level.name}”)" if fresh.pending_level else "")
            + ". Hãy tải lại trang để xem.",
            code="stale",
        )
    return fresh


def _record(
    report: Report,
    *,
    by: User,
    kind: ActionKind,
    audit: AuditAction | None,
    at: dt.datetime,
    level: ApprovalLevel | None = None,
    reason: str = "",
    before: dict[str, Any] | None = None,
) -> None:
    ReportAction.objects.create(
        report=report, kind=kind, level=level, actor=by, at=at, reason=reason
    )
    if audit is None:
        return
    after = {"status": report.status, "pending_level": report.pending_level_id}
    record_audit(
        actor=by,
        action=audit,
        target=report,
        target_repr=f"Báo cáo {report.period.name} — {report.unit.name}",
        unit_path=report.unit.path,
        changes={key: [value, after[key]] for key, value in (before or {}).items()},
        reason=reason or (f"Cấp {level.name}" if level is not None else ""),
    )


def _title(report: Report) -> str:
    return f"{report.period.name} — {report.unit.name}"


def _tell_approvers(report: Report, *, by: User, what: str) -> None:
    """Tell the approvers of the level the report now awaits (not the actor)."""
    level = report.pending_level
    if level is None:
        return
    users = [user for user in level_approvers(report, level) if user.pk != by.pk]
    notify_many(
        users,
        f"Báo cáo chờ duyệt: {_title(report)}",
        f"{what}; chờ cấp “{level.name}” duyệt.",
        url=reverse("reporting:report_detail", args=[report.pk]),
    )


def _tell_submitter(report: Report, *, by: User, title: str, body: str = "") -> None:
    submitter = report.submitted_by
    if submitter is None or submitter.pk == by.pk:
        return
    notify(
        submitter,
        f"{title}: {_title(report)}",
        body,
        url=reverse("reporting:report_detail", args=[report.pk]),
    )


def _state(report: Report) -> dict[str, Any]:
    return {"status": report.status, "pending_level": report.pending_level_id}


def _finally_approve(report: Report, at: dt.datetime) -> None:
    report.status = ReportStatus.APPROVED
    report.pending_level = None
    report.approved_at = at
    report.changed_since_approval = False
    ReportValue.objects.filter(report=report).update(
        approved_value=F("value"), approved_text=F("text"), was_approved=True
    )


def mark_changed_since_approval(report: Report) -> bool:
    """Set `Report.changed_since_approval` from its values (some value differs from its
    approved snapshot) and save it when it changed; returns the flag. For the entry service
    after a save, and for the submission."""
    changed = any(
        value.changed_since_approval
        for value in ReportValue.objects.filter(report=report, was_approved=True).only(
            "value", "text", "approved_value", "approved_text", "was_approved"
        )
    )
    if changed != report.changed_since_approval:
        report.changed_since_approval = changed
        Report.objects.filter(pk=report.pk).update(changed_since_approval=changed)
    return changed


@transaction.atomic
def submit_report(*, report: Report, by: User, revision: int | None = None) -> Report:
    """Submit a draft or returned report for approval.

    The report goes to its first approval level (or straight to APPROVED when the movement has
    no level for it), records who submitted and when; the first submission decides whether it
    was late (after the due date). The report is scored (`score_report`) in the same
    transaction.

    Refuses: a user without ENTER_REPORT on the unit (PermissionDeniedError); a report already
    submitted or approved; the entry window closed (before opening, after the lock date without
    an exception: "Số liệu đã khóa từ sau ngày …"); a closed movement; validation errors or
    warnings without an explanation (`SubmissionBlocked`, carrying them).
    """
    fresh = _locked(report, revision)
    _require_open_movement(fresh)
    window = window_of(fresh.period, fresh.unit)
    _raise(submit_refusal(fresh, by, window))
    # `issues_of` reports errors and the warnings not yet explained: each one blocks.
    blocking = issues_of(fresh)
    if blocking:
        raise SubmissionBlocked(blocking)

    now = timezone.now()
    before = _state(fresh)
    chain = chain_of(fresh)
    fresh.submitted_at = now
    fresh.submitted_by = by
    if fresh.first_submitted_at is None:
        fresh.first_submitted_at = now
        fresh.is_late = window.is_late
    mark_changed_since_approval(fresh)
    fresh.revision += 1
    if chain:
        fresh.status = ReportStatus.SUBMITTED
        fresh.pending_level = chain[0]
    else:
        _finally_approve(fresh, now)
    fresh.save()
    _record(fresh, by=by, kind=ActionKind.SUBMIT, audit=AuditAction.SUBMIT, at=now, before=before)
    if not chain:
        _record(
            fresh,
            by=by,
            kind=ActionKind.APPROVE,
            audit=None,
            at=now,
            reason="Phong trào không có cấp duyệt cho báo cáo này: được duyệt khi nộp.",
        )
    score_report(report=fresh, by=by)
    _tell_approvers(fresh, by=by, what=f"{by.display_name} đã nộp báo cáo")
    _copy(fresh, report)
    return report


def _approve(report: Report, *, by: User, audit: bool, revision: int | None = None) -> Report:
    fresh = _locked(report, revision)
    _require_open_movement(fresh)
    _raise(approve_refusal(fresh, by))
    level = fresh.pending_level
    if level is None:  # approve_refusal refuses it already; this tells the type checker
        raise DomainError("Báo cáo không chờ cấp duyệt nào.")
    chain = chain_of(fresh)
    now = timezone.now()
    before = _state(fresh)
    after = level_after([step.depth for step in chain], level.depth)
    if after is None:
        _finally_approve(fresh, now)
    else:
        fresh.pending_level = next(step for step in chain if step.depth == after)
    fresh.revision += 1
    fresh.save()
    _record(
        fresh,
        by=by,
        kind=ActionKind.APPROVE,
        audit=AuditAction.APPROVE if audit else None,
        at=now,
        level=level,
        before=before,
    )
    if after is None:
        _tell_submitter(fresh, by=by, title="Báo cáo đã được duyệt")
    else:
        _tell_approvers(fresh, by=by, what=f"Cấp “{level.name}” đã duyệt")
    _copy(fresh, report)
    return report


@transaction.atomic
def approve_report(*, report: Report, by: User, revision: int | None = None) -> Report:
    """Approve the report at its pending level: it moves to the next level, or, after the
    last, becomes APPROVED (its values are snapshotted as the approved ones and locked).

    Refuses: a user without APPROVE_REPORT on the unit of the pending level (e.g. a unit
    outside their scope; PermissionDeniedError); the user who submitted the report ("Bạn không
    thể tự duyệt báo cáo do chính mình nộp."); a report not awaiting approval; a report that
    changed since the caller read it (another approver acted first: they are named); a closed
    movement.
    """
    return _approve(report, by=by, audit=True, revision=revision)


@transaction.atomic
def return_report(*, report: Report, by: User, reason: str, revision: int | None = None) -> Report:
    """Return the report to its unit with a reason: RETURNED, editable again; submitted again it
    climbs from its first level.

    Refuses: an empty reason; a user who does not approve at the pending level; a report not
    awaiting approval or changed since the caller read it; a closed movement.
    """
    why = _check_reason(reason, what="trả lại")
    fresh = _locked(report, revision)
    _require_open_movement(fresh)
    _raise(decide_refusal(fresh, by))
    level = fresh.pending_level
    now = timezone.now()
    before = _state(fresh)
    fresh.status = ReportStatus.RETURNED
    fresh.pending_level = None
    fresh.revision += 1
    fresh.save()
    _record(
        fresh,
        by=by,
        kind=ActionKind.RETURN,
        audit=AuditAction.RETURN,
        at=now,
        level=level,
        reason=why,
        before=before,
    )
    _tell_submitter(fresh, by=by, title="Báo cáo bị trả lại", body=f"Lý do: {why}")
    _copy(fresh, report)
    return report


@transaction.atomic
def revoke_approval(
    *, report: Report, by: User, reason: str, revision: int | None = None
) -> Report:
    """Revoke the approvals a report received, with a reason: back to RETURNED (the levels
    below are re-opened: submitted again, it climbs from its first level), editable again; its
    values keep their approved snapshot, so what changes afterwards is marked "changed since
    approval".

    Allowed on an APPROVED report, or a SUBMITTED one past its first level, to an approver of a
    level the report has passed or a holder of MANAGE_REPORTING over the unit.

    Refuses: an empty reason; a report no level approved yet; anyone else
    (PermissionDeniedError); a report changed since the caller read it; a closed movement.
    """
    why = _check_reason(reason, what="hủy duyệt")
    fresh = _locked(report, revision)
    _require_open_movement(fresh)
    chain = chain_of(fresh)
    _raise(revoke_refusal(fresh, by, chain))
    passed = passed_levels(fresh, chain)
    # The history names the highest passed level the revoker approves at (or none when they
    # act as the department's manager of reporting).
    level = next((step for step in reversed(passed) if approves_at(by, fresh, step)), None)
    now = timezone.now()
    before = _state(fresh)
    fresh.status = ReportStatus.RETURNED
    fresh.pending_level = None
    fresh.approved_at = None
    fresh.revision += 1
    fresh.save()
    _record(
        fresh,
        by=by,
        kind=ActionKind.REVOKE,
        audit=AuditAction.REVOKE_APPROVAL,
        at=now,
        level=level,
        reason=why,
        before=before,
    )
    _tell_submitter(fresh, by=by, title="Báo cáo bị hủy duyệt", body=f"Lý do: {why}")
    _copy(fresh, report)
    return report


def _copy(source: Report, target: Report) -> None:
    """Bring the caller's instance up to date with the row just written."""
    if source is target:
        return
    for name in (
        "status",
        "pending_level",
        "submitted_at",
        "submitted_by_id",
        "first_submitted_at",
        "is_late",
        "approved_at",
        "changed_since_approval",
        "revision",
    ):
        setattr(target, name, getattr(source, name))


# -- Bulk approval -----------------------------------------------------------------------------


@dataclass
class BulkResult:
    """What a bulk approval did: the reports approved at their pending level, and those skipped
    with the Vietnamese reason."""

    approved: list[Report] = field(default_factory=list)
    skipped: list[tuple[Report, str]] = field(default_factory=list)

    @property
    def message(self) -> str:
        text = f"Đã duyệt {len(self.approved)} báo cáo"
        if self.skipped:
            text += f"; bỏ qua {len(self.skipped)} báo cáo (xem lý do từng báo cáo)"
        return text + "."


def _common_path(paths: Iterable[str]) -> str:
    """The deepest unit path above all `paths` ("" when there is none)."""
    split = [path.strip("/").split("/") for path in paths]
    if not split:
        return ""
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return "/" + "/".join(common) + "/" if common else ""


def bulk_approve(*, reports: Iterable[Report], by: User) -> BulkResult:
    """Approve each report at its pending level, for a department officer (MANAGE_REPORTING).

    Each report is approved in its own transaction with the rules of `approve_report`; a report
    the officer may not approve (own submission, not awaiting approval, another approver acted
    first, outside their scope) is skipped with the reason. One summary audit entry lists
    what was approved and skipped (each report's history has its own step).

    Refuses: a user without MANAGE_REPORTING anywhere (PermissionDeniedError).
    """
    if not by.has_perm(Perm.MANAGE_REPORTING.value):
        raise PermissionDeniedError("Bạn không có quyền duyệt hàng loạt báo cáo.")
    result = BulkResult()
    visible = set(reports_visible_to(by).values_list("pk", flat=True))
    for report in reports:
        if report.pk not in visible or not can(by, Perm.MANAGE_REPORTING, report.unit.path):
            result.skipped.append((report, "Báo cáo nằm ngoài phạm vi bạn được duyệt."))
            continue
        try:
            with transaction.atomic():
                _approve(report, by=by, audit=False)
        except DomainError as error:
            result.skipped.append((report, error.message))
        else:
            result.approved.append(report)
    if result.approved or result.skipped:
        record_audit(
            actor=by,
            action=AuditAction.APPROVE,
            target_type="reporting.report",
            target_repr=f"Duyệt hàng loạt {len(result.approved)} báo cáo",
            unit_path=_common_path(
                r.unit.path for r in [*result.approved, *(r for r, _ in result.skipped)]
            ),
            changes={
                "approved": [None, [r.pk for r in result.approved]],
                "skipped": [None, [r.pk for r, _ in result.skipped]],
            },
            reason=result.message,
        )
    return result


# -- Entry exceptions --------------------------------------------------------------------------


def _check_manage(by: User, unit: Unit) -> None:
    if not can(by, Perm.MANAGE_REPORTING, unit.path):
        raise PermissionDeniedError(f"Bạn không có quyền gia hạn nhập liệu cho “{unit.name}”.")


@transaction.atomic
def grant_exception(
    *, period: Period, unit: Unit, until: dt.date, reason: str, by: User
) -> EntryException:
    """Let a unit enter and submit the period's data after the lock date, until `until`
    (inclusive); granting again for the same unit changes the date.

    Refuses: a user without MANAGE_REPORTING over the unit (PermissionDeniedError); a unit not
    taking part in the movement; a date not after the period's lock date, or already past; an
    empty reason.
    """
    _check_manage(by, unit)
    why = (reason or "").strip()
    if not why:
        raise DomainError("Hãy nêu lý do gia hạn.", field="reason")
    if len(why) > MAX_REASON:
        raise DomainError(f"Lý do dài quá {MAX_REASON} ký tự.", field="reason")
    if not is_participant(period.movement, unit):
        raise DomainError(f"“{unit.name}” không tham gia phong trào này.", field="unit")
    if until <= period.locks_on:
        raise DomainError(
            f"Ngày gia hạn phải sau ngày khóa số liệu ({period.locks_on:%d/%m/%Y}); trước đó "
            "đơn vị vẫn nhập được.",
            field="until",
        )
    if until < today():
        raise DomainError("Ngày gia hạn đã qua.", field="until")
    exception = EntryException.objects.filter(period=period, unit=unit).first()
    before = {"until": exception.until.isoformat(), "reason": exception.reason} if exception else {}
    if exception is None:
        exception = EntryException(period=period, unit=unit)
    exception.until = until
    exception.reason = why
    exception.granted_by = by
    exception.save()
    after = {"until": until.isoformat(), "reason": why}
    record_audit(
        actor=by,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        target=exception,
        target_repr=f"Gia hạn nhập liệu {period.name} — {unit.name} đến {until:%d/%m/%Y}",
        unit_path=unit.path,
        changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
        reason=why,
    )
    return exception


@transaction.atomic
def revoke_exception(*, exception: EntryException, by: User, reason: str = "") -> None:
    """Withdraw an exception: entry closes again after the lock date.

    Refuses: a user without MANAGE_REPORTING over the unit (PermissionDeniedError)."""
    unit = exception.unit
    _check_manage(by, unit)
    period = exception.period
    record_audit(
        actor=by,
        action=AuditAction.DELETE,
        target=exception,
        target_repr=(
            f"Gia hạn nhập liệu {period.name} — {unit.name} đến {exception.until:%d/%m/%Y}"
        ),
        unit_path=unit.path,
        changes={"until": [exception.until.isoformat(), None]},
        reason=(reason or "").strip()[:MAX_REASON],
    )
    exception.delete()


__all__ = [
    "BulkResult",
    "SubmissionBlocked",
    "approve_report",
    "bulk_approve",
    "grant_exception",
    "mark_changed_since_approval",
    "return_report",
    "revoke_approval",
    "revoke_exception",
    "submit_report",
]
