"""Reads about user accounts and their role assignments, scoped by `organizations.manage_users`.

Who sees which account (brief H4, DESIGN.md §2):

- A full user administrator (a grant that may assign every role, i.e. `system_admin`) sees the
  accounts with an assignment or a linked person inside the grant's reach, and, when a grant
  reaches the root, the accounts with neither (orphans).
- Any holder of `manage_users` (e.g. a `unit_officer`) sees the accounts they may *fully* manage:
  every assignment is a role they may assign on that unit, and the linked person (if any) is
  inside their reach. Anything else is invisible to them (not listed, 404 by URL).

The SQL filter (`users_visible_to`) and the Python check on one loaded account
(`can_manage_account`) implement the same rule; tests hold them together.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import User
from thidua.accounts.roles import (
    ASSIGNABLE_ROLES,
    Grant,
    Perm,
    Role,
    grants_allowing,
    is_permitted,
    roles_assignable_by,
)
from thidua.core.models import AuditEntry
from thidua.core.text import fold, search_tokens
from thidua.organizations.models import Person, RoleAssignment, Unit
from thidua.organizations.scoping import AnyUser, grants_for, scope_q, subtree_q

ALL_ROLES = frozenset(Role)
USER_TARGET_TYPE = "accounts.user"


# --- Grants of the acting user -------------------------------------------------------------------


def _manage_grants(actor: AnyUser) -> list[Grant]:
    return grants_allowing(grants_for(actor), Perm.MANAGE_USERS)


def _full_grants(grants: list[Grant]) -> list[Grant]:
    """Grants that may assign every role (system administrators)."""
    return [g for g in grants if ASSIGNABLE_ROLES.get(g.role, frozenset()) == ALL_ROLES]


def _root_path() -> str | None:
    path: str | None = (
        Unit.objects.filter(parent__isnull=True)
        .order_by("pk")
        .values_list("path", flat=True)
        .first()
    )
    return path


def _covers_q(grant: Grant, path_lookup: str) -> Q:
    if grant.include_subtree:
        return Q(**{f"{path_lookup}__startswith": grant.unit_path})
    return Q(**{path_lookup: grant.unit_path})


def _any_q(grants: list[Grant], path_lookup: str) -> Q:
    condition = Q(pk__in=[])
    for grant in grants:
        condition |= _covers_q(grant, path_lookup)
    return condition


def _assignable_q(grants: list[Grant], prefix: str = "") -> Q:
    """Role assignments whose role the grants may hand out on the assignment's unit."""
    condition = Q(pk__in=[])
    for grant in grants:
        roles = ASSIGNABLE_ROLES.get(grant.role, frozenset())
        if roles:
            condition |= _covers_q(grant, f"{prefix}unit__path") & Q(
                **{f"{prefix}role__in": sorted(role.value for role in roles)}
            )
    return condition


def is_full_admin_at_root(actor: AnyUser) -> bool:
    """Whether the actor may assign every role on the root (and so sees orphan accounts)."""
    root = _root_path()
    return root is not None and roles_assignable_by(grants_for(actor), root) == ALL_ROLES


def is_system_administrator(actor: AnyUser) -> bool:
    """Whether the actor holds a grant that may assign every role somewhere."""
    return bool(_full_grants(_manage_grants(actor)))


# --- Which accounts --------------------------------------------------------------------------------


def users_visible_to(actor: AnyUser) -> QuerySet[User]:
    """Accounts the actor may see on the user-management pages (see the module docstring)."""
    grants = _manage_grants(actor)
    if not grants:
        return User.objects.none()
    full = _full_grants(grants)
    has_assignment = Exists(RoleAssignment.objects.filter(user=OuterRef("pk")))
    has_unmanageable = Exists(
        RoleAssignment.objects.filter(user=OuterRef("pk")).exclude(_assignable_q(grants))
    )
    person_in_reach = _any_q(grants, "person__unit__path")
    manageable = (
        ~has_unmanageable
        & (Q(person__isnull=True) | person_in_reach)
        & (has_assignment | Q(person__isnull=False))
    )
    condition = manageable
    if full:
        condition |= Exists(
            RoleAssignment.objects.filter(user=OuterRef("pk")).filter(_any_q(full, "unit__path"))
        ) | _any_q(full, "person__unit__path")
        if is_full_admin_at_root(actor):
            condition |= ~has_assignment & Q(person__isnull=True)
    return User.objects.filter(condition)


def linked_person(user: User) -> Person | None:
    """The person record of an account, or None (the reverse one-to-one raises otherwise)."""
    try:
        person: Person = user.person
    except Person.DoesNotExist:
        return None
    return person


def assignments_of(user: User) -> list[RoleAssignment]:
    """The account's assignments with their units (uses a prefetch when there is one)."""
    cached = getattr(user, "_prefetched_objects_cache", {}).get("role_assignments")
    if cached is not None:
        return list(cached)
    return list(user.role_assignments.select_related("unit").order_by("unit__path", "role"))


def can_manage_account(actor: AnyUser, user: User) -> bool:
    """Whether the actor may change the account itself (profile, activation, password email).

    True when every assignment of the account is a role the actor may assign on its unit, the
    linked person (if any) is within the actor's `manage_users` reach, and the account is tied
    to the organisation at all (an orphan needs a full administrator on the root).
    """
    grants = grants_for(actor)
    if not grants_allowing(grants, Perm.MANAGE_USERS):
        return False
    assignments = assignments_of(user)
    for assignment in assignments:
        if Role(assignment.role) not in roles_assignable_by(grants, assignment.unit.path):
            return False
    person = linked_person(user)
    if person is not None:
        return is_permitted(grants, Perm.MANAGE_USERS, person.unit.path)
    if not assignments:
        return is_full_admin_at_root(actor)
    return True


def can_revoke(actor: AnyUser, assignment: RoleAssignment) -> bool:
    """Whether the actor may hand out (hence take back) this role on this unit."""
    return Role(assignment.role) in roles_assignable_by(grants_for(actor), assignment.unit.path)


def can_reset_two_factor(actor: AnyUser, user: User) -> bool:
    """Only a system administrator who fully manages the account may reset its 2FA."""
    return is_system_administrator(actor) and can_manage_account(actor, user)


# --- Lists and details -----------------------------------------------------------------------------


@dataclass(frozen=True)
class UserFilter:
    query: str = ""
    role: str = ""
    unit: Unit | None = None
    active: bool | None = None


def with_account_details(users: QuerySet[User]) -> QuerySet[User]:
    """Prefetch what the list and detail pages show: person and unit, assignments and units,
    confirmed TOTP devices. A constant number of queries whatever the number of rows."""
    return users.select_related("person__unit").prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related("unit").order_by("unit__path", "role"),
        ),
        Prefetch(
            "totpdevice_set",
            queryset=TOTPDevice.objects.filter(confirmed=True).only("id", "user_id"),
            to_attr="confirmed_totp_devices",
        ),
    )


def _folded_name_matches(users: QuerySet[User], tokens: list[str]) -> list[int]:
    """Accounts without a person whose folded full name matches every token.

    Accounts linked to a person are searched through the person's folded column; the few
    free accounts (administrators) are folded here, in Python.
    """
    rows = users.filter(person__isnull=True).values_list(
        "pk", "full_name", "first_name", "last_name"
    )
    matched: list[int] = []
    for pk, full_name, first_name, last_name in rows:
        words = " " + fold(f"{full_name} {first_name} {last_name}") + " "
        if all(" " + token in words for token in tokens):
            matched.append(pk)
    return matched


def search_users(actor: AnyUser, filters: UserFilter) -> QuerySet[User]:
    """The scoped account list, filtered, ordered by username, details prefetched.

    The query matches the username (contains) or, ignoring case and diacritics, the start of
    the words of the account's name ("hoa nguyen" finds "Nguyễn Thị Hoa").
    """
    visible = users_visible_to(actor)
    users = visible
    tokens = search_tokens(filters.query)[:8]
    if tokens:
        by_person = Q()
        for token in tokens:
            by_person &= Q(person__search_text__contains=" " + token)
        by_username = Q(username__icontains=filters.query.strip())
        users = users.filter(
            by_person | by_username | Q(pk__in=_folded_name_matches(visible, tokens))
        )
    if filters.role and filters.unit is not None:
        users = users.filter(
            Exists(
                RoleAssignment.objects.filter(
                    subtree_q("unit__path", filters.unit.path),
                    user=OuterRef("pk"),
                    role=filters.role,
                )
            )
        )
    elif filters.role:
        users = users.filter(
            Exists(RoleAssignment.objects.filter(user=OuterRef("pk"), role=filters.role))
        )
    elif filters.unit is not None:
        users = users.filter(
            Exists(
                RoleAssignment.objects.filter(
                    subtree_q("unit__path", filters.unit.path), user=OuterRef("pk")
                )
            )
            | subtree_q("person__unit__path", filters.unit.path)
        )
    if filters.active is not None:
        users = users.filter(is_active=filters.active)
    return with_account_details(users).order_by("username")


def assignable_roles(actor: AnyUser) -> list[Role]:
    """Roles the actor may assign somewhere, in the order of the vocabulary."""
    roles: set[Role] = set()
    for grant in _manage_grants(actor):
        roles |= ASSIGNABLE_ROLES.get(grant.role, frozenset())
    return [role for role in Role if role in roles]


def people_without_account(actor: AnyUser, query: str, *, limit: int = 20) -> list[Person]:
    """Active people in the actor's `manage_users` reach who have no account yet, matching the
    query (folded words of name, staff code, position)."""
    tokens = search_tokens(query)[:8]
    if not tokens:
        return []
    people = Person.objects.filter(
        scope_q(actor, Perm.MANAGE_USERS, "unit__path"), user__isnull=True, is_active=True
    )
    for token in tokens:
        people = people.filter(search_text__contains=" " + token)
    return list(people.select_related("unit").order_by("sort_name", "staff_code")[:limit])


def people_for_account(actor: AnyUser) -> QuerySet[Person]:
    """People the actor may open an account for (or look at on the create page)."""
    return Person.objects.filter(scope_q(actor, Perm.MANAGE_USERS, "unit__path")).select_related(
        "unit"
    )


def suggested_username(full_name: str) -> str:
    """A free username in the office style: given name, a dot, the initials of the rest.

    "Nguyễn Thị Hoa" → "hoa.nt"; when taken, "hoa.nt2", "hoa.nt3"…
    """
    words = ["".join(ch for ch in word if ch.isalnum()) for word in fold(full_name).split(" ")]
    words = [word for word in words if word]
    if not words:
        return ""
    given, others = words[-1], words[:-1]
    base = f"{given}.{''.join(word[0] for word in others)}" if others else given
    base = base[:140]
    taken = {
        name.lower()
        for name in User.objects.filter(username__istartswith=base).values_list(
            "username", flat=True
        )
    }
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def account_history(user: User, *, limit: int = 15) -> list[AuditEntry]:
    """The latest audit entries about this account (grants, revocations, activation…)."""
    return list(
        AuditEntry.objects.filter(target_type=USER_TARGET_TYPE, target_id=str(user.pk)).order_by(
            "-at", "-id"
        )[:limit]
    )


def active_root_admin_assignments(root: Unit) -> QuerySet[RoleAssignment]:
    """System-administrator assignments on the root (with its subtree) of active accounts."""
    return RoleAssignment.objects.filter(
        role=Role.SYSTEM_ADMIN, unit=root, include_subtree=True, user__is_active=True
    )


def root_unit() -> Unit | None:
    root: Unit | None = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    return root
