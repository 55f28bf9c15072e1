"""The audit trail page and its Excel export: who may read it, scope, filters, readable changes."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from thidua.core.audit import record_audit
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.selectors import AuditFilter, audit_entries_visible_to, audit_rows

# Core sits below the apps that define roles and units (import-linter): the cast and the tree
# come from the project conftest's fixtures, roles are named by their codes.
SYSTEM_ADMIN, DEPT_OFFICER, DEPT_LEADER, INSPECTOR = (
    "system_admin",
    "dept_officer",
    "dept_leader",
    "inspector",
)
UNIT_OFFICER, UNIT_HEAD, COUNCIL_MEMBER, REVIEWER, STAFF = (
    "unit_officer",
    "unit_head",
    "council_member",
    "reviewer",
    "staff",
)
LIST_URL = reverse("core:audit_list")
EXPORT_URL = reverse("core:audit_export")
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture(autouse=True)
def _empty_trail(org):
    """Start from an empty trail (building the unit tree writes entries of its own)."""
    AuditEntry.objects.all().delete()


def entry(unit_path, repr_, *, action=AuditAction.UPDATE, at=None, actor=None, **fields):
    return AuditEntry.objects.create(
        at=at or dt.datetime(2026, 3, 5, 9, 0, tzinfo=HANOI),
        actor=actor,
        actor_name=actor.display_name if actor else "Hệ thống",
        action=action,
        target_type=fields.pop("target_type", "organizations.unit"),
        target_id=fields.pop("target_id", "1"),
        target_repr=repr_,
        unit_path=unit_path,
        **fields,
    )


@pytest.fixture
def trail(org):
    """One entry at each place of the tree, plus one about no unit at all."""
    return {
        "root": entry(org.root.path, "Sở Y tế Hà Nội"),
        "a": entry(org.a.path, "Bệnh viện A"),
        "a1": entry(org.a1.path, "Khoa Nội A1"),
        "b": entry(org.b.path, "Bệnh viện B"),
        "b1": entry(org.b1.path, "Khoa Nội B1"),
        "none": entry("", "Tài khoản hệ thống", target_type="accounts.user"),
    }


@pytest.fixture
def inspector_b(org):
    inspector = get_user_model().objects.create_user(
        username="kiemtra.b", full_name="Kiểm Tra Bê", password="mat-khau-thu-nghiem-1"
    )
    apps.get_model("organizations", "RoleAssignment").objects.create(
        user=inspector, role=INSPECTOR, unit=org.b, include_subtree=True
    )
    return inspector


def reprs(entries):
    return sorted(e.target_repr for e in entries)


# --- Who may read the trail -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (SYSTEM_ADMIN, 200),
        (DEPT_OFFICER, 200),
        (INSPECTOR, 200),
        (DEPT_LEADER, 403),
        (UNIT_OFFICER, 403),
        (UNIT_HEAD, 403),
        (COUNCIL_MEMBER, 403),
        (REVIEWER, 403),
        (STAFF, 403),
    ],
)
@pytest.mark.parametrize("url", [LIST_URL, EXPORT_URL])
def test_audit_pages_open_for_dept_officer_inspector_and_admin(client, cast, role, status, url):
    client.force_login(cast[role])

    response = client.get(url)

    assert response.status_code == status


@pytest.mark.parametrize("url", [LIST_URL, EXPORT_URL])
def test_audit_pages_refuse_a_user_without_roles(client, cast, url):
    client.force_login(cast.nobody)

    response = client.get(url)

    assert response.status_code == 403


@pytest.mark.parametrize("url", [LIST_URL, EXPORT_URL])
def test_audit_pages_send_anonymous_visitors_to_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Scope --------------------------------------------------------------------------------------


def test_inspector_of_one_branch_sees_only_that_branch(client, inspector_b, trail):
    client.force_login(inspector_b)

    response = client.get(LIST_URL)

    assert reprs(row.entry for row in response.context["rows"]) == ["Bệnh viện B", "Khoa Nội B1"]


def test_inspector_of_one_branch_exports_exactly_the_branch_rows(client, inspector_b, trail):
    client.force_login(inspector_b)

    response = client.get(EXPORT_URL)

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert rows[0] == (
        "Thời điểm",
        "Người thực hiện",
        "Thao tác",
        "Loại đối tượng",
        "Mã đối tượng",
        "Đối tượng",
        "Thay đổi",
        "Lý do",
        "Địa chỉ IP",
    )
    assert sorted(row[5] for row in rows[1:]) == ["Bệnh viện B", "Khoa Nội B1"]


def test_root_scope_sees_every_entry_including_those_about_no_unit(cast, trail):
    visible = audit_entries_visible_to(cast[DEPT_OFFICER])

    assert reprs(visible) == sorted(e.target_repr for e in trail.values())


def test_branch_scope_never_sees_entries_about_no_unit(inspector_b, trail):
    visible = audit_entries_visible_to(inspector_b, AuditFilter(target_type="accounts.user"))

    assert list(visible) == []


def test_branch_scope_does_not_leak_a_sibling_sharing_path_digits(org, inspector_b):
    # A unit whose path starts with the same digits ("/1/3" vs "/1/30/") is not in the subtree.
    entry(org.b.path.rstrip("/") + "0/", "Đơn vị khác")

    visible = audit_entries_visible_to(inspector_b)

    assert list(visible) == []


# --- Filters ------------------------------------------------------------------------------------


def test_audit_list_filters_by_dates_typed_as_dd_mm_yyyy(client, cast, org):
    entry(org.a.path, "Ngày 4", at=dt.datetime(2026, 3, 4, 23, 59, tzinfo=HANOI))
    entry(org.a.path, "Ngày 5", at=dt.datetime(2026, 3, 5, 0, 0, tzinfo=HANOI))
    entry(org.a.path, "Ngày 6", at=dt.datetime(2026, 3, 6, 23, 59, tzinfo=HANOI))
    entry(org.a.path, "Ngày 7", at=dt.datetime(2026, 3, 7, 0, 0, tzinfo=HANOI))
    client.force_login(cast[DEPT_OFFICER])

    response = client.get(LIST_URL, {"date_from": "05/03/2026", "date_to": "06/03/2026"})

    assert reprs(row.entry for row in response.context["rows"]) == ["Ngày 5", "Ngày 6"]


def test_audit_list_shows_a_bad_date_at_its_field(client, cast, trail):
    client.force_login(cast[DEPT_OFFICER])

    response = client.get(LIST_URL, {"date_from": "31/02/2026"})

    assert response.context["form"].errors["date_from"] == [
        "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/03/2026."
    ]
    assert len(response.context["rows"]) == 6


def test_audit_list_refuses_an_end_date_before_the_start(client, cast, trail):
    client.force_login(cast[DEPT_OFFICER])

    response = client.get(LIST_URL, {"date_from": "06/03/2026", "date_to": "05/03/2026"})

    assert response.context["form"].errors["date_to"] == [
        "“Đến ngày” phải sau hoặc bằng “Từ ngày”."
    ]


def test_audit_export_with_a_bad_filter_goes_back_to_the_list(client, cast, trail):
    client.force_login(cast[DEPT_OFFICER])

    response = client.get(EXPORT_URL, {"date_from": "hôm qua"})

    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?date_from=h%C3%B4m+qua"


def test_audit_list_filters_by_action_type_and_actor(client, cast, org):
    officer = cast[DEPT_OFFICER]
    entry(
        org.a.path,
        "Cấp quyền",
        action=AuditAction.ROLE_GRANT,
        actor=officer,
        target_type="accounts.user",
    )
    entry(org.a.path, "Sửa đơn vị", action=AuditAction.UPDATE, actor=officer)
    entry(org.a.path, "Cấp quyền khác", action=AuditAction.ROLE_GRANT, target_type="accounts.user")
    client.force_login(cast[SYSTEM_ADMIN])

    by_action = client.get(LIST_URL, {"action": "role_grant", "actor": "DEPT_OFFICER"})
    by_type = client.get(LIST_URL, {"target_type": "organizations.unit"})

    assert reprs(r.entry for r in by_action.context["rows"]) == ["Cấp quyền"]
    assert reprs(r.entry for r in by_type.context["rows"]) == ["Sửa đơn vị"]


def test_audit_list_text_search_matches_object_actor_and_reason(client, cast, org):
    entry(org.a.path, "Nguyễn Văn An (CB001)")
    entry(org.a.path, "Khoa Nội A1", reason="Sáp nhập theo quyết định 12")
    entry(org.a.path, "Khoa Ngoại A2")
    client.force_login(cast[INSPECTOR])

    by_object = client.get(LIST_URL, {"q": "CB001"})
    by_reason = client.get(LIST_URL, {"q": "quyết định 12"})

    assert reprs(r.entry for r in by_object.context["rows"]) == ["Nguyễn Văn An (CB001)"]
    assert reprs(r.entry for r in by_reason.context["rows"]) == ["Khoa Nội A1"]


def test_audit_export_applies_the_same_filters(client, cast, org):
    entry(org.a.path, "Tạo", action=AuditAction.CREATE)
    entry(org.a.path, "Sửa", action=AuditAction.UPDATE)
    client.force_login(cast[DEPT_OFFICER])

    response = client.get(EXPORT_URL, {"action": "create"})

    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert [row[5] for row in rows[1:]] == ["Tạo"]
    assert rows[1][2] == "Tạo mới"


# --- Readable changes ---------------------------------------------------------------------------


def test_changes_are_shown_with_labels_names_choices_dates_and_yes_no(cast, org):
    moved = entry(
        org.a1.path,
        "Nguyễn Thị Hoa (CB00001)",
        target_type="organizations.person",
        changes={
            "unit": [org.b1.pk, org.a1.pk],
            "gender": ["male", "female"],
            "date_of_birth": [None, "1990-05-17"],
            "is_active": [True, False],
            "position": ["Điều dưỡng", ""],
        },
    )

    [row] = audit_rows([moved])

    assert row.target_label == "Cán bộ, viên chức, người lao động"
    assert [(c.label, c.before, c.after) for c in row.changes] == [
        ("Đơn vị công tác", "Khoa Nội B1", "Khoa Nội A1"),
        ("Giới tính", "Nam", "Nữ"),
        ("Ngày sinh", "—", "17/05/1990"),
        ("Đang công tác", "Có", "Không"),
        ("Chức vụ, chức danh", "Điều dưỡng", "—"),
    ]
    assert row.changes_text.startswith(
        "Đơn vị công tác: Khoa Nội B1 → Khoa Nội A1; Giới tính: Nam → Nữ"
    )


def test_changes_of_role_grants_use_the_product_labels(cast, org):
    granted = record_audit(
        actor=cast[SYSTEM_ADMIN],
        action=AuditAction.ROLE_GRANT,
        target_type="accounts.user",
        target_id=cast[STAFF].pk,
        target_repr="staff",
        unit_path=org.a1.path,
        changes={"role": [None, "Đoàn kiểm tra"], "include_subtree": [None, True]},
    )

    [row] = audit_rows([granted])

    assert [(c.label, c.before, c.after) for c in row.changes] == [
        ("Vai trò", "—", "Đoàn kiểm tra"),
        ("Gồm đơn vị trực thuộc", "—", "Có"),
    ]


def test_audit_list_shows_before_and_after_in_the_page(client, cast, org):
    entry(
        org.a.path,
        "Bệnh viện A",
        changes={"name": ["Bệnh viện A cũ", "Bệnh viện A"]},
        reason="Đổi tên theo quyết định",
    )
    client.force_login(cast[DEPT_OFFICER])

    response = client.get(LIST_URL)

    html = response.content.decode()
    assert (
        '<span class="fw-semibold">Tên đơn vị</span>: <span class="td-before">Bệnh viện A cũ</span>'
        in html
    )
    assert "Đổi tên theo quyết định" in html
    assert "05/03/2026 09:00" in html


@pytest.mark.parametrize("extra", [3, 30])
def test_audit_list_query_count_does_not_grow_with_rows(
    client, cast, org, django_assert_num_queries, extra
):
    for number in range(extra):
        entry(
            org.a1.path,
            f"Cán bộ {number}",
            target_type="organizations.person",
            changes={"unit": [org.a2.pk, org.a1.pk], "full_name": ["A", "B"]},
        )
    client.force_login(cast[DEPT_OFFICER])

    # session, user, grants, count, rows, unit names for the foreign keys in the changes,
    # base.html's user.person. Whether the grants reach the root (entries about no unit) is
    # read from the grants themselves, without a query.
    with django_assert_num_queries(7):
        response = client.get(LIST_URL)

    assert response.status_code == 200


def test_audit_export_is_itself_recorded_with_its_row_count(client, inspector_b, trail):
    client.force_login(inspector_b)

    client.get(EXPORT_URL)

    export = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (export.actor, export.target_type, export.changes["rows"]) == (
        inspector_b,
        "core.auditentry",
        [None, 2],
    )
