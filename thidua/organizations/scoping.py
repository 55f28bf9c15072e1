"""What may this user see? Every scoped read and every permission check starts here.

A user's grants (role assignments reduced to role, unit path and subtree flag) are loaded once
per request and cached on the user object. `scope_q` turns them into a filter for any queryset
whose rows sit at a unit path, so that lists, exports and the API share one definition of scope.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from thidua.accounts.roles import Grant, Perm, Role, grants_allowing, is_permitted

_CACHE_ATTR = "_thidua_grants"

AnyUser = AbstractBaseUser | AnonymousUser


def grants_for(user: AnyUser) -> tuple[Grant, ...]:
    """The user's role assignments as Grants (empty for anonymous or inactive users)."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return ()
    cached: tuple[Grant, ...] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from thidua.organizations.models import RoleAssignment

        rows = RoleAssignment.objects.filter(user_id=user.pk, unit__is_active=True).values_list(
            "role", "unit_id", "unit__path", "include_subtree"
        )
        cached = tuple(
            Grant(role=Role(role), unit_id=unit_id, unit_path=path, include_subtree=subtree)
            for role, unit_id, path, subtree in rows
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: Any) -> None:
    """Drop the cached grants (after the user's assignments changed in this request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def scope_q(user: AnyUser, perm: Perm, path_lookup: str) -> Q:
    """A filter matching rows whose unit path is reached by a grant giving `perm`.

    `path_lookup` is the lookup of the unit path from the queried model: "path" for Unit,
    "unit__path" for Person, "unit_path" for AuditEntry. No grant means a filter matching nothing.
    """
    condition = Q(pk__in=[])
    for grant in grants_allowing(grants_for(user), perm):
        if grant.include_subtree:
            condition |= Q(**{f"{path_lookup}__startswith": grant.unit_path})
        else:
            condition |= Q(**{path_lookup: grant.unit_path})
    return condition


def can(user: AnyUser, perm: Perm, unit_path: str) -> bool:
    return is_permitted(grants_for(user), perm, unit_path)


def has_role(user: AnyUser, roles: frozenset[Role] | set[Role]) -> bool:
    return any(grant.role in roles for grant in grants_for(user))


def reaches_root(user: AnyUser, perm: Perm) -> bool:
    """Whether a grant giving `perm` covers the root of the tree (so every unit)."""
    from thidua.organizations.models import Unit

    root_path = (
        Unit.objects.filter(parent__isnull=True)
        .order_by("pk")
        .values_list("path", flat=True)
        .first()
    )
    return root_path is not None and can(user, perm, root_path)


class OrganizationScope:
    """The scope provider core's pages use (registered in OrganizationsConfig.ready)."""

    def filter(self, user: AnyUser, perm: Any, path_lookup: str) -> Q:
        return scope_q(user, Perm(perm), path_lookup)

    def reaches_root(self, user: AnyUser, perm: Any) -> bool:
        return reaches_root(user, Perm(perm))
