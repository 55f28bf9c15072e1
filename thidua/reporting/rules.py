"""Named permissions of reporting as django-rules predicates (`user.has_perm(name, obj)`).

A report is read, entered and managed at the unit it belongs to (a grant covering that unit).
Approving is judged per level by `services.workflow` (the approver's grant must cover the unit of
the level, an ancestor of the report's unit), so APPROVE_REPORT here only answers "at this unit".
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
    Perm.VIEW_REPORT,
    Perm.ENTER_REPORT,
    Perm.APPROVE_REPORT,
    Perm.MANAGE_REPORTING,
):
    rules.add_perm(_perm.value, _at_unit(_perm))
