"""Units export (/don-vi/xuat-excel/): the tree's units in the user's scope, as an .xlsx,
formula-safe, audited, in a constant number of queries."""

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.organizations.models import Person, Unit
from thidua.organizations.tests.factories import PersonFactory, make_unit

HEADERS = (
    "STT",
    "Mã đơn vị",
    "Tên đơn vị",
    "Chữ viết tắt",
    "Loại",
    "Đơn vị cấp trên",
    "Thủ trưởng, trưởng khoa/phòng",
    "Trạng thái",
    "Số người",
)
URL = "/don-vi/xuat-excel/"


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def _rows(response: Any) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _head(unit: Unit, person: Person) -> None:
    Unit.objects.filter(pk=unit.pk).update(head=person)


def test_unit_export_writes_the_units_in_the_users_scope(
    client: Client, cast: Cast, org: Org
) -> None:
    head = PersonFactory(full_name="Trần Văn Hùng", unit=org.a)
    _head(org.a, head)
    Unit.objects.filter(pk=org.a.pk).update(abbreviation="BVA")
    Unit.objects.filter(pk=org.a2.pk).update(
        name='=HYPERLINK("http://x.vn","Bấm")', is_active=False
    )
    PersonFactory(unit=org.b1)  # outside the unit officer's scope
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-don-vi-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert _rows(response) == [
        HEADERS,
        (1, "BV_A", "Bệnh viện A", "BVA", "Bệnh viện", "Sở Y tế Hà Nội", "Trần Văn Hùng",
         "Đang hoạt động", 2),
        (2, "BV_A_K1", "Khoa Nội A1", None, "Khoa", "Bệnh viện A", None, "Đang hoạt động", 1),
        # A name typed as a formula is text in Excel, never run.
        (3, "BV_A_K2", '\'=HYPERLINK("http://x.vn","Bấm")', None, "Khoa", "Bệnh viện A", None,
         "Ngừng hoạt động", 0),
    ]  # fmt: skip


def test_unit_export_of_the_department_lists_parents_before_children(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    rows = _rows(client.get(URL))[1:]

    codes = [row[1] for row in rows]
    assert sorted(codes) == ["BV_A", "BV_A_K1", "BV_A_K2", "BV_B", "BV_B_K1", "PS_TCCB", "SYT"]
    assert codes[0] == "SYT"
    for child, parent in [("BV_A_K1", "BV_A"), ("BV_A_K2", "BV_A"), ("BV_B_K1", "BV_B")]:
        assert codes.index(parent) < codes.index(child)
    assert [row[0] for row in rows] == list(range(1, 8))


def test_unit_export_with_a_search_has_the_pages_matches(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    page = client.get("/don-vi/", {"q": "khoa noi"})
    response = client.get(URL, {"q": "khoa noi"})

    assert [row[1] for row in _rows(response)[1:]] == [
        unit.code for unit, _ in page.context["matches"]
    ]
    assert [row[1] for row in _rows(response)[1:]] == ["BV_A_K1", "BV_B_K1"]


def test_unit_export_of_a_search_without_words_is_empty_like_the_page(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    page = client.get("/don-vi/", {"q": "--"})
    rows = _rows(client.get(URL, {"q": "--"}))

    assert page.context["matches"] == []
    assert rows == [HEADERS]


def test_unit_export_of_a_unit_officer_has_none_of_another_units_rows(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    everything = _rows(client.get(URL))
    searched = _rows(client.get(URL, {"q": "BV_B"}))

    assert [row[1] for row in everything[1:]] == ["BV_A", "BV_A_K1", "BV_A_K2"]
    assert searched == [HEADERS]


def test_unit_export_hides_the_head_from_who_may_not_see_people(
    client: Client, cast: Cast, org: Org
) -> None:
    _head(org.a, PersonFactory(full_name="Trần Văn Hùng", unit=org.a))
    client.force_login(cast[Role.COUNCIL_MEMBER])  # sees units, not people

    rows = _rows(client.get(URL))

    assert rows[1][1:3] == ("BV_A", "Bệnh viện A")
    assert rows[1][6] is None


@pytest.mark.parametrize("role", [Role.STAFF, None])
def test_unit_export_is_403_without_seeing_units(
    client: Client, cast: Cast, role: Role | None
) -> None:
    client.force_login(cast[role] if role else cast.nobody)

    response = client.get(URL)

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_unit_export_is_audited_with_the_search_and_row_count(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    client.get(URL, {"q": "khoa"})

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == cast[Role.UNIT_OFFICER]
    assert entry.target_type == "organizations.unit"
    assert entry.unit_path == org.a.path
    assert entry.changes == {"filters": [None, "tìm “khoa”"], "rows": [None, 2]}


def test_unit_export_button_carries_the_search(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    tree = client.get("/don-vi/").content.decode()
    search = client.get("/don-vi/", {"q": "khoa nội"}, headers={"HX-Request": "true"})

    assert 'href="/don-vi/xuat-excel/" data-export-link' in tree
    assert 'href="/don-vi/xuat-excel/?q=khoa%20n%E1%BB%99i" data-export-link' in (
        search.content.decode()
    )


@pytest.mark.parametrize("size", [3, 30])
def test_unit_export_query_count_does_not_grow_with_units(
    client: Client, cast: Cast, org: Org, size: int, django_assert_max_num_queries: Any
) -> None:
    for number in range(size):
        unit = make_unit(f"BV_A_X{number}", f"Khoa thêm {number}", parent=org.a)
        _head(unit, PersonFactory(unit=unit))
    client.force_login(cast[Role.UNIT_OFFICER])
    client.get("/")  # the session and the user's grants, loaded once per request

    with django_assert_max_num_queries(8):
        response = client.get(URL)

    assert len(_rows(response)) == 1 + 3 + size
