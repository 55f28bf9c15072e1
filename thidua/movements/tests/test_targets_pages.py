"""Targets pages: the matrix, one unit's targets (assign, propose, decide), scoped and pinned."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.movements.enums import MovementStatus, TargetStatus, ValueType
from thidua.movements.models import Indicator, Movement, Target, YearlyTarget
from thidua.movements.tests.factories import (
    make_area,
    make_criterion,
    make_indicator,
    make_movement,
    make_target,
)
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.tests.factories import make_unit

YEAR = 2026


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@dataclass
class Plan:
    movement: Movement
    dvc: Indicator
    trained: Indicator


@pytest.fixture
def plan(org: Org) -> Plan:
    movement = make_movement(org.root, status=MovementStatus.LAUNCHED)
    criterion = make_criterion(make_area(movement), "1", 100)
    dvc = make_indicator(
        criterion, "DVC", value_type=ValueType.PERCENTAGE, name="Dịch vụ công toàn trình", order=1
    )
    trained = make_indicator(criterion, "DAO_TAO", value_type=ValueType.COUNT, order=2)
    make_indicator(criterion, "BA_DT", value_type=ValueType.BOOLEAN, order=3)
    YearlyTarget.objects.create(indicator=dvc, year=YEAR, value=80)
    return Plan(movement=movement, dvc=dvc, trained=trained)


def _matrix_url(plan: Plan, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"nam": str(YEAR), **params}.items())
    return f"/phong-trao/{plan.movement.pk}/chi-tieu/?{query}"


def _unit_url(plan: Plan, unit_pk: int, suffix: str = "") -> str:
    return f"/phong-trao/{plan.movement.pk}/chi-tieu/don-vi/{unit_pk}/{suffix}?nam={YEAR}"


# --- The matrix ---------------------------------------------------------------------------------


def test_target_matrix_shows_units_of_the_so_with_defaults_and_own_targets(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    make_target(plan.dvc, org.a, YEAR, "85.5")
    make_target(plan.trained, org.b, YEAR, "40", status=TargetStatus.PROPOSED)
    client.force_login(cast[Role.DEPT_LEADER])

    response = client.get(_matrix_url(plan))

    assert response.status_code == 200
    matrix = response.context["matrix"]
    assert [i.code for i in matrix.indicators] == ["DVC", "DAO_TAO"]
    assert [
        (row.unit.code, [(str(c.effective), c.status) for c in row.cells]) for row in matrix.rows
    ] == [
        ("BV_A", [("85.5000", "approved"), ("None", "")]),
        ("BV_B", [("80.0000", ""), ("None", "proposed")]),
        ("PS_TCCB", [("80.0000", ""), ("None", "")]),
    ]
    assert response.context["editable"] == set()
    html = response.content.decode()
    assert "85,5" in html
    assert '<em class="text-muted">80</em>' in html
    assert "1 chỉ tiêu đơn vị đề xuất đang chờ Sở duyệt." in html


def test_target_matrix_with_sub_units_and_unit_filter(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    with_sub_units = client.get(_matrix_url(plan, khoa="1"))
    one_unit = client.get(_matrix_url(plan, don_vi=str(org.a.pk)))
    by_name = client.get(_matrix_url(plan, q="phong to chuc"))
    by_code = client.get(_matrix_url(plan, q="bv_b"))

    # Khoa/phòng under their unit, by name ("Khoa Ngoại A2" before "Khoa Nội A1").
    assert [r.unit.code for r in with_sub_units.context["matrix"].rows] == [
        "BV_A",
        "BV_A_K2",
        "BV_A_K1",
        "BV_B",
        "BV_B_K1",
        "PS_TCCB",
    ]
    assert [r.unit.code for r in one_unit.context["matrix"].rows] == [
        "BV_A",
        "BV_A_K2",
        "BV_A_K1",
    ]
    assert [r.unit.code for r in by_name.context["matrix"].rows] == ["PS_TCCB"]
    assert [r.unit.code for r in by_code.context["matrix"].rows] == ["BV_B"]
    assert with_sub_units.context["editable"] == {u.pk for u in vars(org).values() if u != org.root}


def test_target_matrix_unit_officer_sees_own_unit_only(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(_matrix_url(plan))
    other = client.get(_matrix_url(plan, don_vi=str(org.b.pk)))

    assert [r.unit.code for r in response.context["matrix"].rows] == ["BV_A"]
    assert response.context["editable"] == {org.a.pk}
    assert "Bệnh viện B" not in response.content.decode()
    assert other.status_code == 404


def test_target_matrix_refuses_users_without_movements_and_other_owners(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    elsewhere = make_movement(org.b)
    client.force_login(cast.nobody)
    nobody = client.get(_matrix_url(plan))
    client.force_login(cast[Role.UNIT_OFFICER])

    assert nobody.status_code == 403
    assert client.get(f"/phong-trao/{elsewhere.pk}/chi-tieu/").status_code == 404


def _cluster(code: str, year: int, *units: Unit) -> Cluster:
    cluster = Cluster.objects.create(year=year, code=code, name=f"Khối {code}")
    for unit in units:
        ClusterMember.objects.create(cluster=cluster, unit=unit, year=year)
    return cluster


def test_target_matrix_filters_by_a_cluster_of_the_year(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    cluster = _cluster("B", YEAR, org.b, org.office)
    last_year = _cluster("A", YEAR - 1, org.a)
    client.force_login(cast[Role.DEPT_OFFICER])

    members = client.get(_matrix_url(plan, cum=str(cluster.pk)))
    with_sub_units = client.get(_matrix_url(plan, cum=str(cluster.pk), khoa="1"))
    other_year = client.get(_matrix_url(plan, cum=str(last_year.pk)))

    assert [r.unit.code for r in members.context["matrix"].rows] == ["BV_B", "PS_TCCB"]
    assert [r.unit.code for r in with_sub_units.context["matrix"].rows] == [
        "BV_B",
        "BV_B_K1",
        "PS_TCCB",
    ]
    assert members.context["clusters"] == [cluster]
    assert f'<option value="{cluster.pk}" selected>Khối B</option>' in members.content.decode()
    # A cluster of another year (the year select was just changed) is no filter.
    assert other_year.context["cluster"] is None
    assert [r.unit.code for r in other_year.context["matrix"].rows] == ["BV_A", "BV_B", "PS_TCCB"]


def test_target_matrix_shows_50_units_a_page_and_proposals_of_every_page(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    for number in range(60):
        make_unit(f"BV_X{number:02d}", f"Bệnh viện X{number:02d}", parent=org.root)
    make_target(plan.trained, org.office, YEAR, 3, status=TargetStatus.PROPOSED)
    client.force_login(cast[Role.DEPT_OFFICER])

    first = client.get(_matrix_url(plan))
    second = client.get(_matrix_url(plan, page="2"))

    first_codes = [r.unit.code for r in first.context["matrix"].rows]
    second_codes = [r.unit.code for r in second.context["matrix"].rows]
    assert first_codes == ["BV_A", "BV_B"] + [f"BV_X{n:02d}" for n in range(48)]
    assert second_codes == [f"BV_X{n:02d}" for n in range(48, 60)] + ["PS_TCCB"]
    html = first.content.decode()
    assert "Trang 1 / 2" in html
    assert "63 đơn vị × 2 chỉ tiêu, trang này từ đơn vị thứ 1 đến 50." in html
    assert "1 chỉ tiêu đơn vị đề xuất đang chờ Sở duyệt." in html  # PS_TCCB is on page 2


@pytest.mark.parametrize("count", [3, 60])
@pytest.mark.parametrize(
    ("filters", "queries"),
    [
        # session, user, grants, movement, clusters of the year, scope rows, units, indicators,
        # defaults, targets of the page, targets by status, base.html's link
        ({}, 12),
        # … and the paths of the cluster's members (to add their khoa/phòng)
        ({"cum": "members", "khoa": "1"}, 13),
    ],
)
def test_target_matrix_query_count_does_not_grow_with_units(
    client: Client,
    cast: Cast,
    org: Org,
    plan: Plan,
    count: int,
    filters: dict[str, str],
    queries: int,
    django_assert_num_queries: Any,
) -> None:
    units = [
        make_unit(f"BV_X{number:02d}", f"Bệnh viện X{number:02d}", parent=org.root)
        for number in range(count)
    ]
    for number, unit in enumerate(units):
        make_target(plan.dvc, unit, YEAR, number)
        make_target(plan.trained, unit, YEAR, number, status=TargetStatus.PROPOSED)
    cluster = _cluster("X", YEAR, *units)
    params = {key: str(cluster.pk) if key == "cum" else value for key, value in filters.items()}
    client.force_login(cast[Role.DEPT_OFFICER])

    with django_assert_num_queries(queries):
        response = client.get(_matrix_url(plan, **params))

    shown = count if filters else count + 3
    assert len(response.context["matrix"].rows) == min(shown, 50)
    assert response.context["page"].paginator.count == shown
    assert response.context["proposed"] == count


# --- One unit: assign, propose ------------------------------------------------------------------


def test_unit_targets_department_assigns(client: Client, cast: Cast, org: Org, plan: Plan) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    page = client.get(_unit_url(plan, org.a.pk))
    response = client.post(
        _unit_url(plan, org.a.pk),
        {f"value_{plan.dvc.pk}": "92,5", f"value_{plan.trained.pk}": "", "note": ""},
    )

    assert page.status_code == 200
    assert page.context["may_assign"] is True
    assert response.status_code == 302
    assert response["Location"] == _unit_url(plan, org.a.pk)
    assert list(Target.objects.values_list("unit__code", "indicator__code", "value", "status")) == [
        ("BV_A", "DVC", Decimal("92.5000"), TargetStatus.APPROVED)
    ]
    followed = client.get(response["Location"])
    assert [str(m) for m in followed.context["messages"]] == ["Đã giao 1 chỉ tiêu cho Bệnh viện A."]


def test_unit_targets_unit_officer_proposes_for_own_unit(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        _unit_url(plan, org.a.pk), {f"value_{plan.dvc.pk}": "95", "note": "Đã đạt 93% năm 2025"}
    )

    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.status, target.note) == (TargetStatus.PROPOSED, "Đã đạt 93% năm 2025")
    followed = client.get(response["Location"])
    assert [str(m) for m in followed.context["messages"]] == [
        "Đã gửi đề xuất 1 chỉ tiêu của Bệnh viện A, chờ Sở duyệt."
    ]


def test_unit_targets_unit_officer_cannot_reach_another_unit(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    page = client.get(_unit_url(plan, org.b.pk))
    post = client.post(_unit_url(plan, org.b.pk), {f"value_{plan.dvc.pk}": "95"})

    assert (page.status_code, post.status_code) == (404, 404)
    assert Target.objects.count() == 0


def test_unit_targets_readers_cannot_write(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    client.force_login(cast[Role.UNIT_HEAD])

    page = client.get(_unit_url(plan, org.a.pk))
    post = client.post(_unit_url(plan, org.a.pk), {f"value_{plan.dvc.pk}": "95"})

    assert page.status_code == 200
    assert page.context["may_write"] is False
    assert post.status_code == 403
    assert Target.objects.count() == 0


def test_unit_targets_bad_value_shown_at_its_field_nothing_saved(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        _unit_url(plan, org.a.pk),
        {f"value_{plan.dvc.pk}": "120", f"value_{plan.trained.pk}": "15"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"value_{plan.dvc.pk}": ["Tỉ lệ phần trăm phải từ 0 đến 100 (đã nhập 120)."]
    }
    assert "is-invalid" in response.content.decode()
    assert Target.objects.count() == 0


# --- One unit: the department decides -----------------------------------------------------------


def test_unit_targets_department_approves_proposals(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    target = make_target(plan.dvc, org.a, YEAR, "95", status=TargetStatus.PROPOSED)
    client.force_login(cast[Role.DEPT_OFFICER])

    page = client.get(_unit_url(plan, org.a.pk))
    response = client.post(
        _unit_url(plan, org.a.pk, "quyet-dinh/"), {"ids": [target.pk], "action": "approve"}
    )

    assert [c.indicator.code for c in page.context["proposals"]] == ["DVC"]
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == TargetStatus.APPROVED


def test_unit_targets_return_needs_a_reason(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    target = make_target(plan.dvc, org.a, YEAR, "95", status=TargetStatus.PROPOSED)
    client.force_login(cast[Role.DEPT_OFFICER])

    empty = client.post(
        _unit_url(plan, org.a.pk, "quyet-dinh/"),
        {"ids": [target.pk], "action": "return", "reason": " "},
    )
    target.refresh_from_db()
    status_after_empty = target.status
    given = client.post(
        _unit_url(plan, org.a.pk, "quyet-dinh/"),
        {"ids": [target.pk], "action": "return", "reason": "Chưa có căn cứ."},
    )

    assert empty.status_code == 200
    assert empty.context["return_form"].errors == {
        "reason": ["Hãy nêu lý do trả lại để đơn vị, cá nhân biết cần sửa gì."]
    }
    assert status_after_empty == TargetStatus.PROPOSED
    assert given.status_code == 302
    target.refresh_from_db()
    assert (target.status, target.note) == (TargetStatus.RETURNED, "Chưa có căn cứ.")


def test_unit_targets_unit_officer_cannot_decide(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    target = make_target(plan.dvc, org.a, YEAR, "95", status=TargetStatus.PROPOSED)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        _unit_url(plan, org.a.pk, "quyet-dinh/"), {"ids": [target.pk], "action": "approve"}
    )

    assert response.status_code == 403
    target.refresh_from_db()
    assert target.status == TargetStatus.PROPOSED


def test_unit_targets_decide_with_a_target_of_another_unit_is_404(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    other = make_target(plan.dvc, org.b, YEAR, "95", status=TargetStatus.PROPOSED)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        _unit_url(plan, org.a.pk, "quyet-dinh/"), {"ids": [other.pk], "action": "approve"}
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == TargetStatus.PROPOSED
