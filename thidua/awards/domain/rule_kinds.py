"""The kinds of rule an award may have, and the check of a whole rulebook. Pure: no Django.

Each kind declares its parameters and builds, once per rule, a check `(facts, year, lookup) ->
RuleResult` with the parameters already parsed: evaluating 40.000 people parses nothing. Every
result explains itself in Vietnamese with the facts it read and the rule's citation.

`validate_rulebook(spec)` refuses what would make an evaluation meaningless: a rule of an unknown
kind, an unknown or ill-typed parameter, a reference to an award the catalogue lacks, a chain
of an award that does not count for chains, a rule for the wrong subject, circular "meets the
standard of" rules.
"""

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from typing import Protocol, cast

from thidua.awards.domain.facts import (
    DISCIPLINE_FORM_LABELS,
    DISCIPLINE_FORMS,
    HOLD_KIND_LABELS,
    INITIATIVE_LEVEL_LABELS,
    INITIATIVE_LEVELS,
    RATING_LABELS,
    RATING_RANKS,
    RESEARCH_LEVEL_LABELS,
    RESEARCH_LEVELS,
    CollectiveFacts,
    PersonFacts,
    Rating,
    SubjectFacts,
)
from thidua.awards.domain.params import (
    DISCIPLINE_FORM_CHOICES,
    HOLD_KIND_CHOICES,
    INITIATIVE_LEVEL_CHOICES,
    RESEARCH_LEVEL_CHOICES,
    Params,
    ParamSpec,
    RuleParamError,
    parse_params,
    years_text,
)
from thidua.awards.domain.rules import (
    DECIDING_LEVEL_LABELS,
    DECIDING_LEVELS,
    SUBJECT_LABELS,
    AwardSpec,
    CalendarRules,
    Evaluation,
    RulebookSpec,
    RuleResult,
    RuleSpec,
)


class AwardsLookup(Protocol):
    """What a rule may ask of the rest of the rulebook: whether the subject meets another
    award's standard in a year ("đạt tiêu chuẩn Lao động tiên tiến", Luật Điều 23)."""

    def meets(self, code: str, facts: SubjectFacts, year: int) -> Evaluation: ...


Check = Callable[[SubjectFacts, int, AwardsLookup], RuleResult]


class RulebookError(ValueError):
    """A rulebook that cannot be used; `messages` are Vietnamese, one per problem."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = tuple(messages)


@dataclass(frozen=True, slots=True)
class RuleMeta:
    code: str
    citation: str
    description: str


@dataclass(slots=True)
class CompileContext:
    """The catalogue a rule is compiled against, and the "meets" edges found (for cycles)."""

    awards: Mapping[str, AwardSpec]
    award: AwardSpec
    meets_edges: set[tuple[str, str]] = field(default_factory=set)

    def name(self, code: str) -> str:
        return self.awards[code].name

    def referenced(self, code: str, param: str, *, chain: bool = False) -> AwardSpec:
        """The award `code` a parameter names; refuses one the catalogue lacks, one for the
        other subject, and (for chains) one that does not count for chains."""
        referred = self.awards.get(code)
        if referred is None:
            raise RuleParamError(
                f"tham số “{param}” nhắc đến danh hiệu, hình thức mã “{code}” không có trong bộ "
                "quy tắc"
            )
        if referred.subject != self.award.subject:
            raise RuleParamError(
                f"tham số “{param}”: “{referred.name}” dành cho "
                f"{SUBJECT_LABELS[referred.subject]}, không dùng được cho "
                f"{SUBJECT_LABELS[self.award.subject]}"
            )
        if chain and not referred.counts_for_chains:
            raise RuleParamError(
                f"tham số “{param}”: “{referred.name}” không được tính vào chuỗi năm liên tục"
            )
        return referred


Builder = Callable[[Params, RuleMeta, CompileContext], Check]


@dataclass(frozen=True, slots=True)
class RuleKind:
    """A kind of rule: its Vietnamese name, the subjects it applies to, its parameters and the
    builder of its check."""

    code: str
    name: str
    subjects: frozenset[str]
    params: Mapping[str, ParamSpec]
    build: Builder


def _date(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _sentence(text: str) -> str:
    """The first letter in capitals, the rest untouched (str.capitalize lowers names)."""
    return text[:1].upper() + text[1:]


def _percent(value: Fraction) -> str:
    """ "70%", "66,7%" (Vietnamese decimal comma)."""
    tenths = round(value * 1000)
    text = f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths // 10},{tenths % 10}"
    return f"{text}%"


def _result(
    meta: RuleMeta,
    passed: bool,
    explanation: str,
    facts_used: Mapping[str, str],
    *,
    needs_council: bool = False,
) -> RuleResult:
    return RuleResult(
        code=meta.code,
        passed=passed,
        explanation_vi=explanation,
        facts_used=facts_used,
        citation=meta.citation,
        description=meta.description,
        needs_council=needs_council,
    )


def _span(params: Params) -> tuple[int, int]:
    """(years, end_offset) of a windowed rule, read once at compile time."""
    return params.number("years"), params.number("end_offset")


def _memoised(check: Check, key: Callable[[SubjectFacts, int], Hashable | None]) -> Check:
    """`check` answering from a memo when `key` says the result depends on nothing but the
    key (most people have no discipline, no hold, the same few ratings): the same immutable
    RuleResult is shared, and 40.000 people cost a few thousand explanations. A None key
    computes as usual."""
    memo: dict[Hashable, RuleResult] = {}

    def cached(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        signature = key(facts, year)
        if signature is None:
            return check(facts, year, lookup)
        found = memo.get(signature)
        if found is None:
            found = check(facts, year, lookup)
            found = memo[signature] = replace(found, facts_used=dict(found.facts_used))
        return found

    return cached


_YEARS = ParamSpec("int", "số năm liên tục (tính đến năm xét)", default=1, minimum=1)
_END_OFFSET = ParamSpec(
    "int", "kết thúc trước năm xét bao nhiêu năm (0: gồm năm xét)", default=0, minimum=0
)


# --- rating_at_least -------------------------------------------------------------------------


def _need_rating(minimum: Rating) -> str:
    label = RATING_LABELS[minimum]
    return label if minimum == Rating.HTXSNV else f"{label} trở lên"


def build_rating_at_least(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """The yearly rating is at least `min_rating` in each of the `years` years ending
    `end_offset` years before the year considered."""
    minimum = Rating(params.text("min_rating"))
    need_rank = RATING_RANKS[minimum]
    need = _need_rating(minimum)
    span, offset = _span(params)

    def check(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        last = year - offset
        first = last - span + 1
        used: dict[str, str] = {}
        seen: list[str] = []
        passed = True
        for y in range(first, last + 1):
            rating = facts.ratings.get(y)
            if rating is None:
                used[f"Xếp loại năm {y}"] = "chưa có"
                seen.append(f"năm {y} chưa có kết quả xếp loại")
                passed = False
                continue
            label = RATING_LABELS[rating]
            used[f"Xếp loại năm {y}"] = label
            seen.append(f"năm {y} xếp loại {label}")
            if RATING_RANKS[rating] < need_rank:
                passed = False
        if first == last:
            explanation = f"{_sentence(seen[0])}; cần {need}."
        else:
            explanation = (
                f"{_sentence('; '.join(seen))}; cần {need} trong {last - first + 1} năm liên "
                f"tục {first}–{last}."
            )
        return _result(meta, passed, explanation, used)

    if span == 1:
        return _memoised(check, lambda facts, year: (year, facts.ratings.get(year - offset)))

    def key(facts: SubjectFacts, year: int) -> Hashable:
        last = year - offset
        return (year, *[facts.ratings.get(y) for y in range(last - span + 1, last + 1)])

    return _memoised(check, key)


# --- consecutive_award -----------------------------------------------------------------------


def _chain_cutoff(facts: SubjectFacts, last: int) -> tuple[int, date | None]:
    """The last year whose achievements do not count because of a discipline (NĐ 152/2025
    Điều 4 khoản 4: achievements count only from the day the discipline ends), and that day
    (None while it lasts). (0, None) without discipline."""
    cutoff, until = 0, None
    for record in facts.discipline:
        if record.start.year > last:
            continue
        if record.end is None:
            return last, None
        if record.end.year > cutoff:
            cutoff, until = record.end.year, record.end
    return cutoff, until


def _rank(facts: SubjectFacts, year: int) -> int:
    rating = facts.ratings.get(year)
    return -1 if rating is None else RATING_RANKS[rating]


def build_consecutive_award(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """The subject holds one of `awards` in each of `years` consecutive years (ending
    `end_offset` years before the year considered), or, where `or_rating` is set, is rated at
    least that in the year. Awards from a thematic movement never count (NĐ 152/2025/NĐ-CP
    Điều 4 khoản 3); revoked awards never count (Luật 06/2022/QH15 Chương VII); years up to the
    end of a discipline never count (NĐ 152/2025/NĐ-CP Điều 4 khoản 4)."""
    codes = params.texts("awards")
    for code in codes:
        ctx.referenced(code, "awards", chain=True)
    wanted = frozenset(codes)
    names = " hoặc ".join(f"“{ctx.name(code)}”" for code in codes)
    or_text = params.optional_text("or_rating")
    or_rank = None if or_text is None else RATING_RANKS[Rating(or_text)]
    if or_text is not None:
        names += f" hoặc xếp loại {_need_rating(Rating(or_text))}"
    span, offset = _span(params)

    def check(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        last = year - offset
        first = last - span + 1
        cutoff, until = _chain_cutoff(facts, last)
        held: dict[int, list[str]] = {}
        excluded: dict[int, list[str]] = {}
        for award in facts.awards:
            if award.code not in wanted or not first <= award.year <= last:
                continue
            name = ctx.name(award.code)
            decision = f" ({award.decision})" if award.decision else ""
            if award.revoked:
                excluded.setdefault(award.year, []).append(
                    f"“{name}”{decision} đã bị hủy bỏ, không tính"
                )
            elif award.thematic:
                excluded.setdefault(award.year, []).append(
                    f"“{name}”{decision} thuộc phong trào thi đua theo chuyên đề, không tính vào "
                    "chuỗi năm liên tục"
                )
            else:
                held.setdefault(award.year, []).append(f"“{name}”{decision}")
        used: dict[str, str] = {}
        gaps: list[str] = []
        for y in range(first, last + 1):
            if y <= cutoff:
                since = "chưa chấp hành xong" if until is None else f"đến {_date(until)}"
                used[f"Năm {y}"] = "không tính (kỷ luật)"
                gaps.append(
                    f"năm {y} không tính vì kỷ luật {since}: thành tích chỉ được tính từ ngày "
                    "chấp hành xong kỷ luật"
                )
            elif y in held:
                used[f"Năm {y}"] = ", ".join(held[y])
            elif or_rank is not None and _rank(facts, y) >= or_rank:
                used[f"Năm {y}"] = f"xếp loại {RATING_LABELS[facts.ratings[y]]}"
            else:
                reasons = excluded.get(y)
                used[f"Năm {y}"] = "; ".join(reasons) if reasons else "không có"
                gaps.append(f"năm {y}: {'; '.join(reasons)}" if reasons else f"năm {y} không có")
        count = last - first + 1
        need = f"cần {names} {count} năm liên tục {first}–{last}"
        if gaps:
            return _result(meta, False, f"{_sentence('; '.join(gaps))}; {need}.", used)
        held_text = "; ".join(f"năm {y}: {used[f'Năm {y}']}" for y in range(first, last + 1))
        return _result(meta, True, f"{_sentence(held_text)}; {need}.", used)

    def key(facts: SubjectFacts, year: int) -> Hashable:
        if facts.discipline:
            return None
        last = year - offset
        first = last - span + 1
        relevant = tuple(
            [
                award
                for award in facts.awards
                if award.code in wanted and first <= award.year <= last
            ]
        )
        if or_rank is None:
            return (year, relevant)
        return (year, relevant, *[facts.ratings.get(y) for y in range(first, last + 1)])

    return _memoised(check, key)


# --- initiatives and research ----------------------------------------------------------------


def build_initiative_recognised(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """At least `count` initiatives recognised at `min_level` or above in the window. An
    initiative already used as the basis of another award does not count: "một sáng kiến chỉ
    được sử dụng một lần khi làm tiêu chuẩn đề nghị khen thưởng" (Công văn 5007/BNV-TĐKT năm
    2023; LEGAL.md §1.3, §3)."""
    min_level = params.text("min_level")
    min_rank = INITIATIVE_LEVELS[min_level]
    level_text = f"{INITIATIVE_LEVEL_LABELS[min_level]} trở lên"
    count = params.number("count")
    span, offset = _span(params)

    def check(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        person = cast(PersonFacts, facts)
        last = year - offset
        first = last - span + 1
        usable: list[str] = []
        spent: list[str] = []
        used: dict[str, str] = {}
        for number, item in enumerate(person.initiatives, 1):
            if not first <= item.year <= last or INITIATIVE_LEVELS.get(item.level, -1) < min_rank:
                continue
            ref = item.ref or f"#{number}"
            where = f"{INITIATIVE_LEVEL_LABELS[item.level]}, năm {item.year}"
            if item.used_for_award:
                spent.append(ref)
                used[f"Sáng kiến {ref}"] = f"{where}; đã dùng làm căn cứ khen thưởng khác"
            else:
                usable.append(ref)
                used[f"Sáng kiến {ref}"] = where
        window = years_text(first, last)
        have = (
            f"Có {len(usable)} sáng kiến được công nhận {level_text} {window} ({', '.join(usable)})"
            if usable
            else f"Không có sáng kiến được công nhận {level_text} {window} chưa dùng làm căn cứ"
        )
        note = (
            f"; sáng kiến {', '.join(spent)} đã dùng làm căn cứ khen thưởng khác, mỗi sáng kiến "
            "chỉ được sử dụng một lần"
            if spent
            else ""
        )
        passed = len(usable) >= count
        return _result(meta, passed, f"{have}{note}; cần ít nhất {count}.", used)

    return _memoised(
        check, lambda facts, year: None if cast(PersonFacts, facts).initiatives else year
    )


def build_research_accepted(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """At least `count` research projects (đề tài, đề án, công trình KH&CN) accepted at
    `min_level` or above in the window (Luật 06/2022/QH15 Điều 22, 23)."""
    min_level = params.text("min_level")
    min_rank = RESEARCH_LEVELS[min_level]
    level_text = f"{RESEARCH_LEVEL_LABELS[min_level]} trở lên"
    count = params.number("count")
    span, offset = _span(params)

    def check(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        person = cast(PersonFacts, facts)
        last = year - offset
        first = last - span + 1
        found: list[str] = []
        used: dict[str, str] = {}
        for number, item in enumerate(person.research, 1):
            if not first <= item.year <= last or RESEARCH_LEVELS.get(item.level, -1) < min_rank:
                continue
            ref = item.ref or f"#{number}"
            found.append(ref)
            used[f"Đề tài {ref}"] = f"{RESEARCH_LEVEL_LABELS[item.level]}, nghiệm thu {item.year}"
        window = years_text(first, last)
        have = (
            f"Có {len(found)} đề tài, đề án được nghiệm thu {level_text} {window} "
            f"({', '.join(found)})"
            if found
            else f"Không có đề tài, đề án được nghiệm thu {level_text} {window}"
        )
        return _result(meta, len(found) >= count, f"{have}; cần ít nhất {count}.", used)

    return _memoised(check, lambda facts, year: None if cast(PersonFacts, facts).research else year)


# --- discipline, holds, time worked ----------------------------------------------------------


def build_no_discipline(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """No discipline of `min_form` or heavier in force at any time of the window: no award
    while a discipline runs (NĐ 152/2025/NĐ-CP Điều 4 khoản 4). A form the engine does not
    know counts as the heaviest."""
    min_form = params.text("min_form")
    min_rank = DISCIPLINE_FORMS[min_form]
    forms = "kỷ luật" if min_rank == 0 else f"kỷ luật từ {DISCIPLINE_FORM_LABELS[min_form]} trở lên"
    span, offset = _span(params)

    def check(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        last = year - offset
        first = last - span + 1
        found: list[str] = []
        used: dict[str, str] = {}
        for record in facts.discipline:
            if DISCIPLINE_FORMS.get(record.form, 99) < min_rank:
                continue
            if record.start.year > last or (record.end is not None and record.end.year < first):
                continue
            label = DISCIPLINE_FORM_LABELS.get(record.form, record.form)
            until = "nay" if record.end is None else _date(record.end)
            text = f"{label} từ {_date(record.start)} đến {until}"
            found.append(text)
            used[f"Kỷ luật {len(found)}"] = text
        window = years_text(first, last)
        if found:
            explanation = (
                f"Bị kỷ luật {'; '.join(found)}, trong {window}; không khen thưởng trong thời "
                "gian chấp hành kỷ luật."
            )
            return _result(meta, False, explanation, used)
        return _result(meta, True, f"Không bị {forms} trong {window}.", used)

    return _memoised(check, lambda facts, year: None if facts.discipline else year)


def build_no_hold(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """Nothing pending among `kinds` (all kinds when empty): no award while discipline is
    being considered, or an inspection, investigation or complaint is unresolved (NĐ
    152/2025/NĐ-CP Điều 4 khoản 4)."""
    kinds = frozenset(params.texts("kinds")) if params.raw("kinds") else frozenset()

    def check(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        found: list[str] = []
        used: dict[str, str] = {}
        for hold in facts.holds:
            if hold.end is not None or (kinds and hold.kind not in kinds):
                continue
            text = f"{HOLD_KIND_LABELS.get(hold.kind, hold.kind)} từ {_date(hold.start)}"
            found.append(text)
            used[f"Vụ việc {len(found)}"] = text
        if found:
            explanation = (
                f"{_sentence('; '.join(found))}: chưa xét khen thưởng khi chưa có kết luận."
            )
            return _result(meta, False, explanation, used)
        return _result(
            meta,
            True,
            "Không có vụ việc thanh tra, điều tra, khiếu nại, kỷ luật đang xem xét.",
            used,
        )

    return _memoised(check, lambda facts, year: None if facts.holds else 0)


def build_months_worked(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """At least `min_months` months worked in the year; maternity leave counts as worked time
    when `count_maternity` (NĐ 152/2025/NĐ-CP Điều 4 khoản 5). Without a record of months (the
    platform does not track it), the whole year is assumed, and the explanation says so."""
    minimum = params.number("min_months")
    count_maternity = params.flag("count_maternity")

    def check(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        person = cast(PersonFacts, facts)
        maternity = 0
        if count_maternity:
            maternity = sum(
                leave.months_in_year(year) for leave in person.leaves if leave.kind == "maternity"
            )
        need = f"cần ít nhất {minimum} tháng"
        if person.months_worked is None:
            used = {f"Thời gian công tác năm {year}": "không theo dõi (coi là đủ 12 tháng)"}
            explanation = (
                f"Không có số liệu thời gian công tác năm {year}, coi là đủ 12 tháng; {need}."
            )
            return _result(meta, minimum <= 12, explanation, used)
        worked = person.months_worked.get(year, 0)
        total = min(12, worked + maternity)
        used = {f"Thời gian công tác năm {year}": f"{worked} tháng"}
        if maternity:
            used[f"Nghỉ thai sản năm {year}"] = f"{maternity} tháng (được tính)"
            explanation = (
                f"Năm {year} công tác {worked} tháng, nghỉ thai sản {maternity} tháng được tính "
                f"là thời gian công tác, tổng {total} tháng; {need}."
            )
        else:
            explanation = f"Năm {year} công tác {worked} tháng; {need}."
        return _result(meta, total >= minimum, explanation, used)

    def key(facts: SubjectFacts, year: int) -> Hashable:
        person = cast(PersonFacts, facts)
        if person.leaves and count_maternity:
            return None
        months = person.months_worked
        return (year, None if months is None else months.get(year, 0))

    return _memoised(check, key)


# --- members of a collective -----------------------------------------------------------------

MEMBER_MEASURES: Mapping[str, str] = {
    "completing_tasks": "hoàn thành nhiệm vụ được giao",
    "advanced_workers": "đạt danh hiệu “Lao động tiên tiến”",
    "emulation_fighters": "đạt danh hiệu “Chiến sĩ thi đua cơ sở”",
    "disciplined": "bị kỷ luật từ cảnh cáo trở lên",
}


def _member_key(measure: str) -> Callable[[SubjectFacts, int], Hashable]:
    def key(facts: SubjectFacts, year: int) -> Hashable:
        stats = cast(CollectiveFacts, facts).member_stats.get(year)
        if stats is None:
            return (year, None, None)
        return (year, stats.total, getattr(stats, measure))

    return key


def build_member_share(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """At least `min_share` of the collective's members satisfy `measure` in the year (e.g.
    ≥ 70 % "Lao động tiên tiến", 100 % completing their tasks: Luật 06/2022/QH15 Điều 27, 28).
    Exact: count × denominator ≥ numerator × total."""
    measure = params.text("measure")
    label = MEMBER_MEASURES[measure]
    share = params.share("min_share")
    need = f"cần {_percent(share)}" if share == 1 else f"cần ít nhất {_percent(share)}"

    def check(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        stats = cast(CollectiveFacts, facts).member_stats.get(year)
        if stats is None or stats.total <= 0:
            explanation = f"Năm {year} chưa có số liệu thành viên của tập thể; {need}."
            return _result(meta, False, explanation, {f"Thành viên năm {year}": "chưa có"})
        value: int = getattr(stats, measure)
        actual = Fraction(value, stats.total)
        used = {
            f"Thành viên năm {year}": str(stats.total),
            f"Số {label} năm {year}": f"{value} ({_percent(actual)})",
        }
        explanation = (
            f"Năm {year} có {value}/{stats.total} cá nhân ({_percent(actual)}) {label}; {need}."
        )
        passed = value * share.denominator >= share.numerator * stats.total
        return _result(meta, passed, explanation, used)

    return _memoised(check, _member_key(measure))


def build_member_count(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """The number of members satisfying `measure` in the year is at least `min` and at most
    `max` (e.g. at least one "Chiến sĩ thi đua cơ sở", Luật Điều 27; nobody disciplined from
    "cảnh cáo" up, Luật Điều 28)."""
    measure = params.text("measure")
    label = MEMBER_MEASURES[measure]
    low, high = params.optional_number("min"), params.optional_number("max")
    if low is None and high is None:
        raise RuleParamError("cần ít nhất một trong hai tham số “min”, “max”")
    if high == 0:
        need = "cần không có cá nhân nào"
    else:
        parts = [f"ít nhất {low}" if low is not None else "", f"không quá {high}" if high else ""]
        need = "cần " + ", ".join(part for part in parts if part)

    def check(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        stats = cast(CollectiveFacts, facts).member_stats.get(year)
        if stats is None or stats.total <= 0:
            explanation = f"Năm {year} chưa có số liệu thành viên của tập thể; {need}."
            return _result(meta, False, explanation, {f"Thành viên năm {year}": "chưa có"})
        value: int = getattr(stats, measure)
        passed = (low is None or value >= low) and (high is None or value <= high)
        used = {f"Số cá nhân {label} năm {year}": str(value)}
        return _result(meta, passed, f"Năm {year} có {value} cá nhân {label}; {need}.", used)

    return _memoised(check, _member_key(measure))


# --- other awards, the council, combinations -------------------------------------------------


def build_meets_award(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """The subject meets every rule of `award` in the year considered, e.g. "đạt tiêu chuẩn
    danh hiệu Lao động tiên tiến" for Chiến sĩ thi đua cơ sở (Luật 06/2022/QH15 Điều 23)."""
    code = params.text("award")
    ctx.referenced(code, "award")
    ctx.meets_edges.add((ctx.award.code, code))
    name = ctx.name(code)
    passes: dict[int, RuleResult] = {}

    def check(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        evaluation = lookup.meets(code, facts, year)
        if evaluation.eligible:
            found = passes.get(year)
            if found is None:
                used = {f"Tiêu chuẩn “{name}” năm {year}": "đạt"}
                found = passes[year] = _result(
                    meta, True, f"Đạt tiêu chuẩn “{name}” năm {year}.", used
                )
            return found
        used = {f"Tiêu chuẩn “{name}” năm {year}": "chưa đạt"}
        reasons = " ".join(failure.explanation_vi for failure in evaluation.failures)
        explanation = f"Chưa đạt tiêu chuẩn “{name}” năm {year}: {reasons}"
        return _result(meta, False, explanation, used)

    return check


def build_council_judgement(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """A criterion the platform cannot check (solidarity, exemplary conduct, leading a cluster):
    the council judges it when it deliberates and votes (biên bản bình xét). It passes and is
    marked `needs_council`, so no one mistakes it for a checked fact."""
    criterion = params.text("criterion")
    explanation = (
        f"Tiêu chí do Hội đồng Thi đua – Khen thưởng đánh giá khi bình xét, bỏ phiếu: {criterion}."
    )

    result = _result(meta, True, explanation, {}, needs_council=True)

    def check(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        return result

    return check


def _sub_rules(params: Params, meta: RuleMeta, ctx: CompileContext) -> list[tuple[str, Check]]:
    compiled = []
    for number, item in enumerate(params.items("rules"), 1):
        if not isinstance(item, Mapping) or not isinstance(item.get("kind"), str):
            raise RuleParamError(f"điều kiện con thứ {number} phải có “kind” (loại tiêu chí)")
        raw = cast(Mapping[str, object], item)
        kind = RULE_KINDS.get(str(raw["kind"]))
        if kind is None:
            raise RuleParamError(f"điều kiện con thứ {number}: {_unknown_kind(raw['kind'])}")
        description = raw.get("description")
        description = description if isinstance(description, str) and description else kind.name
        sub_meta = RuleMeta(f"{meta.code}.{number}", meta.citation, description)
        values = raw.get("params", {})
        if not isinstance(values, Mapping):
            raise RuleParamError(f"điều kiện con thứ {number}: “params” phải là một đối tượng")
        try:
            check = compile_kind(kind, cast(Mapping[str, object], values), sub_meta, ctx)
        except RuleParamError as error:
            raise RuleParamError(f"điều kiện con thứ {number}: {error.message}") from None
        compiled.append((description, check))
    return compiled


_COMBINED_MEMO_LIMIT = 4096


def _combined(combine: Callable[[list[RuleResult]], RuleResult], subs: list[Check]) -> Check:
    """A check combining sub-checks' results, memoised on the identity of those results: the
    sub-results shared from their own memos (the same object for every person with no
    discipline, the same rating…) give the same combination. The memo keeps the sub-results
    alive, so an identity in it can never be another object's; it stops growing at a limit."""
    memo: dict[tuple[int, ...], tuple[list[RuleResult], RuleResult]] = {}

    def check(facts: SubjectFacts, year: int, lookup: AwardsLookup) -> RuleResult:
        results = [sub(facts, year, lookup) for sub in subs]
        key = tuple([id(result) for result in results])
        found = memo.get(key)
        if found is not None:
            return found[1]
        combined = combine(results)
        if len(memo) < _COMBINED_MEMO_LIMIT:
            memo[key] = (results, combined)
        return combined

    return check


def _merged_facts(results: list[RuleResult]) -> dict[str, str]:
    used: dict[str, str] = {}
    for result in results:
        used.update(result.facts_used)
    return used


def build_any_of(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """At least one of the sub-rules passes ("hoàn thành xuất sắc nhiệm vụ HOẶC có sáng kiến
    HOẶC có đề tài", Luật 06/2022/QH15 Điều 23). A pass that rests only on the council's
    judgement is marked `needs_council`."""
    branches = _sub_rules(params, meta, ctx)
    descriptions = [description for description, _ in branches]

    def combine(results: list[RuleResult]) -> RuleResult:
        used = _merged_facts(results)
        passing = [(d, r) for d, r in zip(descriptions, results, strict=True) if r.passed]
        checked = [(d, r) for d, r in passing if not r.needs_council]
        if checked or passing:
            description, result = (checked or passing)[0]
            explanation = f"Đạt điều kiện “{description}”: {result.explanation_vi}"
            return _result(meta, True, explanation, used, needs_council=not checked)
        reasons = " ".join(
            f"({number}) {description}: {result.explanation_vi}"
            for number, (description, result) in enumerate(
                zip(descriptions, results, strict=True), 1
            )
        )
        return _result(meta, False, f"Không đạt điều kiện nào: {reasons}", used)

    return _combined(combine, [sub for _, sub in branches])


def build_all_of(params: Params, meta: RuleMeta, ctx: CompileContext) -> Check:
    """Every sub-rule passes (a branch of an "any_of", e.g. "02 năm liên tục hoàn thành xuất
    sắc nhiệm vụ và 02 sáng kiến", Bằng khen, LEGAL.md §1.4)."""
    branches = _sub_rules(params, meta, ctx)

    def combine(results: list[RuleResult]) -> RuleResult:
        passed = all(result.passed for result in results)
        explanation = " ".join(result.explanation_vi for result in results)
        council = passed and any(result.needs_council for result in results)
        return _result(meta, passed, explanation, _merged_facts(results), needs_council=council)

    return _combined(combine, [sub for _, sub in branches])


# --- the registry ----------------------------------------------------------------------------

_BOTH = frozenset({"individual", "collective"})
_PERSON = frozenset({"individual"})
_COLLECTIVE = frozenset({"collective"})
_MEASURES = MEMBER_MEASURES

RULE_KINDS: Mapping[str, RuleKind] = {
    kind.code: kind
    for kind in (
        RuleKind(
            "rating_at_least",
            "Xếp loại mức độ hoàn thành nhiệm vụ",
            _BOTH,
            {
                "min_rating": ParamSpec("rating", "xếp loại tối thiểu", required=True),
                "years": _YEARS,
                "end_offset": _END_OFFSET,
            },
            build_rating_at_least,
        ),
        RuleKind(
            "consecutive_award",
            "Danh hiệu, hình thức đạt nhiều năm liên tục",
            _BOTH,
            {
                "awards": ParamSpec("awards", "mã danh hiệu, hình thức được tính", required=True),
                "years": _YEARS,
                "end_offset": _END_OFFSET,
                "or_rating": ParamSpec("rating", "hoặc xếp loại tối thiểu trong năm đó"),
            },
            build_consecutive_award,
        ),
        RuleKind(
            "initiative_recognised",
            "Sáng kiến được công nhận (mỗi sáng kiến dùng một lần)",
            _PERSON,
            {
                "min_level": ParamSpec(
                    "choice",
                    "cấp công nhận tối thiểu",
                    default="base",
                    choices=INITIATIVE_LEVEL_CHOICES,
                ),
                "count": ParamSpec("int", "số sáng kiến tối thiểu", default=1, minimum=1),
                "years": _YEARS,
                "end_offset": _END_OFFSET,
            },
            build_initiative_recognised,
        ),
        RuleKind(
            "research_accepted",
            "Đề tài, đề án khoa học được nghiệm thu",
            _PERSON,
            {
                "min_level": ParamSpec(
                    "choice",
                    "cấp nghiệm thu tối thiểu",
                    default="base",
                    choices=RESEARCH_LEVEL_CHOICES,
                ),
                "count": ParamSpec("int", "số đề tài tối thiểu", default=1, minimum=1),
                "years": _YEARS,
                "end_offset": _END_OFFSET,
            },
            build_research_accepted,
        ),
        RuleKind(
            "no_discipline",
            "Không bị kỷ luật",
            _BOTH,
            {
                "min_form": ParamSpec(
                    "choice",
                    "hình thức kỷ luật nhẹ nhất bị tính",
                    default="reprimand",
                    choices=DISCIPLINE_FORM_CHOICES,
                ),
                "years": _YEARS,
                "end_offset": _END_OFFSET,
            },
            build_no_discipline,
        ),
        RuleKind(
            "no_hold",
            "Không có vụ việc đang xem xét",
            _BOTH,
            {
                "kinds": ParamSpec(
                    "choices", "loại vụ việc (rỗng: mọi loại)", choices=HOLD_KIND_CHOICES
                )
            },
            build_no_hold,
        ),
        RuleKind(
            "months_worked",
            "Thời gian công tác trong năm",
            _PERSON,
            {
                "min_months": ParamSpec("int", "số tháng tối thiểu", default=10, minimum=1),
                "count_maternity": ParamSpec("bool", "tính thời gian nghỉ thai sản", default=True),
            },
            build_months_worked,
        ),
        RuleKind(
            "member_share",
            "Tỷ lệ cá nhân trong tập thể",
            _COLLECTIVE,
            {
                "measure": ParamSpec("choice", "chỉ tiêu", required=True, choices=_MEASURES),
                "min_share": ParamSpec("share", "tỷ lệ tối thiểu, dạng “7/10”", required=True),
            },
            build_member_share,
        ),
        RuleKind(
            "member_count",
            "Số cá nhân trong tập thể",
            _COLLECTIVE,
            {
                "measure": ParamSpec("choice", "chỉ tiêu", required=True, choices=_MEASURES),
                "min": ParamSpec("int", "số tối thiểu"),
                "max": ParamSpec("int", "số tối đa"),
            },
            build_member_count,
        ),
        RuleKind(
            "meets_award",
            "Đạt tiêu chuẩn của danh hiệu khác",
            _BOTH,
            {"award": ParamSpec("award", "mã danh hiệu", required=True)},
            build_meets_award,
        ),
        RuleKind(
            "council_judgement",
            "Tiêu chí do Hội đồng đánh giá",
            _BOTH,
            {"criterion": ParamSpec("text", "nội dung tiêu chí", required=True)},
            build_council_judgement,
        ),
        RuleKind(
            "any_of",
            "Đạt một trong các điều kiện",
            _BOTH,
            {"rules": ParamSpec("rules", "các điều kiện con", required=True)},
            build_any_of,
        ),
        RuleKind(
            "all_of",
            "Đạt tất cả các điều kiện",
            _BOTH,
            {"rules": ParamSpec("rules", "các điều kiện con", required=True)},
            build_all_of,
        ),
    )
}


def _unknown_kind(kind: object) -> str:
    known = ", ".join(f"“{code}”" for code in RULE_KINDS)
    return f"loại tiêu chí “{kind}” không tồn tại; các loại được hỗ trợ: {known}"


def compile_kind(
    kind: RuleKind, values: Mapping[str, object], meta: RuleMeta, ctx: CompileContext
) -> Check:
    """Parse `values` for `kind` and build its check; RuleParamError when they don't fit."""
    if ctx.award.subject not in kind.subjects:
        raise RuleParamError(
            f"loại tiêu chí “{kind.code}” ({kind.name}) không áp dụng cho "
            f"{SUBJECT_LABELS[ctx.award.subject]}"
        )
    return kind.build(parse_params(kind.params, values), meta, ctx)


def compile_rule(rule: RuleSpec, ctx: CompileContext) -> Check:
    kind = RULE_KINDS.get(rule.kind)
    if kind is None:
        raise RuleParamError(_unknown_kind(rule.kind))
    meta = RuleMeta(rule.code, rule.citation, rule.description or kind.name)
    return compile_kind(kind, rule.params, meta, ctx)


def compile_awards(
    spec: RulebookSpec,
) -> tuple[dict[str, tuple[tuple[RuleSpec, Check], ...]], list[str]]:
    """Every award's rules compiled, and the Vietnamese problems found (empty: usable)."""
    problems: list[str] = []
    awards: dict[str, AwardSpec] = {}
    for award in spec.awards:
        if award.code in awards:
            problems.append(f"Mã danh hiệu, hình thức “{award.code}” bị trùng.")
        awards[award.code] = award
    compiled: dict[str, tuple[tuple[RuleSpec, Check], ...]] = {}
    edges: set[tuple[str, str]] = set()
    for award in spec.awards:
        where = f"“{award.name}” ({award.code})"
        if not award.rules:
            problems.append(f"{where} chưa có tiêu chí nào.")
        if not award.citation.strip():
            problems.append(f"{where} thiếu căn cứ pháp lý.")
        ctx = CompileContext(awards=awards, award=award)
        checks: list[tuple[RuleSpec, Check]] = []
        codes: set[str] = set()
        for rule in award.rules:
            label = f"Tiêu chí “{rule.code}” của {where}"
            if rule.code in codes:
                problems.append(f"{label} bị trùng mã.")
            codes.add(rule.code)
            if not rule.citation.strip():
                problems.append(f"{label} thiếu căn cứ pháp lý.")
            try:
                checks.append((rule, compile_rule(rule, ctx)))
            except RuleParamError as error:
                problems.append(f"{label}: {error.message}.")
        edges |= ctx.meets_edges
        compiled[award.code] = tuple(checks)
    problems.extend(_cycles(edges, awards))
    return compiled, problems


def _cycles(edges: set[tuple[str, str]], awards: Mapping[str, AwardSpec]) -> list[str]:
    """ "Đạt tiêu chuẩn" rules that lead back to their own award."""
    following: dict[str, list[str]] = {}
    for source, target in sorted(edges):
        following.setdefault(source, []).append(target)
    problems = []
    for start in sorted(following):
        stack, seen = list(following[start]), set()
        while stack:
            code = stack.pop()
            if code == start:
                problems.append(
                    f"“{awards[start].name}” ({start}) tự dẫn chiếu lại chính nó qua các tiêu "
                    "chí “đạt tiêu chuẩn”."
                )
                break
            if code not in seen:
                seen.add(code)
                stack.extend(following.get(code, ()))
    return problems


def validate_rulebook(spec: RulebookSpec) -> tuple[str, ...]:
    """The Vietnamese problems of a rulebook (empty: it can be published): unknown rule kinds,
    unknown or ill-typed parameters, references to awards the catalogue lacks or of the other
    subject, chains of awards that do not count for chains, circular references, duplicate
    codes, missing citations, shares outside 0–1, a non-positive base salary."""
    _, problems = compile_awards(spec)
    if spec.base_salary <= 0:
        problems.insert(0, "Mức lương cơ sở phải lớn hơn 0.")
    if not spec.version.strip():
        problems.insert(0, "Bộ quy tắc thiếu số hiệu phiên bản.")
    for award in spec.awards:
        if award.vote_share is not None and not 0 < award.vote_share <= 1:
            problems.append(f"“{award.name}”: tỷ lệ phiếu đồng ý phải trong khoảng (0, 1].")
        if award.decided_by not in DECIDING_LEVELS:
            problems.append(
                f"“{award.name}”: cấp quyết định “{award.decided_by}” không hợp lệ; chọn "
                + ", ".join(
                    f"“{level}” ({DECIDING_LEVEL_LABELS[level]})" for level in DECIDING_LEVELS
                )
                + "."
            )
    council = spec.council
    for label, share in (
        ("tỷ lệ có mặt tối thiểu", council.quorum),
        ("tỷ lệ có mặt khi xét khen thưởng", council.quorum_awards),
    ):
        if not 0 < share <= 1:
            problems.append(f"Hội đồng: {label} phải trong khoảng (0, 1].")
    problems.extend(calendar_problems(spec.calendar))
    return tuple(problems)


def calendar_problems(calendar: CalendarRules) -> list[str]:
    """A day given off must be a weekday, a day worked a Saturday or Sunday, each day once."""
    problems: list[str] = []
    seen: set[date] = set()
    for change in calendar.changes:
        day = f"{change.day:%d/%m/%Y}"
        if change.day in seen:
            problems.append(f"Lịch làm việc: ngày {day} ghi hai lần.")
        seen.add(change.day)
        weekend = change.day.weekday() >= 5
        if change.off and weekend:
            problems.append(
                f"Lịch làm việc: ngày {day} là thứ Bảy hoặc Chủ nhật, vốn đã nghỉ: "
                "chỉ ghi ngày nghỉ là ngày thường."
            )
        if not change.off and not weekend:
            problems.append(
                f"Lịch làm việc: ngày làm bù {day} là ngày thường, vốn đã làm việc: "
                "ngày làm bù phải là thứ Bảy hoặc Chủ nhật."
            )
    return problems


def check_rulebook(spec: RulebookSpec) -> None:
    """Raises RulebookError with every problem of `validate_rulebook`."""
    problems = validate_rulebook(spec)
    if problems:
        raise RulebookError(problems)
