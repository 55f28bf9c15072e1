"""Writes about cụm, khối thi đua (clusters): create, update, copy a year to the next.

A cluster belongs to one year. Its members are units of the Sở (not khoa/phòng, not the Sở
itself), each in at most one cluster per year; its head (Trưởng cụm) and deputy (Phó cụm) are
members. Members keep the order in which they joined the cluster: that order is the order of
the yearly rotation of the head and deputy (see `rotate_leadership`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.organizations.enums import SUB_UNIT_KINDS, UnitKind
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.scoping import can
from thidua.organizations.services.units import UNIT_CODE_PATTERN

MIN_YEAR = 2000
MAX_YEAR = 2100


@dataclass(frozen=True, kw_only=True)
class ClusterData:
    """What a form or an API call says about a cluster. `members` in rotation order."""

    code: str
    name: str
    members: Sequence[Unit]
    description: str = ""
    head_unit: Unit | None = None
    deputy_unit: Unit | None = None


def check_year(year: int, *, field: str = "year") -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(f"Năm phải trong khoảng {MIN_YEAR}–{MAX_YEAR}.", field=field)
    return year


def check_cluster_code(code: str) -> str:
    """Normalise a cluster code (upper case, no spaces) or refuse it."""
    normalised = code.strip().upper()
    if not UNIT_CODE_PATTERN.match(normalised):
        raise DomainError(
            "Mã cụm, khối chỉ gồm chữ in hoa không dấu, chữ số, dấu gạch ngang, gạch dưới hoặc "
            "dấu chấm, tối đa 32 ký tự (ví dụ: KHOI_BVDK).",
            field="code",
        )
    return normalised


def is_cluster_eligible(unit: Unit) -> bool:
    """Units of the Sở may join a cluster; the Sở itself and khoa/phòng/trạm may not."""
    return unit.kind not in SUB_UNIT_KINDS and unit.kind != UnitKind.DEPARTMENT


def common_ancestor_path(paths: Iterable[str]) -> str:
    """The deepest path every given path lies under ("" for none): where a cluster's audit
    entries sit, so that whoever sees all its members sees its history."""
    split = [p.strip("/").split("/") for p in paths if p]
    if not split:
        return ""
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if any(part != parts[0] for part in parts):
            break
        common.append(parts[0])
    return "/" + "/".join(common) + "/" if common else ""


def _check_data(data: ClusterData, *, year: int, exclude_cluster: Cluster | None) -> ClusterData:
    code = check_cluster_code(data.code)
    name = " ".join(data.name.split())
    if not name:
        raise DomainError("Tên cụm, khối không được để trống.", field="name")
    if len(name) > 255:
        raise DomainError("Tên cụm, khối dài quá 255 ký tự.", field="name")
    clash = Cluster.objects.filter(year=year, code=code)
    if exclude_cluster is not None:
        clash = clash.exclude(pk=exclude_cluster.pk)
    if clash.exists():
        raise DomainError(f"Năm {year} đã có cụm, khối mã “{code}”.", field="code")

    members = list(dict.fromkeys(data.members))  # drop repeats, keep the order
    if not members:
        raise DomainError("Cụm, khối phải có ít nhất một đơn vị thành viên.", field="members")
    for unit in members:
        if not is_cluster_eligible(unit):
            raise DomainError(
                f"“{unit.name}” là {unit.get_kind_display().lower()}, không thể là thành viên "
                "cụm, khối thi đua (chỉ các đơn vị trực thuộc Sở).",
                field="members",
            )
        if not unit.is_active:
            raise DomainError(f"“{unit.name}” đã ngừng hoạt động.", field="members")
    taken = (
        ClusterMember.objects.filter(year=year, unit__in=members)
        .select_related("unit", "cluster")
        .order_by("unit__name")
    )
    if exclude_cluster is not None:
        taken = taken.exclude(cluster=exclude_cluster)
    for other in taken[:1]:
        raise DomainError(
            f"Đơn vị “{other.unit.name}” đã thuộc “{other.cluster.name}” năm {year}; "
            "mỗi đơn vị chỉ thuộc một cụm, khối trong một năm.",
            field="members",
        )
    member_ids = {unit.pk for unit in members}
    if data.head_unit is not None and data.head_unit.pk not in member_ids:
        raise DomainError("Đơn vị Trưởng cụm, khối phải là thành viên.", field="head_unit")
    if data.deputy_unit is not None and data.deputy_unit.pk not in member_ids:
        raise DomainError("Đơn vị Phó cụm, khối phải là thành viên.", field="deputy_unit")
    if (
        data.head_unit is not None
        and data.deputy_unit is not None
        and data.head_unit.pk == data.deputy_unit.pk
    ):
        raise DomainError(
            "Đơn vị Phó cụm, khối phải khác đơn vị Trưởng cụm, khối.", field="deputy_unit"
        )
    return ClusterData(
        code=code,
        name=name,
        members=members,
        description=data.description.strip(),
        head_unit=data.head_unit,
        deputy_unit=data.deputy_unit,
    )


def _require_manage(by: User, units: Iterable[Unit]) -> None:
    for unit in units:
        if not can(by, Perm.MANAGE_CLUSTERS, unit.path):
            raise PermissionDeniedError(
                f"Bạn không có quyền quản lý cụm, khối thi đua có đơn vị “{unit.name}”."
            )


def _summary(cluster: Cluster, member_ids: Sequence[int]) -> dict[str, object]:
    return {
        "code": cluster.code,
        "name": cluster.name,
        "description": cluster.description,
        "head_unit": cluster.head_unit_id,
        "deputy_unit": cluster.deputy_unit_id,
        "members": list(member_ids),
    }


@transaction.atomic
def create_cluster(*, by: User, year: int, data: ClusterData, reason: str = "") -> Cluster:
    """Create the cluster of `year` with its members in the given (rotation) order.

    Refuses: a caller without MANAGE_CLUSTERS on every member unit, a year outside 2000–2100, a
    malformed code or one taken that year, an empty name, no members, a member that is the Sở, a
    khoa/phòng/trạm or inactive, a unit already in another cluster that year (the message names
    the unit and the cluster), a head or deputy that is not a member, the same head and deputy.
    """
    check_year(year)
    data = _check_data(data, year=year, exclude_cluster=None)
    _require_manage(by, data.members)
    cluster = Cluster.objects.create(
        year=year,
        code=data.code,
        name=data.name,
        description=data.description,
        head_unit=data.head_unit,
        deputy_unit=data.deputy_unit,
    )
    ClusterMember.objects.bulk_create(
        ClusterMember(cluster=cluster, unit=unit, year=year) for unit in data.members
    )
    after = _summary(cluster, [unit.pk for unit in data.members])
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=cluster,
        unit_path=common_ancestor_path(unit.path for unit in data.members),
        changes={key: [None, value] for key, value in after.items() if value not in ("", None)},
        reason=reason,
    )
    return cluster


@transaction.atomic
def update_cluster(cluster: Cluster, *, by: User, data: ClusterData, reason: str = "") -> Cluster:
    """Change a cluster's code, name, description, members, head and deputy (not its year).

    Members that stay keep their place in the rotation order; new members join at the end in
    the given order. Refuses what `create_cluster` refuses, and a caller without MANAGE_CLUSTERS
    on every current member (removing a unit is managing it too).
    """
    current = list(
        ClusterMember.objects.filter(cluster=cluster).select_related("unit").order_by("pk")
    )
    _require_manage(by, [m.unit for m in current])
    data = _check_data(data, year=cluster.year, exclude_cluster=cluster)
    _require_manage(by, data.members)
    before = _summary(cluster, [m.unit_id for m in current])

    wanted = {unit.pk for unit in data.members}
    kept = {m.unit_id for m in current if m.unit_id in wanted}
    ClusterMember.objects.filter(cluster=cluster).exclude(unit_id__in=wanted).delete()
    ClusterMember.objects.bulk_create(
        ClusterMember(cluster=cluster, unit=unit, year=cluster.year)
        for unit in data.members
        if unit.pk not in kept
    )
    cluster.code, cluster.name, cluster.description = data.code, data.name, data.description
    cluster.head_unit, cluster.deputy_unit = data.head_unit, data.deputy_unit
    cluster.save()

    member_ids = list(
        ClusterMember.objects.filter(cluster=cluster)
        .order_by("pk")
        .values_list("unit_id", flat=True)
    )
    after = _summary(cluster, member_ids)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=cluster,
            unit_path=common_ancestor_path(
                [m.unit.path for m in current] + [unit.path for unit in data.members]
            ),
            changes=changes,
            reason=reason,
        )
    return cluster


def rotate_leadership(
    member_ids: Sequence[int],
    head_id: int | None,
    *,
    staying: frozenset[int] | None = None,
) -> tuple[int | None, int | None]:
    """The next year's (head, deputy) among `member_ids` (in rotation order).

    Rule: the head passes to the member that follows the current head in the order, going
    round from the last to the first; the deputy is the member after the new head. So with
    members A, B, C, D and head A (deputy B) this year, next year's head is B and deputy C;
    after D comes A again. Without a current head (or when it left), the first member leads.
    Only members in `staying` (default: all) can take a role: leavers are skipped in the same
    order. One member left → it is head with no deputy; none → neither.
    """
    stay = frozenset(member_ids) if staying is None else staying
    remaining = [m for m in member_ids if m in stay]
    if not remaining:
        return None, None
    if head_id is not None and head_id in member_ids:
        start = list(member_ids).index(head_id) + 1
        ring = [*member_ids[start:], *member_ids[:start]]
        new_head = next(m for m in ring if m in stay)
    else:
        new_head = remaining[0]
    if len(remaining) == 1:
        return new_head, None
    position = remaining.index(new_head)
    return new_head, remaining[(position + 1) % len(remaining)]


@dataclass(frozen=True)
class CopiedCluster:
    source: Cluster
    copy: Cluster
    dropped_units: list[Unit]


@transaction.atomic
def copy_clusters_to_year(
    *, by: User, from_year: int, to_year: int, reason: str = ""
) -> list[CopiedCluster]:
    """Copy every cluster of `from_year` to `to_year`, rotating the head and deputy.

    Each copy keeps the code, name, description and members (in order) of its source; units
    that have since stopped working or can no longer be members are left out. Head and deputy
    move on one place per year between the two years by the rule of `rotate_leadership` (head
    to the next member, deputy to the one after).

    Refuses: a caller without MANAGE_CLUSTERS on every member unit, `to_year` not after
    `from_year`, a year outside 2000–2100, `from_year` without clusters, and `to_year` that
    already has clusters (nothing is overwritten). All or nothing.
    """
    check_year(from_year, field="from_year")
    check_year(to_year, field="to_year")
    if to_year <= from_year:
        raise DomainError("Năm đích phải sau năm nguồn.", field="to_year")
    sources = list(
        Cluster.objects.filter(year=from_year).order_by("code").prefetch_related("members__unit")
    )
    if not sources:
        raise DomainError(f"Năm {from_year} chưa có cụm, khối thi đua nào.", field="from_year")
    existing = Cluster.objects.filter(year=to_year).count()
    if existing:
        raise DomainError(
            f"Năm {to_year} đã có {existing} cụm, khối thi đua; không sao chép đè lên.",
            field="to_year",
        )
    steps = to_year - from_year
    copied: list[CopiedCluster] = []
    new_members: list[ClusterMember] = []
    for source in sources:
        members = sorted(source.members.all(), key=lambda m: m.pk)
        units = [m.unit for m in members]
        _require_manage(by, units)
        staying = [u for u in units if u.is_active and is_cluster_eligible(u)]
        staying_ids = frozenset(u.pk for u in staying)
        order = [u.pk for u in units]
        head_id, deputy_id = source.head_unit_id, source.deputy_unit_id
        for step in range(steps):
            head_id, deputy_id = rotate_leadership(
                order, head_id, staying=staying_ids if step == 0 else None
            )
            order = [pk for pk in order if pk in staying_ids]
        copy = Cluster.objects.create(
            year=to_year,
            code=source.code,
            name=source.name,
            description=source.description,
            head_unit_id=head_id,
            deputy_unit_id=deputy_id,
        )
        new_members.extend(ClusterMember(cluster=copy, unit=u, year=to_year) for u in staying)
        copied.append(
            CopiedCluster(
                source=source,
                copy=copy,
                dropped_units=[u for u in units if u.pk not in staying_ids],
            )
        )
        record_audit(
            actor=by,
            action=AuditAction.CREATE,
            target=copy,
            unit_path=common_ancestor_path(u.path for u in units),
            changes={
                "copied_from": [None, source.pk],
                "head_unit": [source.head_unit_id, head_id],
                "deputy_unit": [source.deputy_unit_id, deputy_id],
                "members": [None, [u.pk for u in staying]],
            },
            reason=reason or f"Sao chép từ năm {from_year}",
        )
    # One insert for all members: the unique (year, unit) index is checked here too.
    ClusterMember.objects.bulk_create(new_members)
    return copied
