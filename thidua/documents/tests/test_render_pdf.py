"""The PDF renderer, read back with pypdf and poppler as a reader's tools see the file."""

import re
import time
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image as PilImage
from pypdf import PdfReader

from thidua.documents import layout
from thidua.documents.content import Image, PageBreak, Paragraph, Table
from thidua.documents.render import render_pdf
from thidua.documents.render.pdf import qr_modules
from thidua.documents.render.qr import qr_png
from thidua.documents.samples import (
    decision_recognising_initiatives,
    initiative_rows,
    one_page_document,
)
from thidua.documents.tests.reading import ARTIFACTS, column_text, one_line, pdf_text, poppler

TOP_MARGIN_PT = 20 / 25.4 * 72
LEFT_MARGIN_PT = 30 / 25.4 * 72
TEXT_WIDTH_PT = 165 / 25.4 * 72


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "decision.pdf"
    path.write_bytes(render_pdf(decision_recognising_initiatives()))
    return path


def test_pdf_prints_the_header_lines_exactly(sample_pdf: Path) -> None:
    lines = pdf_text(sample_pdf, page=1).splitlines()

    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 05 tháng 02 năm 2026",
        "Số: 15/QĐ-SYT",
        "SỞ Y TẾ",
        "QUYẾT ĐỊNH",
        "Về việc công nhận sáng kiến năm 2026",
    ):
        assert expected in lines, expected


def test_pdf_breaks_the_superior_agency_where_offices_break_it(sample_pdf: Path) -> None:
    lines = pdf_text(sample_pdf, page=1).splitlines()

    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", "SỞ Y TẾ"]


def test_pdf_prints_the_body_signer_and_recipients(sample_pdf: Path) -> None:
    text = one_line(pdf_text(sample_pdf))

    for expected in (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "Điều 1. Công nhận 25 sáng kiến năm 2026",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
        "Nguyễn Văn An",
        "Nơi nhận: - Như Điều 3; - Giám đốc Sở (để báo cáo);",
        "- Lưu: VT, TCCB.",
    ):
        assert expected in text, expected


def test_pdf_embeds_only_liberation_serif(sample_pdf: Path) -> None:
    rows = poppler("pdffonts", str(sample_pdf)).splitlines()[2:]

    fonts = sorted(row.split()[0].split("+")[-1] for row in rows)
    embedded = {row.split()[-5] for row in rows}
    assert fonts == [
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-BoldItalic",
        "LiberationSerif-Italic",
    ]
    assert embedded == {"yes"}


def test_pdf_pages_are_a4(sample_pdf: Path) -> None:
    reader = PdfReader(sample_pdf)

    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert sizes == {(595, 842)}
    assert len(reader.pages) >= 2


def test_pdf_numbers_pages_from_two_in_the_top_margin(sample_pdf: Path) -> None:
    pages = len(PdfReader(sample_pdf).pages)

    tops = [pdf_text(sample_pdf, page=n, top_pt=TOP_MARGIN_PT).strip() for n in range(1, pages + 1)]
    assert tops == ["", *(str(n) for n in range(2, pages + 1))]


def test_pdf_table_keeps_every_row_across_pages(sample_pdf: Path) -> None:
    doc = decision_recognising_initiatives()
    table = next(block for block in doc.body if isinstance(block, Table))
    assert table.widths is not None
    edges = [LEFT_MARGIN_PT + TEXT_WIDTH_PT * sum(table.widths[:i]) for i in range(6)]
    pages = len(PdfReader(sample_pdf).pages)

    columns = [
        column_text(sample_pdf, edges[i] - 1, edges[i + 1] - 1).replace(table.header[i], "")
        for i in range(5)
    ]
    headers_per_page = [
        pdf_text(sample_pdf, page=n).count("Tên sáng kiến") for n in range(1, pages + 1)
    ]

    for i, column in enumerate(columns):  # each column, read down, holds its cells in order
        assert " ".join(row[i] for row in initiative_rows(25)) in one_line(column), table.header[i]
    assert headers_per_page == [1, 1, 1]  # the list runs over three pages, its header repeated


def test_pdf_of_a_draft_leaves_the_number_blank(tmp_path: Path) -> None:
    draft = decision_recognising_initiatives(number="", issued_on=None)
    path = tmp_path / "draft.pdf"
    path.write_bytes(render_pdf(draft))

    printed = (PdfReader(path).pages[0].extract_text() or "").replace("\u00a0", " ")
    laid_out = pdf_text(path, page=1, layout=True)

    assert "Số:      /QĐ-SYT" in [line.strip() for line in printed.splitlines()]
    assert "Hà Nội, ngày      tháng      năm" in printed
    assert re.search(r"Số:\s{3,}/QĐ-SYT", laid_out)  # one line, the gap kept for the number
    assert "Mã xác thực" not in printed


def test_pdf_of_an_issued_document_prints_its_verification(sample_pdf: Path) -> None:
    first = pdf_text(sample_pdf, page=1)
    last = pdf_text(sample_pdf, page=3)

    assert "Mã xác thực: 7KQ2-M9XA" in first
    assert "Xác thực tại: https://thiduaso.example.vn/xac-thuc/7KQ2-M9XA" in first
    assert "Mã xác thực" not in last


def test_pdf_qr_code_scans_as_the_verification_url(tmp_path: Path) -> None:
    doc = one_page_document(5)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(render_pdf(doc))
    expected = qr_modules(doc.verification_url)
    dpi = 600
    px = dpi / 25.4  # pixels per mm
    left, top = 30 * px, (297 - layout.QR_FROM_BOTTOM_MM - layout.QR_SIZE_MM) * px
    module = layout.QR_SIZE_MM * px / len(expected)
    x0, y0 = int(left) - 5, int(top) - 5
    size = int(layout.QR_SIZE_MM * px) + 10

    poppler(
        "pdftoppm",
        "-r",
        str(dpi),
        "-gray",
        "-png",
        "-singlefile",
        "-x",
        str(x0),
        "-y",
        str(y0),
        "-W",
        str(size),
        "-H",
        str(size),
        str(path),
        str(tmp_path / "qr"),
    )
    picture = PilImage.open(tmp_path / "qr.png").convert("L")
    read = [
        [
            picture.getpixel(
                (int(left + (c + 0.5) * module) - x0, int(top + (r + 0.5) * module) - y0)
            )
            < 128
            for c in range(len(expected))
        ]
        for r in range(len(expected))
    ]

    assert read == expected  # the printed modules are the code of the verification URL


def test_pdf_is_the_same_bytes_for_the_same_document() -> None:
    doc = one_page_document(7)

    assert render_pdf(doc) == render_pdf(doc)


def test_pdf_carries_images_and_page_breaks() -> None:
    picture = BytesIO()
    PilImage.new("RGB", (200, 100), "white").save(picture, format="PNG")
    doc = replace(
        one_page_document(1),
        body=(
            Paragraph("Trang đầu."),
            Image(picture.getvalue(), width_mm=100, caption="Biểu đồ 1. Kết quả theo năm"),
            PageBreak(),
            Paragraph("Trang sau."),
        ),
    )

    reader = PdfReader(BytesIO(render_pdf(doc)))

    assert len(reader.pages) == 2
    assert [len(page.images) for page in reader.pages] == [1, 0]
    assert "Biểu đồ 1. Kết quả theo năm" in (reader.pages[0].extract_text() or "")
    assert "Trang sau." in (reader.pages[1].extract_text() or "")


def test_pdf_of_a_certificate_size_document_is_one_page() -> None:
    started = time.perf_counter()

    reader = PdfReader(BytesIO(render_pdf(one_page_document(3))))

    assert len(reader.pages) == 1
    assert time.perf_counter() - started < 5


def test_sample_pdf_renders_to_png_for_review(sample_pdf: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "decision.pdf").write_bytes(sample_pdf.read_bytes())
    (ARTIFACTS / "one-page.pdf").write_bytes(render_pdf(one_page_document(1)))

    poppler(
        "pdftoppm", "-r", "60", "-png", str(ARTIFACTS / "decision.pdf"), str(ARTIFACTS / "decision")
    )
    poppler(
        "pdftoppm", "-r", "60", "-png", str(ARTIFACTS / "one-page.pdf"), str(ARTIFACTS / "one-page")
    )

    assert sorted(p.name for p in ARTIFACTS.glob("decision-*.png")) == [
        "decision-1.png",
        "decision-2.png",
        "decision-3.png",
    ]
    assert sorted(p.name for p in ARTIFACTS.glob("one-page-*.png")) == ["one-page-1.png"]


def test_pdf_landscape_page_is_a4_turned() -> None:
    doc = replace(one_page_document(4), landscape=True)

    page = PdfReader(BytesIO(render_pdf(doc))).pages[0]

    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)


def test_pdf_never_leaves_a_chart_caption_alone_at_the_top_of_a_page(tmp_path):
    # Whatever the text before it, a chart and its caption share a page: with some lengths
    # of text the chart alone would fit at the bottom of page 1 and push its caption over.
    png = qr_png("https://thiduaso.example.vn/xac-thuc/X")
    for lines in range(6, 30, 2):
        filler = tuple(Paragraph("Nội dung báo cáo sơ kết. " * 6) for _ in range(lines))
        body = (*filler, Image(png=png, width_mm=70, caption="Biểu đồ 9. Chú thích"))
        path = tmp_path / f"chart-{lines}.pdf"
        path.write_bytes(render_pdf(replace(one_page_document(), body=body)))
        pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(path))).group(1))
        caption_page = next(n for n in range(1, pages + 1) if "Biểu đồ 9" in pdf_text(path, page=n))
        listed = poppler("pdfimages", "-list", str(path)).splitlines()[2:]
        chart_pages = {int(row.split()[0]) for row in listed if int(row.split()[3]) > 100}
        assert chart_pages == {caption_page}, lines
