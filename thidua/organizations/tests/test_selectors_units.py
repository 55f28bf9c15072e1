"""Unit selectors: search with folded names, counts per subtree, choices in tree order."""

from thidua.accounts.roles import Perm, Role
from thidua.conftest import Cast, Org
from thidua.organizations.enums import UnitKind
from thidua.organizations.selectors.units import (
    people_counts_for,
    people_counts_of,
    role_assignments_of,
    root_nodes,
    scope_figures,
    search_units,
    unit_choices,
)
from thidua.organizations.tests.factories import PersonFactory, make_unit


def _codes(matches: list) -> list[str]:
    return [m.unit.code for m in matches]


def test_search_units_ignores_diacritics_and_case(org: Org, cast: Cast) -> None:
    make_unit("BV_DG", "Bệnh viện Đa khoa Đức Giang", parent=org.root)

    matches = search_units(cast[Role.DEPT_OFFICER], "duc giang")

    assert _codes(matches) == ["BV_DG"]
    assert [a.code for a in matches[0].ancestors] == ["SYT"]


def test_search_units_matches_the_start_of_words_only(org: Org, cast: Cast) -> None:
    officer = cast[Role.DEPT_OFFICER]

    assert _codes(search_units(officer, "NGOẠI")) == ["BV_A_K2"]
    assert _codes(search_units(officer, "goai")) == []


def test_search_units_matches_a_code_prefix(org: Org, cast: Cast) -> None:
    assert _codes(search_units(cast[Role.DEPT_OFFICER], "bv_b")) == ["BV_B", "BV_B_K1"]


def test_search_units_stays_in_the_users_scope(org: Org, cast: Cast) -> None:
    matches = search_units(cast[Role.UNIT_OFFICER], "khoa noi")

    assert _codes(matches) == ["BV_A_K1"]
    assert [a.code for a in matches[0].ancestors] == ["SYT", "BV_A"]


def test_search_units_with_an_empty_query_finds_nothing(org: Org, cast: Cast) -> None:
    assert search_units(cast[Role.DEPT_OFFICER], "  ,. ") == []


def test_people_counts_for_counts_nested_subtrees_and_active_people_only(org: Org) -> None:
    PersonFactory.create_batch(2, unit=org.a1)
    PersonFactory(unit=org.a)
    PersonFactory(unit=org.a2, is_active=False)
    PersonFactory(unit=org.b1)

    counts = people_counts_for([org.root, org.a, org.a1, org.a2, org.b])

    assert counts == {org.root.pk: 4, org.a.pk: 3, org.a1.pk: 2, org.a2.pk: 0, org.b.pk: 1}


def test_people_counts_of_separates_subtree_and_direct(org: Org) -> None:
    PersonFactory(unit=org.a)
    PersonFactory.create_batch(2, unit=org.a1)

    counts = people_counts_of(org.a)

    assert (counts.subtree, counts.direct) == (3, 1)


def test_root_nodes_start_at_the_topmost_grant(org: Org, cast: Cast) -> None:
    PersonFactory(unit=org.a2)

    nodes = root_nodes(cast[Role.UNIT_OFFICER])

    assert [(n.unit.code, n.child_count, n.people_count) for n in nodes] == [("BV_A", 2, 2)]


def test_unit_choices_are_in_tree_order_with_levels(org: Org, cast: Cast) -> None:
    choices = unit_choices(cast[Role.UNIT_OFFICER], perm=Perm.CHANGE_UNIT)

    assert choices.too_many is False
    assert [(u.code, level) for u, level in choices.units] == [
        ("BV_A", 0),
        ("BV_A_K2", 1),  # "Khoa Ngoại" sorts before "Khoa Nội"
        ("BV_A_K1", 1),
    ]


def test_unit_choices_give_up_above_the_limit(org: Org, cast: Cast) -> None:
    choices = unit_choices(cast[Role.DEPT_OFFICER], limit=3)

    assert (choices.units, choices.too_many) == ([], True)


def test_scope_figures_count_units_sub_units_and_people_in_scope(org: Org, cast: Cast) -> None:
    make_unit("BV_B_P1", "Phòng Kế hoạch", parent=org.b, kind=UnitKind.OFFICE)
    PersonFactory(unit=org.b1)

    dept = scope_figures(cast[Role.DEPT_OFFICER])
    unit = scope_figures(cast[Role.UNIT_OFFICER])
    council = scope_figures(cast[Role.COUNCIL_MEMBER])

    assert (dept.units, dept.sub_units, dept.people) == (4, 4, 2)
    assert (unit.units, unit.sub_units, unit.people) == (1, 2, 1)
    assert (council.units, council.sub_units, council.people) == (1, 2, None)


def test_role_assignments_of_lists_the_users_own_assignments(org: Org, cast: Cast) -> None:
    assignments = role_assignments_of(cast[Role.STAFF])

    assert [(a.role, a.unit.code, a.include_subtree) for a in assignments] == [
        (Role.STAFF.value, "BV_A_K1", False)
    ]
