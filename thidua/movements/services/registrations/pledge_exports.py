"""The pledges list of a movement as Excel: the same pledges, year and order as the page, one
row per signing unit, audited as an export."""

from collections.abc import Iterator

from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, has_anywhere
from thidua.core.audit import record_audit
from thidua.core.errors import PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.spreadsheets import Column, build_workbook
from thidua.movements.models import Movement
from thidua.movements.selectors.registrations import pledges_for_export
from thidua.organizations.scoping import grants_for

PLEDGE_COLUMNS = (
    Column("STT", 6),
    Column("Năm", 7),
    Column("Mã cụm, khối", 14),
    Column("Cụm, khối", 32),
    Column("Tiêu đề", 44),
    Column("Ngày ký", 12),
    Column("Địa điểm ký", 20),
    Column("Đơn vị ký", 36),
    Column("Người ký", 26),
    Column("Chức vụ", 26),
)


@transaction.atomic
def export_pledges(*, by: User, movement: Movement, year: int | None) -> tuple[bytes, int]:
    """The movement's pledges of `year` (every year with None) that the caller sees, as on the
    list page, as an .xlsx with one row per signing unit (a pledge without signatories has one
    row); returns the content and the row count. Audited as an EXPORT entry at the movement's
    organising unit. Refuses a caller without VIEW_MOVEMENT anywhere.

    Streamed: the query count does not grow with the number of pledges.
    """
    if not has_anywhere(grants_for(by), Perm.VIEW_MOVEMENT):
        raise PermissionDeniedError("Bạn không có quyền xem giao ước thi đua.")
    pledges = pledges_for_export(by, movement, year)
    count = 0

    def rows() -> Iterator[list[object]]:
        nonlocal count
        for pledge in pledges.iterator(chunk_size=500):
            common = [
                pledge.cluster.year,
                pledge.cluster.code,
                pledge.cluster.name,
                pledge.title,
                pledge.signed_on.strftime("%d/%m/%Y"),
                pledge.place,
            ]
            signatories = list(pledge.signatories.all())
            if not signatories:
                count += 1
                yield [count, *common, "", "", ""]
            for signatory in signatories:
                count += 1
                yield [
                    count,
                    *common,
                    signatory.unit.name,
                    signatory.signer_name,
                    signatory.signer_position,
                ]

    title = f"Giao ước thi đua {year}" if year is not None else "Giao ước thi đua"
    content = build_workbook(title=title, columns=PLEDGE_COLUMNS, rows=rows())
    record_audit(
        actor=by,
        action=AuditAction.EXPORT,
        target=movement,
        target_type="movements.pledge",
        target_repr=f"Giao ước thi đua — {movement.name}",
        unit_path=movement.owner.path,
        changes={
            "filters": [None, f"năm {year}" if year is not None else "tất cả các năm"],
            "rows": [None, count],
        },
    )
    return content, count
