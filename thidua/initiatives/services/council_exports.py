"""The initiative councils list as Excel: the councils the page lists (same scope, year and
order), one row per member, built by `core.spreadsheets.build_workbook` (formula-injection
safe, streamed) and audited as an EXPORT entry."""

from collections.abc import Iterator

from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, has_anywhere
from thidua.core.audit import record_audit
from thidua.core.errors import PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.spreadsheets import Column, build_workbook
from thidua.initiatives.enums import CouncilLevel, MemberRole
from thidua.initiatives.selectors.councils import councils_for_export, sits_on_a_council
from thidua.organizations.models import Person
from thidua.organizations.scoping import grants_for
from thidua.organizations.services.clusters import common_ancestor_path

COUNCIL_COLUMNS = (
    Column("STT", 6),
    Column("Hội đồng", 40),
    Column("Cấp", 30),
    Column("Đơn vị", 32),
    Column("Năm", 7),
    Column("Quyết định thành lập", 20),
    Column("Trạng thái", 16),
    Column("Số đợt chấm", 10),
    Column("Thành viên", 28),
    Column("Chức vụ", 24),
    Column("Đơn vị công tác", 32),
    Column("Vai trò trong hội đồng", 20),
    Column("Tham gia chấm", 10),
)
_LEVEL_LABELS = dict(CouncilLevel.choices)
_ROLE_LABELS = dict(MemberRole.choices)


def _person_of(user: User) -> Person | None:
    try:
        person: Person = user.person
    except Person.DoesNotExist:
        return None
    return person


@transaction.atomic
def export_councils(*, by: User, year: int | None = None) -> tuple[bytes, int]:
    """The councils the caller manages or sits in (of `year` when given), as on the list page,
    as an .xlsx with one row per member in the council's order (a council without members has
    one row); returns the content and the row count. Audited as an EXPORT entry at the
    councils' common unit.

    Streamed: the query count does not grow with the number of councils or members. Refuses a
    caller who neither manages councils anywhere nor sits on one.
    """
    if not (has_anywhere(grants_for(by), Perm.MANAGE_INITIATIVE_COUNCILS) or sits_on_a_council(by)):
        raise PermissionDeniedError("Bạn không quản lý và không là thành viên hội đồng nào.")
    councils = councils_for_export(by, year=year)
    count = 0
    common_path: str | None = None

    def rows() -> Iterator[list[object]]:
        nonlocal count, common_path
        for council in councils.iterator(chunk_size=500):
            path = council.unit.path
            common_path = path if common_path is None else common_ancestor_path([common_path, path])
            shared = [
                council.name,
                _LEVEL_LABELS.get(council.level, council.level),
                council.unit.name,
                council.year,
                council.decision_number,
                "Đang hoạt động" if council.is_active else "Thôi hoạt động",
                getattr(council, "round_count", 0),
            ]
            members = list(council.members.all())
            if not members:
                count += 1
                yield [count, *shared, "", "", "", "", ""]
            for member in members:
                count += 1
                person = _person_of(member.user)
                yield [
                    count,
                    *shared,
                    member.user.display_name,
                    person.position if person is not None else "",
                    person.unit.name if person is not None else "",
                    _ROLE_LABELS.get(member.role, member.role),
                    "Có" if member.reviews else "Không",
                ]

    content = build_workbook(title="Hội đồng sáng kiến", columns=COUNCIL_COLUMNS, rows=rows())
    record_audit(
        actor=by,
        action=AuditAction.EXPORT,
        target_type="initiatives.initiativecouncil",
        target_repr="Danh sách hội đồng sáng kiến",
        unit_path=common_path or "",
        changes={
            "filters": [None, f"năm {year}" if year is not None else "mọi năm"],
            "rows": [None, count],
        },
    )
    return content, count
