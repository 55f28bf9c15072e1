"""Building the council's and the decisions' documents from plain data. Pure: no Django.

The selectors gather a session's or a decision's facts into the values below; the services take
the wording in force at the council's unit (`template_texts`) and call these builders, which
return the `OfficialDocument` the documents engine numbers, renders and registers. Nothing here
reads the database, so every document is checked in a test without one.

The ballot paper names no voter: it is the same blank form for every member (Phiếu bầu,
NĐ 98/2023/NĐ-CP Điều 30 khoản 7 — bỏ phiếu kín).
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

from .specs import BALLOT_SPEC, CERTIFICATE_SPEC, DECISION_SPEC, MINUTES_SPEC, TALLY_SPEC

# A unit's head signs its own decisions when the unit's template keeps the Sở's default signer
# (a deputy signing for the director): at a hospital the director signs in person.
UNIT_HEAD_TITLE = "Giám đốc"


def money(value: Decimal | int) -> str:
    """1234567 → "1.234.567" (đồng, no decimals)."""
    return f"{int(value):,}".replace(",", ".")


def long_date(on: date) -> str:
    """ "ngày 05 tháng 02 năm 2026" (NĐ 30/2020 Phụ lục I: leading zeros)."""
    return f"ngày {on.day:02d} tháng {on.month:02d} năm {on.year}"


def percent(approve: int, total: int) -> str:
    """8 of 9 → "88,9%"; 9 of 9 → "100%"."""
    if total <= 0:
        return "0%"
    tenths = round(approve * 1000 / total)
    text = f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths // 10},{tenths % 10}"
    return f"{text}%"


def certificate_title(award_name: str) -> str:
    """The form or title as printed on the certificate: without who decides it and without the
    subject ("Bằng khen của Chủ tịch … (cá nhân)" → "Bằng khen"; "Chiến sĩ thi đua cơ sở"
    stays)."""
    name = award_name.split(" (", 1)[0]
    return name.split(" của ", 1)[0].strip()


def _centred(text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
    return Paragraph(text, bold=bold, italic=italic, align="center", indent_first_line=False)


# -- A session's documents -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberLine:
    name: str
    role: str  # "Chủ tịch", "Ủy viên kiêm Thư ký"
    present: bool
    written: bool  # absent, with a written ballot entered by the secretary


@dataclass(frozen=True, slots=True)
class CandidateLine:
    """One nomination on the agenda: who, what for, and the override the department accepted
    (its justification travels to every later document)."""

    name: str
    detail: str  # post and unit, or the collective's parent unit
    award_name: str
    override: str = ""


@dataclass(frozen=True, slots=True)
class CountLine:
    candidate: CandidateLine
    approve: int
    reject: int
    written_approve: int
    needed: int
    rule: str  # "từ 80%", "trên 50%"
    passed: bool


@dataclass(frozen=True, slots=True)
class SessionFacts:
    session_id: int
    council_name: str
    unit_name: str
    unit_path: str
    round_name: str
    year: int
    meeting_date: date
    place: str
    issuer: Issuer
    chair_name: str
    secretary_name: str
    members_total: int
    present: int
    written: int  # absent members whose written ballot was entered


def session_values(facts: SessionFacts) -> dict[str, str]:
    return {
        "ten_don_vi": facts.unit_name,
        "ten_hoi_dong": facts.council_name,
        "ten_dot": facts.round_name,
        "nam": str(facts.year),
        "ngay_hop": long_date(facts.meeting_date),
        "dia_diem": facts.place or facts.unit_name,
        "tong_thanh_vien": str(facts.members_total),
        "so_du_hop": str(facts.present),
        "so_vang_mat": str(facts.members_total - facts.present),
        "so_phieu_van_ban": str(facts.written),
        "chu_tri": facts.chair_name or "……………",
        "thu_ky": facts.secretary_name or "……………",
    }


def _council_signer(texts: Mapping[str, str], facts: SessionFacts) -> Signer:
    signer = signer_from(texts)
    return signer if signer.name else Signer(signer.authority, signer.titles, facts.chair_name)


def _override_note(candidate: CandidateLine) -> str:
    return f"Chấp nhận ngoại lệ: {candidate.override}" if candidate.override else ""


BALLOT_HEADER = (
    "STT",
    "Họ và tên / Tập thể",
    "Chức vụ, đơn vị",
    "Danh hiệu, hình thức",
    "Đồng ý",
    "Không đồng ý",
)
BALLOT_WIDTHS = (0.06, 0.22, 0.26, 0.2, 0.13, 0.13)


def build_ballot(
    facts: SessionFacts, candidates: Sequence[CandidateLine], texts: Mapping[str, str]
) -> OfficialDocument:
    """The blank ballot paper of a session (one form for every member, naming no voter): the
    instructions, then each candidate with empty "Đồng ý" / "Không đồng ý" boxes."""
    values = session_values(facts)
    rows = tuple(
        (str(index), item.name, item.detail, item.award_name, "", "")
        for index, item in enumerate(candidates, start=1)
    )
    body: tuple[Block, ...] = (
        _centred(fill(texts["intro"], values), italic=True),
        *(Paragraph(line) for line in lines_of(fill(texts["instructions"], values))),
        Table(
            header=BALLOT_HEADER,
            rows=rows,
            widths=BALLOT_WIDTHS,
            caption=fill(texts["list_caption"], values),
            numeric_columns=frozenset({0}),
        ),
    )
    return OfficialDocument(
        issuer=facts.issuer,
        kind_name=BALLOT_SPEC.kind_name,
        kind_code=BALLOT_SPEC.kind_code,
        summary=fill(texts["summary"], values),
        body=body,
        signer=_council_signer(texts, facts),
        recipients=lines_of(fill(texts["recipients"], values)),
        archive_note=texts["archive_note"].strip() or "HĐTĐKT",
    )


TALLY_HEADER = (
    "STT",
    "Họ và tên / Tập thể",
    "Danh hiệu, hình thức",
    "Đồng ý",
    "Trong đó bằng văn bản",
    "Không đồng ý",
    "Tỷ lệ đồng ý / tổng số thành viên",
    "Yêu cầu",
    "Kết quả",
)
TALLY_WIDTHS = (0.05, 0.2, 0.17, 0.08, 0.1, 0.09, 0.11, 0.1, 0.1)


def build_tally(
    facts: SessionFacts, counts: Sequence[CountLine], texts: Mapping[str, str]
) -> OfficialDocument:
    """The Biên bản kiểm phiếu of a closed session: members, present, written ballots; per
    candidate the approvals (the written ones among them), the rejections, the share of the
    WHOLE membership, the threshold and the result."""
    values = session_values(facts)
    rows = tuple(
        (
            str(index),
            line.candidate.name,
            line.candidate.award_name,
            str(line.approve),
            str(line.written_approve),
            str(line.reject),
            f"{line.approve}/{facts.members_total} ({percent(line.approve, facts.members_total)})",
            f"{line.rule} ({line.needed}/{facts.members_total})",
            "Đạt" if line.passed else "Không đạt",
        )
        for index, line in enumerate(counts, start=1)
    )
    body: tuple[Block, ...] = (
        *(Paragraph(line) for line in lines_of(fill(texts["opening"], values))),
        Paragraph(fill(texts["rule"], values)),
        Table(
            header=TALLY_HEADER,
            rows=rows,
            widths=TALLY_WIDTHS,
            caption=fill(texts["list_caption"], values),
            numeric_columns=frozenset({0, 3, 4, 5}),
        ),
        *(Paragraph(line) for line in lines_of(fill(texts["closing"], values))),
        Paragraph(fill(texts["secretary_line"], values), italic=True, indent_first_line=False),
    )
    return OfficialDocument(
        issuer=facts.issuer,
        kind_name=TALLY_SPEC.kind_name,
        kind_code=TALLY_SPEC.kind_code,
        summary=fill(texts["summary"], values),
        body=body,
        signer=_council_signer(texts, facts),
        recipients=lines_of(fill(texts["recipients"], values)),
        archive_note=texts["archive_note"].strip() or "VT",
        landscape=True,
    )


ATTENDANCE_HEADER = ("STT", "Họ và tên", "Chức danh trong Hội đồng", "Tham dự")
ATTENDANCE_WIDTHS = (0.08, 0.37, 0.3, 0.25)
RESULT_HEADER = (
    "STT",
    "Họ và tên / Tập thể",
    "Danh hiệu, hình thức",
    "Đồng ý",
    "Kết quả",
    "Ghi chú",
)
RESULT_WIDTHS = (0.06, 0.24, 0.22, 0.12, 0.12, 0.24)


def build_minutes(
    facts: SessionFacts,
    members: Sequence[MemberLine],
    counts: Sequence[CountLine],
    texts: Mapping[str, str],
) -> OfficialDocument:
    """The Biên bản họp of a closed session: time, place, who chaired and recorded, the members
    with their attendance (absent ones who voted in writing marked), what was discussed, the
    result per candidate (with any override the department accepted) and the conclusion."""
    values = {**session_values(facts), "so_dat": str(sum(1 for line in counts if line.passed))}
    attendance = tuple(
        (
            str(index),
            member.name,
            member.role,
            "Có mặt"
            if member.present
            else ("Vắng, có phiếu bằng văn bản" if member.written else "Vắng"),
        )
        for index, member in enumerate(members, start=1)
    )
    results = tuple(
        (
            str(index),
            line.candidate.name,
            line.candidate.award_name,
            f"{line.approve}/{facts.members_total}",
            "Đạt" if line.passed else "Không đạt",
            _override_note(line.candidate),
        )
        for index, line in enumerate(counts, start=1)
    )
    body: tuple[Block, ...] = (
        *(Paragraph(line) for line in lines_of(fill(texts["opening"], values))),
        Table(
            header=ATTENDANCE_HEADER,
            rows=attendance,
            widths=ATTENDANCE_WIDTHS,
            caption=fill(texts["attendance_caption"], values),
            numeric_columns=frozenset({0}),
        ),
        *(Paragraph(line) for line in lines_of(fill(texts["content"], values))),
        Table(
            header=RESULT_HEADER,
            rows=results,
            widths=RESULT_WIDTHS,
            caption=fill(texts["agenda_caption"], values),
            numeric_columns=frozenset({0}),
        ),
        Paragraph(fill(texts["conclusion"], values)),
        Paragraph(fill(texts["closing"], values)),
        Paragraph(fill(texts["secretary_line"], values), italic=True, indent_first_line=False),
    )
    return OfficialDocument(
        issuer=facts.issuer,
        kind_name=MINUTES_SPEC.kind_name,
        kind_code=MINUTES_SPEC.kind_code,
        summary=fill(texts["summary"], values),
        body=body,
        signer=_council_signer(texts, facts),
        recipients=lines_of(fill(texts["recipients"], values)),
        archive_note=texts["archive_note"].strip() or "VT",
    )


# -- The decision and its certificates -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecipientLine:
    register_number: int  # số sổ vàng: the row in the decision's list
    name: str
    detail: str
    award_name: str
    award_kind: str  # "title" | "form"
    is_person: bool
    amount: Decimal
    override: str = ""


@dataclass(frozen=True, slots=True)
class DecisionFacts:
    decision_id: int
    unit_name: str
    unit_path: str
    council_name: str
    round_name: str
    year: int
    meeting_date: date | None
    issuer: Issuer
    head_name: str
    department_level: bool  # the Sở's own decision (else a unit's)
    base_salary: Decimal


def decision_values(facts: DecisionFacts, recipients: Sequence[RecipientLine]) -> dict[str, str]:
    return {
        "ten_don_vi": facts.unit_name,
        "ten_hoi_dong": facts.council_name,
        "ten_dot": facts.round_name,
        "nam": str(facts.year),
        "ngay_hop": long_date(facts.meeting_date) if facts.meeting_date else "",
        "so_ca_nhan": str(sum(1 for item in recipients if item.is_person)),
        "so_tap_the": str(sum(1 for item in recipients if not item.is_person)),
        "luong_co_so": money(facts.base_salary),
        "tong_tien": money(sum((item.amount for item in recipients), Decimal(0))),
    }


def decision_signer(
    texts: Mapping[str, str], facts: DecisionFacts, *, spec_defaults: Mapping[str, str]
) -> Signer:
    """The template's signer. A unit whose template keeps the default deputy signing for the
    director has its head sign as "Giám đốc"; without a name in the template, the unit's head."""
    signer = signer_from(texts)
    keeps_default = all(
        texts.get(name, "").strip() == spec_defaults.get(name, "").strip()
        for name in ("signer_authority", "signer_titles")
    )
    if not facts.department_level and keeps_default:
        signer = Signer(authority=Authority.NONE, titles=(UNIT_HEAD_TITLE,), name=signer.name)
    return signer if signer.name else Signer(signer.authority, signer.titles, facts.head_name)


DECISION_HEADER = (
    "STT",
    "Họ và tên / Tập thể",
    "Chức vụ, đơn vị",
    "Danh hiệu, hình thức",
    "Số sổ vàng",
    "Tiền thưởng (đồng)",
)
DECISION_WIDTHS = (0.06, 0.2, 0.26, 0.22, 0.1, 0.16)


def build_decision(
    facts: DecisionFacts, recipients: Sequence[RecipientLine], texts: Mapping[str, str]
) -> OfficialDocument:
    """The Quyết định tặng danh hiệu thi đua, hình thức khen thưởng: căn cứ, "QUYẾT ĐỊNH:",
    Điều 1 with the list (each recipient's số sổ vàng and reward in đồng, a total row), Điều 2
    (the money: multiples of the base salary, NĐ 152/2025/NĐ-CP Điều 50), Điều 3 (execution).
    A recipient accepted despite a failed rule carries its justification under the list."""
    values = decision_values(facts, recipients)
    listed = tuple(
        (
            str(index),
            item.name,
            item.detail,
            item.award_name,
            str(item.register_number),
            money(item.amount),
        )
        for index, item in enumerate(recipients, start=1)
    )
    rows = (*listed, ("", "Tổng cộng", "", "", "", values["tong_tien"]))
    notes = tuple(
        Paragraph(
            f"Số sổ vàng {item.register_number} ({item.name}): chấp nhận ngoại lệ khi thẩm định — "
            f"{item.override}",
            italic=True,
        )
        for item in recipients
        if item.override
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
            numeric_columns=frozenset({0, 4, 5}),
        ),
        *notes,
        Paragraph(fill(texts["article_2"], values), lead="Điều 2."),
        Paragraph(fill(texts["article_3"], values), lead="Điều 3."),
    )
    return OfficialDocument(
        issuer=facts.issuer,
        kind_name=DECISION_SPEC.kind_name,
        kind_code=DECISION_SPEC.kind_code,
        summary=fill(texts["summary"], values),
        body=body,
        signer=decision_signer(texts, facts, spec_defaults=DECISION_SPEC.defaults()),
        recipients=lines_of(fill(texts["recipients"], values)),
        archive_note=texts["archive_note"].strip() or "VT",
    )


@dataclass(frozen=True, slots=True)
class IssuedDecision:
    """The issued decision a certificate cites."""

    number: str  # "05/QĐ-SYT"
    issued_on: date


# The certificate's kind in the register, by the printed name: Giấy khen and Bằng khen keep
# their own series; the certificate of a title (bằng chứng nhận) its own.
_CERTIFICATE_KINDS: Mapping[str, tuple[str, str]] = {
    "Giấy khen": ("Giấy khen", "GK"),
    "Bằng khen": ("Bằng khen", "BK"),
}
TITLE_CERTIFICATE_KIND = ("Bằng chứng nhận", "BCN")


def build_certificate(
    facts: DecisionFacts,
    item: RecipientLine,
    *,
    decision: IssuedDecision,
    texts: Mapping[str, str],
) -> OfficialDocument:
    """The certificate of one recipient in the award layout (NĐ 98/2023/NĐ-CP Điều 104;
    LEGAL.md §1.12): the presenter's title (red), "TẶNG DANH HIỆU" for a title — e.g. "CHIẾN SĨ
    THI ĐUA CƠ SỞ" — or "TẶNG" for a form — "GIẤY KHEN" (red) —, the holder, their post and unit,
    the achievement; the decision and the số sổ vàng bottom left."""
    printed = certificate_title(item.award_name)
    values = {
        "ten_don_vi": facts.unit_name,
        "nam": str(facts.year),
        "ten_danh_hieu": printed,
        "nguoi_nhan": item.name,
        "chuc_vu_don_vi": item.detail,
        "so_quyet_dinh": decision.number,
        "ngay_quyet_dinh": f"{decision.issued_on:%d/%m/%Y}",
        "so_so_vang": str(item.register_number),
    }
    is_title = item.award_kind == "title"
    bottom_left = lines_of(fill(texts["golden_book"], values))
    certificate = Certificate(
        presenter=fill(texts["authority_line"], values),
        verb=fill(texts["verb_title" if is_title else "verb_form"], values),
        title=fill(texts["title"], values),
        recipient=fill(texts["holder_person" if item.is_person else "holder_unit"], values),
        details=lines_of(fill(texts["workplace"], values)) if item.is_person else (),
        achievement=fill(texts["achievement_title" if is_title else "achievement_form"], values),
        decision_line=bottom_left[0] if bottom_left else "",
        register_line=" ".join(bottom_left[1:]),
    )
    kind_name, kind_code = (
        TITLE_CERTIFICATE_KIND
        if is_title
        else _CERTIFICATE_KINDS.get(printed, TITLE_CERTIFICATE_KIND)
    )
    return OfficialDocument(
        issuer=facts.issuer,
        kind_name=kind_name,
        kind_code=kind_code,
        summary=fill(texts["summary"], values),
        body=(),
        signer=decision_signer(texts, facts, spec_defaults=CERTIFICATE_SPEC.defaults()),
        archive_note=texts["archive_note"].strip() or "VT",
        landscape=True,
        certificate=certificate,
        # Signed with the decision: its date, not the day the batch ran (and that year's series).
        issued_on=decision.issued_on,
    )
