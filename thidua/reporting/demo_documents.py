"""Demo only: the official documents a demo opens with in the register “Văn bản”.

After the demo reports are scored, the department officer issues the movement's plan of the
current year and the cluster ranking of the last scored year, and Bệnh viện Xanh Pôn's officer
issues its last approved periodic report and its scorecard — each through the same services as
the pages' buttons, so the register, the downloads and the verification page show real
documents. A production install never runs it (`seed_reporting_demo` refuses production).
"""

import datetime as dt

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.movements.models import Movement
from thidua.movements.selectors.registrations import movement_years
from thidua.movements.services.documents import issue_movement_plan
from thidua.organizations.demo_data.plan import SHOWCASE_UNIT_CODE
from thidua.organizations.models import Cluster, RoleAssignment
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import Report, ReportScore, Standing
from thidua.reporting.selectors.scores import span_by_key
from thidua.reporting.services.documents import (
    issue_periodic_report,
    issue_ranking,
    issue_scorecard,
)


def _user_with(role: Role, unit_path: str) -> User | None:
    """The first user holding `role` at a unit on the line of `unit_path` (nearest first)."""
    for assignment in (
        RoleAssignment.objects.filter(role=role)
        .select_related("user", "unit")
        .order_by("-unit__depth", "pk")
    ):
        if unit_path.startswith(assignment.unit.path):
            return assignment.user
    return None


def issue_demo_documents(movement: Movement, *, today: dt.date) -> int:
    """Issue the demo's documents; returns how many. A document whose data the demo lacks (no
    officer, no abbreviation, no scored year, no approved report) is not issued; a refusal of
    the services (DomainError) is raised: the demo data should always allow them."""
    issued = 0
    owner = movement.owner
    officer = _user_with(Role.DEPT_OFFICER, owner.path)
    if officer is not None and owner.abbreviation:
        years = movement_years(movement)
        year = today.year if today.year in years else max(years)
        issue_movement_plan(by=officer, movement=movement, year=year)
        issued += 1
        ranked = (
            Standing.objects.filter(movement=movement, span_key__startswith="y:")
            .order_by("-span_key")
            .values_list("span_key", flat=True)
            .first()
        )
        span = span_by_key(movement, ranked) if ranked else None
        cluster = (
            Cluster.objects.filter(year=span.year, members__unit__code=SHOWCASE_UNIT_CODE).first()
            if span is not None
            else None
        )
        if span is not None:
            issue_ranking(by=officer, movement=movement, span=span, cluster=cluster)
            issued += 1
    report = (
        Report.objects.filter(
            movement=movement,
            unit__code=SHOWCASE_UNIT_CODE,
            status=ReportStatus.APPROVED,
            pk__in=ReportScore.objects.values("report_id"),
        )
        .select_related("unit", "period", "movement")
        .order_by("-period__end_date")
        .first()
    )
    unit_officer = _user_with(Role.UNIT_OFFICER, report.unit.path) if report else None
    if report is not None and unit_officer is not None and report.unit.abbreviation:
        for issue in (issue_periodic_report, issue_scorecard):
            issue(by=unit_officer, report=report)
            issued += 1
    return issued
