"""Pledges of clusters and the clusters they are recorded for."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from thidua.accounts.roles import Perm
from thidua.movements.models import Movement, Pledge, PledgeSignatory
from thidua.movements.selectors.registrations.participants import movement_years
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.scoping import AnyUser, scope_q


def pledges_visible_to(user: AnyUser) -> QuerySet[Pledge]:
    """Pledges of clusters with a member unit in the user's VIEW_MOVEMENT scope (the members
    and the department above them)."""
    members_in_scope = ClusterMember.objects.filter(cluster=OuterRef("cluster_id")).filter(
        scope_q(user, Perm.VIEW_MOVEMENT, "unit__path")
    )
    return Pledge.objects.filter(Exists(members_in_scope))


def pledges_of_movement(user: AnyUser, movement: Movement, year: int | None = None) -> list[Pledge]:
    pledges = pledges_visible_to(user).filter(movement=movement)
    if year is not None:
        pledges = pledges.filter(cluster__year=year)
    return list(pledges.select_related("cluster").order_by("-cluster__year", "cluster__code"))


def pledges_for_export(user: AnyUser, movement: Movement, year: int | None) -> QuerySet[Pledge]:
    """The pledges of the list page (same scope, year and order), each with its cluster and its
    signatories with their units in signing order, for the Excel export (two queries a chunk)."""
    pledges = pledges_visible_to(user).filter(movement=movement)
    if year is not None:
        pledges = pledges.filter(cluster__year=year)
    return (
        pledges.select_related("cluster")
        .prefetch_related(
            Prefetch(
                "signatories",
                queryset=PledgeSignatory.objects.select_related("unit").order_by("pk"),
            )
        )
        .order_by("-cluster__year", "cluster__code")
    )


def pledge_signatories(pledge: Pledge) -> list[PledgeSignatory]:
    return list(PledgeSignatory.objects.filter(pledge=pledge).select_related("unit").order_by("pk"))


def clusters_for_pledge(user: AnyUser, movement: Movement) -> list[Cluster]:
    """Clusters of the movement's years that have no pledge in it yet, with a member the user
    sees (one query)."""
    years = movement_years(movement)
    members_in_scope = ClusterMember.objects.filter(cluster=OuterRef("pk")).filter(
        scope_q(user, Perm.VIEW_MOVEMENT, "unit__path")
    )
    return list(
        Cluster.objects.filter(Exists(members_in_scope), year__in=years)
        .exclude(pledges__movement=movement)
        .order_by("-year", "code")
    )


def clusters_in_scope(user: AnyUser) -> QuerySet[Cluster]:
    """Clusters with a member unit in the user's VIEW_MOVEMENT scope."""
    members_in_scope = ClusterMember.objects.filter(cluster=OuterRef("pk")).filter(
        scope_q(user, Perm.VIEW_MOVEMENT, "unit__path")
    )
    return Cluster.objects.filter(Exists(members_in_scope))


def clusters_of_year(user: AnyUser, year: int) -> list[Cluster]:
    """The year's clusters with a member unit in the user's VIEW_MOVEMENT scope, by code (one
    query)."""
    return list(clusters_in_scope(user).filter(year=year).order_by("code"))


def cluster_member_units(cluster: Cluster) -> list[Unit]:
    """The cluster's member units in rotation order (one query)."""
    return [
        member.unit
        for member in ClusterMember.objects.filter(cluster=cluster)
        .select_related("unit")
        .order_by("pk")
    ]
