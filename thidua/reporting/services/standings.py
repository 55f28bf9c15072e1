"""Recomputation of a year's scores and standings (totals and ranks per period, year and phase),
in bulk, and the background job that runs it.

`recompute_year` rescores every submitted or approved report of the year with the same code
that scores one report at submission (`services.scores`), reading the plan, targets, values and
stored scores in a fixed number of queries and writing only what changed, in batches. Then it
writes the `Standing` rows of each period of the year, of the year and of the phases touching
the year, from APPROVED reports of participant units only:

- a period: the report's appraised total;
- the year: the yearly report's when the unit has one, else the mean of its reported periods;
- a phase: the mean of the unit's year totals over the phase's years (other years from their
  stored year standings);
- ranks: competition ranks overall and within the unit's cluster of the recomputed year
  (`organizations.ClusterMember`), ties ordered by the movement's `ReportingSetup.tie_breaks`.

Reading and computing run outside any transaction (the job's progress stays visible to the page
polling it); every write happens in one transaction at the end.
"""

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.movements.enums import MovementStatus, PeriodKind
from thidua.movements.models import Movement, Period, Phase
from thidua.movements.scoring import title_for
from thidua.movements.selectors.registrations import participant_units
from thidua.movements.services.scoring import freeze_version
from thidua.organizations.models import ClusterMember
from thidua.organizations.scoping import can
from thidua.organizations.services.imports import insert_many
from thidua.reporting import ranking
from thidua.reporting.enums import JobStatus, ReportStatus, SpanKind
from thidua.reporting.models import (
    DEFAULT_TIE_BREAKS,
    RecomputeJob,
    Report,
    ReportingSetup,
    Standing,
)
from thidua.reporting.services.scores import (
    SCORED_STATUSES,
    ComputedScore,
    ScoringData,
    adjustments_of,
    compute_score,
    load_scoring_data,
    store_scores,
    stored_signatures,
    values_of,
)

ProgressCallback = Callable[[int, int], None]
PROGRESS_EVERY = 100


@dataclass(frozen=True)
class RecomputeResult:
    reports: int
    rows_written: int
    standings: int
    seconds: float

    def summary(self, year: int) -> str:
        return (
            f"Đã tính lại điểm {self.reports} báo cáo và xếp hạng {self.standings} "
            f"kết quả của năm {year} ({self.seconds:.1f} giây)."
        )


def period_key(period_id: int) -> str:
    return f"p:{period_id}"


def year_key(year: int) -> str:
    return f"y:{year}"


def phase_key(number: int) -> str:
    return f"ph:{number}"


def phases_touching(movement: Movement, year: int) -> list[Phase]:
    return [
        phase
        for phase in Phase.objects.filter(movement=movement).order_by("number")
        if phase.start_date.year <= year <= phase.end_date.year
    ]


def movement_years(movement: Movement) -> list[int]:
    return list(range(movement.start_date.year, movement.end_date.year + 1))


# --- Standings (pure assembly over loaded data) --------------------------------------------------


@dataclass
class _SpanRows:
    kind: str
    key: str
    period: Period | None
    year: int | None
    phase: Phase | None
    totals: dict[int, ranking.Totals]  # by unit id
    titles: dict[int, str]


def _totals_of(computed: ComputedScore, submitted_at: dt.datetime | None) -> ranking.Totals:
    card = computed.appraised_card
    return ranking.Totals(
        total=card.total,
        self_total=computed.self_card.total,
        penalty=card.penalty,
        area_points=dict(zip(card.top_level, card.top_points(), strict=True)),
        submitted_at=submitted_at,
    )


def _title_on(data: ScoringData, day: dt.date, total: Decimal) -> str:
    version = data.version_on(day)
    if version is None:
        return ""
    return title_for(data.rules[version.pk].bands, total) or ""


def _standing_rows(
    *,
    movement: Movement,
    spans: Sequence[_SpanRows],
    clusters: Mapping[int, int],
    tie_breaks: Sequence[str],
    now: dt.datetime,
) -> list[Standing]:
    rows: list[Standing] = []
    for span in spans:
        entries = [
            ranking.Entry(
                key=unit_id,
                total=totals.total,
                penalty=totals.penalty,
                top_criteria=tuple(totals.area_points.values()),
                self_total=totals.self_total,
                submitted_at=totals.submitted_at,
            )
            for unit_id, totals in span.totals.items()
        ]
        overall = ranking.rank(entries, tie_breaks)
        by_cluster: dict[int, list[ranking.Entry]] = defaultdict(list)
        for unit_id, entry in zip(span.totals, entries, strict=True):
            cluster_id = clusters.get(unit_id)
            if cluster_id is not None:
                by_cluster[cluster_id].append(entry)
        in_cluster: dict[Hashable, int] = {}
        for members in by_cluster.values():
            in_cluster.update(ranking.rank(members, tie_breaks))
        for unit_id, totals in span.totals.items():
            rows.append(
                Standing(
                    movement=movement,
                    span_kind=span.kind,
                    span_key=span.key,
                    period=span.period,
                    year=span.year,
                    phase=span.phase,
                    unit_id=unit_id,
                    cluster_id=clusters.get(unit_id),
                    total=totals.total,
                    self_total=totals.self_total,
                    penalty=totals.penalty,
                    area_points={code: str(points) for code, points in totals.area_points.items()},
                    rank_overall=overall[unit_id],
                    rank_in_cluster=in_cluster.get(unit_id),
                    title=span.titles.get(unit_id, ""),
                    computed_at=now,
                )
            )
    return rows


def _decimal_points(raw: Mapping[str, Any]) -> dict[str, Decimal]:
    return {code: Decimal(str(points)) for code, points in raw.items()}


# --- The recomputation ------------------------------------------------------------------------


def recompute_year(
    *,
    movement: Movement,
    year: int,
    by: User | None = None,
    progress: ProgressCallback | None = None,
) -> RecomputeResult:
    """Rescore every submitted or approved report of `year` and rewrite the year's standings.

    No permission is checked here: `start_recompute` checks it for people; the nightly job
    runs as the system. Versions used for the first time by a submitted report are frozen.
    Writes one audit entry for the recomputation (the movement, the year, the counts). A
    report whose period has no version in force keeps no new score and counts in no standing.
    """
    started = time.perf_counter()
    periods = {period.pk: period for period in Period.objects.filter(movement=movement, year=year)}
    reports_qs = Report.objects.filter(
        movement=movement, period__year=year, status__in=list(SCORED_STATUSES)
    )
    reports = list(
        reports_qs.order_by().values_list(
            "pk", "unit_id", "period_id", "status", "first_submitted_at", "submitted_at"
        )
    )
    total_steps = len(reports) + 1
    if progress is not None:
        progress(0, total_steps)
    data = load_scoring_data(movement, unit_ids=None, years=[year])
    values = values_of(reports_qs, indicator_ids=data.scored_indicators())
    adjustments, stored_self = adjustments_of(data, reports_qs)
    stored_totals = stored_signatures(reports_qs)
    computed: dict[int, ComputedScore] = {}
    for done, (report_id, unit_id, period_id, *_rest) in enumerate(reports, start=1):
        item = compute_score(
            data,
            report_id=report_id,
            unit_id=unit_id,
            period=periods[period_id],
            values=values.get(report_id, {}),
            adjustments=adjustments.get(report_id, {}),
        )
        if item is not None:
            computed[report_id] = item
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total_steps)

    participants = set(participant_units(movement).values_list("pk", flat=True))
    clusters = dict(
        ClusterMember.objects.filter(year=year, unit_id__in=participants).values_list(
            "unit_id", "cluster_id"
        )
    )
    setup = ReportingSetup.objects.filter(movement=movement).first()
    tie_breaks = list(setup.tie_breaks) if setup is not None else list(DEFAULT_TIE_BREAKS)
    spans = _spans(
        movement=movement,
        year=year,
        data=data,
        periods=periods,
        reports=reports,
        computed=computed,
        participants=participants,
    )
    now = timezone.now()
    standing_rows = _standing_rows(
        movement=movement, spans=spans, clusters=clusters, tie_breaks=tie_breaks, now=now
    )
    span_keys = [period_key(pk) for pk in periods] + [year_key(year)]
    span_keys += [phase_key(phase.number) for phase in phases_touching(movement, year)]

    with transaction.atomic():
        for version in {item.version.pk: item.version for item in computed.values()}.values():
            if not version.is_frozen:
                freeze_version(version, reason=f"Tính lại điểm năm {year}", by=by)
        written = store_scores(
            data, list(computed.values()), stored_self, stored_totals=stored_totals, now=now
        )
        Standing.objects.filter(movement=movement, span_key__in=span_keys).delete()
        insert_many(Standing, standing_rows)
        result = RecomputeResult(
            reports=len(computed),
            rows_written=written,
            standings=len(standing_rows),
            seconds=time.perf_counter() - started,
        )
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=movement,
            unit_path=movement.owner.path,
            changes={
                "recomputed_year": [None, year],
                "reports": [None, result.reports],
                "standings": [None, result.standings],
            },
            reason=f"Tính lại điểm, xếp hạng năm {year}",
        )
    if progress is not None:
        progress(total_steps, total_steps)
    return result


def _spans(
    *,
    movement: Movement,
    year: int,
    data: ScoringData,
    periods: Mapping[int, Period],
    reports: Sequence[tuple[Any, ...]],
    computed: Mapping[int, ComputedScore],
    participants: set[int],
) -> list[_SpanRows]:
    """The totals of each unit for each span of the year, from approved reports."""
    by_period: dict[int, dict[int, ranking.Totals]] = defaultdict(dict)
    titles: dict[int, dict[int, str]] = defaultdict(dict)
    yearly: dict[int, ranking.Totals] = {}
    others: dict[int, list[ranking.Totals]] = defaultdict(list)
    for report_id, unit_id, period_id, status, first_submitted, submitted in reports:
        item = computed.get(report_id)
        if status != ReportStatus.APPROVED or unit_id not in participants or item is None:
            continue
        totals = _totals_of(item, first_submitted or submitted)
        by_period[period_id][unit_id] = totals
        titles[period_id][unit_id] = item.title
        if periods[period_id].kind == PeriodKind.YEAR:
            yearly[unit_id] = totals
        else:
            others[unit_id].append(totals)

    spans = [
        _SpanRows(
            kind=SpanKind.PERIOD,
            key=period_key(period.pk),
            period=period,
            year=period.year,
            phase=None,
            totals=by_period[period.pk],
            titles=titles[period.pk],
        )
        for period in sorted(periods.values(), key=lambda p: (p.start_date, p.kind))
        if by_period[period.pk]
    ]
    year_totals: dict[int, ranking.Totals] = {}
    for unit_id in set(yearly) | set(others):
        unit_year = ranking.year_total(yearly.get(unit_id), others[unit_id])
        if unit_year is not None:
            year_totals[unit_id] = unit_year
    year_end = max((p.end_date for p in periods.values()), default=dt.date(year, 12, 31))
    spans.append(
        _SpanRows(
            kind=SpanKind.YEAR,
            key=year_key(year),
            period=None,
            year=year,
            phase=None,
            totals=year_totals,
            titles={
                unit_id: _title_on(data, year_end, totals.total)
                for unit_id, totals in year_totals.items()
            },
        )
    )
    spans += _phase_spans(movement=movement, year=year, data=data, year_totals=year_totals)
    return spans


def _phase_spans(
    *,
    movement: Movement,
    year: int,
    data: ScoringData,
    year_totals: Mapping[int, ranking.Totals],
) -> list[_SpanRows]:
    phases = phases_touching(movement, year)
    if not phases:
        return []
    other_years = {
        y
        for phase in phases
        for y in range(phase.start_date.year, phase.end_date.year + 1)
        if y != year
    }
    stored: dict[int, dict[int, ranking.Totals]] = defaultdict(dict)
    for stored_year, unit_id, total, self_total, penalty, area_points in Standing.objects.filter(
        movement=movement, span_kind=SpanKind.YEAR, year__in=other_years
    ).values_list("year", "unit_id", "total", "self_total", "penalty", "area_points"):
        if stored_year is None:  # year standings always carry their year
            continue
        stored[stored_year][unit_id] = ranking.Totals(
            total=total,
            self_total=self_total,
            penalty=penalty,
            area_points=_decimal_points(area_points),
        )
    stored[year] = dict(year_totals)
    spans = []
    for phase in phases:
        years = range(phase.start_date.year, phase.end_date.year + 1)
        units = {unit_id for y in years for unit_id in stored.get(y, {})}
        totals = {
            unit_id: ranking.mean_totals(
                [stored[y][unit_id] for y in years if unit_id in stored.get(y, {})]
            )
            for unit_id in units
        }
        spans.append(
            _SpanRows(
                kind=SpanKind.PHASE,
                key=phase_key(phase.number),
                period=None,
                year=None,
                phase=phase,
                totals=totals,
                titles={
                    unit_id: _title_on(data, phase.end_date, item.total)
                    for unit_id, item in totals.items()
                },
            )
        )
    return spans


# --- The background job -------------------------------------------------------------------------


def _check_year(movement: Movement, year: int) -> int:
    if year not in movement_years(movement):
        raise DomainError(
            f"Năm {year} không thuộc thời gian của phong trào "
            f"({movement.start_date.year} – {movement.end_date.year}).",
            field="year",
        )
    return year


@transaction.atomic
def start_recompute(*, movement: Movement, year: int, by: User) -> RecomputeJob:
    """Queue the recomputation of a year's scores and rankings ("Tính lại điểm, xếp hạng").

    Refuses: a caller without MANAGE_REPORTING at the movement's organising unit; a year
    outside the movement. A recomputation of the same year still waiting or running is
    returned instead of queueing another.
    """
    if not can(by, Perm.MANAGE_REPORTING, movement.owner.path):
        raise PermissionDeniedError("Bạn không có quyền tính lại điểm của phong trào này.")
    _check_year(movement, year)
    waiting = (
        RecomputeJob.objects.filter(
            movement=movement, year=year, status__in=[JobStatus.PENDING, JobStatus.RUNNING]
        )
        .order_by("-created_at")
        .first()
    )
    if waiting is not None:
        return waiting
    job = RecomputeJob.objects.create(movement=movement, year=year, created_by=by)
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=job,
        unit_path=movement.owner.path,
        changes={"year": [None, year]},
        reason="Tính lại điểm, xếp hạng",
    )
    from thidua.reporting.tasks import task_recompute_year  # tasks import this module

    transaction.on_commit(partial(task_recompute_year.enqueue, job.pk))
    return job


def _save_progress(job_id: int, done: int, total: int) -> None:
    RecomputeJob.objects.filter(pk=job_id).update(done_steps=done, total_steps=total)


def run_recompute_job(job: RecomputeJob) -> RecomputeJob:
    """Run a queued recomputation, keeping its progress and outcome on the job row."""
    RecomputeJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    try:
        result = recompute_year(
            movement=job.movement,
            year=job.year,
            by=job.created_by,
            progress=partial(_save_progress, job.pk),
        )
    except Exception as error:
        message = error.message if isinstance(error, DomainError) else "Lỗi hệ thống khi tính."
        RecomputeJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), message=message[:500]
        )
        if not isinstance(error, DomainError):
            raise
    else:
        RecomputeJob.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED,
            finished_at=timezone.now(),
            message=result.summary(job.year),
        )
    job.refresh_from_db()
    return job


def recompute_launched_movements(*, today: dt.date | None = None) -> list[RecomputeJob]:
    """The nightly recomputation: the current year of every launched movement that covers it,
    each as a job row (run here, by the system)."""
    today = today or timezone.localdate()
    jobs = []
    for movement in Movement.objects.filter(
        status=MovementStatus.LAUNCHED,
        start_date__year__lte=today.year,
        end_date__year__gte=today.year,
    ).select_related("owner"):
        job = RecomputeJob.objects.create(movement=movement, year=today.year, created_by=None)
        jobs.append(run_recompute_job(job))
    return jobs
