"""Reads about cụm, khối thi đua: a cluster is visible when one of its member units is."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from thidua.accounts.roles import Perm
from thidua.organizations import tree
from thidua.organizations.enums import SUB_UNIT_KINDS, UnitKind
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.scoping import AnyUser, scope_q
from thidua.organizations.selectors.units import people_counts_for, units_visible_to


def current_year() -> int:
    return timezone.localdate().year


def clusters_visible_to(user: AnyUser, perm: Perm = Perm.VIEW_CLUSTER) -> QuerySet[Cluster]:
    """Clusters with at least one member unit that a grant giving `perm` reaches."""
    members_in_scope = ClusterMember.objects.filter(cluster=OuterRef("pk")).filter(
        scope_q(user, perm, "unit__path")
    )
    return Cluster.objects.filter(Exists(members_in_scope))


def clusters_of_year(user: AnyUser, year: int) -> list[Cluster]:
    """The visible clusters of `year` by code, each with `member_count`, head and deputy
    (one query)."""
    return list(
        clusters_visible_to(user)
        .filter(year=year)
        .select_related("head_unit", "deputy_unit")
        .annotate(member_count=Count("members"))
        .order_by("code")
    )


def cluster_member_rows(user: AnyUser, year: int) -> QuerySet[ClusterMember]:
    """The members of the visible clusters of `year`, for the list's Excel export: by cluster
    code, then in rotation order, with cluster, head, deputy and unit (one query)."""
    return (
        ClusterMember.objects.filter(cluster__in=clusters_visible_to(user).filter(year=year))
        .select_related("cluster__head_unit", "cluster__deputy_unit", "unit")
        .order_by("cluster__code", "cluster_id", "pk")
    )


def cluster_years(user: AnyUser) -> list[int]:
    """Years with a visible cluster, the current year and the next, newest first."""
    years = set(clusters_visible_to(user).values_list("year", flat=True).distinct())
    this_year = current_year()
    years |= {this_year, this_year + 1}
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class MemberRow:
    unit: Unit
    people_count: int
    is_head: bool
    is_deputy: bool


def cluster_members(cluster: Cluster) -> list[MemberRow]:
    """The members in rotation order, with the active people of each subtree (two queries)."""
    units = [
        m.unit
        for m in ClusterMember.objects.filter(cluster=cluster).select_related("unit").order_by("pk")
    ]
    counts = people_counts_for(units)
    return [
        MemberRow(
            unit=unit,
            people_count=counts.get(unit.pk, 0),
            is_head=unit.pk == cluster.head_unit_id,
            is_deputy=unit.pk == cluster.deputy_unit_id,
        )
        for unit in units
    ]


def clusters_for_copy(user: AnyUser, year: int) -> list[tuple[Cluster, list[Unit]]]:
    """The visible clusters of `year`, each with its member units in rotation order (two
    queries)."""
    clusters = (
        clusters_visible_to(user)
        .filter(year=year)
        .select_related("head_unit", "deputy_unit")
        .prefetch_related("members__unit")
        .order_by("code")
    )
    return [
        (cluster, [m.unit for m in sorted(cluster.members.all(), key=lambda m: m.pk)])
        for cluster in clusters
    ]


def cluster_member_ids(cluster: Cluster) -> list[int]:
    return list(
        ClusterMember.objects.filter(cluster=cluster)
        .order_by("pk")
        .values_list("unit_id", flat=True)
    )


def cluster_of_unit(unit: Unit, year: int) -> ClusterMember | None:
    """The membership (with its cluster, head and deputy) of `unit` in `year` — or, for a
    khoa/phòng, that of the nearest ancestor unit that belongs to a cluster."""
    return (
        ClusterMember.objects.filter(year=year, unit_id__in=tree.ancestor_ids(unit.path))
        .select_related("unit", "cluster__head_unit", "cluster__deputy_unit")
        .order_by("-unit__depth")
        .first()
    )


def cluster_candidate_units(user: AnyUser) -> QuerySet[Unit]:
    """Units the user may put in a cluster: active units of the Sở (not the Sở itself nor a
    khoa/phòng/trạm) within their MANAGE_CLUSTERS scope, by kind then name."""
    return (
        units_visible_to(user, Perm.MANAGE_CLUSTERS)
        .filter(is_active=True)
        .exclude(kind__in=[*SUB_UNIT_KINDS, UnitKind.DEPARTMENT])
        .order_by("kind", "sort_order", "name_folded")
    )
