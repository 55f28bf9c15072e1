"""Reading initiatives: the scoped list with search, filters and sort, the user's own, the
recognised list everyone signed in reads, one initiative's page, the content areas an author
chooses from, and the people an author picks as co-authors.

Every list carries what its rows show (unit, area, authors with their people) in a fixed
number of queries whatever its length.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.db.models import F, Prefetch, QuerySet
from django.db.models.expressions import OrderBy
from django.utils import timezone

from thidua.accounts.roles import Perm
from thidua.core.text import search_tokens
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.models import (
    Attachment,
    Authorship,
    Initiative,
    InitiativeAction,
)
from thidua.initiatives.selectors.access import (
    InitiativeAccess,
    access_of,
    initiatives_visible_to,
    own_initiatives,
)
from thidua.movements.enums import MovementStatus
from thidua.movements.models import ContentArea, Movement
from thidua.organizations import tree
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import AnyUser, scope_q, subtree_q

PAGE_SIZE = 50
MAX_SEARCH_WORDS = 8

# Sort keys of the lists (query string values): by submission date (drafts, never submitted,
# last), newest first by default; by code.
SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "-ngay": (F("submitted_at").desc(nulls_last=True), "-pk"),
    "ngay": (F("submitted_at").asc(nulls_last=True), "pk"),
    "ma": ("code",),
    "-ma": ("-code",),
}
DEFAULT_SORT = "-ngay"
RECOGNISED_SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "-ngay": (F("decision_date").desc(nulls_last=True), "-pk"),
    "ngay": (F("decision_date").asc(nulls_last=True), "pk"),
    "ma": ("code",),
    "-ma": ("-code",),
}


@dataclass(frozen=True)
class InitiativeFilter:
    """The list's filters: words of the code, title, authors or unit (any diacritics), an area,
    a unit with its subtree, a year, a status, a recognition level, and the sort key."""

    query: str = ""
    area_id: int | None = None
    unit: Unit | None = None
    year: int | None = None
    status: str = ""
    level: str = ""
    sort: str = DEFAULT_SORT


def _authors_prefetch() -> Prefetch[str]:
    return Prefetch(
        "authors",
        queryset=Authorship.objects.select_related("person").order_by("order", "pk"),
    )


def _filtered(
    initiatives: QuerySet[Initiative],
    filters: InitiativeFilter,
    sorts: dict[str, tuple[str | OrderBy, ...]],
) -> QuerySet[Initiative]:
    for token in search_tokens(filters.query)[:MAX_SEARCH_WORDS]:
        initiatives = initiatives.filter(search_text__contains=" " + token)
    if filters.area_id is not None:
        initiatives = initiatives.filter(area_id=filters.area_id)
    if filters.unit is not None:
        initiatives = initiatives.filter(subtree_q("unit__path", filters.unit.path))
    if filters.year is not None:
        initiatives = initiatives.filter(year=filters.year)
    if filters.status:
        initiatives = initiatives.filter(status=filters.status)
    if filters.level:
        initiatives = initiatives.filter(level=filters.level)
    order = sorts.get(filters.sort, sorts[DEFAULT_SORT])
    return (
        initiatives.select_related("unit", "area")
        .prefetch_related(_authors_prefetch())
        .order_by(*order)
    )


def search_initiatives(user: AnyUser, filters: InitiativeFilter) -> QuerySet[Initiative]:
    """The initiatives the user reads (their own, and their VIEW_INITIATIVE units' submitted
    ones), filtered and sorted; every typed word must start a word of the code, title, an
    author's name or the unit's name, ignoring case and diacritics."""
    return _filtered(initiatives_visible_to(user), filters, SORTS)


def search_own_initiatives(user: AnyUser, filters: InitiativeFilter) -> QuerySet[Initiative]:
    """The user's own initiatives (created or authored), drafts included."""
    return _filtered(own_initiatives(user), filters, SORTS)


def search_recognised(filters: InitiativeFilter) -> QuerySet[Initiative]:
    """Recognised initiatives of every unit and year (readable by every signed-in user)."""
    recognised = Initiative.objects.filter(status=InitiativeStatus.RECOGNISED)
    return _filtered(recognised, replace(filters, status=""), RECOGNISED_SORTS)


def years_of(initiatives: QuerySet[Initiative]) -> list[int]:
    """The distinct years of `initiatives`, newest first (the year filter's choices)."""
    return list(initiatives.order_by("-year").values_list("year", flat=True).distinct())


def list_years(user: AnyUser) -> list[int]:
    return years_of(initiatives_visible_to(user))


def recognised_years() -> list[int]:
    return years_of(Initiative.objects.filter(status=InitiativeStatus.RECOGNISED))


def filter_units(user: AnyUser) -> QuerySet[Unit]:
    """Units the unit filter offers: those where the user holds VIEW_INITIATIVE."""
    return Unit.objects.filter(scope_q(user, Perm.VIEW_INITIATIVE, "path")).order_by("path")


def filter_areas() -> QuerySet[ContentArea]:
    """Areas the area filter offers: those of launched or closed movements (with the movement,
    for grouping)."""
    return (
        ContentArea.objects.filter(
            movement__status__in=[MovementStatus.LAUNCHED, MovementStatus.CLOSED]
        )
        .select_related("movement")
        .order_by("-movement__start_date", "movement_id", "kind", "order", "pk")
    )


# -- One initiative ----------------------------------------------------------------------------


def initiative_with_access(user: AnyUser, pk: int) -> tuple[Initiative, InitiativeAccess] | None:
    """The initiative with its unit, area, movement and creator, and what the user may do
    with it; None (answer 404) when they may read neither the whole nor the public part."""
    initiative = (
        Initiative.objects.select_related("unit", "area", "movement", "created_by", "screened_by")
        .filter(pk=pk)
        .first()
    )
    if initiative is None:
        return None
    access = access_of(user, initiative)
    if not access.any:
        return None
    return initiative, access


def authors_of(initiative: Initiative) -> list[Authorship]:
    return list(
        Authorship.objects.filter(initiative=initiative)
        .select_related("person__unit")
        .order_by("order", "pk")
    )


@dataclass(frozen=True)
class AttachmentRow:
    """An attachment and the other initiatives (codes) holding the same bytes."""

    attachment: Attachment
    also_in: list[str] = field(default_factory=list)


def attachments_of(initiative: Initiative) -> list[AttachmentRow]:
    """The initiative's attachments, each with the codes of the other initiatives that carry
    the same file (by SHA-256): two queries."""
    attachments = list(
        Attachment.objects.filter(initiative=initiative)
        .select_related("blob", "uploaded_by")
        .order_by("uploaded_at", "pk")
    )
    blob_ids = {a.blob_id for a in attachments}
    also: dict[int, list[str]] = {}
    if blob_ids:
        rows = (
            Attachment.objects.filter(blob_id__in=blob_ids)
            .exclude(initiative=initiative)
            .order_by("initiative__code")
            .values_list("blob_id", "initiative__code")
            .distinct()
        )
        for blob_id, code in rows:
            also.setdefault(blob_id, []).append(code)
    return [AttachmentRow(a, also.get(a.blob_id, [])) for a in attachments]


def history_of(initiative: Initiative) -> list[InitiativeAction]:
    return list(
        InitiativeAction.objects.filter(initiative=initiative)
        .select_related("by")
        .order_by("at", "pk")
    )


def attachment_for(user: AnyUser, initiative_pk: int, pk: int) -> Attachment | None:
    """One attachment, when the user reads its initiative in full (public readers of a
    recognised initiative do not get its files); None otherwise (answer 404)."""
    found = initiative_with_access(user, initiative_pk)
    if found is None or not found[1].read:
        return None
    return (
        Attachment.objects.filter(initiative_id=initiative_pk, pk=pk).select_related("blob").first()
    )


# -- Choosing an area and the people of an authors list ------------------------------------------


def movements_for_unit(unit: Unit) -> list[Movement]:
    """Launched movements the unit takes part in (organised by the unit or an ancestor, and
    the unit within its scope when the movement lists one), latest start first."""
    ids = tree.ancestor_ids(unit.path)
    ancestors = ["/" + "".join(f"{pk}/" for pk in ids[: n + 1]) for n in range(len(ids))]
    movements = (
        Movement.objects.filter(status=MovementStatus.LAUNCHED, owner__path__in=ancestors)
        .prefetch_related("scope__unit")
        .order_by("-start_date", "pk")
    )
    chosen: list[Movement] = []
    for movement in movements:
        scope = list(movement.scope.all())
        if not scope or any(
            (
                tree.is_within(unit.path, entry.unit.path)
                if entry.include_subtree
                else entry.unit.path == unit.path
            )
            for entry in scope
        ):
            chosen.append(movement)
    return chosen


def default_movement(unit: Unit) -> Movement | None:
    """The movement an initiative of the unit belongs to unless its area says otherwise: the
    launched one the unit takes part in that runs today, else the latest launched."""
    movements = movements_for_unit(unit)
    today = timezone.localdate()
    running = [m for m in movements if m.start_date <= today <= m.end_date]
    candidates = running or movements
    return candidates[0] if candidates else None


def areas_for_unit(unit: Unit) -> list[ContentArea]:
    """The content areas an author of the unit chooses from: those of the movements the unit
    takes part in, movement by movement (latest first), in the plan's order."""
    movements = movements_for_unit(unit)
    if not movements:
        return []
    rank = {m.pk: index for index, m in enumerate(movements)}
    areas = list(ContentArea.objects.filter(movement__in=movements).select_related("movement"))
    return sorted(areas, key=lambda a: (rank[a.movement_id], a.kind, a.order, a.pk))


PICKER_LIMIT = 20


def people_for_authors(query: str, *, limit: int = PICKER_LIMIT) -> list[Person]:
    """Active people of the whole organisation whose name or staff code starts with the typed
    words (a co-author may work in any unit): one query; an empty query finds nobody."""
    tokens = search_tokens(query)[:MAX_SEARCH_WORDS]
    if not tokens:
        return []
    people = Person.objects.filter(is_active=True)
    for token in tokens:
        people = people.filter(search_text__contains=" " + token)
    return list(people.select_related("unit").order_by("sort_name", "staff_code")[:limit])


def people_for_main_author(user: AnyUser, query: str, *, limit: int = PICKER_LIMIT) -> list[Person]:
    """Active people an officer may submit for (SUBMIT_INITIATIVE_FOR_OTHERS at their unit)."""
    tokens = search_tokens(query)[:MAX_SEARCH_WORDS]
    if not tokens:
        return []
    people = Person.objects.filter(
        scope_q(user, Perm.SUBMIT_INITIATIVE_FOR_OTHERS, "unit__path"), is_active=True
    )
    for token in tokens:
        people = people.filter(search_text__contains=" " + token)
    return list(people.select_related("unit").order_by("sort_name", "staff_code")[:limit])


def people_by_id(ids: Sequence[int]) -> dict[int, Person]:
    """The people of an authors list, with their unit and account (one query)."""
    return {p.pk: p for p in Person.objects.filter(pk__in=set(ids)).select_related("unit", "user")}
