"""Recomputing a year: rescoring in bulk, standings per period, year and phase, ranks overall and
within clusters, the background job."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.movements.enums import PeriodKind
from thidua.movements.models import Period
from thidua.movements.tests.factories import make_period, make_phase, make_scope
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.tests.factories import make_unit
from thidua.reporting.enums import JobStatus, ReportStatus, TieBreak
from thidua.reporting.models import CriterionScore, RecomputeJob, Report, ReportScore, Standing
from thidua.reporting.services.scores import adjust_points
from thidua.reporting.services.standings import (
    recompute_launched_movements,
    recompute_year,
    run_recompute_job,
    start_recompute,
)
from thidua.reporting.tests.factories import Plan, make_plan, make_report

D = Decimal
TODAY = dt.date(2026, 8, 15)  # current = Q3 2026, previous = Q2 2026
FULL = {"TL_DVC": "85", "CB_DAO_TAO": "25", "DIEN_TAP": "1", "SU_CO": "1"}  # 85
GOOD = {"TL_DVC": "60", "CB_DAO_TAO": "50", "DIEN_TAP": "1", "SU_CO": "0"}  # 80
WEAK = {"TL_DVC": "40", "CB_DAO_TAO": "50", "DIEN_TAP": "0", "SU_CO": "0"}  # 20


@pytest.fixture
def plan(org: Org) -> Plan:
    return make_plan(org, today=TODAY)


@pytest.fixture
def unit_c(org: Org, plan: Plan) -> Unit:
    unit = make_unit("BV_C", "Bệnh viện C", parent=org.root)
    make_scope(plan.movement, unit)
    return unit


@pytest.fixture
def year_period(plan: Plan) -> Period:
    return make_period(
        plan.movement, PeriodKind.YEAR, 2026, 1, dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    )


def _approved(plan: Plan, unit: Unit, period: Period, values: dict[str, str], **fields) -> Report:
    fields.setdefault("first_submitted_at", dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    return make_report(
        plan, unit, period=period, values=values, status=ReportStatus.APPROVED, **fields
    )


def _clusters(org: Org, unit_c: Unit) -> tuple[Cluster, Cluster]:
    north = Cluster.objects.create(year=2026, code="K1", name="Khối bệnh viện đa khoa")
    south = Cluster.objects.create(year=2026, code="K2", name="Khối chuyên khoa")
    for cluster, unit in ((north, org.a), (north, org.b), (south, unit_c)):
        ClusterMember.objects.create(cluster=cluster, unit=unit, year=2026)
    return north, south


def _standings(span_key: str) -> list[tuple[str, Decimal, int, int | None, str]]:
    return [
        (row.unit.code, row.total, row.rank_overall, row.rank_in_cluster, row.title)
        for row in Standing.objects.filter(span_key=span_key)
        .select_related("unit")
        .order_by("rank_overall", "unit__code")
    ]


def test_recompute_year_scores_every_submitted_or_approved_report(plan: Plan, org: Org) -> None:
    approved = _approved(plan, org.a, plan.previous, FULL)
    submitted = make_report(plan, org.b, values=GOOD, status=ReportStatus.SUBMITTED)
    draft = make_report(plan, org.a, values=GOOD)
    khoa = _approved(plan, org.a1, plan.previous, WEAK)

    result = recompute_year(movement=plan.movement, year=2026)

    totals = dict(ReportScore.objects.values_list("report_id", "self_total"))
    assert totals == {approved.pk: D(85), submitted.pk: D(80), khoa.pk: D(20)}
    assert draft.pk not in totals
    assert (result.reports, result.standings) == (3, 2)
    plan.version.refresh_from_db()
    assert plan.version.is_frozen


def test_recompute_year_ranks_only_approved_reports_of_participant_units(
    plan: Plan, org: Org, unit_c: Unit
) -> None:
    _clusters(org, unit_c)
    _approved(plan, org.a, plan.previous, GOOD)
    _approved(plan, org.b, plan.previous, FULL)
    _approved(plan, unit_c, plan.previous, WEAK)
    _approved(plan, org.a1, plan.previous, FULL)  # a khoa: scored, never ranked
    make_report(plan, org.a, values=FULL, status=ReportStatus.SUBMITTED)  # not approved yet

    recompute_year(movement=plan.movement, year=2026)

    assert _standings(f"p:{plan.previous.pk}") == [
        ("BV_B", D(85), 1, 1, "Tốt"),
        ("BV_A", D(80), 2, 2, "Tốt"),
        ("BV_C", D(20), 3, 1, "Chưa đạt"),
    ]
    assert _standings(f"p:{plan.current.pk}") == []


def test_recompute_year_year_total_is_the_yearly_report_or_the_mean(
    plan: Plan, org: Org, year_period: Period
) -> None:
    _approved(plan, org.a, plan.previous, FULL)  # 85
    _approved(plan, org.a, plan.current, WEAK)  # 20 → mean 52,5
    _approved(plan, org.b, plan.previous, WEAK)
    _approved(plan, org.b, year_period, GOOD)  # the yearly report wins: 80

    recompute_year(movement=plan.movement, year=2026)

    assert _standings("y:2026") == [
        ("BV_B", D(80), 1, None, "Tốt"),
        ("BV_A", D("52.50"), 2, None, "Khá"),
    ]
    row = Standing.objects.get(span_key="y:2026", unit=org.a)
    assert (row.self_total, row.penalty, row.area_points) == (
        D("52.50"),
        D("2.50"),
        {"TC1": "35.00", "TC2": "20.00"},
    )


def test_recompute_year_phase_total_is_the_mean_of_year_totals(plan: Plan, org: Org) -> None:
    make_phase(plan.movement, 1, dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    q4_2025 = make_period(
        plan.movement, PeriodKind.QUARTER, 2025, 4, dt.date(2025, 10, 1), dt.date(2025, 12, 31)
    )
    _approved(plan, org.a, q4_2025, WEAK)  # 2025: 20
    _approved(plan, org.a, plan.previous, GOOD)  # 2026: 80
    _approved(plan, org.b, plan.previous, FULL)  # 2026: 85, no 2025
    recompute_year(movement=plan.movement, year=2025)

    recompute_year(movement=plan.movement, year=2026)

    assert _standings("ph:1") == [("BV_B", D(85), 1, None, "Tốt"), ("BV_A", D(50), 2, None, "Khá")]
    assert _standings("y:2025") == [("BV_A", D(20), 1, None, "Chưa đạt")]


def test_recompute_year_ties_follow_the_setup(plan: Plan, org: Org) -> None:
    setup = plan.movement.reporting_setup
    setup.tie_breaks = [TieBreak.SUBMITTED_FIRST.value]
    setup.save()
    _approved(
        plan, org.a, plan.previous, GOOD, first_submitted_at=dt.datetime(2026, 7, 2, tzinfo=dt.UTC)
    )
    _approved(
        plan, org.b, plan.previous, GOOD, first_submitted_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    )

    recompute_year(movement=plan.movement, year=2026)

    assert [row[:3] for row in _standings(f"p:{plan.previous.pk}")] == [
        ("BV_B", D(80), 1),
        ("BV_A", D(80), 2),
    ]
    setup.tie_breaks = []
    setup.save()
    recompute_year(movement=plan.movement, year=2026)
    assert [row[:3] for row in _standings(f"p:{plan.previous.pk}")] == [
        ("BV_A", D(80), 1),
        ("BV_B", D(80), 1),
    ]


def test_recompute_year_uses_appraised_points(plan: Plan, org: Org, cast: Cast) -> None:
    a = _approved(plan, org.a, plan.previous, FULL)
    _approved(plan, org.b, plan.previous, GOOD)
    recompute_year(movement=plan.movement, year=2026)
    adjust_points(
        report=a,
        criterion=plan.criteria["TC2"],
        points=D(10),
        reason="Chưa có biên bản diễn tập",
        by=cast[Role.DEPT_OFFICER],
    )

    recompute_year(movement=plan.movement, year=2026)

    assert [row[:3] for row in _standings(f"p:{plan.previous.pk}")] == [
        ("BV_B", D(80), 1),
        ("BV_A", D(55), 2),
    ]
    assert CriterionScore.objects.get(
        report=a, criterion=plan.criteria["TC2"]
    ).appraised_points == D(10)


def test_recompute_year_writes_nothing_when_nothing_changed(plan: Plan, org: Org) -> None:
    _approved(plan, org.a, plan.previous, FULL)
    recompute_year(movement=plan.movement, year=2026)

    again = recompute_year(movement=plan.movement, year=2026)

    assert again.rows_written == 0


def test_recompute_year_query_count_does_not_grow_with_reports(plan: Plan, org: Org) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            recompute_year(movement=plan.movement, year=2026)
        return len(captured.captured_queries)

    _approved(plan, org.a, plan.previous, FULL)
    recompute_year(movement=plan.movement, year=2026)
    one = queries()
    for unit in (org.b, org.a1, org.a2, org.b1):
        _approved(plan, unit, plan.previous, GOOD)
        _approved(plan, unit, plan.current, WEAK)
    recompute_year(movement=plan.movement, year=2026)

    assert queries() == one


# --- The job -------------------------------------------------------------------------------------


def test_start_recompute_queues_a_job_and_the_job_runs(plan: Plan, org: Org, cast: Cast) -> None:
    _approved(plan, org.a, plan.previous, FULL)
    officer = cast[Role.DEPT_OFFICER]

    job = start_recompute(movement=plan.movement, year=2026, by=officer)
    again = start_recompute(movement=plan.movement, year=2026, by=officer)
    finished = run_recompute_job(job)

    assert again == job
    assert (finished.status, finished.progress_percent, finished.total_steps) == (
        JobStatus.SUCCEEDED,
        100,
        2,
    )
    assert finished.message.startswith(
        "Đã tính lại điểm 1 báo cáo và xếp hạng 2 kết quả của năm 2026"
    )


@pytest.mark.parametrize("role", [Role.DEPT_LEADER, Role.UNIT_HEAD, Role.INSPECTOR])
def test_start_recompute_needs_manage_reporting(plan: Plan, cast: Cast, role: Role) -> None:
    with pytest.raises(PermissionDeniedError):
        start_recompute(movement=plan.movement, year=2026, by=cast[role])

    assert not RecomputeJob.objects.exists()


def test_start_recompute_refuses_a_year_outside_the_movement(plan: Plan, cast: Cast) -> None:
    with pytest.raises(DomainError) as error:
        start_recompute(movement=plan.movement, year=2040, by=cast[Role.DEPT_OFFICER])

    assert error.value.field == "year"


def test_nightly_recompute_covers_launched_movements(plan: Plan, org: Org) -> None:
    _approved(plan, org.a, plan.previous, FULL)

    jobs = recompute_launched_movements(today=TODAY)

    assert [(job.movement, job.year, job.status) for job in jobs] == [
        (plan.movement, 2026, JobStatus.SUCCEEDED)
    ]
    assert Standing.objects.filter(span_key="y:2026").count() == 1
