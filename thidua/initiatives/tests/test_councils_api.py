"""API v1 of councils, rounds, assignments and conflicts: the pages' rules, scoped the same way
(404 outside the scope, 403 for a member who does not manage, 400 with the service's message)."""

from typing import Any

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.initiatives.enums import InitiativeStatus, RoundStatus
from thidua.initiatives.models import Assignment, ConflictDeclaration, CouncilMember, ReviewRound
from thidua.initiatives.tests.council_factories import make_assignment, make_council, make_round
from thidua.initiatives.tests.council_support import build_scene, person_with_account
from thidua.organizations.tests.api_client import API, ApiClient
from thidua.organizations.tests.factories import UserFactory, grant

NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}
FORBIDDEN = {"detail": "Bạn không có quyền xem hoặc thực hiện thao tác này."}
TODAY = timezone.localdate()


class Api(ApiClient):
    def delete(self, path: str) -> Any:
        return self.client.delete(API + path, headers=self.headers)


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def scene(org, cast):  # type: ignore[no-untyped-def]
    return build_scene(org, cast)


@pytest.fixture
def officer_b(org):  # type: ignore[no-untyped-def]
    user = UserFactory(username="officer_b")
    grant(user, Role.UNIT_OFFICER, org.b)
    return user


# -- Councils ------------------------------------------------------------------------------------


def test_api_councils_list_scoped(scene, org, officer_b):
    make_council(org.b, name="Hội đồng sáng kiến Bệnh viện B")

    mine = Api(scene.manager).get("/initiatives/councils").json()
    theirs = Api(officer_b).get("/initiatives/councils").json()

    assert [c["name"] for c in mine["items"]] == ["Hội đồng sáng kiến Bệnh viện A năm 2026"]
    assert [c["name"] for c in theirs["items"]] == ["Hội đồng sáng kiến Bệnh viện B"]


def test_api_council_detail_with_members(scene):
    response = Api(scene.r_a2).get(f"/initiatives/councils/{scene.council.pk}")

    body = response.json()
    assert response.status_code == 200
    assert body["manages"] is False
    assert [(m["name"], m["role"], m["reviews"]) for m in body["members"]] == [
        ("Phạm Văn Giám", "chair", True),
        ("Đỗ Minh Khoa", "member", True),
        ("Vũ Thị Lan", "member", True),
        ("Hoàng Văn Sơn", "member", True),
        ("Bùi Thị Thư", "secretary", False),
    ]


def test_api_council_of_another_unit_not_found(scene, officer_b):
    response = Api(officer_b).get(f"/initiatives/councils/{scene.council.pk}/members")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_api_council_member_add(scene, org):
    newcomer = person_with_account(org.a2, "dd_a2", "Ngô Thị Mai").user

    response = Api(scene.manager).post(
        f"/initiatives/councils/{scene.council.pk}/members",
        {"user_id": newcomer.pk, "role": "standing"},
    )

    assert response.status_code == 201
    assert response.json()["role_label"] == "Ủy viên thường trực"


def test_api_council_member_add_by_a_member_forbidden(scene, org):
    newcomer = person_with_account(org.a2, "dd_a2", "Ngô Thị Mai").user

    response = Api(scene.r_a2).post(
        f"/initiatives/councils/{scene.council.pk}/members", {"user_id": newcomer.pk}
    )

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert not CouncilMember.objects.filter(user=newcomer).exists()


def test_api_council_member_add_outside_the_unit_refused(scene, org):
    elsewhere = person_with_account(org.b1, "bs_b1", "Trần Văn Bắc").user

    response = Api(scene.manager).post(
        f"/initiatives/councils/{scene.council.pk}/members", {"user_id": elsewhere.pk}
    )

    assert response.status_code == 400
    assert response.json()["field"] == "user_id"


# -- Rounds --------------------------------------------------------------------------------------


def test_api_round_create_add_open_auto_assign(scene):
    api = Api(scene.manager)

    created = api.post(
        f"/initiatives/councils/{scene.council.pk}/rounds",
        {
            "name": "Đợt chấm 2026",
            "opens_on": TODAY.isoformat(),
            "closes_on": TODAY.isoformat(),
            "reviewers_per_initiative": 2,
        },
    )
    round_id = created.json()["id"]
    added = api.post(
        f"/initiatives/rounds/{round_id}/initiatives",
        {"initiative_ids": [scene.sk_a1.pk, scene.sk_a2.pk]},
    )
    opened = api.post(f"/initiatives/rounds/{round_id}/open", {})
    assigned = api.post(f"/initiatives/rounds/{round_id}/auto-assign", {})

    assert created.status_code == 201
    assert [i["code"] for i in added.json()["initiatives"]] == sorted(
        [scene.sk_a1.code, scene.sk_a2.code]
    )
    assert opened.json()["status"] == "open"
    assert assigned.json() == {
        "created": 3,
        "message": "Đã phân công tự động 3 lượt chấm cho 2 sáng kiến, 3 người chấm.",
        "shortfalls": [
            f"Không đủ người chấm không xung đột cho {scene.sk_a2.code}: cần 2, mới phân công 1 "
            "(chỉ có 1 người chấm không xung đột lợi ích)."
        ],
    }


def test_api_round_create_deadline_before_start_refused(scene):
    response = Api(scene.manager).post(
        f"/initiatives/councils/{scene.council.pk}/rounds",
        {
            "name": "Đợt chấm",
            "opens_on": TODAY.isoformat(),
            "closes_on": (TODAY - timezone.timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Hạn chấm phải từ ngày bắt đầu chấm trở đi.",
        "field": "closes_on",
    }
    assert ReviewRound.objects.count() == 0


def test_api_round_add_initiative_outside_the_unit_refused(scene):
    round_ = make_round(scene.council)

    response = Api(scene.manager).post(
        f"/initiatives/rounds/{round_.pk}/initiatives", {"initiative_ids": [scene.sk_b1.pk]}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": f"{scene.sk_b1.code} thuộc Khoa Nội B1, ngoài phạm vi của hội đồng.",
        "field": "initiative_ids",
    }
    scene.sk_b1.refresh_from_db()
    assert scene.sk_b1.status == InitiativeStatus.ADMITTED


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("get", "/assignments"),
        ("get", "/reviews"),
        ("post", "/open"),
        ("post", "/auto-assign"),
    ],
)
def test_api_round_of_another_unit_or_for_a_reviewer_not_found(scene, officer_b, method, path):
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])

    for user in (officer_b, scene.r_a2):
        api = Api(user)
        url = f"/initiatives/rounds/{round_.pk}{path}"
        response = api.get(url) if method == "get" else api.post(url, {})
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT


def test_api_rounds_list_only_managed(scene, org, officer_b):
    make_round(scene.council, name="Đợt A")
    make_round(make_council(org.b), name="Đợt B")

    listed = Api(officer_b).get("/initiatives/rounds").json()

    assert [r["name"] for r in listed["items"]] == ["Đợt B"]


# -- Assignments ---------------------------------------------------------------------------------


def test_api_assignment_manual_conflict_refused(scene):
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])

    response = Api(scene.manager).post(
        f"/initiatives/rounds/{round_.pk}/assignments",
        {"initiative_id": scene.sk_a1.pk, "reviewer_id": scene.r_a1.pk},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "reviewer_id"
    assert response.json()["detail"].startswith(
        "Không phân công được: Đỗ Minh Khoa có xung đột lợi ích"
    )


def test_api_assignment_create_list_delete(scene):
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])
    api = Api(scene.manager)

    created = api.post(
        f"/initiatives/rounds/{round_.pk}/assignments",
        {"initiative_id": scene.sk_a1.pk, "reviewer_id": scene.r_a2.pk},
    )
    listed = api.get(f"/initiatives/rounds/{round_.pk}/assignments")
    deleted = api.delete(f"/initiatives/rounds/{round_.pk}/assignments/{created.json()['id']}")

    assert created.status_code == 201
    assert [
        (a["initiative_code"], a["reviewer"], a["method"], a["review_status"])
        for a in listed.json()
    ] == [(scene.sk_a1.code, "Vũ Thị Lan", "manual", "not_started")]
    assert deleted.status_code == 204
    assert Assignment.objects.count() == 0


# -- Conflicts -----------------------------------------------------------------------------------


def test_api_conflict_declared_by_the_reviewer(scene):
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN)
    make_assignment(round_, scene.sk_a1, scene.r_a2)

    response = Api(scene.r_a2).post(
        f"/initiatives/rounds/{round_.pk}/conflicts",
        {"initiative_id": scene.sk_a1.pk, "reason": "Người thân của tác giả"},
    )

    assert response.status_code == 201
    assert response.json()["removed_assignment"] is True
    assert Assignment.objects.count() == 0


def test_api_conflict_for_another_member_by_a_reviewer_forbidden(scene):
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN)

    response = Api(scene.r_a2).post(
        f"/initiatives/rounds/{round_.pk}/conflicts",
        {"initiative_id": scene.sk_a1.pk, "user_id": scene.r_a2b.pk, "reason": "Lý do"},
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn chỉ khai báo được xung đột lợi ích của chính mình."}
    assert ConflictDeclaration.objects.count() == 0


def test_api_conflict_round_of_another_council_not_found(scene, org, cast):
    outsider = person_with_account(org.b1, "bs_b1", "Trần Văn Bắc").user
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN)

    response = Api(outsider).post(
        f"/initiatives/rounds/{round_.pk}/conflicts",
        {"initiative_id": scene.sk_a1.pk, "reason": "Lý do"},
    )

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
