"""API v1 of the plan: /movements, /phases, /periods — scoped like the pages."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditEntry
from thidua.movements.enums import MovementStatus, ReviewKind
from thidua.movements.models import Movement, MovementScope, Period, Phase
from thidua.movements.tests.factories import make_movement, make_phase, make_quarter, make_scope
from thidua.organizations.tests.api_client import ApiClient
from thidua.organizations.tests.factories import UserFactory, grant

D = dt.date
NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}
FORBIDDEN = {"detail": "Bạn không có quyền xem hoặc thực hiện thao tác này."}


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org) -> Movement:
    return make_movement(org.root, code="PT_SO", name="Phong trào của Sở")


@pytest.fixture
def movement_of_b(org: Org) -> Movement:
    return make_movement(
        org.b, code="PT_BV_B", name="Phong trào của Bệnh viện B", start_date=D(2026, 1, 1)
    )


@pytest.fixture
def officer_of_a(org: Org) -> User:
    user = UserFactory(username="thuong_truc_a")
    grant(user, Role.DEPT_OFFICER, org.a)
    return user


def _codes(response: Any) -> list[str]:
    return [item["code"] for item in response.json()["items"]]


# --- Movements ------------------------------------------------------------------------------------


def test_movement_list_per_role(cast: Cast, movement: Movement, movement_of_b: Movement) -> None:
    assert _codes(ApiClient(cast[Role.DEPT_OFFICER]).get("/movements")) == ["PT_BV_B", "PT_SO"]
    assert _codes(ApiClient(cast[Role.UNIT_OFFICER]).get("/movements")) == ["PT_SO"]
    assert _codes(ApiClient(cast[Role.STAFF]).get("/movements")) == ["PT_SO"]


def test_movement_list_without_a_role_is_403(cast: Cast, movement: Movement) -> None:
    response = ApiClient(cast.nobody).get("/movements")

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


def test_movement_list_filter_by_status(
    cast: Cast, movement: Movement, movement_of_b: Movement
) -> None:
    Movement.objects.filter(pk=movement.pk).update(status=MovementStatus.LAUNCHED)

    response = ApiClient(cast[Role.DEPT_LEADER]).get("/movements", {"status": "launched"})

    assert _codes(response) == ["PT_SO"]


def test_movement_detail_answers_every_field(cast: Cast, org: Org, movement: Movement) -> None:
    make_scope(movement, org.a, subtree=False)

    response = ApiClient(cast[Role.UNIT_HEAD]).get(f"/movements/{movement.pk}")

    assert response.status_code == 200
    assert response.json() == {
        "id": movement.pk,
        "code": "PT_SO",
        "name": "Phong trào của Sở",
        "kind": "thematic",
        "status": "draft",
        "owner": {"id": org.root.pk, "code": "SYT", "name": "Sở Y tế Hà Nội"},
        "start_date": "2025-07-18",
        "end_date": "2030-12-31",
        "for_collectives": True,
        "for_individuals": True,
        "description": "",
        "legal_basis": "",
        "scope": [
            {
                "unit": {"id": org.a.pk, "code": "BV_A", "name": "Bệnh viện A"},
                "include_subtree": False,
            }
        ],
    }


def test_movement_detail_outside_scope_is_404(cast: Cast, movement_of_b: Movement) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).get(f"/movements/{movement_of_b.pk}")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def _body(org: Org, **changes: Any) -> dict[str, Any]:
    return {
        "code": "cds_2026",
        "name": "Thi đua chuyển đổi số 2026",
        "kind": "thematic",
        "owner_id": org.root.pk,
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
    } | changes


def test_movement_create(cast: Cast, org: Org) -> None:
    response = ApiClient(cast[Role.DEPT_OFFICER]).post("/movements", _body(org))

    assert response.status_code == 201
    assert (response.json()["code"], response.json()["status"]) == ("CDS_2026", "draft")
    assert Movement.objects.get().owner == org.root


def test_movement_create_refusal_names_the_field(cast: Cast, org: Org) -> None:
    response = ApiClient(cast[Role.DEPT_OFFICER]).post(
        "/movements", _body(org, end_date="2025-12-31")
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Ngày kết thúc phải sau ngày bắt đầu.", "field": "end_date"},
    )


def test_movement_create_schema_refusal_in_vietnamese(cast: Cast, org: Org) -> None:
    response = ApiClient(cast[Role.DEPT_OFFICER]).post("/movements", _body(org, kind="weekly"))

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "Giá trị không hợp lệ; chỉ nhận: 'regular' hoặc 'thematic'."
    )


def test_movement_create_is_403_for_readers_and_404_for_an_owner_out_of_scope(
    cast: Cast, org: Org, officer_of_a: User
) -> None:
    reader = ApiClient(cast[Role.UNIT_OFFICER]).post("/movements", _body(org))
    outside = ApiClient(officer_of_a).post("/movements", _body(org, owner_id=org.b.pk))
    above = ApiClient(officer_of_a).post("/movements", _body(org))

    assert (reader.status_code, outside.status_code, above.status_code) == (403, 404, 404)
    assert Movement.objects.count() == 0


def test_movement_patch_fields_scope_and_status(cast: Cast, org: Org, movement: Movement) -> None:
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.patch(
        f"/movements/{movement.pk}",
        {
            "name": "Tên mới",
            "scope": [{"unit_id": org.a.pk}, {"unit_id": org.b.pk, "include_subtree": False}],
            "status": "launched",
        },
    )

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["status"]) == ("Tên mới", "launched")
    assert [(s["unit"]["code"], s["include_subtree"]) for s in response.json()["scope"]] == [
        ("BV_A", True),
        ("BV_B", False),
    ]
    assert AuditEntry.objects.filter(target_type="movements.movement").count() == 3


def test_movement_patch_of_a_launched_movement_needs_a_reason_and_writes_nothing(
    cast: Cast, org: Org, movement: Movement
) -> None:
    Movement.objects.filter(pk=movement.pk).update(status=MovementStatus.LAUNCHED)

    response = ApiClient(cast[Role.DEPT_OFFICER]).patch(
        f"/movements/{movement.pk}", {"name": "Tên mới", "scope": [{"unit_id": org.a.pk}]}
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "Phong trào đã phát động: hãy ghi lý do thay đổi (lưu vào nhật ký thao tác).",
            "field": "reason",
        },
    )
    assert (Movement.objects.get().name, MovementScope.objects.count()) == (
        "Phong trào của Sở",
        0,
    )


def test_movement_patch_scope_unit_out_of_scope_is_404(
    cast: Cast, org: Org, officer_of_a: User
) -> None:
    movement_of_a = make_movement(org.a)

    response = ApiClient(officer_of_a).patch(
        f"/movements/{movement_of_a.pk}", {"scope": [{"unit_id": org.b.pk}]}
    )

    assert response.status_code == 404
    assert MovementScope.objects.count() == 0


def test_movement_patch_is_403_for_a_reader_in_scope_and_404_outside(
    cast: Cast, movement: Movement, movement_of_b: Movement, officer_of_a: User
) -> None:
    in_scope = ApiClient(officer_of_a).patch(f"/movements/{movement.pk}", {"name": "X"})
    outside = ApiClient(officer_of_a).patch(f"/movements/{movement_of_b.pk}", {"name": "X"})
    reader = ApiClient(cast[Role.UNIT_OFFICER]).patch(f"/movements/{movement.pk}", {"name": "X"})

    assert (in_scope.status_code, outside.status_code, reader.status_code) == (403, 404, 403)
    assert Movement.objects.filter(name="X").count() == 0


@pytest.mark.parametrize("count", [3, 30])
def test_movement_list_query_count_does_not_grow(
    cast: Cast, org: Org, count: int, django_assert_num_queries: Any
) -> None:
    for _ in range(count):
        make_scope(make_movement(org.root), org.a)
    api = ApiClient(cast[Role.DEPT_OFFICER])

    # token, grants, count, movements, scope entries
    with django_assert_num_queries(5):
        response = api.get("/movements", {"limit": 100})

    assert len(response.json()["items"]) == count


# --- Phases ---------------------------------------------------------------------------------------


def test_phases_list_create_and_patch(cast: Cast, movement: Movement) -> None:
    api = ApiClient(cast[Role.DEPT_OFFICER])

    created = api.post(
        f"/movements/{movement.pk}/phases",
        {
            "number": 1,
            "name": "Giai đoạn 1",
            "start_date": "2025-07-18",
            "end_date": "2027-06-30",
            "review_kind": "preliminary",
            "review_date": "2027-07-15",
        },
    )
    phase_id = created.json()["id"]
    patched = api.patch(f"/phases/{phase_id}", {"review_name": "Hội nghị sơ kết"})
    listed = ApiClient(cast[Role.STAFF]).get(f"/movements/{movement.pk}/phases")

    assert created.status_code == 201
    assert patched.json() == {
        "id": phase_id,
        "number": 1,
        "name": "Giai đoạn 1",
        "start_date": "2025-07-18",
        "end_date": "2027-06-30",
        "review_kind": "preliminary",
        "review_name": "Hội nghị sơ kết",
        "review_date": "2027-07-15",
    }
    assert listed.json() == [patched.json()]


def test_phase_create_refusal_names_the_field(cast: Cast, movement: Movement) -> None:
    make_phase(movement, 1, D(2025, 7, 18), D(2027, 6, 30), name="Giai đoạn 1")

    response = ApiClient(cast[Role.DEPT_OFFICER]).post(
        f"/movements/{movement.pk}/phases",
        {"number": 2, "name": "Giai đoạn 2", "start_date": "2027-01-01", "end_date": "2030-12-31"},
    )

    assert (response.status_code, response.json()["field"]) == (400, "start_date")
    assert Phase.objects.count() == 1


def test_phase_patch_refuses_a_second_final_review(cast: Cast, movement: Movement) -> None:
    first = make_phase(movement, 1, D(2025, 7, 18), D(2027, 6, 30))
    make_phase(movement, 2, D(2027, 7, 1), D(2030, 12, 31), review_kind=ReviewKind.FINAL)

    response = ApiClient(cast[Role.DEPT_OFFICER]).patch(
        f"/phases/{first.pk}", {"review_kind": "final"}
    )

    assert response.json() == {
        "detail": "Phong trào chỉ tổng kết một lần (đã đặt ở giai đoạn 2).",
        "field": "review_kind",
    }


def test_phase_endpoints_scoped(
    cast: Cast, movement: Movement, movement_of_b: Movement, officer_of_a: User
) -> None:
    phase_of_b = make_phase(movement_of_b, 1, D(2026, 1, 1), D(2026, 12, 31))
    phase = make_phase(movement, 1, D(2025, 7, 18), D(2027, 6, 30))

    outside = ApiClient(cast[Role.UNIT_OFFICER]).get(f"/movements/{movement_of_b.pk}/phases")
    patch_outside = ApiClient(officer_of_a).patch(f"/phases/{phase_of_b.pk}", {"name": "X"})
    patch_reader = ApiClient(cast[Role.DEPT_LEADER]).patch(f"/phases/{phase.pk}", {"name": "X"})
    post_in_scope = ApiClient(officer_of_a).post(
        f"/movements/{movement.pk}/phases",
        {"number": 2, "name": "X", "start_date": "2028-01-01", "end_date": "2028-12-31"},
    )

    assert [r.status_code for r in (outside, patch_outside, patch_reader, post_in_scope)] == [
        404,
        404,
        403,
        403,
    ]


# --- Periods --------------------------------------------------------------------------------------


def test_periods_generate_then_list_with_filters(cast: Cast, org: Org) -> None:
    movement = make_movement(org.root, start_date=D(2026, 1, 1), end_date=D(2027, 12, 31))
    make_quarter(movement, 2026, 1)
    api = ApiClient(cast[Role.DEPT_OFFICER])

    generated = api.post(
        f"/movements/{movement.pk}/periods/generate",
        {"kinds": ["quarter", "year"], "due_after_days": 10, "lock_after_days": 30},
    )
    listed = ApiClient(cast[Role.STAFF]).get(
        f"/movements/{movement.pk}/periods", {"kind": "year", "year": 2027}
    )

    assert generated.status_code == 201
    assert generated.json()["kept"] == 1
    assert [p["name"] for p in generated.json()["created"]] == [
        "Năm 2026",
        "Quý II/2026",
        "Quý III/2026",
        "Quý IV/2026",
        "Quý I/2027",
        "Năm 2027",
        "Quý II/2027",
        "Quý III/2027",
        "Quý IV/2027",
    ]
    [year] = listed.json()
    assert {key: year[key] for key in ("kind", "year", "number", "name")} == {
        "kind": "year",
        "year": 2027,
        "number": 1,
        "name": "Năm 2027",
    }
    assert (year["start_date"], year["end_date"], year["opens_on"], year["due_on"]) == (
        "2027-01-01",
        "2027-12-31",
        "2027-12-31",
        "2028-01-10",
    )


def test_periods_generate_refusal_names_the_field(cast: Cast, movement: Movement) -> None:
    response = ApiClient(cast[Role.DEPT_OFFICER]).post(
        f"/movements/{movement.pk}/periods/generate",
        {"kinds": ["month"], "due_after_days": 10, "lock_after_days": 5},
    )

    assert (response.status_code, response.json()["field"]) == (400, "lock_after_days")
    assert Period.objects.count() == 0


def test_period_patch_dates_and_refusal(cast: Cast, movement: Movement) -> None:
    period = make_quarter(movement, 2026, 1)
    api = ApiClient(cast[Role.DEPT_OFFICER])

    saved = api.patch(f"/periods/{period.pk}", {"due_on": "2026-04-20"})
    refused = api.patch(f"/periods/{period.pk}", {"due_on": "2026-05-20"})

    assert (saved.status_code, saved.json()["due_on"]) == (200, "2026-04-20")
    assert (refused.status_code, refused.json()) == (
        400,
        {"detail": "Hạn nộp phải trước hoặc trùng ngày khóa số liệu.", "field": "due_on"},
    )


def test_period_endpoints_scoped(
    cast: Cast, movement: Movement, movement_of_b: Movement, officer_of_a: User
) -> None:
    period_of_b = make_quarter(movement_of_b, 2026, 1)
    period = make_quarter(movement, 2026, 1)

    list_outside = ApiClient(cast[Role.UNIT_OFFICER]).get(f"/movements/{movement_of_b.pk}/periods")
    patch_outside = ApiClient(officer_of_a).patch(f"/periods/{period_of_b.pk}", {})
    patch_reader = ApiClient(cast[Role.UNIT_OFFICER]).patch(f"/periods/{period.pk}", {})
    generate_reader = ApiClient(cast[Role.DEPT_LEADER]).post(
        f"/movements/{movement.pk}/periods/generate",
        {"kinds": ["year"], "due_after_days": 0, "lock_after_days": 0},
    )

    assert [
        r.status_code for r in (list_outside, patch_outside, patch_reader, generate_reader)
    ] == [404, 404, 403, 403]


@pytest.mark.parametrize("count", [3, 30])
def test_period_list_query_count_does_not_grow(
    cast: Cast, movement: Movement, count: int, django_assert_num_queries: Any
) -> None:
    for number in range(count):
        make_quarter(movement, 2000 + number, 1)
    api = ApiClient(cast[Role.UNIT_OFFICER])

    # token, grants, movement, periods
    with django_assert_num_queries(4):
        response = api.get(f"/movements/{movement.pk}/periods")

    assert len(response.json()) == count


def test_openapi_lists_the_plan_paths_under_their_tag(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()

    plan_paths = sorted(
        path
        for path, operations in schema["paths"].items()
        if any(operation["tags"] == ["Phong trào"] for operation in operations.values())
    )
    assert plan_paths == [
        "/api/v1/movements",
        "/api/v1/movements/{movement_id}",
        "/api/v1/movements/{movement_id}/periods",
        "/api/v1/movements/{movement_id}/periods/generate",
        "/api/v1/movements/{movement_id}/phases",
        "/api/v1/periods/{period_id}",
        "/api/v1/phases/{phase_id}",
    ]
