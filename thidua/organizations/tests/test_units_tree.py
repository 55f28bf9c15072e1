"""The unit tree page: scope roots, htmx children, search with breadcrumbs, the unit picker."""

from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.tests.factories import PersonFactory, make_unit

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def _node_codes(response: Any) -> list[str]:
    return [node.unit.code for node in response.context["nodes"]]


def test_unit_tree_starts_at_the_root_for_department_roles(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.DEPT_LEADER])

    response = client.get("/don-vi/")

    assert response.status_code == 200
    assert response.context["section"] == "units"
    assert _node_codes(response) == ["SYT"]
    assert [(n.child_count, n.people_count) for n in response.context["nodes"]] == [(3, 1)]


def test_unit_tree_starts_at_the_own_unit_for_unit_roles(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.REVIEWER])

    response = client.get("/don-vi/")

    assert _node_codes(response) == ["BV_A"]
    assert "Bệnh viện B" not in response.content.decode()


def test_unit_tree_node_expands_with_htmx_and_links_without_js(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    html = client.get("/don-vi/").content.decode()

    assert (
        f'href="/don-vi/{org.root.pk}/" hx-get="/don-vi/{org.root.pk}/con/" '
        f'hx-target="#con-{org.root.pk}"'
    ) in html


def test_unit_children_returns_the_child_nodes_as_a_fragment(
    client: Client, cast: Cast, org: Org
) -> None:
    PersonFactory.create_batch(2, unit=org.b1)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(f"/don-vi/{org.root.pk}/con/", headers=HTMX)

    assert response.status_code == 200
    assert [(n.unit.code, n.child_count, n.people_count) for n in response.context["nodes"]] == [
        ("BV_A", 2, 1),
        ("BV_B", 1, 2),
        ("PS_TCCB", 0, 0),
    ]
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith("<li>")
    assert "1 đơn vị trực thuộc · 2 người" in html


def test_unit_children_without_htmx_redirects_to_the_unit_page(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(f"/don-vi/{org.a.pk}/con/")

    assert response.status_code == 302
    assert response["Location"] == f"/don-vi/{org.a.pk}/"


def test_unit_children_outside_scope_is_404(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(f"/don-vi/{org.b.pk}/con/", headers=HTMX)

    assert response.status_code == 404


def test_unit_tree_is_403_without_view_unit(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.STAFF])

    assert client.get("/don-vi/").status_code == 403


def test_unit_tree_redirects_anonymous_users_to_login(client: Client, org: Org) -> None:
    response = client.get("/don-vi/")

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_unit_tree_search_is_diacritic_free_and_shows_paths(
    client: Client, cast: Cast, org: Org
) -> None:
    make_unit("BV_DG", "Bệnh viện Đa khoa Đức Giang", parent=org.root)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get("/don-vi/", {"q": "duc giang"})

    assert [unit.code for unit, _ in response.context["matches"]] == ["BV_DG"]
    html = response.content.decode()
    assert "1 đơn vị khớp “duc giang”" in html
    assert f'<a class="link-secondary" href="/don-vi/{org.root.pk}/">Sở Y tế Hà Nội</a> ›' in html


def test_unit_tree_search_with_htmx_returns_only_the_results(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get("/don-vi/", {"q": "khoa noi"}, headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert [unit.code for unit, _ in response.context["matches"]] == ["BV_A_K1"]
    # The Sở is above the officer's scope: shown in the path, not as a link to a 404.
    assert [(a.code, linked) for a, linked in response.context["matches"][0][1]] == [
        ("SYT", False),
        ("BV_A", True),
    ]
    assert response["Vary"].split(", ")[0] == "HX-Request"


def test_unit_tree_search_without_match_says_so(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    html = client.get("/don-vi/", {"q": "xyz"}).content.decode()

    assert "Không tìm thấy đơn vị nào khớp “xyz”." in html


def test_unit_picker_lists_matching_units_in_the_asked_scope(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.UNIT_HEAD])

    viewable = client.get("/don-vi/", {"chon": "1", "tim": "khoa"})
    changeable = client.get(
        "/don-vi/", {"chon": "1", "tim": "khoa", "quyen": "organizations.change_unit"}
    )

    assert [m.unit.code for m in viewable.context["matches"]] == ["BV_A_K2", "BV_A_K1"]
    assert f'data-pick-value="{org.a1.pk}" data-pick-label="Khoa Nội A1"' in (
        viewable.content.decode()
    )
    assert changeable.context["matches"] == []


@pytest.mark.parametrize("children", [3, 30])
def test_unit_tree_query_count_does_not_grow_with_units(
    client: Client, cast: Cast, org: Org, children: int, django_assert_num_queries: Any
) -> None:
    for number in range(children):
        unit = make_unit(f"BV_A_X{number}", f"Khoa {number}", parent=org.a)
        PersonFactory(unit=unit)
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, scope roots, child counts, people counts, base.html's "Hồ sơ
    # của tôi" link
    with django_assert_num_queries(7):
        client.get("/don-vi/")
    # session, user, grants, unit, children, people counts (the menu's context processor runs
    # for fragments too, from the grants already loaded)
    with django_assert_num_queries(6):
        response = client.get(f"/don-vi/{org.a.pk}/con/", headers=HTMX)

    assert len(response.context["nodes"]) == children + 2


@pytest.mark.parametrize("units", [3, 30])
def test_unit_tree_search_query_count_does_not_grow_with_matches(
    client: Client, cast: Cast, org: Org, units: int, django_assert_num_queries: Any
) -> None:
    for number in range(units):
        make_unit(f"BV_A_X{number}", f"Khoa Hồi sức {number}", parent=org.a)
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, matches, their ancestors
    with django_assert_num_queries(5):
        response = client.get("/don-vi/", {"q": "hoi suc"}, headers=HTMX)

    assert len(response.context["matches"]) == units


def test_unit_picker_finds_a_unit_without_diacritics(client: Client, cast: Cast, org: Org) -> None:
    hospital = make_unit("BV_DG", "Bệnh viện Đa khoa Đức Giang", parent=org.root)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get("/don-vi/", {"chon": "1", "tim": "duc giang"})

    assert [m.unit.code for m in response.context["matches"]] == ["BV_DG"]
    assert (
        f'data-pick-value="{hospital.pk}" data-pick-label="Bệnh viện Đa khoa Đức Giang"'
    ) in response.content.decode()
