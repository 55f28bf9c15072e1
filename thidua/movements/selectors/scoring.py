"""Reads of scoring tables, their versions, rules and title bands, scoped like the movement.

A table, a version or a rule is visible to whoever may read its movement
(`movements_visible_to`). The version page's sheet is read in a fixed number of queries
whatever the number of indicators.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from thidua.movements import scoring as rules_math
from thidua.movements.enums import ScoringMethod
from thidua.movements.models import (
    ContentArea,
    Criterion,
    Indicator,
    Movement,
    ScoringRule,
    ScoringTable,
    ScoringVersion,
    TitleBand,
)
from thidua.movements.selectors.movements import movements_visible_to
from thidua.organizations.scoping import AnyUser

# Methods whose maximum counts toward the table's total; bonus and penalty come on top of it
# (e.g. 97 + 10 for a Cờ thi đua, LEGAL.md §2).
BASE_METHODS = frozenset({ScoringMethod.BANDS, ScoringMethod.LINEAR, ScoringMethod.YES_NO})


def scoring_tables_visible_to(user: AnyUser) -> QuerySet[ScoringTable]:
    """Tables of the movements the user may read, with their movement and its owner."""
    return ScoringTable.objects.filter(movement__in=movements_visible_to(user)).select_related(
        "movement__owner"
    )


def scoring_versions_visible_to(user: AnyUser) -> QuerySet[ScoringVersion]:
    """Versions of the tables the user may read, with table, movement and owner."""
    return ScoringVersion.objects.filter(
        table__movement__in=movements_visible_to(user)
    ).select_related("table__movement__owner", "created_by")


def _count_of(model: type[ScoringRule] | type[TitleBand]) -> Coalesce:
    counted = (
        model.objects.filter(version=OuterRef("pk"))
        .order_by()
        .values("version")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def versions_of_table(table: ScoringTable) -> list[ScoringVersion]:
    """The table's versions, newest date first, each with `rule_count` and `band_count`
    (one query)."""
    return list(
        ScoringVersion.objects.filter(table=table)
        .select_related("created_by")
        .annotate(rule_count=_count_of(ScoringRule), band_count=_count_of(TitleBand))
        .order_by("-effective_from", "-number")
    )


@dataclass(frozen=True)
class TableRow:
    table: ScoringTable
    version_count: int
    in_force: ScoringVersion | None
    latest: ScoringVersion | None


def tables_of_movement(movement: Movement, *, on: dt.date) -> list[TableRow]:
    """The movement's tables by name, each with its version count, the version in force `on`
    and the latest version (two queries)."""
    tables = list(ScoringTable.objects.filter(movement=movement).order_by("name", "pk"))
    versions: dict[int, list[ScoringVersion]] = defaultdict(list)
    for version in ScoringVersion.objects.filter(table__in=tables).order_by("effective_from"):
        versions[version.table_id].append(version)
    rows = []
    for table in tables:
        own = versions[table.pk]
        rows.append(
            TableRow(
                table=table,
                version_count=len(own),
                in_force=in_force_among(own, on),
                latest=own[-1] if own else None,
            )
        )
    return rows


def version_in_force(table: ScoringTable, on: dt.date) -> ScoringVersion | None:
    """The version that scores a report of day `on`: the latest effective on or before `on`
    (None before the first version). Versions are never reordered: each new one is effective
    after all the others, so a day keeps its version unless a later version begins before it."""
    pairs = list(ScoringVersion.objects.filter(table=table).values_list("pk", "effective_from"))
    chosen = rules_math.select_version(pairs, on)
    return None if chosen is None else ScoringVersion.objects.get(pk=chosen)


def in_force_among(versions: list[ScoringVersion], on: dt.date) -> ScoringVersion | None:
    """`version_in_force` over versions already read."""
    chosen = rules_math.select_version([(v.pk, v.effective_from) for v in versions], on)
    return next((v for v in versions if v.pk == chosen), None)


def latest_version(table: ScoringTable) -> ScoringVersion | None:
    return ScoringVersion.objects.filter(table=table).order_by("-effective_from").first()


def indicators_of_movement(movement: Movement) -> QuerySet[Indicator]:
    return Indicator.objects.filter(movement=movement).select_related("criterion__area")


def rule_of(version: ScoringVersion, indicator: Indicator) -> ScoringRule | None:
    return ScoringRule.objects.filter(version=version, indicator=indicator).first()


def bands_of(version: ScoringVersion) -> list[TitleBand]:
    return list(TitleBand.objects.filter(version=version).order_by("-min_total"))


# --- The version sheet ---------------------------------------------------------------------


@dataclass(frozen=True)
class BandLine:
    low: str
    high: str
    points: str


def band_lines(params: dict[str, Any]) -> list[BandLine]:
    """The bands of a rule as shown: "từ – đến → điểm" in Vietnamese number format (an empty
    end is unbounded)."""
    lines = []
    for band in params.get("bands") or []:
        lines.append(
            BandLine(
                low=_shown(band.get("from")),
                high=_shown(band.get("to")),
                points=_shown(band.get("points")),
            )
        )
    return lines


def describe_params(method: str, params: dict[str, Any]) -> str:
    """A one-line reading of a rule's parameters (bands are shown with `band_lines`)."""
    if method == ScoringMethod.LINEAR:
        cap = _number(params.get("cap_ratio")) or Decimal(1)
        return f"Đủ điểm tối đa khi đạt {rules_math.format_number(cap * 100)}% chỉ tiêu"
    if method in (ScoringMethod.BONUS, ScoringMethod.PENALTY):
        verb = "Cộng" if method == ScoringMethod.BONUS else "Trừ"
        return f"{verb} {_shown(params.get('per_unit'))} điểm cho mỗi đơn vị"
    if method == ScoringMethod.YES_NO:
        return "Có: đủ điểm tối đa; không: 0 điểm"
    return ""


def _number(raw: Any) -> Decimal | None:
    try:
        return None if raw in (None, "") else Decimal(str(raw))
    except InvalidOperation:
        return None


def _shown(raw: Any) -> str:
    number = _number(raw)
    return "" if number is None else rules_math.format_number(number)


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    rule: ScoringRule | None

    @property
    def band_lines(self) -> list[BandLine]:
        if self.rule is None or self.rule.method != ScoringMethod.BANDS:
            return []
        return band_lines(self.rule.params)

    @property
    def summary(self) -> str:
        return "" if self.rule is None else describe_params(self.rule.method, self.rule.params)


@dataclass
class CriterionBlock:
    criterion: Criterion
    depth: int
    rows: list[IndicatorRow] = field(default_factory=list)
    # Maximum points of the base rules (bands, linear, yes/no) in the criterion's subtree.
    rule_points: Decimal = Decimal(0)

    @property
    def matches(self) -> bool:
        return self.rule_points == self.criterion.max_points


@dataclass
class AreaBlock:
    area: ContentArea
    criteria: list[CriterionBlock]


@dataclass
class VersionSheet:
    version: ScoringVersion
    areas: list[AreaBlock]
    bands: list[TitleBand]
    indicator_count: int
    rule_count: int
    base_points: Decimal
    bonus_points: Decimal
    penalty_points: Decimal
    warnings: list[str]

    @property
    def total_points(self) -> Decimal:
        return self.version.table.total_points


def _criteria_in_tree_order(criteria: list[Criterion]) -> list[tuple[Criterion, int]]:
    """Criteria depth-first (a parent before its children), siblings by order and code."""
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    known = {c.pk for c in criteria}
    for criterion in criteria:
        parent = criterion.parent_id if criterion.parent_id in known else None
        children[parent].append(criterion)
    ordered: list[tuple[Criterion, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for child in sorted(children[parent], key=lambda c: (c.order, c.code)):
            ordered.append((child, depth))
            walk(child.pk, depth + 1)

    walk(None, 0)
    return ordered


def _fmt(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def version_sheet(version: ScoringVersion) -> VersionSheet:
    """Every indicator of the movement grouped by area and criterion (tree order) with its rule
    in `version`, the sums of maximum points and the title bands (five queries; `version`
    comes with its table and movement)."""
    movement = version.table.movement
    areas = list(ContentArea.objects.filter(movement=movement).order_by("kind", "order", "code"))
    criteria = list(Criterion.objects.filter(movement=movement))
    indicators = list(Indicator.objects.filter(movement=movement).order_by("order", "code"))
    rules = {rule.indicator_id: rule for rule in ScoringRule.objects.filter(version=version)}
    bands = bands_of(version)

    by_criterion: dict[int, list[IndicatorRow]] = defaultdict(list)
    for indicator in indicators:
        by_criterion[indicator.criterion_id].append(
            IndicatorRow(indicator=indicator, rule=rules.get(indicator.pk))
        )
    parents = {c.pk: c.parent_id for c in criteria}
    subtree_points: dict[int, Decimal] = defaultdict(Decimal)
    for criterion_id, rows in by_criterion.items():
        own = sum(
            (r.rule.max_points for r in rows if r.rule and r.rule.method in BASE_METHODS),
            Decimal(0),
        )
        node: int | None = criterion_id
        while node is not None:
            subtree_points[node] += own
            node = parents.get(node)

    blocks: dict[int, list[CriterionBlock]] = defaultdict(list)
    for criterion, depth in _criteria_in_tree_order(criteria):
        blocks[criterion.area_id].append(
            CriterionBlock(
                criterion=criterion,
                depth=depth,
                rows=by_criterion.get(criterion.pk, []),
                rule_points=subtree_points.get(criterion.pk, Decimal(0)),
            )
        )
    rule_list = list(rules.values())
    base = sum((r.max_points for r in rule_list if r.method in BASE_METHODS), Decimal(0))
    bonus = sum((r.max_points for r in rule_list if r.method == ScoringMethod.BONUS), Decimal(0))
    penalty = sum(
        (r.max_points for r in rule_list if r.method == ScoringMethod.PENALTY), Decimal(0)
    )
    total = version.table.total_points
    warnings = []
    if base != total:
        warnings.append(
            f"Tổng điểm tối đa của các quy tắc (không kể điểm thưởng, điểm trừ) là {_fmt(base)}, "
            f"khác tổng điểm của bảng ({_fmt(total)})."
        )
    unscored = sum(1 for i in indicators if i.pk not in rules)
    if unscored:
        warnings.append(f"{unscored} chỉ tiêu chưa có quy tắc chấm điểm.")
    if not bands:
        warnings.append("Chưa có mức xếp loại theo tổng điểm.")
    return VersionSheet(
        version=version,
        areas=[AreaBlock(area=area, criteria=blocks.get(area.pk, [])) for area in areas],
        bands=bands,
        indicator_count=len(indicators),
        rule_count=len(rule_list),
        base_points=base,
        bonus_points=bonus,
        penalty_points=penalty,
        warnings=warnings,
    )
