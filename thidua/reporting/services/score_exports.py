"""Excel exports of the score pages (a unit's scorecard, a ranking, the heat map): the rows the
page shows, built by `core.spreadsheets.build_workbook` (formula-injection safe) and audited as
an EXPORT entry. The caller has fetched what it exports through the scoped selectors."""

from decimal import Decimal

from thidua.accounts.models import User
from thidua.core.audit import record_audit
from thidua.core.models import AuditAction
from thidua.core.spreadsheets import Column, build_workbook
from thidua.movements.scoring import format_number
from thidua.reporting.selectors.scores import HeatMap, Ranking, Scorecard


def _number(value: Decimal | None) -> float | str:
    return "" if value is None else float(value)


def _audit(by: User, *, what: str, unit_path: str, rows: int, reason: str) -> None:
    record_audit(
        actor=by,
        action=AuditAction.EXPORT,
        target_type="reporting.export",
        target_id=what,
        target_repr=reason,
        unit_path=unit_path,
        changes={"rows": [None, rows]},
        reason=reason,
    )


def export_scorecard(card: Scorecard, *, by: User) -> bytes:
    """Each period's totals, then the chosen period's criteria (self beside appraised, with
    the adjustment reason)."""
    rows: list[list[object]] = []
    for line in card.periods:
        score = line.score
        rows.append(
            [
                "Kỳ",
                line.period.name,
                "Tổng điểm",
                _number(card.maximum),
                _number(score.self_total if score else None),
                _number(score.appraised_total if score else None),
                score.title if score else "",
                line.standing.rank_overall if line.standing else "",
                (line.standing.rank_in_cluster or "") if line.standing else "",
                _number(line.cluster_average),
            ]
        )
    if card.year_standing is not None:
        standing = card.year_standing
        rows.append(
            [
                "Năm",
                str(card.year),
                "Tổng điểm",
                _number(card.maximum),
                _number(standing.self_total),
                _number(standing.total),
                standing.title,
                standing.rank_overall,
                standing.rank_in_cluster or "",
                _number(card.year_cluster_average),
            ]
        )
    for phase, phase_standing, average in card.phases:
        if phase_standing is not None:
            rows.append(
                [
                    "Giai đoạn",
                    phase.name,
                    "Tổng điểm",
                    _number(card.maximum),
                    _number(phase_standing.self_total),
                    _number(phase_standing.total),
                    phase_standing.title,
                    phase_standing.rank_overall,
                    phase_standing.rank_in_cluster or "",
                    _number(average),
                ]
            )
    selected = card.selected.period.name if card.selected is not None else ""
    for block in card.areas:
        for criterion_line in block.lines:
            criterion = criterion_line.criterion
            rows.append(
                [
                    "Tiêu chí",
                    selected,
                    f"{criterion.code}. {criterion.name}",
                    _number(criterion.max_points),
                    _number(criterion_line.self_points),
                    _number(criterion_line.appraised_points),
                    criterion_line.row.adjustment_reason if criterion_line.row is not None else "",
                    "",
                    "",
                    "",
                ]
            )
    content = build_workbook(
        title="Điểm thi đua",
        columns=[
            Column("Loại", 10),
            Column("Kỳ, năm", 22),
            Column("Nội dung", 60),
            Column("Điểm tối đa", 12),
            Column("Tự chấm", 12),
            Column("Thẩm định", 12),
            Column("Xếp loại / lý do điều chỉnh", 40),
            Column("Hạng chung", 10),
            Column("Hạng trong cụm", 12),
            Column("Trung bình cụm", 14),
        ],
        rows=rows,
        instructions=[
            f"Điểm thi đua của {card.unit.name} ({card.unit.code}) năm {card.year}",
            card.movement.name,
            "Điểm thẩm định là điểm được tính khi xếp hạng; chỉ báo cáo đã duyệt được xếp hạng.",
        ],
    )
    _audit(
        by,
        what=f"scorecard:{card.unit.pk}:{card.year}",
        unit_path=card.unit.path,
        rows=len(rows),
        reason=f"Xuất điểm thi đua của {card.unit.name} năm {card.year}",
    )
    return content


def export_ranking(ranking: Ranking, *, by: User, unit_path: str) -> bytes:
    """The ranking table as shown, with each top-level criterion's points."""
    rows = [
        [
            row.rank,
            row.standing.rank_overall,
            row.standing.unit.code,
            row.standing.unit.name,
            row.standing.cluster.name if row.standing.cluster else "",
            float(row.standing.total),
            float(row.standing.self_total),
            float(row.standing.penalty),
            row.standing.title,
            *[float(points) for points in row.areas],
        ]
        for row in ranking.rows
    ]
    where = f"cụm, khối {ranking.cluster.name}" if ranking.cluster else "toàn bộ đơn vị"
    content = build_workbook(
        title="Xếp hạng",
        columns=[
            Column("Hạng" if ranking.cluster is None else "Hạng trong cụm", 10),
            Column("Hạng chung", 10),
            Column("Mã đơn vị", 14),
            Column("Tên đơn vị", 44),
            Column("Cụm, khối", 30),
            Column("Tổng điểm", 12),
            Column("Tự chấm", 12),
            Column("Điểm trừ", 10),
            Column("Xếp loại", 14),
            *[
                Column(f"{code} (tối đa {format_number(maximum)})", 14)
                for code, _, maximum in ranking.area_heads
            ],
        ],
        rows=rows,
        instructions=[f"Xếp hạng {ranking.span.label} — {where}"],
    )
    _audit(
        by,
        what=f"ranking:{ranking.span.key}:{ranking.cluster.pk if ranking.cluster else 'all'}",
        unit_path=unit_path,
        rows=len(rows),
        reason=f"Xuất bảng xếp hạng {ranking.span.label} — {where}",
    )
    return content


def export_heat_map(heat_map: HeatMap, *, by: User, unit_path: str) -> bytes:
    """Units × areas: points and the share of each area's maximum."""
    rows = []
    for row in heat_map.rows:
        cells: list[object] = []
        for cell in row.cells:
            cells += [float(cell.points), cell.share]
        rows.append(
            [row.standing.unit.code, row.standing.unit.name, float(row.standing.total), *cells]
        )
    area_columns = []
    for area, maximum in heat_map.areas:
        area_columns += [
            Column(f"{area.code} (tối đa {format_number(maximum)})", 14),
            Column(f"{area.code} (%)", 10),
        ]
    content = build_workbook(
        title="Bản đồ nhiệt",
        columns=[
            Column("Mã đơn vị", 14),
            Column("Tên đơn vị", 44),
            Column("Tổng điểm", 12),
            *area_columns,
        ],
        rows=rows,
        instructions=[
            f"Điểm theo nội dung thi đua — {heat_map.span.label}",
            *[f"{area.code}: {area.name}" for area, _ in heat_map.areas],
        ],
    )
    _audit(
        by,
        what=f"heatmap:{heat_map.span.key}",
        unit_path=unit_path,
        rows=len(rows),
        reason=f"Xuất bản đồ nhiệt {heat_map.span.label}",
    )
    return content
