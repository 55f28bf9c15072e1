"""Who may read and edit whose award inputs — decided once, here, for pages, API and services.

A person's inputs sit at the units the person worked in: their current unit, and for a given
year the units of their memberships overlapping it (a hospital rates the year someone spent
there even after they moved). A collective's inputs sit at the collective itself. A staff
member reads their own by identity.
"""

import datetime as dt

from django.db.models import Q, QuerySet

from thidua.accounts.roles import Perm
from thidua.organizations.models import Membership, Person, Unit
from thidua.organizations.scoping import AnyUser, can, scope_q


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def memberships_in_year(person: Person, year: int) -> QuerySet[Membership]:
    """The person's memberships that overlap `year`."""
    first, last = year_bounds(year)
    return Membership.objects.filter(person=person, start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )


def person_paths(person: Person, year: int | None = None) -> list[str]:
    """The unit paths a person's inputs sit at: their current unit's, and with `year` those of
    the units they worked in that year."""
    paths = [person.unit.path]
    if year is not None:
        paths += list(memberships_in_year(person, year).values_list("unit__path", flat=True))
    return list(dict.fromkeys(paths))


def can_on_person(user: AnyUser, perm: Perm, person: Person, year: int | None = None) -> bool:
    return any(can(user, perm, path) for path in person_paths(person, year))


def is_own(user: AnyUser, person: Person) -> bool:
    return user.is_authenticated and person.user_id is not None and person.user_id == user.pk


def can_view_person_inputs(user: AnyUser, person: Person) -> bool:
    return is_own(user, person) or can(user, Perm.VIEW_AWARD_INPUTS, person.unit.path)


def can_view_unit_inputs(user: AnyUser, unit: Unit) -> bool:
    return can(user, Perm.VIEW_AWARD_INPUTS, unit.path)


def people_visible_to(user: AnyUser, perm: Perm = Perm.VIEW_AWARD_INPUTS) -> QuerySet[Person]:
    """People whose current unit is reached by a grant giving `perm`."""
    return Person.objects.filter(scope_q(user, perm, "unit__path"))


def units_visible_to(user: AnyUser, perm: Perm = Perm.VIEW_AWARD_INPUTS) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, perm, "path"))
