"""Create, edit and move units through the pages: services decide, errors at the field."""

from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Unit
from thidua.organizations.tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def _edit_payload(unit: Unit, **changes: object) -> dict[str, object]:
    payload: dict[str, object] = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "sort_order": unit.sort_order,
        "head": unit.head_id or "",
        "is_active": "on" if unit.is_active else "",
        "reason": "",
    }
    payload.update(changes)
    return payload


def test_unit_create_adds_a_khoa_under_the_chosen_parent(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        "/don-vi/them/",
        {
            "parent": org.a.pk,
            "code": "bv_a_k3",
            "name": "Khoa Hồi sức tích cực",
            "kind": UnitKind.CLINICAL_DEPARTMENT,
            "sort_order": "3",
        },
    )

    unit = Unit.objects.get(code="BV_A_K3")
    assert response.status_code == 302
    assert response["Location"] == f"/don-vi/{unit.pk}/"
    assert (unit.parent_id, unit.path, unit.sort_order) == (org.a.pk, f"{org.a.path}{unit.pk}/", 3)


def test_unit_create_form_preselects_the_parent(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get("/don-vi/them/", {"parent": org.a.pk})

    form = response.context["form"]
    assert form["parent"].value() == str(org.a.pk)
    assert [choice[0] for choice in form.fields["parent"].widget.choices] == [
        "",
        org.a.pk,
        org.a2.pk,
        org.a1.pk,
    ]


def test_unit_create_refuses_a_parent_outside_scope(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        "/don-vi/them/",
        {"parent": org.b.pk, "code": "BV_B_K9", "name": "Khoa lạ", "kind": "clinical_department"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "Đơn vị không có trong danh sách bạn được chọn."
    ]
    assert not Unit.objects.filter(code="BV_B_K9").exists()


def test_unit_create_shows_the_service_error_at_the_field(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        "/don-vi/them/",
        {"parent": org.a.pk, "code": "BV_B", "name": "Trùng mã", "kind": "clinical_department"},
    )

    assert response.context["form"].errors["code"] == ["Mã đơn vị “BV_B” đã được dùng."]
    assert 'class="form-control is-invalid"' in response.content.decode()


def test_unit_create_is_403_without_change_unit(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.DEPT_LEADER])

    assert client.get("/don-vi/them/").status_code == 403


def test_unit_edit_saves_fields_head_and_reason(client: Client, cast: Cast, org: Org) -> None:
    head = PersonFactory(unit=org.a1, full_name="Đỗ Thu Hà")
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        f"/don-vi/{org.a.pk}/sua/",
        _edit_payload(org.a, name="Bệnh viện Đa khoa A", head=head.pk, reason="Đổi tên"),
    )

    assert response.status_code == 302
    unit = Unit.objects.get(pk=org.a.pk)
    assert (unit.name, unit.name_folded, unit.head_id) == (
        "Bệnh viện Đa khoa A",
        "benh vien da khoa a",
        head.pk,
    )
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, target_id=str(org.a.pk))
    assert entry.reason == "Đổi tên"
    assert entry.changes == {
        "name": ["Bệnh viện A", "Bệnh viện Đa khoa A"],
        "head": [None, head.pk],
    }


def test_unit_edit_head_choices_are_the_people_of_the_subtree(
    client: Client, cast: Cast, org: Org
) -> None:
    inside = PersonFactory(unit=org.a2, full_name="Lê Văn Nam")
    outside = PersonFactory(unit=org.b1)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(f"/don-vi/{org.a.pk}/sua/", _edit_payload(org.a, head=outside.pk))

    choices = [value for value, _ in response.context["form"].fields["head"].widget.choices]
    assert choices == ["", cast.staff_person.pk, inside.pk]  # Hoa, Nam: by given name
    assert response.context["form"].errors["head"] == [
        "Người được chọn không công tác tại đơn vị này hoặc đơn vị trực thuộc."
    ]
    assert Unit.objects.get(pk=org.a.pk).head_id is None


def test_unit_edit_uses_a_search_field_for_big_units(
    client: Client, cast: Cast, org: Org, settings: Any
) -> None:
    settings.THIDUA_PICKER_SELECT_MAX = 2
    PersonFactory.create_batch(3, unit=org.a1)
    client.force_login(cast[Role.DEPT_OFFICER])

    html = client.get(f"/don-vi/{org.a.pk}/sua/").content.decode()

    assert f'hx-get="/can-bo/?chon=1&amp;don_vi={org.a.pk}&amp;truc_thuoc=1"' in html
    assert '<input type="hidden" name="head" value="" data-picker-value>' in html


def test_unit_edit_refuses_to_deactivate_a_unit_with_people(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(f"/don-vi/{org.a1.pk}/sua/", _edit_payload(org.a1, is_active=""))

    assert response.context["form"].errors["is_active"] == [
        "Không thể ngừng hoạt động đơn vị còn người đang công tác. Hãy chuyển họ sang đơn vị "
        "khác trước."
    ]
    assert Unit.objects.get(pk=org.a1.pk).is_active is True


def test_unit_edit_outside_scope_is_404_and_without_permission_403(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])
    outside = client.get(f"/don-vi/{org.b.pk}/sua/")
    client.force_login(cast[Role.UNIT_HEAD])
    no_right = client.get(f"/don-vi/{org.a.pk}/sua/")

    assert (outside.status_code, no_right.status_code) == (404, 403)


def test_unit_move_rebases_the_subtree(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/don-vi/{org.a2.pk}/chuyen/", {"parent": org.b.pk, "reason": "Sáp nhập"}
    )

    assert response.status_code == 302
    moved = Unit.objects.get(pk=org.a2.pk)
    assert (moved.parent_id, moved.path) == (org.b.pk, f"{org.b.path}{org.a2.pk}/")


def test_unit_move_into_its_own_subtree_shows_the_error_and_changes_nothing(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])
    before = list(Unit.objects.order_by("pk").values_list("path", "parent_id"))

    response = client.post(f"/don-vi/{org.a.pk}/chuyen/", {"parent": org.a1.pk, "reason": "Thử"})

    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "Không thể chuyển đơn vị vào chính nó hoặc một đơn vị trực thuộc của nó (tạo vòng lặp)."
    ]
    assert list(Unit.objects.order_by("pk").values_list("path", "parent_id")) == before


def test_unit_move_requires_a_reason(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(f"/don-vi/{org.a2.pk}/chuyen/", {"parent": org.b.pk, "reason": ""})

    assert response.context["form"].errors["reason"] == ["Hãy ghi lý do chuyển đơn vị."]
    assert Unit.objects.get(pk=org.a2.pk).parent_id == org.a.pk


def test_unit_move_target_outside_the_change_scope_is_refused(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(f"/don-vi/{org.a2.pk}/chuyen/", {"parent": org.b.pk, "reason": "X"})

    assert response.context["form"].errors["parent"] == [
        "Đơn vị không có trong danh sách bạn được chọn."
    ]
    assert Unit.objects.get(pk=org.a2.pk).parent_id == org.a.pk


def test_unit_move_of_another_branch_is_404(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(f"/don-vi/{org.b1.pk}/chuyen/", {"parent": org.a.pk, "reason": "X"})

    assert response.status_code == 404
    assert Unit.objects.get(pk=org.b1.pk).parent_id == org.b.pk


def test_unit_move_of_the_root_is_refused(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.SYSTEM_ADMIN])

    response = client.post(f"/don-vi/{org.root.pk}/chuyen/", {"parent": org.a.pk, "reason": "Thử"})

    assert response.context["form"].errors["parent"] == ["Không thể chuyển đơn vị gốc."]


@pytest.mark.parametrize("page", ["them/", "{a}/sua/", "{a}/chuyen/"])
def test_unit_write_pages_redirect_anonymous_users(client: Client, org: Org, page: str) -> None:
    response = client.get("/don-vi/" + page.format(a=org.a.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=/don-vi/")
