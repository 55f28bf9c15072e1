"""periods.py: calendar periods cut to a range, their names and their three dates (pure)."""

import datetime as dt
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.movements.periods import (
    HALF_YEAR,
    KINDS,
    MONTH,
    QUARTER,
    YEAR,
    PeriodSpec,
    check_period_dates,
    generate_periods,
    period_date_problems,
    period_name,
)

D = dt.date


# --- Names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "year", "number", "name"),
    [
        (MONTH, 2026, 3, "Tháng 03/2026"),
        (MONTH, 2026, 12, "Tháng 12/2026"),
        (QUARTER, 2026, 1, "Quý I/2026"),
        (QUARTER, 2025, 3, "Quý III/2025"),
        (QUARTER, 2030, 4, "Quý IV/2030"),
        (HALF_YEAR, 2026, 1, "6 tháng đầu năm 2026"),
        (HALF_YEAR, 2026, 2, "6 tháng cuối năm 2026"),
        (YEAR, 2026, 1, "Năm 2026"),
    ],
)
def test_period_name_samples(kind, year, number, name):
    assert period_name(kind, year, number) == name


def test_period_name_unknown_kind_refused():
    with pytest.raises(ValueError, match="Loại kỳ báo cáo không hợp lệ"):
        period_name("week", 2026, 1)


# --- Generation ----------------------------------------------------------------------------------


def test_generate_quarters_of_a_year_with_their_dates():
    specs = generate_periods(
        D(2026, 1, 1), D(2026, 12, 31), [QUARTER], due_after_days=10, lock_after_days=30
    )

    assert specs == [
        PeriodSpec(
            QUARTER, 2026, 1, "Quý I/2026", D(2026, 1, 1), D(2026, 3, 31),
            D(2026, 3, 31), D(2026, 4, 10), D(2026, 4, 30),
        ),
        PeriodSpec(
            QUARTER, 2026, 2, "Quý II/2026", D(2026, 4, 1), D(2026, 6, 30),
            D(2026, 6, 30), D(2026, 7, 10), D(2026, 7, 30),
        ),
        PeriodSpec(
            QUARTER, 2026, 3, "Quý III/2026", D(2026, 7, 1), D(2026, 9, 30),
            D(2026, 9, 30), D(2026, 10, 10), D(2026, 10, 30),
        ),
        PeriodSpec(
            QUARTER, 2026, 4, "Quý IV/2026", D(2026, 10, 1), D(2026, 12, 31),
            D(2026, 12, 31), D(2027, 1, 10), D(2027, 1, 30),
        ),
    ]  # fmt: skip


def test_generate_cuts_the_first_and_last_periods_to_the_range():
    specs = generate_periods(
        D(2025, 7, 18), D(2026, 2, 10), [MONTH, YEAR], due_after_days=5, lock_after_days=5
    )

    assert [(s.name, s.start, s.end) for s in specs] == [
        ("Tháng 07/2025", D(2025, 7, 18), D(2025, 7, 31)),
        ("Năm 2025", D(2025, 7, 18), D(2025, 12, 31)),
        ("Tháng 08/2025", D(2025, 8, 1), D(2025, 8, 31)),
        ("Tháng 09/2025", D(2025, 9, 1), D(2025, 9, 30)),
        ("Tháng 10/2025", D(2025, 10, 1), D(2025, 10, 31)),
        ("Tháng 11/2025", D(2025, 11, 1), D(2025, 11, 30)),
        ("Tháng 12/2025", D(2025, 12, 1), D(2025, 12, 31)),
        ("Tháng 01/2026", D(2026, 1, 1), D(2026, 1, 31)),
        ("Năm 2026", D(2026, 1, 1), D(2026, 2, 10)),
        ("Tháng 02/2026", D(2026, 2, 1), D(2026, 2, 10)),
    ]


def test_generate_opens_before_the_end_but_never_before_the_start():
    specs = generate_periods(
        D(2025, 7, 18),
        D(2025, 12, 31),
        [QUARTER],
        due_after_days=10,
        lock_after_days=20,
        opens_before_end_days=80,
    )

    assert [(s.name, s.opens_on) for s in specs] == [
        ("Quý III/2025", D(2025, 7, 18)),  # 80 days before 30/09 is before the cut start
        ("Quý IV/2025", D(2025, 10, 12)),
    ]


def test_generate_half_years_leap_february_and_repeated_kinds():
    specs = generate_periods(
        D(2028, 1, 1),
        D(2028, 12, 31),
        [HALF_YEAR, MONTH, HALF_YEAR],
        due_after_days=0,
        lock_after_days=0,
    )

    halves = [(s.name, s.start, s.end) for s in specs if s.kind == HALF_YEAR]
    february = next(s for s in specs if s.kind == MONTH and s.number == 2)
    assert halves == [
        ("6 tháng đầu năm 2028", D(2028, 1, 1), D(2028, 6, 30)),
        ("6 tháng cuối năm 2028", D(2028, 7, 1), D(2028, 12, 31)),
    ]
    assert february.end == D(2028, 2, 29)
    assert len(specs) == 14


def test_generate_a_single_day_range():
    specs = generate_periods(
        D(2026, 5, 5), D(2026, 5, 5), KINDS, due_after_days=1, lock_after_days=2
    )

    assert [(s.name, s.start, s.end) for s in specs] == [
        ("Tháng 05/2026", D(2026, 5, 5), D(2026, 5, 5)),
        ("Quý II/2026", D(2026, 5, 5), D(2026, 5, 5)),
        ("6 tháng đầu năm 2026", D(2026, 5, 5), D(2026, 5, 5)),
        ("Năm 2026", D(2026, 5, 5), D(2026, 5, 5)),
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"start": D(2026, 2, 1), "end": D(2026, 1, 1)},
            "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.",
        ),
        ({"kinds": ["week", QUARTER]}, "Loại kỳ báo cáo không hợp lệ: week."),
        ({"due_after_days": -1}, "Hạn nộp sau cuối kỳ phải từ 0 đến 366 ngày."),
        ({"lock_after_days": 400}, "Khóa số liệu sau cuối kỳ phải từ 0 đến 366 ngày."),
        ({"opens_before_end_days": -3}, "Mở nhập liệu trước cuối kỳ phải từ 0 đến 366 ngày."),
        (
            {"due_after_days": 20, "lock_after_days": 10},
            "Ngày khóa số liệu phải sau hoặc trùng hạn nộp.",
        ),
    ],
)
def test_generate_refusals(arguments, message):
    call = {
        "start": D(2026, 1, 1),
        "end": D(2026, 12, 31),
        "kinds": [QUARTER],
        "due_after_days": 10,
        "lock_after_days": 30,
        "opens_before_end_days": 0,
    } | arguments

    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        generate_periods(call.pop("start"), call.pop("end"), call.pop("kinds"), **call)


# --- Properties ----------------------------------------------------------------------------------

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
ranges = st.tuples(dates, st.integers(min_value=0, max_value=3 * 366)).map(
    lambda pair: (pair[0], min(pair[0] + dt.timedelta(days=pair[1]), D(2100, 12, 31)))
)
days = st.integers(min_value=0, max_value=366)


# No deadline: a first example can be slow on a loaded machine (the test is about results).
@settings(deadline=None)
@given(
    date_range=ranges,
    kind=st.sampled_from(KINDS),
    due=days,
    extra_lock=days,
    opens=days,
)
def test_periods_of_a_kind_tile_the_range(date_range, kind, due, extra_lock, opens):
    start, end = date_range

    specs = generate_periods(
        start,
        end,
        [kind],
        due_after_days=due,
        lock_after_days=min(due + extra_lock, 366),
        opens_before_end_days=opens,
    )

    assert specs[0].start == start
    assert specs[-1].end == end
    for before, after in itertools.pairwise(specs):
        assert after.start == before.end + dt.timedelta(days=1)
    for spec in specs:
        assert spec.start <= spec.end
        assert spec.start <= spec.opens_on <= spec.due_on <= spec.locks_on
        assert (
            check_period_dates(spec.opens_on, spec.due_on, spec.locks_on, spec.start, spec.end)
            == []
        )
        assert spec.name == period_name(kind, spec.year, spec.number)
        assert spec.start.year == spec.end.year == spec.year


@settings(deadline=None)
@given(date_range=ranges, kinds=st.sets(st.sampled_from(KINDS), min_size=1))
def test_periods_are_unique_per_kind_year_and_number(date_range, kinds):
    specs = generate_periods(*date_range, kinds, due_after_days=0, lock_after_days=0)

    keys = [(s.kind, s.year, s.number) for s in specs]
    assert len(keys) == len(set(keys))
    assert {s.kind for s in specs} == kinds


# --- Checking one period's dates -------------------------------------------------------------


def test_check_period_dates_valid_including_a_due_date_before_the_end():
    # Year-end files are often due in early December, before the year ends.
    assert (
        check_period_dates(
            D(2026, 11, 1), D(2026, 12, 10), D(2027, 1, 15), D(2026, 1, 1), D(2026, 12, 31)
        )
        == []
    )


def test_check_period_dates_every_problem_at_its_field():
    problems = period_date_problems(
        opens_on=D(2025, 12, 1),
        due_on=D(2025, 11, 1),
        locks_on=D(2025, 10, 1),
        start=D(2026, 3, 31),
        end=D(2026, 1, 1),
    )

    assert problems == [
        ("end", "Ngày cuối kỳ phải sau hoặc trùng ngày đầu kỳ."),
        (
            "opens_on",
            "Ngày mở nhập liệu không được trước ngày đầu kỳ (31/03/2026): chưa bắt đầu kỳ thì "
            "chưa có số liệu để nhập.",
        ),
        ("opens_on", "Ngày mở nhập liệu phải trước hoặc trùng hạn nộp."),
        ("due_on", "Hạn nộp phải trước hoặc trùng ngày khóa số liệu."),
    ]


def test_check_period_dates_due_after_lock():
    assert check_period_dates(
        D(2026, 3, 31), D(2026, 4, 30), D(2026, 4, 10), D(2026, 1, 1), D(2026, 3, 31)
    ) == ["Hạn nộp phải trước hoặc trùng ngày khóa số liệu."]
