"""What an official document says, as plain data: the contract between the domain apps (which
build it from their data) and the renderers (which lay it out in the Decree 30/2020 layout as
Word and PDF). Pure: no Django.

A domain app builds an `OfficialDocument`; `thidua.documents.render` turns it into .docx and .pdf
bytes; the `documents` app numbers, stores and serves what is issued. Layout (margins, fonts,
sizes) is not here: it is `layout.py`'s, the same for every document.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Authority(StrEnum):
    """The signer's authority prefix (Nghị định 30/2020/NĐ-CP, Phụ lục I): signing for a
    collective, on behalf of the head, acting, by order of, by authorisation — or none."""

    NONE = ""
    COLLECTIVE = "TM."  # thay mặt
    DEPUTY = "KT."  # ký thay
    ACTING = "Q."  # quyền
    BY_ORDER = "TL."  # thừa lệnh
    AUTHORISED = "TUQ."  # thừa ủy quyền


@dataclass(frozen=True, slots=True)
class Issuer:
    """The issuing body and its superior, as printed top left (capitals are the renderer's)."""

    name: str  # "Sở Y tế"
    superior: str = ""  # "Ủy ban nhân dân thành phố Hà Nội"
    abbreviation: str = ""  # "SYT": the symbol's suffix, "15/QĐ-SYT"
    place: str = "Hà Nội"  # the địa danh of "Hà Nội, ngày 05 tháng 02 năm 2026"


@dataclass(frozen=True, slots=True)
class Signer:
    authority: Authority
    # The lines above the name, in order: e.g. ("Sở Y tế", "Giám đốc") under TM., or
    # ("Giám đốc", "Phó Giám đốc") under KT. — the renderer prints them in capitals.
    titles: tuple[str, ...]
    name: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # "justify", "center", "left", "right"
    indent_first_line: bool = True
    # A bold lead-in on the same line, before the text: "Điều 1." in a decision.
    lead: str = ""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading inside the body ("Điều 1.", "I. KẾT QUẢ ĐẠT ĐƯỢC")."""

    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Relative widths of the columns (same length as the header); None: equal.
    widths: tuple[float, ...] | None = None
    caption: str = ""
    # Columns whose cells are numbers (right-aligned).
    numeric_columns: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Image:
    """A chart or a picture, PNG bytes, `width_mm` wide on the page."""

    png: bytes
    width_mm: float
    caption: str = ""


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Paragraph | Heading | Table | Image | PageBreak


@dataclass(frozen=True, slots=True)
class Certificate:
    """An award certificate (Giấy khen, Bằng khen, the Chiến sĩ thi đua certificate, Giấy chứng
    nhận sáng kiến) in the layout of Nghị định 98/2023/NĐ-CP, Điều 104 (LEGAL.md §1.12), instead
    of a body: Quốc hiệu and Tiêu ngữ centred; the presenter's title (red); the verb ("TẶNG",
    "TẶNG DANH HIỆU", "CHỨNG NHẬN"); the form or title (red); the holder, their post and unit, the
    achievement; bottom left the decision and the số sổ vàng, bottom right place and date, the
    signer's title, signature space and name. No Nơi nhận."""

    presenter: str  # "Giám đốc Sở Y tế Hà Nội" (printed in capitals, red)
    verb: str  # "Tặng", "Tặng danh hiệu", "Chứng nhận" (capitals)
    title: str  # "Giấy khen", "Chiến sĩ thi đua cơ sở", "Sáng kiến cấp cơ sở" (capitals, red)
    recipient: str  # "Ông (bà) Đỗ Quang Vinh"
    details: tuple[str, ...] = ()  # post and unit, one line each
    achievement: str = ""  # "Đã có thành tích …" / "Là tác giả sáng kiến …"
    decision_line: str = ""  # "Quyết định số 01/QĐ-BVA ngày 27/11/2026"
    register_line: str = ""  # "Số sổ vàng: 02"


@dataclass(frozen=True, slots=True)
class OfficialDocument:
    """One official document. `number` is empty until the document is issued (a draft prints
    "Số: …/QĐ-SYT" with the dots); `kind_code` is the symbol's type part ("QĐ", "BC", "TB").

    `verification` is the short code printed with its QR code (empty on a draft);
    `verification_url` is what the QR code encodes.
    """

    issuer: Issuer
    kind_name: str  # "Quyết định", "Báo cáo", "Thông báo" (printed in capitals)
    kind_code: str  # "QĐ"
    summary: str  # the trích yếu: "Về việc công nhận sáng kiến năm 2026"
    body: tuple[Block, ...]
    signer: Signer
    recipients: tuple[str, ...] = ()  # "Như Điều 3;", … ; the renderer adds "Lưu: VT, …"
    archive_note: str = "VT"  # "- Lưu: VT, TCCB."
    number: str = ""
    issued_on: date | None = None
    verification: str = ""
    verification_url: str = ""
    # A document kind without a type-and-summary title (công văn puts "V/v …" under the number).
    summary_under_number: bool = False
    landscape: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    # Set for an award certificate: its own layout replaces the header, title, body and closing.
    certificate: Certificate | None = None

    @property
    def symbol(self) -> str:
        """ "QĐ-SYT": the ký hiệu (kind code and issuer abbreviation)."""
        return "-".join(part for part in (self.kind_code, self.issuer.abbreviation) if part)

    @property
    def number_line(self) -> str:
        """ "Số: 15/QĐ-SYT", or "Số:      /QĐ-SYT" on a draft."""
        return f"Số: {self.number or '     '}/{self.symbol}"
