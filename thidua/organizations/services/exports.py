"""Excel exports of the organisation's lists (units, clusters, accounts): the rows the page
shows, with its filters and scope, built by `core.spreadsheets.build_workbook` (streamed,
formula-injection safe) and audited as EXPORT entries with the filters and the row count.

(The people list exports from `services.people`, next to its import.)
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import (
    ROLE_LABELS,
    Perm,
    Role,
    grants_allowing,
    has_anywhere,
    is_permitted,
)
from thidua.core.audit import record_audit
from thidua.core.errors import PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.spreadsheets import Column, build_workbook
from thidua.organizations.enums import UnitKind
from thidua.organizations.scoping import grants_for
from thidua.organizations.selectors.clusters import cluster_member_rows
from thidua.organizations.selectors.units import subtree_people_totals, units_for_export
from thidua.organizations.selectors.users import UserFilter, linked_person, search_users

_UNIT_KIND_LABELS = dict(UnitKind.choices)


@dataclass(frozen=True)
class ListExport:
    content: bytes
    row_count: int


def _scope_top(by: User, perm: Perm) -> str:
    """The unit path an export's scope starts from, for its audit entry: the one topmost unit
    a grant giving `perm` reaches, or the root's empty path when there are several."""
    paths = sorted({g.unit_path for g in grants_allowing(grants_for(by), perm)})
    tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    return tops[0] if len(tops) == 1 else ""


def _audit_export(
    *, by: User, target_type: str, target_repr: str, unit_path: str, summary: str, rows: int
) -> None:
    record_audit(
        actor=by,
        action=AuditAction.EXPORT,
        target_type=target_type,
        target_repr=target_repr,
        unit_path=unit_path,
        changes={"filters": [None, summary], "rows": [None, rows]},
    )


UNIT_COLUMNS = (
    Column("STT", 7),
    Column("Mã đơn vị", 14),
    Column("Tên đơn vị", 40),
    Column("Chữ viết tắt", 12),
    Column("Loại", 22),
    Column("Đơn vị cấp trên", 36),
    Column("Thủ trưởng, trưởng khoa/phòng", 28),
    Column("Trạng thái", 16),
    Column("Số người", 10),
)


def describe_unit_query(query: str) -> str:
    """The audit summary of a units export: what the tree page was showing."""
    return f"tìm “{query}”" if query else "toàn bộ cây đơn vị trong phạm vi"


@transaction.atomic
def export_units(*, by: User, query: str = "") -> ListExport:
    """The units of the tree page as an .xlsx: every unit the caller sees (VIEW_UNIT), or those
    the search `query` finds, with code, name, abbreviation, kind, parent, head, status and the
    active people of its subtree (the tree's figure); audited as an EXPORT entry.

    Rows are streamed (`iterator`); the query count does not depend on the number of units.
    The head's name is written only where the caller may see people of the head's unit, as on
    the unit's page. Refuses a caller without VIEW_UNIT anywhere.
    """
    grants = grants_for(by)
    if not has_anywhere(grants, Perm.VIEW_UNIT):
        raise PermissionDeniedError("Bạn không có quyền xem danh sách đơn vị.")
    people = subtree_people_totals(by)
    units = units_for_export(by, query)
    count = 0

    def rows() -> Iterator[list[object]]:
        nonlocal count
        for unit in units.iterator(chunk_size=2000):
            count += 1
            head = unit.head
            show_head = head is not None and is_permitted(grants, Perm.VIEW_PERSON, head.unit.path)
            yield [
                count,
                unit.code,
                unit.name,
                unit.abbreviation,
                _UNIT_KIND_LABELS.get(unit.kind, unit.kind),
                unit.parent.name if unit.parent is not None else "",
                head.full_name if show_head and head is not None else "",
                "Đang hoạt động" if unit.is_active else "Ngừng hoạt động",
                people.get(unit.pk, 0),
            ]

    content = build_workbook(title="Danh sách đơn vị", columns=UNIT_COLUMNS, rows=rows())
    _audit_export(
        by=by,
        target_type="organizations.unit",
        target_repr="Danh sách đơn vị, khoa, phòng",
        unit_path=_scope_top(by, Perm.VIEW_UNIT),
        summary=describe_unit_query(query),
        rows=count,
    )
    return ListExport(content=content, row_count=count)


CLUSTER_COLUMNS = (
    Column("STT", 7),
    Column("Mã cụm, khối", 14),
    Column("Tên cụm, khối", 36),
    Column("Trưởng cụm, khối", 32),
    Column("Phó cụm, khối", 32),
    Column("Thứ tự luân phiên", 12),
    Column("Mã đơn vị", 14),
    Column("Đơn vị thành viên", 40),
    Column("Vai trò trong cụm, khối", 18),
)


@transaction.atomic
def export_clusters(*, by: User, year: int) -> ListExport:
    """The cụm, khối thi đua of `year` that the caller sees (VIEW_CLUSTER: one of their member
    units is in scope, as on the list page) as an .xlsx, one row per member unit in rotation
    order with the cluster's head and deputy units; audited as an EXPORT entry.

    Streamed in one query whatever the number of clusters. Refuses a caller without
    VIEW_CLUSTER anywhere.
    """
    if not has_anywhere(grants_for(by), Perm.VIEW_CLUSTER):
        raise PermissionDeniedError("Bạn không có quyền xem cụm, khối thi đua.")
    members = cluster_member_rows(by, year)
    count = 0

    def rows() -> Iterator[list[object]]:
        nonlocal count
        cluster_id, position = 0, 0
        for member in members.iterator(chunk_size=2000):
            count += 1
            cluster = member.cluster
            position = position + 1 if cluster.pk == cluster_id else 1
            cluster_id = cluster.pk
            head, deputy = cluster.head_unit, cluster.deputy_unit
            role = ""
            if member.unit_id == cluster.head_unit_id:
                role = "Trưởng cụm, khối"
            elif member.unit_id == cluster.deputy_unit_id:
                role = "Phó cụm, khối"
            yield [
                count,
                cluster.code,
                cluster.name,
                head.name if head is not None else "",
                deputy.name if deputy is not None else "",
                position,
                member.unit.code,
                member.unit.name,
                role,
            ]

    content = build_workbook(
        title=f"Cụm, khối thi đua {year}", columns=CLUSTER_COLUMNS, rows=rows()
    )
    _audit_export(
        by=by,
        target_type="organizations.cluster",
        target_repr=f"Danh sách cụm, khối thi đua năm {year}",
        unit_path=_scope_top(by, Perm.VIEW_CLUSTER),
        summary=f"năm {year}",
        rows=count,
    )
    return ListExport(content=content, row_count=count)


ACCOUNT_COLUMNS = (
    Column("STT", 7),
    Column("Tên đăng nhập", 20),
    Column("Họ và tên", 28),
    Column("Email", 28),
    Column("Mã cán bộ", 14),
    Column("Đơn vị công tác", 32),
    Column("Trạng thái", 12),
    Column("Xác thực 2 lớp", 10),
    Column("Đăng nhập lần cuối", 18),
    Column("Vai trò", 32),
    Column("Đơn vị được giao", 32),
    Column("Phạm vi", 22),
    Column("Giao từ ngày", 13),
)
_ACTIVE_LABELS = {True: "đang hoạt động", False: "đã khóa"}


def describe_user_filter(filters: UserFilter) -> str:
    """The audit summary of an accounts export: the list page's filters in words."""
    parts = []
    if filters.query:
        parts.append(f"tìm “{filters.query}”")
    if filters.role:
        parts.append(f"vai trò {ROLE_LABELS[Role(filters.role)]}")
    if filters.unit is not None:
        parts.append(f"đơn vị {filters.unit.name}")
    if filters.active is not None:
        parts.append(_ACTIVE_LABELS[filters.active])
    return "; ".join(parts) or "mọi tài khoản trong phạm vi quản lý"


def _moment(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value is not None else ""


@transaction.atomic
def export_accounts(*, by: User, filters: UserFilter) -> ListExport:
    """The accounts list as an .xlsx, for those who may manage users: the accounts the list
    page shows them (only those they manage, with the same filters and order), one row per role
    assignment (an account without one has a single row); audited as an EXPORT entry.

    Each row: username, name, email, linked person, status, two-factor on, last sign-in, and
    the assignment's role, unit, reach and date. Streamed, in a constant number of queries.
    Refuses a caller without MANAGE_USERS anywhere.
    """
    if not has_anywhere(grants_for(by), Perm.MANAGE_USERS):
        raise PermissionDeniedError("Bạn không có quyền quản lý tài khoản người dùng.")
    accounts = search_users(by, filters)
    count = 0

    def rows() -> Iterator[list[object]]:
        nonlocal count
        for account in accounts.iterator(chunk_size=500):
            person = linked_person(account)
            common = [
                account.username,
                account.display_name,
                account.email,
                person.staff_code if person is not None else "",
                person.unit.name if person is not None else "",
                "Hoạt động" if account.is_active else "Đã khóa",
                "Bật" if getattr(account, "confirmed_totp_devices", []) else "Tắt",
                _moment(account.last_login) or "Chưa đăng nhập",
            ]
            assignments = list(account.role_assignments.all())
            if not assignments:
                count += 1
                yield [count, *common, "", "", "", ""]
            for assignment in assignments:
                count += 1
                yield [
                    count,
                    *common,
                    ROLE_LABELS[Role(assignment.role)],
                    assignment.unit.name,
                    "Gồm đơn vị trực thuộc" if assignment.include_subtree else "Chỉ đơn vị này",
                    timezone.localtime(assignment.granted_at).strftime("%d/%m/%Y"),
                ]

    content = build_workbook(title="Tài khoản, phân quyền", columns=ACCOUNT_COLUMNS, rows=rows())
    _audit_export(
        by=by,
        target_type="accounts.user",
        target_repr="Danh sách tài khoản, phân quyền",
        unit_path=filters.unit.path if filters.unit else _scope_top(by, Perm.MANAGE_USERS),
        summary=describe_user_filter(filters),
        rows=count,
    )
    return ListExport(content=content, row_count=count)
