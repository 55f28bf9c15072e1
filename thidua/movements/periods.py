"""Reporting periods of a movement: calendar periods and their three dates. Pure: no Django.

A period is a calendar month, quarter, half-year or year, cut to the range it is generated for
(a movement starting on 18/07/2025 has a "Quý III/2025" from 18/07 to 30/09/2025), so that the
periods of one kind tile the range with neither gaps nor overlaps.

Each period carries three dates that DHIS2 users tend to confuse, kept distinct on purpose:
- `opens_on` (mở nhập liệu): from this day units may enter the period's figures;
- `due_on` (hạn nộp): the report is due; submitting later is submitting late;
- `locks_on` (khóa số liệu): after this day nothing can be changed without the Sở's leave.
They are in that order (opens ≤ due ≤ locks), and entry cannot open before the period starts.
"""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

MONTH = "month"
QUARTER = "quarter"
HALF_YEAR = "half_year"
YEAR = "year"
# The order kinds are listed in (shortest first), matching the model's PeriodKind values.
KINDS: tuple[str, ...] = (MONTH, QUARTER, HALF_YEAR, YEAR)
KIND_LABELS = {MONTH: "Tháng", QUARTER: "Quý", HALF_YEAR: "6 tháng", YEAR: "Năm"}
_ROMAN = ("I", "II", "III", "IV")
# How far after a period's end its report may be due or locked: beyond a year is a typing error.
MAX_DAYS_AFTER_END = 366


@dataclass(frozen=True)
class PeriodSpec:
    kind: str
    year: int
    number: int  # 1–12 for months, 1–4 for quarters, 1–2 for half-years, 1 for the year
    name: str
    start: dt.date
    end: dt.date
    opens_on: dt.date
    due_on: dt.date
    locks_on: dt.date


def period_name(kind: str, year: int, number: int) -> str:
    """ "Tháng 03/2026", "Quý I/2026", "6 tháng đầu năm 2026", "6 tháng cuối năm 2026",
    "Năm 2026"."""
    if kind == MONTH:
        return f"Tháng {number:02d}/{year}"
    if kind == QUARTER:
        return f"Quý {_ROMAN[number - 1]}/{year}"
    if kind == HALF_YEAR:
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    if kind == YEAR:
        return f"Năm {year}"
    raise ValueError(f"Loại kỳ báo cáo không hợp lệ: {kind!r}.")


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def calendar_periods(kind: str, year: int) -> list[tuple[int, dt.date, dt.date]]:
    """The whole calendar periods of `kind` in `year`: (number, first day, last day)."""
    months_per_period = {MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12}.get(kind)
    if months_per_period is None:
        raise ValueError(f"Loại kỳ báo cáo không hợp lệ: {kind!r}.")
    periods = []
    for number in range(1, 12 // months_per_period + 1):
        first_month = (number - 1) * months_per_period + 1
        last_month = first_month + months_per_period - 1
        periods.append((number, dt.date(year, first_month, 1), _month_end(year, last_month)))
    return periods


def _check_days(name: str, value: int) -> None:
    if not 0 <= value <= MAX_DAYS_AFTER_END:
        raise ValueError(f"{name} phải từ 0 đến {MAX_DAYS_AFTER_END} ngày.")


def generate_periods(
    start: dt.date,
    end: dt.date,
    kinds: Collection[str],
    *,
    due_after_days: int,
    lock_after_days: int,
    opens_before_end_days: int = 0,
) -> list[PeriodSpec]:
    """The periods of each kind in `kinds` that meet [start, end] (both inclusive), cut to it.

    A period's report is due `due_after_days` after its (cut) end and locks `lock_after_days`
    after it; entry opens `opens_before_end_days` before the end, but never before the period
    starts. Sorted by start date, then shortest kind first.

    Refuses (ValueError, Vietnamese message): `end` before `start`, an unknown kind, day counts
    below 0 or above 366, a lock earlier than the due date (lock_after_days < due_after_days).
    """
    if end < start:
        raise ValueError("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ValueError(f"Loại kỳ báo cáo không hợp lệ: {', '.join(unknown)}.")
    _check_days("Hạn nộp sau cuối kỳ", due_after_days)
    _check_days("Khóa số liệu sau cuối kỳ", lock_after_days)
    _check_days("Mở nhập liệu trước cuối kỳ", opens_before_end_days)
    if lock_after_days < due_after_days:
        raise ValueError("Ngày khóa số liệu phải sau hoặc trùng hạn nộp.")

    specs: list[PeriodSpec] = []
    for kind in dict.fromkeys(kinds):  # each kind once, whatever the caller repeated
        for year in range(start.year, end.year + 1):
            for number, first, last in calendar_periods(kind, year):
                if last < start or first > end:
                    continue
                period_start, period_end = max(first, start), min(last, end)
                specs.append(
                    PeriodSpec(
                        kind=kind,
                        year=year,
                        number=number,
                        name=period_name(kind, year, number),
                        start=period_start,
                        end=period_end,
                        opens_on=max(
                            period_start, period_end - dt.timedelta(days=opens_before_end_days)
                        ),
                        due_on=period_end + dt.timedelta(days=due_after_days),
                        locks_on=period_end + dt.timedelta(days=lock_after_days),
                    )
                )
    specs.sort(key=lambda spec: (spec.start, KINDS.index(spec.kind), spec.end))
    return specs


def _ddmmyyyy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def period_date_problems(
    opens_on: dt.date, due_on: dt.date, locks_on: dt.date, start: dt.date, end: dt.date
) -> list[tuple[str, str]]:
    """Each problem with the dates of a period as (field, Vietnamese message); fields are
    "end", "opens_on", "due_on", "locks_on". [] when the dates are coherent:
    start ≤ end, start ≤ opens_on ≤ due_on ≤ locks_on.

    The due date may fall before the period ends (year-end files are often due in early
    December), so only the order of the three dates and the opening are checked.
    """
    problems: list[tuple[str, str]] = []
    if end < start:
        problems.append(("end", "Ngày cuối kỳ phải sau hoặc trùng ngày đầu kỳ."))
    if opens_on < start:
        problems.append(
            (
                "opens_on",
                f"Ngày mở nhập liệu không được trước ngày đầu kỳ ({_ddmmyyyy(start)}): "
                "chưa bắt đầu kỳ thì chưa có số liệu để nhập.",
            )
        )
    if opens_on > due_on:
        problems.append(("opens_on", "Ngày mở nhập liệu phải trước hoặc trùng hạn nộp."))
    if due_on > locks_on:
        problems.append(("due_on", "Hạn nộp phải trước hoặc trùng ngày khóa số liệu."))
    return problems


def check_period_dates(
    opens_on: dt.date, due_on: dt.date, locks_on: dt.date, start: dt.date, end: dt.date
) -> list[str]:
    """The Vietnamese problems with a period's dates ([] = valid); see `period_date_problems`."""
    return [
        message for _field, message in period_date_problems(opens_on, due_on, locks_on, start, end)
    ]
