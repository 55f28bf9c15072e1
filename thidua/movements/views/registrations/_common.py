"""What the registration pages share: the movement and year from the URL, filters, flags."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.movements.models import Movement
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.selectors.registrations import default_year, movement_years
from thidua.organizations.views._common import require_perm


def movement_for(request: HttpRequest, pk: int) -> Movement:
    """The movement if the user may read it: 403 without VIEW_MOVEMENT anywhere, 404 when it is
    outside their scope."""
    require_perm(request, Perm.VIEW_MOVEMENT)
    movement = movements_visible_to(request.user).filter(pk=pk).first()
    if movement is None:
        raise Http404
    return movement


def year_in(movement: Movement, year: int) -> int:
    """A year of the URL: 404 outside the movement's years."""
    if year not in movement_years(movement):
        raise Http404
    return year


def year_from_query(request: HttpRequest, movement: Movement) -> int:
    """`?nam=` when it is one of the movement's years, else this year (clamped)."""
    try:
        year = int(request.GET.get("nam") or request.POST.get("nam") or "")
    except ValueError:
        return default_year(movement)
    return year if year in movement_years(movement) else default_year(movement)


def flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name) == "1"


def int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name) or ""
    return int(value) if value.isdigit() else None


def forbidden(error: PermissionDeniedError) -> PermissionDenied:
    """A service's permission refusal as the 403 page."""
    return PermissionDenied(error.message)


def is_forbidden(error: DomainError) -> bool:
    return isinstance(error, PermissionDeniedError)
