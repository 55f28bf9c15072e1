"""How a report's indicator points add up to criterion points and a total. Pure: no Django.

The rules (the reporting brief, issue 4):

- An indicator earns points by its scoring rule (`movements.scoring.points_for`). BANDS,
  LINEAR and YES_NO points belong to the indicator's criterion; BONUS and PENALTY points sit
  outside the criteria.
- A leaf criterion earns the sum of its indicators' points, capped at its maximum; a parent
  earns the sum of its children (and of any indicator attached to it directly), capped at its
  maximum. Points are never below 0.
- The total is the top-level criteria's points + bonus − penalty, never below 0.
- The appraised score is the same computation with the criteria a department officer adjusted
  replaced by the adjusted points (each within 0 and the criterion's maximum): a parent that
  was not adjusted itself sums its children's appraised points.

`RuleScorer` wraps `points_for` for scoring thousands of values with one rule: the rule is
checked once and band tables are evaluated once per band boundary (their points are constant
between boundaries), so a year's recomputation does not re-parse the table for every value.
"""

import copy
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from thidua.movements.scoring import (
    BANDS,
    BONUS,
    LINEAR,
    PENALTY,
    YES_NO,
    InvalidRuleError,
    RuleSpec,
    check_rule,
    points_for,
)

ZERO = Decimal("0.00")
BASE_METHODS = frozenset({BANDS, LINEAR, YES_NO})


@dataclass(frozen=True)
class CriterionNode:
    """A criterion of the tree: its code, its parent's code (None at the top), its maximum."""

    code: str
    parent: str | None
    max_points: Decimal


@dataclass(frozen=True)
class IndicatorPoints:
    """What one indicator earned: the criterion it belongs to, its rule's method, its points
    as `points_for` gives them (a penalty is negative)."""

    criterion: str
    method: str
    points: Decimal


@dataclass(frozen=True)
class Scorecard:
    """The points of a report: per criterion, the bonus and penalty (both ≥ 0) and the total."""

    criteria: Mapping[str, Decimal]
    bonus: Decimal
    penalty: Decimal
    criteria_total: Decimal
    total: Decimal
    top_level: tuple[str, ...] = field(default=())

    def top_points(self) -> tuple[Decimal, ...]:
        """The top-level criteria's points, in the tree's order (a tie-break)."""
        return tuple(self.criteria.get(code, ZERO) for code in self.top_level)


def _clamp(points: Decimal, maximum: Decimal) -> Decimal:
    return min(max(points, ZERO), max(maximum, ZERO))


class CriteriaTree:
    """A criteria tree prepared once for scoring many reports: the order to add points up in
    (children before their parent) and the top-level criteria in display order.

    A criterion whose parent is not in the tree counts as top-level; criteria caught in a
    parent loop (refused by `movements.scoring.check_weights` when the tree is saved) are
    reachable from no top-level criterion and earn nothing.
    """

    def __init__(self, criteria: Sequence[CriterionNode]) -> None:
        self.nodes = list(criteria)
        by_code = {node.code: node for node in self.nodes}
        self.codes = frozenset(by_code)
        self.children: dict[str, list[str]] = defaultdict(list)
        for node in self.nodes:
            if node.parent is not None and node.parent in by_code:
                self.children[node.parent].append(node.code)
        self.top_level = tuple(
            node.code for node in self.nodes if node.parent is None or node.parent not in by_code
        )
        # Post-order from the top-level criteria (iterative: a loop cannot recurse forever).
        order: list[str] = []
        seen: set[str] = set()
        for top in self.top_level:
            stack: list[tuple[str, bool]] = [(top, False)]
            while stack:
                code, expanded = stack.pop()
                if expanded:
                    order.append(code)
                    continue
                if code in seen:
                    continue
                seen.add(code)
                stack.append((code, True))
                stack.extend((kid, False) for kid in reversed(self.children[code]))
        self.order = [(code, by_code[code].max_points, self.children[code]) for code in order]
        self.unreachable = [node.code for node in self.nodes if node.code not in seen]

    def maximum(self) -> Decimal:
        """The sum of the top-level criteria's maxima."""
        maxima = {node.code: node.max_points for node in self.nodes}
        return sum((max(maxima[code], ZERO) for code in self.top_level), ZERO)


def score(
    criteria: Sequence[CriterionNode] | CriteriaTree,
    earned: Iterable[IndicatorPoints],
    adjustments: Mapping[str, Decimal] | None = None,
) -> Scorecard:
    """The scorecard of a report from what its indicators earned.

    `criteria` is the whole tree in display order (the top-level order is the tie-break
    order), or that tree prepared once (`CriteriaTree`); `adjustments` maps criterion codes to
    the appraised points a department officer set (each clamped to 0 … the criterion's
    maximum). Indicators of a criterion not in the tree count only for the bonus and penalty.
    """
    tree = criteria if isinstance(criteria, CriteriaTree) else CriteriaTree(criteria)
    adjustments = adjustments or {}
    own: dict[str, Decimal] = {}
    bonus = penalty = ZERO
    for item in earned:
        if item.method == BONUS:
            bonus += max(item.points, ZERO)
        elif item.method == PENALTY:
            penalty += max(-item.points, ZERO)
        elif item.method in BASE_METHODS and item.criterion in tree.codes:
            own[item.criterion] = own.get(item.criterion, ZERO) + max(item.points, ZERO)
    points: dict[str, Decimal] = {}
    for code, maximum, kids in tree.order:
        adjusted = adjustments.get(code)
        if adjusted is not None:
            points[code] = _clamp(adjusted, maximum)
            continue
        summed = own.get(code, ZERO)
        for kid in kids:
            summed += points.get(kid, ZERO)
        points[code] = _clamp(summed, maximum)
    for code in tree.unreachable:
        points[code] = ZERO
    criteria_total = sum((points[code] for code in tree.top_level), ZERO)
    total = max(criteria_total + bonus - penalty, ZERO)
    return Scorecard(
        criteria=points,
        bonus=bonus,
        penalty=penalty,
        criteria_total=criteria_total,
        total=total,
        top_level=tree.top_level,
    )


def appraised_points(
    tree: CriteriaTree,
    self_points: Mapping[str, Decimal],
    adjustments: Mapping[str, Decimal],
) -> dict[str, Decimal]:
    """Each criterion's appraised points from the stored self-assessed points and the
    adjustments, the way `score` computes them: an adjusted criterion has its adjusted points;
    a leaf keeps its own; a parent sums its children's appraised points plus what its own
    self-assessed points hold beyond its children's (indicators attached to it directly),
    capped at its maximum."""
    points: dict[str, Decimal] = {}
    for code, maximum, kids in tree.order:
        adjusted = adjustments.get(code)
        if adjusted is not None:
            points[code] = _clamp(adjusted, maximum)
            continue
        own = self_points.get(code, ZERO)
        if kids:
            own = max(own - sum((self_points.get(kid, ZERO) for kid in kids), ZERO), ZERO)
        points[code] = _clamp(own + sum((points.get(kid, ZERO) for kid in kids), ZERO), maximum)
    for code in tree.unreachable:
        points[code] = ZERO
    return points


def maximum_total(criteria: Sequence[CriterionNode], bonus_rules: Iterable[Decimal]) -> Decimal:
    """The most a report can score: the top-level maxima plus every bonus rule's maximum."""
    top = CriteriaTree(criteria).maximum()
    return top + sum((max(points, ZERO) for points in bonus_rules), ZERO)


# --- scoring many values with one rule --------------------------------------------------------


class RuleScorer:
    """`points_for` for one rule, fast when called for many values.

    Raises `InvalidRuleError` at construction for a rule `check_rule` refuses. Band tables
    give the same points everywhere between two consecutive band boundaries (a band holds
    ``from ≤ value < to``), so their points are computed once per boundary by `points_for`
    itself and looked up afterwards; other methods call `points_for` (with a cache).
    """

    def __init__(self, spec: RuleSpec) -> None:
        problems = check_rule(spec)
        if problems:
            raise InvalidRuleError(problems)
        self.spec = spec
        self._cache: dict[tuple[Decimal, Decimal | None], Decimal] = {}
        self._breaks: list[Decimal] = []
        self._break_points: list[Decimal] = []
        self._below: Decimal = ZERO
        if spec.method == BANDS:
            self._compile_bands()

    def _compile_bands(self) -> None:
        breaks: set[Decimal] = set()
        for band in self.spec.params["bands"]:
            for key in ("from", "to"):
                raw = band.get(key)
                if raw is None or raw == "":
                    continue
                try:
                    breaks.add(Decimal(str(raw).strip()))
                except InvalidOperation:  # pragma: no cover - check_rule refused it already
                    continue
        self._breaks = sorted(breaks)
        self._break_points = [points_for(self.spec, edge, None) for edge in self._breaks]
        below = (self._breaks[0] - 1) if self._breaks else Decimal(0)
        self._below = points_for(self.spec, below, None)

    def fresh(self) -> "RuleScorer":
        """The same compiled rule with an empty cache of its own (a kept scorer is shared by
        many requests: its cache must not grow with every value any of them scored)."""
        twin = copy.copy(self)
        twin._cache = {}
        return twin

    def __call__(self, value: Decimal | None, target: Decimal | None) -> Decimal:
        if value is None:
            return ZERO
        if self.spec.method == BANDS and value.is_finite():
            index = bisect_right(self._breaks, value)
            return self._below if index == 0 else self._break_points[index - 1]
        key = (value, target)
        cached = self._cache.get(key)
        if cached is None:
            cached = points_for(self.spec, value, target)
            self._cache[key] = cached
        return cached
