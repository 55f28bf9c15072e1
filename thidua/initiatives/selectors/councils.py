"""Reading councils and review rounds: which councils a user sees, a council's page (members,
rounds), the people who may join it, a round's page (initiatives × reviewers, conflicts of
interest, progress per reviewer) and the initiatives that may be added to a round.

Who sees what:

- a council: the holders of MANAGE_INITIATIVE_COUNCILS at its unit (they manage it) and its
  members (they read its page);
- a round's page with its matrix and everyone's progress: the council's managers only. A
  reviewer follows their own assignments on "Phiếu chấm của tôi" (`selectors.reviews`); the
  council's results and votes are the decisions area's pages.

Conflicts of interest are worked out here from the organisation (`assignment.conflict_reason`:
authors, same line of units below the Sở, an author's head) plus the declarations of the round,
once for the page and once for the services, with the same function.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.text import search_tokens
from thidua.initiatives.assignment import (
    InitiativeProfile,
    ReviewerProfile,
    conflict_reason,
)
from thidua.initiatives.enums import InitiativeStatus, ReviewStatus, RoundStatus
from thidua.initiatives.models import (
    Assignment,
    Authorship,
    ConflictDeclaration,
    CouncilMember,
    Initiative,
    InitiativeCouncil,
    ReviewRound,
    RoundEntry,
    Rubric,
)
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import AnyUser, can, scope_q, subtree_q

ACTIVE_ROUND_STATUSES = (RoundStatus.DRAFT, RoundStatus.OPEN)
DECLARED_PREFIX = "Đã khai báo xung đột lợi ích"


def today() -> dt.date:
    return timezone.localdate()


# -- Councils ------------------------------------------------------------------------------------


def managed_councils(user: AnyUser) -> QuerySet[InitiativeCouncil]:
    """Councils at the units where the user holds MANAGE_INITIATIVE_COUNCILS."""
    if not user.is_authenticated:
        return InitiativeCouncil.objects.none()
    return InitiativeCouncil.objects.filter(
        scope_q(user, Perm.MANAGE_INITIATIVE_COUNCILS, "unit__path")
    )


def councils_visible_to(user: AnyUser) -> QuerySet[InitiativeCouncil]:
    """The councils the user manages or sits in."""
    if not user.is_authenticated:
        return InitiativeCouncil.objects.none()
    member_of = CouncilMember.objects.filter(user_id=user.pk).values("council_id")
    return InitiativeCouncil.objects.filter(
        scope_q(user, Perm.MANAGE_INITIATIVE_COUNCILS, "unit__path") | Q(pk__in=member_of)
    )


def council_list(user: AnyUser, *, year: int | None = None) -> QuerySet[InitiativeCouncil]:
    """The councils the user sees, with their unit, member and round counts (one query)."""
    councils = councils_visible_to(user).select_related("unit")
    if year is not None:
        councils = councils.filter(year=year)
    return councils.annotate(
        member_count=Count("members", distinct=True), round_count=Count("rounds", distinct=True)
    ).order_by("-year", "level", "unit__path", "name")


def councils_for_export(user: AnyUser, *, year: int | None = None) -> QuerySet[InitiativeCouncil]:
    """The councils of the list page (same scope, year and order), each with its round count
    and its members in order with their account, person and unit, for the Excel export."""
    return council_list(user, year=year).prefetch_related(
        Prefetch(
            "members",
            queryset=CouncilMember.objects.select_related("user__person__unit").order_by(
                "order", "id"
            ),
        )
    )


def sits_on_a_council(user: AnyUser) -> bool:
    """Whether the user is a member of any initiatives council (reviewers are members): the
    tab bar of the initiatives pages offers the councils and "Phiếu chấm của tôi" then."""
    if not user.is_authenticated or user.pk is None:
        return False
    return CouncilMember.objects.filter(user_id=user.pk).exists()


def can_manage(user: AnyUser, council: InitiativeCouncil) -> bool:
    """The user holds MANAGE_INITIATIVE_COUNCILS at the council's unit (unit loaded)."""
    return can(user, Perm.MANAGE_INITIATIVE_COUNCILS, council.unit.path)


def council_for_page(user: AnyUser, pk: int) -> InitiativeCouncil | None:
    """One council the user sees, with its unit (one query), else None."""
    return councils_visible_to(user).select_related("unit").filter(pk=pk).first()


def members_of(council: InitiativeCouncil) -> list[CouncilMember]:
    """The members in order with their account and person (one query)."""
    return list(
        CouncilMember.objects.filter(council=council)
        .select_related("user__person__unit")
        .order_by("order", "id")
    )


def rounds_of(council: InitiativeCouncil) -> list[ReviewRound]:
    """The council's rounds, newest first, with their initiative count (one query)."""
    return list(
        ReviewRound.objects.filter(council=council)
        .select_related("rubric")
        .annotate(entry_count=Count("entries"))
        .order_by("-opens_on", "-id")
    )


def member_candidates(
    council: InitiativeCouncil, query: str = "", *, limit: int = 20
) -> list[User]:
    """Active accounts with a person working in the council's unit or below it (anywhere for
    the Sở's council), not yet members, matching the words of `query` (name, staff code,
    position, any diacritics); at most `limit`, by name."""
    people = (
        Person.objects.filter(
            subtree_q("unit__path", council.unit.path),
            user__isnull=False,
            user__is_active=True,
            is_active=True,
        )
        .exclude(user__initiative_councils__council=council)
        .select_related("user", "unit")
        .order_by("sort_name", "staff_code")
    )
    for token in search_tokens(query)[:8]:
        people = people.filter(search_text__contains=token)
    users = []
    for person in people[:limit]:
        user = person.user
        assert user is not None  # noqa: S101 (filtered above)
        users.append(user)
    return users


def candidate_users(council: InitiativeCouncil) -> QuerySet[User]:
    """The accounts a member may be chosen among (for validating a chosen id)."""
    return User.objects.filter(
        subtree_q("person__unit__path", council.unit.path),
        is_active=True,
        person__is_active=True,
    ).exclude(initiative_councils__council=council)


def rubrics() -> QuerySet[Rubric]:
    """Every rubric, the default first, with criteria and levels (two more queries)."""
    return Rubric.objects.prefetch_related("criteria__levels").order_by("-is_default", "name")


def default_rubric() -> Rubric | None:
    return Rubric.objects.filter(is_default=True).order_by("pk").first()


# -- Rounds --------------------------------------------------------------------------------------


def managed_rounds(user: AnyUser) -> QuerySet[ReviewRound]:
    """Rounds of the councils the user manages."""
    return ReviewRound.objects.filter(council__in=managed_councils(user).values("pk"))


def round_for_manager(user: AnyUser, pk: int) -> ReviewRound | None:
    """One round of a council the user manages, with its council, unit and rubric (one
    query), else None."""
    return managed_rounds(user).select_related("council__unit", "rubric").filter(pk=pk).first()


def reviewing_members(round_: ReviewRound) -> list[User]:
    """The council's active members who score, in the council's order (one query)."""
    return [
        member.user
        for member in CouncilMember.objects.filter(
            council_id=round_.council_id, reviews=True, user__is_active=True
        )
        .select_related("user")
        .order_by("order", "id")
    ]


def admissible_initiatives(round_: ReviewRound) -> QuerySet[Initiative]:
    """Initiatives that may be added to the round: admitted (ADMITTED), of a unit within the
    council's unit (or below), not already before a round being prepared or under way."""
    busy = RoundEntry.objects.filter(round__status__in=ACTIVE_ROUND_STATUSES).values(
        "initiative_id"
    )
    return (
        Initiative.objects.filter(
            subtree_q("unit__path", round_.council.unit.path),
            status=InitiativeStatus.ADMITTED,
        )
        .exclude(pk__in=busy)
        .select_related("unit")
        .order_by("code")
    )


def _reviewer_profiles(user_ids: Iterable[int]) -> dict[int, ReviewerProfile]:
    ids = list(set(user_ids))
    people = {
        person.user_id: person
        for person in Person.objects.filter(user_id__in=ids).select_related("unit")
    }
    headed: dict[int, list[str]] = defaultdict(list)
    for user_id, path in Unit.objects.filter(head__user_id__in=ids).values_list(
        "head__user_id", "path"
    ):
        headed[user_id].append(path)
    profiles = {}
    for user_id in ids:
        person = people.get(user_id)
        profiles[user_id] = ReviewerProfile(
            user_id=user_id,
            person_id=person.pk if person is not None else None,
            unit_path=person.unit.path if person is not None else None,
            headed_paths=tuple(sorted(headed.get(user_id, []))),
        )
    return profiles


def initiative_profiles(initiatives: Iterable[Initiative]) -> dict[int, InitiativeProfile]:
    """Each initiative's authors and author units (its own unit loaded; one query)."""
    by_id = {initiative.pk: initiative for initiative in initiatives}
    persons: dict[int, set[int]] = defaultdict(set)
    paths: dict[int, set[str]] = {pk: {i.unit.path} for pk, i in by_id.items()}
    for initiative_id, person_id, path in Authorship.objects.filter(
        initiative_id__in=list(by_id), person__isnull=False
    ).values_list("initiative_id", "person_id", "person__unit__path"):
        persons[initiative_id].add(person_id)
        paths[initiative_id].add(path)
    return {
        pk: InitiativeProfile(
            initiative_id=pk,
            author_person_ids=frozenset(persons.get(pk, set())),
            author_unit_paths=tuple(sorted(paths[pk])),
        )
        for pk in by_id
    }


def round_conflicts(
    round_: ReviewRound, initiatives: Iterable[Initiative], user_ids: Iterable[int]
) -> dict[tuple[int, int], str]:
    """{(initiative_id, user_id): reason} of every conflicted pair among `initiatives` (units
    loaded) and the users: the organisation's (`assignment.conflict_reason`) and those declared
    in the round (four queries whatever the numbers)."""
    initiative_list = list(initiatives)
    reviewers = _reviewer_profiles(user_ids)
    profiles = initiative_profiles(initiative_list)
    result: dict[tuple[int, int], str] = {}
    for declared in ConflictDeclaration.objects.filter(
        round=round_,
        initiative_id__in=list(profiles),
        user_id__in=list(reviewers),
    ).values("initiative_id", "user_id", "reason"):
        key = (declared["initiative_id"], declared["user_id"])
        result[key] = f"{DECLARED_PREFIX}: {declared['reason']}"
    for reviewer in reviewers.values():
        for profile in profiles.values():
            key = (profile.initiative_id, reviewer.user_id)
            if key in result:
                continue
            reason = conflict_reason(reviewer, profile)
            if reason is not None:
                result[key] = reason
    return result


def round_initiatives(round_: ReviewRound) -> list[Initiative]:
    """The initiatives before the round with unit and authors' people (two queries)."""
    return list(
        Initiative.objects.filter(round_entries__round=round_)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "authors",
                queryset=Authorship.objects.select_related("person").order_by("order", "id"),
            )
        )
        .order_by("code")
    )


@dataclass
class Cell:
    """One initiative × reviewer of the matrix."""

    assignment: Assignment | None = None
    conflict: str = ""

    @property
    def submitted(self) -> bool:
        review = getattr(self.assignment, "review", None) if self.assignment else None
        return review is not None and review.status == ReviewStatus.SUBMITTED

    @property
    def started(self) -> bool:
        return self.assignment is not None and hasattr(self.assignment, "review")


@dataclass
class Progress:
    """A reviewer's progress in the round."""

    reviewer: User
    is_member: bool
    assigned: int = 0
    submitted: int = 0
    overdue: bool = False

    @property
    def pending(self) -> int:
        return self.assigned - self.submitted


@dataclass
class MatrixRow:
    initiative: Initiative
    cells: list[Cell]
    assigned: int = 0
    submitted: int = 0
    short: bool = False


@dataclass
class RoundPage:
    """What the round's page shows: the matrix (rows × reviewers), progress per reviewer,
    whether the deadline has passed, and the totals."""

    round: ReviewRound
    reviewers: list[User]
    rows: list[MatrixRow]
    progress: list[Progress]
    past_deadline: bool
    assignments_total: int = 0
    submitted_total: int = 0
    conflicts: dict[tuple[int, int], str] = field(default_factory=dict)


def round_page(round_: ReviewRound) -> RoundPage:
    """The round's matrix and progress in a fixed number of queries (about eight) whatever the
    numbers of initiatives and reviewers: initiatives with units and authors, members,
    assignments with their reviews, and the conflicts."""
    initiatives = round_initiatives(round_)
    members = reviewing_members(round_)
    assignments = list(
        Assignment.objects.filter(round=round_)
        .select_related("reviewer", "review")
        .order_by("initiative_id", "id")
    )
    member_ids = {user.pk for user in members}
    reviewers = list(members)
    for assignment in assignments:
        if assignment.reviewer_id not in member_ids and assignment.reviewer not in reviewers:
            reviewers.append(assignment.reviewer)
    conflicts = round_conflicts(round_, initiatives, [user.pk for user in reviewers])
    by_pair = {(a.initiative_id, a.reviewer_id): a for a in assignments}
    past_deadline = today() > round_.closes_on
    progress = {
        user.pk: Progress(reviewer=user, is_member=user.pk in member_ids) for user in reviewers
    }
    rows = []
    for initiative in initiatives:
        cells: list[Cell] = []
        row = MatrixRow(initiative=initiative, cells=cells)
        for user in reviewers:
            key = (initiative.pk, user.pk)
            cell = Cell(assignment=by_pair.get(key), conflict=conflicts.get(key, ""))
            cells.append(cell)
            if cell.assignment is not None:
                row.assigned += 1
                progress[user.pk].assigned += 1
                if cell.submitted:
                    row.submitted += 1
                    progress[user.pk].submitted += 1
        row.short = row.assigned < round_.reviewers_per_initiative
        rows.append(row)
    for item in progress.values():
        item.overdue = past_deadline and round_.status == RoundStatus.OPEN and item.pending > 0
    return RoundPage(
        round=round_,
        reviewers=reviewers,
        rows=rows,
        progress=list(progress.values()),
        past_deadline=past_deadline,
        assignments_total=len(assignments),
        submitted_total=sum(1 for row in rows for cell in row.cells if cell.submitted),
        conflicts=conflicts,
    )


def conflict_declarations(round_: ReviewRound) -> list[ConflictDeclaration]:
    """The round's declared conflicts with who and on what (one query)."""
    return list(
        ConflictDeclaration.objects.filter(round=round_)
        .select_related("initiative", "user", "declared_by")
        .order_by("initiative__code", "user__username")
    )
