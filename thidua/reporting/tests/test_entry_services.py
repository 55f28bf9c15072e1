"""Entering a report's values: start, save one value, apply many; every refusal of the issue's
"bad input" (text in a number field, a negative count, entry after the lock date, two editors)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import PeriodKind
from thidua.movements.models import Period
from thidua.organizations.tests.factories import PersonFactory
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import EntryException, Evidence, EvidenceFile, Report, ReportValue
from thidua.reporting.selectors.entry import issues_of
from thidua.reporting.services.entry import (
    StaleValueError,
    apply_values,
    save_value,
    start_report,
)
from thidua.reporting.tests.factories import make_plan, make_report


@pytest.fixture
def plan(org):
    return make_plan(org)


@pytest.fixture
def officer(cast):
    return cast[Role.UNIT_OFFICER]


def _values(report):
    return {
        row.indicator.code: row.value
        for row in ReportValue.objects.filter(report=report).select_related("indicator")
    }


def _row(report, code):
    return ReportValue.objects.get(report=report, indicator__code=code)


def _save(report, plan, code, raw, by, **kwargs):
    row = _row(report, code)
    return save_value(
        report=report,
        indicator=plan.indicators[code],
        raw=raw,
        revision=kwargs.pop("revision", row.revision),
        by=by,
        **kwargs,
    )


# -- start_report -------------------------------------------------------------------------------


def test_start_report_creates_a_draft_with_a_row_per_indicator(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a, by=officer)

    assert report.status == ReportStatus.DRAFT
    assert sorted(_values(report)) == sorted(plan.indicators)
    assert ReportValue.objects.get(report=report, indicator__code="TL_DVC").is_computed is True
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.CREATE, target_type="reporting.report", target_id=str(report.pk)
        ).count()
        == 1
    )


def test_start_report_twice_returns_the_same_report(org, plan, officer):
    first = start_report(period=plan.current, unit=org.a, by=officer)

    second = start_report(period=plan.current, unit=org.a, by=officer)

    assert second.pk == first.pk


def test_start_report_for_a_khoa_of_a_participant(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a1, by=officer)

    assert report.unit == org.a1


def test_start_report_refuses_a_unit_outside_the_officers_scope(org, plan, officer):
    with pytest.raises(PermissionDeniedError):
        start_report(period=plan.current, unit=org.b, by=officer)


def test_start_report_refuses_a_unit_not_taking_part(org, plan, cast):
    with pytest.raises(DomainError, match="không tham gia"):
        start_report(period=plan.current, unit=org.office, by=cast[Role.SYSTEM_ADMIN])


def test_start_report_refuses_a_period_kind_not_reported(org, plan, officer):
    month = Period.objects.create(
        movement=plan.movement, kind=PeriodKind.MONTH, year=plan.current.year, number=1,
        name="Tháng 1", start_date=plan.current.start_date, end_date=plan.current.end_date,
        opens_on=plan.current.opens_on, due_on=plan.current.due_on,
        locks_on=plan.current.locks_on,
    )  # fmt: skip

    with pytest.raises(DomainError, match="Tháng"):
        start_report(period=month, unit=org.a, by=officer)


def test_start_report_refuses_after_the_lock_date(org, plan, officer):
    with pytest.raises(DomainError, match="đã khóa"):
        start_report(period=plan.previous, unit=org.a, by=officer)


def test_start_report_after_the_lock_date_with_an_exception(org, plan, officer, cast):
    EntryException.objects.create(
        period=plan.previous, unit=org.a, until=timezone.localdate(), reason="Gia hạn",
        granted_by=cast[Role.DEPT_OFFICER],
    )  # fmt: skip

    report = start_report(period=plan.previous, unit=org.a, by=officer)

    assert report.period == plan.previous


# -- save_value ---------------------------------------------------------------------------------


def test_save_value_reads_vietnamese_numbers_and_recomputes_the_formula(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a, by=officer)

    _save(report, plan, "DVC_TONG", "1.200", officer)
    saved = _save(report, plan, "DVC_TRUC_TUYEN", "1.020,0", officer)

    assert _values(report)["DVC_TONG"] == Decimal(1200)
    assert _values(report)["TL_DVC"] == Decimal(85)
    assert {row.indicator.code: row.value for row in saved.computed} == {"TL_DVC": Decimal(85)}
    assert saved.changed is True
    assert Report.objects.get(pk=report.pk).revision == 2


def test_save_value_writes_one_audit_entry_with_old_and_new(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a, by=officer)
    _save(report, plan, "DVC_TONG", "10", officer)

    _save(report, plan, "DVC_TONG", "12,5", officer)

    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).latest("pk")
    assert entry.changes == {"DVC_TONG": ["10", "12,5"]}
    assert entry.unit_path == org.a.path


def test_save_value_of_what_is_stored_writes_nothing(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a, by=officer)
    _save(report, plan, "DVC_TONG", "10", officer)
    audits = AuditEntry.objects.count()

    saved = _save(report, plan, "DVC_TONG", "10,0", officer)

    assert saved.changed is False
    assert AuditEntry.objects.count() == audits


def test_save_value_refuses_text_in_a_number_field(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a, by=officer)

    with pytest.raises(DomainError) as refused:
        _save(report, plan, "DVC_TONG", "mười hai", officer)

    assert refused.value.message == (
        "DVC_TONG — Tổng số thủ tục hành chính: Giá trị phải là một số, ví dụ 12,5."
    )
    assert refused.value.field == "DVC_TONG"
    assert _values(report)["DVC_TONG"] is None


def test_save_value_refuses_a_negative_count(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a, by=officer)

    with pytest.raises(DomainError, match="Số lượng không được âm"):
        _save(report, plan, "CB_DAO_TAO", "-3", officer)


def test_save_value_refuses_a_computed_indicator(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a, by=officer)

    with pytest.raises(DomainError, match="công thức"):
        _save(report, plan, "TL_DVC", "50", officer)


def test_save_value_refuses_a_report_out_of_scope(org, plan, officer, cast):
    other = start_report(period=plan.current, unit=org.b, by=cast[Role.SYSTEM_ADMIN])

    with pytest.raises(PermissionDeniedError):
        _save(other, plan, "DVC_TONG", "1", officer)


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED])
def test_save_value_refuses_a_locked_report(org, plan, officer, status):
    report = start_report(period=plan.current, unit=org.a, by=officer)
    Report.objects.filter(pk=report.pk).update(status=status)

    with pytest.raises(DomainError) as refused:
        _save(report, plan, "DVC_TONG", "1", officer)

    assert refused.value.code == "locked"


def test_save_value_refuses_after_the_lock_date(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a, by=officer)
    Period.objects.filter(pk=plan.current.pk).update(
        opens_on=timezone.localdate() - dt.timedelta(days=30),
        due_on=timezone.localdate() - dt.timedelta(days=20),
        locks_on=timezone.localdate() - dt.timedelta(days=1),
    )

    with pytest.raises(DomainError) as refused:
        _save(report, plan, "DVC_TONG", "1", officer)

    assert refused.value.code == "closed"
    assert "khóa" in refused.value.message


def test_second_editor_is_told_and_nothing_is_overwritten(org, plan, officer, cast):
    report = start_report(period=plan.current, unit=org.a, by=officer)
    loaded = _row(report, "DVC_TONG").revision
    head = cast[Role.UNIT_OFFICER]
    _save(report, plan, "DVC_TONG", "40", head, revision=loaded)

    with pytest.raises(StaleValueError) as refused:
        _save(report, plan, "DVC_TONG", "50", officer, revision=loaded)

    assert refused.value.current_value == Decimal(40)
    assert "giá trị hiện tại là “40”" in refused.value.message
    assert refused.value.changed_by == (head.display_name or head.username)
    assert _values(report)["DVC_TONG"] == Decimal(40)


def test_second_editor_typing_the_same_value_is_no_conflict(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a, by=officer)
    loaded = _row(report, "DVC_TONG").revision
    _save(report, plan, "DVC_TONG", "40", officer, revision=loaded)

    saved = _save(report, plan, "DVC_TONG", "40", officer, revision=loaded)

    assert saved.changed is False


def test_save_value_keeps_an_explanation(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a, by=officer)

    _save(report, plan, "SU_CO", "4", officer, explanation="Do tấn công mạng diện rộng")

    assert _row(report, "SU_CO").explanation == "Do tấn công mạng diện rộng"


# -- apply_values -------------------------------------------------------------------------------


def test_apply_values_writes_all_with_one_audit_entry(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a, by=officer)
    audits = AuditEntry.objects.count()
    ids = {code: ind.pk for code, ind in plan.indicators.items()}

    changed = apply_values(
        report=report,
        values={ids["DVC_TONG"]: Decimal(200), ids["DVC_TRUC_TUYEN"]: "150", ids["DIEN_TAP"]: "có"},
        by=officer,
    )

    assert changed == 3
    assert _values(report)["TL_DVC"] == Decimal(75)
    assert _values(report)["DIEN_TAP"] == Decimal(1)
    assert AuditEntry.objects.count() == audits + 1


def test_apply_values_is_all_or_nothing(org, plan, officer):
    report = start_report(period=plan.current, unit=org.a, by=officer)
    ids = {code: ind.pk for code, ind in plan.indicators.items()}

    with pytest.raises(DomainError, match="CB_DAO_TAO"):
        apply_values(
            report=report,
            values={ids["DVC_TONG"]: Decimal(200), ids["CB_DAO_TAO"]: Decimal(-1)},
            by=officer,
        )

    assert _values(report)["DVC_TONG"] is None


def test_apply_values_refuses_a_submitted_report(org, plan, officer):
    report = make_report(plan, org.a, status=ReportStatus.SUBMITTED)

    with pytest.raises(DomainError):
        apply_values(report=report, values={plan.indicators["DVC_TONG"].pk: Decimal(1)}, by=officer)


# -- issues_of ----------------------------------------------------------------------------------


def test_issues_of_reports_missing_values_staff_evidence_and_jumps(org, plan, officer):
    for _ in range(3):  # with the cast's staff person: 4 people in BV_A
        PersonFactory(unit=org.a1)
    make_report(plan, org.a, period=plan.previous, values={"SU_CO": "1"})
    report = make_report(
        plan, org.a,
        values={"DVC_TONG": "10", "DVC_TRUC_TUYEN": "20", "TL_DVC": "200", "CB_DAO_TAO": "5",
                "DIEN_TAP": "1", "SU_CO": "5"},
    )  # fmt: skip

    issues = issues_of(report)

    assert [(i.code, i.level) for i in issues] == [
        ("TL_DVC", "error"),
        ("CB_DAO_TAO", "error"),
        ("DIEN_TAP", "error"),
        ("SU_CO", "warning"),
    ]
    assert issues[1].message == (
        "CB_DAO_TAO — Số cán bộ được đào tạo kỹ năng số: 5 người, nhiều hơn số cán bộ của đơn vị "
        "(4 người)."
    )


def test_issues_of_counts_evidence_of_the_criterion(org, plan, officer):
    report = make_report(plan, org.a, values={"DIEN_TAP": "1"})
    blob = EvidenceFile.objects.create(
        sha256="0" * 64, file="evidence/x.pdf", size=1, content_type="application/pdf",
        original_name="x.pdf",
    )  # fmt: skip
    Evidence.objects.create(report=report, criterion=plan.criteria["TC2"], blob=blob, name="x")

    codes = {i.code for i in issues_of(report) if "minh chứng" in i.message}

    assert codes == set()
