"""The rulebook as data, and the values an evaluation produces. Pure: no Django.

A rulebook version is a catalogue of awards; each award lists its rules, each rule a kind (see
`rule_kinds.RULE_KINDS`) with JSON-native parameters and its legal citation. Thresholds,
shares and money multiples live here as data, never in code (DESIGN.md §7). `to_json` and
`from_json` are the stored form (the app keeps versions as JSON); `from_json` checks the shape,
`rule_kinds.validate_rulebook` checks the meaning.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal, cast

Subject = Literal["individual", "collective"]
AwardKind = Literal["title", "form"]
SUBJECT_LABELS: Mapping[str, str] = {"individual": "cá nhân", "collective": "tập thể"}
AWARD_KIND_LABELS: Mapping[str, str] = {
    "title": "danh hiệu thi đua",
    "form": "hình thức khen thưởng",
}
# Who decides an award (thẩm quyền, LEGAL.md §1.4): the head of a unit of the Sở (bệnh viện,
# trung tâm), the Director of the Sở, the Chairman of the city People's Committee. A level
# decides its own awards and those of the levels below it (the Director decides the titles of
# the Sở's units); an award of a higher level it only proposes upward (đề nghị cấp trên).
DecidingLevel = Literal["unit", "department", "city"]
DECIDING_LEVELS: tuple[DecidingLevel, ...] = ("unit", "department", "city")
DECIDING_LEVEL_LABELS: Mapping[str, str] = {
    "unit": "Thủ trưởng đơn vị",
    "department": "Giám đốc Sở",
    "city": "Chủ tịch Ủy ban nhân dân Thành phố",
}
# Stored rulebooks written before `decided_by` existed: the default catalogue's level for its
# codes (kept equal to `default_rulebook()` by a test), "unit" — the former behaviour — else.
LEGACY_DECIDED_BY: Mapping[str, DecidingLevel] = {
    "ldtt": "unit",
    "cstdcs": "unit",
    "ttldtt": "unit",
    "giay_khen_ca_nhan": "unit",
    "giay_khen_tap_the": "unit",
    "cstd_tp": "city",
    "ttldxs": "city",
    "co_thi_dua_tp": "city",
    "bang_khen_ca_nhan": "city",
    "bang_khen_tap_the": "city",
}


def level_decides(level: str, award_level: str) -> bool:
    """Whether the head at `level` decides an award of `award_level` (his own level or below).
    Unknown levels decide nothing and are decided by no one."""
    rank = {name: index for index, name in enumerate(DECIDING_LEVELS)}
    if level not in rank or award_level not in rank:
        return False
    return rank[award_level] <= rank[level]


class RulebookFormatError(ValueError):
    """A stored rulebook that cannot be read; `messages` are Vietnamese, one per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One criterion of an award: `kind` names the check, `params` its JSON-native parameters
    (shares as "7/10" strings), `citation` the legal source ([M] where LEGAL.md marks it a
    parameter to confirm), `description` the criterion in Vietnamese as an officer reads it."""

    code: str
    kind: str
    params: Mapping[str, object]
    citation: str
    description: str


@dataclass(frozen=True, slots=True)
class AwardSpec:
    """An award of the catalogue. `vote_share`: the share of the council's WHOLE membership a
    secret ballot needs (None: no ballot required, the council decides by majority).
    `reward_multiple`: times the base salary (NĐ 152/2025/NĐ-CP Điều 50; 0 where not known).
    `counts_for_chains`: whether holding it may count toward "N consecutive years" rules.
    `decided_by`: the lowest level whose head decides it (`DECIDING_LEVELS`), with its source in
    `decided_by_citation`; a round of a lower level only proposes it upward."""

    code: str
    name: str
    subject: Subject
    kind: AwardKind
    rules: tuple[RuleSpec, ...]
    vote_share: Fraction | None
    reward_multiple: Decimal
    citation: str
    counts_for_chains: bool = True
    decided_by: DecidingLevel = "unit"
    decided_by_citation: str = ""

    @property
    def decided_by_label(self) -> str:
        return DECIDING_LEVEL_LABELS.get(self.decided_by, self.decided_by)


@dataclass(frozen=True, slots=True)
class CouncilRules:
    """Quorum and majority of the Hội đồng Thi đua – Khen thưởng, as shares of the whole
    membership: `quorum` to meet, `quorum_awards` when awards are considered, `majority` for
    awards without a ballot share (more than this share is needed)."""

    quorum: Fraction = Fraction(2, 3)
    quorum_awards: Fraction = Fraction(4, 5)
    majority: Fraction = Fraction(1, 2)
    citation: str = ""


@dataclass(frozen=True, slots=True)
class CalendarChange:
    """One change the Government's yearly notice makes to the working calendar (hoán đổi ngày
    làm việc): a weekday given off (`off`) or a Saturday or Sunday worked to make up for it."""

    day: date
    off: bool
    note: str = ""
    citation: str = ""


@dataclass(frozen=True, slots=True)
class CalendarRules:
    """The changes to the statutory calendar (Bộ luật Lao động 2019 Điều 112, `working_days`)
    that count when working days are counted — a disclosure period, for one."""

    changes: tuple[CalendarChange, ...] = ()

    @property
    def days_off(self) -> frozenset[date]:
        return frozenset(change.day for change in self.changes if change.off)

    @property
    def days_worked(self) -> frozenset[date]:
        return frozenset(change.day for change in self.changes if not change.off)


CALENDAR_KINDS = {"nghi": True, "lam_bu": False}


@dataclass(frozen=True, slots=True)
class TieBreakRules:
    """Among equal candidates prefer the woman, or the collective with at least `women_share`
    women (NĐ 152/2025/NĐ-CP Điều 4 khoản 6)."""

    women_share: Fraction = Fraction(7, 10)
    citation: str = ""


@dataclass(frozen=True, slots=True)
class RulebookSpec:
    """One version of the catalogue, in force from `effective_from`. `base_salary` (đồng per
    month, in force from `base_salary_from`) times an award's multiple is its reward, rounded
    up to a multiple of `reward_round_up_to` đồng."""

    version: str
    effective_from: date
    awards: tuple[AwardSpec, ...]
    base_salary: Decimal
    citation: str
    base_salary_from: date | None = None
    base_salary_citation: str = ""
    reward_round_up_to: int = 1
    reward_citation: str = ""
    council: CouncilRules = field(default_factory=CouncilRules)
    tie_break: TieBreakRules = field(default_factory=TieBreakRules)
    calendar: CalendarRules = field(default_factory=CalendarRules)

    def award(self, code: str) -> AwardSpec:
        """The award `code`; KeyError (with a Vietnamese message) when the catalogue lacks it."""
        for award in self.awards:
            if award.code == code:
                return award
        raise KeyError(f"Bộ quy tắc {self.version} không có danh hiệu, hình thức mã “{code}”.")

    def has_award(self, code: str) -> bool:
        return any(award.code == code for award in self.awards)

    def reward_amount(self, code: str) -> Decimal:
        """Multiple × base salary, rounded up to `reward_round_up_to` đồng (0.3 × 2.340.000 =
        702.000 đ; rounded up to 10.000 đ: 710.000 đ)."""
        raw = self.award(code).reward_multiple * self.base_salary
        step = Decimal(max(1, self.reward_round_up_to))
        return (raw / step).to_integral_value(rounding=ROUND_CEILING) * step


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule judged for one subject and year: pass or fail, a Vietnamese explanation naming
    the facts ("Năm 2025 xếp loại Hoàn thành tốt nhiệm vụ; cần Hoàn thành xuất sắc nhiệm vụ"),
    the facts used (label → value, for the screen and the dossier) and the citation.
    `needs_council`: a criterion the platform cannot check (solidarity, leading a cluster…)
    that the council judges when it votes; it does not block eligibility. A result may be
    shared by many evaluations (the engine reuses it for every subject with the same facts):
    read `facts_used`, never change it."""

    code: str
    passed: bool
    explanation_vi: str
    facts_used: Mapping[str, str]
    citation: str
    description: str = ""
    needs_council: bool = False


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The answer for one subject, award and year under one rulebook version: eligible iff
    every rule passed. A value: stored as is, never recomputed when the rulebook changes."""

    award_code: str
    subject_ref: str
    year: int
    eligible: bool
    results: tuple[RuleResult, ...]
    rulebook_version: str

    @property
    def failures(self) -> tuple[RuleResult, ...]:
        return tuple(result for result in self.results if not result.passed)

    @property
    def needs_council(self) -> tuple[RuleResult, ...]:
        """The criteria left to the council's judgement."""
        return tuple(result for result in self.results if result.needs_council)


# ---------------------------------------------------------------------------------------------
# JSON


def fraction_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def parse_fraction(value: object, where: str) -> Fraction:
    """ "7/10", "0.7", 0.7 is refused (a float is inexact), 1 → Fraction(1)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RulebookFormatError([f"{where}: tỷ lệ phải viết dạng “7/10”, nhận {value!r}."])
    try:
        result = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise RulebookFormatError([f"{where}: “{value}” không phải một tỷ lệ."]) from None
    if not 0 <= result <= 1:
        raise RulebookFormatError([f"{where}: tỷ lệ {value} phải nằm trong khoảng 0 đến 1."])
    return result


def _decimal(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RulebookFormatError([f"{where}: số phải viết dạng chuỗi “2340000”, nhận {value!r}."])
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise RulebookFormatError([f"{where}: “{value}” không phải một số."]) from None
    if not result.is_finite() or result < 0:
        raise RulebookFormatError([f"{where}: “{value}” phải là số không âm."])
    return result


def _date(value: object, where: str) -> date:
    try:
        return date.fromisoformat(cast(str, value))
    except (TypeError, ValueError):
        raise RulebookFormatError([f"{where}: ngày phải viết dạng “2025-07-01”."]) from None


def _text(data: Mapping[str, object], key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key, "" if not required else None)
    if not isinstance(value, str) or (required and not value.strip()):
        raise RulebookFormatError([f"{where}: thiếu “{key}” (chuỗi ký tự)."])
    return value


def _object(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise RulebookFormatError([f"{where}: phải là một đối tượng JSON."])
    return cast(Mapping[str, object], value)


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise RulebookFormatError([f"{where}: phải là một danh sách JSON."])
    return value


def rule_to_json(rule: RuleSpec) -> dict[str, object]:
    return {
        "code": rule.code,
        "kind": rule.kind,
        "params": _plain(rule.params),
        "citation": rule.citation,
        "description": rule.description,
    }


def _plain(value: object) -> object:
    """A deep copy with JSON containers (mappings → dict, tuples → list)."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def award_to_json(award: AwardSpec) -> dict[str, object]:
    return {
        "code": award.code,
        "name": award.name,
        "subject": award.subject,
        "kind": award.kind,
        "vote_share": None if award.vote_share is None else fraction_text(award.vote_share),
        "reward_multiple": str(award.reward_multiple),
        "citation": award.citation,
        "counts_for_chains": award.counts_for_chains,
        "decided_by": award.decided_by,
        "decided_by_citation": award.decided_by_citation,
        "rules": [rule_to_json(rule) for rule in award.rules],
    }


def to_json(spec: RulebookSpec) -> dict[str, object]:
    """The rulebook as JSON-native data (strings for dates, shares and money): what the app
    stores. `from_json(to_json(spec)) == spec`."""
    return {
        "version": spec.version,
        "effective_from": spec.effective_from.isoformat(),
        "citation": spec.citation,
        "base_salary": str(spec.base_salary),
        "base_salary_from": (
            None if spec.base_salary_from is None else spec.base_salary_from.isoformat()
        ),
        "base_salary_citation": spec.base_salary_citation,
        "reward_round_up_to": spec.reward_round_up_to,
        "reward_citation": spec.reward_citation,
        "council": {
            "quorum": fraction_text(spec.council.quorum),
            "quorum_awards": fraction_text(spec.council.quorum_awards),
            "majority": fraction_text(spec.council.majority),
            "citation": spec.council.citation,
        },
        "tie_break": {
            "women_share": fraction_text(spec.tie_break.women_share),
            "citation": spec.tie_break.citation,
        },
        "awards": [award_to_json(award) for award in spec.awards],
        "calendar": [
            {
                "date": change.day.isoformat(),
                "kind": "nghi" if change.off else "lam_bu",
                "note": change.note,
                "citation": change.citation,
            }
            for change in spec.calendar.changes
        ],
    }


def _calendar_from_json(value: object) -> CalendarRules:
    changes = []
    for number, item in enumerate(_list(value, "Lịch làm việc"), 1):
        where = f"Lịch làm việc, dòng {number}"
        data = _object(item, where)
        kind = data.get("kind")
        if kind not in CALENDAR_KINDS:
            raise RulebookFormatError(
                [f"{where}: “kind” phải là “nghi” (ngày nghỉ) hoặc “lam_bu” (ngày làm bù)."]
            )
        changes.append(
            CalendarChange(
                day=_date(data.get("date"), f"{where}, ngày"),
                off=CALENDAR_KINDS[kind],
                note=_text(data, "note", where, required=False),
                citation=_text(data, "citation", where, required=False),
            )
        )
    return CalendarRules(tuple(sorted(changes, key=lambda change: change.day)))


def _rule_from_json(value: object, where: str) -> RuleSpec:
    data = _object(value, where)
    params = _object(data.get("params", {}), f"{where}, tham số")
    return RuleSpec(
        code=_text(data, "code", where),
        kind=_text(data, "kind", where),
        params=cast(Mapping[str, object], _plain(params)),
        citation=_text(data, "citation", where),
        description=_text(data, "description", where, required=False),
    )


def _award_from_json(value: object, index: int) -> AwardSpec:
    where = f"Danh hiệu, hình thức thứ {index}"
    data = _object(value, where)
    code = _text(data, "code", where)
    where = f"Danh hiệu, hình thức “{code}”"
    subject = data.get("subject")
    if subject not in SUBJECT_LABELS:
        raise RulebookFormatError(
            [f"{where}: đối tượng phải là “individual” (cá nhân) hoặc “collective” (tập thể)."]
        )
    kind = data.get("kind")
    if kind not in AWARD_KIND_LABELS:
        raise RulebookFormatError(
            [f"{where}: loại phải là “title” (danh hiệu) hoặc “form” (hình thức khen thưởng)."]
        )
    share = data.get("vote_share")
    chains = data.get("counts_for_chains", True)
    if not isinstance(chains, bool):
        raise RulebookFormatError([f"{where}: “counts_for_chains” phải là true hoặc false."])
    decided_by = data.get("decided_by", LEGACY_DECIDED_BY.get(code, "unit"))
    if not isinstance(decided_by, str):
        raise RulebookFormatError([f"{where}: “decided_by” (cấp quyết định) phải là chuỗi ký tự."])
    rules = tuple(
        _rule_from_json(rule, f"{where}, tiêu chí thứ {number}")
        for number, rule in enumerate(_list(data.get("rules", []), f"{where}, tiêu chí"), 1)
    )
    return AwardSpec(
        code=code,
        name=_text(data, "name", where),
        subject=cast(Subject, subject),
        kind=cast(AwardKind, kind),
        rules=rules,
        vote_share=None if share is None else parse_fraction(share, f"{where}, tỷ lệ phiếu"),
        reward_multiple=_decimal(data.get("reward_multiple", "0"), f"{where}, hệ số tiền thưởng"),
        citation=_text(data, "citation", where),
        counts_for_chains=chains,
        decided_by=cast(DecidingLevel, decided_by),
        decided_by_citation=_text(data, "decided_by_citation", where, required=False),
    )


def from_json(value: object) -> RulebookSpec:
    """The rulebook stored by `to_json`. Refuses (RulebookFormatError, Vietnamese messages) a
    missing or mistyped field; what the rules mean is checked by `validate_rulebook`."""
    data = _object(value, "Bộ quy tắc")
    where = "Bộ quy tắc"
    council = _object(data.get("council", {}), "Hội đồng")
    tie = _object(data.get("tie_break", {}), "Ưu tiên khi bằng nhau")
    round_to = data.get("reward_round_up_to", 1)
    if isinstance(round_to, bool) or not isinstance(round_to, int) or round_to < 1:
        raise RulebookFormatError([f"{where}: “reward_round_up_to” phải là số nguyên dương."])
    salary_from = data.get("base_salary_from")
    return RulebookSpec(
        version=_text(data, "version", where),
        effective_from=_date(data.get("effective_from"), f"{where}, ngày áp dụng"),
        citation=_text(data, "citation", where),
        base_salary=_decimal(data.get("base_salary"), f"{where}, mức lương cơ sở"),
        base_salary_from=(
            None
            if salary_from is None
            else _date(salary_from, f"{where}, ngày áp dụng mức lương cơ sở")
        ),
        base_salary_citation=_text(data, "base_salary_citation", where, required=False),
        reward_round_up_to=round_to,
        reward_citation=_text(data, "reward_citation", where, required=False),
        council=CouncilRules(
            quorum=parse_fraction(council.get("quorum", "2/3"), "Hội đồng, tỷ lệ có mặt"),
            quorum_awards=parse_fraction(
                council.get("quorum_awards", "4/5"), "Hội đồng, tỷ lệ có mặt khi xét khen thưởng"
            ),
            majority=parse_fraction(council.get("majority", "1/2"), "Hội đồng, đa số"),
            citation=_text(council, "citation", "Hội đồng", required=False),
        ),
        tie_break=TieBreakRules(
            women_share=parse_fraction(tie.get("women_share", "7/10"), "Ưu tiên, tỷ lệ nữ"),
            citation=_text(tie, "citation", "Ưu tiên khi bằng nhau", required=False),
        ),
        awards=tuple(
            _award_from_json(award, number)
            for number, award in enumerate(_list(data.get("awards"), f"{where}, danh mục"), 1)
        ),
        calendar=_calendar_from_json(data.get("calendar", [])),
    )
