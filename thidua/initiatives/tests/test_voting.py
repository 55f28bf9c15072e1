"""The council's count: a share of the WHOLE membership, exact integers, refusals."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.initiatives.voting import VotingError, decide, votes_needed


def test_decide_two_thirds_of_seven_needs_five() -> None:
    result = decide(5, 0, 7, 2, 3)

    assert (result.passed, result.needed, result.not_voted, result.missing) == (True, 5, 2, 0)


def test_decide_four_of_seven_fails_even_if_nobody_voted_against() -> None:
    result = decide(4, 0, 7, 2, 3)

    assert (result.passed, result.needed, result.missing, result.can_still_pass) == (
        False,
        5,
        1,
        True,
    )


def test_decide_counts_the_whole_membership_not_those_present() -> None:
    # 5 of 7 members came and 4 voted for: 4/5 of those present, but not 2/3 of the council.
    result = decide(4, 1, 7, 2, 3)

    assert (result.passed, result.can_still_pass) == (False, True)


def test_decide_exact_two_thirds_of_six_passes_with_four() -> None:
    assert (decide(4, 2, 6, 2, 3).passed, decide(3, 3, 6, 2, 3).passed) == (True, False)


def test_decide_cannot_still_pass_once_too_many_voted_against() -> None:
    result = decide(2, 3, 7, 2, 3)

    assert (result.passed, result.can_still_pass) == (False, False)


def test_votes_needed_for_common_council_sizes() -> None:
    assert [votes_needed(n, 2, 3) for n in (1, 2, 3, 5, 6, 7, 9, 11)] == [1, 2, 2, 4, 4, 5, 6, 8]


def test_share_label_states_the_share_and_count() -> None:
    assert decide(5, 1, 7, 2, 3).share_label == "2/3 tổng số thành viên (5/7)"


def test_decide_refuses_a_council_without_members() -> None:
    with pytest.raises(VotingError) as raised:
        decide(0, 0, 0, 2, 3)

    assert raised.value.message == "Hội đồng chưa có thành viên nào: không thể biểu quyết."


def test_decide_refuses_more_votes_than_members() -> None:
    with pytest.raises(VotingError) as raised:
        decide(5, 3, 7, 2, 3)

    assert raised.value.message == "Số phiếu (8) nhiều hơn số thành viên hội đồng (7)."


def test_decide_refuses_negative_votes() -> None:
    with pytest.raises(VotingError) as raised:
        decide(-1, 0, 7, 2, 3)

    assert raised.value.message == "Số phiếu không được âm."


@pytest.mark.parametrize(("numerator", "denominator"), [(0, 3), (4, 3), (2, 0), (-1, 3)])
def test_decide_refuses_a_share_outside_zero_to_one(numerator: int, denominator: int) -> None:
    with pytest.raises(VotingError) as raised:
        decide(1, 0, 3, numerator, denominator)

    assert raised.value.message.startswith(f"Tỷ lệ thông qua {numerator}/{denominator} không hợp")


shares = st.integers(1, 12).flatmap(lambda d: st.tuples(st.integers(1, d), st.just(d)))


@given(members=st.integers(1, 60), share=shares, data=st.data())
def test_decide_passes_exactly_when_the_needed_votes_are_reached(
    members: int, share: tuple[int, int], data: st.DataObject
) -> None:
    numerator, denominator = share
    votes_for = data.draw(st.integers(0, members))
    votes_against = data.draw(st.integers(0, members - votes_for))

    result = decide(votes_for, votes_against, members, numerator, denominator)

    assert result.passed == (votes_for >= result.needed)
    assert result.passed == (votes_for / members >= numerator / denominator - 1e-12)
    assert 1 <= result.needed <= members


@given(members=st.integers(1, 60), share=shares)
def test_votes_needed_is_the_least_count_reaching_the_share(
    members: int, share: tuple[int, int]
) -> None:
    numerator, denominator = share

    needed = votes_needed(members, numerator, denominator)

    assert needed * denominator >= numerator * members
    assert (needed - 1) * denominator < numerator * members


@given(members=st.integers(1, 60), share=shares, data=st.data())
def test_decide_more_votes_for_never_turns_a_pass_into_a_fail(
    members: int, share: tuple[int, int], data: st.DataObject
) -> None:
    votes_for = data.draw(st.integers(0, members - 1))

    before = decide(votes_for, 0, members, *share)
    after = decide(votes_for + 1, 0, members, *share)

    assert not (before.passed and not after.passed)
