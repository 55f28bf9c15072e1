"""Demo data of periodic reporting for the default movement: the reports of every participant
unit for every reported period closed before today, the current period partly filled, a
handful of khoa/phòng reports and evidence files of Bệnh viện Xanh Pôn, then scores and ranks.

Only `manage.py seed_reporting_demo` (run by the demo seed `seed_demo`) and the benchmarks call
this: a production install never gets any of it. Like the other demo seeds it writes in bulk, in
one transaction with one audit entry, deterministic from the seed: the same seed and day give
the same data.

What a visitor of the demo sees (run on 27/11/2026):
- Every closed quarter and year (Quý III/2025 … Quý III/2026, Năm 2025): one report per unit,
  approved by the đơn vị then the Sở; a few were returned once with a reason and approved after
  correction, a few were submitted after the due date (late). Values are plausible: percentages
  mostly 60–100 with each unit's own tendency (so the rankings differ), people counts never above
  the unit's staff, yes/no mostly yes; computed indicators computed by their formulas.
- The current quarter (Quý IV/2026; the demo opens its entry today if its dates had it open
  later): a mix of units not started, drafting, waiting for approval, returned and approved.
  Bệnh viện Xanh Pôn is drafting (`tdkt.xanhpon` can finish and submit it); three of its
  khoa/phòng report their part (one waits for `giamdoc.xanhpon`'s approval).
- Minh chứng: small PDF files for Bệnh viện Xanh Pôn's evidence-required indicators; the same
  plan attached every quarter is one stored file (recognised by its hash).
- Scores and rankings of 2025 and 2026 (`services.scores.recompute_year`). The default movement
  has a scoring table from 01/01/2026 only; so that 2025 is scored too, the demo adds a table of
  2025 (same rules and title bands, effective from the movement's start).

The benchmarks call `install_demo_reports` with a later `today` (every period of 2025–2030
closed), `khoa_share` (a share of all khoa/phòng reporting) and `evidence=False`.
"""

import contextlib
import datetime as dt
import hashlib
import random
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from thidua.accounts.roles import Role
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError
from thidua.core.models import AuditAction
from thidua.core.services import refresh_query_planner_statistics
from thidua.movements import defaults
from thidua.movements.enums import Direction, PeriodKind, TargetStatus, ValueType
from thidua.movements.formulas import Formula, FormulaError, evaluate_all, parse
from thidua.movements.models import (
    Indicator,
    Movement,
    Period,
    ScoringRule,
    ScoringTable,
    ScoringVersion,
    Target,
    TitleBand,
    YearlyTarget,
)
from thidua.movements.selectors.registrations import participant_units
from thidua.organizations.demo_data.plan import SHOWCASE_UNIT_CODE
from thidua.organizations.enums import SUB_UNIT_KINDS
from thidua.organizations.models import Person, RoleAssignment, Unit
from thidua.organizations.services.imports import insert_many
from thidua.reporting.enums import NOT_STARTED, ActionKind, ReportStatus
from thidua.reporting.models import (
    ApprovalLevel,
    Evidence,
    EvidenceFile,
    Report,
    ReportAction,
    ReportValue,
)
from thidua.reporting.services.setup import ensure_setup
from thidua.reporting.services.standings import recompute_year
from thidua.reporting.validation import is_people_label
from thidua.reporting.workflow import approval_chain

DEFAULT_SEED = 2026
BATCH_SIZE = 2000
# The demo opens the current period this many days before today when its own opening is later.
OPEN_DAYS_BEFORE_TODAY = 10
LATE_SHARE = 0.06  # past reports first submitted after the due date
RETURNED_SHARE = 0.05  # past reports returned once, corrected and approved
SHOWCASE_KHOA = 3  # khoa/phòng of Bệnh viện Xanh Pôn reporting their part
# Where the units stand in the current period (the showcase units are set aside).
CURRENT_MIX: tuple[tuple[str, float], ...] = (
    (NOT_STARTED, 0.22),
    (ReportStatus.DRAFT, 0.30),
    (ReportStatus.SUBMITTED, 0.25),
    (ReportStatus.RETURNED, 0.05),
    (ReportStatus.APPROVED, 0.18),
)
SHOWCASE_KHOA_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.DRAFT, ReportStatus.APPROVED)

# How the demo makes up the inputs of the default movement's formulas; other indicators follow
# their value type (percentages and yes/no as levels, counts as flows toward the yearly target).
TRANSACTIONS_PER_STAFF_MONTH = (15, 40)  # TONG_GD: transactions a month per staff member
VOLUME_CODES = frozenset({"TONG_GD"})
# part → (whole, the percentage indicator whose target the share aims at)
SHARE_OF: dict[str, tuple[str, str | None]] = {
    "SO_GD_KHONG_TIEN_MAT": ("TONG_GD", "TL_KHONG_TIEN_MAT"),
    "SO_SU_CO_DA_XU_LY": ("SO_SU_CO_PHAT_HIEN", None),
}
INCIDENT_CODES = frozenset({"SO_SU_CO_PHAT_HIEN"})
INCIDENT_MONTHLY_CHANCE = 0.06
OWN_FAULT_MONTHLY_CHANCE = 0.012  # indicators where lower is better (a penalty)

RETURN_REASONS = (
    "Tỉ lệ hồ sơ bệnh án điện tử chưa khớp với báo cáo của phòng Kế hoạch tổng hợp; đề nghị "
    "rà soát và nộp lại.",
    "Chưa đính kèm minh chứng diễn tập an toàn thông tin (kế hoạch, báo cáo kết quả); đề nghị "
    "bổ sung.",
    "Số người dân được hướng dẫn kỹ năng số tăng nhiều so với kỳ trước nhưng chưa giải trình; "
    "đề nghị bổ sung giải trình.",
    "Số giao dịch không dùng tiền mặt lớn hơn tổng số giao dịch viện phí; đề nghị kiểm tra lại.",
)
JUMP_EXPLANATION = (
    "Số liệu thực tế của kỳ: thay đổi theo tiến độ triển khai tại đơn vị, đã rà soát với các "
    "khoa, phòng."
)
TEXT_VALUE = "Đơn vị đã triển khai theo kế hoạch; chi tiết trong minh chứng kèm theo."
AUDIT_REPR = "Khởi tạo dữ liệu demo báo cáo định kỳ"
QUANTUM = Decimal("0.0001")
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class DemoReports:
    """What `install_demo_reports` wrote."""

    unit_reports: int
    khoa_reports: int
    values: int
    actions: int
    evidence: int
    evidence_files: int
    scoring_tables: int  # tables added so that every year written has a version in force
    years: tuple[int, ...]  # the years with reports (each scored when scores were asked)
    current_period: str  # name of the period partly filled ("" when none)
    current_statuses: dict[str, int] = field(default_factory=dict)  # units by status

    @property
    def reports(self) -> int:
        return self.unit_reports + self.khoa_reports

    def counts(self) -> dict[str, int]:
        return {
            "reports": self.reports,
            "khoa_reports": self.khoa_reports,
            "values": self.values,
            "actions": self.actions,
            "evidence": self.evidence,
            "evidence_files": self.evidence_files,
            "scoring_tables": self.scoring_tables,
        }


# --- What is read once -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Indicator:
    pk: int
    code: str
    name: str
    value_type: str
    direction: str
    is_people: bool
    evidence_required: bool
    evidence_note: str


@dataclass
class _Reporter:
    """A unit reporting (a participant unit, or a khoa/phòng reporting its part)."""

    unit: Unit
    staff: int
    skill: float  # 0.5–1: how well the unit does, so that the rankings differ
    top_depth: int  # where its approval chain ends
    share: float  # of its đơn vị's activity (1 for a đơn vị)
    officer: int | None
    approvers: dict[int, int | None]  # level depth → user id
    is_khoa: bool = False
    is_showcase: bool = False  # Bệnh viện Xanh Pôn and its khoa/phòng (evidence files)
    showcase_status: str | None = None  # its fixed status in the current period


@dataclass
class _Planned:
    """A report to write, with its values and history."""

    reporter: _Reporter
    period: Period
    status: str
    values: dict[str, Decimal | None]
    texts: dict[str, str]
    explanations: dict[str, str]
    actions: list[tuple[str, int | None, int | None, dt.datetime, str]]  # kind, depth, actor…
    pending_depth: int | None = None
    submitted_at: dt.datetime | None = None
    first_submitted_at: dt.datetime | None = None
    is_late: bool = False
    approved_at: dt.datetime | None = None


def _staff_by_unit(units: Sequence[Unit]) -> dict[int, int]:
    """The active people of each unit's subtree (one query)."""
    direct = dict(
        Person.objects.filter(is_active=True)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    paths = dict(Unit.objects.values_list("pk", "path"))
    totals: Counter[int] = Counter()
    wanted = {u.pk for u in units}
    for unit_id, count in direct.items():
        for part in paths.get(unit_id, "").strip("/").split("/"):
            if part and int(part) in wanted:
                totals[int(part)] += count
    return dict(totals)


def _first_user_by_unit(role: Role) -> dict[int, int]:
    found: dict[int, int] = {}
    for unit_id, user_id in (
        RoleAssignment.objects.filter(role=role).order_by("pk").values_list("unit_id", "user_id")
    ):
        found.setdefault(unit_id, user_id)
    return found


def _department_officer(movement: Movement) -> int | None:
    owner_path = movement.owner.path
    for user_id, path in (
        RoleAssignment.objects.filter(role=Role.DEPT_OFFICER)
        .order_by("unit__depth", "pk")
        .values_list("user_id", "unit__path")
    ):
        if owner_path.startswith(path):
            return int(user_id)
    return None


def _indicators(
    movement: Movement,
) -> tuple[list[_Indicator], dict[str, Formula], dict[str, dict[int, Decimal]]]:
    """The entered indicators (wholes before their parts, then in order), the formulas of the
    computed ones, and every indicator's yearly targets by code."""
    rows = list(Indicator.objects.filter(movement=movement).order_by("criterion__order", "order"))
    yearly: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for code, year, value in YearlyTarget.objects.filter(indicator__movement=movement).values_list(
        "indicator__code", "year", "value"
    ):
        yearly[code][year] = value
    formulas: dict[str, Formula] = {}
    entered: list[_Indicator] = []
    for row in rows:
        if row.formula.strip():
            with contextlib.suppress(FormulaError):  # a broken one computes nothing
                formulas[row.code] = parse(row.formula)
            continue
        entered.append(
            _Indicator(
                pk=row.pk,
                code=row.code,
                name=row.name,
                value_type=row.value_type,
                direction=row.direction,
                is_people=is_people_label(row.unit_label),
                evidence_required=row.evidence_required,
                evidence_note=row.evidence_note,
            )
        )
    wholes = {whole for whole, _ in SHARE_OF.values()}
    entered.sort(key=lambda i: (i.code in SHARE_OF, i.code not in wholes))
    return entered, formulas, dict(yearly)


# --- Made-up values: a month-by-month series per unit, indicator and year ---------------------


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _spread(total: int, months: int, rng: random.Random) -> list[int]:
    """`total` split over `months`: one by one for small totals, evenly with noise otherwise."""
    if months <= 0:
        return []
    if total <= 60:
        counts = [0] * months
        for _ in range(total):
            counts[rng.randrange(months)] += 1
        return counts
    weights = [rng.uniform(0.8, 1.2) for _ in range(months)]
    scale = sum(weights)
    counts = [int(total * w / scale) for w in weights]
    for index in rng.sample(range(months), total - sum(counts)):
        counts[index] += 1
    return counts


def _level_series(start: float, end: float, months: int, rng: random.Random) -> list[float]:
    if months == 1:
        return [end]
    return [
        _clamp(start + (end - start) * i / (months - 1) + rng.gauss(0, 0.8), 0, 100)
        for i in range(months)
    ]


def _percent_end(target: Decimal | None, skill: float, year: int, rng: random.Random) -> float:
    aim = float(target) if target else 90.0
    progress = 2.5 * (year - defaults.MOVEMENT_START.year)
    return _clamp(aim * (0.68 + 0.34 * skill) + progress + rng.gauss(0, 3), 35, 100)


def _year_series(
    indicators: Sequence[_Indicator],
    reporter: _Reporter,
    year: int,
    months: int,
    targets: Mapping[str, Mapping[int, Decimal]],
    rng: random.Random,
) -> dict[str, list[Decimal]]:
    """Each entered indicator's value month by month over the `months` months of `year` the
    movement covers: flows (counts, numbers) per month, levels (percentages, yes/no) at the end
    of each month. A period's value is then the sum of the months up to its end (year-to-date),
    or its last month's level."""
    skill = reporter.skill
    fraction = months / 12
    series: dict[str, list[Decimal]] = {}
    for indicator in indicators:
        code = indicator.code
        target = targets.get(code, {}).get(year)
        if indicator.value_type == ValueType.TEXT:
            continue
        if indicator.value_type == ValueType.PERCENTAGE:
            end = _percent_end(target, skill, year, rng)
            start = max(30.0, end - rng.uniform(2, 10))
            series[code] = [
                Decimal(str(v)).quantize(ONE_DECIMAL, ROUND_HALF_UP)
                for v in _level_series(start, end, months, rng)
            ]
        elif indicator.value_type == ValueType.BOOLEAN:
            chance = min(0.97, 0.5 + 0.45 * skill + 0.05 * (year - defaults.MOVEMENT_START.year))
            reached = rng.randrange(max(1, months // 2)) if rng.random() < chance else months
            series[code] = [Decimal(1 if m >= reached else 0) for m in range(months)]
        elif code in VOLUME_CODES:
            low, high = TRANSACTIONS_PER_STAFF_MONTH
            per_staff = rng.uniform(low, high)
            series[code] = [
                Decimal(round(max(reporter.staff, 5) * per_staff * rng.uniform(0.85, 1.15)))
                for _ in range(months)
            ]
        elif code in SHARE_OF and SHARE_OF[code][0] in series:
            whole_code, aim_code = SHARE_OF[code]
            whole = series[whole_code]
            if aim_code is not None:
                end = _percent_end(targets.get(aim_code, {}).get(year), skill, year, rng)
                shares = _level_series(max(20.0, end - rng.uniform(3, 12)), end, months, rng)
                series[code] = [
                    Decimal(int(float(w) * s / 100)) for w, s in zip(whole, shares, strict=True)
                ]
            else:  # handled incidents: mostly all of them
                series[code] = [w - 1 if w > 0 and rng.random() < 0.12 else w for w in whole]
        elif code in INCIDENT_CODES:
            series[code] = [
                Decimal(rng.choice((1, 1, 2)) if rng.random() < INCIDENT_MONTHLY_CHANCE else 0)
                for _ in range(months)
            ]
        elif indicator.direction == Direction.LOWER_IS_BETTER:
            chance = OWN_FAULT_MONTHLY_CHANCE * (1.6 - skill)
            series[code] = [Decimal(1 if rng.random() < chance else 0) for _ in range(months)]
        else:
            if target:
                factor = _clamp(rng.gauss(0.5 + 0.62 * skill, 0.12), 0.2, 1.6)
                total = round(float(target) * fraction * factor * reporter.share)
            else:  # a bonus (a Bằng khen, a Cờ): rare
                draw = rng.random()
                total = 2 if draw < 0.02 else (1 if draw < 0.05 + 0.2 * (skill - 0.5) else 0)
            if indicator.is_people:
                total = min(total, reporter.staff)
            series[code] = [Decimal(v) for v in _spread(max(total, 0), months, rng)]
    return series


def _period_values(
    indicators: Sequence[_Indicator],
    series: Mapping[str, list[Decimal]],
    first_month: int,
    period: Period,
    formulas: Mapping[str, Formula],
) -> tuple[dict[str, Decimal | None], dict[str, str]]:
    """A period's entered values, then the computed ones by their formulas. Counts are
    reported year-to-date (lũy kế từ đầu năm: the sum of the year's months up to the period's
    end), as their targets are yearly; percentages and yes/no as they stand at the end."""
    end = period.end_date.month - first_month + 1
    values: dict[str, Decimal | None] = {}
    texts: dict[str, str] = {}
    for indicator in indicators:
        if indicator.value_type == ValueType.TEXT:
            texts[indicator.code] = TEXT_VALUE
            values[indicator.code] = None
            continue
        months = series[indicator.code][:end]
        if not months:
            values[indicator.code] = None
        elif indicator.value_type in {ValueType.PERCENTAGE, ValueType.BOOLEAN}:
            values[indicator.code] = months[-1]
        else:
            values[indicator.code] = sum(months, Decimal(0))
    values.update(_computed(formulas, values))
    return values, texts


def _computed(
    formulas: Mapping[str, Formula], values: Mapping[str, Decimal | None]
) -> dict[str, Decimal | None]:
    results: dict[str, Decimal | None] = {}
    for code, outcome in evaluate_all(formulas, values).items():
        if isinstance(outcome, Decimal):
            results[code] = outcome.quantize(QUANTUM, ROUND_HALF_UP)
        else:
            results[code] = None
    return results


def _jumped(value: Decimal, previous: Decimal, factor: Decimal) -> bool:
    """As `validation.check_report` warns: more than `factor` times up or down."""
    now, before = abs(value), abs(previous)
    return now > before * factor or now * factor < before


# --- Statuses and history ----------------------------------------------------------------------


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    hour, minute = rng.randint(7, 16), rng.randint(0, 59)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _day_between(first: dt.date, last: dt.date, rng: random.Random) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _after(moment: dt.datetime, rng: random.Random, low: int, high: int) -> dt.datetime:
    return moment + dt.timedelta(days=rng.randint(low, high), hours=rng.randint(0, 6))


class _History:
    """Builds a report's history, never later than `now`."""

    def __init__(self, planned: _Planned, chain: Sequence[int], now: dt.datetime):
        self.planned = planned
        self.chain = list(chain)
        self.now = now

    def _at(self, moment: dt.datetime) -> dt.datetime:
        return min(moment, self.now - dt.timedelta(minutes=5))

    def submit(self, moment: dt.datetime) -> dt.datetime:
        moment = self._at(moment)
        planned = self.planned
        planned.actions.append((ActionKind.SUBMIT, None, planned.reporter.officer, moment, ""))
        planned.first_submitted_at = planned.first_submitted_at or moment
        planned.submitted_at = moment
        planned.status = ReportStatus.SUBMITTED
        planned.pending_depth = self.chain[0] if self.chain else None
        return moment

    def approve(self, moment: dt.datetime, depth: int) -> dt.datetime:
        moment = self._at(moment)
        planned = self.planned
        actor = planned.reporter.approvers.get(depth)
        planned.actions.append((ActionKind.APPROVE, depth, actor, moment, ""))
        following = self.chain[self.chain.index(depth) + 1 :]
        planned.pending_depth = following[0] if following else None
        if not following:
            planned.status = ReportStatus.APPROVED
            planned.approved_at = moment
        return moment

    def give_back(self, moment: dt.datetime, depth: int, reason: str) -> dt.datetime:
        moment = self._at(moment)
        planned = self.planned
        actor = planned.reporter.approvers.get(depth)
        planned.actions.append((ActionKind.RETURN, depth, actor, moment, reason))
        planned.status = ReportStatus.RETURNED
        planned.pending_depth = None
        return moment

    def approve_all(self, moment: dt.datetime, rng: random.Random) -> dt.datetime:
        for depth in self.chain:
            moment = self.approve(_after(moment, rng, 1, 6), depth)
        if not self.chain:
            self.planned.status = ReportStatus.APPROVED
            self.planned.approved_at = moment
            self.planned.pending_depth = None
        return moment


def _plan_past(
    planned: _Planned, chain: Sequence[int], now: dt.datetime, rng: random.Random
) -> None:
    """A closed period: approved, a few late, a few returned once then approved."""
    period = planned.period
    history = _History(planned, chain, now)
    if rng.random() < LATE_SHARE and period.locks_on > period.due_on:
        day = _day_between(period.due_on + dt.timedelta(days=1), period.locks_on, rng)
    else:
        first = max(period.opens_on, period.due_on - dt.timedelta(days=12))
        day = _day_between(first, period.due_on, rng)
    moment = history.submit(_moment(day, rng))
    if rng.random() < RETURNED_SHARE and chain:
        depth = rng.choice(chain)
        for earlier in chain[: chain.index(depth)]:
            moment = history.approve(_after(moment, rng, 1, 3), earlier)
        moment = history.give_back(_after(moment, rng, 1, 4), depth, rng.choice(RETURN_REASONS))
        moment = history.submit(_after(moment, rng, 1, 5))
    history.approve_all(moment, rng)
    planned.is_late = planned.first_submitted_at is not None and (
        timezone.localtime(planned.first_submitted_at).date() > period.due_on
    )


def _plan_current(
    planned: _Planned,
    chain: Sequence[int],
    now: dt.datetime,
    today: dt.date,
    rng: random.Random,
) -> None:
    """The current period, in the status already chosen for the report."""
    period = planned.period
    status = planned.status
    history = _History(planned, chain, now)
    planned.status = ReportStatus.DRAFT
    if status == ReportStatus.DRAFT:
        return
    last = min(today - dt.timedelta(days=1), period.locks_on)
    day = _day_between(period.opens_on, max(period.opens_on, last - dt.timedelta(days=2)), rng)
    moment = history.submit(_moment(day, rng))
    planned.is_late = day > period.due_on
    if status == ReportStatus.SUBMITTED:
        if len(chain) > 1 and rng.random() < 0.5:
            history.approve(_after(moment, rng, 0, 2), chain[0])
    elif status == ReportStatus.RETURNED:
        history.give_back(
            _after(moment, rng, 0, 2), chain[0] if chain else 0, rng.choice(RETURN_REASONS)
        )
    elif status == ReportStatus.APPROVED:
        history.approve_all(moment, rng)


# --- Periods, reporters, scoring tables --------------------------------------------------------


def _periods(
    movement: Movement, kinds: Collection[str], years: Collection[int] | None
) -> list[Period]:
    periods = Period.objects.filter(movement=movement, kind__in=list(kinds)).order_by(
        "start_date", "end_date", "pk"
    )
    if years is not None:
        periods = periods.filter(year__in=list(years))
    return list(periods)


def _current_period(periods: Sequence[Period], today: dt.date) -> Period | None:
    """The period partly filled today: among the periods of the shortest kind that have
    started and are not locked, the first open one, else the latest (opened by the demo)."""
    order = [k.value for k in PeriodKind]
    candidates = [p for p in periods if p.start_date <= today <= p.locks_on]
    if not candidates:
        return None
    shortest = min(order.index(p.kind) for p in candidates)
    candidates = [p for p in candidates if order.index(p.kind) == shortest]
    open_now = [p for p in candidates if p.opens_on <= today]
    return open_now[0] if open_now else candidates[-1]


def _open_today(period: Period, today: dt.date) -> None:
    """Entry of the current period open today (its opening brought forward when later)."""
    if period.opens_on > today:
        period.opens_on = max(period.start_date, today - dt.timedelta(days=OPEN_DAYS_BEFORE_TODAY))
        period.due_on = max(period.due_on, period.opens_on)
        period.save(update_fields=["opens_on", "due_on"])


def _ensure_scoring(movement: Movement, periods: Sequence[Period]) -> int:
    """A scoring table for the years whose periods no version scores (2025 in the default
    movement): a copy of the first version's rules and title bands, effective from the
    movement's start. Returns the number of tables added."""
    versions = list(
        ScoringVersion.objects.filter(table__movement=movement).order_by("effective_from", "pk")
    )
    if not versions:
        return 0
    first = versions[0]
    unscored = sorted({p.year for p in periods if p.end_date < first.effective_from})
    if not unscored:
        return 0
    year = unscored[0]
    table = ScoringTable.objects.create(
        movement=movement,
        name=defaults.table_name(year),
        total_points=first.table.total_points,
    )
    version = ScoringVersion.objects.create(
        table=table,
        number=1,
        effective_from=max(movement.start_date, dt.date(year, 1, 1)),
        note=f"Bảng điểm năm {year} của dữ liệu demo (cùng quy tắc với {first.table.name}).",
    )
    ScoringRule.objects.bulk_create(
        ScoringRule(
            version=version,
            indicator_id=rule.indicator_id,
            method=rule.method,
            max_points=rule.max_points,
            params=rule.params,
        )
        for rule in ScoringRule.objects.filter(version=first).order_by("pk")
    )
    TitleBand.objects.bulk_create(
        TitleBand(version=version, min_total=band.min_total, label=band.label)
        for band in TitleBand.objects.filter(version=first).order_by("pk")
    )
    return 1


def _reporters(
    movement: Movement, khoa_share: float, rng: random.Random
) -> tuple[list[_Reporter], list[_Reporter]]:
    """The participant units and the khoa/phòng reporting their part: the showcase unit's
    first few, plus `khoa_share` of every unit's."""
    units = list(participant_units(movement).order_by("sort_order", "code"))
    unit_ids = {u.pk for u in units}
    subs = list(
        Unit.objects.filter(
            parent_id__in=unit_ids, is_active=True, kind__in=SUB_UNIT_KINDS
        ).order_by("parent_id", "sort_order", "code")
    )
    staff = _staff_by_unit([*units, *subs])
    officers = _first_user_by_unit(Role.UNIT_OFFICER)
    heads = _first_user_by_unit(Role.UNIT_HEAD)
    dept_officer = _department_officer(movement)
    owner_depth = movement.owner.depth
    reporters: list[_Reporter] = []
    by_pk: dict[int, _Reporter] = {}
    for unit in units:
        showcase = unit.code == SHOWCASE_UNIT_CODE
        reporter = _Reporter(
            unit=unit,
            staff=staff.get(unit.pk, 0),
            skill=0.9 if showcase else 0.5 + 0.5 * rng.betavariate(2.4, 1.5),
            top_depth=owner_depth,
            share=1.0,
            officer=officers.get(unit.pk),
            approvers={unit.depth: heads.get(unit.pk), owner_depth: dept_officer},
            is_showcase=showcase,
            showcase_status=ReportStatus.DRAFT if showcase else None,
        )
        reporters.append(reporter)
        by_pk[unit.pk] = reporter
    children: dict[int, list[Unit]] = defaultdict(list)
    for sub in subs:
        children[sub.parent_id or 0].append(sub)
    khoa: list[_Reporter] = []
    for parent_id, kids in children.items():
        parent = by_pk[parent_id]
        chosen = kids[:SHOWCASE_KHOA] if parent.is_showcase else []
        wanted = round(len(kids) * khoa_share)
        if wanted > len(chosen):
            rest = [k for k in kids if k not in chosen]
            chosen += rng.sample(rest, min(len(rest), wanted - len(chosen)))
        showcase_statuses = iter(SHOWCASE_KHOA_STATUSES if parent.is_showcase else ())
        for sub in sorted(chosen, key=lambda u: (u.sort_order, u.code)):
            sub_staff = staff.get(sub.pk, 0)
            khoa.append(
                _Reporter(
                    unit=sub,
                    staff=sub_staff,
                    skill=_clamp(parent.skill + rng.uniform(-0.06, 0.06), 0.5, 1.0),
                    top_depth=parent.unit.depth,
                    share=sub_staff / parent.staff if parent.staff else 0.1,
                    officer=parent.officer,
                    approvers={parent.unit.depth: parent.approvers.get(parent.unit.depth)},
                    is_khoa=True,
                    is_showcase=parent.is_showcase,
                    showcase_status=next(showcase_statuses, None),
                )
            )
    return reporters, khoa


# --- Evidence ----------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    """Vietnamese text without diacritics (the PDF's standard font has no Vietnamese letters)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if 32 <= ord(ch) < 127 and ch not in "()\\")


def tiny_pdf(*lines: str) -> bytes:
    """A small valid PDF (one A4 page, Helvetica) showing `lines` (folded to ASCII)."""
    text_ops = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    for line in lines:
        text_ops.append(f"({_ascii(line)[:90]}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _evidence_blob(
    content: bytes, original_name: str, uploaded_by: int | None, blobs: dict[str, EvidenceFile]
) -> EvidenceFile:
    """The stored file of `content` (content-addressed: one row and one copy per hash)."""
    digest = hashlib.sha256(content).hexdigest()
    if digest in blobs:
        return blobs[digest]
    blob = EvidenceFile.objects.filter(sha256=digest).first()
    if blob is None:
        name = f"evidence/demo/{digest[:2]}/{digest}.pdf"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(content))
        blob = EvidenceFile.objects.create(
            sha256=digest,
            file=name,
            size=len(content),
            content_type="application/pdf",
            original_name=original_name,
            uploaded_by_id=uploaded_by,
        )
    blobs[digest] = blob
    return blob


def _evidence_for(
    planned: _Planned,
    report_id: int,
    indicators: Sequence[_Indicator],
    blobs: dict[str, EvidenceFile],
) -> list[Evidence]:
    """Minh chứng of a report: one file per evidence-required indicator and year (the same
    file every quarter of the year, so stored once). A showcase unit's files name the unit;
    the other units share one file per indicator and year, so the demo stays small while every
    report that was submitted carries the evidence its validation requires."""
    rows: list[Evidence] = []
    unit = planned.reporter.unit
    year = planned.period.year
    for indicator in indicators:
        if not indicator.evidence_required:
            continue
        title = indicator.evidence_note or indicator.name
        file_name = f"{slugify(_ascii(title))[:60]}-{year}.pdf"
        owner = unit.name if planned.reporter.is_showcase else "Minh chung mau (du lieu demo)"
        content = tiny_pdf(
            owner, f"{title} - nam {year}", f"Chi tieu {indicator.code}", "Du lieu demo"
        )
        blob = _evidence_blob(content, file_name, planned.reporter.officer, blobs)
        rows.append(
            Evidence(
                report_id=report_id,
                indicator_id=indicator.pk,
                blob=blob,
                name=f"{title} năm {year}"[:255],
                uploaded_by_id=planned.reporter.officer,
            )
        )
    return rows


# --- The whole -----------------------------------------------------------------------------------


def _unit_targets(movement: Movement) -> dict[int, dict[str, dict[int, Decimal]]]:
    """unit → indicator code → year → the unit's approved target."""
    found: dict[int, dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for unit_id, code, year, value in Target.objects.filter(
        indicator__movement=movement, status=TargetStatus.APPROVED
    ).values_list("unit_id", "indicator__code", "year", "value"):
        found[unit_id][code][year] = value
    return found


def _months_of(movement: Movement, year: int) -> tuple[int, int]:
    """The first month of `year` the movement covers and how many months it covers."""
    first = movement.start_date.month if movement.start_date.year == year else 1
    last = movement.end_date.month if movement.end_date.year == year else 12
    return first, last - first + 1


def _targets_of(
    reporter: _Reporter,
    yearly: Mapping[str, Mapping[int, Decimal]],
    own: Mapping[int, Mapping[str, Mapping[int, Decimal]]],
) -> dict[str, dict[int, Decimal]]:
    """The targets a reporter aims at: its approved ones over the defaults (a khoa/phòng aims
    at its đơn vị's)."""
    unit_id = (reporter.unit.parent_id or 0) if reporter.is_khoa else reporter.unit.pk
    mine = own.get(unit_id, {})
    return {
        code: {**by_year, **mine.get(code, {})}
        for code, by_year in {**yearly, **{c: {} for c in mine if c not in yearly}}.items()
    }


def _plan_reports(
    movement: Movement,
    reporters: Sequence[_Reporter],
    written: Sequence[Period],
    current: Period | None,
    today: dt.date,
    indicators: Sequence[_Indicator],
    formulas: Mapping[str, Formula],
    yearly: Mapping[str, Mapping[int, Decimal]],
    levels: Sequence[int],
    jump_factor: Decimal,
    rng: random.Random,
) -> tuple[list[_Planned], Counter[str]]:
    """Every report to write, with values and history; and the participant units of the
    current period by status (not started included)."""
    now = timezone.now()
    if today != timezone.localdate(now):  # as if run on `today` (the benchmarks' later day)
        now = dt.datetime.combine(today, dt.time(18, 0), tzinfo=timezone.get_current_timezone())
    own_targets = _unit_targets(movement)
    years = sorted({p.year for p in written})
    planned: list[_Planned] = []
    statuses: Counter[str] = Counter()
    for reporter in reporters:
        chain = approval_chain(levels, unit_depth=reporter.unit.depth, top_depth=reporter.top_depth)
        targets = _targets_of(reporter, yearly, own_targets)
        previous: dict[str, dict[str, Decimal | None]] = {}
        for year in years:
            first_month, months = _months_of(movement, year)
            series = _year_series(indicators, reporter, year, months, targets, rng)
            for period in (p for p in written if p.year == year):
                values, texts = _period_values(indicators, series, first_month, period, formulas)
                report = _Planned(
                    reporter=reporter,
                    period=period,
                    status=ReportStatus.DRAFT,
                    values=values,
                    texts=texts,
                    explanations={},
                    actions=[],
                )
                before = previous.get(period.kind, {})
                for code, value in values.items():
                    old = before.get(code)
                    if value is not None and old and _jumped(value, old, jump_factor):
                        report.explanations[code] = JUMP_EXPLANATION
                previous[period.kind] = values
                if period != current:
                    _plan_past(report, chain, now, rng)
                    planned.append(report)
                    continue
                status = reporter.showcase_status or _current_status(rng)
                if not reporter.is_khoa:
                    statuses[status] += 1
                if status == NOT_STARTED:
                    continue
                report.status = status
                _plan_current(report, chain, now, today, rng)
                if report.status == ReportStatus.DRAFT:
                    _leave_unfinished(report, indicators, formulas, rng)
                planned.append(report)
    return planned, statuses


def _current_status(rng: random.Random) -> str:
    draw = rng.random()
    for status, share in CURRENT_MIX:
        if draw < share:
            return status
        draw -= share
    return CURRENT_MIX[-1][0]


def _leave_unfinished(
    report: _Planned,
    indicators: Sequence[_Indicator],
    formulas: Mapping[str, Formula],
    rng: random.Random,
) -> None:
    """A draft: only the first 50–90% of the entered indicators filled, computed ones again."""
    keep = round(len(indicators) * rng.uniform(0.5, 0.9))
    for indicator in indicators[keep:]:
        report.values[indicator.code] = None
        report.texts.pop(indicator.code, None)
        report.explanations.pop(indicator.code, None)
    report.values.update(_computed(formulas, report.values))


def _write(
    movement: Movement,
    planned: Sequence[_Planned],
    indicators: Sequence[_Indicator],
    indicator_ids: Mapping[str, int],
    computed: Collection[str],
    levels: Mapping[int, ApprovalLevel],
    with_evidence: bool,
) -> tuple[int, int, int, int]:
    """Reports, values, history and evidence in bulk; returns the counts written
    (values, actions, evidence, evidence files)."""
    reports = [
        Report(
            movement=movement,
            period=p.period,
            unit=p.reporter.unit,
            status=p.status,
            pending_level=levels.get(p.pending_depth) if p.pending_depth is not None else None,
            submitted_at=p.submitted_at,
            submitted_by_id=p.reporter.officer if p.submitted_at else None,
            first_submitted_at=p.first_submitted_at,
            is_late=p.is_late,
            approved_at=p.approved_at,
            revision=sum(1 for v in p.values.values() if v is not None) + len(p.texts),
        )
        for p in planned
    ]
    Report.objects.bulk_create(reports, batch_size=BATCH_SIZE)
    values: list[ReportValue] = []
    actions: list[ReportAction] = []
    evidence: list[Evidence] = []
    blobs: dict[str, EvidenceFile] = {}
    for report, plan in zip(reports, planned, strict=True):
        approved = plan.status == ReportStatus.APPROVED
        for code, value in plan.values.items():
            text = plan.texts.get(code, "")
            if value is None and not text:
                continue
            values.append(
                ReportValue(
                    report_id=report.pk,
                    indicator_id=indicator_ids[code],
                    value=value,
                    text=text,
                    explanation=plan.explanations.get(code, ""),
                    is_computed=code in computed,
                    revision=1,
                    approved_value=value if approved else None,
                    approved_text=text if approved else "",
                    was_approved=approved,
                    updated_by_id=plan.reporter.officer,
                )
            )
        for kind, depth, actor, at, reason in plan.actions:
            actions.append(
                ReportAction(
                    report_id=report.pk,
                    kind=kind,
                    level=levels.get(depth) if depth is not None else None,
                    actor_id=actor,
                    at=at,
                    reason=reason,
                )
            )
        if with_evidence and (plan.reporter.is_showcase or plan.status != ReportStatus.DRAFT):
            evidence += _evidence_for(plan, report.pk, indicators, blobs)
    # Hundreds of thousands of rows for the benchmarks: one prepared INSERT each.
    insert_many(ReportValue, values)
    insert_many(ReportAction, actions)
    Evidence.objects.bulk_create(evidence, batch_size=BATCH_SIZE)
    return len(values), len(actions), len(evidence), len(blobs)


def _score(movement: Movement, years: Iterable[int]) -> None:
    """Scores and rankings of each year, as the department's recomputation does them."""
    for year in years:
        recompute_year(movement=movement, year=year)


@transaction.atomic
def install_demo_reports(
    movement: Movement,
    *,
    today: dt.date,
    seed: int = DEFAULT_SEED,
    years: Collection[int] | None = None,
    khoa_share: float = 0.0,
    evidence: bool = True,
    scores: bool = True,
) -> DemoReports:
    """Write the demo reports of `movement` (see the module's docstring): every participant
    unit's report of every reported period (`ReportingSetup.reported_kinds`) of `years` (all
    the movement's years when None) locked before `today`, the current period partly filled,
    the showcase hospital's khoa/phòng and evidence files (when `evidence`), `khoa_share` of
    every unit's khoa/phòng reporting too; then the scores and rankings of those years (when
    `scores`). One audit entry with the counts.

    Refuses (DomainError): production settings, and a movement that already has reports in
    those years (the demo data is there already).
    """
    if settings.THIDUA_IS_PRODUCTION:
        raise DomainError("Không được tạo dữ liệu demo trong môi trường sản xuất.")
    existing = Report.objects.filter(movement=movement)
    if years is not None:
        existing = existing.filter(period__year__in=list(years))
    if existing.exists():
        raise DomainError("Phong trào đã có báo cáo định kỳ trong các năm này: không tạo thêm.")
    rng = random.Random(seed)  # noqa: S311 (deterministic demo data, nothing secret)
    setup = ensure_setup(movement)
    levels = {level.depth: level for level in ApprovalLevel.objects.filter(movement=movement)}
    periods = _periods(movement, setup.reported_kinds, years)
    current = _current_period(periods, today)
    if current is not None:
        _open_today(current, today)
    indicators, formulas, yearly = _indicators(movement)
    indicator_ids = dict(Indicator.objects.filter(movement=movement).values_list("code", "pk"))
    reporters, khoa = _reporters(movement, khoa_share, rng)
    written_periods = [p for p in periods if p.locks_on < today or p == current]
    tables = _ensure_scoring(movement, written_periods)
    planned, statuses = _plan_reports(
        movement,
        [*reporters, *khoa],
        written_periods,
        current,
        today,
        indicators,
        formulas,
        yearly,
        sorted(levels),
        setup.jump_factor,
        rng,
    )
    values, actions, evidence_rows, files = _write(
        movement, planned, indicators, indicator_ids, frozenset(formulas), levels, evidence
    )
    written_years = tuple(sorted({p.period.year for p in planned}))
    khoa_ids = {k.unit.pk for k in khoa}
    result = DemoReports(
        unit_reports=sum(1 for p in planned if p.reporter.unit.pk not in khoa_ids),
        khoa_reports=sum(1 for p in planned if p.reporter.unit.pk in khoa_ids),
        values=values,
        actions=actions,
        evidence=evidence_rows,
        evidence_files=files,
        scoring_tables=tables,
        years=written_years,
        current_period=current.name if current else "",
        current_statuses=dict(statuses),
    )
    record_audit(
        actor=None,
        action=AuditAction.IMPORT,
        target=movement,
        target_repr=AUDIT_REPR,
        unit_path=movement.owner.path,
        changes={key: [0, value] for key, value in result.counts().items()},
        reason=f"Dữ liệu demo báo cáo định kỳ, seed {seed}.",
    )
    if scores:  # each year's recomputation is audited by itself
        refresh_query_planner_statistics()  # SQLite plans the reads of thousands of new rows
        _score(movement, written_years)
    return result
