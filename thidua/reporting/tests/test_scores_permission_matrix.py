"""Every role of the cast × every score page, export and API read: 200 in scope, 404 for another
unit's or cluster's data, 403 where the permission (or the whole-tree scope) is held nowhere."""

from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.tests.api_client import ApiClient
from thidua.reporting.tests.scores_support import ScoredYear, scored_year

DEPARTMENT = (Role.SYSTEM_ADMIN, Role.DEPT_OFFICER, Role.DEPT_LEADER, Role.INSPECTOR)
UNIT = (Role.UNIT_OFFICER, Role.UNIT_HEAD)
NO_REPORTS = (Role.COUNCIL_MEMBER, Role.REVIEWER, Role.STAFF)

# target → expected status for (department roles, unit roles of BV_A, roles without VIEW_REPORT)
TARGETS: dict[str, tuple[int, int, int]] = {
    "scorecard_own": (200, 200, 403),
    "scorecard_other": (200, 404, 403),
    "scorecard_own_excel": (200, 200, 403),
    "scorecard_other_excel": (200, 404, 403),
    "cluster_own": (200, 200, 403),
    "cluster_other": (200, 404, 403),
    "cluster_other_excel": (200, 404, 403),
    "heat_map": (200, 403, 403),
    "heat_map_excel": (200, 403, 403),
    "api_score_own": (200, 200, 403),
    "api_score_other": (200, 404, 403),
    "api_scores_other": (200, 404, 403),
    "api_ranking_overall": (200, 403, 403),
    "api_ranking_other_cluster": (200, 404, 403),
}


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def world(org: Org) -> ScoredYear:
    return scored_year(org)


def _get(target: str, world: ScoredYear, org: Org, user: Any) -> int:
    movement = world.plan.movement.pk
    base = f"/bao-cao/diem/{movement}"
    pages = {
        "scorecard_own": f"{base}/don-vi/{org.a.pk}/",
        "scorecard_other": f"{base}/don-vi/{org.b.pk}/",
        "scorecard_own_excel": f"{base}/don-vi/{org.a.pk}/excel/",
        "scorecard_other_excel": f"{base}/don-vi/{world.c.pk}/excel/",
        "cluster_own": f"{base}/xep-hang/?cum={world.k1.pk}",
        "cluster_other": f"{base}/xep-hang/?cum={world.k2.pk}",
        "cluster_other_excel": f"{base}/xep-hang/excel/?cum={world.k2.pk}",
        "heat_map": f"{base}/ban-do-nhiet/",
        "heat_map_excel": f"{base}/ban-do-nhiet/excel/",
    }
    if target in pages:
        client = Client()
        client.force_login(user)
        return client.get(pages[target]).status_code
    api = ApiClient(user)
    own, other = world.reports[("BV_A", "q2")], world.reports[("BV_B", "q2")]
    requests: dict[str, tuple[str, dict[str, Any]]] = {
        "api_score_own": (f"/reports/{own.pk}/score", {}),
        "api_score_other": (f"/reports/{other.pk}/score", {}),
        "api_scores_other": (
            "/scores",
            {"movement_id": movement, "unit_id": world.c.pk, "year": 2026},
        ),
        "api_ranking_overall": ("/rankings", {"movement_id": movement, "span": "2026"}),
        "api_ranking_other_cluster": (
            "/rankings",
            {"movement_id": movement, "span": "2026", "cluster_id": world.k2.pk},
        ),
    }
    path, params = requests[target]
    return api.get(path, params).status_code


@pytest.mark.parametrize("target", list(TARGETS))
def test_score_permission_matrix(world: ScoredYear, org: Org, cast: Cast, target: str) -> None:
    department, unit, none = TARGETS[target]
    expected = {role: department for role in DEPARTMENT}
    expected |= {role: unit for role in UNIT}
    expected |= {role: none for role in NO_REPORTS}

    actual = {role: _get(target, world, org, cast[role]) for role in expected}
    nobody = _get(target, world, org, cast.nobody)

    assert actual == expected
    assert nobody == 403
