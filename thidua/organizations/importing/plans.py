"""Checks that need the whole file and the stored data: scope, existence, the unit tree.

Pure: no Django. The service loads what is stored (units by code, people by staff code) into the
plain records below, hands in `may_change(unit_path)` built from the importer's grants, and gets
back either the row errors or a plan to write. No check here queries anything, so validating
40.000 rows costs no more queries than validating 4.
"""

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from thidua.organizations.importing.rows import (
    EMPLOYMENT_KIND,
    GENDER,
    PARENT_CODE,
    STAFF_CODE,
    START_DATE,
    UNIT_CODE,
    UNIT_KIND,
    PersonRow,
    RowError,
    UnitRow,
    Vocabulary,
    format_rows,
)

MayChange = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A stored unit as the people import needs it."""

    id: int
    code: str
    path: str
    is_active: bool


@dataclass(frozen=True, slots=True)
class ExistingPerson:
    """A stored person matched by staff code; `open_since` starts their open membership."""

    id: int
    unit_id: int
    unit_path: str
    open_since: dt.date | None


def check_people(
    rows: Iterable[PersonRow],
    *,
    units: Mapping[str, UnitRef],
    existing: Mapping[str, ExistingPerson],
    may_change: MayChange,
    today: dt.date,
) -> list[RowError]:
    """Refuse rows naming a unit that does not exist, has closed or lies outside the importer's
    scope; rows updating a person of a unit outside that scope; a new person without gender or
    kind of staff; and a move dated on or before the start of the person's current membership.
    """
    errors: list[RowError] = []
    for row in rows:
        unit = units.get(row.unit_code)
        if unit is None:
            errors.append(
                RowError(row.row, UNIT_CODE, f"Không tìm thấy đơn vị có mã “{row.unit_code}”.")
            )
        elif not unit.is_active:
            errors.append(
                RowError(row.row, UNIT_CODE, f"Đơn vị “{row.unit_code}” đã ngừng hoạt động.")
            )
        elif not may_change(unit.path):
            errors.append(
                RowError(
                    row.row,
                    UNIT_CODE,
                    f"Đơn vị “{row.unit_code}” nằm ngoài phạm vi bạn được cập nhật cán bộ.",
                )
            )
            unit = None
        person = existing.get(row.staff_code)
        if person is None:
            for key, header in (("gender", GENDER), ("employment_kind", EMPLOYMENT_KIND)):
                if key not in row.values:
                    errors.append(
                        RowError(row.row, header, f"Thiếu {header} (bắt buộc với người mới).")
                    )
            continue
        if not may_change(person.unit_path):
            errors.append(
                RowError(
                    row.row,
                    STAFF_CODE,
                    f"Mã cán bộ “{row.staff_code}” là của một người thuộc đơn vị ngoài phạm vi "
                    "của bạn; không thể cập nhật.",
                )
            )
            continue
        if unit is not None and unit.id != person.unit_id and person.open_since is not None:
            start = row.start_date or today
            if start <= person.open_since:
                errors.append(
                    RowError(
                        row.row,
                        START_DATE,
                        f"Ngày bắt đầu công tác tại đơn vị mới ({start:%d/%m/%Y}) phải sau ngày "
                        "bắt đầu công tác tại đơn vị hiện tại "
                        f"({person.open_since:%d/%m/%Y}).",
                    )
                )
    return errors


# -- Units --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExistingUnit:
    id: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    path: str
    is_active: bool
    sort_order: int
    abbreviation: str = ""


@dataclass(frozen=True, slots=True)
class UnitChange:
    """An existing unit and the fields the file changes: name, kind, sort_order, abbreviation,
    parent_code."""

    row: UnitRow
    unit: ExistingUnit
    fields: Mapping[str, Any]

    @property
    def moves(self) -> bool:
        return "parent_code" in self.fields


@dataclass(frozen=True, slots=True)
class NewUnit:
    row: UnitRow
    kind: str
    sort_order: int


@dataclass(frozen=True)
class UnitPlan:
    """What to write: new units with parents before children, then changes of existing ones."""

    creates: Sequence[NewUnit]
    changes: Sequence[UnitChange]
    unchanged: int


@dataclass
class _Tree:
    """The tree as it will be after the import: stored parents overlaid with the file's."""

    existing: Mapping[str, ExistingUnit]
    rows: Mapping[str, UnitRow]
    parent_of: dict[str, str | None]
    _paths: dict[str, str]

    def path(self, code: str) -> str:
        """Final materialised path; a unit still to be created stands as "+CODE"."""
        cached = self._paths.get(code)
        if cached is not None:
            return cached
        chain: list[str] = []
        current: str | None = code
        while current is not None and current not in self._paths:
            chain.append(current)
            current = self.parent_of.get(current)
        prefix = self._paths[current] if current is not None else "/"
        for node in reversed(chain):
            unit = self.existing.get(node)
            prefix = f"{prefix}{unit.id if unit else '+' + node}/"
            self._paths[node] = prefix
        return self._paths[code]


def _find_cycles(parent_of: Mapping[str, str | None], starts: Iterable[str]) -> list[list[str]]:
    """Each cycle once, in walking order (a unit above itself, directly or not)."""
    settled: set[str] = set()
    cycles: list[list[str]] = []
    for start in starts:
        walk: list[str] = []
        on_walk: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in settled:
            if current in on_walk:
                cycles.append(walk[on_walk[current] :])
                break
            on_walk[current] = len(walk)
            walk.append(current)
            current = parent_of.get(current)
        settled.update(walk)
    return cycles


def _kind_error(kind: str, parent_kind: str, vocabulary: Vocabulary) -> str | None:
    if parent_kind in vocabulary.sub_unit_kinds and kind not in vocabulary.sub_unit_kinds:
        return "Dưới một khoa, phòng hoặc trạm chỉ có thể đặt khoa, phòng hoặc trạm."
    return None


def plan_units(
    rows: Sequence[UnitRow],
    *,
    existing: Mapping[str, ExistingUnit],
    may_change: MayChange,
    vocabulary: Vocabulary,
    unreadable_codes: Collection[str] = (),
) -> UnitPlan | list[RowError]:
    """Check the file's units against the stored tree and plan the writes.

    Refuses: a row for the root (the root cannot move), a parent code found neither stored
    nor in the file, a cycle (A under B and B under A, or a unit under its own descendant),
    a new unit without a kind, a kind that does not fit under its parent (or no longer fits
    its children), a parent that has closed, and any row outside the importer's scope
    (CHANGE_UNIT on the unit to change or move it, on the destination to put a unit there).
    Rows whose code appears twice are planned from their first occurrence: the duplicates
    are reported separately. `unreadable_codes` are codes of rows that failed to parse: a unit
    placed under one of them is not checked further (its parent exists, unreadably).
    """
    first_rows: dict[str, UnitRow] = {}
    for row in rows:
        first_rows.setdefault(row.code, row)
    parent_of: dict[str, str | None] = {code: u.parent_code for code, u in existing.items()}
    for code, row in first_rows.items():
        parent_of[code] = row.parent_code
    roots = {code for code, unit in existing.items() if unit.parent_code is None}
    tree = _Tree(existing, first_rows, parent_of, {code: existing[code].path for code in roots})

    errors: list[RowError] = []
    refused: set[str] = set()  # rows refused for themselves: nothing more to check on them
    skipped: set[str] = set()  # rows whose chain of parents is broken, and rows below them
    unreadable = set(unreadable_codes)
    for code, row in first_rows.items():
        if code in roots:
            errors.append(
                RowError(
                    row.row,
                    PARENT_CODE,
                    f"“{code}” là đơn vị gốc: không thể chuyển hay nhập đơn vị gốc từ tệp.",
                )
            )
            refused.add(code)
        elif row.parent_code in unreadable:
            skipped.add(code)
        elif row.parent_code not in existing and row.parent_code not in first_rows:
            errors.append(
                RowError(
                    row.row,
                    PARENT_CODE,
                    f"Không tìm thấy đơn vị cấp trên có mã “{row.parent_code}” (không có trong "
                    "hệ thống, cũng không khai trong tệp).",
                )
            )
            skipped.add(code)
    for code in roots:
        parent_of[code] = None  # a refused row for the root must not make a cycle

    for cycle in _find_cycles(parent_of, [c for c in first_rows if c not in skipped | refused]):
        shown = " → ".join([*cycle, cycle[0]])
        cycle_rows = [first_rows[c].row for c in cycle if c in first_rows]
        for code in cycle:
            if code in first_rows:
                errors.append(
                    RowError(
                        first_rows[code].row,
                        PARENT_CODE,
                        f"Đơn vị cấp trên tạo thành vòng lặp: {shown} (dòng "
                        f"{format_rows(cycle_rows)}).",
                    )
                )
            skipped.add(code)
    # Units whose chain runs into a cycle or a missing parent are not checked further.
    for code in first_rows:
        current = parent_of.get(code)
        seen = {code}
        while current is not None and current not in seen:
            if current in skipped:
                skipped.add(code)
                break
            seen.add(current)
            current = parent_of.get(current)

    def final_kind(code: str) -> str | None:
        row = first_rows.get(code)
        if row is not None and row.kind is not None:
            return row.kind
        unit = existing.get(code)
        return unit.kind if unit else None

    children: dict[str, list[str]] = {}
    for code, parent in parent_of.items():
        if parent is not None:
            children.setdefault(parent, []).append(code)

    creates: list[NewUnit] = []
    changes: list[UnitChange] = []
    unchanged = 0
    for code, row in first_rows.items():
        if code in skipped or code in refused:
            continue
        unit = existing.get(code)
        kind = final_kind(code)
        if kind is None:
            errors.append(
                RowError(row.row, UNIT_KIND, f"Thiếu {UNIT_KIND} (bắt buộc với đơn vị mới).")
            )
            continue
        parent_code = row.parent_code
        moving = unit is None or unit.parent_code != parent_code
        parent_kind = final_kind(parent_code)
        if parent_kind is not None and (moving or (unit is not None and kind != unit.kind)):
            message = _kind_error(kind, parent_kind, vocabulary)
            if message:
                errors.append(RowError(row.row, UNIT_KIND, message))
        if unit is not None and kind != unit.kind:
            for child in children.get(code, []):
                child_kind = final_kind(child)
                if child_kind is not None and _kind_error(child_kind, kind, vocabulary):
                    errors.append(
                        RowError(
                            row.row,
                            UNIT_KIND,
                            "Không thể đổi sang khoa, phòng hoặc trạm: đơn vị trực thuộc "
                            f"“{child}” không phải khoa, phòng hoặc trạm.",
                        )
                    )
                    break
        parent_unit = existing.get(parent_code)
        if moving and parent_unit is not None and not parent_unit.is_active:
            errors.append(
                RowError(
                    row.row,
                    PARENT_CODE,
                    f"Đơn vị cấp trên “{parent_code}” đã ngừng hoạt động.",
                )
            )
        if unit is not None and not may_change(unit.path):
            errors.append(
                RowError(
                    row.row,
                    UNIT_CODE,
                    f"Đơn vị “{code}” nằm ngoài phạm vi bạn được cập nhật.",
                )
            )
            continue
        if moving and not may_change(tree.path(parent_code)):
            errors.append(
                RowError(
                    row.row,
                    PARENT_CODE,
                    f"Bạn không có quyền đặt đơn vị vào đơn vị cấp trên “{parent_code}”.",
                )
            )
            continue
        if unit is None:
            creates.append(NewUnit(row=row, kind=kind, sort_order=row.sort_order or 0))
            continue
        fields: dict[str, Any] = {}
        if row.name != unit.name:
            fields["name"] = row.name
        if kind != unit.kind:
            fields["kind"] = kind
        if row.sort_order is not None and row.sort_order != unit.sort_order:
            fields["sort_order"] = row.sort_order
        if row.abbreviation is not None and row.abbreviation != unit.abbreviation:
            fields["abbreviation"] = row.abbreviation
        if moving:
            fields["parent_code"] = parent_code
        if fields:
            changes.append(UnitChange(row=row, unit=unit, fields=fields))
        else:
            unchanged += 1
    if errors:
        return errors
    creates.sort(key=lambda new: (tree.path(new.row.code).count("/"), new.row.row))
    return UnitPlan(creates=creates, changes=changes, unchanged=unchanged)
