"""Authors and co-authors of an initiative and their contribution shares, checked as plain data.

Pure: no Django. The submission service, the form and the API hand their rows here, so one set
of rules and one set of Vietnamese messages applies everywhere:

- the first row is the main author (tác giả chính) and must be a person of the system: the
  initiative belongs to that person's unit;
- every other row is a person of the system or an external co-author (ngoài hệ thống) named in
  free text with their workplace;
- nobody appears twice;
- each share is more than 0 and at most 100 %, with at most two decimals, and the shares add up
  to exactly 100 % (NĐ 13/2012/NĐ-CP, Điều 9: the authors of an initiative created jointly share
  its rights as they agreed; the form records that agreement as percentages).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from thidua.core.text import fold

HUNDRED = Decimal(100)
MAX_AUTHORS = 20
NAME_MAX = 150
WORKPLACE_MAX = 255


@dataclass(frozen=True)
class AuthorEntry:
    """One row of the authors list as typed: a person of the system (`person_id`) or an
    external co-author (`external_name`, `external_workplace`); `share` is None when the row's
    share is missing or not a number."""

    person_id: int | None = None
    external_name: str = ""
    external_workplace: str = ""
    share: Decimal | None = None

    @property
    def is_external(self) -> bool:
        return self.person_id is None


@dataclass(frozen=True)
class AuthorProblem:
    """What is wrong with the list: at row `row` (0-based) and field `field` ("person",
    "external_name", "external_workplace", "share"), or with the whole list (`row` None,
    field "authors")."""

    row: int | None
    field: str
    message: str


def parse_share(text: str) -> Decimal | None:
    """A share as typed: "60", "33,33", "33.33", "50 %" → Decimal; None when not a number."""
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def format_percent(value: Decimal) -> str:
    """ "90 %", "33,33 %", "99,5 %": Vietnamese decimal comma, no trailing zeros."""
    text = f"{value.quantize(Decimal('0.01')):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


def share_total(entries: Sequence[AuthorEntry]) -> Decimal:
    """The sum of the shares that were given (missing ones count as nothing)."""
    return sum((entry.share for entry in entries if entry.share is not None), Decimal(0))


def _row_problems(index: int, entry: AuthorEntry) -> list[AuthorProblem]:
    problems: list[AuthorProblem] = []
    if entry.is_external:
        name = entry.external_name.strip()
        if index == 0:
            problems.append(
                AuthorProblem(
                    index,
                    "person",
                    "Tác giả chính phải là cán bộ trong hệ thống: hãy chọn người trong danh sách.",
                )
            )
        elif not name:
            problems.append(
                AuthorProblem(
                    index,
                    "external_name",
                    "Hãy chọn cán bộ trong hệ thống hoặc nhập họ tên đồng tác giả ngoài hệ thống.",
                )
            )
        elif len(name) > NAME_MAX:
            problems.append(
                AuthorProblem(
                    index, "external_name", f"Họ tên không được dài quá {NAME_MAX} ký tự."
                )
            )
        if name and not entry.external_workplace.strip():
            problems.append(
                AuthorProblem(
                    index,
                    "external_workplace",
                    "Hãy nhập nơi công tác của đồng tác giả ngoài hệ thống.",
                )
            )
        elif len(entry.external_workplace.strip()) > WORKPLACE_MAX:
            problems.append(
                AuthorProblem(
                    index,
                    "external_workplace",
                    f"Nơi công tác không được dài quá {WORKPLACE_MAX} ký tự.",
                )
            )
    share = entry.share
    if share is None:
        problems.append(
            AuthorProblem(index, "share", "Hãy nhập tỷ lệ đóng góp (số phần trăm, ví dụ 60).")
        )
    elif share <= 0 or share > HUNDRED:
        problems.append(
            AuthorProblem(index, "share", "Tỷ lệ đóng góp phải lớn hơn 0 % và không quá 100 %.")
        )
    elif share != share.quantize(Decimal("0.01")):
        problems.append(
            AuthorProblem(index, "share", "Tỷ lệ đóng góp chỉ được có tối đa hai chữ số thập phân.")
        )
    return problems


def check_authors(entries: Sequence[AuthorEntry]) -> list[AuthorProblem]:
    """Every problem of the list, row by row, then the list's own (none: the list is valid).

    The total is only judged when every row has a valid share, so that a missing share is
    reported at its row rather than as a wrong total."""
    if not entries:
        return [AuthorProblem(None, "authors", "Sáng kiến phải có ít nhất một tác giả.")]
    if len(entries) > MAX_AUTHORS:
        return [
            AuthorProblem(
                None, "authors", f"Một sáng kiến có tối đa {MAX_AUTHORS} tác giả, đồng tác giả."
            )
        ]
    problems: list[AuthorProblem] = []
    seen_people: set[int] = set()
    seen_names: set[tuple[str, str]] = set()
    for index, entry in enumerate(entries):
        problems.extend(_row_problems(index, entry))
        if entry.person_id is not None:
            if entry.person_id in seen_people:
                problems.append(
                    AuthorProblem(
                        index, "person", "Người này đã có trong danh sách tác giả, đồng tác giả."
                    )
                )
            seen_people.add(entry.person_id)
        elif entry.external_name.strip():
            key = (fold(entry.external_name), fold(entry.external_workplace))
            if key in seen_names:
                problems.append(
                    AuthorProblem(
                        index,
                        "external_name",
                        "Người này đã có trong danh sách tác giả, đồng tác giả.",
                    )
                )
            seen_names.add(key)
    if not any(problem.field == "share" for problem in problems):
        total = share_total(entries)
        if total != HUNDRED:
            problems.append(
                AuthorProblem(
                    None,
                    "authors",
                    f"Tổng tỷ lệ đóng góp phải bằng 100 % (hiện là {format_percent(total)}).",
                )
            )
    return problems
