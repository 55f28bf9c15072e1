"""An account's page and its edits: profile, lock/unlock, password email, two-factor reset."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.services.users import (
    reset_two_factor,
    send_password_set_email,
    set_user_active,
    update_user_account,
)
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

PASSWORD = "mat-khau-thu-nghiem-1"


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def detail_url(user):
    return reverse("organizations:user_detail", args=[user.pk])


def edit_url(user):
    return reverse("organizations:user_edit", args=[user.pk])


def staff_account(unit, username):
    user = UserFactory(username=username)
    PersonFactory(unit=unit, user=user)
    grant(user, Role.STAFF, unit, subtree=False)
    return user


def audit_of(user):
    return list(
        AuditEntry.objects.filter(target_type="accounts.user", target_id=str(user.pk)).order_by(
            "id"
        )
    )


# --- Who sees which account page ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "target", "status"),
    [
        (Role.SYSTEM_ADMIN, Role.DEPT_OFFICER, 200),
        (Role.SYSTEM_ADMIN, Role.STAFF, 200),
        (Role.UNIT_OFFICER, Role.STAFF, 200),
        (Role.UNIT_OFFICER, Role.DEPT_OFFICER, 404),
        (Role.UNIT_OFFICER, Role.UNIT_HEAD, 404),
        (Role.UNIT_OFFICER, Role.SYSTEM_ADMIN, 404),
        (Role.DEPT_OFFICER, Role.STAFF, 403),
        (Role.INSPECTOR, Role.STAFF, 403),
        (Role.STAFF, Role.STAFF, 403),
    ],
)
def test_user_detail_is_scoped(client, cast, actor, target, status):
    client.force_login(cast[actor])

    response = client.get(detail_url(cast[target]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("actor", "target", "status"),
    [
        (Role.SYSTEM_ADMIN, Role.DEPT_OFFICER, 200),
        (Role.UNIT_OFFICER, Role.STAFF, 200),
        (Role.UNIT_OFFICER, Role.DEPT_OFFICER, 404),
        (Role.DEPT_LEADER, Role.STAFF, 403),
    ],
)
def test_user_edit_is_scoped(client, cast, actor, target, status):
    client.force_login(cast[actor])

    response = client.get(edit_url(cast[target]))

    assert response.status_code == status


def test_unit_officer_cannot_edit_the_dept_officer_account(client, cast):
    client.force_login(cast[Role.UNIT_OFFICER])
    officer = cast[Role.DEPT_OFFICER]

    response = client.post(
        edit_url(officer), {"action": "set_active", "lock-active": "0", "lock-reason": "Thử"}
    )

    officer.refresh_from_db()
    assert response.status_code == 404
    assert officer.is_active is True
    assert audit_of(officer) == []


def test_branch_admin_sees_but_cannot_edit_an_account_reaching_beyond_the_branch(client, cast, org):
    admin_b = UserFactory(username="admin.b")
    grant(admin_b, Role.SYSTEM_ADMIN, org.b)
    mixed = UserFactory(username="mixed")
    PersonFactory(unit=org.b1, user=mixed)
    grant(mixed, Role.DEPT_OFFICER, org.root)
    client.force_login(admin_b)

    detail = client.get(detail_url(mixed))
    edit = client.get(edit_url(mixed))

    assert (detail.status_code, edit.status_code) == (200, 403)
    assert detail.context["can_manage"] is False
    assert [revocable for _, revocable in detail.context["rows"]] == [False]


def test_user_detail_shows_account_person_roles_and_history(client, cast, org):
    staff = cast[Role.STAFF]
    set_user_active(by=cast[Role.SYSTEM_ADMIN], user=staff, active=False, reason="Nghỉ phép dài")
    client.force_login(cast[Role.SYSTEM_ADMIN])

    response = client.get(detail_url(staff))

    html = response.content.decode()
    assert response.context["person"] == cast.staff_person
    assert [a.role for a, _ in response.context["rows"]] == [Role.STAFF.value]
    assert "Đã khóa" in html
    assert "Khoa Nội A1" in html
    assert "Kích hoạt: Có → Không" in html
    assert "Lý do: Nghỉ phép dài" in html


@pytest.mark.parametrize("extra", [3, 30])
def test_user_detail_query_count_does_not_grow_with_assignments(
    client, cast, org, django_assert_num_queries, extra
):
    target = UserFactory(username="many.roles")
    units = [org.a, org.a1, org.a2, org.b, org.b1, org.office, org.root]
    roles = [Role.REVIEWER, Role.COUNCIL_MEMBER, Role.INSPECTOR, Role.UNIT_HEAD, Role.STAFF]
    for number in range(extra):
        grant(target, roles[number % len(roles)], units[(number // len(roles)) % len(units)])
        AuditEntry.objects.create(
            action=AuditAction.UPDATE, target_type="accounts.user", target_id=str(target.pk)
        )
    client.force_login(cast[Role.SYSTEM_ADMIN])

    # session, user, grants, root path (orphans), the account with person and unit,
    # assignments+units, TOTP devices, grant form units (probe past the limit, then the
    # units), history, base.html's user.person.
    with django_assert_num_queries(11):
        response = client.get(detail_url(target))

    assert response.status_code == 200


# --- Profile ------------------------------------------------------------------------------------


def test_unit_officer_updates_staff_account_profile(client, cast):
    staff = cast[Role.STAFF]
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        edit_url(staff),
        {
            "action": "profile",
            "full_name": "Nguyễn Thị Hoa",
            "email": "Hoa.NT@bva.vn",
            "reason": "Đổi thư",
        },
    )

    staff.refresh_from_db()
    assert response.status_code == 302
    assert (staff.full_name, staff.email) == ("Nguyễn Thị Hoa", "hoa.nt@bva.vn")
    [entry] = audit_of(staff)
    assert (entry.action, entry.reason, entry.unit_path) == (
        AuditAction.UPDATE,
        "Đổi thư",
        cast.staff_person.unit.path,
    )
    assert entry.changes["email"] == ["staff@example.vn", "hoa.nt@bva.vn"]


def test_profile_update_refuses_an_email_of_another_account(cast):
    with pytest.raises(DomainError) as refused:
        update_user_account(
            by=cast[Role.SYSTEM_ADMIN],
            user=cast[Role.STAFF],
            full_name="Nguyễn Thị Hoa",
            email="NOBODY@example.vn",
        )

    assert refused.value.field == "email"


# --- Lock and unlock ------------------------------------------------------------------------------


def test_locked_account_cannot_sign_in_and_its_session_ends(client, cast):
    staff = cast[Role.STAFF]
    client.force_login(staff)

    set_user_active(by=cast[Role.UNIT_OFFICER], user=staff, active=False, reason="Chuyển công tác")

    request = RequestFactory().post("/tai-khoan/dang-nhap/")
    assert authenticate(request=request, username="staff", password=PASSWORD) is None
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_lock_through_the_edit_page_is_audited_with_reason(client, cast):
    staff = cast[Role.STAFF]
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        edit_url(staff),
        {"action": "set_active", "lock-active": "0", "lock-reason": "Chuyển công tác"},
    )

    staff.refresh_from_db()
    assert response.status_code == 302
    assert staff.is_active is False
    [entry] = audit_of(staff)
    assert (entry.action, entry.changes, entry.reason, entry.actor_id) == (
        AuditAction.UPDATE,
        {"is_active": [True, False]},
        "Chuyển công tác",
        cast[Role.UNIT_OFFICER].pk,
    )


def test_lock_without_reason_shows_error_at_the_field(client, cast):
    staff = cast[Role.STAFF]
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        edit_url(staff), {"action": "set_active", "lock-active": "0", "lock-reason": " "}
    )

    staff.refresh_from_db()
    assert response.status_code == 200
    assert response.context["active_form"].errors["reason"] == [
        "Hãy ghi lý do (được lưu vào nhật ký)."
    ]
    assert staff.is_active is True


def test_unlock_restores_sign_in(cast):
    staff = cast[Role.STAFF]
    set_user_active(by=cast[Role.SYSTEM_ADMIN], user=staff, active=False, reason="Tạm khóa")

    set_user_active(by=cast[Role.SYSTEM_ADMIN], user=staff, active=True, reason="Đã xác minh")

    request = RequestFactory().post("/tai-khoan/dang-nhap/")
    assert authenticate(request=request, username="staff", password=PASSWORD) == staff


def test_nobody_can_lock_their_own_account(cast):
    admin = cast[Role.SYSTEM_ADMIN]

    with pytest.raises(DomainError) as refused:
        set_user_active(by=admin, user=admin, active=False, reason="Thử")

    assert refused.value.message == "Bạn không thể tự khóa tài khoản của mình."


def test_the_last_root_system_admin_cannot_be_locked(cast, org):
    second = UserFactory(username="admin2")
    grant(second, Role.SYSTEM_ADMIN, org.root)
    root_only = UserFactory(username="admin.root.only")
    grant(root_only, Role.SYSTEM_ADMIN, org.root, subtree=False)
    set_user_active(by=second, user=cast[Role.SYSTEM_ADMIN], active=False, reason="Nghỉ hưu")

    with pytest.raises(DomainError) as refused:
        set_user_active(by=root_only, user=second, active=False, reason="Thử")

    second.refresh_from_db()
    assert refused.value.message == "Không thể khóa quản trị hệ thống cuối cùng của toàn hệ thống."
    assert second.is_active is True


def test_unit_officer_cannot_lock_the_dept_officer_with_the_service(cast):
    with pytest.raises(PermissionDeniedError):
        set_user_active(
            by=cast[Role.UNIT_OFFICER], user=cast[Role.DEPT_OFFICER], active=False, reason="Thử"
        )


# --- Password email -------------------------------------------------------------------------------


def test_resend_password_email_sends_a_vietnamese_reset_message(client, cast, mailoutbox):
    staff = cast[Role.STAFF]
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(reverse("organizations:user_send_password_reset", args=[staff.pk]))

    assert response.status_code == 302
    assert [m.subject for m in mailoutbox] == ["[Thi Đua Số] Đặt lại mật khẩu tài khoản staff"]
    [entry] = audit_of(staff)
    assert (entry.action, entry.changes) == (
        AuditAction.PASSWORD_RESET,
        {"password_email": [None, "staff@example.vn"]},
    )


def test_resend_password_email_refused_for_an_account_out_of_scope(client, cast, mailoutbox):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        reverse("organizations:user_send_password_reset", args=[cast[Role.DEPT_OFFICER].pk])
    )

    assert response.status_code == 404
    assert mailoutbox == []


def test_resend_password_email_is_post_only(client, cast):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(
        reverse("organizations:user_send_password_reset", args=[cast[Role.STAFF].pk])
    )

    assert response.status_code == 405


def test_password_email_refused_for_a_locked_account(cast, mailoutbox):
    staff = cast[Role.STAFF]
    set_user_active(by=cast[Role.SYSTEM_ADMIN], user=staff, active=False, reason="Tạm khóa")

    with pytest.raises(DomainError):
        send_password_set_email(by=cast[Role.SYSTEM_ADMIN], user=staff)

    assert mailoutbox == []


# --- Two-factor reset -----------------------------------------------------------------------------


def enrol(user):
    TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    StaticDevice.objects.create(user=user, name="recovery", confirmed=True)


def test_system_admin_resets_two_factor_and_it_is_audited(client, cast):
    officer = cast[Role.DEPT_OFFICER]
    enrol(officer)
    client.force_login(cast[Role.SYSTEM_ADMIN])

    response = client.post(
        edit_url(officer), {"action": "reset_two_factor", "two_factor-reason": "Mất điện thoại"}
    )

    assert response.status_code == 302
    assert (
        TOTPDevice.objects.filter(user=officer).count(),
        StaticDevice.objects.filter(user=officer).count(),
    ) == (0, 0)
    [entry] = audit_of(officer)
    assert (entry.action, entry.changes, entry.reason) == (
        AuditAction.TWO_FACTOR_DISABLE,
        {"two_factor": [True, False], "devices_removed": [2, 0]},
        "Mất điện thoại",
    )


def test_unit_officer_cannot_reset_two_factor(client, cast):
    staff = cast[Role.STAFF]
    enrol(staff)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        edit_url(staff), {"action": "reset_two_factor", "two_factor-reason": "Mất điện thoại"}
    )

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=staff).count() == 1
    with pytest.raises(PermissionDeniedError):
        reset_two_factor(by=cast[Role.UNIT_OFFICER], user=staff, reason="Mất điện thoại")


def test_two_factor_reset_refused_without_devices(cast):
    with pytest.raises(DomainError) as refused:
        reset_two_factor(by=cast[Role.SYSTEM_ADMIN], user=cast[Role.STAFF], reason="Thử")

    assert refused.value.message == "Tài khoản chưa thiết lập xác thực hai lớp."


def test_two_factor_reset_forces_enrolment_again_for_required_roles(client, cast, settings):
    settings.THIDUA_2FA_REQUIRED = True
    officer = cast[Role.DEPT_OFFICER]
    enrol(officer)
    reset_two_factor(by=cast[Role.SYSTEM_ADMIN], user=officer, reason="Mất điện thoại")
    client.force_login(officer)

    response = client.get(reverse("organizations:person_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_locking_oneself_through_the_page_shows_the_refusal(client, cast):
    admin = cast[Role.SYSTEM_ADMIN]
    client.force_login(admin)

    response = client.post(
        edit_url(admin), {"action": "set_active", "lock-active": "0", "lock-reason": "Thử"}
    )

    admin.refresh_from_db()
    assert response.status_code == 200
    assert response.context["active_form"].non_field_errors() == [
        "Bạn không thể tự khóa tài khoản của mình."
    ]
    assert "Bạn không thể tự khóa tài khoản của mình." in response.content.decode()
    assert admin.is_active is True
