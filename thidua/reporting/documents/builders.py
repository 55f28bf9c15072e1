"""The reporting app's documents, built from what the pages' selectors read: a report's entry
sheet (`selectors.entry.entry_sheet`, the report page), a unit's scorecard and a ranking
(`selectors.scores`). Figures are the pages' own strings or printed with the pages' `so`
filter, so a document and its page show the same numbers. The builders read nothing more.
"""

from collections.abc import Mapping

from thidua.documents.content import (
    Block,
    Heading,
    Issuer,
    OfficialDocument,
    Paragraph,
    Table,
)
from thidua.documents.placeholders import fill, lines_of
from thidua.movements.documents.common import DASH, day, number, signer_of
from thidua.reporting.documents.specs import PERIODIC_REPORT_SPEC, RANKING_SPEC, SCORECARD_SPEC
from thidua.reporting.models import Report
from thidua.reporting.selectors.entry import EntryRow, EntrySheet
from thidua.reporting.selectors.scores import Ranking, Scorecard

# More columns than this and the ranking goes on a landscape page (A4 turned, Nghị định
# 30/2020: allowed for pages that are tables).
PORTRAIT_COLUMNS = 8


def unit_values(report: Report) -> dict[str, str]:
    period = report.period
    return {
        "don_vi": report.unit.name,
        "ky": period.name,
        "phong_trao": report.movement.name,
        "tu_ngay": day(period.start_date),
        "den_ngay": day(period.end_date),
    }


def _document(
    *,
    spec_kind: tuple[str, str],
    issuer: Issuer,
    texts: Mapping[str, str],
    values: Mapping[str, str],
    body: list[Block],
    head: str,
    landscape: bool = False,
) -> OfficialDocument:
    return OfficialDocument(
        issuer=issuer,
        kind_name=spec_kind[0],
        kind_code=spec_kind[1],
        summary=fill(texts["summary"], values),
        body=tuple(body),
        signer=signer_of(texts, head=head),
        recipients=lines_of(texts["recipients"]),
        archive_note=texts["archive_note"].strip() or "VT",
        landscape=landscape,
    )


# --- Báo cáo định kỳ ---------------------------------------------------------------------------


def shown_result(row: EntryRow) -> str:
    """The period's value as the report page shows it: Có/Không, the text, or the number."""
    if row.is_boolean:
        return {"1": "Có", "0": "Không"}.get(row.shown, DASH)
    return row.shown or DASH


def report_table(sheet: EntrySheet, area_index: int) -> Table:
    """One content area of the report: each criterion (its points) then its indicators with
    the unit's target, the period's value, the points and how many minh chứng they carry."""
    area = sheet.areas[area_index]
    rows: list[tuple[str, ...]] = []
    for block in area.criteria:
        indent = "    " * block.depth
        rows.append(
            (
                block.criterion.code,
                f"{indent}{block.criterion.name}",
                "",
                "",
                "",
                block.points if sheet.version else "",
                str(len(block.evidence)) if block.evidence else "",
            )
        )
        rows += [
            (
                "",
                f"{indent}- {row.indicator.name}",
                row.indicator.unit_label,
                row.target or DASH,
                shown_result(row),
                row.points or DASH,
                str(len(row.evidence)),
            )
            for row in block.rows
        ]
    return Table(
        header=(
            "Mã",
            "Tiêu chí, chỉ tiêu",
            "Đơn vị tính",
            "Chỉ tiêu giao",
            "Kết quả kỳ này",
            "Điểm",
            "Minh chứng",
        ),
        rows=tuple(rows),
        widths=(0.09, 0.37, 0.1, 0.11, 0.13, 0.09, 0.11),
        caption=f"{area.area.code}. {area.area.name}",
        numeric_columns=frozenset({3, 4, 5, 6}),
    )


def build_periodic_report(
    sheet: EntrySheet, *, issuer: Issuer, texts: Mapping[str, str], head: str
) -> OfficialDocument:
    """The unit's Báo cáo định kỳ of the period: its values per indicator against its
    targets, points and evidence, the self-assessed total, the explanations it gave."""
    values = unit_values(sheet.report)
    body: list[Block] = [Paragraph(fill(texts["intro"], values))]
    body.append(Heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THI ĐUA"))
    body += [report_table(sheet, index) for index in range(len(sheet.areas))]
    body.append(Heading("II. TỔNG HỢP ĐIỂM TỰ CHẤM VÀ MINH CHỨNG"))
    if sheet.version is not None:
        title = f"; tự xếp loại: {sheet.title}" if sheet.title else ""
        body.append(
            Paragraph(
                f"Tổng điểm tự chấm: {sheet.total or '0'} điểm (điểm các tiêu chí "
                f"{sheet.criteria_total or '0'}, điểm thưởng {sheet.bonus or '0'}, điểm trừ "
                f"{sheet.penalty or '0'}){title}."
            )
        )
    body.append(Paragraph(f"Số minh chứng kèm theo báo cáo: {len(sheet.evidence)} tệp."))
    explained = [row for row in sheet.rows.values() if row.row is not None and row.row.explanation]
    if explained:
        body.append(Paragraph("Giải trình số liệu:"))
        body += [
            Paragraph(f"- {row.indicator.name}: {row.row.explanation}")
            for row in explained
            if row.row is not None
        ]
    body.append(Heading("III. ĐỀ XUẤT, KIẾN NGHỊ"))
    body += [Paragraph(line) for line in lines_of(fill(texts["proposals"], values))]
    return _document(
        spec_kind=(PERIODIC_REPORT_SPEC.kind_name, PERIODIC_REPORT_SPEC.kind_code),
        issuer=issuer,
        texts=texts,
        values=values,
        body=body,
        head=head,
    )


# --- Bảng điểm ---------------------------------------------------------------------------------


def scorecard_rows(card: Scorecard) -> tuple[tuple[str, ...], ...]:
    """The chosen period's criteria by area, as the scorecard page's table: maximum, self and
    appraised points, and the department's reason where it adjusted them."""
    rows: list[tuple[str, ...]] = []
    for block in card.areas:
        rows.append(
            (
                block.area.code,
                block.area.name.upper(),
                number(block.maximum),
                number(block.self_points),
                number(block.appraised_points),
                "",
            )
        )
        for line in block.lines:
            reason = line.row.adjustment_reason if line.adjusted and line.row else ""
            rows.append(
                (
                    line.criterion.code,
                    f"{'    ' * line.depth}{line.criterion.name}",
                    number(line.criterion.max_points),
                    number(line.self_points),
                    number(line.appraised_points),
                    reason,
                )
            )
    return tuple(rows)


def build_scorecard(
    card: Scorecard, *, issuer: Issuer, texts: Mapping[str, str], head: str
) -> OfficialDocument:
    """The unit's Báo cáo kết quả chấm điểm of the card's chosen period (which has a score)."""
    selected = card.selected
    if selected is None or selected.report is None or selected.score is None:
        raise ValueError("the scorecard's period has no score")
    values = unit_values(selected.report)
    score, standing = selected.score, selected.standing
    body: list[Block] = [Paragraph(fill(texts["intro"], values))]
    body.append(
        Table(
            header=("Mã", "Tiêu chí", "Điểm tối đa", "Tự chấm", "Thẩm định", "Lý do điều chỉnh"),
            rows=scorecard_rows(card),
            widths=(0.1, 0.4, 0.11, 0.11, 0.11, 0.17),
            caption=f"Bảng điểm thi đua {selected.period.name}",
            numeric_columns=frozenset({2, 3, 4}),
        )
    )
    lines = [
        f"Tổng điểm tự chấm: {number(score.self_total)} điểm; tổng điểm thẩm định: "
        f"{number(score.appraised_total)} điểm (điểm thưởng {number(score.bonus)}, điểm trừ "
        f"{number(score.penalty)}).",
    ]
    if score.title:
        lines.append(f"Xếp loại: {score.title}.")
    if standing is not None:
        ranks = f"Xếp hạng chung: {standing.rank_overall}"
        if standing.rank_in_cluster and card.cluster is not None:
            ranks += f"; xếp hạng trong {card.cluster.name}: {standing.rank_in_cluster}"
            if card.cluster_size:
                ranks += f"/{card.cluster_size} đơn vị"
        lines.append(ranks + ".")
    if selected.cluster_average is not None and card.cluster is not None:
        lines.append(f"Điểm bình quân của {card.cluster.name}: {number(selected.cluster_average)}.")
    body += [Paragraph(line) for line in lines]
    body.append(Paragraph(fill(texts["closing"], values)))
    return _document(
        spec_kind=(SCORECARD_SPEC.kind_name, SCORECARD_SPEC.kind_code),
        issuer=issuer,
        texts=texts,
        values=values,
        body=body,
        head=head,
    )


# --- Bảng xếp hạng -------------------------------------------------------------------------------


def ranking_header(ranking: Ranking) -> tuple[str, ...]:
    in_cluster = ranking.cluster is not None
    return (
        "Hạng",
        *(("Hạng chung",) if in_cluster else ()),
        "Đơn vị",
        *(() if in_cluster else ("Cụm, khối",)),
        "Tổng điểm",
        "Tự chấm",
        "Điểm trừ",
        *(code for code, _, _ in ranking.area_heads),
        "Xếp loại",
    )


def ranking_rows(ranking: Ranking) -> tuple[tuple[str, ...], ...]:
    """The ranking page's rows: rank (and the overall rank within a cluster), unit, totals,
    each top-level criterion's points, title."""
    in_cluster = ranking.cluster is not None
    rows = []
    for row in ranking.rows:
        standing = row.standing
        cluster = standing.cluster.name if standing.cluster is not None else DASH
        rows.append(
            (
                str(row.rank),
                *((str(standing.rank_overall),) if in_cluster else ()),
                standing.unit.name,
                *(() if in_cluster else (cluster,)),
                number(standing.total),
                number(standing.self_total),
                number(standing.penalty),
                *(number(points) for points in row.areas),
                standing.title,
            )
        )
    return tuple(rows)


def build_ranking(
    ranking: Ranking,
    *,
    movement_name: str,
    issuer: Issuer,
    texts: Mapping[str, str],
    head: str,
) -> OfficialDocument:
    """The Thông báo of a span's ranking (a cluster's, or of every unit), on a landscape page
    when the criteria's columns make the table wide."""
    values = {
        "don_vi": issuer.name,
        "ky": ranking.span.label,
        "cum": ranking.cluster.name if ranking.cluster is not None else "các đơn vị",
        "phong_trao": movement_name,
        "so_don_vi": str(len(ranking.rows)),
    }
    header = ranking_header(ranking)
    shares = [0.07, *([0.07] if ranking.cluster else []), 0.3, *([] if ranking.cluster else [0.16])]
    shares += [0.09, 0.09, 0.08]
    shares += [0.07] * len(ranking.area_heads) + [0.12]
    # Rank (and overall rank), then the totals and the criteria's points from column 3 on.
    numeric = {0, *([1] if ranking.cluster else []), *range(3, len(header) - 1)}
    body: list[Block] = [Paragraph(line) for line in lines_of(fill(texts["intro"], values))]
    body.append(
        Table(
            header=header,
            rows=ranking_rows(ranking),
            widths=tuple(shares),
            caption=f"Bảng xếp hạng thi đua {ranking.span.label} — {values['cum']}",
            numeric_columns=frozenset(numeric),
        )
    )
    if ranking.area_heads:
        legend = "; ".join(
            f"{code}: {name} (tối đa {number(maximum)} điểm)"
            for code, name, maximum in ranking.area_heads
        )
        body.append(Paragraph(f"Ghi chú: {legend}.", italic=True))
    body += [Paragraph(line) for line in lines_of(fill(texts["closing"], values))]
    return _document(
        spec_kind=(RANKING_SPEC.kind_name, RANKING_SPEC.kind_code),
        issuer=issuer,
        texts=texts,
        values=values,
        body=body,
        head=head,
        landscape=len(header) > PORTRAIT_COLUMNS,
    )
