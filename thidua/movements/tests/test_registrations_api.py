"""API v1 of targets, rounds, unit and personal registrations and pledges: the pages' rules,
scoped the same way (403 without the permission, 404 outside the scope, 400 for bad input)."""

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.movements.enums import ApprovalStatus, MovementStatus, TargetStatus, ValueType
from thidua.movements.models import (
    Indicator,
    Movement,
    PersonalRegistration,
    Pledge,
    RegistrationRound,
    Target,
    UnitRegistration,
)
from thidua.movements.tests.factories import (
    make_area,
    make_criterion,
    make_indicator,
    make_movement,
    make_personal_registration,
    make_target,
    make_unit_registration,
    open_round_today,
)
from thidua.organizations.models import Cluster, ClusterMember
from thidua.organizations.tests.api_client import API, ApiClient
from thidua.organizations.tests.factories import PersonFactory, make_unit

YEAR = timezone.localdate().year
NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}
FORBIDDEN = {"detail": "Bạn không có quyền xem hoặc thực hiện thao tác này."}


class Api(ApiClient):
    def put(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.put(
            API + path, json.dumps(body), content_type="application/json", headers=self.headers
        )


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@dataclass
class Plan:
    movement: Movement
    round: RegistrationRound
    dvc: Indicator
    trained: Indicator


@pytest.fixture
def plan(org: Org) -> Plan:
    movement = make_movement(org.root, status=MovementStatus.LAUNCHED)
    criterion = make_criterion(make_area(movement), "1", 100)
    return Plan(
        movement=movement,
        round=open_round_today(movement),
        dvc=make_indicator(criterion, "DVC", value_type=ValueType.PERCENTAGE, order=1),
        trained=make_indicator(criterion, "DAO_TAO", value_type=ValueType.COUNT, order=2),
    )


def _base(plan: Plan) -> str:
    return f"/movements/{plan.movement.pk}"


# --- Targets ------------------------------------------------------------------------------------


def test_api_targets_list_is_scoped(cast: Cast, org: Org, plan: Plan) -> None:
    own = make_target(plan.dvc, org.a, YEAR, "85.5")
    make_target(plan.dvc, org.b, YEAR, "70")

    response = Api(cast[Role.UNIT_OFFICER]).get(_base(plan) + "/targets", {"year": YEAR})

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": own.pk,
                "indicator": {"id": plan.dvc.pk, "code": "DVC", "name": "Chỉ tiêu DVC"},
                "unit": {"id": org.a.pk, "code": "BV_A", "name": "Bệnh viện A"},
                "year": YEAR,
                "value": "85.5000",
                "status": "approved",
                "note": "",
                "decided_at": None,
            }
        ],
    }


def test_api_targets_filter_by_a_unit_outside_scope_is_404(
    cast: Cast, org: Org, plan: Plan
) -> None:
    response = Api(cast[Role.UNIT_OFFICER]).get(_base(plan) + "/targets", {"unit_id": org.b.pk})

    assert response.status_code == 404


def test_api_put_targets_department_assigns(cast: Cast, org: Org, plan: Plan) -> None:
    response = Api(cast[Role.DEPT_OFFICER]).put(
        _base(plan) + "/targets",
        {
            "year": YEAR,
            "items": [
                {"unit_id": org.a.pk, "indicator_code": "dvc", "value": 90},
                {"unit_id": org.b.pk, "indicator_code": "DAO_TAO", "value": "1200"},
            ],
        },
    )

    assert response.status_code == 200
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0, "proposed": 0}
    assert sorted(Target.objects.values_list("unit__code", "value", "status")) == [
        ("BV_A", Decimal("90"), TargetStatus.APPROVED),
        ("BV_B", Decimal("1200"), TargetStatus.APPROVED),
    ]


def test_api_put_targets_reports_each_bad_item_and_writes_nothing(
    cast: Cast, org: Org, plan: Plan
) -> None:
    response = Api(cast[Role.DEPT_OFFICER]).put(
        _base(plan) + "/targets",
        {
            "year": YEAR,
            "items": [
                {"unit_id": org.a.pk, "indicator_code": "DVC", "value": 120},
                {"unit_id": org.b.pk, "indicator_code": "DAO_TAO", "value": "2,5"},
            ],
        },
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Tỉ lệ phần trăm phải từ 0 đến 100 (đã nhập 120).",
        "field": None,
        "errors": {
            "items[0].value": "Tỉ lệ phần trăm phải từ 0 đến 100 (đã nhập 120).",
            "items[1].value": "Chỉ tiêu đếm số lượng phải là số nguyên không âm (đã nhập 2,5).",
        },
    }
    assert Target.objects.count() == 0


def test_api_put_targets_unit_officer_proposes_and_cannot_reach_another_unit(
    cast: Cast, org: Org, plan: Plan
) -> None:
    api = Api(cast[Role.UNIT_OFFICER])

    own = api.put(
        _base(plan) + "/targets",
        {"year": YEAR, "items": [{"unit_id": org.a.pk, "indicator_code": "DVC", "value": 95}]},
    )
    other = api.put(
        _base(plan) + "/targets",
        {"year": YEAR, "items": [{"unit_id": org.b.pk, "indicator_code": "DVC", "value": 95}]},
    )

    assert own.json()["proposed"] == 1
    assert (other.status_code, other.json()) == (404, NOT_FOUND)
    assert list(Target.objects.values_list("unit__code", "status")) == [
        ("BV_A", TargetStatus.PROPOSED)
    ]


def test_api_put_targets_unknown_indicator_is_400(cast: Cast, org: Org, plan: Plan) -> None:
    response = Api(cast[Role.DEPT_OFFICER]).put(
        _base(plan) + "/targets",
        {"year": YEAR, "items": [{"unit_id": org.a.pk, "indicator_code": "KHONG_CO", "value": 1}]},
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Phong trào không có chỉ tiêu dạng số mã “KHONG_CO”.",
        "field": "items[0].indicator_code",
    }


def test_api_put_targets_refused_to_readers(cast: Cast, org: Org, plan: Plan) -> None:
    response = Api(cast[Role.UNIT_HEAD]).put(
        _base(plan) + "/targets",
        {"year": YEAR, "items": [{"unit_id": org.a.pk, "indicator_code": "DVC", "value": 1}]},
    )

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


def test_api_approve_and_return_targets(cast: Cast, org: Org, plan: Plan) -> None:
    first = make_target(plan.dvc, org.a, YEAR, "95", status=TargetStatus.PROPOSED)
    second = make_target(plan.trained, org.a, YEAR, "10", status=TargetStatus.PROPOSED)
    api = Api(cast[Role.DEPT_OFFICER])

    approved = api.post(f"/targets/{first.pk}/approve", {})
    no_reason = api.post(f"/targets/{second.pk}/return", {"reason": ""})
    returned = api.post(f"/targets/{second.pk}/return", {"reason": "Quá thấp."})

    assert approved.json()["status"] == "approved"
    assert (no_reason.status_code, no_reason.json()) == (
        400,
        {"detail": "Hãy nêu lý do trả lại để đơn vị, cá nhân biết cần sửa gì.", "field": "reason"},
    )
    assert (returned.json()["status"], returned.json()["note"]) == ("returned", "Quá thấp.")


def test_api_unit_officer_cannot_approve_targets(cast: Cast, org: Org, plan: Plan) -> None:
    target = make_target(plan.dvc, org.a, YEAR, "95", status=TargetStatus.PROPOSED)

    response = Api(cast[Role.UNIT_OFFICER]).post(f"/targets/{target.pk}/approve", {})

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


# --- Rounds and unit registrations --------------------------------------------------------------


def test_api_rounds_open_and_list(cast: Cast, plan: Plan) -> None:
    api = Api(cast[Role.DEPT_OFFICER])

    created = api.post(
        _base(plan) + "/rounds",
        {"year": 2028, "opens_on": "2028-01-01", "deadline": "2028-03-31"},
    )
    listed = api.get(_base(plan) + "/rounds")
    refused = Api(cast[Role.UNIT_OFFICER]).post(
        _base(plan) + "/rounds",
        {"year": 2029, "opens_on": "2029-01-01", "deadline": "2029-03-31"},
    )

    assert created.status_code == 201
    assert [r["year"] for r in listed.json()] == [2028, YEAR]
    assert refused.status_code == 403


def test_api_unit_registration_saved_submitted_and_approved(
    cast: Cast, org: Org, plan: Plan
) -> None:
    officer = Api(cast[Role.UNIT_OFFICER])
    url = _base(plan) + f"/registrations/{YEAR}/units/{org.a.pk}"

    before = officer.get(url)
    saved = officer.put(
        url,
        {
            "collective_title": "tap_the_lao_dong_xuat_sac",
            "commitments": "Bệnh án điện tử toàn viện.",
            "individual_counts": {"lao_dong_tien_tien": 200},
        },
    )
    sent = officer.post(url + "/submit", {})
    approved = Api(cast[Role.DEPT_OFFICER]).post(url + "/approve", {})

    assert before.json()["status"] == "not_started"
    assert saved.json()["status"] == "draft"
    assert sent.json()["status"] == "submitted"
    assert approved.json()["status"] == "approved"
    assert approved.json()["individual_counts"] == {"lao_dong_tien_tien": 200}


def test_api_unit_registration_refuses_an_individual_title(
    cast: Cast, org: Org, plan: Plan
) -> None:
    response = Api(cast[Role.UNIT_OFFICER]).put(
        _base(plan) + f"/registrations/{YEAR}/units/{org.a.pk}",
        {"collective_title": "lao_dong_tien_tien", "commitments": ""},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "collective_title"
    assert UnitRegistration.objects.count() == 0


def test_api_unit_registration_of_another_unit_is_404(cast: Cast, org: Org, plan: Plan) -> None:
    api = Api(cast[Role.UNIT_OFFICER])

    read = api.get(_base(plan) + f"/registrations/{YEAR}/units/{org.b.pk}")
    write = api.put(_base(plan) + f"/registrations/{YEAR}/units/{org.b.pk}", {"commitments": "x"})

    assert (read.status_code, write.status_code) == (404, 404)


def test_api_unit_registration_return_needs_a_reason(cast: Cast, org: Org, plan: Plan) -> None:
    make_unit_registration(plan.round, org.a, status=ApprovalStatus.SUBMITTED)
    api = Api(cast[Role.DEPT_OFFICER])
    url = _base(plan) + f"/registrations/{YEAR}/units/{org.a.pk}/return"

    empty = api.post(url, {"reason": " "})
    given = api.post(url, {"reason": "Bổ sung cam kết."})

    assert empty.status_code == 400
    assert (given.json()["status"], given.json()["return_reason"]) == (
        "returned",
        "Bổ sung cam kết.",
    )


def test_api_progress_lists_units_in_scope(cast: Cast, org: Org, plan: Plan) -> None:
    make_unit_registration(plan.round, org.b, status=ApprovalStatus.SUBMITTED)

    dept = Api(cast[Role.DEPT_OFFICER]).get(_base(plan) + f"/registrations/{YEAR}/units")
    unit = Api(cast[Role.UNIT_OFFICER]).get(_base(plan) + f"/registrations/{YEAR}/units")

    assert [(r["unit"]["code"], r["status"]) for r in dept.json()] == [
        ("BV_A", "not_started"),
        ("BV_B", "submitted"),
        ("PS_TCCB", "not_started"),
    ]
    assert [r["unit"]["code"] for r in unit.json()] == ["BV_A"]


@pytest.mark.parametrize("count", [3, 30])
def test_api_progress_query_count_constant(
    cast: Cast, org: Org, plan: Plan, count: int, django_assert_num_queries: Any
) -> None:
    for number in range(count):
        unit = make_unit(f"BV_X{number:02d}", parent=org.root)
        make_unit_registration(plan.round, unit, status=ApprovalStatus.DRAFT)
    api = Api(cast[Role.DEPT_OFFICER])

    # token, grants, movement, round, scope rows, units, registrations
    with django_assert_num_queries(7):
        response = api.get(_base(plan) + f"/registrations/{YEAR}/units")

    assert len(response.json()) == count + 3


# --- Personal registrations ---------------------------------------------------------------------


def test_api_me_registration_put_and_submit(cast: Cast, org: Org, plan: Plan) -> None:
    api = Api(cast[Role.STAFF])
    url = f"/me/registrations/{plan.movement.pk}/{YEAR}"

    empty = api.get(url)
    saved = api.put(url, {"title": "chien_si_thi_dua_co_so", "commitments": "Một sáng kiến."})
    sent = api.post(url + "/submit", {})
    listed = api.get("/me/registrations")

    assert empty.json()["registration"] is None
    assert empty.json()["deadline"] == plan.round.deadline.isoformat()
    assert saved.json()["registration"]["status"] == "draft"
    assert sent.json()["registration"]["status"] == "submitted"
    assert sent.json()["registration"]["unit"] == {
        "id": org.a1.pk,
        "code": "BV_A_K1",
        "name": "Khoa Nội A1",
    }
    assert [(r["year"], r["registration"]["status"]) for r in listed.json()] == [
        (YEAR, "submitted")
    ]


def test_api_me_registration_refuses_a_collective_title(cast: Cast, plan: Plan) -> None:
    response = Api(cast[Role.STAFF]).put(
        f"/me/registrations/{plan.movement.pk}/{YEAR}",
        {"title": "tap_the_lao_dong_tien_tien", "commitments": ""},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "title"
    assert PersonalRegistration.objects.count() == 0


def test_api_me_registration_without_a_person_is_403(cast: Cast, plan: Plan) -> None:
    response = Api(cast.nobody).get(f"/me/registrations/{plan.movement.pk}/{YEAR}")

    assert response.status_code == 403


def test_api_head_lists_and_decides_own_units_registrations(
    cast: Cast, org: Org, plan: Plan
) -> None:
    own = make_personal_registration(plan.round, cast.staff_person)
    other = make_personal_registration(plan.round, PersonFactory(unit=org.b1))
    head = Api(cast[Role.UNIT_HEAD])

    listed = head.get(_base(plan) + f"/registrations/{YEAR}/people")
    approved = head.post(f"/personal-registrations/{own.pk}/approve", {})
    foreign = head.post(f"/personal-registrations/{other.pk}/approve", {})
    bulk_foreign = head.post(
        _base(plan) + f"/registrations/{YEAR}/people/approve", {"ids": [other.pk]}
    )

    assert [item["id"] for item in listed.json()["items"]] == [own.pk]
    assert approved.json()["status"] == "approved"
    assert (foreign.status_code, bulk_foreign.status_code) == (404, 404)
    other.refresh_from_db()
    assert other.status == ApprovalStatus.SUBMITTED


def test_api_staff_cannot_list_or_decide(cast: Cast, org: Org, plan: Plan) -> None:
    registration = make_personal_registration(plan.round, PersonFactory(unit=org.a1))
    staff = Api(cast[Role.STAFF])

    listed = staff.get(_base(plan) + f"/registrations/{YEAR}/people")
    decided = staff.post(f"/personal-registrations/{registration.pk}/approve", {})

    assert (listed.status_code, decided.status_code) == (403, 403)


def test_api_head_bulk_approves(cast: Cast, org: Org, plan: Plan) -> None:
    first = make_personal_registration(plan.round, cast.staff_person)
    second = make_personal_registration(plan.round, PersonFactory(unit=org.a2))

    response = Api(cast[Role.UNIT_HEAD]).post(
        _base(plan) + f"/registrations/{YEAR}/people/approve", {"ids": [first.pk, second.pk]}
    )

    assert [item["status"] for item in response.json()] == ["approved", "approved"]


# --- Pledges ------------------------------------------------------------------------------------


@pytest.fixture
def cluster(org: Org) -> Cluster:
    cluster = Cluster.objects.create(year=2026, code="BV", name="Khối bệnh viện")
    for unit in (org.a, org.office):
        ClusterMember.objects.create(cluster=cluster, unit=unit, year=2026)
    return cluster


def _pledge_body(cluster: Cluster, *units: Any) -> dict[str, Any]:
    return {
        "cluster_id": cluster.pk,
        "title": "Giao ước khối bệnh viện",
        "content": "Cam kết chuyển đổi số.",
        "signed_on": "2026-03-03",
        "place": "Hà Nội",
        "signatories": [
            {"unit_id": unit.pk, "signer_name": "Nguyễn Văn Ký", "signer_position": "Giám đốc"}
            for unit in units
        ],
    }


def test_api_pledge_created_and_read_by_members(
    cast: Cast, org: Org, plan: Plan, cluster: Cluster
) -> None:
    created = Api(cast[Role.DEPT_OFFICER]).post(
        _base(plan) + "/pledges", _pledge_body(cluster, org.a)
    )
    member = Api(cast[Role.UNIT_OFFICER]).get(f"/pledges/{created.json()['id']}")

    assert created.status_code == 201
    assert member.json()["signatories"] == [
        {
            "unit": {"id": org.a.pk, "code": "BV_A", "name": "Bệnh viện A"},
            "signer_name": "Nguyễn Văn Ký",
            "signer_position": "Giám đốc",
        }
    ]
    assert member.json()["cluster"] == {
        "id": cluster.pk,
        "code": "BV",
        "name": "Khối bệnh viện",
        "year": 2026,
    }


def test_api_pledge_signatory_not_in_the_cluster_is_400(
    cast: Cast, org: Org, plan: Plan, cluster: Cluster
) -> None:
    response = Api(cast[Role.DEPT_OFFICER]).post(
        _base(plan) + "/pledges", _pledge_body(cluster, org.a, org.b)
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "“Bệnh viện B” không phải thành viên của “Khối bệnh viện” năm 2026; chỉ đơn "
        "vị thành viên mới ký giao ước.",
        "field": "signatories",
    }
    assert Pledge.objects.count() == 0


def test_api_pledge_refused_to_unit_officer_and_hidden_from_other_clusters(
    cast: Cast, org: Org, plan: Plan
) -> None:
    other = Cluster.objects.create(year=2026, code="B", name="Khối B")
    ClusterMember.objects.create(cluster=other, unit=org.b, year=2026)
    created = Api(cast[Role.DEPT_OFFICER]).post(
        _base(plan) + "/pledges", _pledge_body(other, org.b)
    )
    officer = Api(cast[Role.UNIT_OFFICER])

    write = officer.post(_base(plan) + "/pledges", _pledge_body(other, org.b))
    read = officer.get(f"/pledges/{created.json()['id']}")
    listed = officer.get(_base(plan) + "/pledges")

    assert write.status_code == 403
    assert (read.status_code, read.json()) == (404, NOT_FOUND)
    assert listed.json() == []


def test_api_pledge_put_replaces_it(cast: Cast, org: Org, plan: Plan, cluster: Cluster) -> None:
    api = Api(cast[Role.DEPT_OFFICER])
    created = api.post(_base(plan) + "/pledges", _pledge_body(cluster, org.a)).json()
    body = _pledge_body(cluster, org.a, org.office)
    del body["cluster_id"]

    response = api.put(f"/pledges/{created['id']}", {**body, "signed_on": "2026-03-04"})

    assert response.status_code == 200
    assert response.json()["signed_on"] == dt.date(2026, 3, 4).isoformat()
    assert [s["unit"]["code"] for s in response.json()["signatories"]] == ["BV_A", "PS_TCCB"]
