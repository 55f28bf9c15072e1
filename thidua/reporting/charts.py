"""Geometry of the charts the score pages draw as inline SVG, and the heat map's colour scale.
Pure: no Django, no JavaScript library; the templates only place what is computed here.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

# The heat map's fixed scale: a share of the area's maximum points (percent) falls in the
# first level whose upper bound it is below; 100 % is in the last one.
HEAT_LEVELS: tuple[tuple[int, int], ...] = ((0, 50), (50, 65), (65, 80), (80, 90), (90, 100))


def heat_level(share: int) -> int:
    """The level (0–4) of a share of the maximum in percent (clamped to 0–100)."""
    share = max(0, min(100, share))
    for level, (_, high) in enumerate(HEAT_LEVELS):
        if share < high:
            return level
    return len(HEAT_LEVELS) - 1


def share_of(points: Decimal, maximum: Decimal) -> int:
    """Points as a whole percent of the maximum (0 when there is no maximum)."""
    if maximum <= 0:
        return 0
    return int((points * 100 / maximum).to_integral_value())


MAX_X_LABELS = 8


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: Decimal
    label: str


@dataclass(frozen=True)
class ChartSeries:
    name: str
    css_class: str
    points: tuple[ChartPoint, ...]
    path: str  # an SVG path: "M x y L x y …", a new "M" after each missing value


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_labels: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    series: tuple[ChartSeries, ...]

    @property
    def is_empty(self) -> bool:
        return not any(series.points for series in self.series)


def _nice_maximum(largest: Decimal) -> Decimal:
    for step in (Decimal(10), Decimal(20), Decimal(50), Decimal(100), Decimal(200)):
        if largest <= step * 5:
            return max(step * ((largest / step).to_integral_value(rounding="ROUND_CEILING")), step)
    return largest


def _number(value: Decimal) -> str:
    """A value as the pages show it: "85", "52,5"."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[Decimal | None]]],
    *,
    maximum: Decimal | None = None,
    width: int = 720,
    height: int = 260,
) -> LineChart:
    """A line chart of values over labelled steps (periods): x evenly spaced, y from 0 to
    `maximum` (or a round number above the largest value). Each series is (name, CSS class,
    one value or None per label); a missing value breaks its line."""
    left, right, top, bottom = 48, 48, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, _, items in series for v in items if v is not None]
    top_value = maximum if maximum is not None and maximum > 0 else None
    if top_value is None:
        top_value = _nice_maximum(max(values, default=Decimal(0)))
    count = len(labels)

    def x_at(index: int) -> float:
        if count <= 1:
            return left + plot_w / 2
        return round(left + plot_w * index / (count - 1), 1)

    def y_at(value: Decimal) -> float:
        share = min(max(value, Decimal(0)), top_value) / top_value
        return round(top + plot_h * (1 - float(share)), 1)

    drawn = []
    for name, css_class, items in series:
        points = []
        commands = []
        pen_down = False
        for index, value in enumerate(items[:count]):
            if value is None:
                pen_down = False
                continue
            point = ChartPoint(x_at(index), y_at(value), value, labels[index])
            points.append(point)
            commands.append(f"{'L' if pen_down else 'M'}{point.x} {point.y}")
            pen_down = True
        drawn.append(ChartSeries(name, css_class, tuple(points), " ".join(commands)))
    ticks = tuple((y_at(top_value * step / 4), _number(top_value * step / 4)) for step in range(5))
    return LineChart(
        width=width,
        height=height,
        left=left,
        right=width - right,
        top=top,
        bottom=height - bottom,
        # At most MAX_X_LABELS labels under the axis (every point keeps its own title).
        x_labels=tuple(
            (x_at(index), label)
            for index, label in enumerate(labels)
            if index % (-(-count // MAX_X_LABELS) or 1) == 0
        ),
        y_ticks=ticks,
        series=tuple(drawn),
    )
