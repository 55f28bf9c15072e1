"""When a report may be entered, and which levels of the unit tree approve it. Pure: no Django.

Three dates of a period, kept distinct on purpose (DHIS2 users confuse them):
- ``opens_on``: entry opens;
- ``due_on``: the deadline — a report submitted after it is late, but still accepted;
- ``locks_on``: entry closes for good, unless the department granted the unit an exception
  until a later date.

Approval levels are depths of the unit tree (0 = the organising unit, the Sở). A report of a unit
at depth ``d`` climbs the configured levels between ``top`` and ``d``, deepest first: a đơn vị's
report (d = 1, top = 0) goes đơn vị → Sở; a khoa's report (d = 2, top = 1, its đơn vị) goes
khoa (if configured) → đơn vị, and reaches the Sở through the đơn vị's own report.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Window(StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    LATE = "late"  # after the due date, before the lock date: accepted, marked late
    EXCEPTION = "exception"  # after the lock date, within a granted exception
    LOCKED = "locked"


WINDOW_LABELS = {
    Window.NOT_OPEN: "Chưa mở nhập liệu",
    Window.OPEN: "Đang mở nhập liệu",
    Window.LATE: "Đã quá hạn nộp, vẫn nhận báo cáo (tính là nộp muộn)",
    Window.EXCEPTION: "Đã khóa số liệu, đơn vị được gia hạn",
    Window.LOCKED: "Đã khóa số liệu",
}


def _ddmmyyyy(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@dataclass(frozen=True)
class EntryWindow:
    state: Window
    message: str  # Vietnamese, ready to show

    @property
    def accepts_entry(self) -> bool:
        return self.state in {Window.OPEN, Window.LATE, Window.EXCEPTION}

    @property
    def is_late(self) -> bool:
        """A submission now is late (after the due date)."""
        return self.state in {Window.LATE, Window.EXCEPTION}


def entry_window(
    today: dt.date,
    *,
    opens_on: dt.date,
    due_on: dt.date,
    locks_on: dt.date,
    exception_until: dt.date | None = None,
) -> EntryWindow:
    """Whether a unit may enter and submit a period's data on `today`, and why (Vietnamese).

    The lock date is the last day of entry (inclusive), like the due date; an exception counts
    only after the lock date and up to its `until` (inclusive).
    """
    if today < opens_on:
        return EntryWindow(
            Window.NOT_OPEN, f"Kỳ báo cáo mở nhập liệu từ ngày {_ddmmyyyy(opens_on)}."
        )
    if today <= due_on:
        return EntryWindow(
            Window.OPEN, f"Hạn nộp {_ddmmyyyy(due_on)}; khóa số liệu {_ddmmyyyy(locks_on)}."
        )
    if today <= locks_on:
        return EntryWindow(
            Window.LATE,
            f"Đã quá hạn nộp ({_ddmmyyyy(due_on)}): báo cáo nộp bây giờ được tính là nộp "
            f"muộn. Số liệu khóa sau ngày {_ddmmyyyy(locks_on)}.",
        )
    if exception_until is not None and today <= exception_until:
        return EntryWindow(
            Window.EXCEPTION,
            f"Số liệu đã khóa ngày {_ddmmyyyy(locks_on)}; Sở cho phép đơn vị nhập, nộp đến "
            f"hết ngày {_ddmmyyyy(exception_until)} (tính là nộp muộn).",
        )
    return EntryWindow(
        Window.LOCKED,
        f"Số liệu đã khóa từ sau ngày {_ddmmyyyy(locks_on)}: không thể nhập hoặc nộp. Đề "
        "nghị Sở gia hạn nếu cần.",
    )


def approval_chain(level_depths: Iterable[int], *, unit_depth: int, top_depth: int) -> list[int]:
    """The depths that approve a report of a unit at `unit_depth`, deepest first: the
    configured levels between `top_depth` and `unit_depth` inclusive. Empty when no level
    applies (then a submitted report is approved at once by the submission)."""
    if top_depth > unit_depth:
        return []
    return sorted({d for d in level_depths if top_depth <= d <= unit_depth}, reverse=True)


def next_level(chain: list[int], current: int) -> int | None:
    """The level after `current` in `chain` (None once `current` is the last, i.e. the report
    is then finally approved). Raises ValueError when `current` is not in the chain."""
    index = chain.index(current)
    return chain[index + 1] if index + 1 < len(chain) else None


def ancestor_path(path: str, depth: int) -> str:
    """The materialised path of the ancestor at `depth` of the unit at `path`
    ("/1/7/42/", 1 → "/1/7/"). Raises ValueError when the unit is above that depth."""
    ids = [part for part in path.split("/") if part]
    if depth < 0 or depth >= len(ids):
        raise ValueError(f"Đơn vị {path} không có cấp trên ở độ sâu {depth}.")
    return "/" + "/".join(ids[: depth + 1]) + "/"


def level_after(chain: list[int], current: int) -> int | None:
    """The level that approves after the level at depth `current`: the first depth of `chain`
    shallower than it, None when none is left (the report is then finally approved). Unlike
    `next_level`, it tolerates a `current` that is no longer in the chain (the movement's
    levels were changed while the report climbed): the report goes on from where it stands."""
    return next((depth for depth in chain if depth < current), None)


def levels_passed(chain: list[int], pending: int | None) -> list[int]:
    """The depths of `chain` a report has already climbed past: those deeper than the pending
    level, or the whole chain once it is approved (`pending` None)."""
    if pending is None:
        return list(chain)
    return [depth for depth in chain if depth > pending]


def chain_top(*, owner_depth: int, is_sub_unit: list[bool]) -> int:
    """The shallowest depth that approves a report of a unit, from whether each unit on its
    path (root first, the unit itself last) is a khoa/phòng/trạm.

    A unit of the Sở reports up to the organising unit (`owner_depth`); a khoa/phòng reports
    up to its own đơn vị — the nearest ancestor that is not itself a khoa/phòng — whose report
    then carries the figures on to the Sở."""
    if not is_sub_unit or not is_sub_unit[-1]:
        return owner_depth
    for depth in range(len(is_sub_unit) - 2, owner_depth - 1, -1):
        if not is_sub_unit[depth]:
            return depth
    return owner_depth
