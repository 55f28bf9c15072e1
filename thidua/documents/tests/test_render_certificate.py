"""Award certificates in their own layout (Nghị định 98/2023/NĐ-CP, Điều 104; LEGAL.md §1.12):
landscape, centred, the presenter's title and the form's name in red, the decision and the số
sổ vàng bottom left, place, date and signer bottom right, a double border, no Nơi nhận."""

import re
import zipfile
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from thidua.documents.content import Authority, Certificate, Signer
from thidua.documents.render import render_docx, render_pdf
from thidua.documents.samples import one_page_document
from thidua.documents.services.issuing import check_issuable
from thidua.documents.tests.reading import ARTIFACTS, pdf_text, poppler

CERTIFICATE = Certificate(
    presenter="Giám đốc Bệnh viện Đa khoa Xanh Pôn",
    verb="Chứng nhận",
    title="Sáng kiến cấp cơ sở",
    recipient="Ông (bà) Đỗ Quang Vinh",
    details=("Bác sĩ, Khoa Ngoại A2, Bệnh viện Đa khoa Xanh Pôn",),
    achievement=(
        "Là đồng tác giả (tỷ lệ đóng góp 30%) sáng kiến “Bệnh án điện tử khoa Nội”, được công "
        "nhận là sáng kiến cấp cơ sở theo Quyết định số 01/QĐ-BVXP ngày 27 tháng 11 năm 2026."
    ),
    decision_line="Quyết định số 01/QĐ-BVXP ngày 27/11/2026",
    register_line="Số sổ vàng: 02",
)


def certificate_document() -> Any:
    return replace(
        one_page_document(7),
        kind_name="Giấy chứng nhận",
        kind_code="GCN",
        summary="Sáng kiến cấp cơ sở năm 2026",
        body=(),
        recipients=(),
        signer=Signer(Authority.NONE, ("Giám đốc",), "Phạm Minh Đức"),
        certificate=CERTIFICATE,
    )


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: Any) -> Path:
    path = tmp_path_factory.mktemp("certificate") / "certificate.pdf"
    path.write_bytes(render_pdf(certificate_document()))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    poppler(
        "pdftoppm", "-r", "60", "-png", "-singlefile", str(path), str(ARTIFACTS / "certificate")
    )
    return path


def test_certificate_pdf_is_one_landscape_page_in_the_award_order(pdf_path: Path) -> None:
    info = poppler("pdfinfo", str(pdf_path))
    text = " ".join(pdf_text(pdf_path).split())

    assert "Pages: 1" in " ".join(info.split())
    assert "841.89 x 595.276" in info
    order = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIÁM ĐỐC BỆNH VIỆN ĐA KHOA XANH PÔN",
        "CHỨNG NHẬN",
        "SÁNG KIẾN CẤP CƠ SỞ",
        "Ông (bà) Đỗ Quang Vinh",
        "Bác sĩ, Khoa Ngoại A2",
        "tỷ lệ đóng góp 30%",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    for part in ("Số sổ vàng: 02", "Quyết định số 01/QĐ-BVXP ngày 27/11/2026", "Phạm Minh Đức"):
        assert part in text
    assert "Nơi nhận" not in text


def test_certificate_pdf_prints_the_presenter_and_the_title_in_red(pdf_path: Path) -> None:
    # C00000 as the fill colour operator of the content stream: 192/255 = 0.752941.
    content = PdfReader(pdf_path).pages[0].get_contents().get_data().decode("latin-1")
    assert re.search(r"\.752941?\d* 0 0 rg", content)


def test_certificate_pdf_embeds_its_fonts(pdf_path: Path) -> None:
    fonts = poppler("pdffonts", str(pdf_path)).splitlines()[2:]
    assert fonts
    assert all(" yes " in line for line in fonts)
    assert all("LiberationSerif" in line for line in fonts)


def test_certificate_docx_has_a_red_double_border_red_title_and_no_recipients() -> None:
    data = render_docx(certificate_document())
    document = docx.Document(BytesIO(data))
    xml = zipfile.ZipFile(BytesIO(data)).read("word/document.xml").decode()
    texts = [p.text for p in document.paragraphs]

    assert "w:pgBorders" in xml
    assert 'w:val="double"' in xml
    title = next(p for p in document.paragraphs if p.text == "SÁNG KIẾN CẤP CƠ SỞ")
    presenter = next(p for p in document.paragraphs if p.text.startswith("GIÁM ĐỐC BỆNH VIỆN"))
    for paragraph in (title, presenter):
        assert paragraph.runs[0].font.color.rgb is not None
        assert str(paragraph.runs[0].font.color.rgb) == "C00000"
        assert paragraph.runs[0].font.name == "Times New Roman"
    assert "Ông (bà) Đỗ Quang Vinh" in texts
    assert not any("Nơi nhận" in text for text in texts)
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert "Số sổ vàng: 02" in cells[0]
    assert "Phạm Minh Đức" in cells[1]


def test_a_certificate_without_its_holder_cannot_be_issued() -> None:
    empty = replace(
        certificate_document(), number="", certificate=replace(CERTIFICATE, recipient=" ")
    )

    errors = check_issuable(empty, unit_path="/1/")

    assert set(errors) == {"certificate.recipient"}
