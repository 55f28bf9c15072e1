from thidua.accounts.roles import (
    ROLE_PERMISSIONS,
    Grant,
    Perm,
    Role,
    is_permitted,
    roles_assignable_by,
)


def officer_on(path: str, *, subtree: bool = True) -> Grant:
    return Grant(role=Role.UNIT_OFFICER, unit_id=1, unit_path=path, include_subtree=subtree)


def test_grant_with_subtree_covers_descendants():
    assert officer_on("/1/7/").covers("/1/7/42/") is True


def test_grant_without_subtree_covers_only_its_unit():
    grant = officer_on("/1/7/", subtree=False)

    assert [grant.covers("/1/7/"), grant.covers("/1/7/42/")] == [True, False]


def test_grant_does_not_cover_a_sibling_sharing_digits():
    assert officer_on("/1/7/").covers("/1/70/") is False


def test_permission_is_the_union_of_assignments():
    grants = [
        Grant(role=Role.REVIEWER, unit_id=1, unit_path="/1/7/", include_subtree=True),
        Grant(role=Role.UNIT_HEAD, unit_id=2, unit_path="/1/8/", include_subtree=True),
    ]

    assert is_permitted(grants, Perm.VIEW_PERSON, "/1/8/9/") is True
    assert is_permitted(grants, Perm.VIEW_PERSON, "/1/7/") is False


def test_staff_role_only_reads_movements():
    assert ROLE_PERMISSIONS[Role.STAFF] == frozenset({Perm.VIEW_MOVEMENT})


def test_every_role_has_a_permission_entry():
    assert set(ROLE_PERMISSIONS) == set(Role)


def test_unit_officer_may_assign_only_the_staff_role_inside_their_subtree():
    grants = [officer_on("/1/7/")]

    assert roles_assignable_by(grants, "/1/7/9/") == frozenset({Role.STAFF})
    assert roles_assignable_by(grants, "/1/8/") == frozenset()


def test_system_admin_may_assign_every_role():
    grants = [Grant(role=Role.SYSTEM_ADMIN, unit_id=1, unit_path="/1/", include_subtree=True)]

    assert roles_assignable_by(grants, "/1/8/") == frozenset(Role)
