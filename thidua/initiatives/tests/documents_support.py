"""What the tests of a round's official documents share: a decided round at Bệnh viện A (two
initiatives recognised — one by two co-authors, one with a person from a khoa — and one refused
with its reasons), plus readers of the issued Word and PDF files."""

import io
from dataclasses import dataclass
from pathlib import Path

from django.db.models.fields.files import FieldFile
from django.utils import timezone
from docx import Document

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.documents.tests.reading import ARTIFACTS, poppler
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.models import Decision, Initiative
from thidua.initiatives.services.decisions import decide_initiative
from thidua.initiatives.tests.council_factories import enter
from thidua.initiatives.tests.decision_factories import (
    Council,
    cast_votes,
    make_closed_round,
    score,
)
from thidua.initiatives.tests.factories import make_initiative
from thidua.organizations.models import Person, Unit
from thidua.organizations.tests.factories import PersonFactory

TODAY = timezone.localdate()
REASONS = "Chưa có số liệu trước – sau khi áp dụng.\nNội dung trùng quy trình bắt buộc của Bộ Y tế."


@dataclass
class DecidedRound:
    setup: Council
    officer: User
    recognised: list[Initiative]
    refused: Initiative
    co_author: Person

    @property
    def round(self):  # type: ignore[no-untyped-def]
        return self.setup.round


def abbreviate(unit: Unit, abbreviation: str) -> Unit:
    Unit.objects.filter(pk=unit.pk).update(abbreviation=abbreviation)
    unit.refresh_from_db()
    return unit


def decided_round(org, cast, *, decide_all: bool = True) -> DecidedRound:  # type: ignore[no-untyped-def]
    """A unit council at Bệnh viện A ("BVA") with a round of three initiatives: "Đặt lịch khám
    trực tuyến" (one author) and "Bệnh án điện tử khoa Nội" (70 % + 30 %) recognised, "Sổ tay
    điều dưỡng giấy" refused; decided through the service, without typed numbers."""
    abbreviate(org.root, "SYT")
    abbreviate(org.a, "BVA")
    Unit.objects.filter(pk=org.a.pk).update(
        head=PersonFactory(unit=org.a, full_name="Phạm Minh Đức")
    )
    org.a.refresh_from_db()
    setup = make_closed_round(org.a, titles=("Đặt lịch khám trực tuyến",), prefix="hd")
    main = PersonFactory(unit=org.a1, full_name="Lê Thị Thu Hà", position="Điều dưỡng trưởng")
    co_author = PersonFactory(unit=org.a2, full_name="Đỗ Quang Vinh", position="Bác sĩ")
    shared = make_initiative(
        org.a,
        main,
        status=InitiativeStatus.IN_REVIEW,
        title="Bệnh án điện tử khoa Nội",
        co_authors=[(co_author, 30)],
    )
    weak = make_initiative(
        org.a,
        PersonFactory(unit=org.a, full_name="Vũ Thị Lan"),
        status=InitiativeStatus.IN_REVIEW,
        title="Sổ tay điều dưỡng giấy",
    )
    enter(setup.round, shared)
    enter(setup.round, weak)
    officer = cast[Role.UNIT_OFFICER]
    first = setup.initiatives[0]
    score(setup, first, ["90", "85", "88"])
    score(setup, shared, ["80", "75", "79"])
    cast_votes(setup, first, yes=6)
    cast_votes(setup, shared, yes=5, no=2)
    cast_votes(setup, weak, yes=2, no=5)
    decide_initiative(setup.round, first, number="", date=TODAY, by=officer)
    decide_initiative(setup.round, shared, number="", date=TODAY, by=officer)
    if decide_all:
        decide_initiative(setup.round, weak, number="", date=TODAY, reasons=REASONS, by=officer)
    setup.round.refresh_from_db()
    return DecidedRound(
        setup=setup, officer=officer, recognised=[first, shared], refused=weak, co_author=co_author
    )


def decisions_of(decided: DecidedRound) -> list[Decision]:
    return list(Decision.objects.filter(round=decided.round).order_by("initiative__code"))


def read(stored: FieldFile) -> bytes:
    with stored.open("rb") as handle:
        data: bytes = handle.read()
    return data


def docx_parts(data: bytes) -> tuple[list[str], list[list[str]], set[str]]:
    """(paragraph texts, the rows of the list table (its header starts "STT") as cell texts,
    every font name set on a run)."""
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = document.tables
    lists = [t for t in tables if t.rows and t.rows[0].cells[0].text == "STT"]
    rows = [[cell.text for cell in row.cells] for row in lists[0].rows] if lists else []
    fonts: set[str] = set()
    for paragraph in document.paragraphs:
        fonts |= {run.font.name for run in paragraph.runs if run.font.name}
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    fonts |= {run.font.name for run in paragraph.runs if run.font.name}
    return paragraphs, rows, fonts


def save_pdf(data: bytes, path: Path) -> Path:
    path.write_bytes(data)
    return path


def png_of(pdf: Path, name: str, *, page: int = 1) -> Path:
    """Page `page` of the PDF as test-artifacts/documents/<name>.png (100 dpi), to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    poppler(
        "pdftoppm",
        "-png",
        "-r",
        "100",
        "-f",
        str(page),
        "-l",
        str(page),
        "-singlefile",
        str(pdf),
        str(target),
    )
    return target.with_suffix(".png")


def pdf_fonts(pdf: Path) -> set[str]:
    rows = poppler("pdffonts", str(pdf)).splitlines()[2:]
    return {row.split()[0].split("+")[-1] for row in rows}


def docx_text(data: bytes) -> str:
    paragraphs, _, _ = docx_parts(data)
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)
