"""Helpers shared by the organisation pages (home, units, clusters, people)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.organizations.models import Unit
from thidua.organizations.scoping import AnyUser, can


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request asking for a fragment (not a history restore, which wants the page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def acting_user(request: HttpRequest) -> User:
    """The signed-in user who acts (views behind login_required never see an anonymous one)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def require_perm(request: HttpRequest, perm: Perm) -> None:
    """403 unless the user holds `perm` on some unit (the object check comes after)."""
    if not request.user.has_perm(perm.value):
        raise PermissionDenied


def perm_from_param(value: str | None, default: Perm) -> Perm:
    """A named permission from a query parameter (pickers scoped by what the form needs)."""
    try:
        return Perm(value) if value else default
    except ValueError:
        return default


def crumbs(user: AnyUser, units: list[Unit]) -> list[tuple[Unit, bool]]:
    """Breadcrumb entries: each ancestor with whether the user may open its page (ancestors
    above the user's scope are shown as text, not as links to a 404)."""
    return [(unit, can(user, Perm.VIEW_UNIT, unit.path)) for unit in units]
