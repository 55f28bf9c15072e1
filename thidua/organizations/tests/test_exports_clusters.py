"""Clusters export (/cum-khoi/xuat-excel/?year=…): the year's clusters of the list page, one row
per member unit with head and deputy, formula-safe, scoped, audited, constant query count."""

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.organizations.models import Cluster, Unit
from thidua.organizations.services.clusters import ClusterData, create_cluster
from thidua.organizations.tests.factories import make_unit

HEADERS = (
    "STT",
    "Mã cụm, khối",
    "Tên cụm, khối",
    "Trưởng cụm, khối",
    "Phó cụm, khối",
    "Thứ tự luân phiên",
    "Mã đơn vị",
    "Đơn vị thành viên",
    "Vai trò trong cụm, khối",
)
URL = "/cum-khoi/xuat-excel/"
YEAR = 2031


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def clusters(org: Org, cast: Cast) -> dict[str, Cluster]:
    """KHOI_A: BV_A (head) and “=1+1” (deputy); KHOI_B: BV_B and the office; one in 2030."""
    formula = make_unit("BV_C", "Bệnh viện C", parent=org.root)
    Unit.objects.filter(pk=formula.pk).update(name="=1+1")
    formula.refresh_from_db()
    officer = cast[Role.DEPT_OFFICER]
    create_cluster(
        by=officer, year=YEAR - 1, data=ClusterData(code="CU", name="Khối cũ", members=[org.a])
    )
    return {
        "a": create_cluster(
            by=officer,
            year=YEAR,
            data=ClusterData(
                code="KHOI_A",
                name="Khối bệnh viện A",
                members=[org.a, formula],
                head_unit=org.a,
                deputy_unit=formula,
            ),
        ),
        "b": create_cluster(
            by=officer,
            year=YEAR,
            data=ClusterData(code="KHOI_B", name="Khối B", members=[org.b, org.office]),
        ),
    }


def _rows(response: Any) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_cluster_export_writes_each_member_of_the_years_clusters(
    client: Client, cast: Cast, clusters: dict[str, Cluster]
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(URL, {"year": YEAR})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="danh-sach-cum-khoi-{YEAR}-'
    )
    assert _rows(response) == [
        HEADERS,
        (1, "KHOI_A", "Khối bệnh viện A", "Bệnh viện A", "'=1+1", 1, "BV_A", "Bệnh viện A",
         "Trưởng cụm, khối"),
        # A unit named like a formula is text in Excel, never run.
        (2, "KHOI_A", "Khối bệnh viện A", "Bệnh viện A", "'=1+1", 2, "BV_C", "'=1+1",
         "Phó cụm, khối"),
        (3, "KHOI_B", "Khối B", None, None, 1, "BV_B", "Bệnh viện B", None),
        (4, "KHOI_B", "Khối B", None, None, 2, "PS_TCCB", "Phòng Tổ chức cán bộ", None),
    ]  # fmt: skip


def test_cluster_export_has_the_clusters_of_the_list_page(
    client: Client, cast: Cast, clusters: dict[str, Cluster]
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    page = client.get("/cum-khoi/", {"year": YEAR - 1})
    rows = _rows(client.get(URL, {"year": YEAR - 1}))

    assert [c.code for c in page.context["clusters"]] == ["CU"]
    assert rows[1:] == [(1, "CU", "Khối cũ", None, None, 1, "BV_A", "Bệnh viện A", None)]


def test_cluster_export_of_a_unit_officer_has_none_of_another_units_clusters(
    client: Client, cast: Cast, clusters: dict[str, Cluster]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    rows = _rows(client.get(URL, {"year": YEAR}))

    # KHOI_B (BV_B and the office) is not theirs; KHOI_A is, with all its members, as on
    # the cluster's page.
    assert [(row[1], row[6]) for row in rows[1:]] == [("KHOI_A", "BV_A"), ("KHOI_A", "BV_C")]


@pytest.mark.parametrize("role", [Role.STAFF, None])
def test_cluster_export_is_403_without_seeing_clusters(
    client: Client, cast: Cast, clusters: dict[str, Cluster], role: Role | None
) -> None:
    client.force_login(cast[role] if role else cast.nobody)

    response = client.get(URL, {"year": YEAR})

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_cluster_export_is_audited_with_the_year_and_row_count(
    client: Client, cast: Cast, org: Org, clusters: dict[str, Cluster]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    client.get(URL, {"year": YEAR})

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == cast[Role.UNIT_OFFICER]
    assert entry.target_type == "organizations.cluster"
    assert entry.unit_path == org.a.path
    assert entry.changes == {"filters": [None, f"năm {YEAR}"], "rows": [None, 2]}


def test_cluster_export_button_carries_the_year(
    client: Client, cast: Cast, clusters: dict[str, Cluster]
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    html = client.get("/cum-khoi/", {"year": YEAR}).content.decode()

    assert f'href="/cum-khoi/xuat-excel/?year={YEAR}" data-export-link' in html


@pytest.mark.parametrize("size", [2, 20])
def test_cluster_export_query_count_does_not_grow_with_clusters(
    client: Client, cast: Cast, org: Org, size: int, django_assert_max_num_queries: Any
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    for number in range(size):
        first = make_unit(f"BV_X{number}", f"Bệnh viện X{number}", parent=org.root)
        second = make_unit(f"BV_Y{number}", f"Bệnh viện Y{number}", parent=org.root)
        create_cluster(
            by=officer,
            year=YEAR,
            data=ClusterData(
                code=f"K{number:02d}",
                name=f"Khối {number}",
                members=[first, second],
                head_unit=first,
                deputy_unit=second,
            ),
        )
    client.force_login(officer)
    client.get("/")

    with django_assert_max_num_queries(7):
        response = client.get(URL, {"year": YEAR})

    assert len(_rows(response)) == 1 + 2 * size
