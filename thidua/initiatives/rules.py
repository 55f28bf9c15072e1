"""Named permissions of initiatives as django-rules predicates (`user.has_perm(name, obj)`).

Unit-scoped permissions are judged at the initiative's unit (or the council's, or the adopting
unit's). What authors, reviewers and council members may do by identity — read and edit their own
initiative, score their assignment, see their council's round — is decided in `selectors.access`
and the services, not here, because it depends on rows rather than grants.
"""

from typing import Any

import rules

from thidua.accounts.roles import Perm, has_anywhere
from thidua.organizations.scoping import can, grants_for


def _unit_path(obj: Any) -> str | None:
    unit = getattr(obj, "unit", None)
    if unit is not None:
        return getattr(unit, "path", None)
    path = getattr(obj, "path", None)
    return path if isinstance(path, str) else None


def _at_unit(perm: Perm) -> Any:
    @rules.predicate(name=f"at_unit_{perm.value}")
    def predicate(user: Any, obj: Any = None) -> bool:
        if obj is None:
            return has_anywhere(grants_for(user), perm)
        path = _unit_path(obj)
        return path is not None and can(user, perm, path)

    return predicate


for _perm in (
    Perm.VIEW_INITIATIVE,
    Perm.SUBMIT_INITIATIVE_FOR_OTHERS,
    Perm.SCREEN_INITIATIVE,
    Perm.MANAGE_INITIATIVE_COUNCILS,
    Perm.RECORD_ADOPTION,
):
    rules.add_perm(_perm.value, _at_unit(_perm))
