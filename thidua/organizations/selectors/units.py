"""Reads of the unit tree, always scoped to what the user may see."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from thidua.accounts.roles import Perm, grants_allowing
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import AnyUser, grants_for, scope_q


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
    subtree. Three queries whatever the number of children."""
    children = list(
        units_visible_to(user)
        .filter(parent=parent)
        .select_related("head")
        .annotate(child_count=Count("children", distinct=True))
        .order_by("sort_order", "name")
    )
    counts = subtree_people_counts(parent)
    return [
        UnitNode(unit=c, child_count=c.child_count, people_count=counts.get(c.path, 0))
        for c in children
    ]


def subtree_people_counts(parent: Unit) -> dict[str, int]:
    """Active people per child subtree of `parent`, keyed by the child's path (one query)."""
    per_unit = (
        Person.objects.filter(unit__path__startswith=parent.path, is_active=True)
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
    return Person.objects.filter(unit__path__startswith=unit.path, is_active=True).count()


def ancestors_of(unit: Unit) -> list[Unit]:
    """The chain from the root down to the unit's parent, for breadcrumbs (one query)."""
    ids = [int(p) for p in unit.path.strip("/").split("/")[:-1]]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]
