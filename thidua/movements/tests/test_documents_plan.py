"""The Kế hoạch phong trào thi đua of a year, issued by the Sở from the movement's overview: the
Word and PDF files read back (tables against the plan the overview page reads, fonts, text with
diacritics), the wording a department officer edits, the button, the refusals and the scope."""

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.templatetags.thidua import so
from thidua.documents.models import IssuedDocument
from thidua.documents.services.templates import save_template, template_texts
from thidua.movements.documents.specs import PLAN
from thidua.movements.enums import ValueType
from thidua.movements.models import Indicator, Movement, YearlyTarget
from thidua.movements.selectors.plan import area_blocks
from thidua.movements.services.defaults import install_default_movement
from thidua.movements.services.documents import issue_movement_plan
from thidua.movements.tests.documents_support import (
    LIBERATION_SERIF,
    open_issued,
    png_of,
    table_headed,
    tables_headed,
)
from thidua.organizations.tests.factories import PersonFactory

YEAR = 2026


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org) -> Movement:
    org.root.abbreviation = "SYT"
    org.root.head = PersonFactory(unit=org.root, full_name="Nguyễn Văn An")
    org.root.save()
    return install_default_movement(owner=org.root).movement


def _target(indicator: Indicator, targets: dict[int, Decimal]) -> str:
    if indicator.pk not in targets:
        return "—"
    if indicator.value_type == ValueType.BOOLEAN:
        return "Có" if targets[indicator.pk] else "Không"
    return so(targets[indicator.pk])


def _expected_area_rows(movement: Movement) -> list[list[tuple[str, ...]]]:
    """Each area's table as the overview page's selector reads the plan."""
    targets = dict(
        YearlyTarget.objects.filter(indicator__movement=movement, year=YEAR).values_list(
            "indicator_id", "value"
        )
    )
    tables = []
    for block in area_blocks(movement):
        rows = [("Mã", "Tiêu chí, chỉ tiêu", "Đơn vị tính", "Điểm tối đa", f"Chỉ tiêu năm {YEAR}")]
        for line in block.rows:
            indent = "    " * line.depth
            rows.append(
                (
                    line.criterion.code,
                    f"{indent}{line.criterion.name}".strip(),
                    "",
                    so(line.criterion.max_points),
                    "",
                )
            )
            rows += [
                (
                    "",
                    f"{indent}- {i.name}".strip(),
                    i.unit_label,
                    "",
                    _target(i, targets),
                )
                for i in line.indicators
            ]
        tables.append(rows)
    return tables


@pytest.mark.django_db
def test_plan_word_tables_are_the_plan_of_the_year(
    movement: Movement, cast: Cast, tmp_path: Path
) -> None:
    item = issue_movement_plan(by=cast[Role.DEPT_OFFICER], movement=movement, year=YEAR)

    opened = open_issued(item, tmp_path)
    assert (item.number_text, item.kind_name, item.unit_path) == (
        "01/KH-SYT",
        "Kế hoạch",
        movement.owner.path,
    )
    assert tables_headed(opened, "Mã") == _expected_area_rows(movement)
    assert table_headed(opened, "Kỳ báo cáo")[1][0] == "Quý I/2026"
    assert opened.docx_fonts() == {"Times New Roman"}
    text = opened.docx_text()
    assert "KẾ HOẠCH" in text
    assert f"Tổ chức phong trào thi đua “{movement.name}” năm {YEAR}" in text
    assert "I. MỤC ĐÍCH, YÊU CẦU" in text
    assert "IV. TỔ CHỨC THỰC HIỆN" in text
    assert "Nguyễn Văn An" in text
    assert "Căn cứ Kế hoạch số 190/KH-UBND ngày 18/7/2025" in text


@pytest.mark.django_db
def test_plan_pdf_reads_with_diacritics_in_liberation_serif(
    movement: Movement, cast: Cast, tmp_path: Path
) -> None:
    item = issue_movement_plan(by=cast[Role.DEPT_OFFICER], movement=movement, year=YEAR)

    opened = open_issued(item, tmp_path)
    text = opened.pdf_text()
    assert "Số: 01/KH-SYT" in text
    assert "KẾ HOẠCH" in text
    assert "II. NỘI DUNG, TIÊU CHÍ VÀ CHỈ TIÊU THI ĐUA" in text
    assert "Phòng Tổ chức cán bộ (Thường trực Hội đồng Thi đua - Khen thưởng)" in text
    assert opened.pdf_fonts() == (LIBERATION_SERIF, {"yes"})
    assert opened.page_sizes() == {(595, 842)}
    assert png_of(opened, "movements-plan").exists()
    assert png_of(opened, "movements-plan-2", page=2).exists()


@pytest.mark.django_db
def test_plan_uses_the_wording_the_department_saved(
    movement: Movement, cast: Cast, tmp_path: Path
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    texts = template_texts(PLAN, unit_path=movement.owner.path)
    texts["organisation"] = "Giao Văn phòng Sở theo dõi việc thực hiện {{phong_trao}}./."
    save_template(by=officer, key=PLAN, unit_path=movement.owner.path, texts=texts)

    item = issue_movement_plan(by=officer, movement=movement, year=YEAR)

    text = open_issued(item, tmp_path).docx_text()
    assert f"Giao Văn phòng Sở theo dõi việc thực hiện {movement.name}./." in text
    assert "Thủ trưởng các đơn vị xây dựng kế hoạch triển khai" not in text


# --- The page --------------------------------------------------------------------------------


def _detail(movement: Movement) -> str:
    return f"/phong-trao/{movement.pk}/?nam={YEAR}"


def _issue(movement: Movement) -> str:
    return f"/phong-trao/{movement.pk}/van-ban/ke-hoach/"


@pytest.mark.django_db
def test_plan_button_issues_and_lists_the_document(
    client: Client, movement: Movement, cast: Cast
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])
    before = client.get(_detail(movement)).content.decode()

    response = client.post(_issue(movement), {"nam": str(YEAR)}, follow=True)

    item = IssuedDocument.objects.get()
    page = response.content.decode()
    assert "Phát hành kế hoạch (Word, PDF)" in before
    assert item.source == f"movements.plan:{movement.pk}:{YEAR}"
    assert [str(m) for m in response.context["messages"]] == [
        f"Đã phát hành kế hoạch số 01/KH-SYT ngày {item.issued_on:%d/%m/%Y}; tải bản Word "
        "hoặc PDF ở mục văn bản bên dưới."
    ]
    assert f"/van-ban/{item.pk}/tai-ve/pdf/" in page
    download = client.get(f"/van-ban/{item.pk}/tai-ve/docx/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"
    download.close()


@pytest.mark.django_db
def test_plan_issue_without_the_abbreviation_is_a_message(
    client: Client, movement: Movement, cast: Cast
) -> None:
    movement.owner.abbreviation = ""
    movement.owner.save()
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(_issue(movement), {"nam": str(YEAR)}, follow=True)

    assert response.status_code == 200
    assert IssuedDocument.objects.count() == 0
    message = next(str(m) for m in response.context["messages"])
    assert message.startswith("Chưa phát hành được văn bản: Thiếu tên viết tắt")


@pytest.mark.django_db
def test_plan_unit_officer_sees_no_button_cannot_issue_nor_download(
    client: Client, movement: Movement, cast: Cast
) -> None:
    item = issue_movement_plan(by=cast[Role.DEPT_OFFICER], movement=movement, year=YEAR)
    client.force_login(cast[Role.UNIT_OFFICER])

    page = client.get(_detail(movement)).content.decode()
    issued = client.post(_issue(movement), {"nam": str(YEAR)})
    download = client.get(f"/van-ban/{item.pk}/tai-ve/pdf/")

    assert "Phát hành kế hoạch" not in page
    assert issued.status_code == 403
    assert download.status_code == 404
    assert IssuedDocument.objects.count() == 1


@pytest.mark.django_db
def test_plan_issue_by_someone_without_a_role_is_forbidden(
    client: Client, movement: Movement, cast: Cast
) -> None:
    client.force_login(cast.nobody)

    response = client.post(_issue(movement), {"nam": str(YEAR)})

    assert response.status_code == 403
    assert IssuedDocument.objects.count() == 0
