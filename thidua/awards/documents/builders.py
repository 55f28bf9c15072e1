"""Building the nomination documents from plain data. Pure: no Django, no database.

- `build_proposal`: the Tờ trình đề nghị xét tặng (NĐ 152/2025/NĐ-CP Phụ lục, Mẫu số 01) of a
  unit's list in a round, the list as a table; a candidate accepted despite a failing rule
  carries its justification in the table ("Giải trình").
- `build_achievement_report`: the Báo cáo thành tích of one nomination: the subject, the
  achievements, the ratings and awards of the past years, every rule of the award with its
  result and citation, and the justification when there is one.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from thidua.documents.content import (
    Block,
    Heading,
    Issuer,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
)
from thidua.documents.placeholders import fill, lines_of, signer_from

PROPOSAL_HEADER = (
    "STT",
    "Họ và tên / Tập thể",
    "Chức vụ, đơn vị",
    "Danh hiệu, hình thức",
    "Giải trình",
)
PROPOSAL_WIDTHS = (0.07, 0.25, 0.25, 0.2, 0.23)


@dataclass(frozen=True, slots=True)
class ProposalLine:
    subject: str  # "Nguyễn Thị Hoa" / "Khoa Nội A1"
    detail: str  # "Điều dưỡng, Khoa Nội A1" / "Tập thể"
    award: str  # "Chiến sĩ thi đua cơ sở"
    justification: str  # "" when the subject met every rule


@dataclass(frozen=True, slots=True)
class ProposalFacts:
    issuer: Issuer
    unit_name: str
    organiser_name: str
    round_name: str
    year: int
    head_name: str
    collectives: int
    individuals: int


def _signer(texts: Mapping[str, str], head: str) -> Signer:
    return signer_from(texts, name=texts.get("signer_name", "").strip() or head)


def subjects_phrase(collectives: int, individuals: int) -> str:
    """ "1 tập thể và 2 cá nhân", "2 cá nhân", "1 tập thể" (a zero part is left out)."""
    parts = [f"{collectives} tập thể"] if collectives else []
    if individuals or not parts:
        parts.append(f"{individuals} cá nhân")
    return " và ".join(parts)


def build_proposal(
    facts: ProposalFacts, lines: Sequence[ProposalLine], texts: Mapping[str, str]
) -> OfficialDocument:
    values = {
        "don_vi": facts.unit_name,
        "don_vi_to_chuc": facts.organiser_name,
        "dot_xet": facts.round_name,
        "nam": str(facts.year),
        "so_tap_the": str(facts.collectives),
        "so_ca_nhan": str(facts.individuals),
        "doi_tuong": subjects_phrase(facts.collectives, facts.individuals),
    }
    rows = tuple(
        (str(index), line.subject, line.detail, line.award, line.justification or "—")
        for index, line in enumerate(lines, start=1)
    )
    body: tuple[Block, ...] = (
        Paragraph(
            f"Kính gửi: {fill(texts['addressee'], values)}.",
            align="center",
            indent_first_line=False,
        ),
        *(Paragraph(line, italic=True) for line in lines_of(fill(texts["preamble"], values))),
        Paragraph(fill(texts["request"], values)),
        Table(
            header=PROPOSAL_HEADER,
            rows=rows,
            widths=PROPOSAL_WIDTHS,
            caption=fill(texts["list_caption"], values),
            numeric_columns=frozenset({0}),
        ),
        Paragraph(fill(texts["closing"], values)),
    )
    return OfficialDocument(
        issuer=facts.issuer,
        kind_name="Tờ trình",
        kind_code="TTr",
        summary=fill(texts["summary"], values),
        body=body,
        signer=_signer(texts, facts.head_name),
        recipients=tuple(fill(line, values) for line in lines_of(texts.get("recipients", ""))),
        archive_note=texts.get("archive_note", "VT") or "VT",
    )


@dataclass(frozen=True, slots=True)
class RuleLine:
    description: str
    result: str  # "Đạt" / "Chưa đạt" / "Hội đồng xem xét"
    explanation: str
    citation: str


@dataclass(frozen=True, slots=True)
class AchievementFacts:
    issuer: Issuer
    unit_name: str
    organiser_name: str
    year: int
    head_name: str
    subject: str  # "bà Nguyễn Thị Hoa" / "Khoa Nội A1"
    award_name: str
    profile: tuple[tuple[str, str], ...]  # ("Ngày sinh", "17/05/1990"), …
    achievements: str
    history: tuple[tuple[str, str, str], ...]  # (year, what, decision)
    rules: tuple[RuleLine, ...]
    rulebook_version: str
    eligible: bool
    justification: str


def build_achievement_report(facts: AchievementFacts, texts: Mapping[str, str]) -> OfficialDocument:
    values = {
        "don_vi": facts.unit_name,
        "don_vi_to_chuc": facts.organiser_name,
        "doi_tuong": facts.subject,
        "danh_hieu": facts.award_name,
        "nam": str(facts.year),
    }
    body: list[Block] = [Paragraph(fill(texts["intro"], values))]
    body.append(Heading("I. THÔNG TIN CHUNG"))
    body.extend(
        Paragraph(f"{label}: {value}", indent_first_line=False) for label, value in facts.profile
    )
    body.append(Heading("II. THÀNH TÍCH ĐẠT ĐƯỢC"))
    achievements = lines_of(facts.achievements) or ("(Đơn vị chưa ghi tóm tắt thành tích.)",)
    body.extend(Paragraph(line) for line in achievements)
    body.append(Heading("III. CÁC DANH HIỆU, HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC TẶNG"))
    if facts.history:
        body.append(
            Table(
                header=("Năm", "Danh hiệu, hình thức", "Số, ngày quyết định"),
                rows=facts.history,
                widths=(0.15, 0.45, 0.4),
                numeric_columns=frozenset({0}),
            )
        )
    else:
        body.append(Paragraph("Chưa có.", indent_first_line=False))
    body.append(Heading("IV. KẾT QUẢ XÉT ĐIỀU KIỆN THEO TIÊU CHUẨN"))
    verdict = "đủ" if facts.eligible else "chưa đủ"
    body.append(
        Paragraph(
            f"Theo bộ quy tắc {facts.rulebook_version}, {facts.subject} {verdict} điều kiện "
            f"“{facts.award_name}” năm {facts.year}:"
        )
    )
    body.append(
        Table(
            header=("STT", "Tiêu chí", "Kết quả", "Giải thích", "Căn cứ"),
            rows=tuple(
                (str(i), r.description, r.result, r.explanation, r.citation)
                for i, r in enumerate(facts.rules, start=1)
            ),
            widths=(0.06, 0.24, 0.12, 0.34, 0.24),
            numeric_columns=frozenset({0}),
        )
    )
    if facts.justification:
        body.append(
            Paragraph(
                "Giải trình đề nghị khi chưa đủ điều kiện:", bold=True, indent_first_line=False
            )
        )
        body.extend(Paragraph(line) for line in lines_of(facts.justification))
    body.append(Paragraph(fill(texts["closing"], values)))
    return OfficialDocument(
        issuer=facts.issuer,
        kind_name="Báo cáo",
        kind_code="BC",
        summary=fill(texts["summary"], values),
        body=tuple(body),
        signer=_signer(texts, facts.head_name),
        recipients=tuple(fill(line, values) for line in lines_of(texts.get("recipients", ""))),
        archive_note=texts.get("archive_note", "VT") or "VT",
    )
