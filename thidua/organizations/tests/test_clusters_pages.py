"""Cluster pages: list per year, detail, create/edit, copy to next year; scoped and pinned."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.services.clusters import ClusterData, create_cluster
from thidua.organizations.tests.factories import PersonFactory, make_unit

YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def clusters(org: Org, cast: Cast) -> dict[str, Cluster]:
    """This year: KHOI_A with BV_A and BV_C (head BV_A), KHOI_B with BV_B and the office."""
    c = make_unit("BV_C", "Bệnh viện C", parent=org.root)
    officer = cast[Role.DEPT_OFFICER]
    return {
        "a": create_cluster(
            by=officer,
            year=YEAR,
            data=ClusterData(
                code="KHOI_A", name="Khối A", members=[org.a, c], head_unit=org.a, deputy_unit=c
            ),
        ),
        "b": create_cluster(
            by=officer,
            year=YEAR,
            data=ClusterData(code="KHOI_B", name="Khối B", members=[org.b, org.office]),
        ),
    }


def test_cluster_list_shows_the_current_year_by_default(
    client: Client, cast: Cast, clusters: dict[str, Cluster]
) -> None:
    client.force_login(cast[Role.DEPT_LEADER])

    response = client.get("/cum-khoi/")

    assert response.status_code == 200
    assert response.context["year"] == YEAR
    assert [(c.code, c.member_count) for c in response.context["clusters"]] == [
        ("KHOI_A", 2),
        ("KHOI_B", 2),
    ]
    assert response.context["years"] == [YEAR + 1, YEAR]
    assert response.context["can_manage"] is False


def test_cluster_list_of_another_year(
    client: Client, cast: Cast, clusters: dict[str, Cluster], org: Org
) -> None:
    create_cluster(
        by=cast[Role.DEPT_OFFICER],
        year=2020,
        data=ClusterData(code="CU", name="Khối cũ", members=[org.a]),
    )
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get("/cum-khoi/", {"year": "2020"})
    invalid = client.get("/cum-khoi/", {"year": "abc"})

    assert [c.code for c in response.context["clusters"]] == ["CU"]
    assert response.context["years"] == [YEAR + 1, YEAR, 2020]
    assert invalid.context["year"] == YEAR


def test_cluster_list_shows_a_unit_officer_only_their_units_clusters(
    client: Client, cast: Cast, clusters: dict[str, Cluster]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get("/cum-khoi/")

    assert [c.code for c in response.context["clusters"]] == ["KHOI_A"]
    assert "Khối B" not in response.content.decode()


def test_cluster_list_is_403_for_staff_and_redirects_anonymous(client: Client, cast: Cast) -> None:
    anonymous = client.get("/cum-khoi/")
    client.force_login(cast[Role.STAFF])

    assert anonymous.status_code == 302
    assert client.get("/cum-khoi/").status_code == 403


def test_cluster_detail_lists_members_in_rotation_order(
    client: Client, cast: Cast, clusters: dict[str, Cluster], org: Org
) -> None:
    PersonFactory.create_batch(2, unit=org.a2)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(f"/cum-khoi/{clusters['a'].pk}/")

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.unit.code, r.people_count, r.is_head, r.is_deputy, v) for r, v in rows] == [
        ("BV_A", 3, True, False, True),
        ("BV_C", 0, False, True, False),
    ]
    assert response.context["can_manage"] is False
    html = response.content.decode()
    assert '<span class="badge text-bg-danger">Trưởng cụm</span>' in html


def test_cluster_detail_outside_scope_is_404(
    client: Client, cast: Cast, clusters: dict[str, Cluster]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    assert client.get(f"/cum-khoi/{clusters['b'].pk}/").status_code == 404


def test_cluster_create_saves_and_redirects(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        "/cum-khoi/them/",
        {
            "year": "2030",
            "code": "khoi_bv",
            "name": "Khối bệnh viện",
            "members": [org.b.pk, org.a.pk],
            "head_unit": org.b.pk,
            "deputy_unit": org.a.pk,
            "reason": "",
        },
    )

    cluster = Cluster.objects.get(year=2030)
    assert response.status_code == 302
    assert response["Location"] == f"/cum-khoi/{cluster.pk}/"
    assert (cluster.code, cluster.head_unit_id, cluster.deputy_unit_id) == (
        "KHOI_BV",
        org.b.pk,
        org.a.pk,
    )
    # Members follow the order of the list on the page (by kind, then name).
    members = ClusterMember.objects.filter(cluster=cluster).order_by("pk")
    assert [m.unit_id for m in members] == [org.a.pk, org.b.pk]


def test_cluster_create_names_the_unit_and_the_cluster_it_is_already_in(
    client: Client, cast: Cast, clusters: dict[str, Cluster], org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        "/cum-khoi/them/",
        {"year": str(YEAR), "code": "KHOI_C", "name": "Khối C", "members": [org.b.pk]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["members"] == [
        f"Đơn vị “Bệnh viện B” đã thuộc “Khối B” năm {YEAR}; mỗi đơn vị chỉ thuộc một cụm, "
        "khối trong một năm."
    ]
    assert not Cluster.objects.filter(code="KHOI_C").exists()


def test_cluster_create_offers_units_of_the_so_only(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get("/cum-khoi/them/")

    form = response.context["form"]
    assert [u.code for u in form.fields["members"].queryset] == ["PS_TCCB", "BV_A", "BV_B"]
    refused = client.post(
        "/cum-khoi/them/",
        {"year": str(YEAR), "code": "K", "name": "K", "members": [org.a1.pk]},
    )
    assert refused.context["form"].errors["members"] == [
        "Đơn vị không có trong danh sách đơn vị bạn được xếp vào cụm, khối."
    ]


def test_cluster_edit_changes_head_and_members(
    client: Client, cast: Cast, clusters: dict[str, Cluster], org: Org
) -> None:
    cluster = clusters["a"]
    c = Unit.objects.get(code="BV_C")
    d = make_unit("BV_D", "Bệnh viện D", parent=org.root)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/cum-khoi/{cluster.pk}/sua/",
        {
            "code": "KHOI_A",
            "name": "Khối A",
            "members": [d.pk, c.pk, org.a.pk],
            "head_unit": c.pk,
            "deputy_unit": d.pk,
            "reason": "Bổ sung",
        },
    )

    assert response.status_code == 302
    cluster.refresh_from_db()
    assert (cluster.head_unit_id, cluster.deputy_unit_id) == (c.pk, d.pk)
    members = ClusterMember.objects.filter(cluster=cluster).order_by("pk")
    assert [m.unit.code for m in members] == ["BV_A", "BV_C", "BV_D"]


def test_cluster_edit_head_must_be_a_member(
    client: Client, cast: Cast, clusters: dict[str, Cluster], org: Org
) -> None:
    cluster = clusters["a"]
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/cum-khoi/{cluster.pk}/sua/",
        {"code": "KHOI_A", "name": "Khối A", "members": [org.a.pk], "head_unit": org.b.pk},
    )

    assert response.context["form"].errors["head_unit"] == [
        "Đơn vị Trưởng cụm, khối phải là thành viên."
    ]


@pytest.mark.parametrize("url", ["/cum-khoi/them/", "/cum-khoi/sao-chep-nam/"])
def test_cluster_writes_are_403_without_manage_clusters(
    client: Client, cast: Cast, url: str
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    assert client.get(url).status_code == 403


def test_cluster_edit_is_403_for_a_reader(
    client: Client, cast: Cast, clusters: dict[str, Cluster]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(f"/cum-khoi/{clusters['a'].pk}/sua/", {"code": "X", "name": "X"})

    assert response.status_code == 403
    assert Cluster.objects.get(pk=clusters["a"].pk).code == "KHOI_A"


def test_cluster_copy_year_previews_and_copies_with_rotation(
    client: Client, cast: Cast, clusters: dict[str, Cluster], org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    preview = client.get("/cum-khoi/sao-chep-nam/", {"from_year": str(YEAR)})
    response = client.post(
        "/cum-khoi/sao-chep-nam/",
        {"from_year": str(YEAR), "to_year": str(YEAR + 1), "reason": ""},
    )

    assert [
        (p["cluster"].code, p["next_head"] and p["next_head"].code, p["next_deputy"].code)
        for p in preview.context["preview"]
    ] == [("KHOI_A", "BV_C", "BV_A"), ("KHOI_B", "BV_B", "PS_TCCB")]
    assert response.status_code == 302
    assert response["Location"] == f"/cum-khoi/?year={YEAR + 1}"
    copies = {c.code: c for c in Cluster.objects.filter(year=YEAR + 1)}
    assert (copies["KHOI_A"].head_unit.code, copies["KHOI_A"].deputy_unit.code) == (
        "BV_C",
        "BV_A",
    )
    assert (copies["KHOI_B"].head_unit.code, copies["KHOI_B"].deputy_unit.code) == (
        "BV_B",
        "PS_TCCB",
    )


def test_cluster_copy_year_refuses_a_year_with_clusters(
    client: Client, cast: Cast, clusters: dict[str, Cluster]
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])
    client.post("/cum-khoi/sao-chep-nam/", {"from_year": str(YEAR), "to_year": str(YEAR + 1)})

    response = client.post(
        "/cum-khoi/sao-chep-nam/", {"from_year": str(YEAR), "to_year": str(YEAR + 1)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["to_year"] == [
        f"Năm {YEAR + 1} đã có 2 cụm, khối thi đua; không sao chép đè lên."
    ]
    assert Cluster.objects.filter(year=YEAR + 1).count() == 2


@pytest.mark.parametrize("count", [3, 30])
def test_cluster_list_query_count_does_not_grow_with_clusters(
    client: Client, cast: Cast, org: Org, count: int, django_assert_num_queries: Any
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    for number in range(count):
        unit = make_unit(f"BV_X{number}", f"Bệnh viện {number}", parent=org.root)
        create_cluster(
            by=officer,
            year=YEAR,
            data=ClusterData(code=f"K{number}", name=f"Khối {number}", members=[unit]),
        )
    client.force_login(officer)

    # session, user, grants, years, clusters, base.html's link
    with django_assert_num_queries(6):
        response = client.get("/cum-khoi/")

    assert len(response.context["clusters"]) == count


@pytest.mark.parametrize("count", [3, 30])
def test_cluster_detail_query_count_does_not_grow_with_members(
    client: Client, cast: Cast, org: Org, count: int, django_assert_num_queries: Any
) -> None:
    units = [make_unit(f"BV_X{n}", f"Bệnh viện {n}", parent=org.root) for n in range(count)]
    for unit in units:
        PersonFactory(unit=unit)
    cluster = create_cluster(
        by=cast[Role.DEPT_OFFICER],
        year=YEAR,
        data=ClusterData(code="K", name="Khối", members=units, head_unit=units[0]),
    )
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, cluster, members, people counts, base.html's link
    with django_assert_num_queries(7):
        response = client.get(f"/cum-khoi/{cluster.pk}/")

    assert response.context["people_total"] == count


@pytest.mark.parametrize("page", ["them/", "sao-chep-nam/", "{pk}/", "{pk}/sua/"])
def test_cluster_pages_redirect_anonymous_users(
    client: Client, clusters: dict[str, Cluster], page: str
) -> None:
    response = client.get("/cum-khoi/" + page.format(pk=clusters["a"].pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=/cum-khoi/")
