"""The Kế hoạch tổ chức phong trào thi đua of a movement's year, built from its plan: purpose
and requirements, the content areas with their criteria, indicators and the year's targets,
the timeline (phases, reviews, reporting periods) and the organisation of implementation.

The builder reads nothing: the service hands it what the selectors read, and the figures are
printed as the movement's pages print them.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from thidua.documents.content import Block, Heading, Issuer, OfficialDocument, Paragraph, Table
from thidua.documents.placeholders import fill, lines_of
from thidua.movements.documents.common import DASH, day, number, signer_of
from thidua.movements.documents.specs import PLAN_SPEC
from thidua.movements.enums import ValueType
from thidua.movements.models import Indicator, Movement, Period, Phase
from thidua.movements.selectors.plan import AreaBlock

# "06/2022/QH15", "152/2025/NĐ-CP", "190/KH-UBND": how a căn cứ names its document.
_DOCUMENT_NUMBER = re.compile(r"\b\d+/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9-]*")
ROMAN = ("I", "II", "III", "IV", "V", "VI")
AREA_WIDTHS = (0.12, 0.48, 0.13, 0.12, 0.15)
GENERIC_PURPOSE = (
    "Phát huy tinh thần trách nhiệm, khơi dậy ý chí chủ động, sáng tạo của tập thể và cá nhân, "
    "phấn đấu hoàn thành xuất sắc nhiệm vụ được giao."
)


@dataclass(frozen=True)
class PlanData:
    """What the plan of a year prints, as the selectors read it."""

    movement: Movement
    year: int
    areas: Sequence[AreaBlock]
    targets: Mapping[int, Decimal]  # the year's target by indicator id
    phases: Sequence[Phase]
    periods: Sequence[Period]  # the year's reporting periods, in the order they fall due


def plan_values(data: PlanData, *, issuer: Issuer, cited: str = "") -> dict[str, str]:
    """The placeholders' values."""
    return {
        "phong_trao": data.movement.name,
        "nam": str(data.year),
        "don_vi": issuer.name,
        "muc_tieu": data.movement.description.strip() or GENERIC_PURPOSE,
        "can_cu_phong_trao": legal_basis_lines(data.movement.legal_basis, cited=cited),
        "so_noi_dung": str(len(data.areas)),
        "tong_diem": number(sum((block.max_points for block in data.areas), Decimal(0))),
    }


def target_text(indicator: Indicator, target: Decimal | None) -> str:
    """A target as the plan prints it: "Có"/"Không" for a yes/no indicator, else the number."""
    if target is None:
        return DASH
    if indicator.value_type == ValueType.BOOLEAN:
        return "Có" if target else "Không"
    return number(target)


def legal_basis_lines(text: str, *, cited: str = "") -> str:
    """The movement's own căn cứ, one per line, each read as "Căn cứ …;"; a line citing a
    document the template's căn cứ (`cited`) already cite (by its number) is left out."""
    already = set(_DOCUMENT_NUMBER.findall(cited))
    lines = []
    for line in lines_of(text.replace(";", ";\n")):
        line = line.rstrip(";. ")
        if not line or already & set(_DOCUMENT_NUMBER.findall(line)):
            continue
        lead = "" if line.lower().startswith("căn cứ") else "Căn cứ "
        lines.append(f"{lead}{line};")
    return "\n".join(lines)


def area_table(block: AreaBlock, *, year: int, targets: Mapping[int, Decimal]) -> Table:
    """One content area: each criterion (its code and maximum points) followed by its
    indicators (unit of measure and the year's target; their codes are the system's, not the
    plan's)."""
    rows: list[tuple[str, ...]] = []
    for line in block.rows:
        indent = "    " * line.depth
        criterion = line.criterion
        rows.append(
            (criterion.code, f"{indent}{criterion.name}", "", number(criterion.max_points), "")
        )
        rows += [
            (
                "",
                f"{indent}- {indicator.name}",
                indicator.unit_label,
                "",
                target_text(indicator, targets.get(indicator.pk)),
            )
            for indicator in line.indicators
        ]
    return Table(
        header=("Mã", "Tiêu chí, chỉ tiêu", "Đơn vị tính", "Điểm tối đa", f"Chỉ tiêu năm {year}"),
        rows=tuple(rows),
        widths=AREA_WIDTHS,
        caption=f"{block.area.code}. {block.area.name} (tối đa {number(block.max_points)} điểm)",
        numeric_columns=frozenset({3, 4}),
    )


def phase_table(phases: Sequence[Phase]) -> Table:
    return Table(
        header=("Giai đoạn", "Thời gian", "Sơ kết, tổng kết"),
        rows=tuple(
            (
                phase.name,
                f"{day(phase.start_date)} – {day(phase.end_date)}",
                ", ".join(
                    part
                    for part in (
                        phase.review_name or phase.get_review_kind_display(),
                        day(phase.review_date),
                    )
                    if part
                )
                or DASH,
            )
            for phase in phases
        ),
        widths=(0.35, 0.3, 0.35),
    )


def period_table(periods: Sequence[Period]) -> Table:
    return Table(
        header=("Kỳ báo cáo", "Từ ngày", "Đến ngày", "Mở nhập liệu", "Hạn nộp báo cáo"),
        rows=tuple(
            (
                period.name,
                day(period.start_date),
                day(period.end_date),
                day(period.opens_on),
                day(period.due_on),
            )
            for period in periods
        ),
        widths=(0.28, 0.18, 0.18, 0.18, 0.18),
    )


def _paragraphs(text: str) -> list[Block]:
    return [Paragraph(line) for line in lines_of(text)]


def build_plan(
    data: PlanData, *, issuer: Issuer, texts: Mapping[str, str], head: str
) -> OfficialDocument:
    """The Kế hoạch of `data.year`, in the wording `texts` (the template in force at the
    organising unit); `head` signs when the template names nobody."""
    values = plan_values(data, issuer=issuer, cited=texts["preamble"])
    movement = data.movement
    body: list[Block] = [
        Paragraph(line, italic=line.startswith("Căn cứ"))
        for line in lines_of(fill(texts["preamble"], values))
    ]
    body.append(Heading(f"{ROMAN[0]}. MỤC ĐÍCH, YÊU CẦU"))
    body += _paragraphs(fill(texts["purpose"], values))
    body.append(Heading(f"{ROMAN[1]}. NỘI DUNG, TIÊU CHÍ VÀ CHỈ TIÊU THI ĐUA"))
    body.append(Paragraph(fill(texts["content_intro"], values)))
    for block in data.areas:
        body.append(area_table(block, year=data.year, targets=data.targets))
    body.append(Heading(f"{ROMAN[2]}. THỜI GIAN THỰC HIỆN"))
    body.append(
        Paragraph(
            f"Phong trào được tổ chức từ ngày {day(movement.start_date)} đến ngày "
            f"{day(movement.end_date)}."
        )
    )
    if data.phases:
        body.append(Paragraph("1. Các giai đoạn, sơ kết, tổng kết:", indent_first_line=True))
        body.append(phase_table(data.phases))
    if data.periods:
        body.append(
            Paragraph(f"2. Các kỳ báo cáo năm {data.year}:", indent_first_line=True)
            if data.phases
            else Paragraph(f"Các kỳ báo cáo năm {data.year}:")
        )
        body.append(period_table(data.periods))
    body.append(Heading(f"{ROMAN[3]}. TỔ CHỨC THỰC HIỆN"))
    body += _paragraphs(fill(texts["organisation"], values))
    return OfficialDocument(
        issuer=issuer,
        kind_name=PLAN_SPEC.kind_name,
        kind_code=PLAN_SPEC.kind_code,
        summary=fill(texts["summary"], values),
        body=tuple(body),
        signer=signer_of(texts, head=head),
        recipients=lines_of(texts["recipients"]),
        archive_note=texts["archive_note"].strip() or "VT",
    )
