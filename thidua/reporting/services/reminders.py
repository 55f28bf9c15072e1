"""Reminders of reporting deadlines: before the due date and, once overdue, until the lock date.

Run daily by the scheduler (`task_send_reminders`), or by an operator with
`manage.py send_report_reminders [--today dd/mm/yyyy]`. For each open period of each launched
movement (of the kinds its units report) and each unit that must report and has not submitted
(no report, a draft, or a report returned to it):

- `reminder_days` before the due date (default 7 and 1): "Sắp đến hạn nộp";
- after the due date, on its first overdue day and then every `overdue_every_days` (default 3),
  up to and including the lock date: "Quá hạn nộp". Nothing after the lock date.

Recipients are the people who act for the unit: users with ENTER_REPORT (the unit's officers)
or APPROVE_REPORT (its head) through a role held on the unit itself or on a unit between it and
the organising unit — not the department's grants over the whole tree. Each gets one in-app
notification (idempotent key) and one email in Vietnamese. A `ReminderLog` row per (period,
unit, kind, day) makes a second run on the same day send nothing.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from thidua.accounts.models import User
from thidua.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from thidua.core.notifications import notify_many
from thidua.movements.enums import MovementStatus
from thidua.movements.models import Movement, Period
from thidua.movements.selectors.registrations import participant_units, tree_ordered
from thidua.organizations import tree
from thidua.organizations.models import RoleAssignment, Unit
from thidua.reporting.enums import ReminderKind, ReportStatus
from thidua.reporting.models import ReminderLog, Report
from thidua.reporting.services.setup import ensure_setup

logger = logging.getLogger(__name__)

# Reports in these states need nothing from the unit: no reminder.
_DONE = {ReportStatus.SUBMITTED.value, ReportStatus.APPROVED.value}
_STATE_LABELS = {
    None: "chưa bắt đầu nhập",
    ReportStatus.DRAFT.value: "đang nhập, chưa nộp",
    ReportStatus.RETURNED.value: "bị trả lại, cần sửa và nộp lại",
}
# Roles that enter or approve reports; who of their holders is reminded is decided per unit.
REMINDED_ROLES = tuple(
    role for role in Role if {Perm.ENTER_REPORT, Perm.APPROVE_REPORT} & ROLE_PERMISSIONS[role]
)


def reminder_due(
    today: dt.date,
    *,
    opens_on: dt.date,
    due_on: dt.date,
    locks_on: dt.date,
    reminder_days: Iterable[int],
    overdue_every_days: int,
) -> ReminderKind | None:
    """Which reminder, if any, a unit that has not submitted gets on `today` (pure).

    Before the due date: on each of `reminder_days` days before it (0 = the due date itself),
    once entry has opened. After it: on the first overdue day, then every `overdue_every_days`
    days (0 = never), up to and including the lock date. Nothing before opening or after locking.
    """
    if today < opens_on or today > locks_on:
        return None
    days_left = (due_on - today).days
    if days_left >= 0:
        return ReminderKind.BEFORE_DUE if days_left in set(reminder_days) else None
    overdue = -days_left
    if overdue_every_days > 0 and (overdue - 1) % overdue_every_days == 0:
        return ReminderKind.OVERDUE
    return None


@dataclass
class ReminderSummary:
    """What one run did: reminders are (period, unit, kind) triples recorded today."""

    today: dt.date
    periods: int = 0  # periods that had a reminder day today
    reminders: int = 0
    notifications: int = 0
    emails: int = 0
    already_sent: int = 0
    email_failures: int = 0
    units: list[str] = field(default_factory=list)  # "BV_A: Quý I/2026 (sắp đến hạn)"

    def __str__(self) -> str:
        day = _ddmmyyyy(self.today)
        if not self.reminders:
            extra = f" ({self.already_sent} lượt đã gửi trước đó)" if self.already_sent else ""
            return f"Ngày {day}: không có nhắc hạn nào cần gửi{extra}."
        failures = f", {self.email_failures} thư lỗi" if self.email_failures else ""
        return (
            f"Ngày {day}: đã nhắc {self.reminders} lượt (đơn vị × kỳ báo cáo), "
            f"{self.notifications} thông báo, {self.emails} thư điện tử{failures}."
        )


def _ddmmyyyy(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _report_path(period: Period, unit: Unit, report_id: int | None) -> str:
    """Where the reminder leads: the report's entry page, or the page that starts it."""
    try:
        if report_id is not None:
            return reverse("reporting:report_entry", args=[report_id])
        return reverse("reporting:report_start", args=[period.pk, unit.pk])
    except NoReverseMatch:
        return reverse("reporting:home")


def reminder_recipients(movement: Movement, units: Sequence[Unit]) -> dict[int, list[User]]:
    """The active users to remind for each unit (by unit id), deduplicated, by user name: a
    role with ENTER_REPORT or APPROVE_REPORT held on the unit, or with its subtree on a unit
    between it and the organising unit. One query whatever the number of units."""
    top = movement.owner.depth
    paths = {
        ancestor
        for unit in units
        for ancestor in _ancestor_paths(unit.path)
        if tree.depth_of(ancestor) > top
    }
    assignments = list(
        RoleAssignment.objects.filter(
            role__in=REMINDED_ROLES,
            unit__path__in=paths,
            unit__is_active=True,
            user__is_active=True,
        ).select_related("user", "unit")
    )
    result: dict[int, list[User]] = {}
    for unit in units:
        users: dict[int, User] = {}
        for assignment in assignments:
            held_on = assignment.unit.path
            if held_on == unit.path or (
                assignment.include_subtree and unit.path.startswith(held_on)
            ):
                users[assignment.user_id] = assignment.user
        result[unit.pk] = sorted(users.values(), key=lambda user: user.username)
    return result


def _ancestor_paths(path: str) -> list[str]:
    ids = tree.ancestor_ids(path)
    return ["/" + "/".join(str(pk) for pk in ids[: depth + 1]) + "/" for depth in range(len(ids))]


@dataclass(frozen=True)
class _Reminder:
    period: Period
    unit: Unit
    kind: ReminderKind
    status: str | None
    path: str


def _title(reminder: _Reminder) -> str:
    period, unit = reminder.period, reminder.unit
    if reminder.kind == ReminderKind.OVERDUE:
        return f"Quá hạn nộp báo cáo {period.name} — {unit.name}"
    return f"Sắp đến hạn nộp báo cáo {period.name} — {unit.name}"


def _body(reminder: _Reminder, today: dt.date) -> str:
    period, unit = reminder.period, reminder.unit
    due, locks = _ddmmyyyy(period.due_on), _ddmmyyyy(period.locks_on)
    state = _STATE_LABELS.get(reminder.status, "chưa nộp")
    if reminder.kind == ReminderKind.OVERDUE:
        overdue = (today - period.due_on).days
        when = (
            f"Báo cáo đã quá hạn nộp {overdue} ngày (hạn nộp {due}). Báo cáo nộp bây giờ vẫn "
            f"được nhận nhưng tính là nộp muộn; sau ngày {locks} số liệu bị khóa."
        )
    else:
        left = (period.due_on - today).days
        deadline = "hôm nay" if left == 0 else f"còn {left} ngày"
        when = f"Hạn nộp: {due} ({deadline}). Số liệu khóa sau ngày {locks}."
    return (
        f"Báo cáo {period.name} của {unit.name} trong phong trào “{period.movement.name}” "
        f"hiện {state}.\n{when}"
    )


def _email(reminder: _Reminder, user: User, today: dt.date) -> EmailMessage:
    link = settings.THIDUA_SITE_URL.rstrip("/") + reminder.path
    body = (
        f"Kính gửi {user.display_name},\n\n"
        f"{_body(reminder, today)}\n\n"
        f"Nhập và nộp báo cáo tại: {link}\n\n"
        "Thư này được gửi tự động từ hệ thống Thi Đua Số; xin vui lòng không trả lời thư này.\n"
    )
    return EmailMessage(
        subject=f"[Thi Đua Số] {_title(reminder)}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


def _due_periods(
    movement: Movement, kinds: Sequence[str], today: dt.date, setup_days: list[int], every: int
) -> list[tuple[Period, ReminderKind]]:
    periods = Period.objects.filter(
        movement=movement, kind__in=list(kinds), opens_on__lte=today, locks_on__gte=today
    ).order_by("due_on", "pk")
    result = []
    for period in periods:
        period.movement = movement
        kind = reminder_due(
            today,
            opens_on=period.opens_on,
            due_on=period.due_on,
            locks_on=period.locks_on,
            reminder_days=setup_days,
            overdue_every_days=every,
        )
        if kind is not None:
            result.append((period, kind))
    return result


@transaction.atomic
def _record(today: dt.date, summary: ReminderSummary) -> list[EmailMessage]:
    """Write the day's logs and notifications; return the emails to send once committed."""
    emails: list[EmailMessage] = []
    movements = Movement.objects.filter(status=MovementStatus.LAUNCHED).select_related("owner")
    for movement in movements:
        setup = ensure_setup(movement)
        due = _due_periods(
            movement,
            setup.reported_kinds,
            today,
            [int(day) for day in setup.reminder_days],
            setup.overdue_every_days,
        )
        if not due:
            continue
        summary.periods += len(due)
        units = tree_ordered(participant_units(movement))
        recipients = reminder_recipients(movement, units)
        reports = {
            (period_id, unit_id): (pk, status)
            for pk, period_id, unit_id, status in Report.objects.filter(
                period__in=[period for period, _ in due]
            ).values_list("pk", "period_id", "unit_id", "status")
        }
        sent = set(
            ReminderLog.objects.filter(
                period__in=[period for period, _ in due], sent_on=today
            ).values_list("period_id", "unit_id", "kind")
        )
        logs: list[ReminderLog] = []
        for period, kind in due:
            for unit in units:
                report_id, status = reports.get((period.pk, unit.pk), (None, None))
                if status in _DONE:
                    continue
                if (period.pk, unit.pk, kind.value) in sent:
                    summary.already_sent += 1
                    continue
                reminder = _Reminder(
                    period, unit, kind, status, _report_path(period, unit, report_id)
                )
                users = recipients.get(unit.pk, [])
                logs.append(
                    ReminderLog(
                        period=period, unit=unit, kind=kind, sent_on=today, recipients=len(users)
                    )
                )
                summary.notifications += notify_many(
                    users,
                    _title(reminder),
                    _body(reminder, today),
                    reminder.path,
                    f"reminder:{period.pk}:{unit.pk}:{kind.value}:{today.isoformat()}",
                )
                emails.extend(_email(reminder, user, today) for user in users if user.email)
                summary.units.append(f"{unit.code}: {period.name} ({kind.label.lower()})")
        ReminderLog.objects.bulk_create(logs)
        summary.reminders += len(logs)
    return emails


def send_reminders(*, today: dt.date) -> ReminderSummary:
    """Send the reminders due on `today` (see the module's docstring) and say what was sent.
    Idempotent for a day: a second run sends nothing. Emails go out after the records are
    committed; a failing mail server is logged and counted, never undoes the reminders (the
    in-app notifications stand)."""
    summary = ReminderSummary(today=today)
    emails = _record(today, summary)
    if emails:
        try:
            summary.emails = mailers.default.send_messages(emails) or 0
        except Exception:
            logger.exception("Không gửi được thư nhắc hạn báo cáo ngày %s", today)
            summary.email_failures = len(emails)
    return summary
