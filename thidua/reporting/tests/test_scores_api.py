"""API v1 of scores and rankings: reading, appraisal, recomputation, scope."""

from decimal import Decimal
from typing import Any

import pytest

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.tests.api_client import ApiClient
from thidua.organizations.tests.factories import UserFactory, grant
from thidua.reporting.enums import JobStatus
from thidua.reporting.models import CriterionScore, RecomputeJob
from thidua.reporting.tests.scores_support import ScoredYear, scored_year

D = Decimal


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def world(org: Org) -> ScoredYear:
    return scored_year(org)


def test_report_score_lists_criteria_self_and_appraised(
    world: ScoredYear, org: Org, cast: Cast
) -> None:
    report = world.reports[("BV_A", "q2")]

    response = ApiClient(cast[Role.UNIT_OFFICER]).get(f"/reports/{report.pk}/score")

    body = response.json()
    assert response.status_code == 200
    assert (body["self_total"], body["appraised_total"], body["penalty"], body["title"]) == (
        "85.00",
        "85.00",
        "5.00",
        "Tốt",
    )
    assert [
        (c["code"], c["self_points"], c["appraised_points"], c["adjusted"])
        for c in body["criteria"]
    ] == [
        ("TC1", "50.00", "50.00", False),
        ("TC2", "40.00", "40.00", False),
    ]


def test_report_score_of_another_unit_is_404(world: ScoredYear, cast: Cast) -> None:
    report = world.reports[("BV_B", "q2")]

    response = ApiClient(cast[Role.UNIT_OFFICER]).get(f"/reports/{report.pk}/score")

    assert response.status_code == 404


def test_report_score_without_view_report_is_403(world: ScoredYear, cast: Cast) -> None:
    report = world.reports[("BV_A", "q2")]

    response = ApiClient(cast[Role.STAFF]).get(f"/reports/{report.pk}/score")

    assert response.status_code == 403


def test_unit_scores_give_periods_year_and_phase(world: ScoredYear, org: Org, cast: Cast) -> None:
    response = ApiClient(cast[Role.UNIT_HEAD]).get(
        "/scores", {"movement_id": world.plan.movement.pk, "unit_id": org.a.pk, "year": 2026}
    )

    body = response.json()
    assert response.status_code == 200
    assert body["cluster"]["code"] == "K1"
    assert [(p["period"]["name"], p["status"], p["appraised_total"]) for p in body["periods"]] == [
        ("Quý II/2026", "approved", "85.00"),
        ("Quý III/2026", "approved", "80.00"),
    ]
    year = body["year_standing"]
    assert (
        year["total"],
        year["rank_overall"],
        year["rank_in_cluster"],
        year["cluster_average"],
    ) == (
        "82.50",
        1,
        1,
        "66.25",
    )
    assert [(p["name"], p["standing"]["total"]) for p in body["phases"]] == [
        ("Giai đoạn 1", "82.50")
    ]


def test_unit_scores_of_another_unit_is_404(world: ScoredYear, org: Org, cast: Cast) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).get(
        "/scores", {"movement_id": world.plan.movement.pk, "unit_id": org.b.pk, "year": 2026}
    )

    assert response.status_code == 404


def test_overall_ranking_for_the_department(world: ScoredYear, cast: Cast) -> None:
    response = ApiClient(cast[Role.DEPT_LEADER]).get(
        "/rankings", {"movement_id": world.plan.movement.pk, "span": "2026"}
    )

    body = response.json()
    assert (body["span"], body["label"], body["cluster"]) == ("y:2026", "Cả năm 2026", None)
    assert [
        (r["rank"], r["unit"]["code"], r["total"], r["rank_in_cluster"]) for r in body["rows"]
    ] == [
        (1, "BV_A", "82.50", 1),
        (2, "BV_C", "52.50", 1),
        (3, "BV_B", "50.00", 2),
    ]
    assert body["rows"][0]["area_points"] == {"TC1": "45.00", "TC2": "40.00"}


def test_cluster_ranking_of_a_period(world: ScoredYear, cast: Cast) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).get(
        "/rankings",
        {
            "movement_id": world.plan.movement.pk,
            "span": f"p:{world.plan.previous.pk}",
            "cluster_id": world.k1.pk,
        },
    )

    assert [(r["rank"], r["unit"]["code"], r["total"]) for r in response.json()["rows"]] == [
        (1, "BV_A", "85.00"),
        (2, "BV_B", "80.00"),
    ]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"span": "2026"}, 403),  # the overall ranking needs every unit in scope
        ({"span": "2026", "cluster": "K2"}, 404),  # not a cluster of the user's unit
        ({"span": "p:999999"}, 404),
        ({"span": "2040"}, 404),
    ],
)
def test_rankings_refusals_for_a_unit_user(
    world: ScoredYear, cast: Cast, params: dict[str, str], status: int
) -> None:
    query: dict[str, Any] = {"movement_id": world.plan.movement.pk, "span": params["span"]}
    if "cluster" in params:
        query["cluster_id"] = world.k2.pk

    response = ApiClient(cast[Role.UNIT_OFFICER]).get("/rankings", query)

    assert response.status_code == status


def test_appraisal_by_the_department_officer(world: ScoredYear, cast: Cast) -> None:
    report = world.reports[("BV_A", "q2")]
    client = ApiClient(cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/reports/{report.pk}/criteria/TC2/appraisal",
        {"points": "25.5", "reason": "Biên bản diễn tập chưa ký"},
    )

    body = response.json()
    assert response.status_code == 200
    assert (body["self_total"], body["appraised_total"]) == ("85.00", "70.50")
    tc2 = next(c for c in body["criteria"] if c["code"] == "TC2")
    assert (tc2["self_points"], tc2["appraised_points"], tc2["adjustment_reason"]) == (
        "40.00",
        "25.50",
        "Biên bản diễn tập chưa ký",
    )

    cleared = client.post(
        f"/reports/{report.pk}/criteria/TC2/appraisal", {"points": None, "reason": "Đã bổ sung"}
    )

    assert cleared.json()["appraised_total"] == "85.00"


def test_appraisal_refusals(world: ScoredYear, cast: Cast) -> None:
    report = world.reports[("BV_A", "q2")]
    officer = ApiClient(cast[Role.DEPT_OFFICER])

    too_many = officer.post(
        f"/reports/{report.pk}/criteria/TC2/appraisal", {"points": "41", "reason": "x"}
    )
    no_reason = officer.post(
        f"/reports/{report.pk}/criteria/TC2/appraisal", {"points": "10", "reason": " "}
    )
    unknown = officer.post(
        f"/reports/{report.pk}/criteria/TC9/appraisal", {"points": "10", "reason": "x"}
    )
    by_unit = ApiClient(cast[Role.UNIT_HEAD]).post(
        f"/reports/{report.pk}/criteria/TC2/appraisal", {"points": "10", "reason": "x"}
    )

    assert (too_many.status_code, too_many.json()["field"]) == (400, "points")
    assert (no_reason.status_code, no_reason.json()["field"]) == (400, "reason")
    assert unknown.status_code == 404
    assert by_unit.status_code == 403
    assert not CriterionScore.objects.filter(appraised_points__isnull=False).exists()


def test_appraisal_of_a_unit_outside_a_local_managers_scope_is_404(
    world: ScoredYear, org: Org
) -> None:
    manager = UserFactory(username="quan_ly_a")
    grant(manager, Role.DEPT_OFFICER, org.a)
    report = world.reports[("BV_B", "q2")]

    response = ApiClient(manager).post(
        f"/reports/{report.pk}/criteria/TC2/appraisal", {"points": "10", "reason": "x"}
    )

    assert response.status_code == 404


def test_recompute_queues_a_job_and_reports_progress(world: ScoredYear, cast: Cast) -> None:
    client = ApiClient(cast[Role.DEPT_OFFICER])

    queued = client.post("/recompute", {"movement_id": world.plan.movement.pk, "year": 2026})
    job_id = queued.json()["id"]
    status = client.get(f"/recompute/{job_id}")

    assert queued.status_code == 202
    assert (status.status_code, status.json()["status"], status.json()["year"]) == (
        200,
        JobStatus.PENDING,
        2026,
    )


def test_recompute_refusals(world: ScoredYear, cast: Cast) -> None:
    movement = world.plan.movement.pk
    job = RecomputeJob.objects.create(movement=world.plan.movement, year=2026)

    by_leader = ApiClient(cast[Role.DEPT_LEADER]).post(
        "/recompute", {"movement_id": movement, "year": 2026}
    )
    bad_year = ApiClient(cast[Role.DEPT_OFFICER]).post(
        "/recompute", {"movement_id": movement, "year": 2040}
    )
    job_by_unit = ApiClient(cast[Role.UNIT_OFFICER]).get(f"/recompute/{job.pk}")

    assert by_leader.status_code == 403
    assert (bad_year.status_code, bad_year.json()["field"]) == (400, "year")
    assert job_by_unit.status_code == 403
