"""Who takes part in a movement, its years, and the movements a person registers in."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.accounts.roles import Perm
from thidua.core.prepared import prepared
from thidua.core.text import search_tokens
from thidua.movements.models import Movement, MovementScope
from thidua.organizations.enums import SUB_UNIT_KINDS, UnitKind
from thidua.organizations.models import Cluster, ClusterMember, Person, Unit
from thidua.organizations.scoping import AnyUser, scope_q, subtree_q


def today() -> dt.date:
    return timezone.localdate()


def movement_years(movement: Movement) -> list[int]:
    """The years the movement runs through, oldest first."""
    return list(range(movement.start_date.year, movement.end_date.year + 1))


def default_year(movement: Movement) -> int:
    """This year, clamped into the movement's years."""
    years = movement_years(movement)
    return min(max(today().year, years[0]), years[-1])


# -- Who takes part ----------------------------------------------------------------------------


def participants_q(movement: Movement) -> Q:
    """Units taking part in the movement (one query for its scope rows), sub-units included."""
    scopes = list(movement.scope.select_related("unit"))
    if scopes:
        condition = Q(pk__in=[])
        for scope in scopes:
            if scope.include_subtree:
                condition |= subtree_q("path", scope.unit.path)
            else:
                condition |= Q(pk=scope.unit_id)
    else:
        condition = subtree_q("path", movement.owner.path)
    return condition & Q(is_active=True) & ~Q(pk=movement.owner_id) & ~Q(kind=UnitKind.DEPARTMENT)


def takes_part(movement: Movement, unit: Unit) -> bool:
    """Whether `unit` (a sub-unit included) is one of `participant_units(movement,
    include_sub_units=True)`, judged on the unit's row: what `participants_q` says, with the
    movement's scope rows read by a prepared query (`core.prepared`)."""
    if not unit.is_active or unit.pk == movement.owner_id or unit.kind == UnitKind.DEPARTMENT:
        return False
    scopes = _scope_rows.rows(movement.pk)
    if not scopes:
        return unit.path.startswith(movement.owner.path)
    return any(
        unit.path.startswith(path) if include_subtree else unit.pk == unit_id
        for unit_id, path, include_subtree in scopes
    )


@prepared(int)
def _scope_rows(movement: int) -> QuerySet[Any]:
    return MovementScope.objects.filter(movement_id=movement).values_list(
        "unit_id", "unit__path", "include_subtree"
    )


def participant_units(movement: Movement, *, include_sub_units: bool = False) -> QuerySet[Unit]:
    units = Unit.objects.filter(participants_q(movement))
    if not include_sub_units:
        units = units.exclude(kind__in=SUB_UNIT_KINDS)
    return units


def is_participant(movement: Movement, unit: Unit) -> bool:
    return participant_units(movement, include_sub_units=True).filter(pk=unit.pk).exists()


def tree_ordered(units: Iterable[Unit]) -> list[Unit]:
    """Units in tree order: each unit after its listed ancestors, siblings by their order and
    name (not by id, which is the order they were created in)."""
    listed = list(units)
    by_id = {unit.pk: unit for unit in listed}

    def key(unit: Unit) -> list[tuple[int, str, int]]:
        chain = [int(part) for part in unit.path.strip("/").split("/")]
        return [(by_id[pk].sort_order, by_id[pk].name_folded, pk) for pk in chain if pk in by_id]

    return sorted(listed, key=key)


def units_taking_part(
    user: AnyUser,
    movement: Movement,
    *,
    include_sub_units: bool = False,
    unit: Unit | None = None,
    cluster: Cluster | None = None,
    query: str = "",
) -> list[Unit]:
    """Participating units the user may see (VIEW_MOVEMENT scope), in tree order; only `unit`
    and its subtree when given; only the members of `cluster` when given (with their khoa/phòng
    if `include_sub_units`: one more query); with `query`, each word starts a word of the name
    or is in the code (case and diacritics aside)."""
    units = participant_units(movement, include_sub_units=include_sub_units).filter(
        scope_q(user, Perm.VIEW_MOVEMENT, "path")
    )
    if unit is not None:
        units = units.filter(subtree_q("path", unit.path))
    if cluster is not None:
        units = units.filter(_members_q(cluster, with_sub_units=include_sub_units))
    for token in search_tokens(query)[:6]:
        units = units.filter(
            Q(name_folded__startswith=token)
            | Q(name_folded__contains=" " + token)
            | Q(code__icontains=token)
        )
    return tree_ordered(
        units.only("id", "code", "name", "kind", "path", "sort_order", "name_folded")
    )


def _members_q(cluster: Cluster, *, with_sub_units: bool) -> Q:
    if not with_sub_units:
        return Q(cluster_memberships__cluster=cluster)
    condition = Q(pk__in=[])
    for path in ClusterMember.objects.filter(cluster=cluster).values_list("unit__path", flat=True):
        condition |= subtree_q("path", path)
    return condition


def movements_of_person(person: Person) -> QuerySet[Movement]:
    """Movements the person's unit takes part in (without a VIEW_MOVEMENT grant: a person
    registers by identity)."""
    ids = [
        movement.pk
        for movement in Movement.objects.select_related("owner").prefetch_related("scope__unit")
        if _takes_part(movement, person.unit)
    ]
    return Movement.objects.filter(pk__in=ids).select_related("owner")


def _takes_part(movement: Movement, unit: Unit) -> bool:
    """Participation decided in Python from prefetched scope rows (no query)."""
    if unit.pk == movement.owner_id or unit.kind == UnitKind.DEPARTMENT or not unit.is_active:
        return False
    scopes = list(movement.scope.all())
    if not scopes:
        return unit.path.startswith(movement.owner.path)
    return any(
        unit.path.startswith(scope.unit.path) if scope.include_subtree else unit.pk == scope.unit_id
        for scope in scopes
    )
