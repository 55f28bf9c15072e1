"""Entering a report's values: start the report of a unit for a period, save one value as the
officer types it (the page autosaves every change), or write many at once (the Excel import).

Every write checks, inside its transaction: ENTER_REPORT at the report's unit, the report is
still editable (a draft or returned report, not a submitted or approved one), the entry window
of the period is open for the unit (`workflow.entry_window`, with the unit's exception). Values
are read by `validation.parse_value` (Vietnamese numbers, yes/no), computed indicators are
recomputed by `movements.formulas` after every change, and `ReportValue.revision` guards
against two officers overwriting each other: a save carries the revision its editor loaded and
is refused, naming who changed the value and when, when that revision is no longer current.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import Changes, record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.movements import formulas
from thidua.movements.enums import ValueType
from thidua.movements.models import Indicator, Period
from thidua.movements.selectors.registrations import is_participant
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import Report, ReportValue
from thidua.reporting.selectors.entry import window_of
from thidua.reporting.services.setup import ensure_setup
from thidua.reporting.validation import (
    ValueProblem,
    check_range,
    format_number,
    parse_value,
)

EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
MAX_TEXT = 5000
MAX_EXPLANATION = 2000


class StaleValueError(DomainError):
    """Someone else saved this value after the editor loaded it: nothing was written. Carries
    the current value (to show the editor), its revision, who changed it and when."""

    def __init__(self, row: ReportValue, indicator: Indicator) -> None:
        who = _name_of(row.updated_by) if row.updated_by_id else "người khác"
        when = timezone.localtime(row.updated_at).strftime("%H:%M ngày %d/%m/%Y")
        current = row.text if indicator.value_type == ValueType.TEXT else _shown(row.value)
        super().__init__(
            f"{indicator.code} — {indicator.name}: {who} đã sửa số liệu này lúc {when}; giá trị "
            f"hiện tại là “{current or '(trống)'}”. Giá trị bạn vừa nhập chưa được lưu: hãy xem "
            "lại rồi nhập lại nếu vẫn cần sửa.",
            field=indicator.code,
            code="stale",
        )
        self.indicator_code = indicator.code
        self.current_value = row.value
        self.current_text = row.text
        self.current_revision = row.revision
        self.changed_by = who
        self.changed_at = row.updated_at


@dataclass(frozen=True)
class SavedValue:
    """The outcome of a save: the row as stored, the computed rows recomputed (all of them,
    with their new values), whether anything changed, and the report's new revision."""

    row: ReportValue
    computed: list[ReportValue] = field(default_factory=list)
    changed: bool = False
    report_revision: int = 0


def _name_of(user: User | None) -> str:
    if user is None:
        return "người khác"
    return str(getattr(user, "display_name", "") or user.get_username())


def _shown(value: Decimal | None) -> str:
    return format_number(value) if value is not None else ""


# -- Checks shared by every write ---------------------------------------------------------------


def require_enter(by: User, unit: Unit) -> None:
    if not can(by, Perm.ENTER_REPORT, unit.path):
        raise PermissionDeniedError("Bạn không có quyền nhập báo cáo của đơn vị này.")


def check_editable(report: Report) -> None:
    """Refuse a write to a submitted or approved report, or outside the entry window."""
    if report.status not in EDITABLE:
        label = ReportStatus(report.status).label
        raise DomainError(
            f"Báo cáo đang ở trạng thái “{label}”: không sửa được số liệu. "
            + (
                "Báo cáo đã duyệt chỉ sửa được khi cấp duyệt hủy duyệt."
                if report.status == ReportStatus.APPROVED
                else "Chờ cấp duyệt quyết định hoặc trả lại để sửa."
            ),
            code="locked",
        )
    window = window_of(report.period, report.unit)
    if not window.accepts_entry:
        raise DomainError(window.message, code="closed")


def locked_report(report: Report) -> Report:
    """The report row locked for this transaction, with its period, unit and movement."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("period", "unit", "movement")
        .get(pk=report.pk)
    )


# -- Start ---------------------------------------------------------------------------------------


@transaction.atomic
def start_report(*, period: Period, unit: Unit, by: User) -> Report:
    """The report of `unit` for `period`, created as a draft with one value row per indicator
    (computed ones marked) when it does not exist yet; the existing one otherwise.

    Refuses: no ENTER_REPORT at the unit; a unit that does not take part in the movement (a
    participant or a khoa/phòng of one); a kind of period the movement does not report; the
    entry window not open for the unit.
    """
    require_enter(by, unit)
    existing = Report.objects.filter(period=period, unit=unit).first()
    if existing is not None:
        return existing
    movement = period.movement
    if not is_participant(movement, unit):
        raise DomainError(f"Đơn vị “{unit.name}” không tham gia phong trào này.", field="unit")
    setup = ensure_setup(movement)
    if period.kind not in setup.reported_kinds:
        raise DomainError(
            f"Phong trào không yêu cầu báo cáo theo kỳ “{period.get_kind_display()}”.",
            field="period",
        )
    window = window_of(period, unit)
    if not window.accepts_entry:
        raise DomainError(window.message, field="period", code="closed")
    try:
        with transaction.atomic():
            report = Report.objects.create(
                movement=movement, period=period, unit=unit, status=ReportStatus.DRAFT
            )
    except IntegrityError:  # someone started it at the same moment
        return Report.objects.get(period=period, unit=unit)
    indicators = Indicator.objects.filter(movement=movement).only("pk", "formula")
    ReportValue.objects.bulk_create(
        ReportValue(report=report, indicator=indicator, is_computed=indicator.is_computed)
        for indicator in indicators
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=report,
        target_repr=f"Báo cáo {period.name} của {unit.name}",
        unit_path=unit.path,
    )
    return report


# -- Formulas ------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _parsed(source: str) -> formulas.Formula | None:
    try:
        return formulas.parse(source)
    except formulas.FormulaError:
        return None


def recompute_formulas(
    rows: Mapping[str, ReportValue], indicators: Mapping[str, Indicator]
) -> list[str]:
    """Recompute the computed rows (in place) from the entered ones; the codes that changed.
    A formula that cannot be computed (division by zero, a broken formula) gives no value."""
    parsed = {
        code: formula
        for code, indicator in indicators.items()
        if indicator.is_computed and (formula := _parsed(indicator.formula)) is not None
    }
    entered = {
        code: row.value
        for code, row in rows.items()
        if not indicators[code].is_computed and indicators[code].value_type != ValueType.TEXT
    }
    changed: list[str] = []
    results = formulas.evaluate_all(parsed, entered)
    for code, indicator in indicators.items():
        if not indicator.is_computed or code not in rows:
            continue
        outcome = results.get(code)
        value = outcome if isinstance(outcome, Decimal) else None
        if value is not None:
            value = value.quantize(Decimal("0.0001"))
            if abs(value) >= Decimal(10) ** 10:
                value = None
        if rows[code].value != value:
            rows[code].value = value
            changed.append(code)
    return changed


def _rows_of(report: Report) -> tuple[dict[str, ReportValue], dict[str, Indicator]]:
    """Every value row of the report (created for indicators added since it started), locked,
    by indicator code; and the movement's indicators by code."""
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(movement_id=report.movement_id)
    }
    rows = {
        row.indicator.code: row
        for row in ReportValue.objects.select_for_update(of=("self",))
        .filter(report=report)
        .select_related("indicator", "updated_by")
    }
    missing = [ind for code, ind in indicators.items() if code not in rows]
    if missing:
        ReportValue.objects.bulk_create(
            ReportValue(report=report, indicator=ind, is_computed=ind.is_computed)
            for ind in missing
        )
        for row in ReportValue.objects.filter(report=report, indicator__in=missing).select_related(
            "indicator"
        ):
            rows[row.indicator.code] = row
    for code, row in rows.items():
        row.indicator = indicators.get(code, row.indicator)
    return rows, indicators


def _write(
    report: Report,
    rows: Mapping[str, ReportValue],
    indicators: Mapping[str, Indicator],
    entered: list[str],
    by: User,
) -> tuple[list[ReportValue], Changes]:
    """Recompute, bump the revisions and store the changed rows; the computed rows and the
    audit changes ({code: [old, new]})."""
    before_computed = {code: rows[code].value for code in rows if rows[code].is_computed}
    computed_changed = recompute_formulas(rows, indicators)
    now = timezone.now()
    changed_rows = [rows[code] for code in [*entered, *computed_changed]]
    for row in changed_rows:
        row.revision += 1
        row.updated_at = now
        if row.indicator.code in entered:
            row.updated_by = by
    ReportValue.objects.bulk_update(
        changed_rows, ["value", "text", "explanation", "revision", "updated_by", "updated_at"]
    )
    report.revision += 1
    report.changed_since_approval = any(row.changed_since_approval for row in rows.values())
    report.save(update_fields=["revision", "changed_since_approval", "updated_at"])
    changes: Changes = {
        code: [_shown(before_computed[code]), _shown(rows[code].value)] for code in computed_changed
    }
    computed = [row for row in rows.values() if row.is_computed]
    return computed, changes


def _text_of(raw: str, indicator: Indicator) -> str:
    text = raw.strip()
    if len(text) > MAX_TEXT:
        raise DomainError(
            f"{indicator.code} — {indicator.name}: nội dung dài quá {MAX_TEXT} ký tự.",
            field=indicator.code,
        )
    return text


def _number_of(raw: str, indicator: Indicator) -> Decimal | None:
    try:
        return parse_value(
            raw,
            indicator.value_type,
            min_value=indicator.min_value,
            max_value=indicator.max_value,
        )
    except ValueProblem as problem:
        raise DomainError(
            f"{indicator.code} — {indicator.name}: {problem.message}", field=indicator.code
        ) from problem


# -- One value (the page, the API) ---------------------------------------------------------------


@transaction.atomic
def save_value(
    *,
    report: Report,
    indicator: Indicator,
    raw: str,
    revision: int,
    by: User,
    explanation: str | None = None,
) -> SavedValue:
    """Save what the officer typed for one indicator (and, when given, the explanation of a
    warning), recompute the formulas, and write one audit entry with the old and new values.

    `revision` is the value row's revision the editor loaded: when it is no longer current the
    save is refused with `StaleValueError` (nothing written) — unless the stored value already
    is what was typed, which is no conflict. Saving what is already stored writes nothing.
    Refuses also: no ENTER_REPORT at the unit, a locked report, a closed window, an indicator
    of another movement or a computed one, and a value `parse_value` refuses (Vietnamese
    message naming the indicator).
    """
    report = locked_report(report)
    require_enter(by, report.unit)
    check_editable(report)
    if indicator.movement_id != report.movement_id:
        raise DomainError("Chỉ tiêu không thuộc phong trào của báo cáo.", field="indicator")
    if indicator.is_computed:
        raise DomainError(
            f"{indicator.code} — {indicator.name}: chỉ tiêu tính bằng công thức, không nhập.",
            field=indicator.code,
        )
    rows, indicators = _rows_of(report)
    row = rows[indicator.code]
    is_text = indicator.value_type == ValueType.TEXT
    new_text = _text_of(raw, indicator) if is_text else ""
    new_value = None if is_text else _number_of(raw, indicator)
    new_explanation = row.explanation if explanation is None else explanation.strip()
    if len(new_explanation) > MAX_EXPLANATION:
        raise DomainError(
            f"Giải trình dài quá {MAX_EXPLANATION} ký tự.", field=f"explanation-{indicator.code}"
        )
    same = row.value == new_value and row.text == new_text
    if same and row.explanation == new_explanation:
        return SavedValue(
            row=row,
            computed=[r for r in rows.values() if r.is_computed],
            changed=False,
            report_revision=report.revision,
        )
    if row.revision != revision:
        raise StaleValueError(row, indicator)
    old_value, old_text, old_explanation = row.value, row.text, row.explanation
    row.value, row.text, row.explanation = new_value, new_text, new_explanation
    computed, changes = _write(report, rows, indicators, [indicator.code], by)
    entry: Changes = {}
    if not same:
        entry[indicator.code] = (
            [old_text, new_text] if is_text else [_shown(old_value), _shown(new_value)]
        )
    if old_explanation != new_explanation:
        entry[f"{indicator.code} (giải trình)"] = [old_explanation, new_explanation]
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=report,
        target_repr=f"Báo cáo {report.period.name} của {report.unit.name}",
        unit_path=report.unit.path,
        changes=entry | changes,
    )
    return SavedValue(row=row, computed=computed, changed=True, report_revision=report.revision)


# -- Many values (the Excel import) --------------------------------------------------------------


@transaction.atomic
def apply_values(*, report: Report, values: Mapping[int, Decimal | str | None], by: User) -> int:
    """Write many values of a report at once (indicator id → a Decimal, None to clear, or the
    text typed — read like the page reads it; the text itself for a TEXT indicator), recompute
    the formulas once and write one audit entry. All or nothing: the first value refused
    refuses them all (a DomainError naming the indicator). No revision check: the import is a
    deliberate replacement of the values it lists. Returns the number of values changed.

    Refuses like `save_value`: ENTER_REPORT, a locked report, a closed window, an indicator of
    another movement or a computed one, a value out of its range."""
    report = locked_report(report)
    require_enter(by, report.unit)
    check_editable(report)
    rows, indicators = _rows_of(report)
    by_id = {indicator.pk: indicator for indicator in indicators.values()}
    entered: list[str] = []
    entry: Changes = {}
    for indicator_id, given in values.items():
        indicator = by_id.get(indicator_id)
        if indicator is None:
            raise DomainError("Chỉ tiêu không thuộc phong trào của báo cáo.", field="indicator")
        if indicator.is_computed:
            raise DomainError(
                f"{indicator.code} — {indicator.name}: chỉ tiêu tính bằng công thức, không nhập.",
                field=indicator.code,
            )
        row = rows[indicator.code]
        if indicator.value_type == ValueType.TEXT:
            text = _text_of("" if given is None else str(given), indicator)
            if text != row.text:
                entry[indicator.code] = [row.text, text]
                row.text = text
                entered.append(indicator.code)
            continue
        value = _checked_number(given, indicator)
        if value != row.value:
            entry[indicator.code] = [_shown(row.value), _shown(value)]
            row.value = value
            entered.append(indicator.code)
    if not entered:
        return 0
    _, changes = _write(report, rows, indicators, entered, by)
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=report,
        target_repr=f"Báo cáo {report.period.name} của {report.unit.name}",
        unit_path=report.unit.path,
        changes=entry | changes,
        reason="Nhập số liệu hàng loạt",
    )
    return len(entered)


def _checked_number(given: Decimal | str | None, indicator: Indicator) -> Decimal | None:
    if given is None:
        return None
    if isinstance(given, str):
        return _number_of(given, indicator)
    if (
        isinstance(given, bool)
        or not isinstance(given, Decimal | int)
        or not Decimal(given).is_finite()
    ):
        raise DomainError(
            f"{indicator.code} — {indicator.name}: Giá trị phải là một số, ví dụ 12,5.",
            field=indicator.code,
        )
    number = Decimal(given).quantize(Decimal("0.0001"))
    if indicator.value_type == ValueType.BOOLEAN and number not in {0, 1}:
        raise DomainError(
            f"{indicator.code} — {indicator.name}: chọn “Có” (1) hoặc “Không” (0).",
            field=indicator.code,
        )
    problem = check_range(
        number, indicator.value_type, min_value=indicator.min_value, max_value=indicator.max_value
    )
    if problem is None and abs(number) >= Decimal(10) ** 10:
        problem = "Giá trị quá lớn."
    if problem:
        raise DomainError(f"{indicator.code} — {indicator.name}: {problem}", field=indicator.code)
    return number
