"""Targets per unit from Excel: the template of a year and the all-or-nothing import."""

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, has_anywhere
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.spreadsheets import Column, build_workbook
from thidua.movements.enums import ValueType
from thidua.movements.models import Indicator, Movement
from thidua.movements.selectors.registrations import (
    numeric_indicators,
    participant_units,
    targets_of,
    tree_ordered,
    yearly_defaults,
)
from thidua.movements.services.registrations.common import (
    check_year,
    format_number,
    require_open_movement,
)
from thidua.movements.services.registrations.sheets import (
    ALL_OR_NOTHING,
    MAX_ROWS,
    ImportResult,
    check_file,
)
from thidua.movements.services.registrations.targets import (
    TargetEntry,
    check_target_entries,
    save_targets,
)
from thidua.organizations.importing.rows import (
    ColumnSpec,
    RowError,
    cell_text,
    duplicate_errors,
    sort_errors,
)
from thidua.organizations.importing.sheet import open_import_sheet
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can, grants_for, scope_q
from thidua.organizations.services.clusters import common_ancestor_path

UNIT_CODE = "Mã đơn vị"
UNIT_NAME = "Tên đơn vị"


def _may_write_targets(by: User, unit: Unit) -> bool:
    return can(by, Perm.MANAGE_TARGETS, unit.path) or can(by, Perm.REGISTER_UNIT, unit.path)


def _target_columns(indicators: Sequence[Indicator]) -> list[ColumnSpec]:
    return [
        ColumnSpec(
            UNIT_CODE, True, "Bắt buộc. Mã đơn vị như trong hệ thống (giữ nguyên từ mẫu).", 16
        ),
        ColumnSpec(UNIT_NAME, False, "Để đối chiếu; không được nhập vào hệ thống.", 34),
        *[ColumnSpec(indicator.code, False, indicator.name, 14) for indicator in indicators],
    ]


def _indicator_help(indicator: Indicator, default: Any) -> str:
    kinds: dict[str, str] = {
        ValueType.PERCENTAGE: "tỉ lệ %, nhập số từ 0 đến 100 (85 là 85%)",
        ValueType.COUNT: "số nguyên không âm",
    }
    kind = kinds.get(indicator.value_type, "số")
    unit = f", đơn vị tính: {indicator.unit_label}" if indicator.unit_label else ""
    shown = f"; chỉ tiêu chung của năm: {format_number(default)}" if default is not None else ""
    return f"• {indicator.code}: {indicator.name} ({kind}{unit}{shown})."


def build_targets_template(
    *, by: User, movement: Movement, year: int, include_sub_units: bool = False
) -> tuple[str, bytes]:
    """(file name, .xlsx) to fill in the targets of `year`: a row per unit the user may assign
    or propose targets for, a column per numeric indicator (headed by its code), pre-filled
    with each unit's current target; the "Hướng dẫn" sheet names every indicator."""
    indicators = numeric_indicators(movement)
    units = [
        unit
        for unit in tree_ordered(
            participant_units(movement, include_sub_units=include_sub_units).filter(
                scope_q(by, Perm.VIEW_MOVEMENT, "path")
            )
        )
        if _may_write_targets(by, unit)
    ]
    stored = {(t.unit_id, t.indicator_id): t.value for t in targets_of(units, indicators, year)}
    defaults = yearly_defaults(indicators, year)
    columns = [
        Column(spec.header, spec.width, note=spec.help) for spec in _target_columns(indicators)
    ]
    rows = [
        [unit.code, unit.name, *[stored.get((unit.pk, i.pk)) for i in indicators]] for unit in units
    ]
    instructions = [
        f"Chỉ tiêu năm {year} — {movement.name}",
        "",
        "• Mỗi dòng là một đơn vị; mỗi cột sau “Tên đơn vị” là một chỉ tiêu, tiêu đề cột là mã "
        "chỉ tiêu (giữ nguyên tiêu đề).",
        "• Ô để trống: giữ nguyên chỉ tiêu đang có của đơn vị (hoặc chỉ tiêu chung của năm).",
        "• Nhập số thuần, dấu phẩy hoặc dấu chấm cho phần thập phân (85,5). Tỉ lệ % nhập từ 0 "
        "đến 100, không định dạng ô kiểu %.",
        "• Sở (Thường trực Hội đồng) tải lên là giao chỉ tiêu; cán bộ phụ trách thi đua của đơn vị "
        "tải lên là đề xuất chỉ tiêu của đơn vị mình, chờ Sở duyệt.",
        f"• {ALL_OR_NOTHING}",
        "",
        "Các chỉ tiêu:",
        *[_indicator_help(i, defaults.get(i.pk)) for i in indicators],
    ]
    content = build_workbook(
        title="Chỉ tiêu", columns=columns, rows=rows, instructions=instructions
    )
    return f"chi-tieu-{movement.code.lower()}-{year}.xlsx", content


def import_targets(
    *, by: User, movement: Movement, year: int, upload: UploadedFile[bytes]
) -> ImportResult:
    """Assign (department) or propose (unit officer) the targets of an uploaded template.

    Every cell is checked: the unit code exists, takes part and lies in the importer's scope;
    values are numbers the indicator accepts (percentage 0–100, whole counts, its bounds); a
    unit appears once; a unit does not propose against a target already assigned. Any problem:
    nothing is written and the errors come back by row and column. Refuses the file itself
    (DomainError on `file`): a caller who may neither assign nor propose anywhere, a closed
    movement, a year outside it, a file that is not a readable .xlsx, lacks the unit code
    column, has no indicator column, no data row or over 10.000 rows.
    """
    if not (
        has_anywhere(grants_for(by), Perm.MANAGE_TARGETS)
        or has_anywhere(grants_for(by), Perm.REGISTER_UNIT)
    ):
        raise PermissionDeniedError("Bạn không có quyền nhập chỉ tiêu.")
    require_open_movement(movement)
    check_year(movement, year)
    check_file(upload)
    indicators = numeric_indicators(movement)
    specs = _target_columns(indicators)
    sheet = open_import_sheet(upload, specs, max_rows=MAX_ROWS)
    rows = list(sheet.rows)
    if not rows:
        raise DomainError("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.", field="file")
    present = [i for i in indicators if any(i.code in row.values for row in rows[:1])]
    if not present:
        example = f" (ví dụ {indicators[0].code})" if indicators else ""
        raise DomainError(
            "Tệp không có cột chỉ tiêu nào của phong trào: tiêu đề mỗi cột chỉ tiêu là mã chỉ "
            f"tiêu{example}. Hãy dùng tệp mẫu.",
            field="file",
        )
    keys = [(row.number, cell_text(row.values.get(UNIT_CODE)).upper()) for row in rows]
    errors = duplicate_errors(keys, UNIT_CODE, "Mã đơn vị")
    duplicated = {error.row for error in errors}
    units = {u.code: u for u in Unit.objects.filter(code__in={code for _, code in keys if code})}
    entries: list[TargetEntry] = []
    where: list[tuple[int, str]] = []  # (row, column) of each entry
    for row, (number, code) in zip(rows, keys, strict=True):
        if number in duplicated:
            continue
        if not code:
            errors.append(RowError(number, UNIT_CODE, "Thiếu mã đơn vị."))
            continue
        unit = units.get(code)
        if unit is None:
            errors.append(RowError(number, UNIT_CODE, f"Không tìm thấy đơn vị có mã “{code}”."))
            continue
        for indicator in present:
            raw = row.values.get(indicator.code)
            if raw is None or cell_text(raw) == "":
                continue
            entries.append(TargetEntry(unit=unit, indicator=indicator, value=raw))
            where.append((number, indicator.code))
    problems, _ = check_target_entries(by=by, movement=movement, year=year, entries=entries)
    reported_units: set[int] = set()
    for problem in problems:
        number, column = where[problem.index]
        if problem.field == "unit":
            if number in reported_units:
                continue  # one message per row for a unit refused as a whole
            reported_units.add(number)
            column = UNIT_CODE
        errors.append(RowError(number, column, problem.message))
    if errors:
        ordered = sort_errors(errors, [spec.header for spec in specs])
        return ImportResult(row_count=len(rows), errors=ordered)
    name = upload.name or "tep.xlsx"
    with transaction.atomic():
        saved = save_targets(
            by=by,
            movement=movement,
            year=year,
            entries=entries,
            source=f"Nhập từ Excel ({name})",
        )
        record_audit(
            actor=by,
            action=AuditAction.IMPORT,
            target=movement,
            target_repr=f"Chỉ tiêu năm {year} — {movement.name}",
            unit_path=common_ancestor_path(units[code].path for _, code in keys),
            changes={
                "file": [None, name],
                "rows": [None, len(rows)],
                "created": [None, saved.created],
                "updated": [None, saved.updated],
            },
        )
    return ImportResult(
        row_count=len(rows),
        created=saved.created,
        updated=saved.updated,
        unchanged=saved.unchanged,
        proposed=saved.proposed,
    )
