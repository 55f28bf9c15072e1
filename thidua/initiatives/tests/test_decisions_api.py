"""API v1 of the council's side: results (members and managers only), votes, decisions and
adoptions, scoped like the pages."""

import datetime as dt

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.initiatives.models import Adoption, CouncilVote, Decision
from thidua.initiatives.tests.decision_factories import (
    cast_votes,
    make_adoption,
    make_closed_round,
    make_decision,
    make_recognised,
    officer_of,
    score,
)
from thidua.organizations.tests.api_client import ApiClient

TODAY = timezone.localdate()


@pytest.fixture
def setup(org, cast):
    return make_closed_round(org.a)


def test_results_for_a_member_give_stats_reviews_and_tally(setup):
    first = setup.initiatives[0]
    score(setup, first, ["80", "78", "45"])
    cast_votes(setup, first, yes=5, no=1)

    response = ApiClient(setup.users[1]).get(f"/initiatives/rounds/{setup.round.pk}/results")

    body = response.json()
    assert response.status_code == 200
    assert (body["reviews_count"], body["members_total"], body["status"]) == (3, 7, "closed")
    one = body["initiatives"][0]
    assert one["stats"]["median"] == "78.00"
    assert [(r["reviewer"], r["raw"], len(r["outlier_reasons"])) for r in one["reviews"]] == [
        ("Lê Thị Hồng", "78.00", 0),
        ("Phạm Quốc Bảo", "45.00", 1),
        ("Trần Văn Minh", "80.00", 0),
    ]
    assert one["tally"] == {
        "votes_for": 5,
        "votes_against": 1,
        "not_voted": 1,
        "members_total": 7,
        "needed": 5,
        "share": "2/3",
        "passed": True,
    }
    assert body["initiatives"][1]["stats"] is None


@pytest.mark.parametrize("who", ["staff", "other_unit_officer", "dept_leader"])
def test_results_and_votes_hidden_from_non_members(setup, cast, org, who):
    users = {
        "staff": lambda: cast[Role.STAFF],
        "other_unit_officer": lambda: officer_of(org.b, "can_bo_b"),
        # Reads initiatives everywhere, but sits on no council and manages none.
        "dept_leader": lambda: cast[Role.DEPT_LEADER],
    }
    api = ApiClient(users[who]())

    results = api.get(f"/initiatives/rounds/{setup.round.pk}/results")
    votes = api.get(f"/initiatives/rounds/{setup.round.pk}/votes")
    cast_one = api.post(
        f"/initiatives/rounds/{setup.round.pk}/votes",
        {"initiative_id": setup.initiatives[0].pk, "choice": "for"},
    )

    assert (results.status_code, votes.status_code, cast_one.status_code) == (404, 404, 404)
    assert CouncilVote.objects.count() == 0


def test_member_votes_once_through_the_api(setup):
    api = ApiClient(setup.users[2])
    path = f"/initiatives/rounds/{setup.round.pk}/votes"
    body = {"initiative_id": setup.initiatives[0].pk, "choice": "for"}

    first = api.post(path, body)
    second = api.post(path, {**body, "choice": "against"})
    listed = api.get(path)

    assert (first.status_code, first.json()["member"], first.json()["choice"]) == (
        201,
        "Phạm Quốc Bảo",
        "for",
    )
    assert (second.status_code, second.json()["detail"]) == (
        400,
        "Thành viên Phạm Quốc Bảo đã biểu quyết sáng kiến này.",
    )
    assert [v["choice"] for v in listed.json()] == ["for"]


def test_secretary_records_a_paper_ballot_through_the_api(setup):
    response = ApiClient(setup.secretary).post(
        f"/initiatives/rounds/{setup.round.pk}/votes",
        {
            "initiative_id": setup.initiatives[0].pk,
            "choice": "against",
            "member_id": setup.members[1].pk,
        },
    )

    assert (response.status_code, response.json()["member"], response.json()["recorded_by"]) == (
        201,
        "Lê Thị Hồng",
        setup.secretary.display_name,
    )


def test_manager_decides_through_the_api(setup, cast):
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=5)

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/initiatives/rounds/{setup.round.pk}/decisions",
        {"initiative_id": initiative.pk, "date": TODAY.isoformat(), "number": "30/QĐ-BVA"},
    )

    body = response.json()
    assert response.status_code == 201
    assert (body["recognised"], body["level"], body["number"], body["votes_for"]) == (
        True,
        "base",
        "30/QĐ-BVA",
        5,
    )
    assert body["rule"]["pass_numerator"] == 2


def test_decision_without_the_share_and_reasons_is_a_400_at_reasons(setup, cast):
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=4, no=3)

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/initiatives/rounds/{setup.round.pk}/decisions",
        {"initiative_id": initiative.pk, "date": TODAY.isoformat()},
    )

    assert (response.status_code, response.json()["field"]) == (400, "reasons")
    assert Decision.objects.count() == 0


def test_member_who_is_not_a_manager_cannot_decide(setup):
    cast_votes(setup, setup.initiatives[0], yes=7)

    response = ApiClient(setup.users[0]).post(
        f"/initiatives/rounds/{setup.round.pk}/decisions",
        {"initiative_id": setup.initiatives[0].pk, "date": TODAY.isoformat(), "number": "1"},
    )

    assert response.status_code == 403
    assert Decision.objects.count() == 0


def test_another_units_manager_cannot_decide(setup, org):
    cast_votes(setup, setup.initiatives[0], yes=7)

    response = ApiClient(officer_of(org.b, "can_bo_b")).post(
        f"/initiatives/rounds/{setup.round.pk}/decisions",
        {"initiative_id": setup.initiatives[0].pk, "date": TODAY.isoformat(), "number": "1"},
    )

    assert response.status_code == 404
    assert Decision.objects.count() == 0


def test_decisions_list_is_scoped(setup, cast, org):
    mine = make_decision(setup, setup.initiatives[0], recognised=True)
    other = make_closed_round(org.b, prefix="b")
    make_decision(other, other.initiatives[0], recognised=False)

    as_a = ApiClient(cast[Role.UNIT_OFFICER]).get("/initiatives/decisions")
    as_dept = ApiClient(cast[Role.DEPT_LEADER]).get("/initiatives/decisions")
    detail_b = ApiClient(cast[Role.UNIT_OFFICER]).get(
        f"/initiatives/decisions/{other.round.decisions.get().pk}"
    )

    assert [d["id"] for d in as_a.json()["items"]] == [mine.pk]
    assert as_dept.json()["count"] == 2
    assert detail_b.status_code == 404


def test_officer_records_an_adoption_through_the_api(org, cast):
    initiative = make_recognised(org.b)

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/initiatives/{initiative.pk}/adoptions",
        {
            "unit_id": org.a.pk,
            "adopted_on": "2025-03-01",
            "indicators": [
                {"name": "Thời gian chờ khám", "measure_unit": "phút", "before": 45, "after": 15}
            ],
        },
    )

    body = response.json()
    assert response.status_code == 201
    assert body["indicators"] == [
        {
            "name": "Thời gian chờ khám",
            "measure_unit": "phút",
            "before": "45.00",
            "after": "15.00",
            "change_percent": "-66.7",
        }
    ]


def test_adoption_for_a_unit_outside_the_scope_is_404(org, cast):
    initiative = make_recognised(org.b)

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/initiatives/{initiative.pk}/adoptions",
        {
            "unit_id": org.office.pk,
            "adopted_on": "2025-03-01",
            "indicators": [{"name": "Chờ khám", "before": 45, "after": 15}],
        },
    )

    assert response.status_code == 404
    assert Adoption.objects.count() == 0


def test_adoption_without_permission_is_403(org, cast):
    initiative = make_recognised(org.b)

    response = ApiClient(cast[Role.STAFF]).post(
        f"/initiatives/{initiative.pk}/adoptions",
        {"unit_id": org.a1.pk, "adopted_on": "2025-03-01", "indicators": []},
    )

    assert response.status_code == 403


def test_adoptions_list_is_scoped(org, cast):
    of_b = make_recognised(org.b, "Sáng kiến của B")
    seen = make_adoption(of_b, org.a1)
    make_adoption(of_b, org.office)

    response = ApiClient(cast[Role.UNIT_OFFICER]).get("/initiatives/adoptions")

    assert [a["id"] for a in response.json()["items"]] == [seen.pk]
    assert response.json()["items"][0]["indicators"][0]["change_percent"] == "-66.7"


def test_adoption_with_no_indicator_is_a_400(org, cast):
    initiative = make_recognised(org.b)

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/initiatives/{initiative.pk}/adoptions",
        {"unit_id": org.a.pk, "adopted_on": dt.date(2025, 3, 1).isoformat(), "indicators": []},
    )

    assert (response.status_code, response.json()["field"]) == (400, "indicators")


def test_results_of_an_open_round_carry_no_scores_for_members(org, cast):
    setup = make_closed_round(org.a, status="open")
    score(setup, setup.initiatives[0], ["80", "45"])

    body = ApiClient(setup.users[2]).get(f"/initiatives/rounds/{setup.round.pk}/results").json()

    assert (body["scores_visible"], body["reviews_count"]) == (False, 0)
    assert [(i["stats"], i["reviews"]) for i in body["initiatives"]] == [(None, []), (None, [])]
