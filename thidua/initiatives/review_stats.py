"""What the council reads from a round's reviews: per initiative the count, mean, median and
spread of the scores; per reviewer a normalised score beside the raw one; and the outliers,
each with a Vietnamese reason. Pure: no Django.

Normalisation. Reviewers differ in severity: one gives 40–60, another 70–95 to work of the same
quality. Each reviewer's scores are z-scored over that reviewer's own reviews in the round and
mapped back to the round's overall mean and standard deviation:

    normalised = round_mean + (raw − reviewer_mean) / reviewer_sd × round_sd

so a harsh and a lenient reviewer become comparable while each keeps their own order. A
reviewer with a single review, or who gave every initiative the same score (sd 0), says nothing
about their severity: their normalised score is their raw score. Standard deviations are the
population ones (the round is the whole population, not a sample). A normalised score may fall
a little outside 0–100 when a reviewer's own spread is narrow; it is shown as computed, never
clipped, so that the council sees what the arithmetic says.

Outliers are flagged, never removed: the council decides what to make of them.
- A review whose score lies more than `median_gap` points (default 20 on the 100-point scale)
  from the initiative's median.
- A review whose normalised score differs from its raw score by more than `severity_gap` points
  (default 20): the reviewer was markedly harsher or more lenient than the round.

All arithmetic is in Decimal (28 significant digits); `for_display` rounds half up for the page.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

DEFAULT_MEDIAN_GAP = Decimal(20)
DEFAULT_SEVERITY_GAP = Decimal(20)
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class ScoredReview:
    """A submitted review: who scored which initiative, and the weighted total out of 100."""

    initiative: int
    reviewer: int
    total: Decimal


@dataclass(frozen=True, slots=True)
class InitiativeStats:
    initiative: int
    count: int
    mean: Decimal
    median: Decimal
    minimum: Decimal
    maximum: Decimal
    # The mean of the normalised scores: what the initiative scores once severity is evened out.
    normalised_mean: Decimal

    @property
    def spread(self) -> Decimal:
        """Highest minus lowest score."""
        return self.maximum - self.minimum


@dataclass(frozen=True, slots=True)
class ReviewerStats:
    reviewer: int
    count: int
    mean: Decimal
    sd: Decimal

    @property
    def is_normalised(self) -> bool:
        """Whether this reviewer's scores were rescaled (two reviews or more, not all equal)."""
        return self.count >= 2 and self.sd > _ZERO


@dataclass(frozen=True, slots=True)
class ReviewResult:
    initiative: int
    reviewer: int
    raw: Decimal
    normalised: Decimal
    reasons: tuple[str, ...] = ()

    @property
    def is_outlier(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True, slots=True)
class RoundStats:
    """Everything the results page shows, keyed by initiative and reviewer ids."""

    count: int
    mean: Decimal | None
    sd: Decimal | None
    initiatives: Mapping[int, InitiativeStats] = field(default_factory=dict)
    reviewers: Mapping[int, ReviewerStats] = field(default_factory=dict)
    reviews: Sequence[ReviewResult] = ()

    def reviews_by_initiative(self) -> dict[int, list[ReviewResult]]:
        """The reviews grouped by initiative, in the order they were given."""
        grouped: dict[int, list[ReviewResult]] = defaultdict(list)
        for review in self.reviews:
            grouped[review.initiative].append(review)
        return dict(grouped)

    @property
    def outliers(self) -> list[ReviewResult]:
        return [review for review in self.reviews if review.is_outlier]


def mean(values: Sequence[Decimal]) -> Decimal:
    """The arithmetic mean; refuses an empty sequence."""
    if not values:
        raise ValueError("mean of no values")
    with localcontext() as context:
        context.prec = 28
        return sum(values, _ZERO) / len(values)


def median(values: Sequence[Decimal]) -> Decimal:
    """The middle value (the mean of the two middle ones for an even count); refuses empty."""
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def population_sd(values: Sequence[Decimal]) -> Decimal:
    """The population standard deviation (0 for a single value); refuses empty."""
    centre = mean(values)
    with localcontext() as context:
        context.prec = 28
        variance = sum(((value - centre) ** 2 for value in values), _ZERO) / len(values)
        return variance.sqrt()


def for_display(value: Decimal, places: int = 1) -> Decimal:
    """`value` rounded half up to `places` decimals (12,25 → 12,3), for pages and exports."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _points(value: Decimal) -> str:
    """A number of points as the page writes it: one decimal, Vietnamese comma."""
    return f"{for_display(value):f}".replace(".", ",")


def round_stats(
    reviews: Iterable[ScoredReview],
    *,
    median_gap: Decimal = DEFAULT_MEDIAN_GAP,
    severity_gap: Decimal = DEFAULT_SEVERITY_GAP,
) -> RoundStats:
    """Statistics of a round's submitted reviews (see the module's docstring).

    A reviewer appearing twice on one initiative is a caller's error (the database forbids it)
    and is refused with ValueError, as is a negative gap.
    """
    if median_gap < _ZERO or severity_gap < _ZERO:
        raise ValueError("gaps must not be negative")
    items = list(reviews)
    pairs = {(item.initiative, item.reviewer) for item in items}
    if len(pairs) != len(items):
        raise ValueError("a reviewer scored the same initiative twice")
    if not items:
        return RoundStats(count=0, mean=None, sd=None)

    all_totals = [item.total for item in items]
    overall_mean = mean(all_totals)
    overall_sd = population_sd(all_totals)

    by_reviewer: dict[int, list[Decimal]] = defaultdict(list)
    for item in items:
        by_reviewer[item.reviewer].append(item.total)
    reviewers = {
        reviewer: ReviewerStats(
            reviewer=reviewer, count=len(totals), mean=mean(totals), sd=population_sd(totals)
        )
        for reviewer, totals in by_reviewer.items()
    }

    normalised: dict[tuple[int, int], Decimal] = {}
    for item in items:
        severity = reviewers[item.reviewer]
        if severity.is_normalised:
            with localcontext() as context:
                context.prec = 28
                z = (item.total - severity.mean) / severity.sd
                normalised[(item.initiative, item.reviewer)] = overall_mean + z * overall_sd
        else:
            normalised[(item.initiative, item.reviewer)] = item.total

    by_initiative: dict[int, list[ScoredReview]] = defaultdict(list)
    for item in items:
        by_initiative[item.initiative].append(item)
    initiatives: dict[int, InitiativeStats] = {}
    for initiative, scored in by_initiative.items():
        totals = [item.total for item in scored]
        initiatives[initiative] = InitiativeStats(
            initiative=initiative,
            count=len(totals),
            mean=mean(totals),
            median=median(totals),
            minimum=min(totals),
            maximum=max(totals),
            normalised_mean=mean([normalised[(initiative, item.reviewer)] for item in scored]),
        )

    results = []
    for item in items:
        key = (item.initiative, item.reviewer)
        results.append(
            ReviewResult(
                initiative=item.initiative,
                reviewer=item.reviewer,
                raw=item.total,
                normalised=normalised[key],
                reasons=_reasons(
                    item.total,
                    normalised[key],
                    initiatives[item.initiative].median,
                    median_gap=median_gap,
                    severity_gap=severity_gap,
                ),
            )
        )
    return RoundStats(
        count=len(items),
        mean=overall_mean,
        sd=overall_sd,
        initiatives=initiatives,
        reviewers=reviewers,
        reviews=results,
    )


def _reasons(
    raw: Decimal,
    normalised: Decimal,
    initiative_median: Decimal,
    *,
    median_gap: Decimal,
    severity_gap: Decimal,
) -> tuple[str, ...]:
    reasons = []
    distance = raw - initiative_median
    if abs(distance) > median_gap:
        direction = "cao hơn" if distance > _ZERO else "thấp hơn"
        reasons.append(
            f"Điểm {direction} trung vị của sáng kiến ({_points(initiative_median)}) "
            f"{_points(abs(distance))} điểm, vượt ngưỡng {_points(median_gap)} điểm."
        )
    gap = normalised - raw
    if abs(gap) > severity_gap:
        manner = "chặt tay hơn" if gap > _ZERO else "rộng tay hơn"
        reasons.append(
            f"Người chấm {manner} mặt bằng của đợt: điểm chuẩn hóa ({_points(normalised)}) "
            f"chênh {_points(abs(gap))} điểm so với điểm gốc, vượt ngưỡng "
            f"{_points(severity_gap)} điểm."
        )
    return tuple(reasons)
