"""API v1 /clusters: a cluster is visible when one of its member units is."""

import pytest

from thidua.accounts.roles import Role
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.models import Cluster, ClusterMember
from thidua.organizations.tests.api_client import ApiClient
from thidua.organizations.tests.factories import make_unit

NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}
FORBIDDEN = {"detail": "Bạn không có quyền xem hoặc thực hiện thao tác này."}


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def _cluster(year, code, members, *, head=None, deputy=None):
    cluster = Cluster.objects.create(
        year=year, code=code, name=f"Cụm {code}", head_unit=head, deputy_unit=deputy
    )
    for unit in members:
        ClusterMember.objects.create(cluster=cluster, unit=unit, year=year)
    return cluster


@pytest.fixture
def clusters(org):
    return {
        "hospitals": _cluster(2026, "BV", [org.a, org.b], head=org.a, deputy=org.b),
        "offices": _cluster(2026, "PHONG", [org.office]),
        "old": _cluster(2025, "BV", [org.b]),
    }


def _codes(response) -> list[tuple[int, str]]:
    return [(item["year"], item["code"]) for item in response.json()["items"]]


# --- Reads --------------------------------------------------------------------------------------


def test_clusters_list_dept_officer_sees_all_newest_year_first(cast, clusters):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/clusters")

    assert response.status_code == 200
    assert _codes(response) == [(2026, "BV"), (2026, "PHONG"), (2025, "BV")]


def test_clusters_list_unit_officer_sees_clusters_of_own_units(cast, clusters):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get("/clusters")

    assert _codes(response) == [(2026, "BV")]


def test_clusters_list_filter_year(cast, clusters):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/clusters", {"year": 2025})

    assert _codes(response) == [(2025, "BV")]


def test_clusters_list_year_out_of_range_answers_422(cast, clusters):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get("/clusters", {"year": 1999})

    assert response.json()["detail"] == [
        {
            "loc": ["query", "year"],
            "msg": "Phải lớn hơn hoặc bằng 2000.",
            "type": "greater_than_equal",
        }
    ]


@pytest.mark.parametrize("who", ["staff", "reviewer", "nobody"])
def test_clusters_list_without_view_cluster_forbidden(cast, clusters, who):
    user = {"staff": cast[Role.STAFF], "reviewer": cast[Role.REVIEWER], "nobody": cast.nobody}[who]
    api = ApiClient(user)

    response = api.get("/clusters")

    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_cluster_detail_lists_members_in_rotation_order(cast, clusters, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get(f"/clusters/{clusters['hospitals'].pk}")

    assert response.status_code == 200
    assert response.json() == {
        "id": clusters["hospitals"].pk,
        "year": 2026,
        "code": "BV",
        "name": "Cụm BV",
        "description": "",
        "head_unit": {"id": org.a.pk, "code": "BV_A", "name": "Bệnh viện A"},
        "deputy_unit": {"id": org.b.pk, "code": "BV_B", "name": "Bệnh viện B"},
        "members": [
            {"id": org.a.pk, "code": "BV_A", "name": "Bệnh viện A"},
            {"id": org.b.pk, "code": "BV_B", "name": "Bệnh viện B"},
        ],
    }


def test_cluster_detail_out_of_scope_is_404(cast, clusters):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get(f"/clusters/{clusters['old'].pk}")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize("count", [3, 30])
def test_clusters_list_query_count_constant(cast, org, django_assert_num_queries, count):
    for n in range(count):
        unit = make_unit(f"BV_C{n}", parent=org.root)
        _cluster(2026, f"C{n:02d}", [unit, org.b] if n == 0 else [unit], head=unit)
    api = ApiClient(cast[Role.DEPT_OFFICER])

    # token, grants, count, page (head and deputy joined), members (units joined)
    with django_assert_num_queries(5):
        response = api.get("/clusters", {"limit": 100})

    assert response.json()["count"] == count


# --- Writes -------------------------------------------------------------------------------------


def test_cluster_create_by_dept_officer(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.post(
        "/clusters",
        {
            "year": 2027,
            "code": "bv",
            "name": "Cụm bệnh viện",
            "member_ids": [org.b.pk, org.a.pk],
            "head_unit_id": org.b.pk,
            "deputy_unit_id": org.a.pk,
        },
    )

    cluster = Cluster.objects.get(year=2027, code="BV")
    assert response.status_code == 201
    assert [m["code"] for m in response.json()["members"]] == ["BV_B", "BV_A"]
    assert (cluster.head_unit_id, cluster.deputy_unit_id) == (org.b.pk, org.a.pk)
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.CREATE,
            target_type="organizations.cluster",
            target_id=str(cluster.pk),
        ).count()
        == 1
    )


def test_cluster_create_by_unit_officer_forbidden_and_writes_nothing(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.post(
        "/clusters", {"year": 2027, "code": "BV", "name": "Cụm", "member_ids": [org.a.pk]}
    )

    assert response.status_code == 403
    assert not Cluster.objects.filter(year=2027).exists()


def test_cluster_create_unit_already_in_a_cluster_answers_400_at_member_ids(cast, clusters, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.post(
        "/clusters", {"year": 2026, "code": "MOI", "name": "Cụm mới", "member_ids": [org.a.pk]}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Đơn vị “Bệnh viện A” đã thuộc “Cụm BV” năm 2026; mỗi đơn vị chỉ thuộc một "
        "cụm, khối trong một năm.",
        "field": "member_ids",
    }
    assert not Cluster.objects.filter(code="MOI").exists()


def test_cluster_create_unknown_member_is_404(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.post(
        "/clusters", {"year": 2027, "code": "BV", "name": "Cụm", "member_ids": [org.a.pk, 999999]}
    )

    assert response.status_code == 404
    assert not Cluster.objects.filter(year=2027).exists()


def test_cluster_create_empty_members_answers_422(cast, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.post("/clusters", {"year": 2027, "code": "BV", "name": "Cụm", "member_ids": []})

    assert response.json()["detail"] == [
        {
            "loc": ["body", "payload", "member_ids"],
            "msg": "Phải có ít nhất 1 phần tử.",
            "type": "too_short",
        }
    ]


def test_cluster_patch_changes_only_the_fields_sent(cast, clusters, org):
    cluster = clusters["hospitals"]
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.patch(f"/clusters/{cluster.pk}", {"name": "Cụm các bệnh viện"})

    cluster.refresh_from_db()
    assert response.status_code == 200
    assert (cluster.name, cluster.code, cluster.head_unit_id) == (
        "Cụm các bệnh viện",
        "BV",
        org.a.pk,
    )
    assert [m["code"] for m in response.json()["members"]] == ["BV_A", "BV_B"]


def test_cluster_patch_members_and_head(cast, clusters, org):
    cluster = clusters["hospitals"]
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.patch(
        f"/clusters/{cluster.pk}",
        {"member_ids": [org.b.pk], "head_unit_id": org.b.pk, "deputy_unit_id": None},
    )

    assert response.status_code == 200
    assert (response.json()["head_unit"]["code"], response.json()["deputy_unit"]) == ("BV_B", None)
    assert list(cluster.members.values_list("unit_id", flat=True)) == [org.b.pk]


def test_cluster_patch_head_not_a_member_answers_400_at_head_unit_id(cast, clusters, org):
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.patch(f"/clusters/{clusters['hospitals'].pk}", {"head_unit_id": org.office.pk})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Đơn vị Trưởng cụm, khối phải là thành viên.",
        "field": "head_unit_id",
    }


def test_cluster_patch_by_unit_officer_forbidden(cast, clusters):
    cluster = clusters["hospitals"]
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/clusters/{cluster.pk}", {"name": "Bị sửa"})

    cluster.refresh_from_db()
    assert response.status_code == 403
    assert cluster.name == "Cụm BV"


def test_cluster_patch_without_manage_permission_is_403_and_writes_nothing(cast, clusters):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.patch(f"/clusters/{clusters['old'].pk}", {"name": "Bị sửa"})

    clusters["old"].refresh_from_db()
    assert response.status_code == 403
    assert clusters["old"].name != "Bị sửa"
