"""Reads of the council's side of a round: who may see its results and act on them, the
results themselves (review statistics, the vote tally against the rulebook share, decisions),
the rule in force, the decision and adoption panels of an initiative, and a decision's notice.

Access, by rows and by grants:
- a round's results are read by the members of its council (CouncilMember rows, by identity)
  and by holders of MANAGE_INITIATIVE_COUNCILS at the council's unit; anyone else gets None
  (a 404: the round's existence is not revealed);
- a member votes for themself; the council's secretary or a manager records a member's vote
  from a paper ballot;
- a manager decides.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.initiatives.enums import (
    CouncilLevel,
    MemberRole,
    RecognitionLevel,
    ReviewStatus,
    RoundStatus,
    VoteChoice,
)
from thidua.initiatives.models import (
    CouncilMember,
    CouncilVote,
    Decision,
    Initiative,
    InitiativeCouncil,
    RecognitionRule,
    Review,
    ReviewRound,
    RoundEntry,
)
from thidua.initiatives.review_stats import (
    InitiativeStats,
    ReviewResult,
    RoundStats,
    ScoredReview,
    round_stats,
)
from thidua.initiatives.selectors.adoption import (
    AdoptionLine,
    adoption_line,
    adoptions_with_indicators,
)
from thidua.initiatives.voting import VoteResult, VotingError, decide
from thidua.organizations.scoping import scope_q

# A signed-in user or an anonymous one (both answer has_perm).
type Viewer = User | AnonymousUser

# The levels a council may recognise at. A unit's council (Hội đồng sáng kiến cơ sở) recognises
# at cơ sở only. The department's council also records the city and national levels: in Hà Nội
# the city level is the Sở KH&CN's decision on the department's proposal, the national level a
# ministry's; the department's council records that outcome on the initiative (LEGAL.md §3).
LEVELS_BY_COUNCIL: dict[str, tuple[str, ...]] = {
    CouncilLevel.UNIT: (RecognitionLevel.BASE,),
    CouncilLevel.DEPARTMENT: (
        RecognitionLevel.BASE,
        RecognitionLevel.CITY,
        RecognitionLevel.NATIONAL,
    ),
}


def allowed_levels(council: InitiativeCouncil) -> list[tuple[str, str]]:
    """(value, label) of the recognition levels `council` may decide."""
    labels = dict(RecognitionLevel.choices)
    return [(level, labels[level]) for level in LEVELS_BY_COUNCIL.get(council.level, ())]


# -- Access --------------------------------------------------------------------------------------


def is_council_manager(user: Viewer, council: InitiativeCouncil) -> bool:
    """MANAGE_INITIATIVE_COUNCILS at the council's unit."""
    return bool(user.has_perm(Perm.MANAGE_INITIATIVE_COUNCILS.value, council))


def membership_of(user: Viewer, council: InitiativeCouncil) -> CouncilMember | None:
    if not user.is_authenticated:
        return None
    return CouncilMember.objects.filter(council=council, user_id=user.pk).first()


def can_read_results(user: Viewer, council: InitiativeCouncil) -> bool:
    return is_council_manager(user, council) or membership_of(user, council) is not None


def can_record_for_others(user: Viewer, council: InitiativeCouncil) -> bool:
    """The council's secretary or a manager records members' paper ballots."""
    if is_council_manager(user, council):
        return True
    member = membership_of(user, council)
    return member is not None and member.role == MemberRole.SECRETARY


def rounds_with_council() -> QuerySet[ReviewRound]:
    return ReviewRound.objects.select_related("council__unit", "rubric")


def round_for_results(user: Viewer, pk: int) -> ReviewRound | None:
    """The round, when `user` may read its results (member or manager); else None."""
    round_ = rounds_with_council().filter(pk=pk).first()
    if round_ is None or not can_read_results(user, round_.council):
        return None
    return round_


def rounds_readable_by(user: Viewer) -> QuerySet[ReviewRound]:
    """Rounds whose results `user` may read: their councils' and those they manage."""
    if not user.is_authenticated:
        return ReviewRound.objects.none()
    return (
        rounds_with_council()
        .filter(
            Q(council__members__user_id=user.pk)
            | scope_q(user, Perm.MANAGE_INITIATIVE_COUNCILS, "council__unit__path")
        )
        .distinct()
    )


# -- The rule ------------------------------------------------------------------------------------


def rule_in_force(on: dt.date) -> RecognitionRule | None:
    """The recognition rule in force on `on`: the latest whose valid_from is on or before it."""
    return RecognitionRule.objects.filter(valid_from__lte=on).order_by("-valid_from").first()


# -- Results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewLine:
    reviewer_name: str
    result: ReviewResult
    comment_to_council: str


@dataclass(frozen=True)
class MemberVote:
    member: CouncilMember
    vote: CouncilVote | None


@dataclass(frozen=True)
class InitiativeResult:
    initiative: Initiative
    stats: InitiativeStats | None
    reviews: list[ReviewLine]
    votes: list[MemberVote]
    tally: VoteResult | None
    decision: Decision | None
    own_vote: CouncilVote | None

    @property
    def votes_for(self) -> int:
        return sum(1 for line in self.votes if line.vote and line.vote.choice == VoteChoice.FOR)

    @property
    def votes_against(self) -> int:
        return sum(1 for line in self.votes if line.vote and line.vote.choice == VoteChoice.AGAINST)

    @property
    def not_voted(self) -> int:
        return sum(1 for line in self.votes if line.vote is None)

    @property
    def outliers(self) -> int:
        return sum(1 for line in self.reviews if line.result.is_outlier)


@dataclass(frozen=True)
class RoundResults:
    round: ReviewRound
    stats: RoundStats
    members: list[CouncilMember]
    rule: RecognitionRule | None
    rows: list[InitiativeResult]
    viewer_member: CouncilMember | None
    is_manager: bool
    records_for_others: bool
    # Whether the scores are shown: to members once scoring is closed (a member who also
    # reviews must not see the others' scores before submitting their own); always to managers.
    scores_visible: bool = True
    levels: list[tuple[str, str]] = field(default_factory=list)

    @property
    def voting_open(self) -> bool:
        return self.round.status == RoundStatus.CLOSED

    @property
    def can_vote(self) -> bool:
        return self.voting_open and (self.viewer_member is not None or self.records_for_others)

    @property
    def can_decide(self) -> bool:
        return self.voting_open and self.is_manager

    @property
    def decided_count(self) -> int:
        return sum(1 for row in self.rows if row.decision is not None)


# The statuses in which the council's members see the scores (voting and after).
SCORES_PUBLIC = frozenset({RoundStatus.CLOSED, RoundStatus.DECIDED})


def submitted_reviews(round_: ReviewRound) -> QuerySet[Review]:
    """The round's submitted reviews with a total, each with its assignment and reviewer."""
    return (
        Review.objects.filter(
            assignment__round=round_, status=ReviewStatus.SUBMITTED, total__isnull=False
        )
        .select_related("assignment__reviewer")
        .order_by("assignment__initiative_id", "assignment__reviewer__full_name", "pk")
    )


def stats_of(reviews: list[Review]) -> RoundStats:
    return round_stats(
        ScoredReview(
            initiative=review.assignment.initiative_id,
            reviewer=review.assignment.reviewer_id,
            total=review.total if review.total is not None else Decimal(0),
        )
        for review in reviews
    )


def round_results(round_: ReviewRound, user: Viewer, *, on: dt.date | None = None) -> RoundResults:
    """Everything the results page and its export show, in a fixed number of queries: entries,
    submitted reviews, members, votes, decisions, the rule (and the viewer's grants). While the
    round is still open for scoring, members who do not manage the council see no scores."""
    entries = list(
        RoundEntry.objects.filter(round=round_)
        .select_related("initiative__unit")
        .order_by("initiative__code", "pk")
    )
    is_manager = is_council_manager(user, round_.council)
    scores_visible = is_manager or round_.status in SCORES_PUBLIC
    reviews = list(submitted_reviews(round_)) if scores_visible else []
    stats = stats_of(reviews)
    members = list(
        CouncilMember.objects.filter(council_id=round_.council_id)
        .select_related("user")
        .order_by("order", "pk")
    )
    votes_by_initiative: dict[int, dict[int, CouncilVote]] = defaultdict(dict)
    for vote in CouncilVote.objects.filter(round=round_).select_related("recorded_by"):
        votes_by_initiative[vote.initiative_id][vote.member_id] = vote
    decisions = {
        decision.initiative_id: decision
        for decision in Decision.objects.filter(round=round_).select_related(
            "decided_by", "initiative"
        )
    }
    rule = rule_in_force(on or timezone.localdate())
    viewer_member = next((m for m in members if m.user_id == user.pk), None)

    by_review = {
        (review.assignment.initiative_id, review.assignment.reviewer_id): review
        for review in reviews
    }
    grouped = stats.reviews_by_initiative()
    rows = []
    for entry in entries:
        initiative = entry.initiative
        votes = votes_by_initiative.get(initiative.pk, {})
        lines = [
            ReviewLine(
                reviewer_name=by_review[
                    (initiative.pk, result.reviewer)
                ].assignment.reviewer.display_name,
                result=result,
                comment_to_council=by_review[(initiative.pk, result.reviewer)].comment_to_council,
            )
            for result in grouped.get(initiative.pk, [])
        ]
        votes_for = sum(1 for v in votes.values() if v.choice == VoteChoice.FOR)
        votes_against = len(votes) - votes_for
        tally: VoteResult | None = None
        if rule is not None and members:
            try:
                tally = decide(
                    votes_for,
                    votes_against,
                    len(members),
                    rule.pass_numerator,
                    rule.pass_denominator,
                )
            except VotingError:
                tally = None
        rows.append(
            InitiativeResult(
                initiative=initiative,
                stats=stats.initiatives.get(initiative.pk),
                reviews=lines,
                votes=[MemberVote(member=m, vote=votes.get(m.pk)) for m in members],
                tally=tally,
                decision=decisions.get(initiative.pk),
                own_vote=votes.get(viewer_member.pk) if viewer_member else None,
            )
        )
    records_for_others = is_manager or (
        viewer_member is not None and viewer_member.role == MemberRole.SECRETARY
    )
    return RoundResults(
        round=round_,
        stats=stats,
        members=members,
        rule=rule,
        rows=rows,
        viewer_member=viewer_member,
        is_manager=is_manager,
        records_for_others=records_for_others,
        scores_visible=scores_visible,
        levels=allowed_levels(round_.council),
    )


# -- Decisions -----------------------------------------------------------------------------------


def decisions_with_context() -> QuerySet[Decision]:
    return Decision.objects.select_related(
        "round__council__unit", "initiative__unit", "rule", "decided_by"
    )


def decisions_readable_by(user: Viewer) -> QuerySet[Decision]:
    """Decisions of the rounds whose results `user` may read, and those on initiatives of the
    units where `user` holds VIEW_INITIATIVE (a decision is public within the unit)."""
    if not user.is_authenticated:
        return Decision.objects.none()
    return (
        decisions_with_context()
        .filter(
            Q(round__council__members__user_id=user.pk)
            | scope_q(user, Perm.MANAGE_INITIATIVE_COUNCILS, "round__council__unit__path")
            | scope_q(user, Perm.VIEW_INITIATIVE, "initiative__unit__path")
        )
        .distinct()
    )


def is_author(user: Viewer, initiative: Initiative) -> bool:
    """An author (their person's account) or whoever created the initiative."""
    if not user.is_authenticated:
        return False
    if initiative.created_by_id == user.pk:
        return True
    return initiative.authors.filter(person__user_id=user.pk).exists()


def decision_for_reader(user: Viewer, pk: int) -> Decision | None:
    """A decision `user` may read (its page, and for a non-recognition its notice): the
    initiative's authors, the council's members and managers, and VIEW_INITIATIVE at the
    initiative's unit; else None."""
    decision = decisions_with_context().filter(pk=pk).first()
    if decision is None:
        return None
    initiative = decision.initiative
    allowed = (
        can_read_results(user, decision.round.council)
        or bool(user.has_perm(Perm.VIEW_INITIATIVE.value, initiative))
        or is_author(user, initiative)
    )
    return decision if allowed else None


def chair_name(council: InitiativeCouncil) -> str:
    """The name of the council's chair (who signs its documents), or "" without one."""
    chair = (
        CouncilMember.objects.filter(council=council, role=MemberRole.CHAIR)
        .select_related("user")
        .first()
    )
    return chair.user.display_name if chair is not None else ""


def authors_of(initiative: Initiative) -> list[str]:
    return [
        authorship.display_name
        for authorship in initiative.authors.select_related("person").order_by("order", "pk")
    ]


# -- The initiative's panels (decisions and where it spread) ----------------------------------


@dataclass(frozen=True)
class DecisionPanels:
    initiative: Initiative
    decisions: list[Decision]
    adoptions: list[AdoptionLine]

    @property
    def units_count(self) -> int:
        return len({line.adoption.unit_id for line in self.adoptions})


def decision_panels(initiative: Initiative) -> DecisionPanels:
    """The decisions on `initiative` (every round, newest first) and the units that adopted it
    with their indicators before and after: what `_detail_panels.html` shows on the initiative's
    page. Three queries whatever the number of rows."""
    decisions = list(
        Decision.objects.filter(initiative=initiative)
        .select_related("round__council", "rule")
        .order_by("-date", "-pk")
    )
    adoptions = [
        adoption_line(adoption)
        for adoption in adoptions_with_indicators()
        .filter(initiative=initiative)
        .order_by("adopted_on", "pk")
    ]
    return DecisionPanels(initiative=initiative, decisions=decisions, adoptions=adoptions)
