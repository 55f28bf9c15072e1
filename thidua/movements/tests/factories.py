"""Factories for the movement plan (owned by the plan area; other areas add theirs at the END of
this file, under a comment naming their area).

Rows are written straight to the database (no service, no audit entry): tests of a service
arrange their data with these and then call the service under test.
"""

import datetime as dt
from typing import Any

from thidua.movements.enums import (
    AreaKind,
    Direction,
    MovementKind,
    MovementStatus,
    PeriodKind,
    ReviewKind,
    ScoringMethod,
    ValueType,
)
from thidua.movements.models import (
    ContentArea,
    Criterion,
    Indicator,
    Movement,
    MovementScope,
    Period,
    Phase,
    RegistrationRound,
    ScoringRule,
    ScoringTable,
    ScoringVersion,
)
from thidua.movements.periods import period_name
from thidua.organizations.models import Unit

MOVEMENT_START = dt.date(2025, 7, 18)
MOVEMENT_END = dt.date(2030, 12, 31)

_counter = {"movement": 0}


def make_movement(
    owner: Unit,
    *,
    code: str | None = None,
    name: str | None = None,
    kind: str = MovementKind.THEMATIC,
    status: str = MovementStatus.DRAFT,
    start_date: dt.date = MOVEMENT_START,
    end_date: dt.date = MOVEMENT_END,
    **fields: Any,
) -> Movement:
    """A movement owned by `owner` (thematic, draft, 18/07/2025–31/12/2030 unless told)."""
    _counter["movement"] += 1
    number = _counter["movement"]
    return Movement.objects.create(
        code=code or f"PT_{number:03d}",
        name=name or f"Phong trào thử nghiệm {number}",
        kind=kind,
        status=status,
        owner=owner,
        start_date=start_date,
        end_date=end_date,
        **fields,
    )


def make_scope(movement: Movement, unit: Unit, *, subtree: bool = True) -> MovementScope:
    return MovementScope.objects.create(movement=movement, unit=unit, include_subtree=subtree)


def make_phase(
    movement: Movement,
    number: int,
    start_date: dt.date,
    end_date: dt.date,
    *,
    name: str | None = None,
    review_kind: str = ReviewKind.NONE,
    review_date: dt.date | None = None,
    review_name: str = "",
) -> Phase:
    return Phase.objects.create(
        movement=movement,
        number=number,
        name=name or f"Giai đoạn {number}",
        start_date=start_date,
        end_date=end_date,
        review_kind=review_kind,
        review_name=review_name,
        review_date=review_date,
    )


def make_period(
    movement: Movement,
    kind: str,
    year: int,
    number: int,
    start_date: dt.date,
    end_date: dt.date,
    *,
    opens_on: dt.date | None = None,
    due_on: dt.date | None = None,
    locks_on: dt.date | None = None,
) -> Period:
    """A period named as the generator names it; opens at its end, due 10 and locks 30 days
    after it unless told."""
    return Period.objects.create(
        movement=movement,
        kind=kind,
        year=year,
        number=number,
        name=period_name(kind, year, number),
        start_date=start_date,
        end_date=end_date,
        opens_on=opens_on or end_date,
        due_on=due_on or end_date + dt.timedelta(days=10),
        locks_on=locks_on or end_date + dt.timedelta(days=30),
    )


def make_quarter(movement: Movement, year: int, quarter: int) -> Period:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (
        dt.date(year, 12, 31)
        if quarter == 4
        else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    )
    return make_period(movement, PeriodKind.QUARTER, year, quarter, start, end)


def make_round(
    movement: Movement,
    year: int,
    *,
    opens_on: dt.date | None = None,
    deadline: dt.date | None = None,
) -> RegistrationRound:
    """The registration round of `year` (01/01 to 31/03 unless told)."""
    return RegistrationRound.objects.create(
        movement=movement,
        year=year,
        opens_on=opens_on or dt.date(year, 1, 1),
        deadline=deadline or dt.date(year, 3, 31),
    )


# --- Scoring tables (helper T) ---------------------------------------------------------------


def make_indicators(
    movement: Movement,
    count: int,
    *,
    prefix: str = "CT",
    value_type: str = ValueType.PERCENTAGE,
    direction: str = Direction.HIGHER_IS_BETTER,
    criterion: Criterion | None = None,
) -> list[Indicator]:
    """`count` indicators PREFIX_01… under `criterion` (default: one area "ND1" with one
    criterion "1" of 100 points, made on first use)."""
    if criterion is None:
        area, _ = ContentArea.objects.get_or_create(
            movement=movement,
            code="ND1",
            defaults={"name": "Chuyển đổi số trong cơ quan nhà nước", "kind": AreaKind.CONTENT},
        )
        criterion, _ = Criterion.objects.get_or_create(
            movement=movement,
            code="1",
            defaults={"area": area, "name": "Dịch vụ công trực tuyến", "max_points": 100},
        )
    start = Indicator.objects.filter(movement=movement).count()
    return [
        Indicator.objects.create(
            movement=movement,
            criterion=criterion,
            code=f"{prefix}_{start + number:02d}",
            name=f"Chỉ tiêu thử nghiệm {start + number}",
            value_type=value_type,
            direction=direction,
            order=start + number,
        )
        for number in range(1, count + 1)
    ]


def make_scoring_table(
    movement: Movement,
    *,
    name: str = "Bảng chấm điểm thử nghiệm",
    total_points: int = 100,
    effective_from: dt.date | None = None,
) -> tuple[ScoringTable, ScoringVersion]:
    """A table with its version 1 (no rules), effective from the movement's start."""
    table = ScoringTable.objects.create(movement=movement, name=name, total_points=total_points)
    version = ScoringVersion.objects.create(
        table=table, number=1, effective_from=effective_from or movement.start_date
    )
    return table, version


def bands_params(*bands: tuple[str | None, str | None, str]) -> dict[str, Any]:
    """{"bands": [...]} from (from, to, points) triples."""
    return {"bands": [{"from": low, "to": high, "points": points} for low, high, points in bands]}


def make_rule(
    version: ScoringVersion,
    indicator: Indicator,
    *,
    method: str = ScoringMethod.BANDS,
    max_points: str = "10",
    params: dict[str, Any] | None = None,
) -> ScoringRule:
    """A rule (default: bands 0–50 → 0, 50–80 → 5, from 80 → 10)."""
    if params is None:
        params = (
            bands_params(("0", "50", "0"), ("50", "80", "5"), ("80", None, "10"))
            if method == ScoringMethod.BANDS
            else {}
        )
    return ScoringRule.objects.create(
        version=version, indicator=indicator, method=method, max_points=max_points, params=params
    )


# --- Content areas, criteria, indicators (helper C) ------------------------------------------


def make_area(
    movement: Movement,
    code: str = "ND1",
    *,
    name: str | None = None,
    kind: str = AreaKind.CONTENT,
    order: int = 0,
) -> ContentArea:
    return ContentArea.objects.create(
        movement=movement,
        code=code,
        name=name or f"Nội dung {code}",
        kind=kind,
        order=order,
    )


def make_criterion(
    area: ContentArea,
    code: str,
    max_points: Any = 10,
    *,
    parent: Criterion | None = None,
    name: str | None = None,
    weight: Any = 1,
    order: int = 0,
) -> Criterion:
    return Criterion.objects.create(
        movement=area.movement,
        area=area,
        parent=parent,
        code=code,
        name=name or f"Tiêu chí {code}",
        max_points=max_points,
        weight=weight,
        order=order,
    )


def make_indicator(
    criterion: Criterion,
    code: str,
    *,
    value_type: str = ValueType.NUMBER,
    formula: str = "",
    name: str | None = None,
    order: int = 0,
    **fields: Any,
) -> Indicator:
    return Indicator.objects.create(
        movement=criterion.movement,
        criterion=criterion,
        code=code,
        name=name or f"Chỉ tiêu {code}",
        value_type=value_type,
        formula=formula,
        order=order,
        **fields,
    )


# --- Targets, registrations, pledges (helper R) ------------------------------------------------
# Imports are local so this section stays self-contained at the end of the file.


def make_target(
    indicator: Indicator, unit: Unit, year: int, value: Any, *, status: str = "approved"
) -> Any:
    from thidua.movements.models import Target

    return Target.objects.create(
        indicator=indicator, unit=unit, year=year, value=value, status=status
    )


def make_unit_registration(
    round_: RegistrationRound, unit: Unit, *, status: str = "draft", **fields: Any
) -> Any:
    from thidua.movements.models import UnitRegistration

    return UnitRegistration.objects.create(round=round_, unit=unit, status=status, **fields)


def make_personal_registration(
    round_: RegistrationRound,
    person: Any,
    *,
    title: str = "lao_dong_tien_tien",
    status: str = "submitted",
    **fields: Any,
) -> Any:
    from thidua.movements.models import PersonalRegistration

    return PersonalRegistration.objects.create(
        round=round_,
        person=person,
        unit=person.unit,
        title=title,
        commitments=fields.pop("commitments", "Hoàn thành tốt nhiệm vụ được giao."),
        status=status,
        **fields,
    )


def open_round_today(movement: Movement, *, days_left: int = 10) -> RegistrationRound:
    """This year's round, opened 30 days ago, with its deadline `days_left` days from today
    (negative: already past)."""
    from django.utils import timezone

    today = timezone.localdate()
    return make_round(
        movement,
        today.year,
        opens_on=today - dt.timedelta(days=30),
        deadline=today + dt.timedelta(days=days_left),
    )
