"""Named permissions as django-rules predicates, so views, templates and the API ask alike:
`user.has_perm("organizations.view_person", person)`.

Without an object a permission asks "anywhere?" (to show a menu entry or a list page); with
an object it asks whether a grant reaches that object's unit.
"""

from typing import Any

import rules

from thidua.accounts.roles import Perm, has_anywhere
from thidua.organizations.scoping import can, grants_for


def _unit_path_of(obj: Any) -> str | None:
    """The unit path an object sits at: a Unit's own path, or that of its `unit`."""
    path = getattr(obj, "path", None)
    if isinstance(path, str):
        return path
    stored = getattr(obj, "unit_path", None)  # an issued document stores the path of its data
    if isinstance(stored, str):
        return stored
    unit = getattr(obj, "unit", None)
    return getattr(unit, "path", None)


def scoped_perm(perm: Perm) -> Any:
    """The predicate of a unit-scoped permission: anywhere without an object, else at the
    object's unit (its own path, its `unit_path`, or its `unit`'s path). Other apps register
    their permissions with it."""

    @rules.predicate(name=f"scoped_{perm.value}")
    def predicate(user: Any, obj: Any = None) -> bool:
        if obj is None:
            return has_anywhere(grants_for(user), perm)
        path = _unit_path_of(obj)
        return path is not None and can(user, perm, path)

    return predicate


@rules.predicate
def is_own_person(user: Any, person: Any = None) -> bool:
    """A staff member always sees their own profile, whatever their grants."""
    return (
        person is not None and user.is_authenticated and getattr(person, "user_id", None) == user.pk
    )


@rules.predicate
def cluster_visible(user: Any, cluster: Any = None) -> bool:
    """A cluster is visible when any of its member units is (or, without one, anywhere)."""
    if cluster is None:
        return has_anywhere(grants_for(user), Perm.VIEW_CLUSTER)
    paths = [m.unit.path for m in cluster.members.all()]
    return any(can(user, Perm.VIEW_CLUSTER, path) for path in paths)


# The permissions of the organisation, of core's pages and of the documents app (which depends on
# core only, so cannot judge grants itself); other apps register their own.
for _perm in Perm:
    if _perm.value.split(".")[0] in {"organizations", "core", "documents"} and _perm not in {
        Perm.VIEW_PERSON,
        Perm.VIEW_CLUSTER,
    }:
        rules.add_perm(_perm.value, scoped_perm(_perm))

rules.add_perm(Perm.VIEW_PERSON.value, scoped_perm(Perm.VIEW_PERSON) | is_own_person)
rules.add_perm(Perm.VIEW_CLUSTER.value, cluster_visible)
