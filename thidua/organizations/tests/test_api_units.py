"""API v1 /units: scoped exactly like the unit pages."""

import pytest

from thidua.accounts.roles import Role
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Unit
from thidua.organizations.tests.api_client import ApiClient
from thidua.organizations.tests.factories import PersonFactory, make_unit

NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}
FORBIDDEN = {"detail": "Bạn không có quyền xem hoặc thực hiện thao tác này."}


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def _codes(response) -> list[str]:
    return [item["code"] for item in response.json()["items"]]


# --- GET /units ---------------------------------------------------------------------------------


def test_units_list_dept_officer_sees_the_whole_tree(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/units")

    assert response.status_code == 200
    assert response.json()["count"] == 7
    assert _codes(response) == [
        "SYT",
        "BV_A",
        "BV_A_K1",
        "BV_A_K2",
        "BV_B",
        "BV_B_K1",
        "PS_TCCB",
    ]


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.REVIEWER])
def test_units_list_unit_role_sees_own_subtree_only(cast, org, role):
    api = ApiClient(cast[role])

    response = api.get("/units")

    assert response.status_code == 200
    assert _codes(response) == ["BV_A", "BV_A_K1", "BV_A_K2"]


@pytest.mark.parametrize("who", ["staff", "nobody"])
def test_units_list_without_view_unit_forbidden(cast, org, who):
    user = cast[Role.STAFF] if who == "staff" else cast.nobody
    api = ApiClient(user)

    response = api.get("/units")

    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_units_list_item_has_documented_fields(cast, org):
    head = PersonFactory(unit=org.a1, full_name="Trần Văn Bình", staff_code="CB_HEAD")
    Unit.objects.filter(pk=org.a.pk).update(head=head)
    api = ApiClient(cast[Role.UNIT_OFFICER])

    item = api.get("/units", {"limit": 1}).json()["items"][0]

    assert {k: v for k, v in item.items() if k not in {"created_at", "updated_at"}} == {
        "id": org.a.pk,
        "code": "BV_A",
        "name": "Bệnh viện A",
        "abbreviation": "",
        "kind": "hospital",
        "kind_label": "Bệnh viện",
        "parent_id": org.root.pk,
        "path": org.a.path,
        "depth": 1,
        "head": {"id": head.pk, "staff_code": "CB_HEAD", "full_name": "Trần Văn Bình"},
        "is_active": True,
        "sort_order": 0,
    }


def test_units_list_filter_parent(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/units", {"parent": org.root.pk})

    assert _codes(response) == ["BV_A", "BV_B", "PS_TCCB"]


def test_units_list_filter_under_is_the_subtree(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/units", {"under": org.b.pk})

    assert _codes(response) == ["BV_B", "BV_B_K1"]


def test_units_list_filter_under_out_of_scope_unit_is_empty(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get("/units", {"under": org.b.pk})

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_units_list_filter_kind(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/units", {"kind": "hospital"})

    assert _codes(response) == ["BV_A", "BV_B"]


def test_units_list_search_ignores_diacritics_and_case(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/units", {"q": "KHOA noi"})

    assert _codes(response) == ["BV_A_K1", "BV_B_K1"]


def test_units_list_search_stays_in_scope(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get("/units", {"q": "khoa nội"})

    assert _codes(response) == ["BV_A_K1"]


def test_units_list_paginates_with_limit_and_offset(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/units", {"limit": 2, "offset": 2})

    assert response.json()["count"] == 7
    assert _codes(response) == ["BV_A_K1", "BV_A_K2"]


def test_units_list_invalid_kind_answers_422_in_vietnamese(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/units", {"kind": "benh-vien"})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "kind"]
    assert error["type"] == "enum"
    assert error["msg"].startswith("Giá trị không hợp lệ; chỉ nhận: 'department', 'hospital'")
    assert error["msg"].endswith(" hoặc 'health_station'.")


def test_units_list_limit_over_maximum_answers_422(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/units", {"limit": 501})

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["query", "limit"], "msg": "Phải nhỏ hơn hoặc bằng 500.", "type": "less_than_equal"}
    ]


@pytest.mark.parametrize("extra_units", [3, 30])
def test_units_list_query_count_constant(cast, org, django_assert_num_queries, extra_units):
    for n in range(extra_units):
        unit = make_unit(f"BV_X{n}", parent=org.root)
        Unit.objects.filter(pk=unit.pk).update(head=PersonFactory(unit=unit))
    api = ApiClient(cast[Role.DEPT_OFFICER])

    # token, grants, count, page (heads joined)
    with django_assert_num_queries(4):
        response = api.get("/units", {"limit": 100})

    assert response.json()["count"] == 7 + extra_units


# --- GET /units/{id} ----------------------------------------------------------------------------


def test_unit_detail_in_scope(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get(f"/units/{org.a1.pk}")

    assert response.status_code == 200
    assert response.json()["code"] == "BV_A_K1"


def test_unit_detail_out_of_scope_is_404(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get(f"/units/{org.b.pk}")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_unit_detail_unknown_id_is_404(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/units/999999")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_unit_detail_non_integer_id_answers_422_in_vietnamese(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/units/abc")

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["path", "unit_id"], "msg": "Phải là số nguyên.", "type": "int_parsing"}
    ]


# --- POST /units --------------------------------------------------------------------------------


def _new_unit(parent: Unit, **overrides) -> dict:
    return {
        "parent_id": parent.pk,
        "code": "bv_a_k3",
        "name": "  Khoa Hồi sức  ",
        "kind": "clinical_department",
        **overrides,
    }


def test_unit_create_in_own_subtree(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.post("/units", _new_unit(org.a))

    unit = Unit.objects.get(code="BV_A_K3")
    assert response.status_code == 201
    assert response.json()["id"] == unit.pk
    assert (unit.name, unit.parent_id, unit.path) == (
        "Khoa Hồi sức",
        org.a.pk,
        f"{org.a.path}{unit.pk}/",
    )
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, target_type="organizations.unit", target_id=str(unit.pk)
    ).values_list("actor", flat=True)[::1] == [cast[Role.UNIT_OFFICER].pk]


def test_unit_create_under_other_branch_is_404_and_writes_nothing(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.post("/units", _new_unit(org.b))

    assert response.status_code == 404
    assert not Unit.objects.filter(code="BV_A_K3").exists()


def test_unit_create_without_change_permission_is_403_and_writes_nothing(cast, org):
    api = ApiClient(cast[Role.UNIT_HEAD])

    response = api.post("/units", _new_unit(org.a))

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert not Unit.objects.filter(code="BV_A_K3").exists()


def test_unit_create_duplicate_code_answers_400_at_the_field(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.post("/units", _new_unit(org.a, code="BV_A_K1"))

    assert response.status_code == 400
    assert response.json() == {"detail": "Mã đơn vị “BV_A_K1” đã được dùng.", "field": "code"}


def test_unit_create_kind_not_fitting_the_parent_answers_400(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.post("/units", _new_unit(org.a1, kind="hospital"))

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dưới một khoa, phòng hoặc trạm chỉ có thể đặt khoa, phòng hoặc trạm.",
        "field": "kind",
    }


def test_unit_create_missing_fields_answers_422_in_vietnamese(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.post("/units", {"parent_id": org.a.pk, "code": ""})

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "payload", "code"],
            "msg": "Phải có ít nhất 1 ký tự.",
            "type": "string_too_short",
        },
        {"loc": ["body", "payload", "name"], "msg": "Thiếu trường bắt buộc.", "type": "missing"},
        {"loc": ["body", "payload", "kind"], "msg": "Thiếu trường bắt buộc.", "type": "missing"},
    ]


def test_unit_create_unreadable_json_answers_400_in_vietnamese(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.client.post(
        "/api/v1/units", "{not json", content_type="application/json", headers=api.headers
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Không đọc được nội dung yêu cầu: JSON không hợp lệ."}


# --- PATCH /units/{id} --------------------------------------------------------------------------


def test_unit_patch_changes_only_the_fields_sent(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/units/{org.a1.pk}", {"name": "Khoa Nội tổng hợp", "reason": "Đổi tên"})

    org.a1.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["name"] == "Khoa Nội tổng hợp"
    assert (org.a1.name, org.a1.code, org.a1.kind) == (
        "Khoa Nội tổng hợp",
        "BV_A_K1",
        UnitKind.CLINICAL_DEPARTMENT,
    )
    entry = AuditEntry.objects.get(
        action=AuditAction.UPDATE, target_type="organizations.unit", target_id=str(org.a1.pk)
    )
    assert (entry.changes, entry.reason) == (
        {"name": ["Khoa Nội A1", "Khoa Nội tổng hợp"]},
        "Đổi tên",
    )


def test_unit_patch_out_of_scope_is_404_and_changes_nothing(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/units/{org.b1.pk}", {"name": "Bị sửa"})

    org.b1.refresh_from_db()
    assert response.status_code == 404
    assert org.b1.name == "Khoa Nội B1"


def test_unit_patch_without_change_permission_is_403(cast, org):
    api = ApiClient(cast[Role.UNIT_HEAD])

    response = api.patch(f"/units/{org.a1.pk}", {"name": "Bị sửa"})

    org.a1.refresh_from_db()
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert org.a1.name == "Khoa Nội A1"


def test_unit_patch_null_for_a_required_field_answers_422(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/units/{org.a1.pk}", {"name": None})

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "payload", "name"], "msg": "Phải là chuỗi ký tự.", "type": "string_type"}
    ]


def test_unit_patch_head_from_the_subtree(cast, org):
    head = PersonFactory(unit=org.a1)
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/units/{org.a.pk}", {"head_id": head.pk})

    org.a.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["head"]["id"] == head.pk
    assert org.a.head_id == head.pk


def test_unit_patch_head_outside_the_unit_answers_400_at_head_id(cast, org):
    outsider = PersonFactory(unit=org.a2)
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/units/{org.a1.pk}", {"head_id": outsider.pk})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Thủ trưởng phải là người đang công tác tại đơn vị này hoặc đơn vị trực thuộc.",
        "field": "head_id",
    }


def test_unit_patch_head_out_of_scope_answers_400_at_head_id(cast, org):
    stranger = PersonFactory(unit=org.b1)
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/units/{org.a1.pk}", {"head_id": stranger.pk})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Không tìm thấy cán bộ này trong phạm vi của bạn.",
        "field": "head_id",
    }


def test_unit_patch_parent_moves_the_subtree(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.patch(f"/units/{org.a2.pk}", {"parent_id": org.b.pk, "reason": "Sáp nhập"})

    org.a2.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["parent_id"] == org.b.pk
    assert org.a2.path == f"{org.b.path}{org.a2.pk}/"
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.MOVE, target_type="organizations.unit", target_id=str(org.a2.pk)
        ).count()
        == 1
    )


def test_unit_patch_move_into_own_subtree_refused_as_a_cycle(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.patch(f"/units/{org.a.pk}", {"parent_id": org.a1.pk})

    org.a.refresh_from_db()
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Không thể chuyển đơn vị vào chính nó hoặc một đơn vị trực thuộc của nó (tạo vòng lặp).",
        "field": "parent_id",
    }
    assert org.a.parent_id == org.root.pk


def test_unit_patch_refused_move_rolls_back_the_field_changes(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.patch(f"/units/{org.a.pk}", {"name": "Tên mới", "parent_id": org.a1.pk})

    org.a.refresh_from_db()
    assert response.status_code == 400
    assert org.a.name == "Bệnh viện A"
    assert not AuditEntry.objects.filter(
        target_id=str(org.a.pk), action=AuditAction.UPDATE
    ).exists()


def test_unit_patch_move_to_out_of_scope_parent_is_404(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/units/{org.a2.pk}", {"parent_id": org.b.pk})

    org.a2.refresh_from_db()
    assert response.status_code == 404
    assert org.a2.parent_id == org.a.pk
