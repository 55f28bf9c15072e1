"""Scoring functions: how an indicator's value becomes points, how a total maps to a title, and
which version of a scoring table applies on a date. Pure: no Django.

A rule (`RuleSpec`) is one line of a bảng chấm điểm: a method, the points it is worth and the
method's parameters as stored in `ScoringRule.params` (JSON; numbers as strings or numbers):

- ``bands``: ``{"bands": [{"from": "0", "to": "50", "points": "0"}, …]}``. A band holds the
  values ``from ≤ value < to``; ``null`` is unbounded. Bands must join without gap or overlap and
  their points must rise in the better direction of the indicator.
- ``linear``: ``{"cap_ratio": "1"}`` (1 when absent). Points grow with the share of the target
  reached, up to ``cap_ratio`` times the target.
- ``yes_no``: ``{}``.
- ``bonus`` / ``penalty``: ``{"per_unit": "2"}`` points for each unit of the value (each flag,
  each incident…), up to ``max_points``.

`check_rule` finds every problem of a rule before it is saved; `points_for` assumes a rule that
passes it. Bảng chấm điểm in practice (100-point table, bonus for a Cờ or Bằng khen, penalty for
kỷ luật or an incident): LEGAL.md §2 "Scoring tables in practice".
"""

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

# The values of `movements.enums.ScoringMethod` (this module may not import Django).
BANDS = "bands"
LINEAR = "linear"
YES_NO = "yes_no"
BONUS = "bonus"
PENALTY = "penalty"
METHODS = (BANDS, LINEAR, YES_NO, BONUS, PENALTY)

CENT = Decimal("0.01")
ZERO = Decimal(0)
# Far above any value the models can store (DecimalField(max_digits=14, decimal_places=4)),
# low enough that no arithmetic below can overflow.
LARGEST_PARAMETER = Decimal(10) ** 12
# ScoringRule.max_points is DecimalField(max_digits=8, decimal_places=2).
LARGEST_MAX_POINTS = Decimal(10) ** 6

_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?", re.ASCII)


class InvalidRuleError(ValueError):
    """`points_for` was given a rule that `check_rule` refuses."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class RuleSpec:
    method: str
    max_points: Decimal
    params: Mapping[str, Any]
    higher_is_better: bool


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    max_points: Decimal
    weight: Decimal
    parent: str | None


@dataclass(frozen=True)
class _Band:
    number: int  # 1-based position in the list as entered, used in messages
    low: Decimal | None  # inclusive; None = unbounded below
    high: Decimal | None  # exclusive; None = unbounded above
    points: Decimal

    def contains(self, value: Decimal) -> bool:
        return (self.low is None or self.low <= value) and (self.high is None or value < self.high)

    def describe(self) -> str:
        if self.low is None and self.high is None:
            return "mọi giá trị"
        if self.low is None:
            return f"dưới {format_number(self.high)}"
        if self.high is None:
            return f"từ {format_number(self.low)} trở lên"
        return f"{format_number(self.low)} – {format_number(self.high)}"


class _NotANumberError(Exception):
    def __init__(self, raw: object, *, too_large: bool = False) -> None:
        self.raw = raw
        self.too_large = too_large


def format_number(number: Decimal | None) -> str:
    """A number as Vietnamese users write it: 1234.50 → "1.234,5", 95.00 → "95"."""
    if number is None:
        return ""
    if not number.is_finite():
        return str(number)
    text = f"{number.normalize():,f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _as_number(raw: object) -> Decimal:
    """A parameter as a finite Decimal; raises `_NotANumberError`.

    Strings must be plain decimals with a dot ("12", "-0.5"): no exponent, no grouping, no comma.
    """
    if isinstance(raw, bool):  # JSON true/false would otherwise pass as 1/0
        raise _NotANumberError(raw)
    if isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw)) if raw == raw and abs(raw) != float("inf") else Decimal("NaN")
    elif isinstance(raw, str) and _PLAIN_NUMBER.fullmatch(raw.strip()):
        number = Decimal(raw.strip())
    else:
        raise _NotANumberError(raw)
    if not number.is_finite():
        raise _NotANumberError(raw)
    if abs(number) >= LARGEST_PARAMETER:
        raise _NotANumberError(raw, too_large=True)
    return number


def _quoted(raw: object) -> str:
    if raw is None:
        return "“”"
    return f"“{raw}”"


# --- rules ------------------------------------------------------------------------------------


def check_rule(spec: RuleSpec) -> list[str]:
    """Every problem of a scoring rule, in Vietnamese; [] when the rule can be saved.

    Refuses: an unknown method; a maximum that is not a number, not above 0, too large or with
    more than 2 decimals; parameters that are not a JSON object. For ``bands``: no band; a band
    without "from", "to" or points; a value that is not a plain number; a band whose "from" is not
    below its "to"; bands that overlap or leave a gap; points below 0 or above the maximum; points
    that do not rise in the better direction (bands may be listed in any order: they are judged in
    the order of their values, named by their position in the list). For ``linear``: a cap ratio
    that is not a number above 0. For ``bonus``/``penalty``: points per unit missing, not a
    number or not above 0. A missing target is not a problem of the rule: targets come per unit
    and year at scoring time (see `points_for`).
    """
    problems = _check_max_points(spec.max_points)
    if spec.method not in METHODS:
        return [
            *problems,
            f"Cách tính điểm {_quoted(spec.method)} không được hỗ trợ "
            "(chỉ có: theo khoảng, tuyến tính, có/không, điểm thưởng, điểm trừ).",
        ]
    if not isinstance(spec.params, Mapping):
        return [*problems, "Tham số của quy tắc chấm điểm phải là một đối tượng JSON."]
    if spec.method == BANDS:
        max_points = spec.max_points if not problems else None
        problems += _check_bands(spec.params, max_points, spec.higher_is_better)
    elif spec.method == LINEAR:
        problems += _check_cap_ratio(spec.params)
    elif spec.method in (BONUS, PENALTY):
        problems += _check_per_unit(spec.params, spec.method)
    return problems


def _check_max_points(max_points: object) -> list[str]:
    try:
        number = _as_number(max_points)
    except _NotANumberError as error:
        if error.too_large:
            return [f"Điểm tối đa phải nhỏ hơn {format_number(LARGEST_MAX_POINTS)}."]
        return [f"Điểm tối đa {_quoted(max_points)} không phải là số."]
    if number <= 0:
        return ["Điểm tối đa phải lớn hơn 0."]
    if number >= LARGEST_MAX_POINTS:
        return [f"Điểm tối đa phải nhỏ hơn {format_number(LARGEST_MAX_POINTS)}."]
    if number != number.quantize(CENT, rounding=ROUND_HALF_UP):
        return ["Điểm tối đa chỉ được có nhiều nhất 2 chữ số thập phân."]
    return []


def _check_cap_ratio(params: Mapping[str, Any]) -> list[str]:
    raw = params.get("cap_ratio", "1")
    try:
        cap_ratio = _as_number(raw)
    except _NotANumberError as error:
        if error.too_large:
            return ["Hệ số trần quá lớn."]
        return [f"Hệ số trần {_quoted(raw)} không phải là số."]
    if cap_ratio <= 0:
        return ["Hệ số trần phải lớn hơn 0."]
    return []


def _check_per_unit(params: Mapping[str, Any], method: str) -> list[str]:
    what = "điểm thưởng" if method == BONUS else "điểm trừ"
    raw = params.get("per_unit")
    if raw is None or raw == "":
        return [f"Chưa có số {what} cho mỗi đơn vị."]
    try:
        per_unit = _as_number(raw)
    except _NotANumberError as error:
        if error.too_large:
            return [f"Số {what} cho mỗi đơn vị quá lớn."]
        return [f"Số {what} cho mỗi đơn vị {_quoted(raw)} không phải là số."]
    if per_unit <= 0:
        return [f"Số {what} cho mỗi đơn vị phải lớn hơn 0."]
    return []


def _check_bands(
    params: Mapping[str, Any], max_points: Decimal | None, higher_is_better: bool
) -> list[str]:
    raw_bands = params.get("bands")
    if raw_bands is None or (isinstance(raw_bands, list) and not raw_bands):
        return ["Bảng điểm theo khoảng chưa có khoảng nào."]
    if not isinstance(raw_bands, list):
        return ["Danh sách khoảng của bảng điểm không hợp lệ."]
    problems: list[str] = []
    bands: list[_Band] = []
    for number, raw in enumerate(raw_bands, start=1):
        band_problems, band = _parse_band(number, raw)
        problems += band_problems
        if band is None:
            continue
        if band.points < 0:
            problems.append(f"Điểm của một khoảng ({format_number(band.points)}) không được âm.")
        elif max_points is not None and band.points > max_points:
            problems.append(
                f"Điểm của một khoảng ({format_number(band.points)}) vượt điểm tối đa "
                f"({format_number(max_points)})."
            )
        bands.append(band)
    problems += _check_coverage(_ordered(bands))
    problems += _check_direction(_ordered(bands), higher_is_better)
    return problems


def _parse_band(number: int, raw: object) -> tuple[list[str], _Band | None]:
    """One band as entered; (problems, None) when it cannot take part in the table."""
    if not isinstance(raw, Mapping):
        return [f"Khoảng {number} không hợp lệ."], None
    problems: list[str] = []
    for key, label in (("from", "“từ”"), ("to", "“đến”"), ("points", "điểm")):
        if key not in raw:
            problems.append(f"Khoảng {number} thiếu giá trị {label}.")
    if problems:
        return problems, None
    if raw["points"] is None or raw["points"] == "":
        return [f"Khoảng {number} chưa có điểm."], None
    values: dict[str, Decimal | None] = {}
    for key in ("from", "to", "points"):
        if raw[key] is None or (key != "points" and raw[key] == ""):
            values[key] = None
            continue
        try:
            values[key] = _as_number(raw[key])
        except _NotANumberError as error:
            if error.too_large:
                problems.append(f"Giá trị {_quoted(raw[key])} ở khoảng {number} quá lớn.")
            else:
                problems.append(f"Giá trị {_quoted(raw[key])} ở khoảng {number} không phải là số.")
    if problems:
        return problems, None
    low, high, points = values["from"], values["to"], values["points"]
    if points is None:  # refused above; narrows the type
        return [f"Khoảng {number} chưa có điểm."], None
    if low is not None and high is not None and low >= high:
        return [
            f"Ở khoảng {number}, giá trị “từ” ({format_number(low)}) phải nhỏ hơn giá trị "
            f"“đến” ({format_number(high)})."
        ], None
    return [], _Band(number=number, low=low, high=high, points=points)


def _ordered(bands: Sequence[_Band]) -> list[_Band]:
    """Bands by their lower end (unbounded first), then as entered."""
    return sorted(bands, key=lambda band: (band.low is not None, band.low or ZERO, band.number))


def _check_coverage(ordered: Sequence[_Band]) -> list[str]:
    problems: list[str] = []
    if not ordered:
        return problems
    reach = ordered[0]  # the band reaching highest so far
    for band in ordered[1:]:
        # Only the first band may be unbounded below: a second one overlaps it.
        if band.low is None or reach.high is None or band.low < reach.high:
            problems.append(
                f"Khoảng {band.number} ({band.describe()}) chồng lên khoảng {reach.number} "
                f"({reach.describe()})."
            )
        elif band.low > reach.high:
            problems.append(
                f"Có khoảng trống giữa {format_number(reach.high)} và {format_number(band.low)}."
            )
        if reach.high is not None and (band.high is None or band.high > reach.high):
            reach = band
    return problems


def _check_direction(ordered: Sequence[_Band], higher_is_better: bool) -> list[str]:
    problems: list[str] = []
    for before, after in pairwise(ordered):
        if higher_is_better and after.points < before.points:
            problems.append(
                "Điểm phải tăng dần theo giá trị khi chỉ tiêu càng cao càng tốt "
                f"(khoảng {after.number} cho {format_number(after.points)} điểm, ít hơn "
                f"khoảng {before.number} cho {format_number(before.points)} điểm)."
            )
        elif not higher_is_better and after.points > before.points:
            problems.append(
                "Điểm phải giảm dần theo giá trị khi chỉ tiêu càng thấp càng tốt "
                f"(khoảng {after.number} cho {format_number(after.points)} điểm, nhiều hơn "
                f"khoảng {before.number} cho {format_number(before.points)} điểm)."
            )
    return problems


def points_for(spec: RuleSpec, value: Decimal | None, target: Decimal | None) -> Decimal:
    """The points a value earns under a rule, rounded half up to 0,01.

    Always between 0 and ``max_points``, except ``penalty``: between −``max_points`` and 0.
    A value not entered (None) earns 0, whatever the method and direction.

    - ``bands``: the points of the band holding the value. A value beyond every band earns 0
      on the worse side of the table (below the first band's "from" when higher is better, from
      the last band's "to" up when lower is better) and the best band's points on the better
      side (so 100 % still earns the band "80 – 100" whose "to" is exclusive).
    - ``linear``, higher is better: ``max × min(value / target, cap_ratio) / cap_ratio``, 0 for
      a negative value; a target of 0 or below is met by any value not below it (max, else 0).
      Lower is better: ``max × min(1, target / value)``, max for a value of 0 or below, 0 for a
      target of 0 or below that the value exceeds. No target (None): 0 in both directions — the
      unit was given no target, the report shows why.
    - ``yes_no``: any value but 0 is "yes". Yes earns max when higher is better; when lower is
      better (e.g. "had a security incident") no earns max.
    - ``bonus``: ``min(value × per_unit, max)``; ``penalty``: ``−min(value × per_unit, max)``;
      a value of 0 or below earns 0.

    Raises `InvalidRuleError` for a rule `check_rule` refuses and `ValueError` for a value or
    target that is not a finite number.
    """
    problems = check_rule(spec)
    if problems:
        raise InvalidRuleError(problems)
    if value is None:
        return _rounded(ZERO)
    if not value.is_finite() or (target is not None and not target.is_finite()):
        raise ValueError("Giá trị và chỉ tiêu phải là số hữu hạn.")
    max_points = _as_number(spec.max_points)
    if spec.method == BANDS:
        points = _band_points(_parsed_bands(spec.params), value, spec.higher_is_better)
    elif spec.method == LINEAR:
        points = _linear_points(spec, max_points, value, target)
    elif spec.method == YES_NO:
        points = max_points if (value != 0) == spec.higher_is_better else ZERO
    else:
        per_unit = _as_number(spec.params["per_unit"])
        earned = ZERO if value <= 0 else min(value * per_unit, max_points)
        points = earned if spec.method == BONUS else -earned
    return _rounded(points)


def _rounded(points: Decimal) -> Decimal:
    rounded = points.quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded if rounded != 0 else Decimal("0.00")  # never "-0.00"


def _parsed_bands(params: Mapping[str, Any]) -> list[_Band]:
    """The bands of a rule `check_rule` accepted, ordered by value."""
    bands = [_parse_band(number, raw)[1] for number, raw in enumerate(params["bands"], start=1)]
    return _ordered([band for band in bands if band is not None])


def _band_points(ordered: Sequence[_Band], value: Decimal, higher_is_better: bool) -> Decimal:
    for band in ordered:
        if band.contains(value):
            return band.points
    first, last = ordered[0], ordered[-1]
    below_the_table = first.low is not None and value < first.low
    if below_the_table:
        return ZERO if higher_is_better else first.points
    return last.points if higher_is_better else ZERO


def _linear_points(
    spec: RuleSpec, max_points: Decimal, value: Decimal, target: Decimal | None
) -> Decimal:
    if target is None:
        return ZERO
    if spec.higher_is_better:
        if target <= 0:
            return max_points if value >= target else ZERO
        cap_ratio = _as_number(spec.params.get("cap_ratio", "1"))
        if value <= 0:
            return ZERO
        if value >= target * cap_ratio:  # also keeps the division below small
            return max_points
        return max_points * (value / target) / cap_ratio
    if value <= 0 or value <= target:
        return max_points
    if target <= 0:
        return ZERO
    return max_points * target / value


# --- titles -----------------------------------------------------------------------------------


def check_title_bands(bands: Sequence[tuple[Decimal, str]], total_points: Decimal) -> list[str]:
    """Every problem of a table's title bands (mức xếp loại: "từ 90 điểm: Xuất sắc"…).

    Refuses: a total that is not a number above 0; a threshold that is not a number, repeated,
    below 0 or above the total; a band without a name. No band at all is allowed: the table then
    gives no title.
    """
    try:
        total = _as_number(total_points)
    except _NotANumberError:
        total = ZERO
    if total <= 0:
        return ["Tổng điểm của bảng phải lớn hơn 0."]
    problems: list[str] = []
    seen: set[Decimal] = set()
    for raw_threshold, label in bands:
        try:
            threshold = _as_number(raw_threshold)
        except _NotANumberError:
            problems.append(f"Ngưỡng {_quoted(raw_threshold)} không phải là số.")
            continue
        shown = format_number(threshold)
        if threshold in seen:
            problems.append(f"Ngưỡng {shown} điểm bị trùng.")
        seen.add(threshold)
        if threshold < 0 or threshold > total:
            problems.append(
                f"Ngưỡng {shown} điểm phải nằm trong khoảng 0 – {format_number(total)}."
            )
        if not label or not label.strip():
            problems.append(f"Mức xếp loại từ {shown} điểm chưa có tên.")
    return problems


def title_for(bands: Sequence[tuple[Decimal, str]], total: Decimal) -> str | None:
    """The label of the highest threshold the total reaches (threshold ≤ total); None below
    every threshold or when there is no band."""
    reached = [(threshold, label) for threshold, label in bands if threshold <= total]
    if not reached:
        return None
    return max(reached, key=lambda band: band[0])[1]


# --- criteria ---------------------------------------------------------------------------------


def check_weights(criteria: Sequence[CriterionSpec], total_points: Decimal) -> list[str]:
    """Every problem of how a criterion tree shares out a table's points.

    The top-level criteria's maximum points must add up to the table's total, and the children
    of each criterion to their parent's maximum (a criterion without children is a leaf).
    Also refuses a code used twice, a maximum below 0, a weight not above 0, a parent that is
    not in the tree and parents that form a loop. Sums are exact (Decimal).
    """
    problems: list[str] = []
    by_code: dict[str, CriterionSpec] = {}
    for criterion in criteria:
        if criterion.code in by_code:
            problems.append(f"Mã tiêu chí “{criterion.code}” bị trùng.")
        by_code.setdefault(criterion.code, criterion)
        if not criterion.max_points.is_finite() or criterion.max_points < 0:
            problems.append(f"Điểm tối đa của tiêu chí {criterion.code} không được âm.")
        if not criterion.weight.is_finite() or criterion.weight <= 0:
            problems.append(f"Trọng số của tiêu chí {criterion.code} phải lớn hơn 0.")
    if problems:
        return problems  # sums over a malformed tree would only repeat the same problems

    children: dict[str | None, list[CriterionSpec]] = defaultdict(list)
    for criterion in criteria:
        if criterion.parent is not None and criterion.parent not in by_code:
            problems.append(
                f"Tiêu chí {criterion.code} thuộc tiêu chí cha “{criterion.parent}” "
                "không có trong bảng."
            )
        children[criterion.parent].append(criterion)
    problems += _check_loops(by_code)
    if problems:
        return problems

    top_sum = sum((criterion.max_points for criterion in children[None]), ZERO)
    if top_sum != total_points:
        problems.append(
            f"Tổng điểm tối đa các tiêu chí cấp 1 là {format_number(top_sum)}, phải bằng "
            f"{format_number(total_points)}."
        )
    for criterion in criteria:
        kids = children.get(criterion.code)
        if not kids:
            continue
        kids_sum = sum((kid.max_points for kid in kids), ZERO)
        if kids_sum != criterion.max_points:
            problems.append(
                f"Các tiêu chí con của {criterion.code} cộng lại {format_number(kids_sum)}, "
                f"phải bằng {format_number(criterion.max_points)}."
            )
    return problems


def _check_loops(by_code: Mapping[str, CriterionSpec]) -> list[str]:
    problems: list[str] = []
    settled: set[str] = set()  # codes known to lead up to a top-level criterion
    for start in by_code:
        path: list[str] = []
        code: str | None = start
        while code is not None and code in by_code and code not in settled:
            if code in path:
                loop = path[path.index(code) :]
                problems.append(f"Các tiêu chí {', '.join(loop)} tạo thành vòng lặp cha – con.")
                break
            path.append(code)
            code = by_code[code].parent
        settled.update(path)
    return problems


# --- versions ---------------------------------------------------------------------------------


def select_version(versions: Sequence[tuple[int, date]], on: date) -> int | None:
    """The version in force on a date: the latest ``effective_from`` not after it; among
    versions effective the same day (the models forbid it) the highest number. None before the
    first version takes effect."""
    in_force = [
        (effective_from, number) for number, effective_from in versions if effective_from <= on
    ]
    if not in_force:
        return None
    return max(in_force)[1]
