"""API v1 of scoring tables: reads scoped like the pages, writes for MANAGE_MOVEMENT at the
movement's organising unit, 409 on a frozen version, every problem listed on 400."""

import datetime as dt
import json
from typing import Any

import pytest

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditEntry
from thidua.movements.enums import ValueType
from thidua.movements.models import Movement, ScoringRule, ScoringVersion, TitleBand
from thidua.movements.services.scoring import FROZEN_MESSAGE, freeze_version
from thidua.movements.tests.factories import (
    bands_params,
    make_indicators,
    make_movement,
    make_rule,
    make_scoring_table,
)
from thidua.organizations.tests.api_client import API, ApiClient
from thidua.organizations.tests.factories import UserFactory, grant

NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}
FORBIDDEN = {"detail": "Bạn không có quyền xem hoặc thực hiện thao tác này."}
GOOD_BANDS = bands_params(("0", "50", "0"), ("50", "80", "5"), ("80", None, "10"))


class Api(ApiClient):
    def put(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.put(
            API + path, json.dumps(body), content_type="application/json", headers=self.headers
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(API + path, headers=self.headers)


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org) -> Movement:
    return make_movement(org.root)


@pytest.fixture
def version(movement: Movement) -> ScoringVersion:
    _table, version = make_scoring_table(movement, name="Bảng chấm điểm 2026")
    [first, second] = make_indicators(movement, 2)
    make_rule(version, first, max_points="60")
    make_rule(version, second, method="linear", max_points="40", params={"cap_ratio": "1"})
    TitleBand.objects.create(version=version, min_total=90, label="Xuất sắc")
    TitleBand.objects.create(version=version, min_total="65.5", label="Khá")
    return version


@pytest.fixture
def other_movement(org: Org) -> Movement:
    """A movement of Bệnh viện B: out of scope for the unit roles of Bệnh viện A."""
    return make_movement(org.b)


# --- Reads -----------------------------------------------------------------------------------


def test_list_tables_of_a_movement_with_versions(cast: Cast, movement, version):
    make_scoring_table(movement, name="Bảng phụ")
    api = Api(cast[Role.UNIT_OFFICER])

    response = api.get(f"/movements/{movement.pk}/scoring-tables")

    assert response.status_code == 200
    assert [
        (t["name"], t["total_points"], [v["number"] for v in t["versions"]])
        for t in response.json()
    ] == [
        ("Bảng chấm điểm 2026", "100.00", [1]),
        ("Bảng phụ", "100.00", [1]),
    ]


def test_get_table_with_its_versions_newest_first(cast: Cast, version):
    ScoringVersion.objects.create(table=version.table, number=2, effective_from=dt.date(2026, 1, 1))
    api = Api(cast[Role.STAFF])

    response = api.get(f"/scoring-tables/{version.table_id}")

    assert response.status_code == 200
    assert [
        (v["number"], v["effective_from"], v["frozen_at"]) for v in response.json()["versions"]
    ] == [
        (2, "2026-01-01", None),
        (1, "2025-07-18", None),
    ]


def test_get_version_with_rules_and_bands(cast: Cast, version):
    api = Api(cast[Role.DEPT_LEADER])

    response = api.get(f"/scoring-versions/{version.pk}")

    body = response.json()
    assert response.status_code == 200
    assert (body["number"], body["table"]["name"], body["frozen_at"]) == (
        1,
        "Bảng chấm điểm 2026",
        None,
    )
    assert [
        (r["indicator"]["code"], r["method"], r["max_points"], r["params"]) for r in body["rules"]
    ] == [
        ("CT_01", "bands", "60.00", GOOD_BANDS),
        ("CT_02", "linear", "40.00", {"cap_ratio": "1"}),
    ]
    assert body["bands"] == [
        {"min_total": "90.00", "label": "Xuất sắc"},
        {"min_total": "65.50", "label": "Khá"},
    ]


def test_get_version_query_count_does_not_grow_with_rules(
    cast: Cast, movement, version, django_assert_num_queries
):
    api = Api(cast[Role.DEPT_OFFICER])
    # The token (with its user), the grants, the version with its table, the rules, the bands.
    with django_assert_num_queries(5):
        api.get(f"/scoring-versions/{version.pk}")
    for indicator in make_indicators(movement, 28):
        make_rule(version, indicator, method="linear", max_points="1", params={})

    with django_assert_num_queries(5):
        response = api.get(f"/scoring-versions/{version.pk}")

    assert len(response.json()["rules"]) == 30


@pytest.mark.parametrize(
    "path",
    [
        "/movements/{movement}/scoring-tables",
        "/scoring-tables/{table}",
        "/scoring-versions/{version}",
    ],
)
def test_reads_outside_the_scope_answer_404(cast: Cast, other_movement, path):
    table, version = make_scoring_table(other_movement)
    api = Api(cast[Role.UNIT_OFFICER])

    response = api.get(path.format(movement=other_movement.pk, table=table.pk, version=version.pk))

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_reads_without_any_role_answer_403(cast: Cast, version):
    api = Api(cast.nobody)

    response = api.get(f"/scoring-versions/{version.pk}")

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


# --- Writes ----------------------------------------------------------------------------------


def test_create_table_makes_version_one(cast: Cast, movement):
    api = Api(cast[Role.DEPT_OFFICER])

    response = api.post(
        f"/movements/{movement.pk}/scoring-tables",
        {"name": "Bảng điểm mới", "total_points": 100, "effective_from": "2026-01-01"},
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], [(v["number"], v["effective_from"]) for v in body["versions"]]) == (
        "Bảng điểm mới",
        [(1, "2026-01-01")],
    )


def test_create_version_copies_the_latest(cast: Cast, version):
    api = Api(cast[Role.DEPT_OFFICER])

    response = api.post(
        f"/scoring-tables/{version.table_id}/versions",
        {"effective_from": "2026-01-01", "note": "Điều chỉnh năm 2026"},
    )

    body = response.json()
    assert response.status_code == 201
    assert (body["number"], body["effective_from"], body["note"]) == (
        2,
        "2026-01-01",
        "Điều chỉnh năm 2026",
    )
    assert [(r["indicator"]["code"], r["max_points"]) for r in body["rules"]] == [
        ("CT_01", "60.00"),
        ("CT_02", "40.00"),
    ]
    assert [b["label"] for b in body["bands"]] == ["Xuất sắc", "Khá"]


def test_create_version_before_an_existing_date_answers_400(cast: Cast, version):
    api = Api(cast[Role.DEPT_OFFICER])

    response = api.post(
        f"/scoring-tables/{version.table_id}/versions", {"effective_from": "2025-07-18"}
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "Ngày áp dụng phải sau ngày áp dụng của mọi phiên bản đã có "
            "(phiên bản 1 áp dụng từ 18/07/2025).",
            "field": "effective_from",
        },
    )


def test_put_rule_creates_or_replaces(cast: Cast, movement, version):
    [third] = make_indicators(movement, 1, prefix="CO", value_type=ValueType.BOOLEAN)
    api = Api(cast[Role.DEPT_OFFICER])

    response = api.put(
        f"/scoring-versions/{version.pk}/rules/{third.pk}",
        {"method": "bonus", "max_points": "10", "params": {"per_unit": 2}, "reason": "Thêm thưởng"},
    )

    assert response.status_code == 200
    assert response.json() == {
        "indicator": {"id": third.pk, "code": "CO_03", "name": third.name},
        "method": "bonus",
        "max_points": "10.00",
        "params": {"per_unit": "2"},
    }


def test_put_rule_with_bad_bands_lists_every_problem(cast: Cast, movement, version):
    indicator = version.rules.get(indicator__code="CT_01").indicator
    api = Api(cast[Role.DEPT_OFFICER])

    response = api.put(
        f"/scoring-versions/{version.pk}/rules/{indicator.pk}",
        {
            "method": "bands",
            "max_points": 60,
            "params": bands_params(("0", "60", "0"), ("50", "70", "5"), ("80", None, "70")),
        },
    )

    assert response.status_code == 400
    assert response.json()["field"] == "params"
    assert response.json()["problems"] == [
        "Điểm của một khoảng (70) vượt điểm tối đa (60).",
        "Khoảng 2 (50 – 70) chồng lên khoảng 1 (0 – 60).",
        "Có khoảng trống giữa 70 và 80.",
    ]
    assert ScoringRule.objects.get(version=version, indicator=indicator).params == GOOD_BANDS


def test_writes_to_a_frozen_version_answer_409(cast: Cast, version):
    indicator = version.rules.get(indicator__code="CT_01").indicator
    freeze_version(version, reason="Đã chấm báo cáo quý I/2026")
    api = Api(cast[Role.DEPT_OFFICER])

    responses = [
        api.put(
            f"/scoring-versions/{version.pk}/rules/{indicator.pk}",
            {"method": "linear", "max_points": 60, "params": {}},
        ),
        api.delete(f"/scoring-versions/{version.pk}/rules/{indicator.pk}"),
        api.put(f"/scoring-versions/{version.pk}/bands", {"bands": []}),
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(409, {"detail": FROZEN_MESSAGE})] * 3
    assert ScoringRule.objects.filter(version=version).count() == 2


def test_put_bands_replaces_them(cast: Cast, version):
    api = Api(cast[Role.DEPT_OFFICER])

    response = api.put(
        f"/scoring-versions/{version.pk}/bands",
        {"bands": [{"min_total": 80, "label": "Tốt"}, {"min_total": "95", "label": "Xuất sắc"}]},
    )

    assert (response.status_code, response.json()) == (
        200,
        [{"min_total": "95", "label": "Xuất sắc"}, {"min_total": "80", "label": "Tốt"}],
    )


def test_put_bands_above_the_total_answers_400(cast: Cast, version):
    api = Api(cast[Role.DEPT_OFFICER])

    response = api.put(
        f"/scoring-versions/{version.pk}/bands", {"bands": [{"min_total": 120, "label": "Vượt"}]}
    )

    assert (response.status_code, response.json()["problems"]) == (
        400,
        ["Ngưỡng 120 điểm phải nằm trong khoảng 0 – 100."],
    )


def test_delete_rule(cast: Cast, version):
    indicator = version.rules.get(indicator__code="CT_02").indicator
    api = Api(cast[Role.DEPT_OFFICER])

    response = api.delete(f"/scoring-versions/{version.pk}/rules/{indicator.pk}")

    assert response.status_code == 204
    assert [r.indicator.code for r in ScoringRule.objects.filter(version=version)] == ["CT_01"]


def test_freeze_then_freeze_again_answers_409(cast: Cast, version):
    api = Api(cast[Role.DEPT_OFFICER])

    first = api.post(f"/scoring-versions/{version.pk}/freeze", {"reason": "Ban hành"})
    second = api.post(f"/scoring-versions/{version.pk}/freeze", {"reason": "Lần nữa"})

    assert first.status_code == 200
    assert first.json()["frozen_at"] is not None
    assert second.status_code == 409
    assert second.json()["detail"].startswith("Phiên bản đã được khóa lúc ")


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.DEPT_LEADER, Role.STAFF, Role.INSPECTOR])
def test_writes_by_readers_answer_403_and_change_nothing(cast: Cast, version, role):
    indicator = version.rules.get(indicator__code="CT_01").indicator
    api = Api(cast[role])

    responses = [
        api.post(f"/movements/{version.table.movement_id}/scoring-tables", {"name": "X"}),
        api.post(f"/scoring-tables/{version.table_id}/versions", {"effective_from": "2026-01-01"}),
        api.put(
            f"/scoring-versions/{version.pk}/rules/{indicator.pk}",
            {"method": "linear", "max_points": 60, "params": {}},
        ),
        api.put(f"/scoring-versions/{version.pk}/bands", {"bands": []}),
        api.post(f"/scoring-versions/{version.pk}/freeze", {"reason": "x"}),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    assert ScoringVersion.objects.filter(table=version.table).count() == 1
    assert AuditEntry.objects.filter(target_type__startswith="movements.").count() == 0


def test_a_manager_below_the_owner_reads_but_cannot_write(org: Org, version):
    officer_of_a = UserFactory(username="officer_a")
    grant(officer_of_a, Role.DEPT_OFFICER, org.a)
    api = Api(officer_of_a)

    read = api.get(f"/scoring-versions/{version.pk}")
    write = api.put(f"/scoring-versions/{version.pk}/bands", {"bands": []})

    assert read.status_code == 200
    assert (write.status_code, write.json()) == (
        403,
        {
            "detail": f"Bạn không có quyền sửa bảng chấm điểm của phong trào “{version.table.movement.name}”."
        },
    )


def test_writes_outside_the_scope_answer_404(org: Org, other_movement):
    officer_of_a = UserFactory(username="officer_a")
    grant(officer_of_a, Role.DEPT_OFFICER, org.a)
    table, version = make_scoring_table(other_movement)
    [indicator] = make_indicators(other_movement, 1)
    api = Api(officer_of_a)

    responses = [
        api.post(f"/movements/{other_movement.pk}/scoring-tables", {"name": "X"}),
        api.post(f"/scoring-tables/{table.pk}/versions", {"effective_from": "2026-01-01"}),
        api.put(
            f"/scoring-versions/{version.pk}/rules/{indicator.pk}",
            {"method": "linear", "max_points": 10, "params": {}},
        ),
        api.post(f"/scoring-versions/{version.pk}/freeze", {"reason": "x"}),
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(404, NOT_FOUND)] * 4


def test_put_rule_for_an_indicator_of_another_movement_answers_404(cast: Cast, org: Org, version):
    [foreign] = make_indicators(make_movement(org.root), 1)
    api = Api(cast[Role.DEPT_OFFICER])

    response = api.put(
        f"/scoring-versions/{version.pk}/rules/{foreign.pk}",
        {"method": "linear", "max_points": 10, "params": {}},
    )

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
