"""Initiative councils export (/sang-kien/hoi-dong/xuat-excel/): the councils of the list page,
one row per member, formula-safe, scoped, audited, constant query count."""

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.initiatives.enums import MemberRole
from thidua.initiatives.models import InitiativeCouncil
from thidua.initiatives.tests.council_factories import make_council, make_round
from thidua.initiatives.tests.council_support import person_with_account
from thidua.organizations.models import Unit

URL = "/sang-kien/hoi-dong/xuat-excel/"
HEADERS = (
    "STT",
    "Hội đồng",
    "Cấp",
    "Đơn vị",
    "Năm",
    "Quyết định thành lập",
    "Trạng thái",
    "Số đợt chấm",
    "Thành viên",
    "Chức vụ",
    "Đơn vị công tác",
    "Vai trò trong hội đồng",
    "Tham gia chấm",
)
UNIT_LEVEL = "Hội đồng sáng kiến cấp cơ sở (đơn vị)"


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def _account(unit: Unit, username: str, full_name: str) -> User:
    user = person_with_account(unit, username, full_name).user
    assert user is not None
    return user


def _rows(response: Any) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def councils(org: Org) -> dict[str, InitiativeCouncil]:
    """BV A 2026 (chair, a secretary who does not score, one round), BV A 2025 (no member),
    BV B 2026 (its own member)."""
    chair = _account(org.a, "chair", '=HYPERLINK("http://x.vn","Trần An")')
    secretary = _account(org.a1, "secretary", "Lê Thư Ký")
    council = make_council(
        org.a,
        (chair, MemberRole.CHAIR),
        (secretary, MemberRole.SECRETARY, False),
        year=2026,
        name="Hội đồng sáng kiến Bệnh viện A",
        decision_number="12/QĐ-BVA",
    )
    make_round(council)
    return {
        "a": council,
        "a_old": make_council(org.a, year=2025, name="Hội đồng cũ"),
        "b": make_council(
            org.b, _account(org.b, "member_b", "Phạm Bình"), year=2026, name="Hội đồng B"
        ),
    }


def test_council_export_writes_one_row_per_member(
    client: Client, cast: Cast, councils: dict[str, InitiativeCouncil]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(URL, {"nam": 2026})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith(
        'attachment; filename="danh-sach-hoi-dong-sang-kien-'
    )
    council = ("Hội đồng sáng kiến Bệnh viện A", UNIT_LEVEL, "Bệnh viện A", 2026, "12/QĐ-BVA",
               "Đang hoạt động", 1)  # fmt: skip
    assert _rows(response) == [
        HEADERS,
        # A name typed as a formula is text in Excel, never run.
        (1, *council, '\'=HYPERLINK("http://x.vn","Trần An")', "Điều dưỡng", "Bệnh viện A",
         "Chủ tịch", "Có"),
        (2, *council, "Lê Thư Ký", "Điều dưỡng", "Khoa Nội A1", "Thư ký", "Không"),
    ]  # fmt: skip


def test_council_export_has_the_councils_of_the_list_page(
    client: Client, cast: Cast, councils: dict[str, InitiativeCouncil]
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    page = client.get("/sang-kien/hoi-dong/")
    rows = _rows(client.get(URL))

    listed = [council.name for council in page.context["councils"]]
    assert list(dict.fromkeys(row[1] for row in rows[1:])) == listed
    assert listed == ["Hội đồng sáng kiến Bệnh viện A", "Hội đồng B", "Hội đồng cũ"]
    assert rows[-1][1:] == ("Hội đồng cũ", UNIT_LEVEL, "Bệnh viện A", 2025, None,
                            "Đang hoạt động", 0, None, None, None, None, None)  # fmt: skip


def test_council_export_of_a_unit_officer_has_none_of_another_units_councils(
    client: Client, cast: Cast, councils: dict[str, InitiativeCouncil]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    rows = _rows(client.get(URL))

    assert {row[1] for row in rows[1:]} == {"Hội đồng sáng kiến Bệnh viện A", "Hội đồng cũ"}


def test_council_export_of_a_member_has_only_their_council(
    client: Client, councils: dict[str, InitiativeCouncil]
) -> None:
    client.force_login(User.objects.get(username="member_b"))

    rows = _rows(client.get(URL))

    assert [row[1] for row in rows[1:]] == ["Hội đồng B"]


@pytest.mark.parametrize("role", [Role.INSPECTOR, None])
def test_council_export_is_403_for_who_neither_manages_nor_sits_on_a_council(
    client: Client, cast: Cast, councils: dict[str, InitiativeCouncil], role: Role | None
) -> None:
    client.force_login(cast[role] if role else cast.nobody)

    response = client.get(URL)

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_council_export_is_audited_with_the_year_and_row_count(
    client: Client, cast: Cast, org: Org, councils: dict[str, InitiativeCouncil]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    client.get(URL, {"nam": 2026})

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == cast[Role.UNIT_OFFICER]
    assert entry.target_type == "initiatives.initiativecouncil"
    assert entry.unit_path == org.a.path
    assert entry.changes == {"filters": [None, "năm 2026"], "rows": [None, 2]}


def test_council_export_button_carries_the_year(
    client: Client, cast: Cast, councils: dict[str, InitiativeCouncil]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    html = client.get("/sang-kien/hoi-dong/", {"nam": 2026}).content.decode()

    assert f'href="{URL}?nam=2026" data-export-link' in html


@pytest.mark.parametrize("size", [2, 20])
def test_council_export_query_count_does_not_grow_with_councils(
    client: Client, cast: Cast, org: Org, size: int, django_assert_max_num_queries: Any
) -> None:
    for number in range(size):
        first = _account(org.a, f"chair{number}", f"Chủ tịch {number}")
        second = _account(org.a1, f"member{number}", f"Ủy viên {number}")
        make_council(org.a, (first, MemberRole.CHAIR), second, name=f"Hội đồng {number:02d}")
    client.force_login(cast[Role.UNIT_OFFICER])
    client.get("/")

    with django_assert_max_num_queries(8):
        response = client.get(URL)

    assert len(_rows(response)) == 1 + 2 * size
