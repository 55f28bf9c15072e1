"""The phase report's “Công tác khen thưởng” (II.5): the awards of the phase's years read from
the award history — per year and award, individuals and collectives apart, the movement's
thematic awards in their own rows, revoked awards and other years left out — the
units most awarded (their staff's awards rolled up to them), the share of rated staff holding
“Lao động tiên tiến”; the selector's queries not growing with units; and the section in the
Word and PDF files (table rows, chart, diacritics), its page written as PNG for review."""

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from docx import Document

from thidua.accounts.roles import Role
from thidua.awards.domain.default_rulebook import (
    BANG_KHEN_CA_NHAN,
    CSTDCS,
    GIAY_KHEN_TAP_THE,
    LDTT,
    TTLDTT,
)
from thidua.awards.enums import Rating
from thidua.awards.models import AwardRecord, YearlyRating
from thidua.documents.render import render_docx, render_pdf
from thidua.documents.tests.reading import ARTIFACTS, one_line, pdf_text, poppler
from thidua.organizations.models import Person, Unit
from thidua.organizations.tests.factories import PersonFactory, make_unit
from thidua.summaries.composition import award_table_rows
from thidua.summaries.figures import PhaseFigures
from thidua.summaries.models import PhaseReport
from thidua.summaries.selectors.figures import phase_figures
from thidua.summaries.services.generation import report_document
from thidua.summaries.services.reports import create_phase_report
from thidua.summaries.tests.support import add_hospitals, default_movement, phase_one

QUERIES = 24  # the figures of II.1–II.4 (18) and of the awards (6)


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def report(cast: Any, org: Any) -> PhaseReport:
    org.root.abbreviation = "SYT"
    org.root.head = PersonFactory(unit=org.root, full_name="Nguyễn Văn An")
    org.root.save(update_fields=["abbreviation", "head"])
    movement = default_movement(org.root)
    made = create_phase_report(
        by=cast[Role.DEPT_OFFICER], movement=movement, phase=phase_one(movement)
    )
    return PhaseReport.objects.select_related("movement__owner", "phase").get(pk=made.pk)


def _award(code: str, year: int, *, person: Person | None = None, unit: Unit | None = None,
           **extra: Any) -> AwardRecord:  # fmt: skip
    return AwardRecord.objects.create(person=person, unit=unit, award_code=code, year=year, **extra)


def _rated(person: Person, year: int) -> None:
    YearlyRating.objects.create(person=person, year=year, rating=Rating.HTTNV)


@pytest.fixture
def awarded(org: Any, report: PhaseReport) -> PhaseFigures:
    """Three hospitals (2025–2027 is the phase). Counted: Chi's LĐTT 2025 and 2026 and CSTĐCS
    2026, Dũng's LĐTT 2026 (he works in a ward of hospital 1), hospital 0's TTLĐTT 2026 and
    Giấy khen 2027, Chi's thematic Bằng khen 2027, Em's LĐTT 2026 (she works at the Sở itself,
    no participant: counted, but in no hospital's row). Left out: Bình's revoked LĐTT 2026 and
    an LĐTT of 2024. Five people rated in 2026, three of them LĐTT."""
    first, second, _ = add_hospitals(report.movement, org.root, 3)
    ward = make_unit("BV_T001_K1", "Khoa Nội", parent=second)
    chi = PersonFactory(unit=first, full_name="Trần Thị Chi")
    binh = PersonFactory(unit=second, full_name="Lê Văn Bình")
    dung = PersonFactory(unit=ward, full_name="Phạm Văn Dũng")
    office = PersonFactory(unit=org.root, full_name="Hoàng Thị Em")
    _award(LDTT, 2025, person=chi)
    _award(LDTT, 2026, person=chi)
    _award(CSTDCS, 2026, person=chi)
    _award(LDTT, 2026, person=dung)
    _award(TTLDTT, 2026, unit=first)
    _award(GIAY_KHEN_TAP_THE, 2027, unit=first)
    _award(BANG_KHEN_CA_NHAN, 2027, person=chi, thematic=True)
    _award(LDTT, 2026, person=binh, revoked=True, revoked_reason="Khai man thành tích")
    _award(LDTT, 2024, person=chi)
    _award(LDTT, 2026, person=office)
    for person in (chi, binh, dung, office, PersonFactory(unit=first)):
        _rated(person, 2026)
    return phase_figures(report)


def test_award_table_rows_are_the_records_of_the_phase(awarded: PhaseFigures) -> None:
    assert award_table_rows(awarded) == (
        ("1", "Lao động tiên tiến", "Cá nhân", "1", "3", "0", "4"),
        ("2", "Chiến sĩ thi đua cơ sở", "Cá nhân", "0", "1", "0", "1"),
        ("3", "Tập thể lao động tiên tiến", "Tập thể", "0", "1", "0", "1"),
        ("4", "Giấy khen (tập thể)", "Tập thể", "0", "0", "1", "1"),
        (
            "5",
            "Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố (cá nhân) (theo chuyên đề)",
            "Cá nhân",
            "0",
            "0",
            "1",
            "1",
        ),
        ("", "Cộng danh hiệu thi đua", "", "1", "5", "0", "6"),
        ("", "Cộng hình thức khen thưởng", "", "0", "0", "1", "1"),
        ("", "Cộng khen thưởng theo chuyên đề", "", "0", "0", "1", "1"),
        ("", "Tổng cộng", "", "1", "5", "2", "8"),
    )


def test_award_years_split_kinds_and_subjects(awarded: PhaseFigures) -> None:
    assert [
        (y.year, y.titles, y.forms, y.thematic, y.individuals, y.collectives)
        for y in awarded.award_years
    ] == [(2025, 1, 0, 0, 1, 0), (2026, 5, 0, 0, 4, 1), (2027, 0, 1, 1, 1, 1)]


def test_staff_awards_roll_up_to_their_hospital(awarded: PhaseFigures) -> None:
    assert [(u.name, u.titles, u.forms, u.thematic) for u in awarded.awarded_units] == [
        ("Bệnh viện Thử 000", 4, 1, 1),
        ("Bệnh viện Thử 001", 1, 0, 0),
    ]


def test_share_of_rated_staff_holding_lao_dong_tien_tien(awarded: PhaseFigures) -> None:
    assert [(a.year, a.staff, a.advanced, a.rate) for a in awarded.advanced_workers] == [
        (2025, 0, 1, None),
        (2026, 5, 3, Decimal("60.0")),
        (2027, 0, 0, None),
    ]


def test_award_placeholders_count_titles_forms_and_thematic(report: PhaseReport,
                                                            awarded: PhaseFigures) -> None:  # fmt: skip
    document = report_document(report)

    texts = [getattr(block, "text", "") for block in document.body]
    assert any(
        "đã công nhận, tặng 6 lượt danh hiệu thi đua và 1 lượt hình thức khen thưởng" in text
        and "1 lượt tập thể, cá nhân có thành tích xuất sắc" in text
        for text in texts
    )


@pytest.mark.parametrize("units", [3, 12])
def test_figures_with_awards_keep_a_fixed_number_of_queries(
    org: Any, report: PhaseReport, units: int, django_assert_max_num_queries: Any
) -> None:
    for unit in add_hospitals(report.movement, org.root, units):
        person = PersonFactory(unit=unit)
        _award(LDTT, 2026, person=person)
        _award(GIAY_KHEN_TAP_THE, 2027, unit=unit)
        _rated(person, 2026)

    with django_assert_max_num_queries(QUERIES):
        figures = phase_figures(report)

    assert figures.awards == 2 * units
    assert len(figures.awarded_units) == min(units, 10)


def _table_after(document: Any, caption: str) -> Any:
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


def test_word_awards_table_rows_are_the_figures(report: PhaseReport, awarded: PhaseFigures) -> None:
    document = Document(io.BytesIO(render_docx(report_document(report))))

    table = _table_after(document, "Bảng 7. Danh hiệu thi đua, hình thức khen thưởng theo năm")
    rows = [tuple(cell.text for cell in row.cells) for row in table.rows]
    assert rows[0] == ("STT", "Danh hiệu, hình thức khen thưởng", "Đối tượng", "2025", "2026",
                       "2027", "Cộng")  # fmt: skip
    assert tuple(rows[1:]) == award_table_rows(awarded)
    headings = [p.text for p in document.paragraphs if re.match(r"^\d\. ", p.text)]
    assert (
        headings.index("5. Công tác khen thưởng")
        == headings.index("4. Sáng kiến được công nhận và nhân rộng") + 1
    )
    assert len(document.inline_shapes) == 5  # four charts before, and the awards per year


def test_pdf_awards_page_reads_with_diacritics_and_is_kept_as_png(
    report: PhaseReport, awarded: PhaseFigures, tmp_path: Any
) -> None:
    pdf = tmp_path / "so-ket.pdf"
    pdf.write_bytes(render_pdf(report_document(report)))
    text = one_line(pdf_text(pdf))
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(pdf)))[1])  # type: ignore[index]
    page = next(
        n
        for n in range(1, pages + 1)
        if "5. Công tác khen thưởng" in one_line(pdf_text(pdf, page=n))
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    poppler(
        "pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page), "-l", str(page),
        str(pdf), str(ARTIFACTS / "phase-report-awards"),
    )  # fmt: skip

    for expected in (
        "5. Công tác khen thưởng",
        "Bảng 7. Danh hiệu thi đua, hình thức khen thưởng theo năm",
        "Chiến sĩ thi đua cơ sở",
        "(theo chuyên đề)",
        "Biểu đồ 4. Danh hiệu thi đua, hình thức khen thưởng theo năm",
        "Tỷ lệ người lao động đạt danh hiệu “Lao động tiên tiến”",
        "Bệnh viện Thử 000",
    ):
        assert expected in text, expected
    assert (ARTIFACTS / "phase-report-awards.png").stat().st_size > 10_000
