"""Counting the Hội đồng Thi đua – Khen thưởng's vote on award candidates. Pure: no Django.

- Quorum: the council meets with at least `quorum` (2/3) of its members present, and at least
  `quorum_awards` (80 %) when it considers awards (Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 8 khoản 4
  [M] for the Sở's own quy chế). Written votes do not make a member present.
- Threshold: a share of the WHOLE membership, per award type — 80 % for "Chiến sĩ thi đua cơ
  sở" and "Cờ thi đua", 90 % for "Chiến sĩ thi đua Thành phố" (NĐ 98/2023/NĐ-CP Điều 30 khoản
  7); awards without a ballot share pass with more than `majority` (half) of the membership.
- Absent members vote in writing; their votes count and are marked (recorded in the minutes).

The ballot is secret: a `Ballot` carries no voter. The service that stores ballots ensures one
per member and candidate; here the counts are checked against the membership. Exact integer
arithmetic throughout.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from thidua.awards.domain.rules import CouncilRules, RulebookSpec


class VotingError(ValueError):
    """A count that cannot be judged; `message` is Vietnamese, ready to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Ballot:
    """One member's vote on one candidate: `approve` or not; `written` for the written vote of
    a member absent from the session, entered by the secretary."""

    candidate: str
    approve: bool
    written: bool = False


@dataclass(frozen=True, slots=True)
class Nominee:
    """A candidate on the session's agenda, for award `award_code`."""

    ref: str
    award_code: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class QuorumResult:
    met: bool
    present: int
    members_total: int
    needed: int
    share: Fraction
    considering_awards: bool
    explanation_vi: str


@dataclass(frozen=True, slots=True)
class CandidateTally:
    """The count for one candidate. `strict`: more than `share` is needed (majority), else at
    least `share`. `needed` is the fewest approvals that pass."""

    ref: str
    award_code: str
    approve: int
    reject: int
    written_approve: int
    written_reject: int
    members_total: int
    share: Fraction
    strict: bool
    needed: int
    passed: bool
    explanation_vi: str

    @property
    def not_voted(self) -> int:
        return self.members_total - self.approve - self.reject

    @property
    def written(self) -> int:
        return self.written_approve + self.written_reject


@dataclass(frozen=True, slots=True)
class SessionTally:
    quorum: QuorumResult
    results: tuple[CandidateTally, ...]

    @property
    def passed(self) -> tuple[str, ...]:
        return tuple(result.ref for result in self.results if result.passed)


def _percent(value: Fraction) -> str:
    tenths = round(value * 1000)
    text = f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths // 10},{tenths % 10}"
    return f"{text}%"


def _ceil(value: Fraction) -> int:
    return -(-value.numerator // value.denominator)


def quorum(
    members_total: int, present: int, council: CouncilRules, *, considering_awards: bool = True
) -> QuorumResult:
    """Whether `present` members make the quorum: ≥ `quorum_awards` of the whole membership
    when awards are considered, ≥ `quorum` otherwise. Refuses (VotingError) a council without
    members and a count of present members outside 0…members."""
    if members_total <= 0:
        raise VotingError("Hội đồng chưa có thành viên nào: không thể họp, biểu quyết.")
    if not 0 <= present <= members_total:
        raise VotingError(
            f"Số thành viên dự họp ({present}) phải từ 0 đến tổng số thành viên ({members_total})."
        )
    share = council.quorum_awards if considering_awards else council.quorum
    needed = _ceil(share * members_total)
    met = present >= needed
    purpose = "khi xét khen thưởng " if considering_awards else ""
    verdict = "đủ" if met else "không đủ"
    explanation = (
        f"Dự họp {present}/{members_total} thành viên; {purpose}cần ít nhất {_percent(share)} "
        f"tổng số thành viên ({needed}/{members_total}): {verdict} điều kiện họp."
    )
    return QuorumResult(met, present, members_total, needed, share, considering_awards, explanation)


def require_quorum(
    members_total: int, present: int, council: CouncilRules, *, considering_awards: bool = True
) -> QuorumResult:
    """`quorum`, refusing (VotingError, Vietnamese) a session that lacks it: no vote then."""
    result = quorum(members_total, present, council, considering_awards=considering_awards)
    if not result.met:
        raise VotingError(
            f"Hội đồng không đủ số thành viên dự họp để biểu quyết. {result.explanation_vi}"
        )
    return result


def threshold(vote_share: Fraction | None, council: CouncilRules) -> tuple[Fraction, bool]:
    """(share, strict) of an award: its ballot share (at least), or more than the majority."""
    if vote_share is None:
        return council.majority, True
    return vote_share, False


def needed_votes(members_total: int, share: Fraction, strict: bool) -> int:
    """Fewest approvals that pass: ⌈share × members⌉ (at least), ⌊share × members⌋ + 1 (more
    than): 80 % of 10 → 8, of 11 → 9; more than half of 10 → 6, of 9 → 5."""
    product = share * members_total
    if strict:
        return product.numerator // product.denominator + 1
    return _ceil(product)


def count_candidate(
    nominee: Nominee,
    ballots: Sequence[Ballot],
    *,
    members_total: int,
    present: int,
    vote_share: Fraction | None,
    council: CouncilRules,
    quorum_met: bool = True,
) -> CandidateTally:
    """The count of one candidate's ballots against the whole membership. Refuses (VotingError)
    more in-session ballots than members present and more written ballots than members absent."""
    approve = reject = written_approve = written_reject = 0
    for ballot in ballots:
        if ballot.written:
            written_approve += ballot.approve
            written_reject += not ballot.approve
        else:
            approve += ballot.approve
            reject += not ballot.approve
    label = nominee.name or nominee.ref
    if approve + reject > present:
        raise VotingError(
            f"“{label}”: {approve + reject} phiếu tại phiên họp nhiều hơn số thành viên dự họp "
            f"({present})."
        )
    if written_approve + written_reject > members_total - present:
        raise VotingError(
            f"“{label}”: {written_approve + written_reject} phiếu bằng văn bản nhiều hơn số "
            f"thành viên vắng mặt ({members_total - present})."
        )
    share, strict = threshold(vote_share, council)
    needed = needed_votes(members_total, share, strict)
    approvals = approve + written_approve
    reached = approvals >= needed
    written = written_approve + written_reject
    written_text = (
        f", trong đó {written_approve} phiếu đồng ý bằng văn bản của thành viên vắng mặt"
        if written_approve
        else ""
    )
    if written and not written_approve:
        written_text = f"; {written} phiếu bằng văn bản của thành viên vắng mặt không đồng ý"
    rule = (
        f"cần trên {_percent(share)} tổng số thành viên ({needed}/{members_total})"
        if strict
        else f"cần từ {_percent(share)} tổng số thành viên ({needed}/{members_total})"
    )
    if not quorum_met:
        verdict = "không thông qua vì Hội đồng không đủ số thành viên dự họp"
    else:
        verdict = "đạt" if reached else "không đạt"
    explanation = (
        f"Đồng ý {approvals}/{members_total} thành viên "
        f"({_percent(Fraction(approvals, members_total))}){written_text}; {rule}: {verdict}."
    )
    return CandidateTally(
        ref=nominee.ref,
        award_code=nominee.award_code,
        approve=approvals,
        reject=reject + written_reject,
        written_approve=written_approve,
        written_reject=written_reject,
        members_total=members_total,
        share=share,
        strict=strict,
        needed=needed,
        passed=quorum_met and reached,
        explanation_vi=explanation,
    )


def tally(
    *,
    members_total: int,
    present: int,
    nominees: Sequence[Nominee],
    ballots: Iterable[Ballot],
    rulebook: RulebookSpec,
    considering_awards: bool = True,
) -> SessionTally:
    """The session's result per candidate, each against its award's threshold in `rulebook`.
    Without quorum nothing passes (and `require_quorum` refuses the vote beforehand). Refuses
    (VotingError) a ballot for a candidate not on the agenda, a candidate twice on the agenda,
    an award the rulebook lacks, and counts the membership cannot explain."""
    session_quorum = quorum(
        members_total, present, rulebook.council, considering_awards=considering_awards
    )
    by_candidate: dict[str, list[Ballot]] = {}
    for nominee in nominees:
        if nominee.ref in by_candidate:
            raise VotingError(f"“{nominee.name or nominee.ref}” có hai lần trong chương trình họp.")
        if not rulebook.has_award(nominee.award_code):
            raise VotingError(
                f"“{nominee.name or nominee.ref}”: bộ quy tắc {rulebook.version} không có danh "
                f"hiệu, hình thức mã “{nominee.award_code}”."
            )
        by_candidate[nominee.ref] = []
    for ballot in ballots:
        if ballot.candidate not in by_candidate:
            raise VotingError(
                f"Phiếu bầu cho “{ballot.candidate}” không có trong chương trình họp."
            )
        by_candidate[ballot.candidate].append(ballot)
    results = tuple(
        count_candidate(
            nominee,
            by_candidate[nominee.ref],
            members_total=members_total,
            present=present,
            vote_share=rulebook.award(nominee.award_code).vote_share,
            council=rulebook.council,
            quorum_met=session_quorum.met,
        )
        for nominee in nominees
    )
    return SessionTally(session_quorum, results)
