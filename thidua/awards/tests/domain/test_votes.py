"""The council's vote on award candidates: quorum, thresholds of the whole membership per award
type, written votes of absent members (NĐ 98/2023/NĐ-CP Điều 30 khoản 7; Bắc Ninh QĐ
86/2025/QĐ-UBND Điều 8 khoản 4)."""

from fractions import Fraction

import pytest

from thidua.awards.domain.default_rulebook import CO_TP, CSTD_TP, CSTDCS, LDTT, default_rulebook
from thidua.awards.domain.rules import CouncilRules
from thidua.awards.domain.votes import (
    Ballot,
    Nominee,
    VotingError,
    needed_votes,
    quorum,
    require_quorum,
    tally,
)

RULEBOOK = default_rulebook()
COUNCIL = RULEBOOK.council


def ballots(candidate, approve, reject=0, *, written_approve=0, written_reject=0):
    return (
        [Ballot(candidate, True)] * approve
        + [Ballot(candidate, False)] * reject
        + [Ballot(candidate, True, written=True)] * written_approve
        + [Ballot(candidate, False, written=True)] * written_reject
    )


def one(code, members, present, votes):
    result = tally(
        members_total=members,
        present=present,
        nominees=[Nominee("NV-1", code, "Nguyễn Thị An")],
        ballots=votes,
        rulebook=RULEBOOK,
    )
    return result.results[0]


# --- quorum -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "awards", "met"),
    [(7, False, True), (6, False, False), (8, True, True), (7, True, False)],
)
def test_quorum_two_thirds_and_eighty_percent_for_awards_bac_ninh_dieu_8(present, awards, met):
    """Of 10 members: 2/3 → 7 present; 80 % when awards are considered → 8."""
    assert quorum(10, present, COUNCIL, considering_awards=awards).met is met


def test_quorum_missing_refuses_the_vote_with_the_counts():
    with pytest.raises(VotingError) as raised:
        require_quorum(10, 7, COUNCIL)

    assert raised.value.message == (
        "Hội đồng không đủ số thành viên dự họp để biểu quyết. Dự họp 7/10 thành viên; khi xét "
        "khen thưởng cần ít nhất 80% tổng số thành viên (8/10): không đủ điều kiện họp."
    )


@pytest.mark.parametrize(("members", "present"), [(0, 0), (5, 6), (5, -1)])
def test_quorum_refuses_impossible_counts(members, present):
    with pytest.raises(VotingError):
        quorum(members, present, COUNCIL)


def test_without_quorum_nothing_passes_even_unanimous():
    result = one(CSTDCS, 10, 7, ballots("NV-1", 7, written_approve=3))

    assert result.passed is False
    assert result.explanation_vi.endswith(
        "không thông qua vì Hội đồng không đủ số thành viên dự họp."
    )


# --- thresholds of the whole membership -----------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "approve", "passed"),
    [
        (CSTDCS, 8, True),  # exactly 80 % of 10
        (CSTDCS, 7, False),
        (CO_TP, 8, True),
        (CSTD_TP, 8, False),  # 90 % needed
        (CSTD_TP, 9, True),  # exactly 90 %
        (LDTT, 6, True),  # no ballot share: more than half
        (LDTT, 5, False),  # exactly half is not a majority
    ],
)
def test_threshold_per_award_type_of_the_whole_membership_nd98_dieu_30_khoan_7(
    code, approve, passed
):
    result = one(code, 10, 10, ballots("NV-1", approve, 10 - approve))

    assert result.passed is passed


def test_threshold_counts_the_whole_membership_not_those_present():
    """8 present all approve: 8/10 = 80 % passes CSTĐCS; 8/11 does not."""
    assert one(CSTDCS, 10, 8, ballots("NV-1", 8)).passed is True
    assert one(CSTDCS, 11, 9, ballots("NV-1", 8)).passed is False


@pytest.mark.parametrize(
    ("members", "share", "strict", "needed"),
    [
        (10, Fraction(4, 5), False, 8),
        (11, Fraction(4, 5), False, 9),
        (9, Fraction(9, 10), False, 9),
        (10, Fraction(1, 2), True, 6),
        (9, Fraction(1, 2), True, 5),
    ],
)
def test_needed_votes(members, share, strict, needed):
    assert needed_votes(members, share, strict) == needed


# --- written votes of absent members -------------------------------------------------------------


def test_written_votes_of_absent_members_count_and_are_marked():
    result = one(CSTDCS, 10, 8, ballots("NV-1", 6, 2, written_approve=2))

    assert (result.passed, result.approve, result.written_approve) == (True, 8, 2)
    assert result.explanation_vi == (
        "Đồng ý 8/10 thành viên (80%), trong đó 2 phiếu đồng ý bằng văn bản của thành viên vắng "
        "mặt; cần từ 80% tổng số thành viên (8/10): đạt."
    )


def test_more_written_votes_than_absent_members_is_refused():
    with pytest.raises(VotingError) as raised:
        one(CSTDCS, 10, 9, ballots("NV-1", 7, written_approve=2))

    assert raised.value.message == (
        "“Nguyễn Thị An”: 2 phiếu bằng văn bản nhiều hơn số thành viên vắng mặt (1)."
    )


def test_more_ballots_in_session_than_members_present_is_refused():
    with pytest.raises(VotingError) as raised:
        one(CSTDCS, 10, 8, ballots("NV-1", 9))

    assert raised.value.message == (
        "“Nguyễn Thị An”: 9 phiếu tại phiên họp nhiều hơn số thành viên dự họp (8)."
    )


# --- the session ----------------------------------------------------------------------------------


def test_session_tally_per_candidate_with_its_own_threshold():
    result = tally(
        members_total=10,
        present=9,
        nominees=[Nominee("A", CSTDCS), Nominee("B", CSTD_TP)],
        ballots=[*ballots("A", 8, 1), *ballots("B", 8, 1, written_approve=1)],
        rulebook=RULEBOOK,
    )

    assert result.quorum.met is True
    assert [(r.ref, r.approve, r.needed, r.passed) for r in result.results] == [
        ("A", 8, 8, True),
        ("B", 9, 9, True),
    ]
    assert result.passed == ("A", "B")


@pytest.mark.parametrize(
    ("nominees", "votes", "message"),
    [
        (
            [Nominee("A", CSTDCS)],
            [Ballot("Z", True)],
            "Phiếu bầu cho “Z” không có trong chương trình họp.",
        ),
        ([Nominee("A", CSTDCS), Nominee("A", LDTT)], [], "“A” có hai lần trong chương trình họp."),
        (
            [Nominee("A", "huan_chuong")],
            [],
            "“A”: bộ quy tắc 2025.1 không có danh hiệu, hình thức mã “huan_chuong”.",
        ),
    ],
)
def test_session_tally_refuses_what_the_agenda_cannot_explain(nominees, votes, message):
    with pytest.raises(VotingError) as raised:
        tally(members_total=10, present=10, nominees=nominees, ballots=votes, rulebook=RULEBOOK)

    assert raised.value.message == message


def test_quorum_parameters_come_from_the_rulebook():
    council = CouncilRules(quorum=Fraction(1, 2), quorum_awards=Fraction(2, 3))

    assert quorum(9, 6, council).met is True
    assert quorum(9, 5, council).met is False
