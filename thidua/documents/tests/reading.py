"""Reading generated PDFs the way a reader's tools do (poppler), for the renderers' tests."""

import html
import re
import shutil
import subprocess
from pathlib import Path

MARGIN_PT = 20 / 25.4 * 72  # top and bottom
A4_HEIGHT_PT = 842
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "documents"


def poppler(tool: str, *args: str) -> str:
    """Run one poppler tool (pdftotext, pdffonts, pdfinfo, pdftoppm) and return its output."""
    executable = shutil.which(tool)
    assert executable is not None, f"{tool} is not installed (poppler-utils)"
    done = subprocess.run(  # noqa: S603 — a fixed system tool on files the test wrote
        [executable, *args], check=True, capture_output=True, text=True
    )
    return done.stdout


def pdf_text(
    path: Path, *, page: int | None = None, top_pt: float | None = None, layout: bool = False
) -> str:
    """The text pdftotext extracts, of one page or all; `top_pt`: only the top band;
    `layout`: words placed as on the page (gaps kept as runs of spaces)."""
    args: list[str] = ["-layout"] if layout else []
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if top_pt is not None:
        args += ["-x", "0", "-y", "0", "-W", "595", "-H", str(int(top_pt))]
    return poppler("pdftotext", *args, str(path), "-").replace("\u00a0", " ")


def one_line(text: str) -> str:
    """Whitespace folded: cells wrapped over several lines read as one."""
    return " ".join(text.split())


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>'
)


def column_text(path: Path, x_from_pt: float, x_to_pt: float) -> str:
    """The words starting between two x positions inside the text area (not the margins, which
    hold page numbers and the verification), page after page, top to bottom, left to right:
    one column of a table read down, as a reader's eye would (pdftotext -bbox)."""
    words: list[str] = []
    for page in poppler("pdftotext", "-bbox", str(path), "-").split("<page ")[1:]:
        found = [
            (round(float(y), 0), float(x), html.unescape(text))
            for x, y, text in _WORD.findall(page)
            if x_from_pt <= float(x) < x_to_pt and MARGIN_PT <= float(y) < A4_HEIGHT_PT - MARGIN_PT
        ]
        words += [text for _, _, text in sorted(found)]
    return " ".join(words)
