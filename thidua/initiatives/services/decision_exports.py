"""Excel exports of the council's side: a round's results (one row per review, with the
initiative's statistics, the vote tally and the decision) and the adoptions a user sees. Built by
`core.spreadsheets.build_workbook` (formula-injection safe), audited as EXPORT entries. The
caller has fetched what it exports through the scoped selectors."""

from collections.abc import Sequence
from decimal import Decimal

from thidua.accounts.models import User
from thidua.core.audit import record_audit
from thidua.core.models import AuditAction
from thidua.core.spreadsheets import Column, build_workbook
from thidua.initiatives.models import Adoption
from thidua.initiatives.review_stats import for_display
from thidua.initiatives.selectors.adoption import adoption_line
from thidua.initiatives.selectors.decisions import InitiativeResult, RoundResults

RESULT_COLUMNS = (
    Column("Mã sáng kiến", 16),
    Column("Tên sáng kiến", 48),
    Column("Đơn vị", 28),
    Column("Số phiếu chấm", 10),
    Column("Điểm trung bình", 12),
    Column("Trung vị", 10),
    Column("Chênh lệch cao – thấp", 12),
    Column("Trung bình chuẩn hóa", 12),
    Column("Người chấm", 26),
    Column("Điểm gốc", 10),
    Column("Điểm chuẩn hóa", 10),
    Column("Bất thường", 60),
    Column("Đồng ý", 8),
    Column("Không đồng ý", 8),
    Column("Chưa biểu quyết", 8),
    Column("Số phiếu cần để thông qua", 12),
    Column("Kết quả", 18),
    Column("Số quyết định / thông báo", 18),
    Column("Ngày", 12),
    Column("Cấp công nhận", 16),
    Column("Lý do không công nhận", 48),
)

ADOPTION_COLUMNS = (
    Column("Mã sáng kiến", 16),
    Column("Tên sáng kiến", 48),
    Column("Đơn vị có sáng kiến", 28),
    Column("Đơn vị áp dụng", 28),
    Column("Áp dụng từ ngày", 12),
    Column("Chỉ số", 32),
    Column("Đơn vị tính", 12),
    Column("Trước", 12),
    Column("Sau", 12),
    Column("Thay đổi (%)", 12),
    Column("Cách áp dụng, kết quả", 48),
)


def _number(value: Decimal | None, places: int = 1) -> float | str:
    return "" if value is None else float(for_display(value, places))


def _audit(by: User, *, what: str, unit_path: str, rows: int, reason: str) -> None:
    record_audit(
        actor=by,
        action=AuditAction.EXPORT,
        target_type="initiatives.export",
        target_id=what,
        target_repr=reason,
        unit_path=unit_path,
        changes={"rows": [None, rows]},
        reason=reason,
    )


def _decision_cells(row: InitiativeResult) -> list[object]:
    tally = row.tally
    cells: list[object] = [
        row.votes_for,
        row.votes_against,
        row.not_voted,
        tally.needed if tally is not None else "",
    ]
    decision = row.decision
    if decision is None:
        return [*cells, "Chưa quyết định", "", "", "", ""]
    return [
        *cells,
        "Công nhận" if decision.recognised else "Không công nhận",
        decision.number,
        decision.date,
        decision.get_level_display() if decision.level else "",
        decision.reasons,
    ]


def export_round_results(results: RoundResults, *, by: User) -> bytes:
    """One row per submitted review (an initiative without reviews gets one row), each with its
    initiative's statistics, votes and decision."""
    rows: list[Sequence[object]] = []
    for row in results.rows:
        initiative = row.initiative
        stats = row.stats
        head: list[object] = [
            initiative.code,
            initiative.title,
            initiative.unit.name,
            stats.count if stats else 0,
            _number(stats.mean if stats else None),
            _number(stats.median if stats else None),
            _number(stats.spread if stats else None),
            _number(stats.normalised_mean if stats else None),
        ]
        tail = _decision_cells(row)
        if not row.reviews:
            rows.append([*head, "", "", "", "", *tail])
        for line in row.reviews:
            rows.append(
                [
                    *head,
                    line.reviewer_name,
                    _number(line.result.raw, 2),
                    _number(line.result.normalised),
                    " ".join(line.result.reasons),
                    *tail,
                ]
            )
    _audit(
        by,
        what=f"round-{results.round.pk}",
        unit_path=results.round.council.unit.path,
        rows=len(rows),
        reason=f"Xuất kết quả đợt chấm “{results.round.name}”",
    )
    return build_workbook(title="Kết quả đợt chấm", columns=RESULT_COLUMNS, rows=rows)


def export_adoptions(adoptions: Sequence[Adoption], *, by: User, unit_path: str) -> bytes:
    """One row per indicator of each adoption (an adoption always has one at least)."""
    rows: list[Sequence[object]] = []
    for adoption in adoptions:
        line = adoption_line(adoption)
        head: list[object] = [
            adoption.initiative.code,
            adoption.initiative.title,
            adoption.initiative.unit.name,
            adoption.unit.name,
            adoption.adopted_on,
        ]
        for change in line.changes:
            indicator = change.indicator
            rows.append(
                [
                    *head,
                    indicator.name,
                    indicator.measure_unit,
                    float(indicator.before),
                    float(indicator.after),
                    _number(change.percent),
                    adoption.description,
                ]
            )
    _audit(
        by,
        what="adoptions",
        unit_path=unit_path,
        rows=len(rows),
        reason="Xuất danh sách nhân rộng sáng kiến",
    )
    return build_workbook(title="Nhân rộng sáng kiến", columns=ADOPTION_COLUMNS, rows=rows)
