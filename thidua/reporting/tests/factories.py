"""A small reporting plan for tests, written straight to the database (no service, no audit).

`make_plan(org)` builds, over the conftest tree (Sở → BV_A, BV_B, PS_TCCB; khoa under them):

    movement (launched, owner = Sở, scope = BV_A and BV_B with their subtrees)
    ND1 "Chuyển đổi số" ── TC1 (60 points) ── DVC_TONG   number   (input of the formula, no rule)
                                          ├── DVC_TRUC_TUYEN number (input, no rule)
                                          ├── TL_DVC     formula 100 × DVC_TRUC_TUYEN / DVC_TONG,
                                          │              bands 0–50 → 0, 50–80 → 20, ≥ 80 → 40
                                          └── CB_DAO_TAO count "người", linear to target 20 pts
    ND2 "An toàn thông tin" ── TC2 (40 points) ── DIEN_TAP boolean, yes/no 40 pts,
                                                  evidence required
                                              └── SU_CO count, penalty 5 per incident, max 10
    setup: quarterly and yearly reports; levels đơn vị (depth 1) → Sở (depth 0)
    periods: the quarter holding `today` (open today, due in 5 days, locks in 20 days) and the
    quarter before it (its dates passed); yearly target of CB_DAO_TAO: 50.

Other areas of reporting add their own factories at the END of this file, under a comment
naming the area.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from thidua.movements.enums import (
    AreaKind,
    MovementStatus,
    PeriodKind,
    ScoringMethod,
    ValueType,
)
from thidua.movements.models import (
    ContentArea,
    Criterion,
    Indicator,
    Movement,
    Period,
    ScoringVersion,
    TitleBand,
    YearlyTarget,
)
from thidua.movements.periods import period_name
from thidua.movements.tests.factories import (
    bands_params,
    make_movement,
    make_rule,
    make_scope,
    make_scoring_table,
)
from thidua.organizations.models import Unit
from thidua.reporting.models import ApprovalLevel, Report, ReportingSetup, ReportValue


@dataclass
class Plan:
    movement: Movement
    version: ScoringVersion
    current: Period  # open today
    previous: Period  # the quarter before, dates passed
    indicators: dict[str, Indicator]
    criteria: dict[str, Criterion]
    levels: dict[int, ApprovalLevel]  # by depth


def _quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarter_dates(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (
        dt.date(year, 12, 31)
        if quarter == 4
        else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    )
    return start, end


def make_plan_period(
    movement: Movement,
    year: int,
    quarter: int,
    *,
    opens_on: dt.date,
    due_on: dt.date,
    locks_on: dt.date,
) -> Period:
    start, end = _quarter_dates(year, quarter)
    return Period.objects.create(
        movement=movement,
        kind=PeriodKind.QUARTER,
        year=year,
        number=quarter,
        name=period_name(PeriodKind.QUARTER, year, quarter),
        start_date=start,
        end_date=end,
        opens_on=opens_on,
        due_on=due_on,
        locks_on=locks_on,
    )


def make_plan(org: object, *, today: dt.date | None = None) -> Plan:
    root: Unit = org.root  # type: ignore[attr-defined]
    today = today or timezone.localdate()
    movement = make_movement(
        root,
        status=MovementStatus.LAUNCHED,
        start_date=dt.date(today.year - 1, 1, 1),
        end_date=dt.date(today.year + 3, 12, 31),
    )
    make_scope(movement, org.a)  # type: ignore[attr-defined]
    make_scope(movement, org.b)  # type: ignore[attr-defined]
    ReportingSetup.objects.create(movement=movement)
    levels = {
        1: ApprovalLevel.objects.create(movement=movement, depth=1, name="Đơn vị"),
        0: ApprovalLevel.objects.create(movement=movement, depth=0, name="Sở"),
    }

    nd1 = ContentArea.objects.create(
        movement=movement, code="ND1", name="Chuyển đổi số", kind=AreaKind.CONTENT, order=1
    )
    nd2 = ContentArea.objects.create(
        movement=movement, code="ND2", name="An toàn thông tin", kind=AreaKind.CONTENT, order=2
    )
    tc1 = Criterion.objects.create(
        movement=movement, area=nd1, code="TC1", name="Dịch vụ công, đào tạo", max_points=60
    )
    tc2 = Criterion.objects.create(
        movement=movement, area=nd2, code="TC2", name="An toàn thông tin mạng", max_points=40
    )

    def indicator(code: str, name: str, criterion: Criterion, **fields: object) -> Indicator:
        order = Indicator.objects.filter(movement=movement).count() + 1
        return Indicator.objects.create(
            movement=movement, criterion=criterion, code=code, name=name, order=order, **fields
        )

    indicators = {
        "DVC_TONG": indicator(
            "DVC_TONG", "Tổng số thủ tục hành chính", tc1, value_type=ValueType.NUMBER,
            unit_label="thủ tục", min_value=Decimal(0),
        ),
        "DVC_TRUC_TUYEN": indicator(
            "DVC_TRUC_TUYEN", "Số thủ tục trực tuyến toàn trình", tc1,
            value_type=ValueType.NUMBER, unit_label="thủ tục", min_value=Decimal(0),
        ),
        "TL_DVC": indicator(
            "TL_DVC", "Tỉ lệ thủ tục trực tuyến toàn trình", tc1,
            value_type=ValueType.PERCENTAGE, unit_label="%",
            formula="if(DVC_TONG > 0; DVC_TRUC_TUYEN / DVC_TONG * 100; 0)",
        ),
        "CB_DAO_TAO": indicator(
            "CB_DAO_TAO", "Số cán bộ được đào tạo kỹ năng số", tc1, value_type=ValueType.COUNT,
            unit_label="người", min_value=Decimal(0),
        ),
        "DIEN_TAP": indicator(
            "DIEN_TAP", "Tổ chức diễn tập an toàn thông tin", tc2,
            value_type=ValueType.BOOLEAN, evidence_required=True,
            evidence_note="Kế hoạch và báo cáo kết quả diễn tập",
        ),
        "SU_CO": indicator(
            "SU_CO", "Số sự cố mất an toàn thông tin", tc2, value_type=ValueType.COUNT,
            unit_label="sự cố", direction="lower", min_value=Decimal(0),
        ),
    }  # fmt: skip
    YearlyTarget.objects.create(indicator=indicators["CB_DAO_TAO"], year=today.year, value=50)
    YearlyTarget.objects.create(indicator=indicators["CB_DAO_TAO"], year=today.year - 1, value=40)

    _, version = make_scoring_table(movement, effective_from=movement.start_date)
    make_rule(
        version,
        indicators["TL_DVC"],
        max_points="40",
        params=bands_params(("0", "50", "0"), ("50", "80", "20"), ("80", None, "40")),
    )
    make_rule(
        version,
        indicators["CB_DAO_TAO"],
        method=ScoringMethod.LINEAR,
        max_points="20",
        params={"cap_ratio": "1"},
    )
    make_rule(version, indicators["DIEN_TAP"], method=ScoringMethod.YES_NO, max_points="40")
    make_rule(
        version,
        indicators["SU_CO"],
        method=ScoringMethod.PENALTY,
        max_points="10",
        params={"per_unit": "5"},
    )
    for threshold, label in ((90, "Xuất sắc"), (70, "Tốt"), (50, "Khá"), (0, "Chưa đạt")):
        TitleBand.objects.create(version=version, min_total=threshold, label=label)

    year, quarter = _quarter_of(today)
    current = make_plan_period(
        movement,
        year,
        quarter,
        opens_on=today - dt.timedelta(days=3),
        due_on=today + dt.timedelta(days=5),
        locks_on=today + dt.timedelta(days=20),
    )
    previous_year, previous_quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    _, previous_end = _quarter_dates(previous_year, previous_quarter)
    previous = make_plan_period(
        movement,
        previous_year,
        previous_quarter,
        opens_on=previous_end - dt.timedelta(days=10),
        due_on=previous_end + dt.timedelta(days=10),
        locks_on=previous_end + dt.timedelta(days=30),
    )
    # A period of the plan may be in the past; make sure "previous" really is closed.
    if previous.locks_on >= today:
        previous.locks_on = today - dt.timedelta(days=1)
        previous.due_on = min(previous.due_on, previous.locks_on)
        previous.opens_on = min(previous.opens_on, previous.due_on)
        previous.save()
    return Plan(
        movement=movement,
        version=version,
        current=current,
        previous=previous,
        indicators=indicators,
        criteria={"TC1": tc1, "TC2": tc2},
        levels=levels,
    )


def make_report(
    plan: Plan,
    unit: Unit,
    *,
    period: Period | None = None,
    values: dict[str, str | None] | None = None,
    **fields: object,
) -> Report:
    """A report of `unit` (draft unless told) with the given raw values by indicator code
    (stored as entered; computed indicators are not computed here)."""
    report = Report.objects.create(
        movement=plan.movement, period=period or plan.current, unit=unit, **fields
    )
    for code, raw in (values or {}).items():
        ReportValue.objects.create(
            report=report,
            indicator=plan.indicators[code],
            value=None if raw is None else Decimal(raw),
        )
    return report


# -- Workflow (submission and approval) ---------------------------------------------------------

COMPLETE_VALUES: dict[str, str | None] = {
    "DVC_TONG": "100",
    "DVC_TRUC_TUYEN": "85",
    "CB_DAO_TAO": "1",  # ≤ the staff of any unit of the conftest tree: no people-count error
    "DIEN_TAP": "1",
    "SU_CO": "0",
}


def make_complete_report(plan: Plan, unit: Unit, **fields: object) -> Report:
    """A report that passes every validation rule (so it can be submitted): every input
    indicator filled, the computed TL_DVC stored as computed, the evidence DIEN_TAP requires
    attached."""
    from thidua.reporting.models import Evidence, EvidenceFile

    report = make_report(plan, unit, values=COMPLETE_VALUES, **fields)
    ReportValue.objects.create(
        report=report, indicator=plan.indicators["TL_DVC"], value=Decimal(85), is_computed=True
    )
    blob, _ = EvidenceFile.objects.get_or_create(
        sha256="e" * 64,
        defaults={
            "file": "evidence/dien-tap.pdf",
            "size": 1024,
            "content_type": "application/pdf",
            "original_name": "bao-cao-dien-tap.pdf",
        },
    )
    Evidence.objects.create(
        report=report, indicator=plan.indicators["DIEN_TAP"], blob=blob, name="Báo cáo diễn tập"
    )
    return report
