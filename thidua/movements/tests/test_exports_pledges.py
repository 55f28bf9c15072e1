"""Pledges export (/phong-trao/<pk>/giao-uoc/xuat-excel/): the list's pledges, one row per
signing unit, formula-safe, scoped, audited, constant query count."""

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.movements.enums import MovementStatus
from thidua.movements.models import Movement, Pledge, PledgeSignatory
from thidua.movements.tests.factories import make_movement
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.tests.factories import make_unit

YEAR = 2026
HEADERS = (
    "STT",
    "Năm",
    "Mã cụm, khối",
    "Cụm, khối",
    "Tiêu đề",
    "Ngày ký",
    "Địa điểm ký",
    "Đơn vị ký",
    "Người ký",
    "Chức vụ",
)


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org) -> Movement:
    return make_movement(org.root, status=MovementStatus.LAUNCHED)


def _url(movement: Movement) -> str:
    return f"/phong-trao/{movement.pk}/giao-uoc/xuat-excel/"


def _cluster(code: str, units: list[Unit], year: int = YEAR) -> Cluster:
    cluster = Cluster.objects.create(year=year, code=code, name=f"Khối {code}")
    for unit in units:
        ClusterMember.objects.create(cluster=cluster, unit=unit, year=year)
    return cluster


def _pledge(
    movement: Movement, cluster: Cluster, title: str, *signers: tuple[Unit, str, str]
) -> Pledge:
    pledge = Pledge.objects.create(
        movement=movement,
        cluster=cluster,
        title=title,
        content="Các đơn vị cam kết thực hiện.",
        signed_on=dt.date(cluster.year, 3, 3),
        place="Hà Nội",
    )
    for unit, name, position in signers:
        PledgeSignatory.objects.create(
            pledge=pledge, unit=unit, signer_name=name, signer_position=position
        )
    return pledge


def _rows(response: Any) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def pledges(org: Org, movement: Movement) -> dict[str, Pledge]:
    """This year: BV (A and the office, signed by both; the title a formula), BB (B alone, no
    signatory yet); last year: CU (A)."""
    return {
        "bv": _pledge(
            movement,
            _cluster("BV", [org.a, org.office]),
            "=1+1",
            (org.a, "Trần Văn Hùng", "Giám đốc"),
            (org.office, "@Lê Thị Mai", "Trưởng phòng"),
        ),
        "bb": _pledge(movement, _cluster("BB", [org.b]), "Giao ước khối B"),
        "cu": _pledge(movement, _cluster("CU", [org.a], YEAR - 1), "Giao ước năm trước"),
    }


def test_pledge_export_writes_one_row_per_signing_unit(
    client: Client, cast: Cast, movement: Movement, pledges: dict[str, Pledge]
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(_url(movement), {"nam": YEAR})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-giao-uoc-')
    assert _rows(response) == [
        HEADERS,
        (1, YEAR, "BB", "Khối BB", "Giao ước khối B", "03/03/2026", "Hà Nội", None, None, None),
        # Text that a spreadsheet would run (=, @) comes out as text.
        (2, YEAR, "BV", "Khối BV", "'=1+1", "03/03/2026", "Hà Nội", "Bệnh viện A",
         "Trần Văn Hùng", "Giám đốc"),
        (3, YEAR, "BV", "Khối BV", "'=1+1", "03/03/2026", "Hà Nội", "Phòng Tổ chức cán bộ",
         "'@Lê Thị Mai", "Trưởng phòng"),
    ]  # fmt: skip


def test_pledge_export_has_the_pledges_of_the_list_page(
    client: Client, cast: Cast, movement: Movement, pledges: dict[str, Pledge]
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    page = client.get(f"/phong-trao/{movement.pk}/giao-uoc/", {"nam": "tat-ca"})
    rows = _rows(client.get(_url(movement), {"nam": "tat-ca"}))

    listed = [pledge.cluster.code for pledge in page.context["pledges"]]
    assert list(dict.fromkeys(row[2] for row in rows[1:])) == listed == ["BB", "BV", "CU"]


def test_pledge_export_of_a_unit_officer_has_none_of_another_units_pledges(
    client: Client, cast: Cast, movement: Movement, pledges: dict[str, Pledge]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    rows = _rows(client.get(_url(movement), {"nam": "tat-ca"}))

    assert [(row[2], row[7]) for row in rows[1:]] == [
        ("BV", "Bệnh viện A"),
        ("BV", "Phòng Tổ chức cán bộ"),
        ("CU", None),
    ]


def test_pledge_export_is_403_without_reading_movements(
    client: Client, cast: Cast, movement: Movement, pledges: dict[str, Pledge]
) -> None:
    client.force_login(cast.nobody)

    response = client.get(_url(movement))

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_pledge_export_is_audited_with_the_year_and_row_count(
    client: Client, cast: Cast, org: Org, movement: Movement, pledges: dict[str, Pledge]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    client.get(_url(movement), {"nam": YEAR})

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == cast[Role.UNIT_OFFICER]
    assert entry.target_type == "movements.pledge"
    assert entry.target_id == str(movement.pk)
    assert entry.unit_path == org.root.path
    assert entry.changes == {"filters": [None, f"năm {YEAR}"], "rows": [None, 2]}


def test_pledge_export_button_carries_the_year(
    client: Client, cast: Cast, movement: Movement, pledges: dict[str, Pledge]
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    year = client.get(f"/phong-trao/{movement.pk}/giao-uoc/", {"nam": YEAR}).content.decode()
    every = client.get(f"/phong-trao/{movement.pk}/giao-uoc/", {"nam": "tat-ca"}).content.decode()

    assert f'href="{_url(movement)}?nam={YEAR}" data-export-link' in year
    assert f'href="{_url(movement)}?nam=tat-ca" data-export-link' in every


@pytest.mark.parametrize("size", [2, 20])
def test_pledge_export_query_count_does_not_grow_with_pledges(
    client: Client,
    cast: Cast,
    org: Org,
    movement: Movement,
    size: int,
    django_assert_max_num_queries: Any,
) -> None:
    for number in range(size):
        unit = make_unit(f"BV_X{number}", f"Bệnh viện X{number}", parent=org.root)
        cluster = _cluster(f"K{number:02d}", [unit])
        _pledge(movement, cluster, f"Giao ước {number}", (unit, "A", "B"), (org.root, "C", "D"))
    client.force_login(cast[Role.DEPT_OFFICER])
    client.get("/")

    with django_assert_max_num_queries(9):
        response = client.get(_url(movement), {"nam": YEAR})

    assert len(_rows(response)) == 1 + 2 * size
