"""Granting and revoking roles: who may hand out what, where; duplicates; lock-out protection."""

import pytest
from django.urls import reverse

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, Role
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.models import RoleAssignment
from thidua.organizations.scoping import can, grants_for
from thidua.organizations.services.users import grant_role, revoke_role
from thidua.organizations.tests.factories import UserFactory, grant


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def grant_url(user):
    return reverse("organizations:role_grant", args=[user.pk])


def revoke_url(assignment):
    return reverse("organizations:role_revoke", args=[assignment.user_id, assignment.pk])


def roles_of(user):
    return sorted(RoleAssignment.objects.filter(user=user).values_list("role", "unit__code"))


def audit_of(user):
    return list(
        AuditEntry.objects.filter(target_type="accounts.user", target_id=str(user.pk)).order_by(
            "id"
        )
    )


# --- Granting -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_system_admin_can_grant_any_role_anywhere(cast, org, role):
    target = UserFactory(username="moi")

    assignment = grant_role(
        by=cast[Role.SYSTEM_ADMIN], user=target, role=role.value, unit=org.b1, include_subtree=True
    )

    assert roles_of(target) == [(role.value, "BV_B_K1")]
    assert assignment.granted_by == cast[Role.SYSTEM_ADMIN]


def test_unit_officer_grants_staff_role_in_their_subtree_through_the_page(client, cast, org):
    staff = cast[Role.STAFF]
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        grant_url(staff), {"role": Role.STAFF.value, "unit": org.a2.pk, "reason": "Kiêm nhiệm"}
    )

    assert response.status_code == 302
    assert roles_of(staff) == [("staff", "BV_A_K1"), ("staff", "BV_A_K2")]
    [entry] = audit_of(staff)
    assert (entry.action, entry.unit_path, entry.reason, entry.changes) == (
        AuditAction.ROLE_GRANT,
        org.a2.path,
        "Kiêm nhiệm",
        {
            "role": [None, "Cán bộ, viên chức, người lao động"],
            "unit": [None, "Khoa Ngoại A2"],
            "include_subtree": [None, False],
        },
    )


@pytest.mark.parametrize("role", [r for r in Role if r != Role.STAFF])
def test_unit_officer_form_refuses_any_role_but_staff(client, cast, org, role):
    staff = cast[Role.STAFF]
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(grant_url(staff), {"role": role.value, "unit": org.a1.pk})

    assert response.status_code == 200
    assert response.context["grant_form"].errors["role"] == [
        f"Hãy chọn một lựa chọn hợp lệ. {role.value} không phải là một trong các lựa chọn khả thi."
    ]
    assert roles_of(staff) == [("staff", "BV_A_K1")]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.STAFF])
def test_unit_officer_service_refuses_any_role_but_staff(cast, org, role):
    staff = cast[Role.STAFF]

    with pytest.raises(PermissionDeniedError):
        grant_role(
            by=cast[Role.UNIT_OFFICER],
            user=staff,
            role=role.value,
            unit=org.a1,
            include_subtree=False,
        )

    assert roles_of(staff) == [("staff", "BV_A_K1")]
    assert audit_of(staff) == []


def test_unit_officer_cannot_grant_on_a_unit_of_another_branch(client, cast, org):
    staff = cast[Role.STAFF]
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(grant_url(staff), {"role": Role.STAFF.value, "unit": org.b1.pk})

    assert response.context["grant_form"].errors["unit"] == [
        "Đơn vị này không có hoặc nằm ngoài phạm vi bạn quản lý."
    ]
    with pytest.raises(PermissionDeniedError) as refused:
        grant_role(
            by=cast[Role.UNIT_OFFICER], user=staff, role="staff", unit=org.b1, include_subtree=False
        )
    assert refused.value.message == "Đơn vị “Khoa Nội B1” nằm ngoài phạm vi bạn được giao."
    assert roles_of(staff) == [("staff", "BV_A_K1")]


def test_unit_officer_cannot_grant_to_the_dept_officer_account(client, cast, org):
    officer = cast[Role.DEPT_OFFICER]
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(grant_url(officer), {"role": Role.STAFF.value, "unit": org.a1.pk})

    assert response.status_code == 404
    with pytest.raises(PermissionDeniedError):
        grant_role(
            by=cast[Role.UNIT_OFFICER],
            user=officer,
            role="staff",
            unit=org.a1,
            include_subtree=False,
        )
    assert roles_of(officer) == [("dept_officer", "SYT")]


def test_duplicate_grant_is_refused_with_a_vietnamese_message(client, cast, org):
    staff = cast[Role.STAFF]
    client.force_login(cast[Role.SYSTEM_ADMIN])

    response = client.post(grant_url(staff), {"role": Role.STAFF.value, "unit": org.a1.pk})

    assert response.status_code == 200
    assert response.context["grant_form"].errors["role"] == [
        "Tài khoản đã có vai trò “Cán bộ, viên chức, người lao động” tại đơn vị “Khoa Nội A1”."
    ]
    assert roles_of(staff) == [("staff", "BV_A_K1")]


def test_grant_on_an_inactive_unit_is_refused(cast, org):
    org.b1.is_active = False
    org.b1.save()

    with pytest.raises(DomainError) as refused:
        grant_role(
            by=cast[Role.SYSTEM_ADMIN],
            user=cast[Role.STAFF],
            role="staff",
            unit=org.b1,
            include_subtree=False,
        )

    assert (refused.value.field, refused.value.message) == ("unit", "Đơn vị đã ngừng hoạt động.")


def test_granted_role_takes_effect_at_once(cast, org):
    target = UserFactory(username="moi")
    assert can(target, Perm.VIEW_PERSON, org.b1.path) is False

    grant_role(
        by=cast[Role.SYSTEM_ADMIN], user=target, role="unit_head", unit=org.b, include_subtree=True
    )

    assert can(target, Perm.VIEW_PERSON, org.b1.path) is True


def test_grant_get_redirects_to_the_account_page(client, cast):
    client.force_login(cast[Role.SYSTEM_ADMIN])

    response = client.get(grant_url(cast[Role.STAFF]))

    assert response["Location"] == reverse("organizations:user_detail", args=[cast[Role.STAFF].pk])


# --- Revoking -------------------------------------------------------------------------------------


def test_unit_officer_revokes_a_staff_role_with_a_reason(client, cast, org):
    staff = cast[Role.STAFF]
    assignment = RoleAssignment.objects.get(user=staff)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(revoke_url(assignment), {"reason": "Nghỉ việc"})

    assert response.status_code == 302
    assert roles_of(staff) == []
    [entry] = audit_of(staff)
    assert (entry.action, entry.unit_path, entry.reason, entry.changes) == (
        AuditAction.ROLE_REVOKE,
        org.a1.path,
        "Nghỉ việc",
        {
            "role": ["Cán bộ, viên chức, người lao động", None],
            "unit": ["Khoa Nội A1", None],
            "include_subtree": [False, None],
        },
    )


def test_revoke_without_reason_is_refused_at_the_field(client, cast):
    staff = cast[Role.STAFF]
    assignment = RoleAssignment.objects.get(user=staff)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(revoke_url(assignment), {"reason": ""})

    assert response.status_code == 200
    assert response.context["revoke_form"].errors["reason"] == [
        "Hãy ghi lý do (được lưu vào nhật ký)."
    ]
    assert response.context["revoke_pk"] == assignment.pk
    assert roles_of(staff) == [("staff", "BV_A_K1")]


def test_unit_officer_cannot_revoke_the_dept_officer_role(client, cast):
    officer = cast[Role.DEPT_OFFICER]
    assignment = RoleAssignment.objects.get(user=officer)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(revoke_url(assignment), {"reason": "Thử"})

    assert response.status_code == 404
    with pytest.raises(PermissionDeniedError):
        revoke_role(by=cast[Role.UNIT_OFFICER], assignment=assignment, reason="Thử")
    assert roles_of(officer) == [("dept_officer", "SYT")]


def test_revoke_of_an_assignment_of_another_account_by_url_is_404(client, cast):
    other = RoleAssignment.objects.get(user=cast[Role.DEPT_OFFICER])
    client.force_login(cast[Role.SYSTEM_ADMIN])

    response = client.post(
        reverse("organizations:role_revoke", args=[cast[Role.STAFF].pk, other.pk]),
        {"reason": "Thử"},
    )

    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=other.pk).exists() is True


def test_branch_admin_cannot_revoke_a_root_role_of_an_account_it_sees(cast, org):
    admin_b = UserFactory(username="admin.b")
    grant(admin_b, Role.SYSTEM_ADMIN, org.b)
    mixed = UserFactory(username="mixed")
    grant(mixed, Role.STAFF, org.b1)
    root_role = grant(mixed, Role.DEPT_LEADER, org.root)

    with pytest.raises(PermissionDeniedError):
        revoke_role(by=admin_b, assignment=root_role, reason="Thử")

    assert roles_of(mixed) == [("dept_leader", "SYT"), ("staff", "BV_B_K1")]


def test_revoked_role_stops_working_at_the_next_request(cast, org):
    head = cast[Role.UNIT_HEAD]
    assignment = RoleAssignment.objects.get(user=head)

    revoke_role(by=cast[Role.SYSTEM_ADMIN], assignment=assignment, reason="Hết nhiệm kỳ")

    next_request_user = User.objects.get(pk=head.pk)
    assert grants_for(next_request_user) == ()
    assert can(next_request_user, Perm.VIEW_PERSON, org.a1.path) is False


def test_revoking_ones_own_role_updates_ones_grants_at_once(cast, org):
    admin = cast[Role.SYSTEM_ADMIN]
    extra = grant(admin, Role.UNIT_HEAD, org.b)
    assert {g.role for g in grants_for(admin)} == {Role.SYSTEM_ADMIN, Role.UNIT_HEAD}

    revoke_role(by=admin, assignment=extra, reason="Thừa")

    assert [g.role for g in grants_for(admin)] == [Role.SYSTEM_ADMIN]


# --- Lock-out protection --------------------------------------------------------------------------


def test_admin_cannot_revoke_their_own_last_system_admin_role(cast, org):
    admin = cast[Role.SYSTEM_ADMIN]
    grant(UserFactory(username="admin2"), Role.SYSTEM_ADMIN, org.root)
    own = RoleAssignment.objects.get(user=admin)

    with pytest.raises(DomainError) as refused:
        revoke_role(by=admin, assignment=own, reason="Thử")

    assert refused.value.message == (
        "Bạn không thể tự thu hồi vai trò quản trị hệ thống cuối cùng của mình."
    )
    assert RoleAssignment.objects.filter(pk=own.pk).exists() is True


def test_admin_may_revoke_an_own_system_admin_role_when_another_remains(cast, org):
    admin = cast[Role.SYSTEM_ADMIN]
    extra = grant(admin, Role.SYSTEM_ADMIN, org.b)

    revoke_role(by=admin, assignment=extra, reason="Thừa")

    assert roles_of(admin) == [("system_admin", "SYT")]


def test_the_last_active_root_system_admin_role_cannot_be_revoked(cast, org):
    admin = cast[Role.SYSTEM_ADMIN]
    branch_admin = UserFactory(username="admin.root.only")
    grant(branch_admin, Role.SYSTEM_ADMIN, org.root, subtree=False)
    second = UserFactory(username="admin2", is_active=False)
    grant(second, Role.SYSTEM_ADMIN, org.root)
    own = RoleAssignment.objects.get(user=admin)

    with pytest.raises(DomainError) as refused:
        revoke_role(by=branch_admin, assignment=own, reason="Thử")

    assert refused.value.message == (
        "Phải luôn còn ít nhất một quản trị hệ thống đang hoạt động tại đơn vị gốc."
    )
    assert RoleAssignment.objects.filter(pk=own.pk).exists() is True


def test_a_root_system_admin_role_can_be_revoked_when_another_admin_remains(cast, org):
    second = UserFactory(username="admin2")
    grant(second, Role.SYSTEM_ADMIN, org.root)
    own = RoleAssignment.objects.get(user=cast[Role.SYSTEM_ADMIN])

    revoke_role(by=second, assignment=own, reason="Nghỉ hưu")

    assert roles_of(cast[Role.SYSTEM_ADMIN]) == []


# --- Many units: the unit field becomes a search picker ------------------------------------------


def test_grant_form_uses_a_search_picker_when_the_scope_has_many_units(client, cast, org, settings):
    settings.THIDUA_PICKER_SELECT_MAX = 2
    staff = cast[Role.STAFF]
    client.force_login(cast[Role.SYSTEM_ADMIN])

    page = client.get(reverse("organizations:user_detail", args=[staff.pk]))
    picked = client.get(
        reverse("organizations:unit_tree"),
        {"chon": "1", "quyen": Perm.MANAGE_USERS.value, "tim": "khoa noi b1"},
    )
    response = client.post(grant_url(staff), {"role": Role.REVIEWER.value, "unit": org.b1.pk})

    assert "quyen=organizations.manage_users" in page.content.decode()
    assert f'data-pick-value="{org.b1.pk}"' in picked.content.decode()
    assert response.status_code == 302
    assert roles_of(staff) == [("reviewer", "BV_B_K1"), ("staff", "BV_A_K1")]


def test_unit_picker_offers_a_unit_officer_only_units_of_their_subtree(client, cast, org):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(
        reverse("organizations:unit_tree"),
        {"chon": "1", "quyen": Perm.MANAGE_USERS.value, "tim": "khoa noi"},
    )

    html = response.content.decode()
    assert f'data-pick-value="{org.a1.pk}"' in html
    assert f'data-pick-value="{org.b1.pk}"' not in html


def test_revoking_ones_last_admin_role_through_the_page_shows_the_refusal(client, cast):
    admin = cast[Role.SYSTEM_ADMIN]
    own = RoleAssignment.objects.get(user=admin)
    client.force_login(admin)

    response = client.post(revoke_url(own), {"reason": "Thử"})

    assert response.status_code == 200
    assert response.context["revoke_form"].non_field_errors() == [
        "Bạn không thể tự thu hồi vai trò quản trị hệ thống cuối cùng của mình."
    ]
    assert "Bạn không thể tự thu hồi vai trò quản trị hệ thống cuối cùng của mình." in (
        response.content.decode()
    )
    assert RoleAssignment.objects.filter(pk=own.pk).exists() is True
