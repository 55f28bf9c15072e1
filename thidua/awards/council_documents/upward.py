"""The Tờ trình đề nghị khen thưởng cấp trên: the candidates who passed the council's vote for
an award the council's unit does not decide (thẩm quyền, LEGAL.md §1.4: CSTĐ Thành phố, Cờ thi
đua, Bằng khen of the city's Chairman…), proposed to the level above with the vote result the
dossier needs (NĐ 98/2023/NĐ-CP Điều 34 khoản 2 điểm c). Its wording is a template an officer
may adjust (registered in `AwardsConfig.ready`). Building it is pure: no Django, no database."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from thidua.awards.council_documents.builders import (
    SessionFacts,
    long_date,
    percent,
    session_values,
)
from thidua.documents.content import Block, OfficialDocument, Paragraph, Table
from thidua.documents.placeholders import (
    SIGNER_FIELDS,
    TemplateField,
    TemplateSpec,
    fill,
    lines_of,
    signer_from,
)

UPWARD_PROPOSAL_KEY = "awards.upward_proposal"

UPWARD_HEADER = (
    "STT",
    "Họ và tên / Tập thể",
    "Chức vụ, đơn vị",
    "Danh hiệu, hình thức đề nghị",
    "Cấp quyết định",
    "Kết quả bỏ phiếu",
)
UPWARD_WIDTHS = (0.06, 0.2, 0.2, 0.2, 0.17, 0.17)

_SIGNER_DEFAULTS = {
    "signer_authority": "",
    "signer_titles": "Giám đốc",
    "recipients": "Như trên;\nHội đồng Thi đua - Khen thưởng {{ten_don_vi}};",
    "archive_note": "VT, HĐTĐKT",
}

UPWARD_PROPOSAL_SPEC = TemplateSpec(
    key=UPWARD_PROPOSAL_KEY,
    name="Tờ trình đề nghị khen thưởng cấp trên",
    kind_name="Tờ trình",
    kind_code="TTr",
    fields=(
        TemplateField(
            "summary",
            "Trích yếu",
            "Về việc đề nghị cấp trên khen thưởng năm {{nam}}",
        ),
        TemplateField("addressee", "Kính gửi", "{{cap_tren}}"),
        TemplateField(
            "preamble",
            "Các căn cứ (mỗi dòng một căn cứ)",
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;\n"
            "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
            "về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
            "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;\n"
            "Căn cứ kết quả bỏ phiếu của {{ten_hoi_dong}} tại phiên họp {{ngay_hop}};",
            lines=True,
        ),
        TemplateField(
            "request",
            "Nội dung đề nghị",
            "Thực hiện {{ten_dot}}, {{ten_don_vi}} đã tổ chức bình xét; {{doi_tuong}} đạt tỷ lệ "
            "phiếu bầu theo quy định được đề nghị danh hiệu thi đua, hình thức khen thưởng thuộc "
            "thẩm quyền của cấp trên. {{ten_don_vi}} kính trình {{cap_tren}} xem xét, khen "
            "thưởng hoặc đề nghị cấp có thẩm quyền khen thưởng (có danh sách và hồ sơ kèm theo).",
        ),
        TemplateField(
            "list_caption",
            "Tiêu đề danh sách",
            "Danh sách đề nghị cấp trên khen thưởng năm {{nam}} của {{ten_don_vi}}",
        ),
        TemplateField("closing", "Kết thúc", "Kính trình {{cap_tren}} xem xét, quyết định./."),
        *(
            replace(item, default=_SIGNER_DEFAULTS[item.name])
            if item.name in _SIGNER_DEFAULTS
            else item
            for item in SIGNER_FIELDS
        ),
    ),
    placeholders={
        "ten_don_vi": "Tên đơn vị trình (đơn vị có Hội đồng)",
        "ten_hoi_dong": "Tên Hội đồng Thi đua - Khen thưởng",
        "ten_dot": "Tên đợt xét khen thưởng",
        "nam": "Năm xét khen thưởng",
        "ngay_hop": "Ngày họp Hội đồng, viết đầy đủ (ngày 10 tháng 12 năm 2026)",
        "cap_tren": "Cấp trên nhận tờ trình (Giám đốc Sở; Chủ tịch Ủy ban nhân dân Thành phố)",
        "doi_tuong": "Số tập thể, cá nhân được đề nghị, ví dụ “1 tập thể và 2 cá nhân”",
    },
    sample={
        "ten_don_vi": "Bệnh viện Thanh Nhàn",
        "ten_hoi_dong": "Hội đồng Thi đua - Khen thưởng Bệnh viện Thanh Nhàn",
        "ten_dot": "Đợt xét khen thưởng năm 2026",
        "nam": "2026",
        "ngay_hop": "ngày 10 tháng 12 năm 2026",
        "cap_tren": "Giám đốc Sở Y tế Hà Nội",
        "doi_tuong": "1 tập thể và 2 cá nhân",
    },
)


@dataclass(frozen=True, slots=True)
class UpwardLine:
    """One candidate proposed upward: who, for what, decided by whom, and the vote."""

    name: str
    detail: str
    award_name: str
    decided_by: str  # "Chủ tịch Ủy ban nhân dân Thành phố"
    approve: int
    members_total: int
    collective: bool


def subjects_phrase(lines: Sequence[UpwardLine]) -> str:
    """ "1 tập thể và 2 cá nhân", "2 cá nhân" (a zero part left out)."""
    collectives = sum(1 for line in lines if line.collective)
    individuals = len(lines) - collectives
    parts = [f"{collectives} tập thể"] if collectives else []
    if individuals or not parts:
        parts.append(f"{individuals} cá nhân")
    return " và ".join(parts)


def build_upward_proposal(
    facts: SessionFacts,
    lines: Sequence[UpwardLine],
    texts: Mapping[str, str],
    *,
    superior: str,
    head: str,
) -> OfficialDocument:
    """The tờ trình of the council's unit to `superior`, the list with the vote of each
    candidate ("Đồng ý 9/10 (90%)"), signed by the unit's head (`head` unless the template
    names a signer)."""
    values = {
        **session_values(facts),
        "ngay_hop": long_date(facts.meeting_date),
        "cap_tren": superior,
        "doi_tuong": subjects_phrase(lines),
    }
    rows = tuple(
        (
            str(index),
            line.name,
            line.detail or "—",
            line.award_name,
            line.decided_by,
            f"Đồng ý {line.approve}/{line.members_total} "
            f"({percent(line.approve, line.members_total)})",
        )
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
            header=UPWARD_HEADER,
            rows=rows,
            widths=UPWARD_WIDTHS,
            caption=fill(texts["list_caption"], values),
            numeric_columns=frozenset({0}),
        ),
        Paragraph(fill(texts["closing"], values)),
    )
    return OfficialDocument(
        issuer=facts.issuer,
        kind_name=UPWARD_PROPOSAL_SPEC.kind_name,
        kind_code=UPWARD_PROPOSAL_SPEC.kind_code,
        summary=fill(texts["summary"], values),
        body=body,
        signer=signer_from(texts, name=texts.get("signer_name", "").strip() or head),
        recipients=tuple(fill(line, values) for line in lines_of(texts.get("recipients", ""))),
        archive_note=texts.get("archive_note", "VT").strip() or "VT",
    )
