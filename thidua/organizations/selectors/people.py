"""Reads about people: the scoped list with search, filters and sorting, and a person's page."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy

from thidua.accounts.roles import Perm
from thidua.core.text import search_tokens
from thidua.organizations.models import Membership, Person, Unit
from thidua.organizations.scoping import AnyUser, scope_q, sees_whole_tree, subtree_q

# Sort keys of the people list (query string values). Names sort by the Vietnamese key (given
# name first); units by their folded name; people without a date of birth come last both ways.
SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "ten": ("sort_name", "staff_code"),
    "-ten": ("-sort_name", "-staff_code"),
    "ma": ("staff_code",),
    "-ma": ("-staff_code",),
    "don-vi": ("unit__name_folded", "unit_id", "sort_name", "staff_code"),
    "-don-vi": ("-unit__name_folded", "-unit_id", "sort_name", "staff_code"),
    "ngay-sinh": (F("date_of_birth").asc(nulls_last=True), "sort_name", "staff_code"),
    "-ngay-sinh": (F("date_of_birth").desc(nulls_last=True), "sort_name", "staff_code"),
}
DEFAULT_SORT = "ten"


def people_visible_to(user: AnyUser, perm: Perm = Perm.VIEW_PERSON) -> QuerySet[Person]:
    """People in units a grant giving `perm` reaches, plus the user's own record for viewing."""
    if sees_whole_tree(user, perm):
        return Person.objects.all()
    condition = scope_q(user, perm, "unit__path")
    if perm == Perm.VIEW_PERSON and user.is_authenticated:
        condition |= Q(user_id=user.pk)
    return Person.objects.filter(condition)


@dataclass(frozen=True)
class PeopleFilter:
    query: str = ""
    unit: Unit | None = None
    include_subunits: bool = True
    employment_kind: str = ""
    position: str = ""
    gender: str = ""
    active: bool | None = True
    sort: str = DEFAULT_SORT


def search_people(
    user: AnyUser, filters: PeopleFilter, perm: Perm = Perm.VIEW_PERSON
) -> QuerySet[Person]:
    """The scoped people list, filtered and sorted.

    The query matches, ignoring case and diacritics, the start of words in the name, staff code
    and position: every typed word must match ("nguyen van an" finds "Nguyễn Văn An").
    """
    people = people_visible_to(user, perm)
    for token in search_tokens(filters.query)[:8]:
        people = people.filter(search_text__contains=" " + token)
    if filters.unit is not None:
        if filters.include_subunits:
            people = people.filter(subtree_q("unit__path", filters.unit.path))
        else:
            people = people.filter(unit=filters.unit)
    if filters.employment_kind:
        people = people.filter(employment_kind=filters.employment_kind)
    if filters.position:
        people = people.filter(position=filters.position)
    if filters.gender:
        people = people.filter(gender=filters.gender)
    if filters.active is not None:
        people = people.filter(is_active=filters.active)
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    return people.select_related("unit").order_by(*order)


def count_people(
    user: AnyUser, filters: PeopleFilter, people: QuerySet[Person], perm: Perm = Perm.VIEW_PERSON
) -> int:
    """How many people `people` (= `search_people(user, filters, perm)`) holds, in one query.

    The list as it opens for who sees the whole tree (active people, no search, no filter: the
    most visited page, 40.000 people) is counted as everyone minus those who left: SQLite counts
    a whole table from its smallest index without stepping through its entries, where the
    count of the active ones steps through 40.000 (1,4 ms → 0,1 ms on the fresh connection of
    each request). Any other list, or another database, counts its own query.
    """
    unfiltered = (
        filters.active is True
        and not search_tokens(filters.query)
        and filters.unit is None
        and not (filters.employment_kind or filters.position or filters.gender)
    )
    if connection.vendor != "sqlite" or not unfiltered or not sees_whole_tree(user, perm):
        return people.count()
    table = connection.ops.quote_name(Person._meta.db_table)
    active = connection.ops.quote_name(str(Person._meta.get_field("is_active").column))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {table}) - "  # noqa: S608 (quoted model names)
            f"(SELECT COUNT(*) FROM {table} WHERE {active} = %s)",
            [False],
        )
        row = cursor.fetchone()
    return int(row[0])


def positions_in_scope(user: AnyUser) -> list[str]:
    """The distinct positions of visible people, for the filter dropdown."""
    return list(
        people_visible_to(user)
        .exclude(position="")
        .order_by("position")
        .values_list("position", flat=True)
        .distinct()
    )


def membership_history(person: Person) -> list[Membership]:
    return list(person.memberships.select_related("unit").order_by("-start_date", "-id"))


def own_person(user: AnyUser) -> Person | None:
    """The person record linked to the user's account, with its unit (one query)."""
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("unit").filter(user_id=user.pk).first()


PICKER_LIMIT = 20


def people_for_picker(
    user: AnyUser, query: str, *, unit: Unit | None = None, limit: int = PICKER_LIMIT
) -> list[Person]:
    """Active visible people matching `query` (within `unit`'s subtree when given), for a
    search field choosing a person (one query). An empty query matches nobody."""
    if not search_tokens(query):
        return []
    filters = PeopleFilter(query=query, unit=unit, include_subunits=True, active=True)
    return list(search_people(user, filters)[:limit])
