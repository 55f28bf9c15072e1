"""Named permissions of movements as django-rules predicates (`user.has_perm(name, obj)`).

A movement is read by anyone whose grants touch its organising unit's subtree (above it, at it
or inside it); its plan is changed by MANAGE_MOVEMENT on the organising unit. Targets and
registrations are judged at the unit they concern.
"""

from typing import Any

import rules

from thidua.accounts.roles import Perm, grants_allowing, has_anywhere
from thidua.organizations.scoping import can, grants_for


def _unit_path(obj: Any) -> str | None:
    """Where an object sits: a Movement at its owner, anything with a `unit` at that unit."""
    owner = getattr(obj, "owner", None)
    if owner is not None:
        return getattr(owner, "path", None)
    unit = getattr(obj, "unit", None)
    if unit is not None:
        return getattr(unit, "path", None)
    path = getattr(obj, "path", None)
    return path if isinstance(path, str) else None


def touches(user: Any, perm: Perm, path: str) -> bool:
    """A grant giving `perm` sits at, above or inside the unit at `path`."""
    return any(
        path.startswith(grant.unit_path) or grant.unit_path.startswith(path)
        for grant in grants_allowing(grants_for(user), perm)
    )


@rules.predicate
def can_view_movement(user: Any, movement: Any = None) -> bool:
    if movement is None:
        return has_anywhere(grants_for(user), Perm.VIEW_MOVEMENT)
    path = _unit_path(movement)
    return path is not None and touches(user, Perm.VIEW_MOVEMENT, path)


def _at_unit(perm: Perm) -> Any:
    @rules.predicate(name=f"at_unit_{perm.value}")
    def predicate(user: Any, obj: Any = None) -> bool:
        if obj is None:
            return has_anywhere(grants_for(user), perm)
        path = _unit_path(obj)
        return path is not None and can(user, perm, path)

    return predicate


rules.add_perm(Perm.VIEW_MOVEMENT.value, can_view_movement)
for _perm in (
    Perm.MANAGE_MOVEMENT,
    Perm.MANAGE_TARGETS,
    Perm.REGISTER_UNIT,
    Perm.APPROVE_UNIT_REGISTRATION,
    Perm.APPROVE_PERSONAL_REGISTRATION,
):
    rules.add_perm(_perm.value, _at_unit(_perm))
