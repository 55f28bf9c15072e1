"""API v1 of the plan content: areas, the criteria tree, indicators and yearly targets, scoped
like the pages (read with VIEW_MOVEMENT in scope, write with MANAGE_MOVEMENT)."""

import json
from typing import Any

import pytest

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import ValueType
from thidua.movements.models import ContentArea, Criterion, Indicator, YearlyTarget
from thidua.movements.tests.factories import (
    make_area,
    make_criterion,
    make_indicator,
    make_movement,
)
from thidua.organizations.tests.api_client import API, ApiClient

NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}
FORBIDDEN = {"detail": "Bạn không có quyền xem hoặc thực hiện thao tác này."}


@pytest.fixture(autouse=True)
def _no_two_factor(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org):
    return make_movement(org.root)


@pytest.fixture
def foreign(org: Org):
    """A movement of Bệnh viện B: out of reach of the unit-level cast (on Bệnh viện A)."""
    movement = make_movement(org.b)
    area = make_area(movement, "ND1")
    criterion = make_criterion(area, "1", 100)
    return movement, area, criterion, make_indicator(criterion, "A")


@pytest.fixture
def area(movement):
    return make_area(movement, "ND1", name="Chuyển đổi số")


@pytest.fixture
def criterion(area):
    return make_criterion(area, "1", 100, name="Dịch vụ công")


@pytest.fixture
def officer(cast: Cast) -> ApiClient:
    return ApiClient(cast[Role.DEPT_OFFICER])


def _put(api: ApiClient, path: str, body: dict[str, Any]) -> Any:
    return api.client.put(
        API + path, json.dumps(body), content_type="application/json", headers=api.headers
    )


# --- Areas --------------------------------------------------------------------------------------


def test_areas_list_for_a_unit_officer(cast: Cast, movement, area) -> None:
    make_area(movement, "GP1", kind="solution", name="Lãnh đạo, chỉ đạo")

    response = ApiClient(cast[Role.UNIT_OFFICER]).get(f"/movements/{movement.pk}/areas")

    assert response.status_code == 200
    assert [(a["code"], a["kind"], a["name"]) for a in response.json()] == [
        ("ND1", "content", "Chuyển đổi số"),
        ("GP1", "solution", "Lãnh đạo, chỉ đạo"),
    ]


def test_areas_of_a_movement_out_of_scope_is_404(cast: Cast, foreign) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).get(f"/movements/{foreign[0].pk}/areas")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_areas_for_a_user_without_role_is_403(cast: Cast, movement) -> None:
    response = ApiClient(cast.nobody).get(f"/movements/{movement.pk}/areas")

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


def test_area_create_by_a_dept_officer(officer: ApiClient, movement) -> None:
    response = officer.post(
        f"/movements/{movement.pk}/areas",
        {"code": "nd2", "name": "Kinh tế số", "kind": "content", "order": 2},
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["code"], body["order"], body["movement_id"]) == ("ND2", 2, movement.pk)
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, target_type="movements.contentarea"
    ).exists()


def test_area_create_by_a_unit_officer_is_403(cast: Cast, movement) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/movements/{movement.pk}/areas", {"code": "ND2", "name": "X", "kind": "content"}
    )

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert ContentArea.objects.count() == 0


def test_area_create_with_a_taken_code_is_400_at_the_field(officer: ApiClient, movement, area):
    response = officer.post(
        f"/movements/{movement.pk}/areas", {"code": "ND1", "name": "X", "kind": "content"}
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Mã nội dung “ND1” đã được dùng trong phong trào này.", "field": "code"},
    )


def test_area_patch_changes_only_the_fields_sent(officer: ApiClient, area) -> None:
    response = officer.patch(f"/areas/{area.pk}", {"name": "Chuyển đổi số cơ quan nhà nước"})

    assert response.status_code == 200
    area.refresh_from_db()
    assert (area.code, area.name, area.kind) == ("ND1", "Chuyển đổi số cơ quan nhà nước", "content")


def test_area_patch_out_of_scope_is_404(cast: Cast, foreign) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).patch(f"/areas/{foreign[1].pk}", {"name": "X"})

    assert response.status_code == 404


# --- Criteria -----------------------------------------------------------------------------------


def test_criteria_list_is_flat_in_tree_order_with_depth_and_warnings(
    cast: Cast, movement, area, criterion
) -> None:
    child = make_criterion(area, "1.1", 60, parent=criterion)

    response = ApiClient(cast[Role.STAFF]).get(f"/movements/{movement.pk}/criteria")

    body = response.json()
    assert body["total_points"] == "100"
    assert body["warnings"] == ["Các tiêu chí con của 1 cộng lại 60, phải bằng 100."]
    assert [(c["code"], c["parent_id"], c["depth"], c["max_points"]) for c in body["items"]] == [
        ("1", None, 0, "100.00"),
        ("1.1", criterion.pk, 1, "60.00"),
    ]
    assert child.pk == body["items"][1]["id"]


def test_criterion_create_under_a_parent(officer: ApiClient, movement, area, criterion) -> None:
    response = officer.post(
        f"/movements/{movement.pk}/criteria",
        {
            "area_id": area.pk,
            "parent_id": criterion.pk,
            "code": "1.1",
            "name": "Hồ sơ",
            "max_points": "40.5",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["depth"], body["max_points"], body["weight"]) == (1, "40.50", "1.0000")


def test_criterion_create_with_a_parent_in_another_area_is_400(
    officer: ApiClient, movement, criterion
) -> None:
    other = make_area(movement, "ND2")

    response = officer.post(
        f"/movements/{movement.pk}/criteria",
        {
            "area_id": other.pk,
            "parent_id": criterion.pk,
            "code": "2.1",
            "name": "X",
            "max_points": 5,
        },
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "Tiêu chí cấp trên phải thuộc cùng nội dung với tiêu chí này.",
            "field": "parent_id",
        },
    )
    assert Criterion.objects.count() == 1


def test_criterion_create_with_an_area_of_another_movement_is_400(
    officer: ApiClient, movement, org: Org
) -> None:
    other = make_area(make_movement(org.root), "ND1")

    response = officer.post(
        f"/movements/{movement.pk}/criteria",
        {"area_id": other.pk, "code": "1", "name": "X", "max_points": 5},
    )

    assert (response.status_code, response.json()["field"]) == (400, "area_id")


def test_criterion_patch_moves_it_to_the_top_level(officer: ApiClient, area, criterion) -> None:
    child = make_criterion(area, "1.1", 60, parent=criterion)

    response = officer.patch(f"/criteria/{child.pk}", {"parent_id": None})

    assert (response.status_code, response.json()["depth"]) == (200, 0)
    child.refresh_from_db()
    assert child.parent_id is None


def test_criterion_patch_out_of_scope_is_404(cast: Cast, foreign) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).patch(f"/criteria/{foreign[2].pk}", {"name": "X"})

    assert response.status_code == 404


def test_criterion_patch_by_a_unit_officer_is_403(cast: Cast, criterion) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).patch(f"/criteria/{criterion.pk}", {"name": "X"})

    assert response.status_code == 403


# --- Indicators ---------------------------------------------------------------------------------


def _indicator_body(criterion, **fields) -> dict[str, Any]:
    return {
        "criterion_id": criterion.pk,
        "code": "TY_LE_DVC",
        "name": "Tỉ lệ dịch vụ công trực tuyến toàn trình",
        "value_type": "percentage",
        "unit_label": "%",
        **fields,
    }


def test_indicator_create_returns_it_with_default_bounds(
    officer: ApiClient, movement, criterion
) -> None:
    response = officer.post(f"/movements/{movement.pk}/indicators", _indicator_body(criterion))

    assert response.status_code == 201
    body = response.json()
    assert (body["code"], body["min_value"], body["max_value"], body["is_computed"]) == (
        "TY_LE_DVC",
        "0.0000",
        "100.0000",
        False,
    )
    assert body["yearly_targets"] == []


def test_indicator_create_with_a_cycle_is_400_at_the_formula(
    officer: ApiClient, movement, criterion
) -> None:
    make_indicator(criterion, "A", formula="B + 1")

    response = officer.post(
        f"/movements/{movement.pk}/indicators",
        _indicator_body(criterion, code="B", value_type="number", formula="A * 2"),
    )

    assert response.status_code == 400
    assert response.json()["field"] == "formula"
    assert response.json()["detail"].startswith("Các công thức tham chiếu vòng tròn: A → B → A.")


def test_indicator_patch_with_an_unknown_reference_is_400_at_the_formula(
    officer: ApiClient, criterion
) -> None:
    indicator = make_indicator(criterion, "A")

    response = officer.patch(f"/indicators/{indicator.pk}", {"formula": "KHONG_CO * 2"})

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Chỉ tiêu “KHONG_CO” không tồn tại (ở vị trí 1).", "field": "formula"},
    )
    indicator.refresh_from_db()
    assert indicator.formula == ""


def test_indicator_patch_sets_a_formula(officer: ApiClient, criterion) -> None:
    make_indicator(criterion, "TONG")
    indicator = make_indicator(criterion, "NUA")

    response = officer.patch(f"/indicators/{indicator.pk}", {"formula": "tong / 2"})

    assert (response.status_code, response.json()["is_computed"]) == (200, True)


def test_indicator_patch_by_a_unit_officer_is_403(cast: Cast, criterion) -> None:
    indicator = make_indicator(criterion, "A")

    response = ApiClient(cast[Role.UNIT_OFFICER]).patch(
        f"/indicators/{indicator.pk}", {"name": "X"}
    )

    assert response.status_code == 403


def test_indicator_of_another_branch_is_404(cast: Cast, foreign) -> None:
    api = ApiClient(cast[Role.UNIT_OFFICER])

    assert api.get(f"/indicators/{foreign[3].pk}").status_code == 404
    assert api.patch(f"/indicators/{foreign[3].pk}", {"name": "X"}).status_code == 404
    assert (
        _put(api, f"/indicators/{foreign[3].pk}/yearly-targets", {"targets": []}).status_code == 404
    )


def _many_indicators(criterion, count: int) -> None:
    for number in range(count):
        indicator = make_indicator(criterion, f"CT_{number:02d}")
        YearlyTarget.objects.create(indicator=indicator, year=2026, value=number)


@pytest.mark.parametrize("count", [3, 30])
def test_indicators_list_query_count_does_not_grow(
    cast: Cast, movement, criterion, django_assert_num_queries, count
) -> None:
    _many_indicators(criterion, count)
    api = ApiClient(cast[Role.UNIT_OFFICER])

    # token, grants, movement, indicators, their yearly targets
    with django_assert_num_queries(5):
        response = api.get(f"/movements/{movement.pk}/indicators")

    assert len(response.json()) == count
    assert response.json()[2]["yearly_targets"] == [{"year": 2026, "value": "2.0000"}]


# --- Yearly targets -----------------------------------------------------------------------------


def test_put_yearly_targets_replaces_the_whole_set(officer: ApiClient, criterion) -> None:
    indicator = make_indicator(criterion, "TY_LE", value_type=ValueType.PERCENTAGE)
    YearlyTarget.objects.create(indicator=indicator, year=2025, value=40)

    response = _put(
        officer,
        f"/indicators/{indicator.pk}/yearly-targets",
        {"targets": [{"year": 2026, "value": "62.5"}, {"year": 2030, "value": 100}]},
    )

    assert response.status_code == 200
    assert response.json()["yearly_targets"] == [
        {"year": 2026, "value": "62.5000"},
        {"year": 2030, "value": "100.0000"},
    ]


def test_put_yearly_targets_out_of_range_is_400_and_saves_nothing(
    officer: ApiClient, criterion
) -> None:
    indicator = make_indicator(criterion, "TY_LE", value_type=ValueType.PERCENTAGE)

    response = _put(
        officer,
        f"/indicators/{indicator.pk}/yearly-targets",
        {"targets": [{"year": 2025, "value": "50"}, {"year": 2026, "value": "120"}]},
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Giá trị không được lớn hơn 100.", "field": "targets.2026"},
    )
    assert YearlyTarget.objects.count() == 0


def test_put_yearly_targets_by_a_unit_officer_is_403(cast: Cast, criterion) -> None:
    indicator = make_indicator(criterion, "A")

    response = _put(
        ApiClient(cast[Role.UNIT_OFFICER]),
        f"/indicators/{indicator.pk}/yearly-targets",
        {"targets": [{"year": 2026, "value": "1"}]},
    )

    assert response.status_code == 403
    assert Indicator.objects.get().yearly.count() == 0
