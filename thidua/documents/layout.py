"""The Decree 30/2020 layout as data: page, margins, fonts, and the style of each element. Pure.

Both renderers (Word and PDF) read their measures here, so the two files look the same. The
values are chosen inside the ranges of Nghị định 30/2020/NĐ-CP, Phụ lục I (summarised in
LEGAL.md §6); each constant cites the range it sits in.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from thidua.documents.content import OfficialDocument, Signer


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


@dataclass(frozen=True, slots=True)
class TextStyle:
    size_pt: float
    bold: bool = False
    italic: bool = False
    caps: bool = False
    align: Align = Align.CENTER
    color: str = ""  # "RRGGBB"; empty: black


@dataclass(frozen=True, slots=True)
class PageSetup:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm


# A4 portrait; landscape is allowed for pages that are tables (Phụ lục I, I.1).
# Margins: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm — the lower bound of each,
# which leaves the most room for tables while staying inside the rule.
PORTRAIT = PageSetup(width_mm=210, height_mm=297, top_mm=20, bottom_mm=20, left_mm=30, right_mm=15)
LANDSCAPE = PageSetup(width_mm=297, height_mm=210, top_mm=20, bottom_mm=20, left_mm=30, right_mm=15)


# An award certificate: landscape, the same margin on every side inside its border.
CERTIFICATE_PAGE = PageSetup(
    width_mm=297, height_mm=210, top_mm=17, bottom_mm=27, left_mm=24, right_mm=24
)


def page_setup(*, landscape: bool, certificate: bool = False) -> PageSetup:
    if certificate:
        return CERTIFICATE_PAGE
    return LANDSCAPE if landscape else PORTRAIT


# Times New Roman, Unicode TCVN 6909:2001 (Phụ lục I, I.2). The PDF embeds Liberation Serif,
# metric-compatible with Times New Roman (same widths, so the same line breaks) and carrying every
# Vietnamese glyph; the Word file names Times New Roman, which every office machine has.
WORD_FONT = "Times New Roman"
PDF_FONT = "LiberationSerif"
PDF_FONT_DIR = "/usr/share/fonts/truetype/liberation2"
PDF_FONT_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}

# The two columns of the header: the agency on the left, the Quốc hiệu on the right. The right
# column holds the Quốc hiệu on one line (≈ 96 mm at 13 pt bold); the left one wraps a long
# superior agency onto two centred lines, as offices do.
HEADER_LEFT_MM = 65.0
HEADER_RIGHT_MM = PORTRAIT.text_width_mm - HEADER_LEFT_MM  # 100 mm
CELL_PADDING_MM = 1.0
# Left and right padding inside a table's cells (the PDF's; Word's default is narrower).
TABLE_CELL_PADDING_MM = 1.5
# The room a table's caption needs under it to stay on its page: the header and two rows.
TABLE_START_ROOM_MM = 35.0
# The rule under the trích yếu: a share of its longest line (1/3 to 1/2 of it, Phụ lục I, II.5).
SUMMARY_RULE_SHARE = 0.4
# The issuing body's short rule: a third of the left column, centred (Phụ lục I, II.3).
AGENCY_RULE_MM = 22.0

# Elements (Phụ lục I, Mục II; sizes inside the ranges quoted in LEGAL.md §6).
SUPERIOR = TextStyle(13, caps=True)  # cơ quan chủ quản: caps, 12–13, upright
ISSUER = TextStyle(13, bold=True, caps=True)  # cơ quan ban hành: caps, 12–13, bold, rule below
NUMBER = TextStyle(13)  # "Số: 15/QĐ-SYT": 13, centred under the agency
NATIONAL_TITLE = TextStyle(13, bold=True, caps=True)  # Quốc hiệu: caps, 12–13, bold
MOTTO = TextStyle(14, bold=True)  # Tiêu ngữ: 13–14, bold, rule as long as the text
PLACE_DATE = TextStyle(14, italic=True)  # địa danh, ngày tháng: italic, 13–14
KIND = TextStyle(14, bold=True, caps=True)  # tên loại: caps, 13–14, bold, centred
SUMMARY = TextStyle(14, bold=True)  # trích yếu: 13–14, bold, centred
BODY = TextStyle(14, align=Align.JUSTIFY)  # nội dung: 13–14, justified
HEADING = TextStyle(14, bold=True, align=Align.JUSTIFY)
SUBHEADING = TextStyle(14, bold=True, italic=True, align=Align.JUSTIFY)
SIGNER_TITLE = TextStyle(14, bold=True, caps=True)  # quyền hạn, chức vụ: caps, 13–14, bold
SIGNER_NAME = TextStyle(14, bold=True)  # họ tên: 13–14, bold
RECIPIENTS_LABEL = TextStyle(12, bold=True, italic=True, align=Align.LEFT)  # "Nơi nhận:" 12
RECIPIENT = TextStyle(11, align=Align.LEFT)  # the list: 11
PAGE_NUMBER = TextStyle(13)  # Arabic, 13–14, upright, centred in the top margin, not on page 1
TABLE_TEXT = TextStyle(12, align=Align.LEFT)  # tables: smaller than the body, as offices do
TABLE_HEADER = TextStyle(12, bold=True)
CAPTION = TextStyle(13, italic=True)
VERIFICATION = TextStyle(9, align=Align.LEFT)

# Award certificates (Nghị định 98/2023/NĐ-CP, Điều 104; LEGAL.md §1.12): landscape, centred; the
# presenter's title and the form's name in red capitals; the decision and số sổ vàng bottom left
# (italic, bold); place and date (italic, bold), then the signer's title, bottom right.
CERTIFICATE_RED = "C00000"
CERT_PRESENTER = TextStyle(16, bold=True, caps=True, color=CERTIFICATE_RED)
CERT_VERB = TextStyle(15, bold=True, caps=True)
CERT_TITLE = TextStyle(26, bold=True, caps=True, color=CERTIFICATE_RED)
CERT_RECIPIENT = TextStyle(20, bold=True)
CERT_DETAIL = TextStyle(14)
CERT_ACHIEVEMENT = TextStyle(14)
CERT_BOTTOM_LEFT = TextStyle(13, bold=True, italic=True, align=Align.LEFT)
CERT_PLACE_DATE = TextStyle(14, bold=True, italic=True)
CERT_BORDER_MM = 10.0  # the double border, from the paper's edge
CERT_SIGNATURE_SPACE_MM = 22.0

# Body paragraphs: first-line indent, ≥ 6 pt between paragraphs, line spacing from single to
# 1.5 lines (Phụ lục I, II.8). 1.2 lines: a full page of text stays readable.
FIRST_LINE_INDENT_MM = 12.7
PARAGRAPH_SPACE_PT = 6.0
LINE_SPACING = 1.2
# Word's "single" line for Times New Roman is ascent + descent ≈ 1.15 em; the PDF's leading is
# the same multiple of it, so both files break pages alike.
SINGLE_LINE_EM = 1.15
# Blank space between the signer's title and name, for the signature and the seal.
SIGNATURE_SPACE_MM = 25.0
# Page number: centred, half-way into the top margin.
PAGE_NUMBER_FROM_TOP_MM = 10.0
# The QR code of an issued document, in the first page's bottom margin (see render/pdf.py):
# 14 mm (a module ≈ 0.5 mm, read by any phone) and 4 mm above the paper's edge, inside what
# office printers print.
QR_SIZE_MM = 14.0
QR_FROM_BOTTOM_MM = 4.0

NATIONAL_TITLE_TEXT = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_TEXT = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL_TEXT = "Nơi nhận:"


def leading_pt(size_pt: float, spacing: float = LINE_SPACING) -> float:
    """The baseline-to-baseline distance of `spacing` lines of text at `size_pt`."""
    return round(size_pt * SINGLE_LINE_EM * spacing, 2)


def full_date(place: str, on: date) -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2026": the place and the date written in full, day and
    month with a leading zero below 10 (Phụ lục I, II.4: "ngày 05", "tháng 02")."""
    return f"{place}, ngày {on.day:02d} tháng {on.month:02d} năm {on.year}"


def draft_date(place: str, year: int | None) -> str:
    """A draft's date line: the day and month are left blank, to be filled in when it is signed."""
    return f"{place}, ngày      tháng      năm {year if year is not None else '     '}"


def upper(text: str) -> str:
    """Vietnamese capitals ("Sở Y tế" → "SỞ Y TẾ"); str.upper handles every diacritic."""
    return text.upper()


def signer_lines(signer: Signer) -> tuple[str, ...]:
    """The signer's block above the signature, in capitals: the authority prefix joins the first
    title ("KT. GIÁM ĐỐC", then "PHÓ GIÁM ĐỐC"); TM. and KT. put the body or the head on the
    first line and the signer's own title on the next (Phụ lục I, II.7)."""
    titles = [upper(t) for t in signer.titles]
    if titles and signer.authority.value:
        titles[0] = f"{signer.authority.value} {titles[0]}"
    return tuple(titles)


def recipient_lines(doc: OfficialDocument) -> tuple[str, ...]:
    """The Nơi nhận list, each line with its dash, ending "- Lưu: VT, …." (Phụ lục I, II.9)."""
    lines = [f"- {r}" for r in doc.recipients]
    return (*lines, f"- Lưu: {doc.archive_note}.")


def place_date_line(doc: OfficialDocument) -> str:
    """The place and date as printed: in full once the document is numbered (issued); a draft
    (no number yet) keeps the day and month blank, with the planned year when it is known."""
    if doc.number and doc.issued_on is not None:
        return full_date(doc.issuer.place, doc.issued_on)
    return draft_date(doc.issuer.place, doc.issued_on.year if doc.issued_on else None)


# --- Table columns ------------------------------------------------------------------------------
# Approximate advance widths of Times New Roman (and Liberation Serif, metric-compatible) in em:
# enough to size columns so that no word is broken across lines, without loading the font here.
_NARROW = frozenset("il.,:;'!|()[]/-ịìíỉĩ")
_WIDE = frozenset("mwMWĐ%")
_BOLD_FACTOR = 1.08
_SAFETY = 1.06


def _char_em(char: str) -> float:
    if char in _WIDE:
        return 0.83
    if char in _NARROW:
        return 0.3
    if char.isspace():
        return 0.25
    if char.isupper():
        return 0.72
    return 0.5


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of `text` at `size_pt`, estimated from Times New Roman's proportions."""
    em = sum(_char_em(char) for char in text) * (_BOLD_FACTOR if bold else 1.0) * _SAFETY
    return em * size_pt * 25.4 / 72


def _longest_word_mm(text: str, style: TextStyle) -> float:
    return max(
        (text_width_mm(word, style.size_pt, bold=style.bold) for word in text.split()), default=0.0
    )


def fit_column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    shares: Sequence[float] | None,
    total_mm: float,
    *,
    padding_mm: float = TABLE_CELL_PADDING_MM,
) -> list[float]:
    """Column widths (mm) adding up to `total_mm`: the `shares` asked for (equal when None),
    widened where a column's longest word — a number, "Hạng", a code — would otherwise be broken
    across lines, the width taken from the columns with room to spare. When even the longest
    words cannot all fit, every column gets its share of the page in proportion to them."""
    count = len(header)
    wanted = list(shares) if shares else [1.0] * count
    total_share = sum(wanted) or 1.0
    widths = [total_mm * share / total_share for share in wanted]
    needed = []
    for column in range(count):
        longest = _longest_word_mm(header[column], TABLE_HEADER)
        for row in rows:
            if column < len(row):
                longest = max(longest, _longest_word_mm(row[column], TABLE_TEXT))
        needed.append(longest + 2 * padding_mm)
    if sum(needed) >= total_mm:
        return [total_mm * need / sum(needed) for need in needed]
    for _ in range(count):
        short = [i for i in range(count) if widths[i] < needed[i] - 1e-6]
        if not short:
            break
        missing = sum(needed[i] - widths[i] for i in short)
        for i in short:
            widths[i] = needed[i]
        room = {
            i: widths[i] - needed[i]
            for i in range(count)
            if i not in short and widths[i] > needed[i]
        }
        spare = sum(room.values())
        for i, free in room.items():
            widths[i] -= missing * free / spare
    return widths
