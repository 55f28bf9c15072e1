"""Counting a council's vote on an initiative. Pure: no Django.

The share is of the council's WHOLE membership, not of the members present or of those who
voted: with 7 members and a 2/3 rule, 5 votes for are needed even if only 5 members came
(quy chế mẫu theo Điều lệ Sáng kiến, NĐ 13/2012/NĐ-CP và TT 18/2013/TT-BKHCN: "từ 2/3 tổng số
thành viên hội đồng đồng ý"). Everything is exact integer arithmetic: a motion passes iff
votes_for × denominator ≥ numerator × members_total.
"""

from dataclasses import dataclass


class VotingError(ValueError):
    """A count that cannot be judged (no members, more votes than members, a bad share).
    `message` is Vietnamese, ready to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class VoteResult:
    passed: bool
    # The fewest votes for that reach the share of the whole membership.
    needed: int
    votes_for: int
    votes_against: int
    members_total: int
    share_numerator: int
    share_denominator: int

    @property
    def not_voted(self) -> int:
        """Members who have not voted (absent, or not yet)."""
        return self.members_total - self.votes_for - self.votes_against

    @property
    def missing(self) -> int:
        """How many more votes for are needed (0 once the share is reached)."""
        return max(0, self.needed - self.votes_for)

    @property
    def can_still_pass(self) -> bool:
        """Whether the members who have not voted could still carry it."""
        return self.votes_for + self.not_voted >= self.needed

    @property
    def share_label(self) -> str:
        """ "2/3 tổng số thành viên (5/7)"."""
        return (
            f"{self.share_numerator}/{self.share_denominator} tổng số thành viên "
            f"({self.needed}/{self.members_total})"
        )


def check_share(numerator: int, denominator: int) -> None:
    """Refuses a share that is not a fraction in (0, 1]."""
    if denominator <= 0 or numerator <= 0 or numerator > denominator:
        raise VotingError(
            f"Tỷ lệ thông qua {numerator}/{denominator} không hợp lệ: tử số phải lớn hơn 0 và "
            "không lớn hơn mẫu số."
        )


def votes_needed(members_total: int, share_numerator: int, share_denominator: int) -> int:
    """The smallest number of votes for that reaches the share: ⌈numerator × members /
    denominator⌉ (2/3 of 7 → 5, of 6 → 4, of 9 → 6)."""
    check_share(share_numerator, share_denominator)
    if members_total <= 0:
        raise VotingError("Hội đồng chưa có thành viên nào: không thể biểu quyết.")
    return -(-share_numerator * members_total // share_denominator)


def decide(
    votes_for: int,
    votes_against: int,
    members_total: int,
    share_numerator: int,
    share_denominator: int,
) -> VoteResult:
    """Whether `votes_for` reach the share of the whole membership.

    Refuses (VotingError, Vietnamese message) a council without members, negative counts, more
    votes than members, and a share that is not a fraction in (0, 1].
    """
    needed = votes_needed(members_total, share_numerator, share_denominator)
    if votes_for < 0 or votes_against < 0:
        raise VotingError("Số phiếu không được âm.")
    if votes_for + votes_against > members_total:
        raise VotingError(
            f"Số phiếu ({votes_for + votes_against}) nhiều hơn số thành viên hội đồng "
            f"({members_total})."
        )
    return VoteResult(
        passed=votes_for * share_denominator >= share_numerator * members_total,
        needed=needed,
        votes_for=votes_for,
        votes_against=votes_against,
        members_total=members_total,
        share_numerator=share_numerator,
        share_denominator=share_denominator,
    )
