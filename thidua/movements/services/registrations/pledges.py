"""The giao ước thi đua a cluster's units sign for a year within a movement (Luật Thi đua, khen
thưởng 2022 Điều 16 on cụm, khối): its title, content, date and place, and who signed for each
member unit."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.movements.models import Movement, Pledge, PledgeSignatory
from thidua.movements.selectors.registrations import cluster_member_units, movement_years
from thidua.movements.services.registrations.common import require_open_movement
from thidua.organizations.models import Cluster, Unit
from thidua.organizations.scoping import can
from thidua.organizations.services.clusters import common_ancestor_path


@dataclass(frozen=True, kw_only=True)
class SignatoryData:
    unit: Unit
    signer_name: str
    signer_position: str


@dataclass(frozen=True, kw_only=True)
class PledgeData:
    title: str
    content: str
    signed_on: dt.date | None
    place: str = ""
    signatories: Sequence[SignatoryData] = ()


@dataclass(frozen=True)
class _Checked:
    title: str
    content: str
    signed_on: dt.date
    place: str
    signatories: list[SignatoryData]


def _clean(text: str) -> str:
    return " ".join(text.split())


def _check(data: PledgeData, *, cluster: Cluster, members: Sequence[Unit]) -> _Checked:
    title = _clean(data.title)
    if not title:
        raise DomainError("Hãy nhập tiêu đề giao ước.", field="title")
    if len(title) > 300:
        raise DomainError("Tiêu đề dài quá 300 ký tự.", field="title")
    content = data.content.strip()
    if not content:
        raise DomainError("Hãy nhập nội dung giao ước.", field="content")
    if len(content) > 20_000:
        raise DomainError("Nội dung giao ước dài quá 20.000 ký tự.", field="content")
    if data.signed_on is None:
        raise DomainError("Hãy nhập ngày ký.", field="signed_on")
    if data.signed_on.year not in (cluster.year - 1, cluster.year):
        raise DomainError(
            f"Ngày ký phải trong năm {cluster.year} (hoặc cuối năm {cluster.year - 1}), năm của "
            "cụm, khối.",
            field="signed_on",
        )
    place = _clean(data.place)
    if len(place) > 200:
        raise DomainError("Địa điểm dài quá 200 ký tự.", field="place")
    member_ids = {unit.pk for unit in members}
    signatories: list[SignatoryData] = []
    seen: set[int] = set()
    for signatory in data.signatories:
        unit = signatory.unit
        if unit.pk not in member_ids:
            raise DomainError(
                f"“{unit.name}” không phải thành viên của “{cluster.name}” năm {cluster.year}; "
                "chỉ đơn vị thành viên mới ký giao ước.",
                field="signatories",
            )
        if unit.pk in seen:
            raise DomainError(f"“{unit.name}” được ghi hai lần.", field="signatories")
        seen.add(unit.pk)
        name, position = _clean(signatory.signer_name), _clean(signatory.signer_position)
        if not name:
            raise DomainError(
                f"Hãy ghi người ký của “{unit.name}”.", field=f"signer_name_{unit.pk}"
            )
        if not position:
            raise DomainError(
                f"Hãy ghi chức vụ người ký của “{unit.name}”.", field=f"signer_position_{unit.pk}"
            )
        if len(name) > 150 or len(position) > 150:
            raise DomainError(
                f"Tên, chức vụ người ký của “{unit.name}” dài quá 150 ký tự.",
                field=f"signer_name_{unit.pk}",
            )
        signatories.append(SignatoryData(unit=unit, signer_name=name, signer_position=position))
    if not signatories:
        raise DomainError("Giao ước phải có ít nhất một đơn vị ký.", field="signatories")
    return _Checked(title, content, data.signed_on, place, signatories)


def _require_manage(by: User, movement: Movement) -> None:
    if not can(by, Perm.MANAGE_MOVEMENT, movement.owner.path):
        raise PermissionDeniedError("Bạn không có quyền ghi giao ước thi đua của phong trào này.")


def _summary(pledge: Pledge, signatories: Sequence[SignatoryData]) -> dict[str, Any]:
    return {
        "title": pledge.title,
        "content": pledge.content,
        "signed_on": pledge.signed_on.isoformat(),
        "place": pledge.place,
        "signatories": [
            f"{s.unit.code}: {s.signer_name}, {s.signer_position}" for s in signatories
        ],
    }


@transaction.atomic
def create_pledge(*, by: User, movement: Movement, cluster: Cluster, data: PledgeData) -> Pledge:
    """Record the pledge of `cluster` (for its year) in the movement, with its signatories.

    Refuses: a caller without MANAGE_MOVEMENT at the organising unit, a closed movement, a
    cluster of a year outside the movement or that already has its pledge in it, an empty title
    or content, no date of signing or one outside the cluster's year (or the end of the year
    before), a signatory unit that is not a member of the cluster (or listed twice), a
    signatory without name or position, and no signatory at all.
    """
    _require_manage(by, movement)
    require_open_movement(movement)
    years = movement_years(movement)
    if cluster.year not in years:
        raise DomainError(
            f"Cụm, khối năm {cluster.year} nằm ngoài thời gian của phong trào "
            f"({years[0]}–{years[-1]}).",
            field="cluster",
        )
    if Pledge.objects.filter(movement=movement, cluster=cluster).exists():
        raise DomainError(
            f"“{cluster.name}” năm {cluster.year} đã có giao ước trong phong trào này.",
            field="cluster",
        )
    members = cluster_member_units(cluster)
    cleaned = _check(data, cluster=cluster, members=members)
    signatories = cleaned.signatories
    pledge = Pledge.objects.create(
        movement=movement,
        cluster=cluster,
        title=cleaned.title,
        content=cleaned.content,
        signed_on=cleaned.signed_on,
        place=cleaned.place,
    )
    PledgeSignatory.objects.bulk_create(
        PledgeSignatory(
            pledge=pledge,
            unit=s.unit,
            signer_name=s.signer_name,
            signer_position=s.signer_position,
        )
        for s in signatories
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=pledge,
        unit_path=common_ancestor_path(unit.path for unit in members),
        changes={key: [None, value] for key, value in _summary(pledge, signatories).items()},
    )
    return pledge


@transaction.atomic
def update_pledge(pledge: Pledge, *, by: User, data: PledgeData, reason: str = "") -> Pledge:
    """Change a pledge's text, date, place and signatories (the list is replaced).

    Refuses what `create_pledge` refuses about the caller, the movement and the data.
    """
    movement, cluster = pledge.movement, pledge.cluster
    _require_manage(by, movement)
    require_open_movement(movement)
    members = cluster_member_units(cluster)
    cleaned = _check(data, cluster=cluster, members=members)
    signatories = cleaned.signatories
    current = [
        SignatoryData(unit=s.unit, signer_name=s.signer_name, signer_position=s.signer_position)
        for s in PledgeSignatory.objects.filter(pledge=pledge).select_related("unit").order_by("pk")
    ]
    before = _summary(pledge, current)
    pledge.title, pledge.content = cleaned.title, cleaned.content
    pledge.signed_on, pledge.place = cleaned.signed_on, cleaned.place
    pledge.save()
    PledgeSignatory.objects.filter(pledge=pledge).delete()
    PledgeSignatory.objects.bulk_create(
        PledgeSignatory(
            pledge=pledge,
            unit=s.unit,
            signer_name=s.signer_name,
            signer_position=s.signer_position,
        )
        for s in signatories
    )
    after = _summary(pledge, signatories)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=pledge,
            unit_path=common_ancestor_path(unit.path for unit in members),
            changes=changes,
            reason=reason.strip(),
        )
    return pledge
