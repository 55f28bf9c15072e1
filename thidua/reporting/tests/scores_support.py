"""A scored year for the tests of score pages and the API: the shared plan (`make_plan`) on
15/08/2026, clusters of 2026 (K1 = BV_A + BV_B, K2 = BV_C), approved reports of Q2 and Q3 for
each unit, and the standings of 2026 recomputed."""

import datetime as dt
from dataclasses import dataclass

from thidua.movements.tests.factories import make_phase, make_scope
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.tests.factories import make_unit
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import Report
from thidua.reporting.services.standings import recompute_year
from thidua.reporting.tests.factories import Plan, make_plan, make_report

TODAY = dt.date(2026, 8, 15)
FULL = {"TL_DVC": "85", "CB_DAO_TAO": "25", "DIEN_TAP": "1", "SU_CO": "1"}  # 85
GOOD = {"TL_DVC": "60", "CB_DAO_TAO": "50", "DIEN_TAP": "1", "SU_CO": "0"}  # 80
WEAK = {"TL_DVC": "40", "CB_DAO_TAO": "50", "DIEN_TAP": "0", "SU_CO": "0"}  # 20


@dataclass
class ScoredYear:
    plan: Plan
    c: Unit
    k1: Cluster
    k2: Cluster
    reports: dict[tuple[str, str], Report]  # (unit code, "q2" | "q3")


def approved(plan: Plan, unit: Unit, period: object, values: dict[str, str]) -> Report:
    return make_report(
        plan,
        unit,
        period=period,  # type: ignore[arg-type]
        values=values,
        status=ReportStatus.APPROVED,
        first_submitted_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC),
    )


def add_unit(org: object, plan: Plan, code: str, name: str, cluster: Cluster) -> Unit:
    unit = make_unit(code, name, parent=org.root)  # type: ignore[attr-defined]
    make_scope(plan.movement, unit)
    ClusterMember.objects.create(cluster=cluster, unit=unit, year=2026)
    return unit


def scored_year(org: object) -> ScoredYear:
    plan = make_plan(org, today=TODAY)
    make_phase(plan.movement, 1, dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    k1 = Cluster.objects.create(year=2026, code="K1", name="Khối đa khoa")
    k2 = Cluster.objects.create(year=2026, code="K2", name="Khối chuyên khoa")
    for unit in (org.a, org.b):  # type: ignore[attr-defined]
        ClusterMember.objects.create(cluster=k1, unit=unit, year=2026)
    c = add_unit(org, plan, "BV_C", "Bệnh viện C", k2)
    reports = {}
    for unit, q2, q3 in ((org.a, FULL, GOOD), (org.b, GOOD, WEAK), (c, WEAK, FULL)):  # type: ignore[attr-defined]
        reports[(unit.code, "q2")] = approved(plan, unit, plan.previous, q2)
        reports[(unit.code, "q3")] = approved(plan, unit, plan.current, q3)
    recompute_year(movement=plan.movement, year=2026)
    return ScoredYear(plan=plan, c=c, k1=k1, k2=k2, reports=reports)
