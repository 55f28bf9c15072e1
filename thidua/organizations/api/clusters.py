"""API v1 /clusters: cụm, khối thi đua, visible when one of their member units is."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.organizations.api.common import (
    UNSET,
    UnitRef,
    acting_user,
    api_field_names,
    get_in_scope,
    require_anywhere,
)
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.selectors.clusters import clusters_visible_to
from thidua.organizations.selectors.units import units_visible_to
from thidua.organizations.services.clusters import ClusterData, create_cluster, update_cluster

router = Router(tags=["Cụm, khối"])


class ClusterOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của cụm, khối")
    year: int = Field(description="Năm")
    code: str = Field(description="Mã cụm, khối (duy nhất trong năm)")
    name: str = Field(description="Tên cụm, khối")
    description: str = Field(description="Mô tả")
    head_unit: UnitRef | None = Field(description="Đơn vị Trưởng cụm, khối")
    deputy_unit: UnitRef | None = Field(description="Đơn vị Phó cụm, khối")
    members: list[UnitRef] = Field(description="Đơn vị thành viên, theo thứ tự luân phiên")

    @staticmethod
    def resolve_members(obj: Cluster) -> list[Unit]:
        return [member.unit for member in obj.members.all()]


class ClusterFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Năm (bỏ trống: mọi năm)")


class ClusterCreateIn(Schema):
    year: int = Field(ge=2000, le=2100, description="Năm")
    code: str = Field(min_length=1, max_length=32, description="Mã cụm, khối")
    name: str = Field(min_length=1, max_length=255, description="Tên cụm, khối")
    description: str = Field("", max_length=2000, description="Mô tả")
    member_ids: list[int] = Field(
        min_length=1, max_length=500, description="Đơn vị thành viên, theo thứ tự luân phiên"
    )
    head_unit_id: int | None = Field(None, description="Đơn vị Trưởng cụm (là thành viên)")
    deputy_unit_id: int | None = Field(None, description="Đơn vị Phó cụm (là thành viên)")
    reason: str = Field("", max_length=500, description="Ghi chú, lý do (ghi vào nhật ký)")


class ClusterPatchIn(Schema):
    """Only the fields sent are changed. The year of a cluster does not change."""

    code: str = Field(UNSET, min_length=1, max_length=32, description="Mã cụm, khối")
    name: str = Field(UNSET, min_length=1, max_length=255, description="Tên cụm, khối")
    description: str = Field(UNSET, max_length=2000, description="Mô tả")
    member_ids: list[int] = Field(
        UNSET, min_length=1, max_length=500, description="Đơn vị thành viên (thay cả danh sách)"
    )
    head_unit_id: int | None = Field(None, description="Đơn vị Trưởng cụm; null để bỏ")
    deputy_unit_id: int | None = Field(None, description="Đơn vị Phó cụm; null để bỏ")
    reason: str = Field("", max_length=500, description="Lý do thay đổi (ghi vào nhật ký)")


_CLUSTER_FIELDS = {
    "members": "member_ids",
    "head_unit": "head_unit_id",
    "deputy_unit": "deputy_unit_id",
}


def _clusters_with_members(user: User) -> QuerySet[Cluster]:
    members = ClusterMember.objects.select_related("unit").order_by("pk")
    return (
        clusters_visible_to(user)
        .select_related("head_unit", "deputy_unit")
        .prefetch_related(Prefetch("members", queryset=members))
    )


def _units_in_scope(user: User, ids: list[int]) -> list[Unit]:
    """The units with these ids, in this order (repeats dropped); 404 if one is out of scope."""
    wanted = list(dict.fromkeys(ids))
    by_id = units_visible_to(user).in_bulk(wanted)
    if len(by_id) != len(wanted):
        raise Http404
    return [by_id[pk] for pk in wanted]


def _unit_in_scope_or_none(user: User, unit_id: int | None) -> Unit | None:
    return None if unit_id is None else get_in_scope(units_visible_to(user), unit_id)


@router.get(
    "/clusters",
    response=list[ClusterOut],
    summary="Danh sách cụm, khối thi đua trong phạm vi",
)
@paginate(LimitOffsetPagination)
def list_clusters(request: HttpRequest, filters: Query[ClusterFilters]) -> QuerySet[Cluster]:
    """Clusters with a member unit the user may see, newest year first, by code."""
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_CLUSTER)
    clusters = _clusters_with_members(user)
    if filters.year is not None:
        clusters = clusters.filter(year=filters.year)
    return clusters.order_by("-year", "code", "pk")


@router.get("/clusters/{cluster_id}", response=ClusterOut, summary="Một cụm, khối")
def get_cluster(request: HttpRequest, cluster_id: int) -> Cluster:
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_CLUSTER)
    return get_in_scope(_clusters_with_members(user), cluster_id)


@router.post("/clusters", response={201: ClusterOut}, summary="Thêm cụm, khối")
def create_cluster_endpoint(request: HttpRequest, payload: ClusterCreateIn) -> Status[Cluster]:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_CLUSTERS)
    data = ClusterData(
        code=payload.code,
        name=payload.name,
        description=payload.description,
        members=_units_in_scope(user, payload.member_ids),
        head_unit=_unit_in_scope_or_none(user, payload.head_unit_id),
        deputy_unit=_unit_in_scope_or_none(user, payload.deputy_unit_id),
    )
    with api_field_names(_CLUSTER_FIELDS):
        cluster = create_cluster(by=user, year=payload.year, data=data, reason=payload.reason)
    return Status(201, get_in_scope(_clusters_with_members(user), cluster.pk))


@router.patch(
    "/clusters/{cluster_id}",
    response=ClusterOut,
    summary="Sửa một cụm, khối",
)
def patch_cluster(request: HttpRequest, cluster_id: int, payload: ClusterPatchIn) -> Cluster:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_CLUSTERS)
    cluster = get_in_scope(_clusters_with_members(user), cluster_id)
    sent = payload.model_fields_set
    if "member_ids" in sent:
        members = _units_in_scope(user, payload.member_ids)
    else:  # unchanged: the current members, in scope or not (the service checks the right)
        members = [member.unit for member in cluster.members.all()]
    data = ClusterData(
        code=payload.code if "code" in sent else cluster.code,
        name=payload.name if "name" in sent else cluster.name,
        description=payload.description if "description" in sent else cluster.description,
        members=members,
        head_unit=(
            _unit_in_scope_or_none(user, payload.head_unit_id)
            if "head_unit_id" in sent
            else cluster.head_unit
        ),
        deputy_unit=(
            _unit_in_scope_or_none(user, payload.deputy_unit_id)
            if "deputy_unit_id" in sent
            else cluster.deputy_unit
        ),
    )
    with api_field_names(_CLUSTER_FIELDS):
        update_cluster(cluster, by=user, data=data, reason=payload.reason)
    return get_in_scope(_clusters_with_members(user), cluster.pk)
