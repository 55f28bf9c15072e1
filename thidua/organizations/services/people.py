"""Writes about people: create, update, move between units (with membership history)."""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, grants_allowing, has_anywhere
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.spreadsheets import Column, build_workbook
from thidua.core.text import search_document, vietnamese_sort_key
from thidua.organizations.enums import EmploymentKind, Gender
from thidua.organizations.models import Membership, Person, Unit
from thidua.organizations.scoping import can, grants_for
from thidua.organizations.selectors.people import PeopleFilter, search_people

STAFF_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,31}$")
AUDITED_PERSON_FIELDS = (
    "staff_code",
    "full_name",
    "gender",
    "date_of_birth",
    "position",
    "employment_kind",
    "unit",
    "email",
    "phone",
    "is_active",
)


@dataclass(frozen=True, kw_only=True)
class PersonData:
    """What a form, an API call or an import row says about a person."""

    staff_code: str
    full_name: str
    gender: str
    employment_kind: str
    unit: Unit
    position: str = ""
    date_of_birth: dt.date | None = None
    email: str = ""
    phone: str = ""


def check_staff_code(code: str) -> str:
    normalised = code.strip().upper()
    if not STAFF_CODE_PATTERN.match(normalised):
        raise DomainError(
            "Mã cán bộ chỉ gồm chữ không dấu, chữ số và các dấu - _ . /, tối đa 32 ký tự.",
            field="staff_code",
        )
    return normalised


def check_person_data(data: PersonData) -> PersonData:
    """Normalise and validate person fields; raise a DomainError naming the field."""
    full_name = " ".join(data.full_name.split())
    if not full_name:
        raise DomainError("Họ và tên không được để trống.", field="full_name")
    if len(full_name) > 150:
        raise DomainError("Họ và tên dài quá 150 ký tự.", field="full_name")
    if data.gender not in Gender.values:
        raise DomainError("Giới tính phải là Nam hoặc Nữ.", field="gender")
    if data.employment_kind not in EmploymentKind.values:
        raise DomainError(
            "Loại cán bộ phải là Công chức, Viên chức hoặc Người lao động.", field="employment_kind"
        )
    if data.date_of_birth is not None:
        today = timezone.localdate()
        if data.date_of_birth > today or data.date_of_birth.year < 1930:
            raise DomainError("Ngày sinh không hợp lệ.", field="date_of_birth")
    if not data.unit.is_active:
        raise DomainError("Đơn vị đã ngừng hoạt động.", field="unit")
    return PersonData(
        staff_code=check_staff_code(data.staff_code),
        full_name=full_name,
        gender=data.gender,
        employment_kind=data.employment_kind,
        unit=data.unit,
        position=" ".join(data.position.split())[:120],
        date_of_birth=data.date_of_birth,
        email=data.email.strip().lower(),
        phone=data.phone.strip(),
    )


def person_search_fields(full_name: str, staff_code: str, position: str) -> dict[str, str]:
    """The derived search columns of a person (kept in step with their name by every write)."""
    return {
        "search_text": search_document(full_name, staff_code, position)[:400],
        "sort_name": vietnamese_sort_key(full_name)[:150],
    }


def _require_person_change(by: User, unit: Unit) -> None:
    if not can(by, Perm.CHANGE_PERSON, unit.path):
        raise PermissionDeniedError("Bạn không có quyền cập nhật cán bộ của đơn vị này.")


@transaction.atomic
def create_person(
    *, by: User, data: PersonData, start_date: dt.date | None = None, reason: str = ""
) -> Person:
    """Add a person to a unit, opening their membership there.

    Refuses: a caller without CHANGE_PERSON on the unit, invalid fields, a staff code in use.
    """
    data = check_person_data(data)
    _require_person_change(by, data.unit)
    if Person.objects.filter(staff_code=data.staff_code).exists():
        raise DomainError(f"Mã cán bộ “{data.staff_code}” đã tồn tại.", field="staff_code")
    person = Person.objects.create(
        staff_code=data.staff_code,
        full_name=data.full_name,
        gender=data.gender,
        date_of_birth=data.date_of_birth,
        position=data.position,
        employment_kind=data.employment_kind,
        unit=data.unit,
        email=data.email,
        phone=data.phone,
        **person_search_fields(data.full_name, data.staff_code, data.position),
    )
    Membership.objects.create(
        person=person,
        unit=data.unit,
        position=data.position,
        start_date=start_date or timezone.localdate(),
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=person,
        unit_path=data.unit.path,
        changes=diff({}, snapshot(person, AUDITED_PERSON_FIELDS)),
        reason=reason,
    )
    return person


@transaction.atomic
def update_person(
    person: Person,
    *,
    by: User,
    data: PersonData,
    is_active: bool = True,
    moved_on: dt.date | None = None,
    reason: str = "",
) -> Person:
    """Change a person's fields; a new unit closes the current membership and opens another.

    Refuses: a caller without CHANGE_PERSON on the current unit (and on the new one when the
    person moves), invalid fields, a staff code used by someone else.
    """
    _require_person_change(by, person.unit)
    data = check_person_data(data)
    if (
        data.staff_code != person.staff_code
        and Person.objects.filter(staff_code=data.staff_code).exclude(pk=person.pk).exists()
    ):
        raise DomainError(f"Mã cán bộ “{data.staff_code}” đã tồn tại.", field="staff_code")
    before = snapshot(person, AUDITED_PERSON_FIELDS)
    moving = data.unit.pk != person.unit_id
    if moving:
        _require_person_change(by, data.unit)
        transfer_membership(person, unit=data.unit, position=data.position, on=moved_on)
    elif data.position != person.position:
        Membership.objects.filter(person=person, end_date__isnull=True).update(
            position=data.position
        )
    person.staff_code = data.staff_code
    person.full_name = data.full_name
    person.gender = data.gender
    person.date_of_birth = data.date_of_birth
    person.position = data.position
    person.employment_kind = data.employment_kind
    person.unit = data.unit
    person.email = data.email
    person.phone = data.phone
    person.is_active = is_active
    for field, value in person_search_fields(
        data.full_name, data.staff_code, data.position
    ).items():
        setattr(person, field, value)
    person.save()
    changes = diff(before, snapshot(person, AUDITED_PERSON_FIELDS))
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.MOVE if moving else AuditAction.UPDATE,
            target=person,
            unit_path=data.unit.path,
            changes=changes,
            reason=reason,
        )
    return person


def transfer_membership(
    person: Person, *, unit: Unit, position: str, on: dt.date | None = None
) -> Membership:
    """Close the person's open membership the day before `on` and open one in `unit` from `on`.

    Callers hold the transaction and write the audit entry.
    """
    start = on or timezone.localdate()
    current = Membership.objects.filter(person=person, end_date__isnull=True).first()
    if current is not None:
        if start <= current.start_date:
            raise DomainError(
                "Ngày chuyển đơn vị phải sau ngày bắt đầu công tác tại đơn vị hiện tại "
                f"({current.start_date:%d/%m/%Y}).",
                field="moved_on",
            )
        current.end_date = start - dt.timedelta(days=1)
        current.save(update_fields=["end_date"])
    return Membership.objects.create(person=person, unit=unit, position=position, start_date=start)


EXPORT_COLUMNS = (
    Column("STT", 7),
    Column("Mã cán bộ", 14),
    Column("Họ và tên", 28),
    Column("Giới tính", 10),
    Column("Ngày sinh", 12),
    Column("Chức vụ", 24),
    Column("Loại cán bộ", 16),
    Column("Đơn vị", 36),
    Column("Email", 28),
    Column("Điện thoại", 14),
)
_GENDER_LABELS = dict(Gender.choices)
_KIND_LABELS = dict(EmploymentKind.choices)


@dataclass(frozen=True)
class PeopleExport:
    content: bytes
    row_count: int


@transaction.atomic
def export_people(*, by: User, filters: PeopleFilter, summary: str) -> PeopleExport:
    """The people list as an .xlsx, scoped by EXPORT_PEOPLE exactly like the list page, with
    the same filters and order; audited as an EXPORT entry with `summary` and the row count.

    Rows are streamed from the database (`iterator`), never loaded at once. Refuses a caller
    without EXPORT_PEOPLE on any unit.
    """
    if not has_anywhere(grants_for(by), Perm.EXPORT_PEOPLE):
        raise PermissionDeniedError("Bạn không có quyền xuất danh sách cán bộ.")
    people = search_people(by, filters, perm=Perm.EXPORT_PEOPLE)
    count = 0

    def rows() -> Iterator[list[object]]:
        nonlocal count
        for person in people.iterator(chunk_size=2000):
            count += 1
            yield [
                count,
                person.staff_code,
                person.full_name,
                _GENDER_LABELS.get(person.gender, person.gender),
                person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else "",
                person.position,
                _KIND_LABELS.get(person.employment_kind, person.employment_kind),
                person.unit.name,
                person.email,
                person.phone,
            ]

    content = build_workbook(title="Danh sách cán bộ", columns=EXPORT_COLUMNS, rows=rows())
    if filters.unit is not None:
        unit_path = filters.unit.path
    else:
        # The topmost unit the export's scope starts from (several: the root's empty path).
        paths = sorted({g.unit_path for g in grants_allowing(grants_for(by), Perm.EXPORT_PEOPLE)})
        tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
        unit_path = tops[0] if len(tops) == 1 else ""
    record_audit(
        actor=by,
        action=AuditAction.EXPORT,
        target_type="organizations.person",
        target_repr="Danh sách cán bộ, viên chức, người lao động",
        unit_path=unit_path,
        changes={"filters": [None, summary], "rows": [None, count]},
    )
    return PeopleExport(content=content, row_count=count)
