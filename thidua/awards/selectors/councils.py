"""Reading councils and sessions: who may see them, a session's agenda with its progress, and —
only once the session is closed — its counts.

A council's sessions are read by its members (by identity) and by those holding
MANAGE_AWARD_COUNCILS or VIEW_NOMINATIONS at the council's unit. No reader gets anyone's choice:
choices are never stored with a voter (`models.councils`); a member learns only which items
they themself have voted on.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from thidua.accounts.roles import Perm
from thidua.awards.models import (
    AgendaItem,
    AwardCouncil,
    AwardCouncilMember,
    AwardRound,
    BallotMark,
    CouncilSession,
    SessionAttendance,
)
from thidua.awards.models.councils import CouncilRole
from thidua.organizations.scoping import AnyUser, can, scope_q


def councils_visible_to(user: AnyUser) -> QuerySet[AwardCouncil]:
    """Councils the user manages or reads at their unit, or sits on."""
    if not user.is_authenticated:
        return AwardCouncil.objects.none()
    return AwardCouncil.objects.filter(
        scope_q(user, Perm.MANAGE_AWARD_COUNCILS, "unit__path")
        | scope_q(user, Perm.VIEW_NOMINATIONS, "unit__path")
        | Q(members__user_id=user.pk)
    ).distinct()


def sessions_visible_to(user: AnyUser) -> QuerySet[CouncilSession]:
    return CouncilSession.objects.filter(council__in=councils_visible_to(user).values("pk"))


def councils_of_round(user: AnyUser, round_: AwardRound) -> list[AwardCouncil]:
    """The councils of the round's organiser the user may open (only they hold its sessions)."""
    return list(councils_visible_to(user).filter(unit_id=round_.organiser_id).order_by("name"))


def sessions_of_round(user: AnyUser, round_: AwardRound) -> list[CouncilSession]:
    """The council sessions held on the round that the user may read, earliest first."""
    return list(sessions_visible_to(user).filter(round=round_).order_by("meeting_date", "id"))


def membership_of(user: AnyUser, council: AwardCouncil) -> AwardCouncilMember | None:
    if not user.is_authenticated:
        return None
    return AwardCouncilMember.objects.filter(council=council, user_id=user.pk).first()


def can_manage(user: AnyUser, council: AwardCouncil) -> bool:
    return can(user, Perm.MANAGE_AWARD_COUNCILS, council.unit.path)


def is_secretary(member: AwardCouncilMember | None) -> bool:
    return member is not None and member.role == CouncilRole.SECRETARY


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    marks: int  # ballots cast on it so far (in session and written), never their choices
    voted_by_me: bool


@dataclass(frozen=True)
class SessionView:
    session: CouncilSession
    members: list[SessionAttendance]
    present: int
    agenda: list[AgendaRow]
    me: AwardCouncilMember | None
    manager: bool

    @property
    def can_vote(self) -> bool:
        return (
            self.session.is_open
            and self.me is not None
            and any(row.member_id == self.me.pk and row.present for row in self.members)
            and not all(row.voted_by_me for row in self.agenda)
        )

    @property
    def written_pending(self) -> list[SessionAttendance]:
        """Absent members (for the secretary's written-ballot form)."""
        return [row for row in self.members if not row.present]


def session_view(session: CouncilSession, user: AnyUser) -> SessionView:
    """The session page's data in a fixed number of queries: attendance with members, the agenda
    with nominations and subjects, ballots cast per item, the viewer's own marks."""
    members = list(
        SessionAttendance.objects.filter(session=session)
        .select_related("member__user")
        .order_by("member__order", "member_id")
    )
    me = next((row.member for row in members if row.member.user_id == user.pk), None)
    items = list(
        AgendaItem.objects.filter(session=session)
        .select_related("nomination__person__unit", "nomination__subject_unit", "nomination__unit")
        .annotate(mark_count=Count("marks"))
        .order_by("order", "id")
    )
    mine = (
        set(
            BallotMark.objects.filter(item__session=session, member=me).values_list(
                "item_id", flat=True
            )
        )
        if me is not None
        else set()
    )
    agenda = [
        AgendaRow(item, int(getattr(item, "mark_count", 0)), item.pk in mine) for item in items
    ]
    return SessionView(
        session=session,
        members=members,
        present=sum(1 for row in members if row.present),
        agenda=agenda,
        me=me,
        manager=can_manage(user, session.council),
    )
