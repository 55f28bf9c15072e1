"""The phase report as files, built once from the demo data at the `small` scale (the whole
seed, rolled back after): the Word file read with python-docx and the PDF with poppler, as a
reader's tools see them — headings I–VI, tables against the selector's figures, one picture per
chart, Times New Roman / embedded Liberation fonts, diacritics, page numbers from page 2, and
the officer's edited wording. Pages 1 and 3 are written to test-artifacts/documents/ as PNG."""

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from thidua.accounts.models import User
from thidua.documents.render import render_docx, render_pdf
from thidua.documents.tests.reading import ARTIFACTS, one_line, pdf_text, poppler
from thidua.summaries.figures import PhaseFigures, decimal_text
from thidua.summaries.models import PhaseReport, PhaseReportSection
from thidua.summaries.selectors.figures import phase_figures
from thidua.summaries.services.generation import report_document
from thidua.summaries.services.reports import save_section

EDITED = "Đề nghị Thành phố khen thưởng {{so_don_vi}} đơn vị có thành tích xuất sắc."


@dataclass(frozen=True)
class Built:
    figures: PhaseFigures
    docx: bytes
    pdf: Path


_BUILT: dict[str, Built] = {}


@pytest.fixture
def built(db: None, settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Seed the demo (small), edit one section, build and render — once per test process: the
    first test pays for it (the seed is rolled back with that test), the others read the
    files."""
    if "report" not in _BUILT:
        from thidua.organizations.demo_data.install import seed_demo_data

        folder = tmp_path_factory.mktemp("phase-report")
        settings.MEDIA_ROOT = str(folder)
        seed_demo_data("small")
        report = PhaseReport.objects.select_related("movement__owner", "phase").get(phase__number=1)
        section = PhaseReportSection.objects.get(report=report, key="de_xuat")
        save_section(
            by=User.objects.get(username="thuongtruc"),
            report=report,
            key="de_xuat",
            text=EDITED,
            revision=section.revision,
        )
        document = report_document(report)
        pdf = folder / "so-ket.pdf"
        pdf.write_bytes(render_pdf(document))
        _BUILT["report"] = Built(figures=phase_figures(report), docx=render_docx(document), pdf=pdf)
    return _BUILT["report"]


def _docx(built: Built) -> Any:
    return Document(io.BytesIO(built.docx))


def _table_with_caption(document: Any, caption: str) -> Any:
    """The table right after the paragraph holding `caption` in the body."""
    body = document.element.body
    found = False
    for child in body.iterchildren():
        if child.tag.endswith("}p") and caption in "".join(
            t.text or "" for t in child.iter() if t.tag.endswith("}t")
        ):
            found = True
        elif found and child.tag.endswith("}tbl"):
            return next(t for t in document.tables if t._tbl is child)
    raise AssertionError(caption)


def test_word_file_has_sections_one_to_six_in_order(built: Built) -> None:
    headings = [
        p.text for p in _docx(built).paragraphs if re.match(r"^(I|II|III|IV|V|VI)\. ", p.text)
    ]

    assert headings == [
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ ĐẠT ĐƯỢC",
        "III. HẠN CHẾ, NGUYÊN NHÂN",
        "IV. BÀI HỌC KINH NGHIỆM",
        "V. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN TỚI",
        "VI. ĐỀ XUẤT, KIẾN NGHỊ",
    ]


def test_word_ranking_table_rows_are_the_selectors_units(built: Built) -> None:
    table = _table_with_caption(_docx(built), "Bảng 2. Kết quả chấm điểm")

    rows = [tuple(cell.text for cell in row.cells) for row in table.rows[1:]]
    assert rows == [
        (
            str(unit.rank),
            unit.name,
            unit.cluster or "–",
            decimal_text(unit.total),
            str(unit.rank_in_cluster) if unit.rank_in_cluster else "–",
        )
        for unit in built.figures.units
    ]
    assert len(rows) == 12


def test_word_area_table_matches_the_targets_met(built: Built) -> None:
    table = _table_with_caption(_docx(built), "Bảng 1. Kết quả thực hiện chỉ tiêu")

    rows = [tuple(cell.text for cell in row.cells) for row in table.rows[1:]]
    assert [(r[0], r[3], r[4]) for r in rows[:-1]] == [
        (a.code, f"{a.met}/{a.checks}", decimal_text(a.rate, 1)) for a in built.figures.areas
    ]
    assert rows[-1][1] == "Cộng"
    assert built.figures.checks > 0


def test_word_has_one_picture_per_chart(built: Built) -> None:
    assert len(_docx(built).inline_shapes) == 5


def test_word_text_is_times_new_roman(built: Built) -> None:
    document = _docx(built)
    fonts = {
        run.font.name
        for paragraph in document.paragraphs
        for run in paragraph.runs
        if run.text.strip()
    }

    assert fonts == {"Times New Roman"}


def test_edited_narrative_appears_filled_in_both_files(built: Built) -> None:
    expected = "Đề nghị Thành phố khen thưởng 12 đơn vị có thành tích xuất sắc."

    assert expected in [p.text for p in _docx(built).paragraphs]
    assert expected in one_line(pdf_text(built.pdf))


def test_pdf_text_keeps_its_diacritics(built: Built) -> None:
    text = one_line(pdf_text(built.pdf))

    for expected in (
        "BÁO CÁO",
        "Sơ kết giai đoạn 1 (2025–2027) thực hiện phong trào thi đua",
        "II. KẾT QUẢ ĐẠT ĐƯỢC",
        "Bảng 5. Sáng kiến theo nội dung thi đua",
        "Biểu đồ 5. Điểm bình quân và tỷ lệ đạt chỉ tiêu qua các năm",
        built.figures.units[0].name,
    ):
        assert expected in text, expected


def test_pdf_embeds_its_fonts(built: Built) -> None:
    lines = poppler("pdffonts", str(built.pdf)).splitlines()[2:]

    assert lines
    assert all(" yes " in line for line in lines)  # emb column
    assert all("LiberationSerif" in line for line in lines)


def test_pdf_numbers_pages_from_page_two(built: Built) -> None:
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(built.pdf)))[1])  # type: ignore[index]
    tops = [pdf_text(built.pdf, page=n, top_pt=50).split() for n in range(1, pages + 1)]

    assert pages >= 4
    assert "1" not in tops[0]
    assert [n for n in range(2, pages + 1) if str(n) in tops[n - 1]] == list(range(2, pages + 1))


def test_pdf_holds_the_five_charts(built: Built) -> None:
    listed = poppler("pdfimages", "-list", str(built.pdf)).splitlines()[2:]

    assert [line.split()[2] for line in listed].count("image") == 5  # (their masks are "smask")


def test_pages_one_and_three_as_png_for_review(built: Built) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "phase-report.pdf").write_bytes(built.pdf.read_bytes())
    (ARTIFACTS / "phase-report.docx").write_bytes(built.docx)
    for page in (1, 3):
        poppler(
            "pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page), "-l", str(page),
            str(built.pdf), str(ARTIFACTS / f"phase-report-page-{page}"),
        )  # fmt: skip

    assert (ARTIFACTS / "phase-report-page-1.png").stat().st_size > 10_000
    assert (ARTIFACTS / "phase-report-page-3.png").stat().st_size > 10_000
