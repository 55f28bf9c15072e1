"""Create and edit people through the pages: dd/mm/yyyy dates, moves with a date and reason."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.enums import EmploymentKind, Gender
from thidua.organizations.models import Membership, Person
from thidua.organizations.tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def _payload(unit_pk: int, **changes: object) -> dict[str, object]:
    payload: dict[str, object] = {
        "staff_code": "BVA100",
        "full_name": "Nguyễn Văn An",
        "gender": Gender.MALE,
        "date_of_birth": "05/09/1990",
        "position": "Bác sĩ",
        "employment_kind": EmploymentKind.PUBLIC_EMPLOYEE,
        "unit": unit_pk,
        "email": "an@bva.vn",
        "phone": "0912 345 678",
    }
    payload.update(changes)
    return payload


def _edit_payload(person: Person, **changes: object) -> dict[str, object]:
    payload = _payload(
        person.unit_id,
        staff_code=person.staff_code,
        full_name=person.full_name,
        gender=person.gender,
        date_of_birth=person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else "",
        position=person.position,
        employment_kind=person.employment_kind,
        email=person.email,
        phone=person.phone,
        is_active="on",
        moved_on="",
        reason="",
    )
    payload.update(changes)
    return payload


def test_person_create_saves_with_a_membership(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        "/can-bo/them/", _payload(org.a1.pk, start_date="01/02/2024", staff_code="bva100")
    )

    person = Person.objects.get(staff_code="BVA100")
    assert response.status_code == 302
    assert response["Location"] == f"/can-bo/{person.pk}/"
    assert (person.full_name, person.date_of_birth, person.unit_id) == (
        "Nguyễn Văn An",
        dt.date(1990, 9, 5),
        org.a1.pk,
    )
    assert list(Membership.objects.filter(person=person).values_list("start_date", "end_date")) == [
        (dt.date(2024, 2, 1), None)
    ]


def test_person_create_shows_errors_at_the_fields(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        "/can-bo/them/",
        _payload(org.a1.pk, date_of_birth="31/02/1990", email="khong-hop-le", full_name=""),
    )

    errors = response.context["form"].errors
    assert errors["date_of_birth"] == [
        "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/09/1990."
    ]
    assert errors["email"] == ["Địa chỉ thư điện tử không hợp lệ."]
    assert "full_name" in errors
    assert 'class="form-control is-invalid"' in response.content.decode()
    assert not Person.objects.filter(staff_code="BVA100").exists()


def test_person_create_shows_a_taken_staff_code_at_its_field(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        "/can-bo/them/", _payload(org.a1.pk, staff_code=cast.staff_person.staff_code)
    )

    assert response.context["form"].errors["staff_code"] == [
        f"Mã cán bộ “{cast.staff_person.staff_code}” đã tồn tại."
    ]


def test_person_create_into_another_branch_is_refused(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post("/can-bo/them/", _payload(org.b1.pk))

    assert response.context["form"].errors["unit"] == [
        "Đơn vị không có trong danh sách bạn được chọn."
    ]
    assert not Person.objects.filter(staff_code="BVA100").exists()


def test_person_create_is_403_without_change_person(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.DEPT_LEADER])

    assert client.get("/can-bo/them/").status_code == 403


def test_person_edit_saves_changes(client: Client, cast: Cast, org: Org) -> None:
    person = PersonFactory(unit=org.a1, full_name="Trần Thị Bình")
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        f"/can-bo/{person.pk}/sua/",
        _edit_payload(person, full_name="Trần Thị Bình An", position="Điều dưỡng trưởng"),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.position, person.sort_name) == (
        "Trần Thị Bình An",
        "Điều dưỡng trưởng",
        "an tran thi binh",
    )


def test_person_edit_moving_needs_a_date_and_a_reason(client: Client, cast: Cast, org: Org) -> None:
    person = PersonFactory(unit=org.a1)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(f"/can-bo/{person.pk}/sua/", _edit_payload(person, unit=org.a2.pk))

    errors = response.context["form"].errors
    assert errors["moved_on"] == ["Hãy nhập ngày chuyển sang đơn vị mới."]
    assert errors["reason"] == ["Hãy ghi lý do chuyển đơn vị."]
    assert Person.objects.get(pk=person.pk).unit_id == org.a1.pk


def test_person_edit_moves_and_keeps_history(client: Client, cast: Cast, org: Org) -> None:
    person = PersonFactory(unit=org.a1)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        f"/can-bo/{person.pk}/sua/",
        _edit_payload(person, unit=org.a2.pk, moved_on="15/03/2026", reason="Điều động"),
    )

    assert response.status_code == 302
    history = list(
        Membership.objects.filter(person=person)
        .order_by("start_date")
        .values_list("unit_id", "start_date", "end_date")
    )
    assert history == [
        (org.a1.pk, dt.date(2020, 1, 1), dt.date(2026, 3, 14)),
        (org.a2.pk, dt.date(2026, 3, 15), None),
    ]
    assert AuditEntry.objects.get(action=AuditAction.MOVE).reason == "Điều động"


def test_person_edit_shows_the_service_error_about_the_move_date(
    client: Client, cast: Cast, org: Org
) -> None:
    person = PersonFactory(unit=org.a1)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        f"/can-bo/{person.pk}/sua/",
        _edit_payload(person, unit=org.a2.pk, moved_on="01/01/2020", reason="Điều động"),
    )

    assert response.context["form"].errors["moved_on"] == [
        "Ngày chuyển đơn vị phải sau ngày bắt đầu công tác tại đơn vị hiện tại (01/01/2020)."
    ]
    assert Membership.objects.filter(person=person).count() == 1


def test_person_edit_outside_scope_is_404(client: Client, cast: Cast, org: Org) -> None:
    outsider = PersonFactory(unit=org.b1, full_name="Lê Thị Lan")
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        f"/can-bo/{outsider.pk}/sua/", _edit_payload(outsider, full_name="Đã sửa")
    )

    assert response.status_code == 404
    assert Person.objects.get(pk=outsider.pk).full_name == "Lê Thị Lan"


def test_person_edit_is_403_for_readers_and_for_staff_on_themselves(
    client: Client, cast: Cast
) -> None:
    url = f"/can-bo/{cast.staff_person.pk}/sua/"
    client.force_login(cast[Role.UNIT_HEAD])
    reader = client.get(url)
    client.force_login(cast[Role.STAFF])
    staff = client.get(url)

    assert (reader.status_code, staff.status_code) == (403, 403)


@pytest.mark.parametrize("page", ["them/", "{pk}/sua/"])
def test_person_write_pages_redirect_anonymous_users(client: Client, cast: Cast, page: str) -> None:
    response = client.get("/can-bo/" + page.format(pk=cast.staff_person.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=/can-bo/")
