"""Building the official documents of a decided round from plain data. Pure: no Django.

The selectors gather a round's facts (`RoundFacts`) and its recognised and refused initiatives
(`RecognisedItem`, `RefusedItem`); the services take the wording in force at the council's unit
(`template_texts`) and call these builders, which return the `OfficialDocument` the documents
engine numbers, renders and registers. Nothing here reads the database, so every document can be
checked in a test without one.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from thidua.documents.content import (
    Authority,
    Block,
    Certificate,
    Issuer,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
)
from thidua.documents.layout import upper
from thidua.documents.placeholders import fill, lines_of, signer_from
from thidua.initiatives.official_templates import (
    CERTIFICATE_SPEC,
    DECISION_SPEC,
    NON_RECOGNITION_SPEC,
)

DECISION_HEADER = (
    "STT",
    "Tên sáng kiến",
    "Tác giả",
    "Đơn vị",
    "Lĩnh vực",
    "Cấp, phạm vi ảnh hưởng",
    "Điểm TB",
)
DECISION_WIDTHS = (0.07, 0.25, 0.19, 0.15, 0.12, 0.13, 0.09)
# The head of a unit signs its own documents when the unit's template keeps the Sở's default
# signer (a deputy signing for the director): at a hospital the director signs in person.
UNIT_HEAD_TITLE = "Giám đốc"


@dataclass(frozen=True, slots=True)
class AuthorLine:
    name: str
    share: Decimal
    workplace: str  # "Điều dưỡng trưởng, Khoa Nội, Bệnh viện A" (or an external's workplace)


@dataclass(frozen=True, slots=True)
class RecognisedItem:
    decision_id: int
    code: str
    title: str
    authors: tuple[AuthorLine, ...]
    unit_name: str
    field: str  # lĩnh vực: the content area, else the kind of solution
    level: str  # "Cấp cơ sở"
    scope: str  # "Trong đơn vị"
    mean_score: Decimal | None


@dataclass(frozen=True, slots=True)
class RefusedItem:
    decision_id: int
    code: str
    title: str
    authors: tuple[AuthorLine, ...]
    unit_name: str
    reasons: str
    votes_for: int
    members_total: int
    share: str  # "2/3"
    decided_on: date


@dataclass(frozen=True, slots=True)
class RoundFacts:
    round_id: int
    round_name: str
    council_name: str
    department_level: bool  # the Sở's council (else a unit's)
    year: int
    unit_name: str
    unit_path: str
    meeting_date: date | None
    issuer: Issuer
    head_name: str  # the unit's head ("" when none)
    chair_name: str  # the council's chair ("" when none)


def number_text(value: Decimal, places: int = 1) -> str:
    """85.25 → "85,3"; 1234 → "1.234": Vietnamese grouping and decimal comma."""
    quantised = value.quantize(Decimal(1).scaleb(-places)) if places else value.quantize(1)
    text = f"{quantised:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def share_text(share: Decimal) -> str:
    """70.00 → "70%", 33.33 → "33,33%"."""
    normal = share.normalize()
    places = max(0, -int(normal.as_tuple().exponent))
    return f"{number_text(share, places)}%"


def long_date(on: date) -> str:
    """ "ngày 05 tháng 02 năm 2026" (Phụ lục I, II.4: leading zeros)."""
    return f"ngày {on.day:02d} tháng {on.month:02d} năm {on.year}"


def authors_cell(authors: Sequence[AuthorLine]) -> str:
    """One author: the name; several: each with their share ("A (70%), B (30%)")."""
    if len(authors) == 1:
        return authors[0].name
    return ", ".join(f"{a.name} ({share_text(a.share)})" for a in authors)


def role_of(author: AuthorLine, authors: Sequence[AuthorLine]) -> str:
    if len(authors) == 1:
        return "tác giả"
    return f"đồng tác giả (tỷ lệ đóng góp {share_text(author.share)})"


def round_values(facts: RoundFacts) -> dict[str, str]:
    return {
        "ten_don_vi": facts.unit_name,
        "ten_hoi_dong": facts.council_name,
        "ten_dot": facts.round_name,
        "nam": str(facts.year),
        "ngay_hop": long_date(facts.meeting_date) if facts.meeting_date else "",
    }


def signer_for(
    texts: Mapping[str, str], facts: RoundFacts, *, spec_defaults: Mapping[str, str]
) -> Signer:
    """The signer of a decision or certificate: the template's. A unit's council whose template
    keeps the default deputy signing for the director (KT. Giám đốc / Phó Giám đốc) has its
    unit's head sign as "Giám đốc". Without a name in the template: the unit's head when the
    head signs, else the council's chair (at the Sở the deputy director who chairs it)."""
    signer = signer_from(texts)
    keeps_default = all(
        texts.get(name, "").strip() == spec_defaults.get(name, "").strip()
        for name in ("signer_authority", "signer_titles")
    )
    if not facts.department_level and keeps_default:
        signer = Signer(authority=Authority.NONE, titles=(UNIT_HEAD_TITLE,), name=signer.name)
    if signer.name:
        return signer
    head_signs = signer.authority == Authority.NONE
    name = (
        (facts.head_name or facts.chair_name)
        if head_signs
        else (facts.chair_name or facts.head_name)
    )
    return Signer(authority=signer.authority, titles=signer.titles, name=name)


def _centred(text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
    return Paragraph(text, bold=bold, italic=italic, align="center", indent_first_line=False)


def build_recognition_decision(
    facts: RoundFacts, items: Sequence[RecognisedItem], texts: Mapping[str, str]
) -> OfficialDocument:
    """The Quyết định công nhận sáng kiến of a round: căn cứ, "QUYẾT ĐỊNH:", Điều 1 with the
    list of the recognised initiatives as a table (STT, name, authors with their shares, unit,
    field, level and scope, mean score), Điều 2 (the authors' rights), Điều 3 (execution)."""
    values = {**round_values(facts), "so_luong": str(len(items))}
    rows = tuple(
        (
            str(index),
            item.title,
            authors_cell(item.authors),
            item.unit_name,
            item.field,
            f"{item.level}; {item.scope[:1].lower()}{item.scope[1:]}" if item.scope else item.level,
            number_text(item.mean_score) if item.mean_score is not None else "",
        )
        for index, item in enumerate(items, start=1)
    )
    body: tuple[Block, ...] = (
        _centred(upper(fill(texts["authority_line"], values)), bold=True),
        *(Paragraph(line, italic=True) for line in lines_of(fill(texts["preamble"], values))),
        _centred("QUYẾT ĐỊNH:", bold=True),
        Paragraph(fill(texts["article_1"], values), lead="Điều 1."),
        Table(
            header=DECISION_HEADER,
            rows=rows,
            widths=DECISION_WIDTHS,
            caption=fill(texts["list_caption"], values),
            numeric_columns=frozenset({0, 6}),
        ),
        Paragraph(fill(texts["article_2"], values), lead="Điều 2."),
        Paragraph(fill(texts["article_3"], values), lead="Điều 3."),
    )
    return OfficialDocument(
        issuer=facts.issuer,
        kind_name=DECISION_SPEC.kind_name,
        kind_code=DECISION_SPEC.kind_code,
        summary=fill(texts["summary"], values),
        body=body,
        signer=signer_for(texts, facts, spec_defaults=DECISION_SPEC.defaults()),
        recipients=lines_of(fill(texts["recipients"], values)),
        archive_note=texts["archive_note"].strip() or "VT",
    )


@dataclass(frozen=True, slots=True)
class DecisionReference:
    """The issued decision a certificate cites."""

    number: str  # "05/QĐ-SYT"
    issued_on: date
    signed_by: str  # "Giám đốc Sở Y tế Hà Nội"


def build_certificate(
    facts: RoundFacts,
    item: RecognisedItem,
    author: AuthorLine,
    *,
    order: int,
    decision: DecisionReference,
    texts: Mapping[str, str],
) -> OfficialDocument:
    """The Giấy chứng nhận sáng kiến of one author of a recognised initiative, in the award
    layout (LEGAL.md §1.12, `Certificate`): the presenter's title, "CẤP", the certificate's
    name, the holder, their post and unit, the achievement citing the decision; the decision's
    number and the số sổ vàng (`order`, the initiative's row in the decision) bottom left."""
    values = {
        **round_values(facts),
        "ho_ten": author.name,
        "chuc_vu_don_vi": author.workplace or item.unit_name,
        "vai_tro": role_of(author, item.authors),
        "ten_sang_kien": item.title,
        "cap_cong_nhan": item.level.lower(),
        "so_quyet_dinh": decision.number,
        "ngay_quyet_dinh": long_date(decision.issued_on),
        "ngay_quyet_dinh_so": f"{decision.issued_on:%d/%m/%Y}",
        "nguoi_quyet_dinh": decision.signed_by,
        "so_so_vang": str(order),
    }
    bottom_left = lines_of(fill(texts["golden_book"], values))
    certificate = Certificate(
        presenter=fill(texts["authority_line"], values),
        verb=fill(texts["verb"], values),
        title=fill(texts["title"], values),
        recipient=fill(texts["holder"], values),
        details=lines_of(fill(texts["workplace"], values)),
        achievement=fill(texts["achievement"], values),
        decision_line=bottom_left[0] if bottom_left else "",
        register_line=" ".join(bottom_left[1:]),
    )
    return OfficialDocument(
        issuer=facts.issuer,
        kind_name=CERTIFICATE_SPEC.kind_name,
        kind_code=CERTIFICATE_SPEC.kind_code,
        summary=fill(texts["summary"], values),
        body=(),
        signer=signer_for(texts, facts, spec_defaults=CERTIFICATE_SPEC.defaults()),
        archive_note=texts["archive_note"].strip() or "VT",
        landscape=True,
        certificate=certificate,
        # A certificate is signed with its decision: it carries that date, not the day a batch
        # happened to run (and falls in that year's series).
        issued_on=decision.issued_on,
    )


def build_non_recognition_notice(
    facts: RoundFacts, item: RefusedItem, texts: Mapping[str, str]
) -> OfficialDocument:
    """The Thông báo không công nhận sáng kiến to the authors of one refused initiative: the
    căn cứ, the outcome with the vote count against the share of the whole membership, the
    council's reasons (each line its own paragraph), signed for the council by its chair."""
    values = {
        **round_values(facts),
        "ngay_hop": long_date(item.decided_on),
        "tac_gia": ", ".join(a.name for a in item.authors),
        "don_vi_tac_gia": item.unit_name,
        "ten_sang_kien": item.title,
        "ma_sang_kien": item.code,
        "so_dong_y": str(item.votes_for),
        "tong_thanh_vien": str(item.members_total),
        "ty_le": item.share,
    }
    reasons = lines_of(item.reasons) or ("(Hội đồng không ghi lý do.)",)
    body: tuple[Block, ...] = (
        _centred(fill(texts["addressee"], values)),
        *(Paragraph(line) for line in lines_of(fill(texts["preamble"], values))),
        Paragraph(fill(texts["outcome"], values)),
        Paragraph(fill(texts["reasons_intro"], values), bold=True),
        *(Paragraph(f"- {line.lstrip('-– ').strip()}") for line in reasons),
        Paragraph(fill(texts["closing"], values)),
    )
    signer = signer_from(texts)
    if not signer.name:
        signer = Signer(signer.authority, signer.titles, facts.chair_name or facts.head_name)
    return OfficialDocument(
        issuer=facts.issuer,
        kind_name=NON_RECOGNITION_SPEC.kind_name,
        kind_code=NON_RECOGNITION_SPEC.kind_code,
        summary=fill(texts["summary"], values),
        body=body,
        signer=signer,
        recipients=lines_of(fill(texts["recipients"], values)),
        archive_note=texts["archive_note"].strip() or "VT",
    )
