"""API v1 /people: scoped exactly like the people pages; staff see only themself."""

import datetime as dt

import pytest

from thidua.accounts.roles import Role
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.api.people import PeopleSort
from thidua.organizations.models import Membership, Person
from thidua.organizations.selectors.people import SORTS
from thidua.organizations.tests.api_client import ApiClient
from thidua.organizations.tests.factories import PersonFactory

NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}
FORBIDDEN = {"detail": "Bạn không có quyền xem hoặc thực hiện thao tác này."}


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def people(org, cast):
    """One person per unit besides the staff member (Nguyễn Thị Hoa, in Khoa A1)."""
    return {
        "an": PersonFactory(
            unit=org.a1, full_name="Nguyễn Văn An", staff_code="A1-001", gender="male"
        ),
        "binh": PersonFactory(
            unit=org.a2, full_name="Trần Thị Bình", staff_code="A2-001", position="Bác sĩ"
        ),
        "cuong": PersonFactory(unit=org.a, full_name="Lê Văn Cường", staff_code="A-001"),
        "duc": PersonFactory(
            unit=org.b1, full_name="Phạm Đức Giang", staff_code="B1-001", gender="male"
        ),
        "em": PersonFactory(
            unit=org.root, full_name="Hoàng Thị Em", staff_code="SYT-001", is_active=False
        ),
    }


def _names(response) -> list[str]:
    return [item["full_name"] for item in response.json()["items"]]


# --- GET /people --------------------------------------------------------------------------------


def test_people_list_dept_officer_sees_everyone_active(cast, people):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/people")

    assert response.status_code == 200
    # Vietnamese order: by given name (An, Bình, Cường, Giang, Hoa)
    assert _names(response) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Đức Giang",
        "Nguyễn Thị Hoa",
    ]


def test_people_list_unit_officer_sees_own_subtree_only(cast, people):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get("/people")

    assert response.json()["count"] == 4
    assert _names(response) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Nguyễn Thị Hoa",
    ]


def test_people_list_staff_is_forbidden_like_the_page(cast, people):
    # Staff read their own record at /people/{id}; the list needs VIEW_PERSON, as the page.
    api = ApiClient(cast[Role.STAFF])

    response = api.get("/people", {"active": "all"})

    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_people_list_user_without_grant_or_record_forbidden(cast, people):
    api = ApiClient(cast.nobody)

    response = api.get("/people")

    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_people_list_item_has_documented_fields(cast, people, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    [item] = api.get("/people", {"q": "A2-001"}).json()["items"]

    assert item == {
        "id": people["binh"].pk,
        "staff_code": "A2-001",
        "full_name": "Trần Thị Bình",
        "gender": "female",
        "gender_label": "Nữ",
        "date_of_birth": "1990-05-17",
        "position": "Bác sĩ",
        "employment_kind": "public_employee",
        "employment_kind_label": "Viên chức",
        "unit": {"id": org.a2.pk, "code": "BV_A_K2", "name": "Khoa Ngoại A2"},
        "email": "",
        "phone": "",
        "is_active": True,
    }


def test_people_list_search_without_diacritics(cast, people):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/people", {"q": "duc giang"})

    assert _names(response) == ["Phạm Đức Giang"]


def test_people_list_search_never_leaves_the_scope(cast, people):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get("/people", {"q": "giang"})

    assert response.json() == {"items": [], "count": 0}


def test_people_list_filter_unit_without_subunits(cast, people, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get("/people", {"unit": org.a.pk, "include_subunits": "false"})

    assert _names(response) == ["Lê Văn Cường"]


def test_people_list_filter_unit_with_subunits(cast, people, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get("/people", {"unit": org.a1.pk})

    assert _names(response) == ["Nguyễn Văn An", "Nguyễn Thị Hoa"]


def test_people_list_filter_unit_out_of_scope_is_empty(cast, people, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get("/people", {"unit": org.b1.pk})

    assert response.json() == {"items": [], "count": 0}


def test_people_list_filters_combine(cast, people):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/people", {"gender": "male", "employment_kind": "public_employee"})

    assert _names(response) == ["Nguyễn Văn An", "Phạm Đức Giang"]


def test_people_list_filter_position(cast, people):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/people", {"position": "Bác sĩ"})

    assert _names(response) == ["Trần Thị Bình"]


def test_people_list_inactive_and_all(cast, people):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    inactive = api.get("/people", {"active": "false"})
    everyone = api.get("/people", {"active": "all"})

    assert _names(inactive) == ["Hoàng Thị Em"]
    assert everyone.json()["count"] == 6


def test_people_list_sort_by_staff_code_descending(cast, people):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get("/people", {"sort": "-ma"})

    assert [item["staff_code"] for item in response.json()["items"]] == [
        cast.staff_person.staff_code,  # "CB…", from the factory
        "A2-001",
        "A1-001",
        "A-001",
    ]


def test_people_list_unknown_sort_answers_422_in_vietnamese(cast, people):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/people", {"sort": "tuoi"})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (["query", "sort"], "literal_error")
    assert error["msg"] == (
        "Giá trị không hợp lệ; chỉ nhận: 'ten', '-ten', 'ma', '-ma', 'don-vi', '-don-vi', "
        "'ngay-sinh' hoặc '-ngay-sinh'."
    )


def test_people_sort_keys_match_the_selector():
    assert set(PeopleSort.__args__) == set(SORTS)


@pytest.mark.parametrize("extra_people", [3, 30])
def test_people_list_query_count_constant(cast, org, django_assert_num_queries, extra_people):
    for n in range(extra_people):
        PersonFactory(unit=org.a1 if n % 2 else org.b1)
    api = ApiClient(cast[Role.DEPT_OFFICER])

    # token, grants, count, page (units joined)
    with django_assert_num_queries(4):
        response = api.get("/people", {"limit": 100})

    assert response.json()["count"] == extra_people + 1


# --- GET /people/{id} ---------------------------------------------------------------------------


def test_person_detail_includes_membership_history(cast, people, org):
    person = people["an"]
    Membership.objects.filter(person=person).update(end_date=dt.date(2023, 12, 31))
    Membership.objects.filter(person=person).update(unit=org.a2)
    Membership.objects.create(
        person=person, unit=org.a1, position="Điều dưỡng", start_date=dt.date(2024, 1, 1)
    )
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get(f"/people/{person.pk}")

    assert response.status_code == 200
    assert response.json()["memberships"] == [
        {
            "unit": {"id": org.a1.pk, "code": "BV_A_K1", "name": "Khoa Nội A1"},
            "position": "Điều dưỡng",
            "start_date": "2024-01-01",
            "end_date": None,
            "note": "",
        },
        {
            "unit": {"id": org.a2.pk, "code": "BV_A_K2", "name": "Khoa Ngoại A2"},
            "position": "Điều dưỡng",
            "start_date": "2020-01-01",
            "end_date": "2023-12-31",
            "note": "",
        },
    ]


def test_person_detail_out_of_scope_is_404(cast, people):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get(f"/people/{people['duc'].pk}")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_person_detail_staff_sees_own_record(cast, people):
    api = ApiClient(cast[Role.STAFF])

    response = api.get(f"/people/{cast.staff_person.pk}")

    assert response.status_code == 200
    assert response.json()["full_name"] == "Nguyễn Thị Hoa"


def test_person_detail_staff_cannot_see_a_colleague(cast, people):
    api = ApiClient(cast[Role.STAFF])

    response = api.get(f"/people/{people['an'].pk}")

    assert response.status_code == 403


def test_person_detail_query_count(cast, people, django_assert_num_queries):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    # token, grants, person (unit joined), memberships (units joined)
    with django_assert_num_queries(4):
        api.get(f"/people/{people['an'].pk}")


# --- POST /people -------------------------------------------------------------------------------


def _new_person(unit, **overrides) -> dict:
    return {
        "staff_code": "a1-099",
        "full_name": "  Vũ   Thị Lan ",
        "gender": "female",
        "employment_kind": "public_employee",
        "unit_id": unit.pk,
        "position": "Hộ sinh",
        "date_of_birth": "1995-02-03",
        "email": "Lan.Vu@Example.vn",
        **overrides,
    }


def test_person_create_in_own_subtree(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.post("/people", _new_person(org.a1, start_date="2026-01-05"))

    person = Person.objects.get(staff_code="A1-099")
    assert response.status_code == 201
    body = response.json()
    assert (body["id"], body["full_name"], body["email"]) == (
        person.pk,
        "Vũ Thị Lan",
        "lan.vu@example.vn",
    )
    assert body["memberships"] == [
        {
            "unit": {"id": org.a1.pk, "code": "BV_A_K1", "name": "Khoa Nội A1"},
            "position": "Hộ sinh",
            "start_date": "2026-01-05",
            "end_date": None,
            "note": "",
        }
    ]
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.CREATE, target_type="organizations.person", target_id=str(person.pk)
        ).count()
        == 1
    )


def test_person_create_into_other_branch_is_404_and_writes_nothing(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.post("/people", _new_person(org.b1))

    assert response.status_code == 404
    assert not Person.objects.filter(staff_code="A1-099").exists()


def test_person_create_without_change_permission_is_403_and_writes_nothing(cast, org):
    api = ApiClient(cast[Role.UNIT_HEAD])

    response = api.post("/people", _new_person(org.a1))

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert not Person.objects.filter(staff_code="A1-099").exists()


def test_person_create_duplicate_staff_code_answers_400_at_the_field(cast, org, people):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.post("/people", _new_person(org.a1, staff_code="A2-001"))

    assert response.status_code == 400
    assert response.json() == {"detail": "Mã cán bộ “A2-001” đã tồn tại.", "field": "staff_code"}


def test_person_create_bad_fields_answer_422_in_vietnamese(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.post(
        "/people",
        _new_person(
            org.a1, gender="khac", date_of_birth="03/02/1995", email="khong-phai-email", unit_id="x"
        ),
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "payload", "gender"],
            "msg": "Giá trị không hợp lệ; chỉ nhận: 'male' hoặc 'female'.",
            "type": "enum",
        },
        {
            "loc": ["body", "payload", "unit_id"],
            "msg": "Phải là số nguyên.",
            "type": "int_parsing",
        },
        {
            "loc": ["body", "payload", "date_of_birth"],
            "msg": "Ngày không hợp lệ; hãy dùng định dạng YYYY-MM-DD (ví dụ 2026-03-31).",
            "type": "date_from_datetime_parsing",
        },
        {
            "loc": ["body", "payload", "email"],
            "msg": "Địa chỉ thư điện tử không hợp lệ.",
            "type": "value_error",
        },
    ]


def test_person_create_too_long_name_answers_422(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.post("/people", _new_person(org.a1, full_name="A" * 151))

    assert response.json()["detail"] == [
        {
            "loc": ["body", "payload", "full_name"],
            "msg": "Không được dài quá 150 ký tự.",
            "type": "string_too_long",
        }
    ]


def test_person_create_birth_date_in_future_answers_400(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.post("/people", _new_person(org.a1, date_of_birth="2999-01-01"))

    assert response.status_code == 400
    assert response.json() == {"detail": "Ngày sinh không hợp lệ.", "field": "date_of_birth"}


# --- PATCH /people/{id} -------------------------------------------------------------------------


def test_person_patch_changes_only_the_fields_sent(cast, people):
    person = people["an"]
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/people/{person.pk}", {"position": "Trưởng khoa", "phone": "0912345678"})

    person.refresh_from_db()
    assert response.status_code == 200
    assert (person.position, person.phone, person.full_name, person.staff_code) == (
        "Trưởng khoa",
        "0912345678",
        "Nguyễn Văn An",
        "A1-001",
    )


def test_person_patch_moves_to_another_unit_with_history(cast, people, org):
    person = people["an"]
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(
        f"/people/{person.pk}",
        {"unit_id": org.a2.pk, "moved_on": "2025-07-01", "reason": "Điều động"},
    )

    assert response.status_code == 200
    assert [
        (m["unit"]["code"], m["start_date"], m["end_date"]) for m in response.json()["memberships"]
    ] == [("BV_A_K2", "2025-07-01", None), ("BV_A_K1", "2020-01-01", "2025-06-30")]
    entry = AuditEntry.objects.get(
        action=AuditAction.MOVE, target_type="organizations.person", target_id=str(person.pk)
    )
    assert entry.reason == "Điều động"


def test_person_patch_out_of_scope_is_404_and_changes_nothing(cast, people):
    person = people["duc"]
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/people/{person.pk}", {"full_name": "Bị sửa"})

    person.refresh_from_db()
    assert response.status_code == 404
    assert person.full_name == "Phạm Đức Giang"


def test_person_patch_move_into_other_branch_is_404_and_changes_nothing(cast, people, org):
    person = people["an"]
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/people/{person.pk}", {"unit_id": org.b1.pk})

    person.refresh_from_db()
    assert response.status_code == 404
    assert person.unit_id == org.a1.pk
    assert Membership.objects.filter(person=person).count() == 1


def test_person_patch_staff_on_own_record_is_403(cast, people):
    api = ApiClient(cast[Role.STAFF])

    response = api.patch(f"/people/{cast.staff_person.pk}", {"full_name": "Tự sửa"})

    cast.staff_person.refresh_from_db()
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert cast.staff_person.full_name == "Nguyễn Thị Hoa"


def test_person_patch_move_date_before_current_start_answers_400(cast, people, org):
    person = people["an"]
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/people/{person.pk}", {"unit_id": org.a2.pk, "moved_on": "2019-01-01"})

    person.refresh_from_db()
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Ngày chuyển đơn vị phải sau ngày bắt đầu công tác tại đơn vị hiện tại (01/01/2020).",
        "field": "moved_on",
    }
    assert person.unit_id == org.a1.pk
