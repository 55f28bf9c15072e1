"""A unit's page: breadcrumbs, head, counts, its cluster this year, sub-units, links by right."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.tests.factories import PersonFactory, make_unit


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def test_unit_detail_shows_breadcrumbs_head_counts_and_sub_units(
    client: Client, cast: Cast, org: Org
) -> None:
    head = PersonFactory(unit=org.a, full_name="Phạm Minh Đức", position="Giám đốc")
    PersonFactory.create_batch(2, unit=org.a2)
    Unit.objects.filter(pk=org.a.pk).update(head=head)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(f"/don-vi/{org.a.pk}/")

    assert response.status_code == 200
    assert [(u.code, linked) for u, linked in response.context["crumbs"]] == [("SYT", True)]
    counts = response.context["counts"]
    assert (counts.subtree, counts.direct) == (4, 1)
    assert [(n.unit.code, n.people_count) for n in response.context["children"]] == [
        ("BV_A_K2", 2),
        ("BV_A_K1", 1),
    ]
    html = response.content.decode()
    assert f'<a href="/can-bo/{head.pk}/">Phạm Minh Đức</a>' in html
    assert f'href="/can-bo/?don_vi={org.a.pk}"' in html
    assert f'href="/don-vi/{org.a.pk}/sua/"' in html
    assert f'href="/don-vi/{org.a.pk}/chuyen/"' in html
    assert f'href="/don-vi/them/?parent={org.a.pk}"' in html


def test_unit_detail_shows_the_cluster_of_the_current_year(
    client: Client, cast: Cast, org: Org
) -> None:
    year = timezone.localdate().year
    cluster = Cluster.objects.create(
        year=year, code="KHOI_BV", name="Khối bệnh viện", head_unit=org.b, deputy_unit=org.a
    )
    ClusterMember.objects.create(cluster=cluster, unit=org.a, year=year)
    ClusterMember.objects.create(cluster=cluster, unit=org.b, year=year)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(f"/don-vi/{org.a1.pk}/")

    assert response.context["membership"].cluster == cluster
    html = response.content.decode()
    assert f'<a class="fw-semibold" href="/cum-khoi/{cluster.pk}/">Khối bệnh viện</a>' in html
    assert "qua đơn vị Bệnh viện A" in html
    assert '<dd class="col-7">Bệnh viện B</dd>' in html


def test_unit_detail_hides_change_links_without_the_permission(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.UNIT_HEAD])

    response = client.get(f"/don-vi/{org.a.pk}/")

    assert response.context["can_change"] is False
    assert f'href="/don-vi/{org.a.pk}/sua/"' not in response.content.decode()


def test_unit_detail_outside_scope_is_404(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    assert client.get(f"/don-vi/{org.b.pk}/").status_code == 404
    assert client.get(f"/don-vi/{org.root.pk}/").status_code == 404


def test_unit_detail_is_403_without_view_unit(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.STAFF])

    assert client.get(f"/don-vi/{org.a1.pk}/").status_code == 403


def test_unit_detail_redirects_anonymous_users(client: Client, org: Org) -> None:
    response = client.get(f"/don-vi/{org.a.pk}/")

    assert response.status_code == 302


@pytest.mark.parametrize("children", [3, 30])
def test_unit_detail_query_count_does_not_grow_with_sub_units(
    client: Client, cast: Cast, org: Org, children: int, django_assert_num_queries: Any
) -> None:
    for number in range(children):
        PersonFactory(unit=make_unit(f"BV_A_X{number}", f"Khoa {number}", parent=org.a))
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, unit, ancestors, people counts, cluster, children, children's
    # people counts, base.html's "Hồ sơ của tôi" link
    with django_assert_num_queries(10):
        response = client.get(f"/don-vi/{org.a.pk}/")

    assert len(response.context["children"]) == children + 2
