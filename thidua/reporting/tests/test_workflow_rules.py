"""The pure rules of the entry window and the approval chain."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.reporting.workflow import (
    Window,
    ancestor_path,
    approval_chain,
    chain_top,
    entry_window,
    level_after,
    levels_passed,
    next_level,
)

OPENS, DUE, LOCKS = dt.date(2026, 3, 25), dt.date(2026, 4, 10), dt.date(2026, 4, 30)


def window(today, exception_until=None):
    return entry_window(
        today, opens_on=OPENS, due_on=DUE, locks_on=LOCKS, exception_until=exception_until
    )


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (dt.date(2026, 3, 24), Window.NOT_OPEN),
        (OPENS, Window.OPEN),
        (DUE, Window.OPEN),
        (DUE + dt.timedelta(days=1), Window.LATE),
        (LOCKS, Window.LATE),
        (LOCKS + dt.timedelta(days=1), Window.LOCKED),
    ],
)
def test_entry_window_follows_the_three_dates(today, state):
    assert window(today).state == state


def test_exception_reopens_entry_after_the_lock_date_until_its_day():
    assert window(dt.date(2026, 5, 5), dt.date(2026, 5, 5)).state == Window.EXCEPTION
    assert window(dt.date(2026, 5, 6), dt.date(2026, 5, 5)).state == Window.LOCKED
    assert "05/05/2026" in window(dt.date(2026, 5, 1), dt.date(2026, 5, 5)).message


def test_locked_message_names_the_lock_date_in_vietnamese():
    result = window(dt.date(2026, 5, 2))

    assert not result.accepts_entry
    assert "30/04/2026" in result.message
    assert "khóa" in result.message


@given(st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 1, 1)))
def test_a_submission_is_late_exactly_after_the_due_date_while_entry_is_accepted(today):
    result = window(today, exception_until=dt.date(2026, 6, 1))

    if result.accepts_entry:
        assert result.is_late == (today > DUE)
    assert result.accepts_entry == (OPENS <= today <= dt.date(2026, 6, 1))


def test_chain_of_a_unit_report_goes_unit_then_department():
    assert approval_chain([0, 1, 2], unit_depth=1, top_depth=0) == [1, 0]


def test_chain_of_a_khoa_report_ends_at_its_unit():
    assert approval_chain([0, 1, 2], unit_depth=2, top_depth=1) == [2, 1]
    assert approval_chain([0, 1], unit_depth=2, top_depth=1) == [1]


def test_next_level_walks_the_chain_and_ends_with_none():
    chain = [2, 1, 0]

    assert next_level(chain, 2) == 1
    assert next_level(chain, 0) is None
    with pytest.raises(ValueError, match="not in list"):
        next_level(chain, 5)


@given(st.sets(st.integers(0, 5)), st.integers(0, 5), st.integers(0, 5))
def test_chain_is_strictly_descending_and_within_bounds(depths, unit_depth, top_depth):
    chain = approval_chain(depths, unit_depth=unit_depth, top_depth=top_depth)

    assert chain == sorted(set(chain), reverse=True)
    assert all(top_depth <= d <= unit_depth for d in chain)


def test_ancestor_path_cuts_the_materialised_path():
    assert ancestor_path("/1/7/42/", 0) == "/1/"
    assert ancestor_path("/1/7/42/", 1) == "/1/7/"
    assert ancestor_path("/1/7/42/", 2) == "/1/7/42/"
    with pytest.raises(ValueError, match="không có cấp trên"):
        ancestor_path("/1/7/", 2)


def test_level_after_goes_on_from_a_level_no_longer_in_the_chain():
    assert level_after([2, 1, 0], 2) == 1
    assert level_after([2, 0], 1) == 0
    assert level_after([1, 0], 0) is None


@given(st.sets(st.integers(0, 5), min_size=1), st.data())
def test_level_after_agrees_with_next_level_inside_the_chain(depths, data):
    chain = sorted(depths, reverse=True)
    current = data.draw(st.sampled_from(chain))

    assert level_after(chain, current) == next_level(chain, current)


def test_levels_passed_are_those_below_the_pending_one_or_all_once_approved():
    assert levels_passed([2, 1, 0], 0) == [2, 1]
    assert levels_passed([2, 1, 0], 2) == []
    assert levels_passed([1, 0], None) == [1, 0]


def test_chain_top_of_a_unit_is_the_organising_unit():
    assert chain_top(owner_depth=0, is_sub_unit=[False, False]) == 0


def test_chain_top_of_a_khoa_is_its_nearest_unit_of_the_department():
    assert chain_top(owner_depth=0, is_sub_unit=[False, False, True]) == 1
    # a khoa inside a trạm inside a trung tâm: up to the trung tâm
    assert chain_top(owner_depth=0, is_sub_unit=[False, False, True, True]) == 1


def test_chain_top_never_goes_above_the_organising_unit():
    assert chain_top(owner_depth=1, is_sub_unit=[False, True, True]) == 1


@given(st.lists(st.booleans(), min_size=1, max_size=6), st.integers(0, 5))
def test_chain_top_lies_between_the_owner_and_the_unit(flags, owner_depth):
    owner_depth = min(owner_depth, len(flags) - 1)

    top = chain_top(owner_depth=owner_depth, is_sub_unit=flags)

    assert owner_depth <= top <= len(flags) - 1
    assert top == owner_depth or not flags[top]
