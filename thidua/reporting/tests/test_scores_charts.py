"""The pure chart geometry and the heat map's colour scale."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from thidua.reporting.charts import HEAT_LEVELS, heat_level, line_chart, share_of

D = Decimal


def test_heat_levels_follow_the_fixed_scale() -> None:
    assert [heat_level(share) for share in (0, 49, 50, 64, 65, 79, 80, 89, 90, 100, 130)] == [
        0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 4,
    ]  # fmt: skip
    assert HEAT_LEVELS[0][0] == 0
    assert HEAT_LEVELS[-1][1] == 100


def test_share_of_rounds_to_a_whole_percent() -> None:
    assert (share_of(D("32.75"), D(40)), share_of(D(35), D(60)), share_of(D(5), D(0))) == (
        82,
        58,
        0,
    )


def test_line_chart_places_points_and_breaks_lines_at_missing_values() -> None:
    chart = line_chart(
        ["Quý I", "Quý II", "Quý III"],
        [("A", "a", [D(100), None, D(50)])],
        maximum=D(100),
        width=400,
        height=200,
    )

    series = chart.series[0]
    assert [(p.x, p.y) for p in series.points] == [(48.0, 16.0), (352.0, 86.0)]
    assert series.path == "M48.0 16.0 M352.0 86.0"
    assert [label for _, label in chart.y_ticks] == ["0", "25", "50", "75", "100"]


def test_line_chart_without_values_is_empty() -> None:
    assert line_chart(["Quý I"], [("A", "a", [None])]).is_empty


@given(
    st.lists(st.none() | st.decimals(min_value=0, max_value=200, places=2), min_size=1, max_size=30)
)
def test_every_point_lies_inside_the_plot(values: list[Decimal | None]) -> None:
    chart = line_chart([f"K{i}" for i in range(len(values))], [("A", "a", values)])

    for point in chart.series[0].points:
        assert chart.left <= point.x <= chart.right
        assert chart.top <= point.y <= chart.bottom
    assert len(chart.x_labels) <= 8


@given(st.integers(min_value=-50, max_value=150), st.integers(min_value=-50, max_value=150))
def test_a_larger_share_never_gets_a_lighter_level(first: int, second: int) -> None:
    if first <= second:
        assert heat_level(first) <= heat_level(second)
