"""People services: moves keep the membership history; the export is scoped and audited."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.enums import EmploymentKind, Gender
from thidua.organizations.models import Membership, Person
from thidua.organizations.selectors.people import PeopleFilter
from thidua.organizations.services.people import (
    PersonData,
    create_person,
    export_people,
    update_person,
)
from thidua.organizations.tests.factories import PersonFactory


def _data(person: Person, **changes: object) -> PersonData:
    values: dict[str, object] = {
        "staff_code": person.staff_code,
        "full_name": person.full_name,
        "gender": person.gender,
        "employment_kind": person.employment_kind,
        "unit": person.unit,
        "position": person.position,
        "date_of_birth": person.date_of_birth,
        "email": person.email,
        "phone": person.phone,
    }
    values.update(changes)
    return PersonData(**values)  # type: ignore[arg-type]


def test_update_person_moving_closes_and_opens_memberships(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1, position="Điều dưỡng")

    update_person(
        person,
        by=cast[Role.DEPT_OFFICER],
        data=_data(person, unit=org.b1, position="Điều dưỡng trưởng"),
        moved_on=dt.date(2026, 3, 1),
        reason="Điều động",
    )

    history = list(
        Membership.objects.filter(person=person)
        .order_by("start_date")
        .values_list("unit__code", "position", "start_date", "end_date")
    )
    assert history == [
        ("BV_A_K1", "Điều dưỡng", dt.date(2020, 1, 1), dt.date(2026, 2, 28)),
        ("BV_B_K1", "Điều dưỡng trưởng", dt.date(2026, 3, 1), None),
    ]
    entry = AuditEntry.objects.get(action=AuditAction.MOVE, target_id=str(person.pk))
    assert entry.reason == "Điều động"
    assert entry.changes["unit"] == [org.a1.pk, org.b1.pk]


def test_update_person_refuses_a_move_dated_before_the_current_membership(
    org: Org, cast: Cast
) -> None:
    person = PersonFactory(unit=org.a1)

    with pytest.raises(DomainError) as refused:
        update_person(
            person,
            by=cast[Role.DEPT_OFFICER],
            data=_data(person, unit=org.b1),
            moved_on=dt.date(2019, 12, 31),
        )

    assert refused.value.field == "moved_on"
    assert Person.objects.get(pk=person.pk).unit_id == org.a1.pk
    assert Membership.objects.filter(person=person).count() == 1


def test_update_person_refuses_a_move_out_of_the_callers_scope(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)

    with pytest.raises(PermissionDeniedError):
        update_person(person, by=cast[Role.UNIT_OFFICER], data=_data(person, unit=org.b1))

    assert Person.objects.get(pk=person.pk).unit_id == org.a1.pk


def test_create_person_keeps_search_columns(org: Org, cast: Cast) -> None:
    person = create_person(
        by=cast[Role.UNIT_OFFICER],
        data=PersonData(
            staff_code="bva-100",
            full_name="  Nguyễn   Đức  Giang ",
            gender=Gender.MALE,
            employment_kind=EmploymentKind.PUBLIC_EMPLOYEE,
            unit=org.a1,
            position="Bác sĩ",
        ),
        start_date=dt.date(2024, 9, 1),
    )

    assert (person.staff_code, person.full_name) == ("BVA-100", "Nguyễn Đức Giang")
    assert person.search_text == " nguyen duc giang bva-100 bac si "
    assert person.sort_name == "giang nguyen duc"


def _sheet_rows(content: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_export_people_is_scoped_filtered_and_audited(org: Org, cast: Cast) -> None:
    PersonFactory(
        full_name="Nguyễn Văn An",
        staff_code="BVA001",
        unit=org.a1,
        gender=Gender.MALE,
        position="Bác sĩ",
        email="an@bva.vn",
        phone="0912345678",
        date_of_birth=dt.date(1980, 3, 1),
    )
    PersonFactory(full_name="Lê Thị Lan", staff_code="BVB001", unit=org.b1)

    export = export_people(
        by=cast[Role.UNIT_OFFICER],
        filters=PeopleFilter(query="nguyen"),
        summary="tìm “nguyen”; đang công tác",
    )

    rows = _sheet_rows(export.content)
    assert export.row_count == 2
    assert rows[1:] == [
        (
            1,
            "BVA001",
            "Nguyễn Văn An",
            "Nam",
            "01/03/1980",
            "Bác sĩ",
            "Viên chức",
            "Khoa Nội A1",
            "an@bva.vn",
            "0912345678",
        ),
        (
            2,
            cast.staff_person.staff_code,
            "Nguyễn Thị Hoa",
            "Nữ",
            "17/05/1990",
            "Điều dưỡng",
            "Viên chức",
            "Khoa Nội A1",
            None,
            None,
        ),
    ]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.unit_path == org.a.path
    assert entry.changes == {"filters": [None, "tìm “nguyen”; đang công tác"], "rows": [None, 2]}


def test_export_people_refuses_a_caller_without_the_permission(cast: Cast) -> None:
    with pytest.raises(PermissionDeniedError):
        export_people(by=cast[Role.COUNCIL_MEMBER], filters=PeopleFilter(), summary="")

    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
