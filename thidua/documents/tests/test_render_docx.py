"""The Word renderer, re-opened with python-docx as Word would read the file."""

from dataclasses import replace
from io import BytesIO
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image as PilImage

from thidua.documents.content import Heading, Image, PageBreak, Paragraph, Table
from thidua.documents.render import render_docx
from thidua.documents.render.qr import qr_png
from thidua.documents.samples import (
    decision_recognising_initiatives,
    initiative_rows,
    one_page_document,
)
from thidua.documents.tests.reading import ARTIFACTS


def _open(data: bytes) -> Any:
    return docx.Document(BytesIO(data))


@pytest.fixture(scope="module")
def sample() -> Any:
    data = render_docx(decision_recognising_initiatives())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "decision.docx").write_bytes(data)
    return _open(data)


def _all_paragraphs(document: Any) -> list[Any]:
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    return paragraphs


def _texts(document: Any) -> list[str]:
    return [p.text for p in _all_paragraphs(document)]


def test_docx_holds_every_line_with_its_diacritics(sample: Any) -> None:
    texts = _texts(sample)

    for expected in (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI",  # broken where offices break it
        "SỞ Y TẾ",
        "Số: 15/QĐ-SYT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 05 tháng 02 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc công nhận sáng kiến năm 2026",
        "GIÁM ĐỐC SỞ Y TẾ",
        "QUYẾT ĐỊNH:",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn An",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT, TCCB.",
    ):
        assert expected in texts, expected
    assert any(t.startswith("Điều 1. Công nhận 25 sáng kiến") for t in texts)


def test_docx_runs_are_times_new_roman_in_every_font_slot(sample: Any) -> None:
    runs = [run for p in _all_paragraphs(sample) for run in p.runs if run.text]
    slots = {
        run._element.rPr.rFonts.get(qn(f"w:{slot}"))
        for run in runs
        for slot in ("ascii", "hAnsi", "eastAsia", "cs")
    }

    assert {run.font.name for run in runs} == {"Times New Roman"}
    assert slots == {"Times New Roman"}


def test_docx_sizes_follow_the_decree(sample: Any) -> None:
    def size_of(text: str) -> float:
        paragraph = next(p for p in _all_paragraphs(sample) if p.text == text)
        return paragraph.runs[0].font.size.pt

    sizes = {
        text: size_of(text)
        for text in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Hà Nội, ngày 05 tháng 02 năm 2026",
            "Nơi nhận:",
            "- Lưu: VT, TCCB.",
            "Nguyễn Văn An",
        )
    }

    assert list(sizes.values()) == [13, 14, 14, 12, 11, 14]


def test_docx_page_is_a4_with_the_decree_margins(sample: Any) -> None:
    section = sample.sections[0]

    measures = [
        section.page_width.mm,
        section.page_height.mm,
        section.top_margin.mm,
        section.bottom_margin.mm,
        section.left_margin.mm,
        section.right_margin.mm,
    ]

    assert measures == pytest.approx([210, 297, 20, 20, 30, 15], abs=0.1)


def test_docx_numbers_pages_from_two(sample: Any) -> None:
    section = sample.sections[0]

    later = section.header._element.xml
    first = section.first_page_header._element.xml

    assert section.different_first_page_header_footer is True
    assert "PAGE" in later
    assert 'w:fldCharType="begin"' in later
    assert "PAGE" not in first
    assert section.first_page_header.is_linked_to_previous is False


def test_docx_table_rows_are_the_data_rows(sample: Any) -> None:
    listing = sample.tables[1]  # after the header table

    rows = [tuple(cell.text for cell in row.cells) for row in listing.rows]
    header_flag = listing.rows[0]._tr.trPr.find(qn("w:tblHeader"))

    assert rows[0] == ("STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Phạm vi ảnh hưởng")
    assert rows[1:] == list(initiative_rows(25))
    assert all(run.bold for cell in listing.rows[0].cells for run in cell.paragraphs[0].runs)
    assert header_flag is not None  # repeated at the top of each page
    assert listing.style.name == "Table Grid"


def test_docx_header_table_has_no_borders(sample: Any) -> None:
    borders = sample.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))

    values = {child.get(qn("w:val")) for child in borders}

    assert values == {"nil"}


def test_docx_of_a_draft_leaves_the_number_blank() -> None:
    draft = decision_recognising_initiatives(number="", issued_on=None)

    texts = _texts(_open(render_docx(draft)))

    assert "Số:      /QĐ-SYT" in texts
    assert "Hà Nội, ngày      tháng      năm      " in texts


def test_docx_carries_images_headings_and_page_breaks() -> None:
    picture = BytesIO()
    PilImage.new("RGB", (200, 100), "white").save(picture, format="PNG")
    doc = replace(
        one_page_document(2),
        body=(
            Heading("I. KẾT QUẢ ĐẠT ĐƯỢC"),
            Image(picture.getvalue(), width_mm=100, caption="Biểu đồ 1. Kết quả theo năm"),
            PageBreak(),
            Paragraph("Nội dung trang sau."),
        ),
    )

    document = _open(render_docx(doc))

    shapes = document.inline_shapes
    body = document.element.body.xml
    assert len(shapes) == 1
    assert shapes[0].width.mm == pytest.approx(100, abs=0.1)
    assert 'w:type="page"' in body
    assert [
        t for t in _texts(document) if t in ("I. KẾT QUẢ ĐẠT ĐƯỢC", "Biểu đồ 1. Kết quả theo năm")
    ] == [
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "Biểu đồ 1. Kết quả theo năm",
    ]


def test_docx_landscape_page_is_a4_turned() -> None:
    doc = replace(one_page_document(4), landscape=True)

    section = _open(render_docx(doc)).sections[0]

    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((297, 210), abs=0.1)
    assert section.orientation == 1  # WD_ORIENT.LANDSCAPE


# --- The verification QR code of an issued document -------------------------------------------

CODE = "7K3M9QXW2T"
URL = f"https://thiduaso.example.vn/xac-thuc/{CODE}/"


@pytest.fixture(scope="module")
def issued() -> Any:
    document = replace(decision_recognising_initiatives(), verification=CODE, verification_url=URL)
    data = render_docx(document)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "decision-issued.docx").write_bytes(data)
    return _open(data)


def _pictures(part_element: Any) -> list[Any]:
    return part_element.findall(".//" + qn("a:blip"))


def test_docx_of_an_issued_document_has_the_qr_code_in_the_first_page_footer(issued: Any) -> None:
    section = issued.sections[0]
    footer = section.first_page_footer

    blips = _pictures(footer._element)
    image = footer.part.related_parts[blips[0].get(qn("r:embed"))]
    cells = [cell.text for cell in footer.tables[0].rows[0].cells]

    assert section.different_first_page_header_footer is True
    assert footer.is_linked_to_previous is False
    assert len(blips) == 1
    assert image.content_type == "image/png"
    assert image.blob.startswith(b"\x89PNG")
    assert cells == ["", f"Mã xác thực: {CODE}\nXác thực tại: {URL}"]


def test_docx_qr_code_is_on_page_one_only(issued: Any) -> None:
    section = issued.sections[0]

    later_footer = section.footer._element.xml
    body = issued.element.body.xml

    assert CODE not in later_footer
    assert _pictures(section.footer._element) == []
    assert CODE not in body  # nor in the text offices edit
    assert _pictures(issued.element.body) == []


def test_docx_qr_code_is_14_mm_at_4_mm_from_the_paper_edge(issued: Any) -> None:
    section = issued.sections[0]
    extent = section.first_page_footer._element.find(".//" + qn("wp:extent"))

    assert round(int(extent.get("cx")) / 36_000, 1) == 14.0  # EMU per mm
    assert round(int(extent.get("cy")) / 36_000, 1) == 14.0
    assert round(section.footer_distance.mm, 1) == 4.0
    assert section.footer_distance.mm + 14 < section.bottom_margin.mm  # inside the margin


def test_docx_verification_text_is_times_new_roman_9_pt(issued: Any) -> None:
    text_cell = issued.sections[0].first_page_footer.tables[0].rows[0].cells[1]

    runs = [run for paragraph in text_cell.paragraphs for run in paragraph.runs]

    assert [run.font.name for run in runs] == ["Times New Roman", "Times New Roman"]
    assert [run.font.size.pt for run in runs] == [9.0, 9.0]


def test_docx_qr_picture_reads_back_as_the_verification_url(issued: Any) -> None:
    from thidua.documents.render.qr import PNG_PIXELS_PER_MODULE, qr_modules

    footer = issued.sections[0].first_page_footer
    blob = footer.part.related_parts[_pictures(footer._element)[0].get(qn("r:embed"))].blob
    (ARTIFACTS / "word-first-page-qr.png").write_bytes(blob)
    picture = PilImage.open(BytesIO(blob)).convert("L")
    expected = qr_modules(URL)
    step = PNG_PIXELS_PER_MODULE

    read = [
        [
            picture.getpixel((c * step + step // 2, r * step + step // 2)) < 128
            for c in range(len(row))
        ]
        for r, row in enumerate(expected)
    ]

    assert picture.size == (len(expected) * step, len(expected) * step)
    assert read == expected


def test_docx_of_a_draft_has_no_qr_code() -> None:
    draft = _open(render_docx(decision_recognising_initiatives(number="", issued_on=None)))

    footer = draft.sections[0].first_page_footer

    assert _pictures(footer._element) == []
    assert footer.tables == []


def test_docx_keeps_a_chart_with_its_caption_and_a_table_caption_with_its_table():
    png = qr_png("https://thiduaso.example.vn/xac-thuc/X")
    body = (
        Image(png=png, width_mm=60, caption="Biểu đồ 1. Điểm bình quân"),
        Table(caption="Bảng 1. Kết quả", header=("STT", "Đơn vị"), rows=(("1", "Bệnh viện A"),)),
    )
    document = _open(render_docx(replace(decision_recognising_initiatives(), body=body)))

    picture = next(p for p in document.paragraphs if p._p.xpath(".//pic:pic"))
    table_caption = next(p for p in document.paragraphs if p.text == "Bảng 1. Kết quả")
    assert picture.paragraph_format.keep_with_next is True
    assert table_caption.paragraph_format.keep_with_next is True
