"""Installing the default movement of the Sở Y tế Hà Nội (catalogue in `movements/defaults.py`).

The demo seed and `manage.py create_default_movement` call `install_default_movement`; a
department officer without any movement can call it from the movement list.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.text import search_tokens
from thidua.movements import defaults
from thidua.movements.enums import MovementStatus
from thidua.movements.models import (
    ContentArea,
    Criterion,
    Indicator,
    Movement,
    Period,
    Phase,
    RegistrationRound,
    ScoringRule,
    ScoringTable,
    ScoringVersion,
    TitleBand,
    YearlyTarget,
)
from thidua.movements.periods import generate_periods
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can


@dataclass(frozen=True)
class DefaultInstall:
    movement: Movement
    created: bool  # False: it was there already and nothing was written


def folded_keywords(phrases: tuple[str, ...]) -> str:
    """The folded, space-separated words of the phrases, each once, in order."""
    return " ".join(search_tokens(" ".join(phrases)))


@transaction.atomic
def install_default_movement(
    *, owner: Unit, by: User | None = None, year: int = defaults.DEFAULT_YEAR
) -> DefaultInstall:
    """Create the movement "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số" organised by
    `owner` (the Sở), already launched (phát động by KH 190/KH-UBND), with its two phases and
    reviews, quarterly, half-year and yearly periods, five content areas and four solution
    groups, a 100-point criteria tree, indicators with yearly targets 2025–2030, the scoring
    table of `year` (version 1, effective 01/01 of that year, with a rule per scored indicator
    and the title bands) and the registration round of `year`. One audit entry with the counts.

    Idempotent: when a movement with the default code exists, nothing is written and that
    movement is returned (`created=False`).

    Refuses: a caller (when given) without MANAGE_MOVEMENT on `owner`, an inactive owner, a
    year outside the movement (2025–2030).
    """
    existing = Movement.objects.filter(code=defaults.MOVEMENT_CODE).first()
    if existing is not None:
        return DefaultInstall(movement=existing, created=False)
    if by is not None and not can(by, Perm.MANAGE_MOVEMENT, owner.path):
        raise PermissionDeniedError(
            f"Bạn không có quyền tổ chức phong trào tại đơn vị “{owner.name}”."
        )
    if not owner.is_active:
        raise DomainError(f"Đơn vị “{owner.name}” đã ngừng hoạt động.", field="owner")
    if not defaults.MOVEMENT_START.year <= year <= defaults.MOVEMENT_END.year:
        raise DomainError(
            f"Năm của bảng chấm điểm và đợt đăng ký phải trong khoảng "
            f"{defaults.MOVEMENT_START.year}–{defaults.MOVEMENT_END.year}.",
            field="year",
        )

    movement = Movement.objects.create(
        code=defaults.MOVEMENT_CODE,
        name=defaults.MOVEMENT_NAME,
        kind=defaults.MOVEMENT_KIND,
        status=MovementStatus.LAUNCHED,
        owner=owner,
        description=defaults.MOVEMENT_DESCRIPTION,
        legal_basis=defaults.LEGAL_BASIS,
        start_date=defaults.MOVEMENT_START,
        end_date=defaults.MOVEMENT_END,
    )
    phases = Phase.objects.bulk_create(
        Phase(
            movement=movement,
            number=phase.number,
            name=phase.name,
            start_date=phase.start,
            end_date=phase.end,
            review_kind=phase.review_kind,
            review_name=phase.review_name,
            review_date=phase.review_date,
        )
        for phase in defaults.PHASES
    )
    periods = Period.objects.bulk_create(
        Period(
            movement=movement,
            kind=spec.kind,
            year=spec.year,
            number=spec.number,
            name=spec.name,
            start_date=spec.start,
            end_date=spec.end,
            opens_on=spec.opens_on,
            due_on=spec.due_on,
            locks_on=spec.locks_on,
        )
        for spec in generate_periods(
            defaults.MOVEMENT_START,
            defaults.MOVEMENT_END,
            defaults.PERIOD_KINDS,
            due_after_days=defaults.PERIODS_DUE_AFTER_DAYS,
            lock_after_days=defaults.PERIODS_LOCK_AFTER_DAYS,
            opens_before_end_days=defaults.PERIODS_OPEN_BEFORE_END_DAYS,
        )
    )
    areas = {
        area.code: ContentArea.objects.create(
            movement=movement,
            code=area.code,
            name=area.name,
            kind=area.kind,
            order=area.order,
            description=area.description,
            keywords=folded_keywords(area.keywords),
        )
        for area in defaults.AREAS
    }
    criteria: dict[str, Criterion] = {}
    for item in defaults.CRITERIA:  # parents come before their children
        criteria[item.code] = Criterion.objects.create(
            movement=movement,
            area=areas[item.area],
            parent=criteria[item.parent] if item.parent else None,
            code=item.code,
            name=item.name,
            weight=item.weight,
            max_points=item.max_points,
            order=item.order,
            description=item.description,
        )
    indicators = {
        item.code: Indicator.objects.create(
            movement=movement,
            criterion=criteria[item.criterion],
            code=item.code,
            name=item.name,
            value_type=item.value_type,
            unit_label=item.unit_label,
            direction=item.direction,
            aggregation=item.aggregation,
            formula=item.formula,
            evidence_required=item.evidence_required,
            evidence_note=item.evidence_note,
            min_value=item.min_value,
            max_value=item.max_value,
            order=item.order,
        )
        for item in defaults.INDICATORS
    }
    targets = YearlyTarget.objects.bulk_create(
        YearlyTarget(indicator=indicators[item.code], year=target_year, value=value)
        for item in defaults.INDICATORS
        for target_year, value in item.targets.items()
    )
    table = ScoringTable.objects.create(
        movement=movement, name=defaults.table_name(year), total_points=defaults.TOTAL_POINTS
    )
    version = ScoringVersion.objects.create(
        table=table,
        number=1,
        effective_from=dt.date(year, 1, 1),
        note=defaults.TABLE_NOTE,
        created_by=by,
    )
    rules = ScoringRule.objects.bulk_create(
        ScoringRule(
            version=version,
            indicator=indicators[item.code],
            method=item.rule.method,
            max_points=item.rule.max_points,
            params=dict(item.rule.params),
        )
        for item in defaults.INDICATORS
        if item.rule is not None
    )
    bands = TitleBand.objects.bulk_create(
        TitleBand(version=version, min_total=threshold, label=label)
        for threshold, label in defaults.TITLE_BANDS
    )
    opens_on, deadline = defaults.round_dates(year)
    RegistrationRound.objects.create(
        movement=movement, year=year, opens_on=opens_on, deadline=deadline
    )
    counts = {
        "phases": len(phases),
        "periods": len(periods),
        "areas": len(areas),
        "criteria": len(criteria),
        "indicators": len(indicators),
        "yearly_targets": len(targets),
        "scoring_tables": 1,
        "scoring_rules": len(rules),
        "title_bands": len(bands),
        "registration_rounds": 1,
    }
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=movement,
        unit_path=owner.path,
        changes={key: [0, value] for key, value in counts.items()},
        reason=defaults.INSTALL_REASON,
    )
    return DefaultInstall(movement=movement, created=True)
