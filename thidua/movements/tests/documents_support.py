"""Opening issued documents the way their readers do, for the tests of the movements and
reporting documents: the Word file with python-docx (text, tables, fonts), the PDF with poppler
(text with diacritics, fonts, page sizes) and a PNG of a page to look at."""

import io
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from pypdf import PdfReader

from thidua.documents.models import IssuedDocument
from thidua.documents.tests.issuing_support import read
from thidua.documents.tests.reading import ARTIFACTS, one_line, pdf_text, poppler

LIBERATION_SERIF = [
    "LiberationSerif",
    "LiberationSerif-Bold",
    "LiberationSerif-BoldItalic",
    "LiberationSerif-Italic",
]


@dataclass
class Opened:
    """An issued document's two files, opened."""

    docx: DocxDocument
    pdf: Path

    def docx_text(self) -> str:
        parts = [p.text for p in self.docx.paragraphs]
        for table in self.docx.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        return one_line(" ".join(parts))

    def pdf_text(self) -> str:
        return one_line(pdf_text(self.pdf))

    def docx_rows(self, table: int) -> list[tuple[str, ...]]:
        """The rows of the body's `table`-th table (the header block is table 0), header
        first, each cell's text as Word shows it."""
        rows = self.docx.tables[table].rows
        return [tuple(cell.text.strip() for cell in row.cells) for row in rows]

    def body_tables(self) -> list[list[tuple[str, ...]]]:
        """Every table of the body (not the header block nor the signature block, which are
        borderless tables of two columns without a header row of this kind)."""
        return [self.docx_rows(i) for i in range(len(self.docx.tables))]

    def docx_fonts(self) -> set[str]:
        fonts = {run.font.name for p in self.docx.paragraphs for run in p.runs if run.text.strip()}
        for table in self.docx.tables:
            for row in table.rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        fonts |= {run.font.name for run in p.runs if run.text.strip()}
        return fonts

    def pdf_fonts(self) -> tuple[list[str], set[str]]:
        """The PDF's font names and their "embedded" column."""
        rows = poppler("pdffonts", str(self.pdf)).splitlines()[2:]
        return (
            sorted(row.split()[0].split("+")[-1] for row in rows),
            {row.split()[-5] for row in rows},
        )

    def page_sizes(self) -> set[tuple[int, int]]:
        reader = PdfReader(self.pdf)
        return {
            (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
        }


def open_issued(item: IssuedDocument, tmp_path: Path) -> Opened:
    pdf = tmp_path / f"van-ban-{item.pk}.pdf"
    pdf.write_bytes(read(item.pdf))
    return Opened(docx=Document(io.BytesIO(read(item.docx))), pdf=pdf)


def png_of(opened: Opened, name: str, *, page: int = 1) -> Path:
    """Page `page` of the PDF as test-artifacts/documents/<name>.png (90 dpi), to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / name
    poppler(
        "pdftoppm",
        "-r",
        "90",
        "-png",
        "-singlefile",
        "-f",
        str(page),
        "-l",
        str(page),
        str(opened.pdf),
        str(stem),
    )
    return stem.with_suffix(".png")


def table_headed(opened: Opened, first: str) -> list[tuple[str, ...]]:
    """The rows (header first) of the first body table whose first header cell is `first`."""
    for rows in opened.body_tables():
        if rows and rows[0] and rows[0][0] == first:
            return rows
    raise AssertionError(f"no table headed “{first}”")


def tables_headed(opened: Opened, first: str) -> list[list[tuple[str, ...]]]:
    return [rows for rows in opened.body_tables() if rows and rows[0] and rows[0][0] == first]
