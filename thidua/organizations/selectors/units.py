"""Reads of the unit tree, always scoped to what the user may see."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet

from thidua.accounts.roles import Perm, grants_allowing
from thidua.core.text import search_tokens
from thidua.organizations import tree
from thidua.organizations.enums import SUB_UNIT_KINDS
from thidua.organizations.models import Person, RoleAssignment, Unit
from thidua.organizations.scoping import AnyUser, grants_for, scope_q, subtree_q


def units_visible_to(user: AnyUser, perm: Perm = Perm.VIEW_UNIT) -> QuerySet[Unit]:
    """Units a grant giving `perm` reaches (the union of the user's assignments)."""
    return Unit.objects.filter(scope_q(user, perm, "path"))


def scope_roots(user: AnyUser, perm: Perm = Perm.VIEW_UNIT) -> list[Unit]:
    """The topmost visible units: where the tree starts for this user.

    A grant on a unit inside another granted subtree is not a separate root.
    """
    paths = sorted({g.unit_path for g in grants_allowing(grants_for(user), perm)})
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return list(Unit.objects.filter(path__in=roots).select_related("head").order_by("path"))


@dataclass(frozen=True)
class UnitNode:
    unit: Unit
    child_count: int
    people_count: int  # everyone in the unit and its subtree


def child_nodes(user: AnyUser, parent: Unit) -> list[UnitNode]:
    """The visible children of `parent`, each with its number of children and of people in its
    subtree. Two queries whatever the number of children."""
    children = list(
        units_visible_to(user)
        .filter(parent=parent)
        .select_related("head")
        .annotate(child_count=Count("children", distinct=True))
        .order_by("sort_order", "name_folded", "pk")
    )
    counts = subtree_people_counts(parent)
    return [
        UnitNode(unit=c, child_count=c.child_count, people_count=counts.get(c.path, 0))
        for c in children
    ]


def root_nodes(user: AnyUser) -> list[UnitNode]:
    """The user's scope roots as tree nodes (three queries whatever the number of roots)."""
    roots = scope_roots(user)
    children = child_counts_for(roots)
    people = people_counts_for(roots)
    return [
        UnitNode(unit=r, child_count=children.get(r.pk, 0), people_count=people.get(r.pk, 0))
        for r in roots
    ]


def child_counts_for(units: Sequence[Unit]) -> dict[int, int]:
    """Number of direct children of each unit, by unit id (one query)."""
    if not units:
        return {}
    rows = (
        Unit.objects.filter(parent__in=[u.pk for u in units])
        .values("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    return dict(rows)


def people_counts_for(units: Sequence[Unit]) -> dict[int, int]:
    """Active people in the subtree of each unit, by unit id (one query).

    People are counted per unit path in the database and summed up each subtree here, so
    units nested in one another are each counted right.
    """
    if not units:
        return {}
    prefixes = {u.path for u in units}
    # Only the topmost prefixes go to the database: the rest are inside them.
    top = [p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes)]
    condition = reduce(or_, (subtree_q("unit__path", p) for p in top))
    per_path = (
        Person.objects.filter(condition, is_active=True)
        .values("unit__path")
        .annotate(n=Count("id"))
        .values_list("unit__path", "n")
    )
    totals: dict[int, int] = {u.pk: 0 for u in units}
    for path, n in per_path:
        for part in tree.ancestor_ids(path):
            if part in totals:
                totals[part] += n
    return totals


def subtree_people_counts(parent: Unit) -> dict[str, int]:
    """Active people per child subtree of `parent`, keyed by the child's path (one query)."""
    per_unit = (
        Person.objects.filter(subtree_q("unit__path", parent.path), is_active=True)
        .values("unit__path")
        .annotate(n=Count("id"))
    )
    totals: dict[str, int] = defaultdict(int)
    prefix_len = len(parent.path)
    for row in per_unit:
        path: str = row["unit__path"]
        if path == parent.path:
            continue
        child_segment = path[prefix_len:].split("/", 1)[0]
        totals[f"{parent.path}{child_segment}/"] += row["n"]
    return dict(totals)


def people_count_in_subtree(unit: Unit) -> int:
    return Person.objects.filter(subtree_q("unit__path", unit.path), is_active=True).count()


@dataclass(frozen=True)
class PeopleCounts:
    subtree: int  # active people in the unit and every unit below it
    direct: int  # active people attached to the unit itself


def people_counts_of(unit: Unit) -> PeopleCounts:
    """Active people of a unit, in its subtree and directly (one query)."""
    counts = Person.objects.filter(subtree_q("unit__path", unit.path), is_active=True).aggregate(
        subtree=Count("id"), direct=Count("id", filter=Q(unit_id=unit.pk))
    )
    return PeopleCounts(subtree=counts["subtree"], direct=counts["direct"])


def ancestors_of(unit: Unit) -> list[Unit]:
    """The chain from the root down to the unit's parent, for breadcrumbs (one query)."""
    ids = [int(p) for p in unit.path.strip("/").split("/")[:-1]]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class UnitMatch:
    unit: Unit
    ancestors: list[Unit]  # root first, for the breadcrumb of a search result


UNIT_SEARCH_LIMIT = 50


def unit_search_q(query: str) -> Q | None:
    """The filter of a unit search (see `search_units`); None when the query has no word."""
    tokens = search_tokens(query)[:8]
    if not tokens:
        return None
    condition = Q()
    for token in tokens:
        condition &= Q(name_folded__startswith=token) | Q(name_folded__contains=" " + token)
    code = query.strip().upper()
    if code and " " not in code:
        condition |= Q(code__startswith=code)
    return condition


def search_units(
    user: AnyUser,
    query: str,
    *,
    perm: Perm = Perm.VIEW_UNIT,
    limit: int = UNIT_SEARCH_LIMIT,
    active_only: bool = False,
) -> list[UnitMatch]:
    """Visible units whose name (ignoring case and diacritics) has a word starting with every
    typed word, or whose code starts with the query; each with its ancestors (two queries).

    "duc giang" finds "Bệnh viện Đa khoa Đức Giang". Active units first, then by depth and name.
    """
    condition = unit_search_q(query)
    if condition is None:
        return []
    candidates = units_visible_to(user, perm).filter(condition)
    if active_only:
        candidates = candidates.filter(is_active=True)
    units = list(candidates.order_by("-is_active", "depth", "name_folded", "pk")[:limit])
    ancestor_ids = {i for u in units for i in tree.ancestor_ids(u.path)[:-1]}
    by_id = Unit.objects.in_bulk(ancestor_ids) if ancestor_ids else {}
    return [
        UnitMatch(
            unit=u,
            ancestors=[by_id[i] for i in tree.ancestor_ids(u.path)[:-1] if i in by_id],
        )
        for u in units
    ]


def units_for_export(user: AnyUser, query: str = "") -> QuerySet[Unit]:
    """The units of the tree page, for its Excel export: every visible unit, parents before
    children (by path); with a query, every unit the search finds (no page limit), in the
    search's order. Parent and head (with the head's unit) come along."""
    units = units_visible_to(user).select_related("parent", "head__unit")
    if not query.strip():
        return units.order_by("path")
    condition = unit_search_q(query)
    if condition is None:  # only punctuation: the page finds nothing either
        return units.none()
    return units.filter(condition).order_by("-is_active", "depth", "name_folded", "pk")


def subtree_people_totals(user: AnyUser) -> dict[int, int]:
    """Active people in the subtree of every unit the user sees, by unit id (one query).

    The same figure as the tree's nodes: the whole subtree counts, also below a unit seen
    without its subtree.
    """
    paths = sorted({g.unit_path for g in grants_allowing(grants_for(user), Perm.VIEW_UNIT)})
    tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    if not tops:
        return {}
    condition = reduce(or_, (subtree_q("unit__path", p) for p in tops))
    per_path = (
        Person.objects.filter(condition, is_active=True)
        .values("unit__path")
        .annotate(n=Count("id"))
        .values_list("unit__path", "n")
    )
    totals: dict[int, int] = defaultdict(int)
    for path, n in per_path:
        for part in tree.ancestor_ids(path):
            totals[part] += n
    return dict(totals)


@dataclass(frozen=True)
class UnitChoices:
    """Units for a picker: all of them in tree order when few, else none (`too_many`): the
    page then offers a search field instead of a long list."""

    units: list[tuple[Unit, int]]  # (unit, indent level below the topmost listed unit)
    too_many: bool


def unit_choices(
    user: AnyUser, *, perm: Perm = Perm.VIEW_UNIT, limit: int = 300, active_only: bool = True
) -> UnitChoices:
    """The units a grant giving `perm` reaches, in tree order, if there are at most `limit`
    (one query)."""
    units_qs = units_visible_to(user, perm)
    if active_only:
        units_qs = units_qs.filter(is_active=True)
    # Probing for a unit past the limit reads one index entry, not `limit` whole units.
    if units_qs.order_by().values("pk")[limit : limit + 1].exists():
        return UnitChoices(units=[], too_many=True)
    fields = ("id", "name", "code", "path", "depth", "sort_order", "name_folded", "is_active")
    units = list(units_qs.only(*fields).order_by("path"))
    by_id = {u.pk: u for u in units}

    def key(unit: Unit) -> list[tuple[int, str, int]]:
        return [
            (by_id[i].sort_order, by_id[i].name_folded, i)
            for i in tree.ancestor_ids(unit.path)
            if i in by_id
        ]

    ordered = sorted(units, key=key)
    top_depth = min((u.depth for u in ordered), default=0)
    return UnitChoices(units=[(u, u.depth - top_depth) for u in ordered], too_many=False)


def unit_label(unit: Unit) -> str:
    return f"{unit.name} ({unit.code})"


@dataclass(frozen=True)
class ScopeFigures:
    units: int  # units of the Sở in scope (not khoa/phòng)
    sub_units: int  # khoa, phòng, trạm in scope
    people: int | None  # active people in scope; None without VIEW_PERSON


def scope_figures(user: AnyUser) -> ScopeFigures:
    """Counts for the home page, in the user's scope (two queries)."""
    counts = units_visible_to(user).aggregate(
        units=Count("id", filter=~Q(kind__in=SUB_UNIT_KINDS)),
        sub_units=Count("id", filter=Q(kind__in=SUB_UNIT_KINDS)),
    )
    people: int | None = None
    if grants_allowing(grants_for(user), Perm.VIEW_PERSON):
        people = Person.objects.filter(
            scope_q(user, Perm.VIEW_PERSON, "unit__path"), is_active=True
        ).count()
    return ScopeFigures(units=counts["units"], sub_units=counts["sub_units"], people=people)


def role_assignments_of(user: AnyUser) -> list[RoleAssignment]:
    """The user's own role assignments with their units (one query)."""
    if not user.is_authenticated:
        return []
    return list(
        RoleAssignment.objects.filter(user_id=user.pk)
        .select_related("unit")
        .order_by("unit__depth", "role", "unit__name_folded")
    )
