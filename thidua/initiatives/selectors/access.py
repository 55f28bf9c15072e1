"""Who may read, edit, submit, withdraw and screen an initiative — decided once, here.

Two kinds of right meet on an initiative:

- by identity: its authors (their Person among the authors) and whoever created it read and
  edit their own; a draft is theirs alone (a colleague, or an officer of the unit, does not
  read someone's draft);
- by a grant at the initiative's unit: VIEW_INITIATIVE reads the unit's submitted initiatives,
  SUBMIT_INITIATIVE_FOR_OTHERS writes and submits on an author's behalf, SCREEN_INITIATIVE
  admits or returns (never one's own).

Council members read the initiatives put before their council's rounds, reviewers those
assigned to them in a round that is not blind (a blind round's reviewer reads the anonymised
sheet of the review pages instead). Everyone signed in reads a recognised initiative's public
part (the recognised list), without the internal review data.

The services enforce with the same functions (`edit_refusal`, `screen_refusal`, …): a button
the page shows is a step the service takes, and a step it refuses is not offered.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from thidua.accounts.models import User
from thidua.accounts.roles import ROLE_PERMISSIONS, Perm
from thidua.initiatives.enums import InitiativeStatus, RoundStatus
from thidua.initiatives.models import (
    Assignment,
    Authorship,
    CouncilMember,
    Initiative,
    RoundEntry,
)
from thidua.organizations import tree
from thidua.organizations.models import RoleAssignment
from thidua.organizations.scoping import AnyUser, can, scope_q

EDITABLE_STATUSES = frozenset({InitiativeStatus.DRAFT, InitiativeStatus.RETURNED})
WITHDRAWABLE_STATUSES = frozenset(
    {
        InitiativeStatus.DRAFT,
        InitiativeStatus.SUBMITTED,
        InitiativeStatus.RETURNED,
        InitiativeStatus.ADMITTED,
    }
)

MSG_NOT_EDITABLE = "Chỉ sửa được sáng kiến đang là bản nháp hoặc bị trả lại."
MSG_NOT_YOURS = "Bạn chỉ sửa, nộp hoặc rút được sáng kiến của chính mình."
MSG_NOT_SUBMITTED = "Chỉ sàng lọc được sáng kiến đã nộp và đang chờ sàng lọc."
MSG_OWN_SCREENING = "Bạn không thể tự sàng lọc sáng kiến của chính mình."
MSG_NO_SCREEN = "Bạn không có quyền sàng lọc sáng kiến của đơn vị này."
MSG_NOT_WITHDRAWABLE = "Không rút được sáng kiến đã đưa vào chấm hoặc đã có kết quả."


def own_q(user: AnyUser, prefix: str = "") -> Q:
    """Initiatives the user created or is an author of (`prefix` for a relation, e.g.
    "initiative__")."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    authored = Authorship.objects.filter(person__user_id=user.pk).values("initiative_id")
    return Q(**{f"{prefix}created_by_id": user.pk}) | Q(**{f"{prefix}pk__in": authored})


def initiatives_visible_to(user: AnyUser) -> QuerySet[Initiative]:
    """The user's own initiatives (drafts included) and the submitted-or-later initiatives of
    the units where they hold VIEW_INITIATIVE."""
    if not user.is_authenticated:
        return Initiative.objects.none()
    unit_scope = scope_q(user, Perm.VIEW_INITIATIVE, "unit__path") & ~Q(
        status=InitiativeStatus.DRAFT
    )
    return Initiative.objects.filter(own_q(user) | unit_scope)


def own_initiatives(user: AnyUser) -> QuerySet[Initiative]:
    return Initiative.objects.filter(own_q(user))


def is_own(user: AnyUser, initiative: Initiative) -> bool:
    """The user created the initiative or is one of its authors (one query at most)."""
    if not user.is_authenticated:
        return False
    if initiative.created_by_id == user.pk:
        return True
    return Authorship.objects.filter(initiative=initiative, person__user_id=user.pk).exists()


@dataclass(frozen=True)
class InitiativeAccess:
    """What the user may do with one initiative; `read` is the whole record, `public` only its
    recognised public part (no history, screening, similarity or attachments)."""

    own: bool = False
    read: bool = False
    public: bool = False
    review_data: bool = False
    edit: bool = False
    withdraw: bool = False
    screen: bool = False

    @property
    def any(self) -> bool:
        return self.read or self.public


def _sits_on_a_round_of(user: AnyUser, initiative: Initiative) -> bool:
    """The user is a council member of a round holding the initiative, or its reviewer in a
    round that is not blind — never its reviewer in a blind round not yet closed."""
    user_pk = user.pk
    if user_pk is None:
        return False
    # Its reviewer in a blind round under way reads only the anonymised sheet of the review
    # pages, even as a member of the council (every reviewer is one).
    if Assignment.objects.filter(
        initiative=initiative,
        reviewer_id=user_pk,
        round__blind=True,
        round__status__in=[RoundStatus.DRAFT, RoundStatus.OPEN],
    ).exists():
        return False
    councils = CouncilMember.objects.filter(user_id=user_pk).values("council_id")
    if RoundEntry.objects.filter(initiative=initiative, round__council_id__in=councils).exists():
        return True
    return Assignment.objects.filter(
        initiative=initiative, reviewer_id=user.pk, round__blind=False
    ).exists()


def access_of(user: AnyUser, initiative: Initiative) -> InitiativeAccess:
    """The user's rights on `initiative` (its unit loaded; at most three small queries)."""
    if not user.is_authenticated:
        return InitiativeAccess()
    path = initiative.unit.path
    own = is_own(user, initiative)
    is_draft = initiative.status == InitiativeStatus.DRAFT
    views_unit = can(user, Perm.VIEW_INITIATIVE, path) and not is_draft
    for_others = can(user, Perm.SUBMIT_INITIATIVE_FOR_OTHERS, path) and not is_draft
    screens = can(user, Perm.SCREEN_INITIATIVE, path)
    on_round = (
        not (own or views_unit or for_others)
        and not is_draft
        and _sits_on_a_round_of(user, initiative)
    )
    read = own or views_unit or for_others or on_round
    writer = own or for_others
    return InitiativeAccess(
        own=own,
        read=read,
        public=initiative.status == InitiativeStatus.RECOGNISED,
        review_data=read,
        edit=read and writer and initiative.status in EDITABLE_STATUSES,
        withdraw=own
        and initiative.status in WITHDRAWABLE_STATUSES
        and not RoundEntry.objects.filter(initiative=initiative).exists(),
        screen=read and screens and not own and initiative.status == InitiativeStatus.SUBMITTED,
    )


def _writes_for(user: AnyUser, initiative: Initiative) -> bool:
    """The user's own initiative, or one they may handle for its authors (not a draft: an
    author's draft is theirs alone)."""
    return is_own(user, initiative) or (
        initiative.status != InitiativeStatus.DRAFT
        and can(user, Perm.SUBMIT_INITIATIVE_FOR_OTHERS, initiative.unit.path)
    )


def edit_refusal(user: AnyUser, initiative: Initiative) -> str | None:
    """Why the user may not change (or submit) the initiative now; None when they may."""
    if not _writes_for(user, initiative):
        return MSG_NOT_YOURS
    if initiative.status not in EDITABLE_STATUSES:
        return MSG_NOT_EDITABLE
    return None


def withdraw_refusal(user: AnyUser, initiative: Initiative) -> str | None:
    """Why the user may not withdraw the initiative (only its authors and creator do); None
    when they may."""
    if not is_own(user, initiative):
        return MSG_NOT_YOURS
    if (
        initiative.status not in WITHDRAWABLE_STATUSES
        or RoundEntry.objects.filter(initiative=initiative).exists()
    ):
        return MSG_NOT_WITHDRAWABLE
    return None


def screen_refusal(user: AnyUser, initiative: Initiative) -> str | None:
    """Why the user may not admit or return the initiative; None when they may."""
    if not can(user, Perm.SCREEN_INITIATIVE, initiative.unit.path):
        return MSG_NO_SCREEN
    if is_own(user, initiative):
        return MSG_OWN_SCREENING
    if initiative.status != InitiativeStatus.SUBMITTED:
        return MSG_NOT_SUBMITTED
    return None


def authors_and_creator(initiative: Initiative) -> list[User]:
    """The active accounts of the initiative's authors and of its creator (one query)."""
    users: dict[int, User] = {
        a.person.user.pk: a.person.user
        for a in Authorship.objects.filter(
            initiative=initiative, person__user__is_active=True
        ).select_related("person__user")
        if a.person is not None and a.person.user is not None
    }
    if initiative.created_by_id is not None and initiative.created_by_id not in users:
        creator = User.objects.filter(pk=initiative.created_by_id, is_active=True).first()
        if creator is not None:
            users[creator.pk] = creator
    return list(users.values())


def screeners_of(initiative: Initiative) -> list[User]:
    """Who is told an initiative awaits screening: users holding SCREEN_INITIATIVE on its unit
    through a grant below the root (the department's officers follow their lists rather than
    every unit's submissions), its authors and creator excepted."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.SCREEN_INITIATIVE in perms]
    below_root = tree.ancestor_ids(initiative.unit.path)[1:]
    grants = RoleAssignment.objects.filter(
        role__in=roles, unit_id__in=below_root, user__is_active=True
    ).select_related("user")
    own = {user.pk for user in authors_and_creator(initiative)}
    users: dict[int, User] = {}
    for grant in grants:
        reaches = grant.unit_id == initiative.unit_id or grant.include_subtree
        if reaches and grant.user_id not in own:
            users[grant.user_id] = grant.user
    return list(users.values())
