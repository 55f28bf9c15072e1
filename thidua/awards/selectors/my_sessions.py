"""A council member's own sessions ("Phiên họp Hội đồng của tôi"), and whether the signed-in user
sits on any council (the menu entry).

A member who holds no officer role reaches no council page from the menu; this is where they
find the session they must vote in. Only the user's own memberships are read (by identity, never
by role), and only whether they voted — never what: choices are not stored with a voter
(`models.councils`).

A session's members are frozen when it opens (its attendance rows), so "my sessions" are those
whose attendance lists me: a session held before I joined the council is not one I vote in.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from thidua.awards.domain.votes import VotingError, quorum
from thidua.awards.models import (
    AgendaItem,
    AwardCouncilMember,
    BallotMark,
    CouncilSession,
    SessionAttendance,
)
from thidua.awards.selectors.rulebook import spec_of
from thidua.core.home_cards import HomeCard
from thidua.organizations.scoping import AnyUser

# The attribute the authentication backend sets on the user of each request (registered in
# `apps.AwardsConfig.ready`): whether they sit on a council, read with their own row, so the
# menu entry costs no query.
COUNCIL_MEMBER_ATTR = "is_award_council_member"

PRESENT = "present"
ABSENT = "absent"
UNMARKED = "unmarked"
ATTENDANCE_LABELS = {PRESENT: "Có mặt", ABSENT: "Vắng mặt", UNMARKED: "Chưa điểm danh"}


def council_member_expression() -> Exists:
    """Whether the user row of a User queryset is a member of some council (an annotation)."""
    return Exists(AwardCouncilMember.objects.filter(user=OuterRef("pk")))


def is_council_member(user: AnyUser) -> bool:
    """Read from the user's row when the authentication backend loaded it (every signed-in
    page), else one query."""
    if not user.is_authenticated:
        return False
    loaded = getattr(user, COUNCIL_MEMBER_ATTR, None)
    if isinstance(loaded, bool):
        return loaded
    return AwardCouncilMember.objects.filter(user_id=user.pk).exists()


@dataclass(frozen=True)
class MySession:
    """One of my sessions as my page shows it: my attendance and whether I voted, never how."""

    session: CouncilSession
    attendance: str  # PRESENT | ABSENT | UNMARKED
    items: int  # agenda items of the session
    voted_items: int  # of them, those I have voted on (in session, or my written vote)
    quorum_met: bool

    @property
    def attendance_label(self) -> str:
        return ATTENDANCE_LABELS[self.attendance]

    @property
    def voted(self) -> bool:
        return self.items > 0 and self.voted_items >= self.items

    @property
    def can_vote(self) -> bool:
        """The ballot is mine to cast now: open, present, quorum met, something left to vote."""
        return (
            self.session.is_open
            and self.attendance == PRESENT
            and self.quorum_met
            and not self.voted
        )


@dataclass(frozen=True)
class MySessions:
    open: list[MySession]
    past: list[MySession]

    @property
    def awaiting_vote(self) -> list[MySession]:
        """Open sessions where I still have to vote in person (an absent member's vote is a
        written one, through the secretary)."""
        return [row for row in self.open if not row.voted and row.attendance != ABSENT]


def _count(queryset: QuerySet[Any]) -> Coalesce:
    return Coalesce(Subquery(queryset), Value(0), output_field=IntegerField())


def _attendance_rows(user_id: int) -> QuerySet[SessionAttendance]:
    """My attendance rows with, per session, the present count, the agenda size and my own
    marks: one query whatever the number of sessions and members."""
    session = OuterRef("session_id")
    present = (
        SessionAttendance.objects.filter(session=session, present=True)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    items = (
        AgendaItem.objects.filter(session=session)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    mine = (
        BallotMark.objects.filter(item__session=session, member=OuterRef("member_id"))
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        SessionAttendance.objects.filter(member__user_id=user_id)
        .select_related("session__council", "session__round", "session__rulebook_version")
        .annotate(present_total=_count(present), items=_count(items), mine=_count(mine))
        .order_by("-session__meeting_date", "-session_id")
    )


def _quorum_met(session: CouncilSession, present: int) -> bool:
    try:
        return quorum(session.members_total, present, spec_of(session.rulebook_version).council).met
    except VotingError:
        return False


def my_sessions(user: AnyUser) -> MySessions:
    """The sessions of my councils that list me, open ones first, newest first within each."""
    if not user.is_authenticated:
        return MySessions([], [])
    open_rows: list[MySession] = []
    past_rows: list[MySession] = []
    for row in _attendance_rows(int(user.pk)):
        session = row.session
        present_total = int(getattr(row, "present_total", 0))
        if row.present:
            attendance = PRESENT
        elif present_total == 0 and session.is_open:
            # Nobody is marked present yet: the secretary has not recorded attendance (a quorate
            # meeting always has someone present), so "absent" would be wrong.
            attendance = UNMARKED
        else:
            attendance = ABSENT
        mine = MySession(
            session=session,
            attendance=attendance,
            items=int(getattr(row, "items", 0)),
            voted_items=int(getattr(row, "mine", 0)),
            quorum_met=session.is_open and _quorum_met(session, present_total),
        )
        (open_rows if session.is_open else past_rows).append(mine)
    return MySessions(open_rows, past_rows)


def council_ballot_card(user: AnyUser) -> HomeCard | None:
    """The home page's card "Bạn có phiên họp Hội đồng đang mở" for a member with a ballot
    still to cast. No query for a user on no council (the flag comes with their row); one for a
    member."""
    if not is_council_member(user):
        return None
    waiting = my_sessions(user).awaiting_vote
    if not waiting:
        return None
    return HomeCard("awards/councils/_home_card.html", {"sessions": waiting})
