"""Services of scores: scoring a report at submission, appraisal adjustments."""

import datetime as dt
from decimal import Decimal

import pytest

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import TargetStatus
from thidua.movements.models import ScoringTable, ScoringVersion, Target, TitleBand
from thidua.movements.tests.factories import make_rule
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import CriterionScore, ReportScore
from thidua.reporting.services.scores import adjust_points, clear_adjustment, score_report
from thidua.reporting.tests.factories import Plan, make_plan, make_report

D = Decimal
FULL = {"TL_DVC": "85", "CB_DAO_TAO": "25", "DIEN_TAP": "1", "SU_CO": "1"}


@pytest.fixture
def plan(org: Org) -> Plan:
    return make_plan(org)


def _criteria(report_id: int) -> list[tuple[str, Decimal, Decimal | None]]:
    return [
        (row.criterion.code, row.self_points, row.appraised_points)
        for row in CriterionScore.objects.filter(report_id=report_id)
        .select_related("criterion")
        .order_by("criterion__code")
    ]


def test_score_report_adds_criteria_bonus_and_penalty(plan: Plan, org: Org, cast: Cast) -> None:
    report = make_report(plan, org.a, values=FULL, status=ReportStatus.SUBMITTED)

    score = score_report(report=report, by=cast[Role.UNIT_OFFICER])

    assert score is not None
    assert (score.self_total, score.appraised_total, score.penalty, score.bonus) == (
        D("85.00"),
        D("85.00"),
        D("5.00"),
        D("0.00"),
    )
    assert score.title == "Tốt"
    assert score.version == plan.version
    assert _criteria(report.pk) == [("TC1", D("50.00"), None), ("TC2", D("40.00"), None)]
    report.refresh_from_db()
    assert report.scoring_version == plan.version


def test_score_report_freezes_the_version_once(plan: Plan, org: Org, cast: Cast) -> None:
    first = make_report(plan, org.a, values=FULL, status=ReportStatus.SUBMITTED)
    second = make_report(plan, org.b, values=FULL, status=ReportStatus.SUBMITTED)

    score_report(report=first, by=cast[Role.UNIT_OFFICER])
    score_report(report=second, by=cast[Role.UNIT_OFFICER])

    plan.version.refresh_from_db()
    assert plan.version.is_frozen
    entries = AuditEntry.objects.filter(target_type="movements.scoringversion")
    assert [entry.reason for entry in entries] == [
        f"Chấm điểm báo cáo {plan.current.name} của {org.a.name} lần đầu"
    ]


def test_score_report_of_a_draft_does_not_freeze(plan: Plan, org: Org) -> None:
    report = make_report(plan, org.a, values=FULL)

    score_report(report=report, by=None)

    plan.version.refresh_from_db()
    assert not plan.version.is_frozen


def test_score_report_caps_criteria_and_never_goes_below_zero(plan: Plan, org: Org) -> None:
    report = make_report(
        plan,
        org.a,
        values={"TL_DVC": "10", "CB_DAO_TAO": "0", "DIEN_TAP": "0", "SU_CO": "7"},
    )

    score = score_report(report=report, by=None)

    assert score is not None
    assert (score.self_total, score.penalty) == (D("0.00"), D("10.00"))
    assert score.title == "Chưa đạt"


def test_score_report_uses_the_units_approved_target(plan: Plan, org: Org) -> None:
    Target.objects.create(
        indicator=plan.indicators["CB_DAO_TAO"], unit=org.a, year=plan.current.year, value=25
    )
    Target.objects.create(
        indicator=plan.indicators["CB_DAO_TAO"],
        unit=org.b,
        year=plan.current.year,
        value=25,
        status=TargetStatus.PROPOSED,
    )
    a = make_report(plan, org.a, values={"CB_DAO_TAO": "25"})
    b = make_report(plan, org.b, values={"CB_DAO_TAO": "25"})

    score_a = score_report(report=a, by=None)
    score_b = score_report(report=b, by=None)

    assert score_a is not None
    assert score_b is not None
    assert (score_a.self_total, score_b.self_total) == (D("20.00"), D("10.00"))


def test_score_report_picks_the_version_in_force_at_the_period_end(plan: Plan, org: Org) -> None:
    later = ScoringVersion.objects.create(
        table=plan.version.table, number=2, effective_from=plan.current.start_date
    )
    make_rule(later, plan.indicators["DIEN_TAP"], method="yes_no", max_points="10")
    TitleBand.objects.create(version=later, min_total=0, label="Đạt")
    report = make_report(plan, org.a, values=FULL)
    older = make_report(plan, org.a, period=plan.previous, values=FULL)

    score = score_report(report=report, by=None)
    old_score = score_report(report=older, by=None)

    assert score is not None
    assert old_score is not None
    assert (score.version, score.self_total, score.title) == (later, D("10.00"), "Đạt")
    assert old_score.version == plan.version


def test_score_report_prefers_the_latest_effective_date_then_the_lowest_table(
    plan: Plan, org: Org
) -> None:
    other = ScoringTable.objects.create(movement=plan.movement, name="Bảng phụ")
    same_day = ScoringVersion.objects.create(
        table=other, number=1, effective_from=plan.version.effective_from
    )
    make_rule(same_day, plan.indicators["DIEN_TAP"], method="yes_no", max_points="5")
    report = make_report(plan, org.a, values=FULL)

    score = score_report(report=report, by=None)

    assert score is not None
    assert score.version == plan.version


def test_score_report_without_a_version_in_force_stores_nothing(plan: Plan, org: Org) -> None:
    ScoringVersion.objects.filter(pk=plan.version.pk).update(
        effective_from=plan.current.end_date + dt.timedelta(days=1)
    )
    report = make_report(plan, org.a, values=FULL)

    assert score_report(report=report, by=None) is None
    assert not ReportScore.objects.exists()


def test_score_report_keeps_appraisal_adjustments(plan: Plan, org: Org, cast: Cast) -> None:
    report = make_report(plan, org.a, values=FULL, status=ReportStatus.SUBMITTED)
    score_report(report=report, by=None)
    adjust_points(
        report=report,
        criterion=plan.criteria["TC2"],
        points=D("20"),
        reason="Minh chứng diễn tập chưa đầy đủ",
        by=cast[Role.DEPT_OFFICER],
    )

    score = score_report(report=report, by=None)

    assert score is not None
    assert (score.self_total, score.appraised_total) == (D("85.00"), D("65.00"))
    assert _criteria(report.pk) == [("TC1", D("50.00"), None), ("TC2", D("40.00"), D("20.00"))]


def test_adjust_points_recomputes_the_appraised_total_and_audits(
    plan: Plan, org: Org, cast: Cast
) -> None:
    report = make_report(plan, org.a, values=FULL, status=ReportStatus.SUBMITTED)
    score_report(report=report, by=None)
    officer = cast[Role.DEPT_OFFICER]

    row = adjust_points(
        report=report,
        criterion=plan.criteria["TC1"],
        points=D("55.5"),
        reason="Tỉ lệ trực tuyến được xác minh lại",
        by=officer,
    )

    score = ReportScore.objects.get(report=report)
    assert (row.self_points, row.appraised_points, row.adjusted_by) == (
        D("50.00"),
        D("55.50"),
        officer,
    )
    assert (score.self_total, score.appraised_total, score.title) == (
        D("85.00"),
        D("90.50"),
        "Xuất sắc",
    )
    entry = AuditEntry.objects.get(
        action=AuditAction.UPDATE, target_type="reporting.criterionscore"
    )
    assert entry.reason == "Tỉ lệ trực tuyến được xác minh lại"
    assert entry.changes["appraised_points"] == [None, "55,5"]
    assert entry.unit_path == org.a.path


@pytest.mark.parametrize(
    ("points", "reason", "field", "message"),
    [
        (
            D("61"),
            "Lý do",
            "points",
            "Điểm thẩm định phải từ 0 đến 60 (điểm tối đa của tiêu chí TC1).",
        ),
        (
            D("-1"),
            "Lý do",
            "points",
            "Điểm thẩm định phải từ 0 đến 60 (điểm tối đa của tiêu chí TC1).",
        ),
        (D("1.255"), "Lý do", "points", "Điểm thẩm định chỉ được có tối đa 2 chữ số thập phân."),
        (D("30"), "   ", "reason", "Hãy ghi lý do điều chỉnh điểm."),
    ],
)
def test_adjust_points_refuses_bad_input(
    plan: Plan, org: Org, cast: Cast, points: Decimal, reason: str, field: str, message: str
) -> None:
    report = make_report(plan, org.a, values=FULL, status=ReportStatus.SUBMITTED)
    score_report(report=report, by=None)

    with pytest.raises(DomainError) as error:
        adjust_points(
            report=report,
            criterion=plan.criteria["TC1"],
            points=points,
            reason=reason,
            by=cast[Role.DEPT_OFFICER],
        )

    assert (error.value.field, error.value.message) == (field, message)
    assert CriterionScore.objects.filter(appraised_points__isnull=False).count() == 0


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.UNIT_OFFICER, Role.DEPT_LEADER])
def test_adjust_points_needs_manage_reporting(plan: Plan, org: Org, cast: Cast, role: Role) -> None:
    report = make_report(plan, org.a, values=FULL, status=ReportStatus.SUBMITTED)
    score_report(report=report, by=None)

    with pytest.raises(PermissionDeniedError):
        adjust_points(
            report=report,
            criterion=plan.criteria["TC1"],
            points=D("10"),
            reason="Lý do",
            by=cast[role],
        )


def test_adjust_points_refuses_a_draft(plan: Plan, org: Org, cast: Cast) -> None:
    report = make_report(plan, org.a, values=FULL)
    score_report(report=report, by=None)

    with pytest.raises(DomainError) as error:
        adjust_points(
            report=report,
            criterion=plan.criteria["TC1"],
            points=D("10"),
            reason="Lý do",
            by=cast[Role.DEPT_OFFICER],
        )

    assert error.value.message == "Chỉ thẩm định được báo cáo đã nộp hoặc đã duyệt."


def test_clear_adjustment_restores_the_self_points(plan: Plan, org: Org, cast: Cast) -> None:
    report = make_report(plan, org.a, values=FULL, status=ReportStatus.SUBMITTED)
    score_report(report=report, by=None)
    officer = cast[Role.DEPT_OFFICER]
    adjust_points(
        report=report, criterion=plan.criteria["TC2"], points=D("0"), reason="Sai", by=officer
    )

    clear_adjustment(
        report=report, criterion=plan.criteria["TC2"], reason="Đã bổ sung minh chứng", by=officer
    )

    score = ReportScore.objects.get(report=report)
    assert score.appraised_total == D("85.00")
    assert _criteria(report.pk) == [("TC1", D("50.00"), None), ("TC2", D("40.00"), None)]
