"""The demo data set as plain values, computed from a scale and a seed. Pure: no Django.

`build_demo_plan` decides every unit, khoa/phòng, person, membership, head, cluster and demo
account; `install.py` writes the plan to the database. The same scale and seed always give the same
plan (one `random.Random(seed)`, no iteration over sets), so a bug seen in the demo can be
reproduced, and the benchmarks measure the same data every time.
"""

import csv
import datetime as dt
import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from thidua.core.errors import DomainError
from thidua.core.text import fold
from thidua.organizations.demo_data import catalogue as cat

# Values of thidua.organizations.enums (kept as text: this module imports no Django).
DEPARTMENT = "department"
HOSPITAL = "hospital"
CENTRE = "centre"
DISTRICT_CENTRE = "district_centre"
DEPARTMENT_OFFICE = "department_office"
OTHER = "other"
CLINICAL_DEPARTMENT = "clinical_department"
OFFICE = "office"
HEALTH_STATION = "health_station"
MALE, FEMALE = "male", "female"
CIVIL_SERVANT, PUBLIC_EMPLOYEE, WORKER = "civil_servant", "public_employee", "worker"

ROOT_CODE = "SYT_HN"
ROOT_NAME = "Sở Y tế Hà Nội"
SHOWCASE_UNIT_CODE = "BV_XANHPON"
DEFAULT_SEED = 2026
CURRENT_YEAR = 2026
CLUSTER_YEARS = (2025, 2026)
# Nobody joins or moves after this day, so memberships never start in the future.
LAST_START_DATE = dt.date(2025, 12, 31)
MOVER_SHARE = 0.05
# Names the README uses as search examples: they must exist whatever the seed.
SEARCH_EXAMPLE_NAMES = ("Nguyễn Văn An", "Nguyễn Đức Giang")

CSV_KINDS = {
    "benh_vien": HOSPITAL,
    "trung_tam": CENTRE,
    "ttyt": DISTRICT_CENTRE,
    "phong_so": DEPARTMENT_OFFICE,
    "khac": OTHER,
}


@dataclass(frozen=True)
class Scale:
    name: str
    units: int  # units directly under the Sở (the Sở itself not counted)
    collectives: int  # khoa, phòng, trạm inside them
    people: int
    # How many units of each kind to take from the list, in the list's order (None: all, in order).
    kind_quota: tuple[tuple[str, int], ...] | None = None


SCALES: dict[str, Scale] = {
    "small": Scale(
        "small",
        units=12,
        collectives=60,
        people=600,
        kind_quota=((HOSPITAL, 4), (CENTRE, 2), (DISTRICT_CENTRE, 3), (DEPARTMENT_OFFICE, 3)),
    ),
    "hanoi": Scale("hanoi", units=150, collectives=2500, people=40_000),
}


@dataclass(frozen=True)
class SourceUnit:
    """A unit of the Sở as listed in the units file (or the built-in list)."""

    name: str
    kind: str
    code: str


@dataclass(frozen=True)
class UnitPlan:
    code: str
    name: str
    kind: str
    parent_code: str | None
    sort_order: int
    profile: str = ""  # for collectives: the staff mix (catalogue.STAFF_MIX key)


@dataclass(frozen=True)
class PastPost:
    """A closed membership: where a person worked before moving to their current unit."""

    unit_code: str
    position: str
    start_date: dt.date
    end_date: dt.date


@dataclass(frozen=True)
class PersonPlan:
    staff_code: str
    full_name: str
    gender: str
    date_of_birth: dt.date
    position: str
    employment_kind: str
    unit_code: str
    start_date: dt.date
    phone: str
    past_post: PastPost | None = None


@dataclass(frozen=True)
class ClusterPlan:
    year: int
    code: str
    name: str
    description: str
    member_codes: tuple[str, ...]
    head_code: str
    deputy_code: str | None


@dataclass(frozen=True)
class AccountPlan:
    username: str
    role: str
    unit_code: str
    include_subtree: bool
    staff_code: str | None  # the person the account belongs to


@dataclass(frozen=True)
class DemoPlan:
    scale: Scale
    seed: int
    root: UnitPlan
    units: tuple[UnitPlan, ...]
    collectives: tuple[UnitPlan, ...]
    people: tuple[PersonPlan, ...]
    heads: dict[str, str]  # unit code → staff code of its head
    clusters: tuple[ClusterPlan, ...]
    accounts: tuple[AccountPlan, ...]

    @property
    def movers(self) -> int:
        return sum(1 for person in self.people if person.past_post is not None)


# --- Reading the list of units ----------------------------------------------------------------


class UnitsFileError(DomainError):
    """The units file cannot be used (message in Vietnamese, with the line)."""


def read_units_csv(path: Path) -> list[SourceUnit]:
    """Units from a `name,kind,short_code,source_url` file; refuses unknown kinds and codes."""
    units: list[SourceUnit] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"name", "kind", "short_code"} - set(reader.fieldnames or [])
        if missing:
            raise UnitsFileError(f"Tệp {path} thiếu cột: {', '.join(sorted(missing))}.")
        for line, row in enumerate(reader, start=2):
            name = " ".join((row.get("name") or "").split())
            code = (row.get("short_code") or "").strip().upper()
            kind = CSV_KINDS.get((row.get("kind") or "").strip())
            if not name and not code:
                continue
            if kind is None:
                raise UnitsFileError(f"Tệp {path}, dòng {line}: loại đơn vị không hợp lệ.")
            if not code or len(code) > 24:
                raise UnitsFileError(f"Tệp {path}, dòng {line}: mã đơn vị trống hoặc quá dài.")
            units.append(SourceUnit(name=name, kind=kind, code=code))
    return units


def builtin_units() -> list[SourceUnit]:
    return [SourceUnit(name=n, kind=k, code=c) for n, k, c in cat.BUILTIN_UNITS]


# --- Small helpers ------------------------------------------------------------------------------


_CUMULATIVE: dict[int, tuple[list[str], list[float]]] = {}


def _weighted(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    """One item of a (item, weight) table; the tables are module constants, prepared once."""
    prepared = _CUMULATIVE.get(id(table))
    if prepared is None:
        prepared = ([item for item, _ in table], list(itertools.accumulate(w for _, w in table)))
        _CUMULATIVE[id(table)] = prepared
    items, cumulative = prepared
    return rng.choices(items, cum_weights=cumulative)[0]


def _has_word(folded: str, word: str) -> bool:
    return f" {word} " in f" {folded} "


def _ascii_code(text: str) -> str:
    return "".join(ch for ch in fold(text).upper() if ch.isalnum())


# Words left out of a unit's abbreviation, as offices abbreviate ("Bệnh viện Đa khoa Xanh Pôn"
# signs "…/QĐ-BVXP"); the root's is fixed.
_ABBREVIATION_SKIP = ("da khoa", "ha noi", "thanh pho")
ROOT_ABBREVIATION = "SYT"


def unit_abbreviations(root: UnitPlan, units: Sequence[UnitPlan]) -> dict[str, str]:
    """{unit code: the abbreviation ending its documents' symbols}, for the root and the units
    under it (not their khoa/phòng): initials of the name, without "Đa khoa" and "Hà Nội",
    made unique by a number (each abbreviation is its own number series)."""
    result = {root.code: ROOT_ABBREVIATION}
    used = {ROOT_ABBREVIATION}
    for unit in units:
        folded = f" {fold(unit.name)} "
        for words in _ABBREVIATION_SKIP:
            folded = folded.replace(f" {words} ", " ")
        base = "".join(w[0] for w in folded.split() if w[0].isalnum()).upper() or "DV"
        abbreviation, n = base, 1
        while abbreviation in used:
            n += 1
            abbreviation = f"{base}{n}"
        used.add(abbreviation)
        result[unit.code] = abbreviation
    return result


def allocate(
    total: int, weights: Sequence[float], lows: Sequence[int], highs: Sequence[int]
) -> list[int]:
    """Split `total` into counts proportional to `weights`, each within [low, high].

    Largest remainders settle the last units, ties by position, so the result is exact and
    deterministic. Refuses a total that the bounds cannot hold.
    """
    counts = list(lows)
    remaining = total - sum(counts)
    if remaining < 0 or remaining > sum(highs) - sum(lows):
        raise ValueError(f"cannot allocate {total} within the bounds")
    while remaining > 0:
        open_slots = [i for i in range(len(counts)) if counts[i] < highs[i]]
        weighted = [i for i in open_slots if weights[i] > 0] or open_slots
        weight_sum = sum(weights[i] for i in weighted) or float(len(weighted))
        shares = {i: remaining * ((weights[i] or 1.0) / weight_sum) for i in weighted}
        added = 0
        for i in weighted:
            take = min(int(shares[i]), highs[i] - counts[i])
            counts[i] += take
            added += take
        if added == 0:
            by_remainder = sorted(weighted, key=lambda i: (-(shares[i] - int(shares[i])), i))
            for i in by_remainder[:remaining]:
                counts[i] += 1
                added += 1
        remaining -= added
    return counts


# --- Units and their collectives ----------------------------------------------------------------


def _pick_units(scale: Scale, source: Sequence[SourceUnit], rng: random.Random) -> list[SourceUnit]:
    """The units of the scale from the list, topped up with Phòng khám đa khoa khu vực named
    after real communes when the list is shorter than the scale."""
    first_by_code: dict[str, SourceUnit] = {}
    for unit in source:
        if unit.code != ROOT_CODE:
            first_by_code.setdefault(unit.code, unit)
    listed = list(first_by_code.values())
    if scale.kind_quota is not None:
        chosen = [
            u
            for kind, count in scale.kind_quota
            for u in [v for v in listed if v.kind == kind][:count]
        ]
        listed = chosen + [u for u in listed if u not in chosen]
    picked = listed[: scale.units]
    taken_codes = {u.code for u in picked}
    communes = sorted(
        {
            place.removeprefix("xã ")
            for places in cat.WARDS_BY_DISTRICT_CENTRE.values()
            for place in places
            if place.startswith("xã ")
        }
    )
    rng.shuffle(communes)
    for commune in communes:
        if len(picked) >= scale.units:
            break
        code = f"PKDK_{_ascii_code(commune)}"[:24]
        if code not in taken_codes:
            taken_codes.add(code)
            picked.append(
                SourceUnit(name=f"Phòng khám đa khoa khu vực {commune}", kind=CENTRE, code=code)
            )
    return picked


def _is_clinic(unit: SourceUnit) -> bool:
    return unit.code.startswith("PKDK_")


def _specialty_khoa(folded_name: str) -> tuple[str, ...] | None:
    for keyword, khoa in cat.SPECIALTY_KHOA:
        if _has_word(folded_name, keyword):
            return khoa
    return None


def _collective_names(unit: SourceUnit) -> list[str]:
    """Every khoa/phòng/trạm the unit may have, most essential first."""
    folded = fold(unit.name)
    names: list[str]
    if unit.kind == HOSPITAL:
        clinical = _specialty_khoa(folded) or cat.GENERAL_HOSPITAL_KHOA
        names = [*cat.HOSPITAL_FIRST, *clinical, *cat.HOSPITAL_LAST]
    elif unit.kind == DISTRICT_CENTRE:
        khoa = list(cat.DISTRICT_CENTRE_COLLECTIVES)
        stations = [
            f"Trạm Y tế {place}" for place in cat.WARDS_BY_DISTRICT_CENTRE.get(unit.code, ())
        ]
        # Alternate so that a small centre still has both its khoa and some stations.
        names = []
        for index in range(max(len(khoa), len(stations))):
            names.extend(khoa[index : index + 1] + stations[index : index + 1])
    elif unit.kind == DEPARTMENT_OFFICE:
        names = []
    elif _is_clinic(unit):
        names = list(cat.CLINIC_COLLECTIVES)
    else:
        names = next(
            (list(c) for keyword, c in cat.OTHER_UNIT_COLLECTIVES if keyword in folded),
            list(cat.DEFAULT_CENTRE_COLLECTIVES),
        )
    return list(dict.fromkeys(names))


def _collective_kind_and_profile(name: str) -> tuple[str, str]:
    folded = fold(name)
    if folded.startswith("tram y te"):
        return HEALTH_STATION, "station"
    if folded.startswith(("phong kham", "phong tiem")):
        return CLINICAL_DEPARTMENT, "clinical"
    if folded.startswith("phong"):
        if "tai chinh" in folded or "ke toan" in folded:
            return OFFICE, "finance"
        if folded == "phong dieu duong":
            return OFFICE, "nursing_office"
        return OFFICE, "office"
    if folded == "khoa duoc" or folded.startswith("khoa duoc -"):
        return CLINICAL_DEPARTMENT, "pharmacy"
    if any(word in folded for word in cat.PARACLINICAL_WORDS):
        return CLINICAL_DEPARTMENT, "paraclinical"
    if any(_has_word(folded, word) for word in cat.OBSTETRIC_WORDS):
        return CLINICAL_DEPARTMENT, "obstetric"
    return CLINICAL_DEPARTMENT, "clinical"


def _collective_weight(unit: SourceUnit) -> float:
    if unit.kind == HOSPITAL:
        return 30.0
    if unit.kind == DISTRICT_CENTRE:
        return 25.0
    if unit.kind == DEPARTMENT_OFFICE:
        return 0.0
    if _is_clinic(unit):
        return 4.0
    return 8.0 if unit.kind == CENTRE else 6.0


def _plan_collectives(
    scale: Scale, units: Sequence[SourceUnit], rng: random.Random
) -> dict[str, list[UnitPlan]]:
    catalogues = [_collective_names(unit) for unit in units]
    weights = [_collective_weight(unit) * rng.uniform(0.75, 1.25) for unit in units]
    lows = [1 if names else 0 for names in catalogues]
    highs = [len(names) for names in catalogues]
    # A short list of units (the built-in one) may not hold the whole scale: fill what it holds.
    total = min(scale.collectives, sum(highs))
    counts = allocate(total, weights, lows, highs)
    plans: dict[str, list[UnitPlan]] = {}
    for unit, names, count in zip(units, catalogues, counts, strict=True):
        numbering = {CLINICAL_DEPARTMENT: 0, OFFICE: 0, HEALTH_STATION: 0}
        letters = {CLINICAL_DEPARTMENT: "K", OFFICE: "P", HEALTH_STATION: "T"}
        plans[unit.code] = []
        for order, name in enumerate(names[:count], start=1):
            kind, profile = _collective_kind_and_profile(name)
            numbering[kind] += 1
            code = f"{unit.code}.{letters[kind]}{numbering[kind]:02d}"
            plans[unit.code].append(UnitPlan(code, name, kind, unit.code, order, profile))
    return plans


# --- People -------------------------------------------------------------------------------------


def _leader_titles(unit: SourceUnit | None) -> tuple[str, str]:
    """(head, deputy) titles of a unit; None is the Sở itself."""
    if unit is None:
        return "Giám đốc", "Phó Giám đốc"
    folded = fold(unit.name)
    if unit.kind == DEPARTMENT_OFFICE:
        if folded.startswith("van phong"):
            return "Chánh Văn phòng", "Phó Chánh Văn phòng"
        if folded.startswith("thanh tra"):
            return "Chánh Thanh tra", "Phó Chánh Thanh tra"
        return "Trưởng phòng", "Phó trưởng phòng"
    if folded.startswith("chi cuc"):
        return "Chi cục trưởng", "Phó Chi cục trưởng"
    if folded.startswith("truong"):
        return "Hiệu trưởng", "Phó Hiệu trưởng"
    if _is_clinic(unit):
        return "Trưởng phòng khám", "Phó trưởng phòng khám"
    return "Giám đốc", "Phó Giám đốc"


def _collective_titles(name: str) -> tuple[str, str]:
    folded = fold(name)
    if folded.startswith("phong"):
        return "Trưởng phòng", "Phó trưởng phòng"
    if folded.startswith("tram"):
        return "Trạm trưởng", "Phó trạm trưởng"
    return "Trưởng khoa", "Phó trưởng khoa"


@dataclass(frozen=True)
class _Seat:
    """A place people work: a collective, or a unit itself (its leadership and, for units
    without collectives such as the Sở's offices, all its staff)."""

    unit_code: str
    source: SourceUnit | None  # the unit of the Sở this seat belongs to (None: the Sở)
    collective: UnitPlan | None
    leadership_only: bool = False


def _full_name(rng: random.Random, gender: str) -> str:
    family = _weighted(rng, cat.FAMILY_NAMES)
    middles, givens = (
        (cat.MALE_MIDDLE_NAMES, cat.MALE_GIVEN_NAMES)
        if gender == MALE
        else (cat.FEMALE_MIDDLE_NAMES, cat.FEMALE_GIVEN_NAMES)
    )
    middle = _weighted(rng, middles)
    given = _weighted(rng, givens)
    while given == middle:  # "Minh Minh" is not a name
        given = _weighted(rng, givens)
    return f"{family} {middle} {given}"


def _random_date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


# Years of birth by seniority: 0 staff, 1 deputies, 2 heads of khoa/phòng, 3 heads of units.
BIRTH_YEARS = {0: (1965, 2002), 1: (1968, 1990), 2: (1966, 1986), 3: (1965, 1978)}


def _birth_date(rng: random.Random, seniority: int) -> dt.date:
    first_year, last_year = BIRTH_YEARS[seniority]
    return _random_date(rng, dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))


def _hire_date(rng: random.Random, born: dt.date) -> dt.date:
    first_year = min(max(1990, born.year + 22 + rng.randint(0, 4)), LAST_START_DATE.year)
    return _random_date(rng, dt.date(first_year, 1, 1), LAST_START_DATE)


def _is_civil_service(source: SourceUnit | None) -> bool:
    """The Sở, its offices and the chi cục employ công chức; the others viên chức."""
    return (
        source is None
        or source.kind == DEPARTMENT_OFFICE
        or fold(source.name).startswith("chi cuc")
    )


def _employment_kind(rng: random.Random, civil_service: bool, position: str, seniority: int) -> str:
    if civil_service:
        return WORKER if seniority == 0 and rng.random() < 0.08 else CIVIL_SERVANT
    if seniority > 0:
        return PUBLIC_EMPLOYEE
    worker_share = 0.7 if position == cat.EMPLOYEE else 0.1
    return WORKER if rng.random() < worker_share else PUBLIC_EMPLOYEE


def _phone(rng: random.Random) -> str:
    return rng.choice(("09", "08", "03", "07")) + f"{rng.randint(0, 99_999_999):08d}"


def _positions_for_seat(seat: _Seat, size: int, rng: random.Random) -> list[tuple[str, int]]:
    """(position, seniority) of each person of a seat: the head first, then deputies, then staff."""
    if seat.collective is None:
        head, deputy = _leader_titles(seat.source)
        deputies = size - 1 if seat.leadership_only else (size >= 2) + (size >= 10)
        positions = [(head, 3)] + [(deputy, 1)] * deputies
        mix = cat.STAFF_MIX["administration"]
    else:
        head, deputy = _collective_titles(seat.collective.name)
        positions = [(head, 2)] + [(deputy, 1)] * ((size >= 8) + (size >= 20))
        if seat.collective.profile in {"clinical", "obstetric"} and size >= 6:
            positions.append((cat.HEAD_NURSE, 1))
        mix = cat.STAFF_MIX[seat.collective.profile]
    positions += [(_weighted(rng, mix), 0) for _ in range(size - len(positions))]
    return positions


OFFICE_SIZE = (10, 18)


def _plan_people(
    scale: Scale,
    units: Sequence[SourceUnit],
    collectives: dict[str, list[UnitPlan]],
    rng: random.Random,
) -> tuple[list[PersonPlan], dict[str, str]]:
    """Everyone, seat by seat; returns the people and the head of every unit and collective.

    The Sở has a Giám đốc and three Phó Giám đốc; a unit with collectives has its leadership at
    the unit itself (2 or 4 people) and everyone else in its khoa/phòng; a unit without
    collectives (an office of the Sở) has all its staff at the unit.
    """
    seats = [_Seat(ROOT_CODE, None, None, leadership_only=True)]
    weights, lows, highs = [0.0], [4], [4]
    for unit in units:
        unit_collectives = collectives[unit.code]
        size_factor = rng.uniform(0.7, 1.3)
        if unit_collectives:
            leaders = 4 if len(unit_collectives) >= 10 else 2
            seats.append(_Seat(unit.code, unit, None, leadership_only=True))
            weights.append(0.0)
            lows.append(leaders)
            highs.append(leaders)
        else:
            # An office of the Sở: a dozen or so civil servants, whatever the scale.
            office_size = rng.randint(*OFFICE_SIZE)
            seats.append(_Seat(unit.code, unit, None))
            weights.append(0.0)
            lows.append(office_size)
            highs.append(office_size)
        for collective in unit_collectives:
            seats.append(_Seat(collective.code, unit, collective))
            weights.append(
                cat.STAFF_WEIGHT[collective.profile] * size_factor * rng.uniform(0.6, 1.4)
            )
            lows.append(1)
            highs.append(scale.people)
    sizes = allocate(scale.people, weights, lows, highs)

    people: list[PersonPlan] = []
    heads: dict[str, str] = {}
    for seat, size in zip(seats, sizes, strict=True):
        civil_service = _is_civil_service(seat.source)
        for position, seniority in _positions_for_seat(seat, size, rng):
            female_share = cat.FEMALE_SHARE.get(position, cat.LEADER_FEMALE_SHARE)
            gender = FEMALE if rng.random() < female_share else MALE
            born = _birth_date(rng, seniority)
            staff_code = f"HN{len(people) + 1:06d}"
            heads.setdefault(seat.unit_code, staff_code)
            people.append(
                PersonPlan(
                    staff_code=staff_code,
                    full_name=_full_name(rng, gender),
                    gender=gender,
                    date_of_birth=born,
                    position=position,
                    employment_kind=_employment_kind(rng, civil_service, position, seniority),
                    unit_code=seat.unit_code,
                    start_date=_hire_date(rng, born),
                    phone=_phone(rng),
                )
            )
    return people, heads


def _add_movers(
    people: list[PersonPlan], collective_codes: Sequence[str], rng: random.Random
) -> list[PersonPlan]:
    """About 5% of the staff moved once: an earlier, closed membership in another unit."""
    unit_of = {code: code.split(".")[0] for code in collective_codes}
    eligible = [
        index
        for index, person in enumerate(people)
        if person.unit_code in unit_of and person.start_date.year <= 2022
    ]
    wanted = min(len(eligible), round(len(people) * MOVER_SHARE))
    result = list(people)
    for index in sorted(rng.sample(eligible, wanted)):
        person = people[index]
        own_unit = unit_of[person.unit_code]
        previous = rng.choice(collective_codes)
        while unit_of[previous] == own_unit:
            previous = rng.choice(collective_codes)
        first_day = person.start_date
        moved_on = _random_date(rng, first_day + dt.timedelta(days=365), LAST_START_DATE)
        result[index] = replace(
            person,
            start_date=moved_on,
            past_post=PastPost(
                unit_code=previous,
                position=person.position,
                start_date=first_day,
                end_date=moved_on - dt.timedelta(days=1),
            ),
        )
    return result


def _rename(people: list[PersonPlan], index: int, full_name: str, gender: str) -> None:
    people[index] = replace(people[index], full_name=full_name, gender=gender)


def _place_search_examples(people: list[PersonPlan], showcase: str, second: str) -> None:
    """Give the README's search examples to two staff members (not heads, not account holders)."""
    targets = [showcase, second]
    for full_name, unit_code in zip(SEARCH_EXAMPLE_NAMES, targets, strict=True):
        candidates = [
            i
            for i, p in enumerate(people)
            if p.unit_code.startswith(f"{unit_code}.")
            and p.position in {cat.DOCTOR, cat.TECHNICIAN}
        ] or [i for i, p in enumerate(people) if p.position in {cat.DOCTOR, cat.SPECIALIST}]
        _rename(people, candidates[-1], full_name, MALE)


# --- Clusters -----------------------------------------------------------------------------------


def _cluster_key(unit: SourceUnit) -> str:
    folded = fold(unit.name)
    outer = any(_has_word(folded, place) for place in cat.OUTER_PLACES)
    if unit.kind == HOSPITAL:
        if _specialty_khoa(folded) is not None:
            return "BVCK"
        return "BVDK_NGT" if outer else "BVDK_NT"
    if unit.kind == DISTRICT_CENTRE:
        return "TTYT_NT" if folded.startswith("trung tam y te quan") else "TTYT_NGT"
    if unit.kind == DEPARTMENT_OFFICE:
        return "PHONG_SO"
    if _is_clinic(unit):
        return "PKDK"
    return "DP_CN"


CLUSTERS: tuple[tuple[str, str, str], ...] = (
    (
        "BVDK_NT",
        "Khối bệnh viện đa khoa nội thành",
        "Các bệnh viện đa khoa tuyến thành phố khu vực nội thành.",
    ),
    (
        "BVDK_NGT",
        "Khối bệnh viện đa khoa khu vực ngoại thành",
        "Các bệnh viện đa khoa khu vực ngoại thành.",
    ),
    ("BVCK", "Khối bệnh viện chuyên khoa", "Các bệnh viện chuyên khoa trực thuộc Sở."),
    ("TTYT_NT", "Khối Trung tâm Y tế khu vực nội thành", "Trung tâm Y tế các quận."),
    ("TTYT_NGT", "Khối Trung tâm Y tế khu vực ngoại thành", "Trung tâm Y tế các huyện, thị xã."),
    (
        "DP_CN",
        "Khối các đơn vị dự phòng – chuyên ngành",
        "Các trung tâm, chi cục và trường trực thuộc Sở.",
    ),
    ("PKDK", "Khối phòng khám đa khoa khu vực", "Các phòng khám đa khoa khu vực."),
    ("PHONG_SO", "Khối phòng chức năng Sở", "Văn phòng, Thanh tra và các phòng chuyên môn của Sở."),
)


def _plan_clusters(units: Sequence[SourceUnit]) -> list[ClusterPlan]:
    """Eight clusters for each year; head and deputy rotate by one member each year."""
    plans: list[ClusterPlan] = []
    for shift, year in enumerate(CLUSTER_YEARS):
        for key, name, description in CLUSTERS:
            members = tuple(unit.code for unit in units if _cluster_key(unit) == key)
            if not members:
                continue
            head = members[shift % len(members)]
            deputy = members[(shift + 1) % len(members)] if len(members) > 1 else None
            plans.append(ClusterPlan(year, key, name, description, members, head, deputy))
    return plans


# --- Demo accounts ------------------------------------------------------------------------------

# (username, role, where the role is held, with the subtree)
ACCOUNTS: tuple[tuple[str, str, str, bool], ...] = (
    ("quantri", "system_admin", "root", True),
    ("thuongtruc", "dept_officer", "root", True),
    ("lanhdao", "dept_leader", "root", True),
    ("kiemtra", "inspector", "root", True),
    ("hoidong", "council_member", "root", True),
    ("chamsk", "reviewer", "root", True),
    ("tdkt.xanhpon", "unit_officer", "showcase", True),
    ("giamdoc.xanhpon", "unit_head", "showcase", True),
    ("nhanvien", "staff", "showcase_khoa", False),
)


def _plan_accounts(
    units: Sequence[SourceUnit],
    people: Sequence[PersonPlan],
    heads: dict[str, str],
    showcase: SourceUnit,
    collectives: dict[str, list[UnitPlan]],
) -> list[AccountPlan]:
    taken: set[str] = set(heads.values())

    def staff_at(unit_codes: Sequence[str], positions: set[str]) -> str | None:
        for unit_code in unit_codes:
            for person in people:
                if (
                    person.unit_code == unit_code
                    and person.position in positions
                    and person.staff_code not in taken
                    and person.full_name not in SEARCH_EXAMPLE_NAMES
                ):
                    taken.add(person.staff_code)
                    return person.staff_code
        return None

    offices = [u.code for u in units if u.kind == DEPARTMENT_OFFICE]
    showcase_units = collectives[showcase.code]
    personnel_office = [c.code for c in showcase_units if c.name == "Phòng Tổ chức cán bộ"]
    clinical = [c.code for c in showcase_units if c.kind == CLINICAL_DEPARTMENT]
    staff_khoa = (clinical or [c.code for c in showcase_units] or [showcase.code])[0]
    other_heads = [
        code
        for unit, code in heads.items()
        if "." in unit and not unit.startswith(f"{showcase.code}.")
    ]
    root_deputy = next(
        (p.staff_code for p in people if p.unit_code == ROOT_CODE and p.position == "Phó Giám đốc"),
        None,
    )
    person_of = {
        "quantri": staff_at(["PS_VP", *offices], {cat.SPECIALIST}),
        "thuongtruc": staff_at(["PS_TCCB", *offices], {cat.SPECIALIST}),
        "lanhdao": heads.get(ROOT_CODE),
        "kiemtra": staff_at(["PS_TT", *offices], {cat.SPECIALIST}),
        "hoidong": root_deputy,
        "chamsk": other_heads[0] if other_heads else None,
        "tdkt.xanhpon": staff_at(
            [*personnel_office, *[c.code for c in showcase_units]],
            {cat.SPECIALIST, cat.EMPLOYEE, cat.NURSE},
        ),
        "giamdoc.xanhpon": heads.get(showcase.code),
        "nhanvien": staff_at([staff_khoa], {cat.NURSE, cat.DOCTOR, cat.TECHNICIAN, cat.EMPLOYEE}),
    }
    where = {"root": ROOT_CODE, "showcase": showcase.code, "showcase_khoa": staff_khoa}
    accounts = []
    for username, role, place, subtree in ACCOUNTS:
        accounts.append(AccountPlan(username, role, where[place], subtree, person_of[username]))
    return accounts


# --- The plan -----------------------------------------------------------------------------------


def build_demo_plan(
    scale: str | Scale,
    *,
    seed: int = DEFAULT_SEED,
    source_units: Iterable[SourceUnit] | None = None,
) -> DemoPlan:
    """The whole demo data set for `scale` ("small" or "hanoi"), deterministic from `seed`.

    `source_units` are the real units to start from (the units file); without them, the built-in
    list. Refuses an unknown scale (KeyError).
    """
    chosen = SCALES[scale] if isinstance(scale, str) else scale
    rng = random.Random(seed)
    source = list(source_units) if source_units is not None else builtin_units()
    units = _pick_units(chosen, source, rng)
    collectives = _plan_collectives(chosen, units, rng)
    people, heads = _plan_people(chosen, units, collectives, rng)
    collective_codes = [c.code for plans in collectives.values() for c in plans]
    people = _add_movers(people, collective_codes, rng)
    showcase = next((u for u in units if u.code == SHOWCASE_UNIT_CODE), None) or next(
        u for u in units if u.kind == HOSPITAL
    )
    second = next((u for u in units if u.kind == HOSPITAL and u.code != showcase.code), showcase)
    _place_search_examples(people, showcase.code, second.code)
    root = UnitPlan(ROOT_CODE, ROOT_NAME, DEPARTMENT, None, 0)
    unit_plans = tuple(
        UnitPlan(u.code, u.name, u.kind, ROOT_CODE, order) for order, u in enumerate(units, start=1)
    )
    return DemoPlan(
        scale=chosen,
        seed=seed,
        root=root,
        units=unit_plans,
        collectives=tuple(c for plans in collectives.values() for c in plans),
        people=tuple(people),
        heads=heads,
        clusters=tuple(_plan_clusters(units)),
        accounts=tuple(_plan_accounts(units, people, heads, showcase, collectives)),
    )
