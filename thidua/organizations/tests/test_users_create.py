"""Opening an account: for a person in scope or (system admin) a free one; the password-set email."""

import re

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.models import RoleAssignment
from thidua.organizations.selectors.users import suggested_username
from thidua.organizations.services.users import create_user_account, password_set_link
from thidua.organizations.tests.factories import PersonFactory, UserFactory

CREATE_URL = reverse("organizations:user_create")


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def person_a1(org):
    return PersonFactory(unit=org.a1, full_name="Phạm Thị Lan", email="LAN.PT@benhvien-a.vn")


@pytest.fixture
def person_b1(org):
    return PersonFactory(unit=org.b1, full_name="Đỗ Văn Nam", email="nam.dv@benhvien-b.vn")


def create_payload(person=None, **overrides):
    data = {
        "person": person.pk if person else "",
        "full_name": person.full_name if person else "",
        "username": "lan.pt",
        "email": person.email if person else "",
        "role": Role.STAFF.value,
        "unit": person.unit.pk if person else "",
    }
    data.update(overrides)
    return data


def links_in(text):
    return re.findall(r"https?://\S+", text)


# --- Username suggestion ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Nguyễn Thị Hoa", "hoa.nt"),
        ("Đặng Quốc Hưng", "hung.dq"),
        ("  trần   văn  bình ", "binh.tv"),
        ("Lê", "le"),
        ("", ""),
    ],
)
def test_suggested_username_is_given_name_and_initials(db, full_name, expected):
    assert suggested_username(full_name) == expected


def test_suggested_username_appends_a_number_when_taken(db):
    UserFactory(username="hoa.nt")
    UserFactory(username="hoa.nt2")

    assert suggested_username("Nguyễn Thị Hoa") == "hoa.nt3"


# --- Unit officer ---------------------------------------------------------------------------------


def test_unit_officer_creates_staff_account_for_person_of_child_unit(
    client, cast, person_a1, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast[Role.UNIT_OFFICER])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE_URL, create_payload(person_a1, include_subtree=""))

    user = User.objects.get(username="lan.pt")
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:user_detail", args=[user.pk])
    person_a1.refresh_from_db()
    assert person_a1.user_id == user.pk
    assert (user.email, user.full_name, user.has_usable_password()) == (
        "lan.pt@benhvien-a.vn",
        "Phạm Thị Lan",
        False,
    )
    assert list(
        RoleAssignment.objects.filter(user=user).values_list("role", "unit", "include_subtree")
    ) == [(Role.STAFF.value, person_a1.unit.pk, False)]
    assert [m.to for m in mailoutbox] == [["lan.pt@benhvien-a.vn"]]


def test_unit_officer_cannot_create_account_for_person_of_another_branch(
    client, cast, person_b1, mailoutbox
):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        CREATE_URL, create_payload(person_b1, username="nam.dv", role="", unit="")
    )

    assert response.status_code == 404
    assert User.objects.filter(username="nam.dv").exists() is False
    assert (
        AuditEntry.objects.filter(action=AuditAction.CREATE, target_type="accounts.user").count()
        == 0
    )
    assert mailoutbox == []


def test_unit_officer_cannot_open_create_page_for_person_of_another_branch(client, cast, person_b1):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(CREATE_URL, {"person": person_b1.pk})

    assert response.status_code == 404


def test_unit_officer_service_refuses_person_of_another_branch(cast, person_b1):
    with pytest.raises(PermissionDeniedError):
        create_user_account(
            by=cast[Role.UNIT_OFFICER],
            username="nam.dv",
            email="nam.dv@benhvien-b.vn",
            full_name="Đỗ Văn Nam",
            person=person_b1,
        )

    assert User.objects.filter(username="nam.dv").exists() is False


def test_unit_officer_form_refuses_initial_unit_officer_role(client, cast, person_a1):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(CREATE_URL, create_payload(person_a1, role=Role.UNIT_OFFICER.value))

    assert response.status_code == 200
    assert response.context["form"].errors["role"] == [
        "Hãy chọn một lựa chọn hợp lệ. unit_officer không phải là một trong các lựa chọn khả thi."
    ]
    assert User.objects.filter(username="lan.pt").exists() is False


def test_unit_officer_service_refuses_initial_unit_head_role(cast, person_a1, org):
    with pytest.raises(PermissionDeniedError) as refused:
        create_user_account(
            by=cast[Role.UNIT_OFFICER],
            username="lan.pt",
            email="lan.pt@benhvien-a.vn",
            full_name="Phạm Thị Lan",
            person=person_a1,
            role=Role.UNIT_HEAD.value,
            unit=org.a1,
        )

    assert refused.value.message == (
        "Bạn không được giao vai trò “Thủ trưởng đơn vị” tại đơn vị “Khoa Nội A1”."
    )
    assert User.objects.filter(username="lan.pt").exists() is False


def test_unit_officer_cannot_create_free_account(cast):
    with pytest.raises(PermissionDeniedError):
        create_user_account(
            by=cast[Role.UNIT_OFFICER], username="tu.do", email="tu@x.vn", full_name="Tự Do"
        )


def test_unit_officer_free_account_post_is_refused_at_the_form(client, cast):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        CREATE_URL, {"full_name": "Tự Do", "username": "tu.do", "email": "tu@x.vn"}
    )

    assert response.context["form"].non_field_errors() == ["Hãy chọn cán bộ cần mở tài khoản."]
    assert User.objects.filter(username="tu.do").exists() is False


def test_create_page_prefills_from_the_chosen_person(client, cast, person_a1):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(CREATE_URL, {"person": person_a1.pk})

    assert response.context["form"].initial == {
        "person": person_a1.pk,
        "full_name": "Phạm Thị Lan",
        "email": "LAN.PT@benhvien-a.vn",
        "username": "lan.pt",
        "role": Role.STAFF.value,
        "unit": person_a1.unit.pk,
        "include_subtree": False,
    }


def test_person_search_offers_only_people_in_scope_without_account(client, cast, org, person_a1):
    PersonFactory(unit=org.b1, full_name="Phạm Thị Lan")
    PersonFactory(unit=org.a2, full_name="Phạm Văn Lâm", user=UserFactory(username="lam.pv"))
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(CREATE_URL, {"tim": "pham lan"}, headers={"HX-Request": "true"})

    assert response.context["matches"] == [person_a1]
    assert response.content.decode().lstrip().startswith('<div id="person-results"')


# --- System administrator -------------------------------------------------------------------------


def test_system_admin_creates_free_account_with_a_role_anywhere(
    cast, org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = create_user_account(
            by=cast[Role.SYSTEM_ADMIN],
            username="Tra.NT",
            email="tra.nt@soyte.hanoi.vn",
            full_name="Ngô  Thanh Trà",
            role=Role.DEPT_OFFICER.value,
            unit=org.office,
        )

    assert (user.username, user.full_name) == ("tra.nt", "Ngô Thanh Trà")
    assert list(user.role_assignments.values_list("role", "unit", "include_subtree")) == [
        (Role.DEPT_OFFICER.value, org.office.pk, True)
    ]
    assert len(mailoutbox) == 1


def test_create_account_writes_create_and_grant_audit_entries(cast, person_a1, org):
    user = create_user_account(
        by=cast[Role.UNIT_OFFICER],
        username="lan.pt",
        email="",
        full_name="",
        person=person_a1,
        role=Role.STAFF.value,
        unit=org.a1,
        include_subtree=False,
    )

    entries = AuditEntry.objects.filter(target_type="accounts.user", target_id=str(user.pk))
    assert [(e.action, e.unit_path, e.actor_id) for e in entries.order_by("id")] == [
        (AuditAction.CREATE, org.a1.path, cast[Role.UNIT_OFFICER].pk),
        (AuditAction.ROLE_GRANT, org.a1.path, cast[Role.UNIT_OFFICER].pk),
    ]
    create, grant = entries.order_by("id")
    assert create.changes == {
        "username": [None, "lan.pt"],
        "email": [None, "lan.pt@benhvien-a.vn"],
        "full_name": [None, "Phạm Thị Lan"],
        "person": [None, str(person_a1)],
    }
    assert grant.changes == {
        "role": [None, "Cán bộ, viên chức, người lao động"],
        "unit": [None, "Khoa Nội A1"],
        "include_subtree": [None, False],
    }


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"username": "Lan Pt"},
            "username",
            "Tên đăng nhập gồm 3–150 ký tự: chữ thường không dấu, chữ số và các dấu . _ -, bắt đầu bằng chữ hoặc số (ví dụ: hoa.nt).",
        ),
        ({"username": "STAFF"}, "username", "Tên đăng nhập “staff” đã có người dùng."),
        (
            {"email": "staff@example.vn"},
            "email",
            "Thư điện tử “staff@example.vn” đã được dùng cho một tài khoản khác.",
        ),
    ],
)
def test_create_account_refuses_bad_or_taken_username_and_email(
    cast, person_a1, overrides, field, message
):
    arguments = {
        "by": cast[Role.SYSTEM_ADMIN],
        "username": "lan.pt",
        "email": "lan@x.vn",
        "full_name": "Phạm Thị Lan",
        "person": person_a1,
        **overrides,
    }

    with pytest.raises(DomainError) as refused:
        create_user_account(**arguments)

    assert (refused.value.field, refused.value.message) == (field, message)
    assert User.objects.filter(email="lan@x.vn").exists() is False


def test_create_account_refuses_person_who_already_has_one(cast):
    with pytest.raises(DomainError) as refused:
        create_user_account(
            by=cast[Role.SYSTEM_ADMIN],
            username="hoa.nt",
            email="hoa@x.vn",
            full_name="Nguyễn Thị Hoa",
            person=cast.staff_person,
        )

    assert (refused.value.field, refused.value.message) == ("person", "Cán bộ này đã có tài khoản.")


def test_create_account_with_taken_username_shows_error_at_the_field(client, cast, person_a1):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(CREATE_URL, create_payload(person_a1, username="staff"))

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "Tên đăng nhập “staff” đã có người dùng."
    ]
    assert 'class="form-control is-invalid"' in response.content.decode()


# --- The password-set email -----------------------------------------------------------------------


def test_password_set_email_is_vietnamese_and_carries_a_one_time_link(
    cast, person_a1, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.THIDUA_SITE_URL = "https://thidua.soyte.hanoi.vn"
    with django_capture_on_commit_callbacks(execute=True):
        user = create_user_account(
            by=cast[Role.UNIT_OFFICER],
            username="lan.pt",
            email="",
            full_name="",
            person=person_a1,
        )

    message = mailoutbox[0]
    html = message.alternatives[0].content
    assert message.subject == "[Thi Đua Số] Tài khoản của bạn đã được tạo — hãy đặt mật khẩu"
    assert "Kính gửi Phạm Thị Lan," in message.body
    assert "Tên đăng nhập: lan.pt" in message.body
    assert "Đường dẫn chỉ dùng được một lần và có hiệu lực trong 24 giờ." in message.body
    link = links_in(message.body)[0]
    assert link.startswith("https://thidua.soyte.hanoi.vn/tai-khoan/dat-lai-mat-khau/")
    assert f'<a href="{link}">Đặt mật khẩu</a>' in html
    uidb64, token = link.rstrip("/").split("/")[-2:]
    assert force_str(urlsafe_base64_decode(uidb64)) == str(user.pk)
    assert default_token_generator.check_token(user, token) is True


def test_password_set_link_lets_the_user_set_a_password_once(cast, person_a1):
    user = create_user_account(
        by=cast[Role.UNIT_OFFICER], username="lan.pt", email="", full_name="", person=person_a1
    )
    token = password_set_link(user).rstrip("/").split("/")[-1]

    form = SetPasswordForm(
        user, {"new_password1": "Bệnh-viện-A-2026!", "new_password2": "Bệnh-viện-A-2026!"}
    )
    assert form.is_valid(), form.errors
    form.save()

    user.refresh_from_db()
    assert user.check_password("Bệnh-viện-A-2026!") is True
    assert default_token_generator.check_token(user, token) is False


def test_password_set_link_works_through_the_reset_confirm_page(client, cast, person_a1):
    user = create_user_account(
        by=cast[Role.UNIT_OFFICER], username="lan.pt", email="", full_name="", person=person_a1
    )
    path = password_set_link(user).removeprefix("http://127.0.0.1:8000")

    landing = client.get(path, follow=True)
    form_url = landing.redirect_chain[-1][0] if landing.redirect_chain else path
    done = client.post(
        form_url,
        {"new_password1": "Bệnh-viện-A-2026!", "new_password2": "Bệnh-viện-A-2026!"},
    )

    user.refresh_from_db()
    assert landing.status_code == 200
    assert done.status_code == 302
    assert user.check_password("Bệnh-viện-A-2026!") is True


def test_create_page_refuses_a_person_who_already_has_an_account_above_the_form(client, cast):
    client.force_login(cast[Role.SYSTEM_ADMIN])

    response = client.post(
        CREATE_URL, create_payload(cast.staff_person, username="hoa.nt", email="hoa@x.vn")
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Cán bộ này đã có tài khoản."]
    assert "Cán bộ này đã có tài khoản." in response.content.decode()
    assert User.objects.filter(username="hoa.nt").exists() is False
