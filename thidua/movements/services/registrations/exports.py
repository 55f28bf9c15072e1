"""The registration progress of a round as Excel: the same rows and filters as the page,
audited as an export."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, has_anywhere
from thidua.core.audit import record_audit
from thidua.core.errors import PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.spreadsheets import Column, build_workbook
from thidua.movements.enums import INDIVIDUAL_TITLES
from thidua.movements.models import Movement, RegistrationRound
from thidua.movements.selectors.registrations import PROGRESS_STATUSES, registration_progress
from thidua.movements.services.registrations.common import title_label
from thidua.organizations.scoping import grants_for
from thidua.organizations.services.clusters import common_ancestor_path

_STATUS_LABELS = dict(PROGRESS_STATUSES)

COLUMNS = [
    Column("STT", 6),
    Column("Mã đơn vị", 16),
    Column("Tên đơn vị", 40),
    Column("Trạng thái", 14),
    Column("Danh hiệu tập thể đăng ký", 30),
    *[Column(f"Số người đăng ký {title_label(str(t))}", 16) for t in INDIVIDUAL_TITLES],
    Column("Gửi lúc", 17),
    Column("Duyệt, trả lại lúc", 17),
    Column("Gia hạn đến", 12),
    Column("Lý do trả lại", 40),
    Column("Nội dung đăng ký, cam kết", 60),
]


def _when(value: dt.date | dt.datetime | None) -> str:
    """dd/mm/yyyy (with hh:mm in local time for a moment), as the pages show it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


@transaction.atomic
def export_registration_progress(
    *,
    by: User,
    movement: Movement,
    round_: RegistrationRound,
    include_sub_units: bool = False,
    status: str = "",
    query: str = "",
) -> bytes:
    """The progress page's rows (same scope, filters and order) as an .xlsx; audited as an
    EXPORT entry naming the filters and the row count. Refuses a caller without VIEW_MOVEMENT."""
    if not has_anywhere(grants_for(by), Perm.VIEW_MOVEMENT):
        raise PermissionDeniedError("Bạn không có quyền xem đăng ký thi đua.")
    progress = registration_progress(
        by, movement, round_, include_sub_units=include_sub_units, status=status, query=query
    )
    rows = []
    for number, row in enumerate(progress.rows, start=1):
        registration = row.registration
        counts = registration.individual_counts if registration else {}
        rows.append(
            [
                number,
                row.unit.code,
                row.unit.name,
                _STATUS_LABELS.get(row.status, row.status),
                title_label(registration.collective_title) if registration else "",
                *[counts.get(str(title), 0) if registration else "" for title in INDIVIDUAL_TITLES],
                _when(registration.submitted_at if registration else None),
                _when(registration.decided_at if registration else None),
                _when(registration.deadline_override if registration else None),
                registration.return_reason if registration else "",
                registration.commitments if registration else "",
            ]
        )
    content = build_workbook(title=f"Đăng ký thi đua {round_.year}", columns=COLUMNS, rows=rows)
    filters = ", ".join(
        part
        for part in (
            f"trạng thái: {_STATUS_LABELS[status]}" if status in _STATUS_LABELS else "",
            "gồm khoa, phòng" if include_sub_units else "",
            f"tìm: {query}" if query else "",
        )
        if part
    )
    record_audit(
        actor=by,
        action=AuditAction.EXPORT,
        target=round_,
        target_repr=f"Tiến độ đăng ký thi đua năm {round_.year} — {movement.name}",
        unit_path=common_ancestor_path(row.unit.path for row in progress.rows)
        or movement.owner.path,
        changes={"filters": [None, filters or "không lọc"], "rows": [None, len(rows)]},
    )
    return content
