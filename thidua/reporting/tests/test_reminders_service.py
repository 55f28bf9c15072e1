"""Reminders of reporting deadlines: the exact days they go out, to whom, never twice, nothing for
submitted or approved reports, nothing after the lock date; the in-app notifications and the
Vietnamese emails; the operators' command and the scheduled task."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from thidua.accounts.roles import Role
from thidua.core.models import Notification
from thidua.movements.enums import MovementStatus
from thidua.organizations.tests.factories import UserFactory, grant
from thidua.reporting.enums import ReminderKind, ReportStatus
from thidua.reporting.models import ReminderLog, ReportingSetup
from thidua.reporting.services.reminders import reminder_due, send_reminders
from thidua.reporting.tasks import task_send_reminders
from thidua.reporting.tests.factories import make_plan, make_report

T = dt.date(2026, 5, 13)  # the plan's "today": Q2/2026 opens 10/05, due 18/05, locks 02/06
BEFORE, OVERDUE = ReminderKind.BEFORE_DUE, ReminderKind.OVERDUE


@pytest.fixture
def plan(org):
    return make_plan(org, today=T)


def _day(offset: int) -> dt.date:
    return T + dt.timedelta(days=offset)


def _logs() -> list[tuple[str, str, dt.date, int]]:
    return list(
        ReminderLog.objects.order_by("sent_on", "unit__code", "kind").values_list(
            "unit__code", "kind", "sent_on", "recipients"
        )
    )


# --- The days (pure) -----------------------------------------------------------------------------


def _due(today: dt.date, **setup: object) -> ReminderKind | None:
    return reminder_due(
        today,
        opens_on=dt.date(2026, 5, 1),
        due_on=dt.date(2026, 5, 15),
        locks_on=dt.date(2026, 5, 31),
        reminder_days=setup.get("reminder_days", [7, 1]),  # type: ignore[arg-type]
        overdue_every_days=setup.get("every", 3),  # type: ignore[arg-type]
    )


def test_reminder_days_before_the_due_date_and_then_overdue_every_three_days():
    days = {day: _due(dt.date(2026, 5, day)) for day in range(1, 32)}

    assert {day: kind for day, kind in days.items() if kind} == {
        8: BEFORE,  # 7 days before 15/05
        14: BEFORE,  # 1 day before
        16: OVERDUE,  # first overdue day
        19: OVERDUE,
        22: OVERDUE,
        25: OVERDUE,
        28: OVERDUE,
        31: OVERDUE,  # the lock date still counts
    }


def test_no_reminder_before_entry_opens_or_after_the_lock_date():
    assert _due(dt.date(2026, 4, 24), reminder_days=[21]) is None  # 21 days before: not open yet
    assert _due(dt.date(2026, 6, 1), every=1) is None


def test_zero_means_the_due_date_itself_and_never_overdue():
    assert _due(dt.date(2026, 5, 15), reminder_days=[0]) == BEFORE
    assert [_due(dt.date(2026, 5, day), every=0) for day in range(16, 32)] == [None] * 16


@given(
    day=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31)),
    days=st.lists(st.integers(min_value=0, max_value=60), max_size=4),
    every=st.integers(min_value=0, max_value=10),
)
def test_reminders_only_between_opening_and_locking(day, days, every):
    kind = _due(day, reminder_days=days, every=every)

    if kind is not None:
        assert dt.date(2026, 5, 1) <= day <= dt.date(2026, 5, 31)
    if kind == BEFORE:
        assert (dt.date(2026, 5, 15) - day).days in days
    if kind == OVERDUE:
        assert day > dt.date(2026, 5, 15)


# --- Sending -------------------------------------------------------------------------------------


def test_the_exact_days_reminders_go_out_over_a_period(cast, plan, org):
    make_report(plan, org.a, status=ReportStatus.SUBMITTED, pending_level=plan.levels[1])

    for offset in range(-10, 26):
        send_reminders(today=_day(offset))

    # Q2/2026: opens 10/05, due 18/05, locks 02/06; BV_A submitted, BV_B did not start.
    assert [(code, kind, day) for code, kind, day, _ in _logs()] == [
        ("BV_B", "before_due", dt.date(2026, 5, 11)),
        ("BV_B", "before_due", dt.date(2026, 5, 17)),
        ("BV_B", "overdue", dt.date(2026, 5, 19)),
        ("BV_B", "overdue", dt.date(2026, 5, 22)),
        ("BV_B", "overdue", dt.date(2026, 5, 25)),
        ("BV_B", "overdue", dt.date(2026, 5, 28)),
        ("BV_B", "overdue", dt.date(2026, 5, 31)),
    ]


def test_recipients_are_the_units_officers_and_head_deduplicated(cast, plan, org):
    both = UserFactory(username="ca_hai_vai_tro", email="hai.vaitro@benhvien-a.vn")
    grant(both, Role.UNIT_OFFICER, org.a)
    grant(both, Role.UNIT_HEAD, org.a)
    grant(UserFactory(username="bi_khoa", is_active=False), Role.UNIT_OFFICER, org.a)

    summary = send_reminders(today=_day(-2))

    # the unit officer and head of BV_A (not the department's roles on the Sở, not the
    # council member or reviewer, not an inactive account); nobody acts for BV_B
    assert [(code, recipients) for code, _, _, recipients in _logs()] == [("BV_A", 3), ("BV_B", 0)]
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "ca_hai_vai_tro",
        "unit_head",
        "unit_officer",
    ]
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "hai.vaitro@benhvien-a.vn",
        "unit_head@example.vn",
        "unit_officer@example.vn",
    ]
    assert (summary.reminders, summary.notifications, summary.emails) == (2, 3, 3)


def test_a_second_run_the_same_day_sends_nothing(cast, plan):
    first = send_reminders(today=_day(-2))
    notifications, emails = Notification.objects.count(), len(mail.outbox)

    second = send_reminders(today=_day(-2))

    assert (first.reminders, second.reminders, second.already_sent) == (2, 0, 2)
    assert (Notification.objects.count(), len(mail.outbox)) == (notifications, emails)
    assert str(second) == "Ngày 11/05/2026: không có nhắc hạn nào cần gửi (2 lượt đã gửi trước đó)."


@pytest.mark.parametrize(
    ("status", "reminded"),
    [
        (ReportStatus.DRAFT, True),
        (ReportStatus.RETURNED, True),
        (ReportStatus.SUBMITTED, False),
        (ReportStatus.APPROVED, False),
    ],
)
def test_only_units_that_have_not_submitted_are_reminded(cast, plan, org, status, reminded):
    make_report(plan, org.a, status=status)

    send_reminders(today=_day(4))

    assert [code for code, _, _, _ in _logs()] == (["BV_A", "BV_B"] if reminded else ["BV_B"])


def test_nothing_after_the_lock_date(cast, plan):
    summary = send_reminders(today=plan.current.locks_on + dt.timedelta(days=1))

    assert (summary.reminders, _logs(), mail.outbox) == (0, [], [])


def test_nothing_for_a_movement_not_launched(cast, plan):
    plan.movement.status = MovementStatus.CLOSED
    plan.movement.save()

    assert send_reminders(today=_day(-2)).reminders == 0


def test_nothing_for_periods_of_kinds_not_reported(cast, plan):
    ReportingSetup.objects.filter(movement=plan.movement).update(reported_kinds=["year"])

    assert send_reminders(today=_day(-2)).reminders == 0


def test_the_setups_days_are_used(cast, plan):
    ReportingSetup.objects.filter(movement=plan.movement).update(
        reminder_days=[3], overdue_every_days=0
    )

    days = [offset for offset in range(-10, 26) if send_reminders(today=_day(offset)).reminders]

    assert days == [2]  # three days before 18/05; never overdue


def test_the_email_is_in_vietnamese_with_the_period_the_due_date_and_the_link(cast, plan, org):
    send_reminders(today=_day(-2))

    message = next(m for m in mail.outbox if m.to == ["unit_officer@example.vn"])
    assert message.subject == "[Thi Đua Số] Sắp đến hạn nộp báo cáo Quý II/2026 — Bệnh viện A"
    assert message.body.startswith(f"Kính gửi {cast[Role.UNIT_OFFICER].display_name},\n\n")
    assert (
        f"Báo cáo Quý II/2026 của Bệnh viện A trong phong trào “{plan.movement.name}” hiện chưa "
        "bắt đầu nhập.\nHạn nộp: 18/05/2026 (còn 7 ngày). Số liệu khóa sau ngày 02/06/2026."
    ) in message.body
    link = f"http://127.0.0.1:8000/bao-cao/ky/{plan.current.pk}/don-vi/{org.a.pk}/"
    assert f"Nhập và nộp báo cáo tại: {link}\n" in message.body


def test_an_overdue_email_says_how_late_and_links_the_existing_report(cast, plan, org):
    report = make_report(plan, org.a, status=ReportStatus.RETURNED)

    send_reminders(today=_day(9))

    message = next(m for m in mail.outbox if m.to == ["unit_head@example.vn"])
    assert message.subject == "[Thi Đua Số] Quá hạn nộp báo cáo Quý II/2026 — Bệnh viện A"
    assert "hiện bị trả lại, cần sửa và nộp lại." in message.body
    assert (
        "Báo cáo đã quá hạn nộp 4 ngày (hạn nộp 18/05/2026). Báo cáo nộp bây giờ vẫn được "
        "nhận nhưng tính là nộp muộn; sau ngày 02/06/2026 số liệu bị khóa."
    ) in message.body
    assert f"/bao-cao/{report.pk}/nhap/" in message.body


def test_the_notification_opens_the_report(cast, plan, org):
    send_reminders(today=_day(-2))

    notification = Notification.objects.get(user=cast[Role.UNIT_OFFICER])
    assert notification.title == "Sắp đến hạn nộp báo cáo Quý II/2026 — Bệnh viện A"
    assert notification.url == f"/bao-cao/ky/{plan.current.pk}/don-vi/{org.a.pk}/"
    assert notification.read_at is None


def test_a_mail_server_failure_keeps_the_in_app_reminders(cast, plan, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 1},
        }
    }

    summary = send_reminders(today=_day(-2))

    assert (summary.reminders, summary.notifications, summary.emails) == (2, 2, 0)
    assert summary.email_failures == 2
    assert Notification.objects.count() == 2


# --- The command and the task --------------------------------------------------------------------


def test_command_sends_the_reminders_of_the_given_day(cast, plan):
    out = StringIO()

    call_command("send_report_reminders", "--today", "11/05/2026", stdout=out)

    assert out.getvalue() == (
        "Ngày 11/05/2026: đã nhắc 2 lượt (đơn vị × kỳ báo cáo), 2 thông báo, 2 thư điện tử.\n"
    )


def test_command_refuses_a_malformed_day(db):
    with pytest.raises(CommandError, match="Ngày không hợp lệ: “2026-05-11”"):
        call_command("send_report_reminders", "--today", "2026-05-11")


def test_the_scheduled_task_sends_todays_reminders(cast, org):
    plan = make_plan(org)  # the current quarter: due in 5 days
    ReportingSetup.objects.filter(movement=plan.movement).update(reminder_days=[5])

    result = task_send_reminders.call()

    day = timezone.localdate().strftime("%d/%m/%Y")
    assert result == (
        f"Ngày {day}: đã nhắc 2 lượt (đơn vị × kỳ báo cáo), 2 thông báo, 2 thư điện tử."
    )
