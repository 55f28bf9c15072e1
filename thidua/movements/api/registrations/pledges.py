"""API v1: pledges (giao ước thi đua) of clusters."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.movements.api.registrations.common import TAGS, movement_in_scope
from thidua.movements.models import Pledge, PledgeSignatory
from thidua.movements.selectors.registrations import clusters_in_scope, pledges_visible_to
from thidua.movements.services.registrations.pledges import (
    PledgeData,
    SignatoryData,
    create_pledge,
    update_pledge,
)
from thidua.organizations.api.common import (
    OrmOut,
    UnitRef,
    acting_user,
    get_in_scope,
    require_anywhere,
)
from thidua.organizations.models import Unit
from thidua.organizations.scoping import scope_q

router = Router(tags=TAGS)


class ClusterRef(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của cụm, khối")
    code: str = Field(description="Mã cụm, khối")
    name: str = Field(description="Tên cụm, khối")
    year: int = Field(description="Năm")


class SignatoryOut(OrmOut):
    unit: UnitRef = Field(description="Đơn vị ký")
    signer_name: str = Field(description="Người ký")
    signer_position: str = Field(description="Chức vụ")


class PledgeOut(Schema):
    id: int = Field(description="Số hiệu nội bộ")
    movement_id: int = Field(description="Phong trào")
    cluster: ClusterRef = Field(description="Cụm, khối")
    title: str = Field(description="Tiêu đề")
    content: str = Field(description="Nội dung giao ước")
    signed_on: dt.date = Field(description="Ngày ký")
    place: str = Field(description="Địa điểm ký")
    signatories: list[SignatoryOut] = Field(description="Các đơn vị ký")


class SignatoryIn(Schema):
    unit_id: int = Field(description="Đơn vị ký (thành viên của cụm, khối)")
    signer_name: str = Field(min_length=1, max_length=150, description="Người ký")
    signer_position: str = Field(min_length=1, max_length=150, description="Chức vụ")


class PledgeIn(Schema):
    title: str = Field(min_length=1, max_length=300, description="Tiêu đề")
    content: str = Field(min_length=1, max_length=20_000, description="Nội dung giao ước")
    signed_on: dt.date = Field(description="Ngày ký")
    place: str = Field("", max_length=200, description="Địa điểm ký")
    signatories: list[SignatoryIn] = Field(min_length=1, max_length=200, description="Đơn vị ký")


class PledgeCreateIn(PledgeIn):
    cluster_id: int = Field(description="Cụm, khối")


def _pledges(user: User) -> QuerySet[Pledge]:
    signatories = PledgeSignatory.objects.select_related("unit").order_by("pk")
    return (
        pledges_visible_to(user)
        .select_related("cluster", "movement__owner")
        .prefetch_related(Prefetch("signatories", queryset=signatories))
    )


@router.get(
    "/movements/{movement_id}/pledges", response=list[PledgeOut], summary="Giao ước thi đua"
)
def list_pledges(request: HttpRequest, movement_id: int, year: int | None = None) -> list[Pledge]:
    user = acting_user(request)
    movement = movement_in_scope(user, movement_id)
    pledges = _pledges(user).filter(movement=movement)
    if year is not None:
        pledges = pledges.filter(cluster__year=year)
    return list(pledges.order_by("-cluster__year", "cluster__code"))


@router.get("/pledges/{pledge_id}", response=PledgeOut, summary="Một giao ước thi đua")
def get_pledge(request: HttpRequest, pledge_id: int) -> Pledge:
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_MOVEMENT)
    return get_in_scope(_pledges(user), pledge_id)


def _pledge_data(user: User, payload: PledgeIn) -> PledgeData:
    units = Unit.objects.filter(scope_q(user, Perm.VIEW_MOVEMENT, "path")).in_bulk(
        {s.unit_id for s in payload.signatories}
    )
    signatories = []
    for signatory in payload.signatories:
        unit = units.get(signatory.unit_id)
        if unit is None:
            raise Http404
        signatories.append(
            SignatoryData(
                unit=unit,
                signer_name=signatory.signer_name,
                signer_position=signatory.signer_position,
            )
        )
    return PledgeData(
        title=payload.title,
        content=payload.content,
        signed_on=payload.signed_on,
        place=payload.place,
        signatories=signatories,
    )


@router.post(
    "/movements/{movement_id}/pledges",
    response={201: PledgeOut},
    summary="Ghi giao ước thi đua của một cụm, khối",
)
def create_pledge_endpoint(
    request: HttpRequest, movement_id: int, payload: PledgeCreateIn
) -> Status[Pledge]:
    user = acting_user(request)
    movement = movement_in_scope(user, movement_id)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    cluster = get_in_scope(clusters_in_scope(user), payload.cluster_id)
    pledge = create_pledge(
        by=user, movement=movement, cluster=cluster, data=_pledge_data(user, payload)
    )
    return Status(201, get_in_scope(_pledges(user), pledge.pk))


@router.put("/pledges/{pledge_id}", response=PledgeOut, summary="Sửa giao ước thi đua")
def put_pledge(request: HttpRequest, pledge_id: int, payload: PledgeIn) -> Pledge:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    pledge = get_in_scope(_pledges(user), pledge_id)
    update_pledge(pledge, by=user, data=_pledge_data(user, payload))
    return get_in_scope(_pledges(user), pledge_id)
