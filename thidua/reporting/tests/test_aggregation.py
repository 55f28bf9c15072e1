"""A unit's value made from its khoa/phòng's values (pure)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.reporting.aggregation import RULES, Part, aggregate

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def _parts(*values, staff=None):
    staff = staff or [1] * len(values)
    return [
        Part(None if v is None else Decimal(v), s, T0 + dt.timedelta(hours=i))
        for i, (v, s) in enumerate(zip(values, staff, strict=True))
    ]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [("sum", "60"), ("min", "10"), ("max", "30"), ("latest", "30"), ("avg_staff", "22.5")],
)
def test_aggregate_by_each_rule(rule, expected):
    parts = _parts("10", None, "20", "30", staff=[1, 5, 1, 2])

    assert aggregate(rule, parts) == Decimal(expected)


def test_aggregate_of_nothing_is_none():
    assert aggregate("sum", _parts(None, None)) is None
    assert aggregate("avg_staff", []) is None


def test_average_without_staff_is_the_plain_mean():
    assert aggregate("avg_staff", _parts("1", "2", staff=[0, 0])) == Decimal("1.5")


def test_latest_takes_the_part_changed_last_whatever_the_order():
    parts = [Part(Decimal(5), 1, T0 + dt.timedelta(days=1)), Part(Decimal(7), 1, T0)]

    assert aggregate("latest", parts) == Decimal(5)


def test_aggregate_refuses_an_unknown_rule():
    with pytest.raises(ValueError, match="không hợp lệ"):
        aggregate("median", _parts("1"))


_values = st.decimals(min_value=-(10**6), max_value=10**6, places=4, allow_nan=False)
_part = st.builds(
    Part,
    value=st.one_of(st.none(), _values),
    staff=st.integers(min_value=0, max_value=5000),
    at=st.one_of(st.none(), st.datetimes(timezones=st.just(dt.UTC))),
)


@given(st.lists(_part, min_size=1, max_size=12))
def test_aggregates_lie_between_the_smallest_and_the_largest(parts):
    known = [p.value for p in parts if p.value is not None]

    results = {rule: aggregate(rule, parts) for rule in RULES}

    if not known:
        assert set(results.values()) == {None}
        return
    low, high = min(known), max(known)
    assert results["min"] == low
    assert results["max"] == high
    for rule in ("avg_staff", "latest"):
        assert low <= results[rule] <= high
    assert results["sum"] == sum(known)
