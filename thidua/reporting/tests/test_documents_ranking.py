"""The Sở's Thông báo of a cluster's ranking: rows against the ranking page's selector, a
landscape page for the wide table, the button for the department, and nobody else issuing."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from docx.enum.section import WD_ORIENT

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.templatetags.thidua import so
from thidua.documents.models import IssuedDocument
from thidua.movements.tests.documents_support import (
    LIBERATION_SERIF,
    open_issued,
    png_of,
    table_headed,
)
from thidua.organizations.tests.factories import PersonFactory
from thidua.reporting.selectors.scores import ranking_of, span_by_key
from thidua.reporting.services.documents import issue_ranking
from thidua.reporting.tests.scores_support import ScoredYear, scored_year


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def world(org: Org) -> ScoredYear:
    org.root.abbreviation = "SYT"
    org.root.head = PersonFactory(unit=org.root, full_name="Nguyễn Văn An")
    org.root.save()
    return scored_year(org)


@pytest.mark.django_db
def test_cluster_ranking_rows_are_the_ranking_pages_on_a_landscape_page(
    world: ScoredYear, cast: Cast, org: Org, tmp_path: Path
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    movement = world.plan.movement
    span = span_by_key(movement, f"p:{world.plan.current.pk}")
    assert span is not None
    ranking = ranking_of(officer, movement, span, world.k1)

    item = issue_ranking(by=officer, movement=movement, span=span, cluster=world.k1)

    opened = open_issued(item, tmp_path)
    assert (item.number_text, item.kind_name, item.unit_path) == (
        "01/TB-SYT",
        "Thông báo",
        org.root.path,
    )
    assert table_headed(opened, "Hạng") == [
        (
            "Hạng",
            "Hạng chung",
            "Đơn vị",
            "Tổng điểm",
            "Tự chấm",
            "Điểm trừ",
            "TC1",
            "TC2",
            "Xếp loại",
        ),
        *(
            (
                str(row.rank),
                str(row.standing.rank_overall),
                row.standing.unit.name,
                so(row.standing.total),
                so(row.standing.self_total),
                so(row.standing.penalty),
                *(so(points) for points in row.areas),
                row.standing.title,
            )
            for row in ranking.rows
        ),
    ]
    assert [row[2] for row in table_headed(opened, "Hạng")[1:]] == ["Bệnh viện A", "Bệnh viện B"]
    assert opened.docx.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert opened.page_sizes() == {(842, 595)}
    assert opened.pdf_fonts() == (LIBERATION_SERIF, {"yes"})
    text = opened.pdf_text()
    assert "THÔNG BÁO" in text
    assert "Kết quả chấm điểm, xếp hạng thi đua Quý III/2026 của Khối đa khoa" in text
    assert png_of(opened, "reporting-ranking").exists()


@pytest.mark.django_db
def test_ranking_button_issues_for_the_span_and_cluster_shown(
    client: Client, world: ScoredYear, cast: Cast
) -> None:
    movement = world.plan.movement
    query = f"?nam=2026&ky=p:{world.plan.current.pk}&cum={world.k1.pk}"
    client.force_login(cast[Role.DEPT_OFFICER])

    before = client.get(f"/bao-cao/diem/{movement.pk}/xep-hang/{query}").content.decode()
    response = client.post(f"/bao-cao/diem/{movement.pk}/xep-hang/van-ban/{query}", follow=True)

    item = IssuedDocument.objects.get()
    assert "Phát hành thông báo xếp hạng (Word, PDF)" in before
    assert item.source == f"reporting.ranking:{movement.pk}:p:{world.plan.current.pk}:{world.k1.pk}"
    assert f"/van-ban/{item.pk}/tai-ve/pdf/" in response.content.decode()


@pytest.mark.django_db
def test_unit_officer_of_the_cluster_cannot_issue_nor_download_the_ranking(
    client: Client, world: ScoredYear, cast: Cast
) -> None:
    movement = world.plan.movement
    span = span_by_key(movement, "y:2026")
    assert span is not None
    item = issue_ranking(by=cast[Role.DEPT_OFFICER], movement=movement, span=span, cluster=world.k1)
    query = f"?nam=2026&ky=y:2026&cum={world.k1.pk}"
    client.force_login(cast[Role.UNIT_OFFICER])

    page = client.get(f"/bao-cao/diem/{movement.pk}/xep-hang/{query}").content.decode()
    issued = client.post(f"/bao-cao/diem/{movement.pk}/xep-hang/van-ban/{query}")
    download = client.get(f"/van-ban/{item.pk}/tai-ve/pdf/")

    assert "Phát hành thông báo xếp hạng" not in page
    assert (issued.status_code, download.status_code) == (403, 404)
    assert IssuedDocument.objects.count() == 1
