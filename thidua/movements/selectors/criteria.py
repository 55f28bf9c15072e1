"""Reads of a movement's plan content: content areas, the criteria tree, indicators, their
formulas and yearly targets, scoped through the movements the user may see.

The tree page reads a whole plan in a fixed number of queries (areas, criteria, indicators and
the scoring total), whatever its size; the tree is assembled in Python.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from thidua.movements import formulas, scoring
from thidua.movements.models import (
    ContentArea,
    Criterion,
    Indicator,
    Movement,
    ScoringRule,
    ScoringTable,
    Target,
    YearlyTarget,
)
from thidua.movements.selectors.movements import movements_visible_to
from thidua.organizations.scoping import AnyUser

# The total a plan's top-level criteria add up to when no scoring table says otherwise.
DEFAULT_TOTAL_POINTS = Decimal(100)


def areas_visible_to(user: AnyUser) -> QuerySet[ContentArea]:
    """Content areas of the movements the user may see."""
    return ContentArea.objects.filter(movement__in=movements_visible_to(user)).select_related(
        "movement__owner"
    )


def criteria_visible_to(user: AnyUser) -> QuerySet[Criterion]:
    """Criteria of the movements the user may see."""
    return Criterion.objects.filter(movement__in=movements_visible_to(user)).select_related(
        "movement__owner", "area", "parent"
    )


def indicators_visible_to(user: AnyUser) -> QuerySet[Indicator]:
    """Indicators of the movements the user may see."""
    return Indicator.objects.filter(movement__in=movements_visible_to(user)).select_related(
        "movement__owner", "criterion__area"
    )


def areas_of(movement: Movement) -> QuerySet[ContentArea]:
    """The movement's areas: content areas first, then solution groups, each by order."""
    return ContentArea.objects.filter(movement=movement).order_by("kind", "order", "code")


def criteria_of(movement: Movement) -> QuerySet[Criterion]:
    return Criterion.objects.filter(movement=movement).select_related("area", "parent")


def indicators_of(movement: Movement) -> QuerySet[Indicator]:
    return Indicator.objects.filter(movement=movement).select_related("criterion__area")


def total_points_of(movement: Movement) -> Decimal:
    """What the top-level criteria must add up to: the total of the movement's first scoring
    table (the one created first), or 100 points when it has none yet."""
    total = (
        ScoringTable.objects.filter(movement=movement)
        .order_by("pk")
        .values_list("total_points", flat=True)
        .first()
    )
    return total if total is not None else DEFAULT_TOTAL_POINTS


def target_years(movement: Movement) -> list[int]:
    """The years a movement's yearly targets are set for (its start year to its end year)."""
    return list(range(movement.start_date.year, movement.end_date.year + 1))


# --- The plan tree ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionRow:
    """One criterion in tree order, with its depth and its own indicators."""

    criterion: Criterion
    depth: int
    indicators: list[Indicator]
    child_count: int
    children_points: Decimal | None  # the children's max points added up (None: no children)

    @property
    def indent(self) -> int:
        """The indentation step of the row (deeper levels share the last step)."""
        return min(self.depth, 5)

    @property
    def children_mismatch(self) -> bool:
        return (
            self.children_points is not None and self.children_points != self.criterion.max_points
        )


@dataclass(frozen=True)
class AreaBlock:
    area: ContentArea
    rows: list[CriterionRow]
    points: Decimal  # the area's top-level criteria's max points added up

    @property
    def indicator_count(self) -> int:
        return sum(len(row.indicators) for row in self.rows)


@dataclass(frozen=True)
class PlanTree:
    movement: Movement
    blocks: list[AreaBlock]
    total_points: Decimal
    top_points: Decimal  # every top-level criterion's max points added up
    warnings: list[str] = field(default_factory=list)

    @property
    def criterion_count(self) -> int:
        return sum(len(block.rows) for block in self.blocks)

    @property
    def indicator_count(self) -> int:
        return sum(block.indicator_count for block in self.blocks)


def plan_tree(movement: Movement) -> PlanTree:
    """The movement's areas, each with its criteria in tree order (pre-order, by `order` then
    code) and their indicators, and the warnings of `scoring.check_weights` about points that
    do not add up. Four queries whatever the size of the plan."""
    areas = list(areas_of(movement))
    criteria = list(Criterion.objects.filter(movement=movement).order_by("order", "code", "pk"))
    indicators = list(Indicator.objects.filter(movement=movement).order_by("order", "code", "pk"))
    total = total_points_of(movement)

    by_criterion: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_criterion[indicator.criterion_id].append(indicator)
    known = {criterion.pk for criterion in criteria}
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        parent_id = criterion.parent_id if criterion.parent_id in known else None
        children[parent_id].append(criterion)

    blocks: list[AreaBlock] = []
    for area in areas:
        roots = [c for c in children[None] if c.area_id == area.pk]
        rows: list[CriterionRow] = []
        seen: set[int] = set()
        stack = [(root, 0) for root in reversed(roots)]
        while stack:
            criterion, depth = stack.pop()
            if criterion.pk in seen:  # a cycle written around the services: show it once
                continue
            seen.add(criterion.pk)
            kids = children.get(criterion.pk, [])
            rows.append(
                CriterionRow(
                    criterion=criterion,
                    depth=depth,
                    indicators=by_criterion.get(criterion.pk, []),
                    child_count=len(kids),
                    children_points=sum((k.max_points for k in kids), Decimal(0)) if kids else None,
                )
            )
            stack.extend((kid, depth + 1) for kid in reversed(kids))
        blocks.append(
            AreaBlock(area=area, rows=rows, points=sum((r.max_points for r in roots), Decimal(0)))
        )

    top_points = sum((c.max_points for c in children[None]), Decimal(0))
    return PlanTree(
        movement=movement,
        blocks=blocks,
        total_points=total,
        top_points=top_points,
        warnings=weight_warnings(criteria, total) if criteria else [],
    )


def weight_warnings(criteria: Iterable[Criterion], total_points: Decimal) -> list[str]:
    """The Vietnamese problems `scoring.check_weights` finds in these criteria's points."""
    listed = list(criteria)
    codes = {criterion.pk: criterion.code for criterion in listed}
    specs = [
        scoring.CriterionSpec(
            code=criterion.code,
            max_points=criterion.max_points,
            weight=criterion.weight,
            parent=codes.get(criterion.parent_id) if criterion.parent_id else None,
        )
        for criterion in listed
    ]
    return scoring.check_weights(specs, total_points)


# --- Formulas -----------------------------------------------------------------------------------


def formula_sources(movement: Movement, *, exclude_pk: int | None = None) -> dict[str, str]:
    """{code: formula} of the movement's computed indicators (one query)."""
    rows = Indicator.objects.filter(movement=movement).exclude(formula="")
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return {code: source for code, source in rows.values_list("code", "formula")}


def parsed_formulas(sources: Mapping[str, str]) -> dict[str, formulas.Formula]:
    """The formulas that parse (a stored formula always does; one that no longer parses after
    a change of the language is left out rather than blocking every other edit)."""
    parsed: dict[str, formulas.Formula] = {}
    for code, source in sources.items():
        try:
            parsed[code] = formulas.parse(source)
        except formulas.FormulaError:
            continue
    return parsed


def formulas_using(movement: Movement, codes: Iterable[str]) -> dict[str, list[str]]:
    """{code: [codes of the computed indicators whose formula refers to it]} for `codes`."""
    wanted = {code.upper() for code in codes}
    users: dict[str, list[str]] = {code: [] for code in wanted}
    for code, formula in sorted(parsed_formulas(formula_sources(movement)).items()):
        for reference in formula.references & wanted:
            users[reference].append(code)
    return users


@dataclass(frozen=True)
class FormulaTrial:
    """The result of trying a formula with sample values on the indicator form."""

    source: str
    references: list[tuple[str, str]] = field(default_factory=list)  # (code, name or "")
    value: Decimal | None = None
    error: str = ""
    missing: list[str] = field(default_factory=list)  # referenced codes with no sample value

    @property
    def evaluated(self) -> bool:
        return not self.error and not self.missing

    @property
    def value_text(self) -> str:
        """The result as a Vietnamese reader writes it, to 6 decimals at most ("33,333333")."""
        if self.value is None:
            return ""
        try:
            return scoring.format_number(self.value.quantize(Decimal("0.000001")))
        except ArithmeticError:  # too many digits to round: shown as it is
            return scoring.format_number(self.value)


def formula_error_message(error: formulas.FormulaError) -> str:
    """A formula error as shown to the user, with where it is when the parser says so."""
    message = error.message
    if error.position is not None and "vị trí" not in message:
        message = f"{message.rstrip('.')} (ở vị trí {error.position})."
    return message


def try_formula(
    movement: Movement, source: str, samples: Mapping[str, Decimal | None]
) -> FormulaTrial:
    """Parse `source`, check its references against the movement's indicators and evaluate it
    with the sample values typed for them. Nothing is saved."""
    source = source.strip()
    if not source:
        return FormulaTrial(source=source, error="Hãy nhập công thức để thử.")
    try:
        formula = formulas.parse(source)
    except formulas.FormulaError as error:
        return FormulaTrial(source=source, error=formula_error_message(error))
    names = dict(
        Indicator.objects.filter(movement=movement, code__in=formula.references).values_list(
            "code", "name"
        )
    )
    references = [(code, names.get(code, "")) for code in sorted(formula.references)]
    problems = formulas.check_references({"_": formula}, names.keys())
    if problems:
        return FormulaTrial(
            source=source, references=references, error=formula_error_message(problems[0])
        )
    values = {code: samples.get(code) for code in formula.references}
    missing = [code for code, value in sorted(values.items()) if value is None]
    if missing:
        return FormulaTrial(source=source, references=references, missing=missing)
    try:
        value = formulas.evaluate(formula, values)
    except formulas.FormulaError as error:
        return FormulaTrial(
            source=source, references=references, error=formula_error_message(error)
        )
    return FormulaTrial(source=source, references=references, value=value)


# --- What uses an indicator ---------------------------------------------------------------------


def indicator_uses(
    indicators: list[Indicator], *, ignore_formulas_of: Iterable[str] = ()
) -> list[str]:
    """Why these indicators cannot be deleted, in Vietnamese (empty: nothing uses them).

    Looks at formulas of other indicators (except those in `ignore_formulas_of`), scoring rules,
    targets assigned to units, and every other table that points at an indicator (so report
    values added later block a deletion without a change here). Yearly targets belong to the
    indicator and go with it.
    """
    if not indicators:
        return []
    movement = indicators[0].movement
    pks = [indicator.pk for indicator in indicators]
    ignored = {code.upper() for code in ignore_formulas_of}
    uses: list[str] = []
    for code, users in sorted(formulas_using(movement, [i.code for i in indicators]).items()):
        outside = [user for user in users if user not in ignored and user != code]
        if outside:
            uses.append(f"Chỉ tiêu {code} được dùng trong công thức của {', '.join(outside)}.")
    rules = ScoringRule.objects.filter(indicator_id__in=pks).select_related(
        "version__table", "indicator"
    )
    for rule in rules.order_by("indicator__code", "version__table__name", "version__number"):
        uses.append(
            f"Chỉ tiêu {rule.indicator.code} được dùng trong bảng chấm điểm "
            f"“{rule.version.table.name}” (phiên bản {rule.version.number})."
        )
    targets = Target.objects.filter(indicator_id__in=pks).count()
    if targets:
        uses.append(f"Đã giao {targets} chỉ tiêu cho đơn vị theo chỉ tiêu này.")
    for relation in Indicator._meta.related_objects:
        model = relation.related_model
        if model in (YearlyTarget, Target) or relation.hidden:
            continue
        count = model._default_manager.filter(**{f"{relation.field.name}__in": pks}).count()
        if count:
            label = str(model._meta.verbose_name).lower()
            uses.append(f"Đã có {count} {label} theo chỉ tiêu này.")
    return uses


def yearly_targets_of(indicator: Indicator) -> dict[int, Decimal]:
    """{year: value} of the indicator's yearly targets."""
    return dict(YearlyTarget.objects.filter(indicator=indicator).values_list("year", "value"))
