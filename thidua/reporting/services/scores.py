"""Writes of scores: the points a report earns (self-assessed and appraised) and the department's
adjustments of a criterion's points.

A report is scored with the scoring version in force on its period's END date among the
movement's tables (when several tables have one, the latest `effective_from` wins, then the
lowest table id). Indicator points come from the report's stored values (computed indicators
are stored too) by `movements.scoring.points_for`, against the unit's APPROVED target of the
year or else the indicator's yearly default; criterion points and totals by the pure
`reporting.scorecard`. The version is frozen the first time it scores a submitted report.

Everything here loads its data in a fixed number of queries whatever the number of reports
(`ScoringData`), so that `services.standings.recompute_year` can rescore a whole year in bulk
with the same code that scores one report at submission.
"""

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections, models, router, transaction
from django.db.models import QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.prepared import prepared
from thidua.movements.enums import Direction, ScoringMethod, TargetStatus, ValueType
from thidua.movements.models import (
    Criterion,
    Indicator,
    Movement,
    Period,
    ScoringRule,
    ScoringVersion,
    Target,
    TitleBand,
    YearlyTarget,
)
from thidua.movements.scoring import InvalidRuleError, RuleSpec, format_number, title_for
from thidua.movements.selectors.structure import Structure, in_area_order
from thidua.movements.services.scoring import freeze_version
from thidua.organizations.scoping import can
from thidua.reporting import scorecard
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import CriterionScore, Report, ReportScore, ReportValue

SCORED_STATUSES = frozenset({ReportStatus.SUBMITTED, ReportStatus.APPROVED})
MAX_REASON = 2000
WRITE_BATCH = 500


# --- What scoring needs, loaded in bulk ---------------------------------------------------------


@dataclass(frozen=True)
class _IndicatorInfo:
    criterion: str
    higher_is_better: bool
    is_text: bool


@dataclass
class _VersionRules:
    version: ScoringVersion
    scorers: dict[int, scorecard.RuleScorer]  # by indicator id
    methods: dict[int, str]
    bands: list[tuple[Decimal, str]]
    bonus_max: Decimal
    # (indicator id, scorer, method, criterion code, is text), prepared once by ScoringData.
    prepared: list[tuple[int, scorecard.RuleScorer, str, str, bool]] = field(default_factory=list)

    def plan(self) -> list[tuple[int, scorecard.RuleScorer, str, str, bool]]:
        return self.prepared


@dataclass
class ScoringData:
    """The plan data scoring reads (criteria, indicators, versions with their rules and title
    bands, targets of the given units and years), loaded once for any number of reports."""

    movement: Movement
    criteria: list[scorecard.CriterionNode]
    criterion_by_id: dict[int, Criterion]
    criterion_id_by_code: dict[str, int]
    indicators: dict[int, _IndicatorInfo]
    versions: list[ScoringVersion]
    rules: dict[int, _VersionRules] = field(default_factory=dict)
    targets: dict[tuple[int, int, int], Decimal] = field(default_factory=dict)
    yearly: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    tree: scorecard.CriteriaTree = field(init=False)

    def __post_init__(self) -> None:
        self.tree = scorecard.CriteriaTree(self.criteria)

    def version_for(self, period: Period) -> ScoringVersion | None:
        """The version in force on the period's end date."""
        return self.version_on(period.end_date)

    def version_on(self, day: dt.date) -> ScoringVersion | None:
        """The version in force on a day: the latest `effective_from` not after it across the
        movement's tables, then the lowest table id."""
        candidates = [v for v in self.versions if v.effective_from <= day]
        if not candidates:
            return None
        return min(candidates, key=lambda v: (-v.effective_from.toordinal(), v.table_id))

    def target(self, indicator_id: int, unit_id: int, year: int) -> Decimal | None:
        own = self.targets.get((indicator_id, unit_id, year))
        return own if own is not None else self.yearly.get((indicator_id, year))

    def scored_indicators(self) -> set[int]:
        """Indicators some version scores (the only values scoring reads)."""
        return {iid for entry in self.rules.values() for iid in entry.scorers}

    def top_level(self) -> list[scorecard.CriterionNode]:
        codes = {node.code for node in self.criteria}
        return [node for node in self.criteria if node.parent is None or node.parent not in codes]


@prepared(int)
def _versions_of(movement: int) -> QuerySet[ScoringVersion]:
    """The movement's scoring versions, compiled once per process (`core.prepared`): every
    entry page and every saved value reads them."""
    return (
        ScoringVersion.objects.filter(table__movement_id=movement)
        .select_related("table")
        .order_by("-number", "pk")
    )


_KEPT_SCORING = "reporting.scoring_data"


def _scoring_data(
    movement: Movement,
    criteria: list[Criterion],
    indicator_rows: Iterable[tuple[int, int, str, str]],
    versions: list[ScoringVersion],
) -> ScoringData:
    """The part of `ScoringData` that is the plan's: criteria (in the scorecard's order, with
    their area), indicators, versions (latest number first: `version_on` breaks a tie between
    two versions of a table by it); no rules, targets or title bands yet."""
    by_id = {criterion.pk: criterion for criterion in criteria}
    nodes = [
        scorecard.CriterionNode(
            code=criterion.code,
            parent=by_id[criterion.parent_id].code if criterion.parent_id in by_id else None,
            max_points=criterion.max_points,
        )
        for criterion in criteria
    ]
    infos = {
        pk: _IndicatorInfo(
            criterion=by_id[criterion_id].code if criterion_id in by_id else "",
            higher_is_better=direction != Direction.LOWER_IS_BETTER,
            is_text=value_type == ValueType.TEXT,
        )
        for pk, criterion_id, direction, value_type in indicator_rows
    }
    return ScoringData(
        movement=movement,
        criteria=nodes,
        criterion_by_id=by_id,
        criterion_id_by_code={criterion.code: criterion.pk for criterion in criteria},
        indicators=infos,
        versions=versions,
    )


def load_scoring_data(
    movement: Movement,
    *,
    unit_ids: Collection[int] | None,
    years: Collection[int],
    structure: Structure | None = None,
    on: dt.date | None = None,
) -> ScoringData:
    """Everything scoring the reports of `unit_ids` (None: every unit) in `years` needs, in
    seven queries. A caller that holds the movement's plan (`structure_of`) passes it: its
    criteria, indicators and versions, and what scoring derives from them, come from it (three
    queries fewer, and the derivation kept with the plan); `on` a day: only the rules and title
    bands of the version in force that day are loaded (enough to score the reports of periods
    ending that day, as the entry page does)."""
    if structure is None:
        criteria = list(
            Criterion.objects.filter(movement=movement)
            .select_related("area")
            .order_by("area__kind", "area__order", "area__code", "order", "code")
        )
        indicator_rows = (
            Indicator.objects.filter(movement=movement)
            .order_by()
            .values_list("pk", "criterion_id", "direction", "value_type")
        )
        data = _scoring_data(movement, criteria, indicator_rows, _versions_of.rows(movement.pk))
    else:
        skeleton = structure.kept.get(_KEPT_SCORING)
        if skeleton is None:
            skeleton = structure.kept[_KEPT_SCORING] = _scoring_data(
                movement,
                in_area_order(structure.criteria),
                [(i.pk, i.criterion_id, i.direction, i.value_type) for i in structure.indicators],
                list(structure.versions),
            )
        # The plan's part is shared (read only); what a call adds is its own.
        data = copy.copy(skeleton)
        data.movement, data.rules, data.targets, data.yearly = movement, {}, {}, {}
    versions, infos = data.versions, data.indicators
    in_force = data.version_on(on) if on is not None else None
    wanted = versions if on is None else [in_force] if in_force is not None else []
    by_version: dict[int, ScoringVersion] = {}
    for version in wanted:
        # A page scoring one day's version (the entry page) reuses a frozen version's compiled
        # rules and bands: see `_frozen_rules`.
        kept = _frozen_rules(version, infos) if on is not None else None
        if kept is not None:
            data.rules[version.pk] = kept
            continue
        by_version[version.pk] = version
        data.rules[version.pk] = _VersionRules(
            version=version, scorers={}, methods={}, bands=[], bonus_max=Decimal(0)
        )
    if by_version:
        _load_rules(data, infos, by_version)
        if on is not None:
            _keep_frozen_rules(data, infos, by_version)
    if years and (unit_ids is None or unit_ids):
        targets = Target.objects.filter(
            indicator__movement=movement, year__in=list(years), status=TargetStatus.APPROVED
        )
        if unit_ids is not None:
            targets = targets.filter(unit_id__in=list(unit_ids))
        data.targets = {
            (indicator_id, unit_id, year): value
            for indicator_id, unit_id, year, value in targets.order_by().values_list(
                "indicator_id", "unit_id", "year", "value"
            )
        }
    if years:
        data.yearly = {
            (indicator_id, year): value
            for indicator_id, year, value in YearlyTarget.objects.filter(
                indicator__movement=movement, year__in=list(years)
            )
            .order_by()
            .values_list("indicator_id", "year", "value")
        }
    return data


def _load_rules(
    data: ScoringData, infos: dict[int, _IndicatorInfo], by_version: dict[int, ScoringVersion]
) -> None:
    """The rules (as scorers) and title bands of `by_version` into `data.rules` (two queries)."""
    for rule in ScoringRule.objects.filter(version__in=by_version).order_by("pk"):
        info = infos.get(rule.indicator_id)
        if info is None:
            continue
        spec = RuleSpec(
            method=rule.method,
            max_points=rule.max_points,
            params=rule.params,
            higher_is_better=info.higher_is_better,
        )
        try:
            scorer = scorecard.RuleScorer(spec)
        except InvalidRuleError:
            continue  # refused when saved; a broken rule scores nothing rather than failing
        entry = data.rules[rule.version_id]
        entry.scorers[rule.indicator_id] = scorer
        entry.methods[rule.indicator_id] = rule.method
        if rule.method == ScoringMethod.BONUS:
            entry.bonus_max += rule.max_points
    for version_id in by_version:
        entry = data.rules[version_id]
        entry.prepared = [
            (
                indicator_id,
                scorer,
                entry.methods[indicator_id],
                infos[indicator_id].criterion,
                infos[indicator_id].is_text,
            )
            for indicator_id, scorer in entry.scorers.items()
        ]
    for version_id, min_total, label in (
        TitleBand.objects.filter(version__in=by_version)
        .order_by("-min_total", "pk")  # within a version, the model's order
        .values_list("version_id", "min_total", "label")
    ):
        data.rules[version_id].bands.append((min_total, label))


# A frozen version is never edited again (movements.services.scoring refuses every change once
# `frozen_at` is set; a change is a new version): its rules compiled into scorers and its title
# bands are kept here per process, by the version, its freezing time and what the scorers were
# built from (each indicator's criterion, direction and type, which stay editable). The entry
# page then loads neither the rules nor the bands: two queries and the compilation of every
# rule fewer on each page and each saved value. Any write to a version, a rule or a band
# empties it (signals in apps.py), for the tests' databases that reuse ids.
_FROZEN_RULES: dict[tuple[object, ...], _VersionRules] = {}
_FROZEN_RULES_MAX = 64


def _frozen_key(version: ScoringVersion, infos: dict[int, _IndicatorInfo]) -> tuple[object, ...]:
    return (version.pk, version.frozen_at, tuple(sorted(infos.items(), key=lambda i: i[0])))


def _frozen_rules(
    version: ScoringVersion, infos: dict[int, _IndicatorInfo]
) -> _VersionRules | None:
    """A frozen version's kept rules, each scorer with a cache of its own (None: not kept)."""
    if version.frozen_at is None:
        return None
    kept = _FROZEN_RULES.get(_frozen_key(version, infos))
    if kept is None:
        return None
    scorers = {pk: scorer.fresh() for pk, scorer in kept.scorers.items()}
    return _VersionRules(
        version=version,
        scorers=scorers,
        methods=kept.methods,
        bands=kept.bands,
        bonus_max=kept.bonus_max,
        prepared=[
            (pk, scorers[pk], method, criterion, is_text)
            for pk, _, method, criterion, is_text in kept.prepared
        ],
    )


def _keep_frozen_rules(
    data: ScoringData, infos: dict[int, _IndicatorInfo], loaded: dict[int, ScoringVersion]
) -> None:
    for version in loaded.values():
        if version.frozen_at is None:
            continue
        if len(_FROZEN_RULES) >= _FROZEN_RULES_MAX:
            _FROZEN_RULES.clear()
        entry = data.rules[version.pk]
        _FROZEN_RULES[_frozen_key(version, infos)] = _VersionRules(
            version=version,
            scorers={pk: scorer.fresh() for pk, scorer in entry.scorers.items()},
            methods=dict(entry.methods),
            bands=list(entry.bands),
            bonus_max=entry.bonus_max,
            prepared=list(entry.prepared),
        )


def forget_frozen_rules(**_: object) -> None:
    """Empty the kept rules (connected to the writes of versions, rules and bands)."""
    _FROZEN_RULES.clear()


def as_text(field: str) -> Cast:
    """A decimal column read as text. `Decimal(text)` is several times cheaper than the SQLite
    backend's float-to-Decimal converter over the tens of thousands of values a year's
    recomputation reads (PostgreSQL gives the exact numeric as text)."""
    return Cast(field, output_field=models.TextField())


def to_decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def values_of(
    reports: Iterable[int] | QuerySet[Report], *, indicator_ids: Collection[int] | None = None
) -> dict[int, dict[int, tuple[Decimal | None, str]]]:
    """The stored values of reports (ids, or a queryset of reports), only of `indicator_ids`
    when given: report id → indicator id → (value, text); one query."""
    values: dict[int, dict[int, tuple[Decimal | None, str]]] = defaultdict(dict)
    wanted = reports if isinstance(reports, QuerySet) else list(reports)
    rows = ReportValue.objects.filter(report__in=wanted)
    if indicator_ids is not None:
        rows = rows.filter(indicator_id__in=list(indicator_ids))
    for report_id, indicator_id, value, text in rows.values_list(
        "report_id", "indicator_id", as_text("value"), "text"
    ):
        values[report_id][indicator_id] = (to_decimal(value), text)
    return values


# --- Computing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComputedScore:
    """The points of one report, before they are stored."""

    report_id: int
    version: ScoringVersion
    self_card: scorecard.Scorecard
    appraised_card: scorecard.Scorecard
    title: str
    indicator_points: Mapping[int, Decimal]


def compute_score(
    data: ScoringData,
    *,
    report_id: int,
    unit_id: int,
    period: Period,
    values: Mapping[int, tuple[Decimal | None, str]],
    adjustments: Mapping[str, Decimal],
) -> ComputedScore | None:
    """Score one report from its values (None when no version is in force at the period's
    end: nothing to score it with)."""
    version = data.version_for(period)
    if version is None:
        return None
    rules = data.rules[version.pk]
    earned: list[scorecard.IndicatorPoints] = []
    indicator_points: dict[int, Decimal] = {}
    year = period.year
    targets, yearly = data.targets, data.yearly
    missing = (None, "")
    for indicator_id, scorer, method, criterion, is_text in rules.plan():
        raw, text = values.get(indicator_id, missing)
        value = (Decimal(1) if text.strip() else None) if is_text and raw is None else raw
        target = targets.get((indicator_id, unit_id, year))
        if target is None:
            target = yearly.get((indicator_id, year))
        points = scorer(value, target)
        indicator_points[indicator_id] = points
        earned.append(scorecard.IndicatorPoints(criterion, method, points))
    self_card = scorecard.score(data.tree, earned)
    appraised_card = scorecard.score(data.tree, earned, adjustments) if adjustments else self_card
    return ComputedScore(
        report_id=report_id,
        version=version,
        self_card=self_card,
        appraised_card=appraised_card,
        title=title_for(rules.bands, appraised_card.total) or "",
        indicator_points=indicator_points,
    )


def adjustments_of(
    data: ScoringData, reports: Iterable[int] | QuerySet[Report]
) -> tuple[dict[int, dict[str, Decimal]], dict[tuple[int, int], Decimal]]:
    """(appraised adjustments by report and criterion code, stored self points by (report,
    criterion id)); one query."""
    adjustments: dict[int, dict[str, Decimal]] = defaultdict(dict)
    stored: dict[tuple[int, int], Decimal] = {}
    wanted = reports if isinstance(reports, QuerySet) else list(reports)
    for report_id, criterion_id, self_points, appraised in CriterionScore.objects.filter(
        report__in=wanted
    ).values_list("report_id", "criterion_id", as_text("self_points"), as_text("appraised_points")):
        stored[(report_id, criterion_id)] = Decimal(self_points)
        criterion = data.criterion_by_id.get(criterion_id)
        if appraised is not None and criterion is not None:
            adjustments[report_id][criterion.code] = Decimal(appraised)
    return adjustments, stored


def score_signature(
    version_id: int, self_total: Decimal, appraised_total: Decimal, bonus: Decimal,
    penalty: Decimal, title: str,
) -> tuple[object, ...]:  # fmt: skip
    """What a stored ReportScore must equal to need no write."""
    return (version_id, self_total, appraised_total, bonus, penalty, title)


def stored_signatures(reports: QuerySet[Report]) -> dict[int, tuple[object, ...]]:
    """The stored report scores of `reports` as `score_signature`s; one query."""
    return {
        report_id: score_signature(
            version_id,
            Decimal(self_total),
            Decimal(appraised),
            Decimal(bonus),
            Decimal(penalty),
            title,
        )
        for report_id, version_id, self_total, appraised, bonus, penalty, title in (
            ReportScore.objects.filter(report__in=reports).values_list(
                "report_id",
                "version_id",
                as_text("self_total"),
                as_text("appraised_total"),
                as_text("bonus"),
                as_text("penalty"),
                "title",
            )
        )
    }


def upsert_many(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    conflict: Sequence[str],
    update: Sequence[str],
) -> None:
    """Insert rows, or update the `update` columns of the row with the same `conflict` key,
    like `bulk_create(update_conflicts=True)` without its per-value SQL compilation: one
    prepared statement run with `executemany` (the same SQL on SQLite and PostgreSQL)."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    by_name = {field.name: field for field in fields}

    def column(name: str) -> str:
        return quote(by_name[name].column or name)

    sql = (  # noqa: S608 - identifiers from model metadata, values as parameters
        "INSERT INTO {table} ({columns}) VALUES ({values}) "
        "ON CONFLICT ({conflict}) DO UPDATE SET {update}"
    ).format(
        table=quote(model._meta.db_table),
        columns=", ".join(column(field.name) for field in fields),
        values=", ".join(["%s"] * len(fields)),
        conflict=", ".join(column(name) for name in conflict),
        update=", ".join(f"{column(name)} = excluded.{column(name)}" for name in update),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), WRITE_BATCH):
            cursor.executemany(
                sql,
                [
                    tuple(
                        field.get_db_prep_save(field.pre_save(obj, True), connection)
                        for field in fields
                    )
                    for obj in objs[start : start + WRITE_BATCH]
                ],
            )


def store_scores(
    data: ScoringData,
    computed: Sequence[ComputedScore],
    stored_self: Mapping[tuple[int, int], Decimal],
    *,
    stored_totals: Mapping[int, tuple[object, ...]] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Write the criterion and report scores of `computed` (upserts in batches; rows equal to
    what is stored — `stored_self`, `stored_totals` — are not written; appraisal adjustments
    are never touched) and point each report at its version. Returns the rows written."""
    now = now or timezone.now()
    criterion_rows: list[CriterionScore] = []
    for item in computed:
        for code, points in item.self_card.criteria.items():
            criterion_id = data.criterion_id_by_code[code]
            if stored_self.get((item.report_id, criterion_id)) == points:
                continue
            criterion_rows.append(
                CriterionScore(
                    report_id=item.report_id, criterion_id=criterion_id, self_points=points
                )
            )
    upsert_many(
        CriterionScore,
        criterion_rows,
        conflict=["report", "criterion"],
        update=["self_points"],
    )
    report_rows = [
        ReportScore(
            report_id=item.report_id,
            version=item.version,
            self_total=item.self_card.total,
            appraised_total=item.appraised_card.total,
            bonus=item.self_card.bonus,
            penalty=item.self_card.penalty,
            title=item.title,
            computed_at=now,
        )
        for item in computed
        if stored_totals is None
        or stored_totals.get(item.report_id)
        != score_signature(
            item.version.pk,
            item.self_card.total,
            item.appraised_card.total,
            item.self_card.bonus,
            item.self_card.penalty,
            item.title,
        )
    ]
    totals = ["version", "self_total", "appraised_total", "bonus", "penalty", "title"]
    upsert_many(
        ReportScore,
        report_rows,
        conflict=["report"],
        update=[*totals, "computed_at"],
    )
    by_version: dict[int, list[int]] = defaultdict(list)
    for item in computed:
        by_version[item.version.pk].append(item.report_id)
    for version_id, report_ids in by_version.items():
        for start in range(0, len(report_ids), WRITE_BATCH):
            Report.objects.filter(pk__in=report_ids[start : start + WRITE_BATCH]).exclude(
                scoring_version_id=version_id
            ).update(scoring_version_id=version_id)
    return len(criterion_rows) + len(report_rows)


def _score_one(report: Report, *, by: User | None, freeze_reason: str) -> ReportScore | None:
    data = load_scoring_data(report.movement, unit_ids=[report.unit_id], years=[report.period.year])
    adjustments, stored = adjustments_of(data, [report.pk])
    computed = compute_score(
        data,
        report_id=report.pk,
        unit_id=report.unit_id,
        period=report.period,
        values=values_of([report.pk]).get(report.pk, {}),
        adjustments=adjustments.get(report.pk, {}),
    )
    if computed is None:
        return None
    if report.status in SCORED_STATUSES and not computed.version.is_frozen:
        freeze_version(computed.version, reason=freeze_reason, by=by)
    store_scores(data, [computed], stored)
    report.scoring_version = computed.version
    return ReportScore.objects.select_related("version").get(report=report)


# --- Services ------------------------------------------------------------------------------------


def _describe(report: Report) -> str:
    return f"{report.period.name} của {report.unit.name}"


@transaction.atomic
def score_report(*, report: Report, by: User | None) -> ReportScore | None:
    """Score a report from its stored values and store its criterion and report scores.

    Called by the workflow when a report is submitted (on behalf of the submitter, `by`): no
    permission is checked here, the caller has decided. Appraisal adjustments already made
    are kept and the appraised total recomputed with them. The version used is frozen the
    first time it scores a submitted (or approved) report. Returns None, storing nothing, when
    no scoring table of the movement has a version in force at the period's end date. No audit
    entry: scores are derived from audited values; the freeze is audited by its service.
    """
    report = Report.objects.select_related("movement", "period", "unit").get(pk=report.pk)
    return _score_one(report, by=by, freeze_reason=f"Chấm điểm báo cáo {_describe(report)} lần đầu")


def _check_can_appraise(by: User, report: Report) -> None:
    if not can(by, Perm.MANAGE_REPORTING, report.unit.path):
        raise PermissionDeniedError("Bạn không có quyền thẩm định điểm báo cáo của đơn vị này.")
    if report.status not in SCORED_STATUSES:
        raise DomainError(
            "Chỉ thẩm định được báo cáo đã nộp hoặc đã duyệt.", field="points", code="not_scored"
        )


def _locked_row(report: Report, criterion: Criterion) -> CriterionScore:
    if criterion.movement_id != report.movement_id:
        raise DomainError("Tiêu chí không thuộc phong trào của báo cáo.", field="criterion")
    row = (
        CriterionScore.objects.select_for_update()
        .filter(report=report, criterion=criterion)
        .first()
    )
    if row is None:
        raise DomainError(
            "Báo cáo chưa được chấm điểm; hãy tính lại điểm trước khi thẩm định.",
            field="points",
            code="not_scored",
        )
    return row


def _check_points(points: Decimal, criterion: Criterion) -> Decimal:
    if not points.is_finite():
        raise DomainError("Điểm thẩm định không hợp lệ.", field="points")
    if int(points.normalize().as_tuple().exponent) < -2:
        raise DomainError("Điểm thẩm định chỉ được có tối đa 2 chữ số thập phân.", field="points")
    maximum = Decimal(str(criterion.max_points))
    if points < 0 or points > maximum:
        raise DomainError(
            f"Điểm thẩm định phải từ 0 đến {format_number(maximum)} "
            f"(điểm tối đa của tiêu chí {criterion.code}).",
            field="points",
        )
    return points.quantize(Decimal("0.01"))


def _points_text(points: Decimal | None) -> str | None:
    return None if points is None else format_number(points)


@transaction.atomic
def adjust_points(
    *, report: Report, criterion: Criterion, points: Decimal, reason: str, by: User
) -> CriterionScore:
    """The department's appraisal of a criterion of a report: its points become `points`
    (the self-assessed points stay stored beside them) and the appraised total is recomputed.

    Refuses: a caller without MANAGE_REPORTING over the report's unit; a report not submitted
    or approved, or not scored yet; a criterion of another movement; points that are not a
    number between 0 and the criterion's maximum with at most two decimals; an empty reason.
    """
    report = Report.objects.select_related("movement", "period", "unit").get(pk=report.pk)
    _check_can_appraise(by, report)
    reason = reason.strip()
    if not reason:
        raise DomainError("Hãy ghi lý do điều chỉnh điểm.", field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(f"Lý do dài quá {MAX_REASON} ký tự.", field="reason")
    points = _check_points(points, criterion)
    row = _locked_row(report, criterion)
    before = {
        "appraised_points": _points_text(row.appraised_points),
        "reason": row.adjustment_reason,
    }
    row.appraised_points = points
    row.adjustment_reason = reason
    row.adjusted_by = by
    row.adjusted_at = timezone.now()
    row.save(update_fields=["appraised_points", "adjustment_reason", "adjusted_by", "adjusted_at"])
    score = _score_one(report, by=by, freeze_reason=f"Thẩm định báo cáo {_describe(report)}")
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=row,
        target_repr=f"Thẩm định tiêu chí {criterion.code} – báo cáo {_describe(report)}",
        unit_path=report.unit.path,
        changes={
            "appraised_points": [before["appraised_points"], _points_text(points)],
            "self_points": [_points_text(row.self_points), _points_text(row.self_points)],
            "appraised_total": [None, _points_text(score.appraised_total if score else None)],
        },
        reason=reason,
    )
    return row


@transaction.atomic
def clear_adjustment(
    *, report: Report, criterion: Criterion, reason: str, by: User
) -> CriterionScore:
    """Withdraw the appraisal of a criterion: its self-assessed points count again and the
    appraised total is recomputed.

    Refuses: a caller without MANAGE_REPORTING over the report's unit; a criterion that was
    not adjusted; an empty reason.
    """
    report = Report.objects.select_related("movement", "period", "unit").get(pk=report.pk)
    _check_can_appraise(by, report)
    reason = reason.strip()
    if not reason:
        raise DomainError("Hãy ghi lý do bỏ điều chỉnh điểm.", field="reason")
    row = _locked_row(report, criterion)
    if row.appraised_points is None:
        raise DomainError("Tiêu chí này chưa được điều chỉnh điểm.", field="points")
    before = _points_text(row.appraised_points)
    row.appraised_points = None
    row.adjustment_reason = ""
    row.adjusted_by = None
    row.adjusted_at = None
    row.save(update_fields=["appraised_points", "adjustment_reason", "adjusted_by", "adjusted_at"])
    _score_one(report, by=by, freeze_reason=f"Thẩm định báo cáo {_describe(report)}")
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=row,
        target_repr=f"Bỏ thẩm định tiêu chí {criterion.code} – báo cáo {_describe(report)}",
        unit_path=report.unit.path,
        changes={"appraised_points": [before, None]},
        reason=reason[:MAX_REASON],
    )
    return row
