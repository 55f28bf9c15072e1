"""The figures of a phase report, as plain data, and the rules that derive them. Pure: no
Django.

`selectors.figures.phase_figures` reads the database in a fixed number of queries and hands
plain rows to the functions here; `composition` turns the result into an `OfficialDocument`.
Numbers are printed the Vietnamese way: "1.234", "82,40", "78,5".
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)
LOWER_IS_BETTER = "lower"  # movements.enums.Direction.LOWER_IS_BETTER


def number(value: int) -> str:
    """12345 → "12.345"."""
    return f"{value:,}".replace(",", ".")


def decimal_text(value: Decimal | None, places: int = 2) -> str:
    """Decimal("82.4") → "82,40" (places=2); None → "–"."""
    if value is None:
        return "–"
    step = Decimal(1).scaleb(-places)
    rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = number(int(whole)) + ("," + fraction if fraction else "")
    return ("-" if rounded < 0 else "") + text


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in %, to 0,1 (None when `whole` is 0)."""
    if whole == 0:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def meets_target(value: Decimal, target: Decimal, direction: str) -> bool:
    """Whether a value reaches its target: at least it, or at most it when lower is better."""
    return value <= target if direction == LOWER_IS_BETTER else value >= target


@dataclass(frozen=True, slots=True)
class TargetCheck:
    """One unit's value of one indicator in one year, against the target it had then."""

    area_id: int
    year: int
    met: bool


@dataclass(frozen=True, slots=True)
class AreaResult:
    """A content area (or solution group): its indicators' results against their targets, and
    the units' mean points against the area's maximum."""

    code: str
    name: str
    indicators: int  # indicators of the area with a target
    checks: int  # unit × indicator × year results that had a target
    met: int
    max_points: Decimal
    mean_points: Decimal

    @property
    def rate(self) -> Decimal | None:
        return percent(self.met, self.checks)


@dataclass(frozen=True, slots=True)
class UnitResult:
    """A unit's mean total over the years of the report, and its ranks (overall and in the
    cluster it belonged to in the last of those years)."""

    unit_id: int
    name: str
    cluster: str
    total: Decimal
    years: int  # years with a total
    rank: int
    rank_in_cluster: int | None


@dataclass(frozen=True, slots=True)
class ClusterResult:
    name: str
    units: int
    mean_total: Decimal
    best_unit: str
    best_total: Decimal


@dataclass(frozen=True, slots=True)
class YearTrend:
    year: int
    units: int  # units with a total that year
    mean_total: Decimal | None
    reports: int  # approved reports of the year's periods
    checks: int
    met: int
    recognised: int  # initiatives recognised that year
    adoptions: int  # adoptions recorded that year

    @property
    def rate(self) -> Decimal | None:
        return percent(self.met, self.checks)


@dataclass(frozen=True, slots=True)
class InitiativeYear:
    """Initiatives recognised in a year, by level (cấp cơ sở, cấp thành phố, toàn quốc)."""

    year: int
    base: int
    city: int
    national: int

    @property
    def total(self) -> int:
        return self.base + self.city + self.national


@dataclass(frozen=True, slots=True)
class InitiativeArea:
    code: str
    name: str
    recognised: int
    replicated: int  # of them, adopted by at least one other unit
    adoptions: int


@dataclass(frozen=True, slots=True)
class Replicated:
    """A recognised initiative adopted by other units (nhân rộng)."""

    title: str
    unit: str
    level: str
    year: int
    adoptions: int


TITLE = "title"  # danh hiệu thi đua (awards.domain.rules.AwardKind)
FORM = "form"  # hình thức khen thưởng
AWARDED_UNITS_SHOWN = 10


@dataclass(frozen=True, slots=True)
class AwardCount:
    """Awards held (not revoked) of one code in one year, to individuals and to collectives:
    one row of the selector's aggregate query."""

    year: int
    code: str
    thematic: bool
    individuals: int
    collectives: int


@dataclass(frozen=True, slots=True)
class AwardLine:
    """One row of the awards table: an award to individuals or to collectives, regular or of
    the movement's thematic commendation (khen thưởng theo chuyên đề), counted per year."""

    code: str
    name: str
    kind: str  # TITLE | FORM
    individual: bool
    thematic: bool
    counts: tuple[int, ...]  # per year of the report, in order

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class AwardYear:
    """A year's awards: regular titles, regular forms and thematic awards; individuals and
    collectives (the three kinds add up to the two subjects)."""

    year: int
    titles: int
    forms: int
    thematic: int
    individuals: int
    collectives: int

    @property
    def total(self) -> int:
        return self.titles + self.forms + self.thematic


@dataclass(frozen=True, slots=True)
class AwardedUnit:
    """A participant unit and the awards it and its staff (at their current unit) hold."""

    name: str
    titles: int
    forms: int
    thematic: int

    @property
    def total(self) -> int:
        return self.titles + self.forms + self.thematic


@dataclass(frozen=True, slots=True)
class AdvancedWorkers:
    """Of the staff rated in a year (đánh giá, xếp loại), those holding “Lao động tiên tiến”."""

    year: int
    staff: int
    advanced: int

    @property
    def rate(self) -> Decimal | None:
        return percent(self.advanced, self.staff)


@dataclass(frozen=True, slots=True)
class PhaseFigures:
    """Everything a phase report says with numbers."""

    final: bool  # tổng kết of the whole movement (else sơ kết of a phase)
    movement_name: str
    span_label: str  # "giai đoạn 1 (2025–2027)"
    first_year: int
    last_year: int
    areas: tuple[AreaResult, ...]
    units: tuple[UnitResult, ...]  # by rank
    clusters: tuple[ClusterResult, ...]
    years: tuple[YearTrend, ...]
    initiative_years: tuple[InitiativeYear, ...]
    initiative_areas: tuple[InitiativeArea, ...]
    replicated: tuple[Replicated, ...]  # the most adopted first
    reports: int
    indicators: int
    replicated_count: int  # initiatives adopted at least once
    adoptions: int
    award_lines: tuple[AwardLine, ...] = ()
    award_years: tuple[AwardYear, ...] = ()
    awarded_units: tuple[AwardedUnit, ...] = ()  # the most awarded first
    advanced_workers: tuple[AdvancedWorkers, ...] = ()

    @property
    def checks(self) -> int:
        return sum(area.checks for area in self.areas)

    @property
    def met(self) -> int:
        return sum(area.met for area in self.areas)

    @property
    def rate(self) -> Decimal | None:
        return percent(self.met, self.checks)

    @property
    def recognised(self) -> int:
        return sum(item.total for item in self.initiative_years)

    @property
    def recognised_city_up(self) -> int:
        return sum(item.city + item.national for item in self.initiative_years)

    @property
    def mean_total(self) -> Decimal | None:
        if not self.units:
            return None
        return mean([unit.total for unit in self.units])

    @property
    def award_titles(self) -> int:
        return sum(year.titles for year in self.award_years)

    @property
    def award_forms(self) -> int:
        return sum(year.forms for year in self.award_years)

    @property
    def award_thematic(self) -> int:
        return sum(year.thematic for year in self.award_years)

    @property
    def awards(self) -> int:
        return sum(year.total for year in self.award_years)


def mean(values: Sequence[Decimal]) -> Decimal:
    """The mean, to 0,01 half up (0 for no value)."""
    if not values:
        return Decimal("0.00")
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def tally_checks(checks: Iterable[TargetCheck]) -> dict[tuple[int, int], tuple[int, int]]:
    """{(area id, year): (results with a target, results meeting it)}."""
    counts: dict[tuple[int, int], tuple[int, int]] = {}
    for check in checks:
        total, met = counts.get((check.area_id, check.year), (0, 0))
        counts[(check.area_id, check.year)] = (total + 1, met + int(check.met))
    return counts


def placeholder_values(figures: PhaseFigures) -> dict[str, str]:
    """The value of every placeholder of the phase report template."""
    rated = [area for area in figures.areas if area.rate is not None]
    best = max(rated, key=lambda area: (area.rate, area.code), default=None)
    worst = min(rated, key=lambda area: (area.rate, area.code), default=None)
    leader = figures.units[0] if figures.units else None
    rate = figures.rate
    return {
        "hinh_thuc": "Tổng kết" if figures.final else "Sơ kết",
        "giai_doan": figures.span_label,
        "ten_phong_trao": figures.movement_name,
        "tu_nam": str(figures.first_year),
        "den_nam": str(figures.last_year),
        "so_don_vi": number(len(figures.units)),
        "so_cum": number(len(figures.clusters)),
        "so_bao_cao": number(figures.reports),
        "so_chi_tieu": number(figures.indicators),
        "ty_le_dat": decimal_text(rate, 1) if rate is not None else "0",
        "diem_binh_quan": decimal_text(figures.mean_total),
        "don_vi_dan_dau": leader.name if leader else "(chưa có kết quả)",
        "diem_cao_nhat": decimal_text(leader.total) if leader else "–",
        "noi_dung_dat_cao": best.name if best else "(chưa có kết quả)",
        "noi_dung_dat_thap": worst.name if worst else "(chưa có kết quả)",
        "so_sang_kien": number(figures.recognised),
        "so_sang_kien_cap_tp": number(figures.recognised_city_up),
        "so_sang_kien_nhan_rong": number(figures.replicated_count),
        "so_luot_nhan_rong": number(figures.adoptions),
        "so_danh_hieu": number(figures.award_titles),
        "so_khen_thuong": number(figures.award_forms),
        "so_khen_thuong_chuyen_de": number(figures.award_thematic),
    }


def award_lines(
    counts: Iterable[AwardCount],
    years: Sequence[int],
    catalogue: Mapping[str, tuple[str, str]],
) -> tuple[AwardLine, ...]:
    """The awards table's rows: one per award × subject (individuals, collectives) × regular
    or thematic that has at least one award in the years. Regular titles first, then regular
    forms, then thematic awards; within each, individuals before collectives, then the
    catalogue's order. `catalogue`: code → (name, kind) in the rulebook's order; a code it
    does not know is printed as is, as a form."""
    order = {code: position for position, code in enumerate(catalogue)}
    cells: dict[tuple[str, bool, bool], dict[int, int]] = {}
    for row in counts:
        for individual, count in ((True, row.individuals), (False, row.collectives)):
            if count:
                per_year = cells.setdefault((row.code, individual, row.thematic), {})
                per_year[row.year] = per_year.get(row.year, 0) + count
    lines = []
    for (code, individual, thematic), per_year in cells.items():
        name, kind = catalogue.get(code, (code, FORM))
        lines.append(
            AwardLine(
                code=code,
                name=name,
                kind=kind,
                individual=individual,
                thematic=thematic,
                counts=tuple(per_year.get(year, 0) for year in years),
            )
        )
    return tuple(
        sorted(
            lines,
            key=lambda line: (
                line.thematic,
                line.kind != TITLE,
                not line.individual,
                order.get(line.code, len(order)),
                line.code,
            ),
        )
    )


def award_years(lines: Sequence[AwardLine], years: Sequence[int]) -> tuple[AwardYear, ...]:
    """Per year: the awards of `lines` by kind and by subject."""
    result = []
    for position, year in enumerate(years):

        def counted(line: AwardLine, at: int = position) -> int:
            return line.counts[at]

        result.append(
            AwardYear(
                year=year,
                titles=sum(counted(x) for x in lines if not x.thematic and x.kind == TITLE),
                forms=sum(counted(x) for x in lines if not x.thematic and x.kind != TITLE),
                thematic=sum(counted(x) for x in lines if x.thematic),
                individuals=sum(counted(x) for x in lines if x.individual),
                collectives=sum(counted(x) for x in lines if not x.individual),
            )
        )
    return tuple(result)


def participant_of(path: str, participants: Mapping[str, int]) -> int | None:
    """The participant unit (by path → id) a unit path belongs to: the deepest participant at
    or above it (None when none is)."""
    parts = path.strip("/").split("/")
    for depth in range(len(parts), 0, -1):
        found = participants.get("/" + "/".join(parts[:depth]) + "/")
        if found is not None:
            return found
    return None


def awarded_units(
    credits: Iterable[tuple[str, str, bool, int]],
    participants: Mapping[str, int],
    names: Mapping[int, str],
    catalogue: Mapping[str, tuple[str, str]],
    top: int = AWARDED_UNITS_SHOWN,
) -> tuple[AwardedUnit, ...]:
    """The `top` participant units by awards held by them and by their staff. `credits`:
    (unit path credited, award code, thematic, count) — a person's award is credited to the
    unit they work at, a collective's to itself, and both roll up to the participant unit
    above; awards outside every participant unit are left out. Ties by name."""
    tallies: dict[int, list[int]] = {}
    for path, code, thematic, count in credits:
        unit_id = participant_of(path, participants)
        if unit_id is None:
            continue
        tally = tallies.setdefault(unit_id, [0, 0, 0])
        kind = catalogue.get(code, (code, FORM))[1]
        tally[2 if thematic else 0 if kind == TITLE else 1] += count
    units = [
        AwardedUnit(name=names[unit_id], titles=t[0], forms=t[1], thematic=t[2])
        for unit_id, t in tallies.items()
        if unit_id in names
    ]
    return tuple(sorted(units, key=lambda unit: (-unit.total, unit.name))[:top])


def cluster_results(units: Sequence[UnitResult]) -> tuple[ClusterResult, ...]:
    """Per cluster: its units, their mean total and its best unit, clusters by name."""
    members: dict[str, list[UnitResult]] = {}
    for unit in units:
        if unit.cluster:
            members.setdefault(unit.cluster, []).append(unit)
    results = []
    for name in sorted(members):
        rows = members[name]
        best = min(rows, key=lambda unit: (unit.rank_in_cluster or unit.rank, unit.name))
        results.append(
            ClusterResult(
                name=name,
                units=len(rows),
                mean_total=mean([unit.total for unit in rows]),
                best_unit=best.name,
                best_total=best.total,
            )
        )
    return tuple(results)


def ranks_in_clusters(totals: Mapping[int, Decimal], clusters: Mapping[int, str]) -> dict[int, int]:
    """Competition ranks ("1, 1, 3") of each unit among the units of its cluster."""
    ranks: dict[int, int] = {}
    by_cluster: dict[str, list[int]] = {}
    for unit_id, cluster in clusters.items():
        if cluster and unit_id in totals:
            by_cluster.setdefault(cluster, []).append(unit_id)
    for unit_ids in by_cluster.values():
        for unit_id in unit_ids:
            ranks[unit_id] = 1 + sum(1 for other in unit_ids if totals[other] > totals[unit_id])
    return ranks
