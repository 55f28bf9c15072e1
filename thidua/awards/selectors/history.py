"""The award history (AwardRecord over the years): for every person and collective, searchable
without diacritics, exported to Excel, and the statistics per award, year and unit that the
Bộ Nội vụ asks for (Biểu 0602.N/BNV-TĐKT, TT 02/2023/TT-BNV; LEGAL.md §1.7).

Scoped like the inputs: a person's records where VIEW_AWARD_INPUTS reaches their current unit, a
collective's where it reaches the collective; a staff member always reads their own.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from thidua.accounts.roles import Perm
from thidua.awards.models import AwardRecord
from thidua.awards.selectors.rulebook import award_names
from thidua.core.spreadsheets import Column, build_workbook
from thidua.core.text import fold, search_tokens
from thidua.organizations.models import Unit
from thidua.organizations.scoping import AnyUser, scope_q


@dataclass(frozen=True)
class HistoryFilter:
    query: str = ""
    year: int | None = None
    award_code: str = ""
    include_revoked: bool = True


def history_visible_to(user: AnyUser) -> QuerySet[AwardRecord]:
    if not user.is_authenticated:
        return AwardRecord.objects.none()
    return AwardRecord.objects.filter(
        (Q(person__isnull=False) & scope_q(user, Perm.VIEW_AWARD_INPUTS, "person__unit__path"))
        | (Q(unit__isnull=False) & scope_q(user, Perm.VIEW_AWARD_INPUTS, "unit__path"))
        | Q(person__user_id=user.pk)
    )


def search_history(user: AnyUser, filters: HistoryFilter) -> QuerySet[AwardRecord]:
    """The scoped history, newest first; `query` matches a person's name or staff code (their
    search column) or a collective's name, each word at a word's start, diacritics ignored."""
    records = history_visible_to(user)
    tokens = search_tokens(filters.query)
    if tokens:
        people = Q()
        for token in tokens:
            people &= Q(person__search_text__contains=" " + token)
        units = [
            pk
            for pk, name in Unit.objects.values_list("pk", "name")
            if all(f" {token}" in f" {fold(name)}" for token in tokens)
        ]
        records = records.filter(people | Q(unit_id__in=units))
    if filters.year is not None:
        records = records.filter(year=filters.year)
    if filters.award_code:
        records = records.filter(award_code=filters.award_code)
    if not filters.include_revoked:
        records = records.filter(revoked=False)
    return records.select_related("person__unit", "unit", "decision_line__decision").order_by(
        "-year", "award_code", "id"
    )


HISTORY_COLUMNS = (
    Column("Năm", 8),
    Column("Cá nhân / Tập thể", 30),
    Column("Mã cán bộ", 12),
    Column("Đơn vị", 30),
    Column("Danh hiệu, hình thức", 34),
    Column("Số quyết định", 16),
    Column("Ngày quyết định", 14),
    Column("Cấp quyết định", 24),
    Column("Theo chuyên đề", 10),
    Column("Đã hủy bỏ", 10),
    Column("Lý do hủy bỏ", 40),
)


def history_rows(records: Iterable[AwardRecord], names: dict[str, str]) -> list[list[object]]:
    rows: list[list[object]] = []
    for record in records:
        person = record.person
        rows.append(
            [
                record.year,
                person.full_name if person else str(record.unit),
                person.staff_code if person else "",
                person.unit.name if person else (record.unit.name if record.unit else ""),
                names.get(record.award_code, record.award_code),
                record.decision_number,
                record.decision_date,
                record.issuer,
                "Có" if record.thematic else "",
                "Có" if record.revoked else "",
                record.revoked_reason,
            ]
        )
    return rows


def history_workbook(user: AnyUser, filters: HistoryFilter) -> bytes:
    """The filtered history as .xlsx (formula-safe, core.spreadsheets): three queries."""
    return build_workbook(
        title="Lịch sử khen thưởng",
        columns=HISTORY_COLUMNS,
        rows=history_rows(search_history(user, filters), award_names()),
    )


def statistics_rows(user: AnyUser, year: int | None = None) -> list[list[object]]:
    """Counts of awards not revoked per year, unit and award: a person's award counts at their
    current unit, a collective's at itself (Biểu 0602.N/BNV-TĐKT's "số lượng khen thưởng")."""
    records = history_visible_to(user).filter(revoked=False)
    if year is not None:
        records = records.filter(year=year)
    counts: Counter[tuple[int, str, str]] = Counter()
    for row_year, code, person_unit, unit_name in records.values_list(
        "year", "award_code", "person__unit__name", "unit__name"
    ):
        counts[(row_year, person_unit or unit_name or "", code)] += 1
    names = award_names()
    return [
        [row_year, unit, names.get(code, code), count]
        for (row_year, unit, code), count in sorted(
            counts.items(), key=lambda item: (-item[0][0], item[0][1], item[0][2])
        )
    ]


STATISTICS_COLUMNS = (
    Column("Năm", 8),
    Column("Đơn vị", 36),
    Column("Danh hiệu, hình thức", 40),
    Column("Số lượng", 10),
)


def statistics_workbook(user: AnyUser, year: int | None = None) -> bytes:
    return build_workbook(
        title="Thống kê khen thưởng",
        columns=STATISTICS_COLUMNS,
        rows=statistics_rows(user, year),
        instructions=(
            "Số lượng danh hiệu thi đua, hình thức khen thưởng (không tính khen thưởng đã hủy "
            "bỏ) theo năm, đơn vị — số liệu cho Biểu số 0602.N/BNV-TĐKT (Thông tư số "
            "02/2023/TT-BNV).",
        ),
    )
