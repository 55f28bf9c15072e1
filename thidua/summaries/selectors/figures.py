"""The figures of a phase report, read in a fixed number of queries whatever the number of
units, reports, initiatives or awards (about twenty-four; pinned by the tests at two sizes).

Sources:
- scores and ranks: the year standings of reporting (`Standing`, span "y:<year>") of the
  report's years; a unit's total over the report is the mean of its year totals, ranked with
  reporting's own pure ranking (`reporting.ranking`) and the movement's tie-breaks — the rule a
  phase standing follows, so a sơ kết ranks units as the phase ranking page does;
- targets: for each participant unit and year, its latest approved report of the year (the
  yearly report, else the last quarter), each numeric indicator's approved value against the
  unit's own target of the year, else the movement's yearly target;
- initiatives: recognised initiatives of the organising unit's subtree by year, level and area;
  adoptions (nhân rộng) recorded in the report's years;
- awards (công tác khen thưởng): the award history (`awards.AwardRecord`) of the report's
  years, not revoked, of the people working in the organising unit's subtree and of its
  collectives, by year, award, subject and regular or thematic (a thematic award decided in a
  round of another movement's phase is left out); the award names and kinds from the published
  rulebooks, else the built-in one; the participant units most awarded; and per year the
  staff rated (đánh giá, xếp loại) against those holding “Lao động tiên tiến” (five queries).
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, ExtractYear

from thidua.awards.domain.default_rulebook import LDTT, default_rulebook
from thidua.awards.models import AwardRecord, YearlyRating
from thidua.awards.selectors.rulebook import published_versions
from thidua.initiatives.enums import InitiativeStatus, RecognitionLevel
from thidua.initiatives.models import Adoption, Initiative
from thidua.movements.enums import TargetStatus, ValueType
from thidua.movements.models import ContentArea, Indicator, Movement, Target, YearlyTarget
from thidua.movements.selectors.registrations.participants import participant_units
from thidua.organizations.scoping import subtree_q
from thidua.reporting import ranking
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import (
    DEFAULT_TIE_BREAKS,
    Report,
    ReportingSetup,
    ReportValue,
    Standing,
)
from thidua.reporting.selectors.scores import top_criteria
from thidua.summaries.figures import (
    AdvancedWorkers,
    AreaResult,
    AwardCount,
    AwardedUnit,
    AwardLine,
    InitiativeArea,
    InitiativeYear,
    PhaseFigures,
    Replicated,
    TargetCheck,
    UnitResult,
    YearTrend,
    award_lines,
    award_years,
    awarded_units,
    cluster_results,
    mean,
    meets_target,
    ranks_in_clusters,
    tally_checks,
)
from thidua.summaries.models import PhaseReport

REPLICATED_SHOWN = 10
ZERO = Decimal("0.00")


def span_label(report: PhaseReport) -> str:
    years = f"{report.first_year}–{report.last_year}"
    if report.phase is None:
        return f"giai đoạn {years}"
    return f"giai đoạn {report.phase.number} ({years})"


def phase_figures(report: PhaseReport) -> PhaseFigures:
    """Every figure of the report (the report comes with its movement, owner and phase)."""
    movement = report.movement
    years = list(range(report.first_year, report.last_year + 1))
    tops = top_criteria(movement)
    area_of_code = {criterion.code: criterion.area_id for criterion in tops}
    areas = {
        area.pk: area
        for area in ContentArea.objects.filter(movement=movement).order_by("kind", "order", "code")
    }
    max_points: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for criterion in tops:
        max_points[criterion.area_id] += criterion.max_points

    units, area_means, year_scores = _unit_results(movement, years, area_of_code)
    checks, indicator_areas = _target_checks(movement, years)
    tally = tally_checks(checks)
    reports_by_year = dict(
        Report.objects.filter(
            movement=movement, status=ReportStatus.APPROVED, period__year__in=years
        )
        .values_list("period__year")
        .annotate(count=Count("id"))
        .order_by()
    )
    initiative_years, initiative_areas, replicated, adoptions_by_year, replicated_count = (
        _initiatives(movement, years, areas)
    )

    area_results = []
    for area_id, area in areas.items():
        counted = [tally.get((area_id, year), (0, 0)) for year in years]
        if area_id not in max_points and not any(total for total, _ in counted):
            continue
        area_results.append(
            AreaResult(
                code=area.code,
                name=area.name,
                indicators=indicator_areas.get(area_id, 0),
                checks=sum(total for total, _ in counted),
                met=sum(met for _, met in counted),
                max_points=max_points.get(area_id, ZERO),
                mean_points=area_means.get(area_id, ZERO),
            )
        )
    lines, awarded, advanced = _awards(movement, years)
    recognised_by_year = {item.year: item.total for item in initiative_years}
    trends = []
    for year in years:
        counted = [tally.get((area_id, year), (0, 0)) for area_id in areas]
        scores = year_scores.get(year, [])
        trends.append(
            YearTrend(
                year=year,
                units=len(scores),
                mean_total=mean(scores) if scores else None,
                reports=reports_by_year.get(year, 0),
                checks=sum(total for total, _ in counted),
                met=sum(met for _, met in counted),
                recognised=recognised_by_year.get(year, 0),
                adoptions=adoptions_by_year.get(year, 0),
            )
        )
    return PhaseFigures(
        final=report.phase_id is None,
        movement_name=movement.name,
        span_label=span_label(report),
        first_year=report.first_year,
        last_year=report.last_year,
        areas=tuple(area_results),
        units=units,
        clusters=cluster_results(units),
        years=tuple(trends),
        initiative_years=initiative_years,
        initiative_areas=initiative_areas,
        replicated=replicated,
        reports=sum(reports_by_year.values()),
        indicators=sum(indicator_areas.values()),
        replicated_count=replicated_count,
        adoptions=sum(adoptions_by_year.values()),
        award_lines=lines,
        award_years=award_years(lines, years),
        awarded_units=awarded,
        advanced_workers=advanced,
    )


def _tie_breaks(movement: Movement) -> list[str]:
    saved = (
        ReportingSetup.objects.filter(movement=movement)
        .values_list("tie_breaks", flat=True)
        .first()
    )
    return list(saved if saved is not None else DEFAULT_TIE_BREAKS)


def _decimal(value: object) -> Decimal:
    return Decimal(str(value)) if value is not None else ZERO


def _unit_results(
    movement: Movement, years: list[int], area_of_code: dict[str, int]
) -> tuple[tuple[UnitResult, ...], dict[int, Decimal], dict[int, list[Decimal]]]:
    """Units ranked by their mean year total; the units' mean points per area; each year's
    totals (two queries)."""
    rows = (
        Standing.objects.filter(movement=movement, span_key__in=[f"y:{year}" for year in years])
        .order_by("year", "unit_id")
        .values_list(
            "unit_id",
            "unit__name",
            "cluster__name",
            "year",
            "total",
            "self_total",
            "penalty",
            "area_points",
        )
    )
    by_unit: dict[int, list[ranking.Totals]] = defaultdict(list)
    names: dict[int, str] = {}
    clusters: dict[int, str] = {}
    year_scores: dict[int, list[Decimal]] = defaultdict(list)
    for unit_id, name, cluster, year, total, self_total, penalty, area_points in rows:
        totals = ranking.Totals(
            total=_decimal(total),
            self_total=_decimal(self_total),
            penalty=_decimal(penalty),
            area_points={code: _decimal(points) for code, points in (area_points or {}).items()},
        )
        by_unit[unit_id].append(totals)
        names[unit_id] = name
        clusters[unit_id] = cluster or ""  # the last year's cluster (rows come by year)
        if year is not None:
            year_scores[year].append(totals.total)
    means = {unit_id: ranking.mean_totals(items) for unit_id, items in by_unit.items()}
    codes = list(area_of_code)
    ranks = ranking.rank(
        (
            ranking.Entry(
                key=unit_id,
                total=item.total,
                penalty=item.penalty,
                top_criteria=tuple(item.area_points.get(code, ZERO) for code in codes),
                self_total=item.self_total,
            )
            for unit_id, item in means.items()
        ),
        _tie_breaks(movement),
    )
    in_cluster = ranks_in_clusters({u: item.total for u, item in means.items()}, clusters)
    units = tuple(
        sorted(
            (
                UnitResult(
                    unit_id=unit_id,
                    name=names[unit_id],
                    cluster=clusters[unit_id],
                    total=item.total,
                    years=len(by_unit[unit_id]),
                    rank=ranks[unit_id],
                    rank_in_cluster=in_cluster.get(unit_id),
                )
                for unit_id, item in means.items()
            ),
            key=lambda unit: (unit.rank, unit.name),
        )
    )
    area_sums: dict[int, list[Decimal]] = defaultdict(list)
    for item in means.values():
        per_area: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for code, points in item.area_points.items():
            if code in area_of_code:
                per_area[area_of_code[code]] += points
        for area_id in set(area_of_code.values()):
            area_sums[area_id].append(per_area[area_id])
    area_means = {area_id: mean(values) for area_id, values in area_sums.items()}
    return units, area_means, dict(year_scores)


def _latest_reports(movement: Movement, years: list[int]) -> dict[int, int]:
    """{report id: year}: each participant unit's latest approved report of each year."""
    rows = (
        Report.objects.filter(
            movement=movement,
            status=ReportStatus.APPROVED,
            period__year__in=years,
            unit__in=participant_units(movement),
        )
        .order_by()
        .values_list("pk", "unit_id", "period__year", "period__end_date", "period__start_date")
    )
    best: dict[tuple[int, int], tuple[tuple[dt.date, int, int], int]] = {}
    for pk, unit_id, year, end, start in rows:
        # The latest end; of two ending together, the longer period (the year over Quý IV).
        key = (end, (end - start).days, pk)
        current = best.get((unit_id, year))
        if current is None or key > current[0]:
            best[(unit_id, year)] = (key, pk)
    return {pk: year for (_, year), (_, pk) in best.items()}


def _target_checks(
    movement: Movement, years: list[int]
) -> tuple[list[TargetCheck], dict[int, int]]:
    """One check per unit × numeric indicator × year with a target; and the number of such
    indicators per area (four queries)."""
    indicators = {
        pk: (area_id, direction)
        for pk, area_id, direction in Indicator.objects.filter(movement=movement)
        .exclude(value_type=ValueType.TEXT)
        .values_list("pk", "criterion__area_id", "direction")
    }
    yearly = {
        (indicator_id, year): value
        for indicator_id, year, value in YearlyTarget.objects.filter(
            indicator__movement=movement, year__in=years
        ).values_list("indicator_id", "year", "value")
    }
    own = {
        (indicator_id, unit_id, year): value
        for indicator_id, unit_id, year, value in Target.objects.filter(
            indicator__movement=movement, year__in=years, status=TargetStatus.APPROVED
        ).values_list("indicator_id", "unit_id", "year", "value")
    }
    reports = _latest_reports(movement, years)
    values = (
        ReportValue.objects.filter(report_id__in=list(reports), indicator_id__in=list(indicators))
        .annotate(counted=Coalesce("approved_value", "value"))
        .filter(counted__isnull=False)
        .values_list("report_id", "report__unit_id", "indicator_id", "counted")
    )
    checks = []
    with_target: set[int] = set()
    for report_id, unit_id, indicator_id, value in values:
        year = reports[report_id]
        target = own.get((indicator_id, unit_id, year), yearly.get((indicator_id, year)))
        if target is None:
            continue
        area_id, direction = indicators[indicator_id]
        with_target.add(indicator_id)
        checks.append(TargetCheck(area_id, year, meets_target(_decimal(value), target, direction)))
    per_area: dict[int, int] = defaultdict(int)
    for indicator_id in with_target:
        per_area[indicators[indicator_id][0]] += 1
    return checks, dict(per_area)


def _initiatives(
    movement: Movement, years: list[int], areas: dict[int, ContentArea]
) -> tuple[
    tuple[InitiativeYear, ...],
    tuple[InitiativeArea, ...],
    tuple[Replicated, ...],
    dict[int, int],
    int,
]:
    """Recognised initiatives by year and level, and by area; adoptions by year and by area;
    the most adopted initiatives (five queries)."""
    recognised = Initiative.objects.filter(
        subtree_q("unit__path", movement.owner.path),
        status=InitiativeStatus.RECOGNISED,
        year__in=years,
    )
    by_year_level: dict[int, dict[str, int]] = defaultdict(dict)
    for year, level, count in (
        recognised.values_list("year", "level").annotate(count=Count("id")).order_by()
    ):
        by_year_level[year][level] = count
    initiative_years = tuple(
        InitiativeYear(
            year=year,
            base=by_year_level[year].get(RecognitionLevel.BASE, 0) + by_year_level[year].get("", 0),
            city=by_year_level[year].get(RecognitionLevel.CITY, 0),
            national=by_year_level[year].get(RecognitionLevel.NATIONAL, 0),
        )
        for year in years
    )
    adoptions = Adoption.objects.filter(
        subtree_q("initiative__unit__path", movement.owner.path),
        initiative__status=InitiativeStatus.RECOGNISED,
        adopted_on__year__in=years,
    )
    adoptions_by_year = dict(
        adoptions.annotate(year=ExtractYear("adopted_on"))
        .values_list("year")
        .annotate(count=Count("id"))
        .order_by()
    )
    recognised_by_area = dict(
        recognised.values_list("area_id").annotate(count=Count("id")).order_by()
    )
    adopted_by_area = {
        area_id: (initiatives, count)
        for area_id, initiatives, count in adoptions.values_list("initiative__area_id")
        .annotate(initiatives=Count("initiative_id", distinct=True), count=Count("id"))
        .order_by()
        .values_list("initiative__area_id", "initiatives", "count")
    }
    initiative_areas = tuple(
        InitiativeArea(
            code=area.code,
            name=area.name,
            recognised=recognised_by_area.get(area_id, 0),
            replicated=adopted_by_area.get(area_id, (0, 0))[0],
            adoptions=adopted_by_area.get(area_id, (0, 0))[1],
        )
        for area_id, area in areas.items()
        if recognised_by_area.get(area_id) or area_id in adopted_by_area
    )
    most = list(
        adoptions.values("initiative_id")
        .annotate(count=Count("id"))
        .order_by("-count", "initiative_id")
        .values_list("initiative_id", "count")[:REPLICATED_SHOWN]
    )
    replicated_count = adoptions.values("initiative_id").distinct().count()
    details = {
        pk: (title, unit, level, year)
        for pk, title, unit, level, year in Initiative.objects.filter(
            pk__in=[pk for pk, _ in most]
        ).values_list("pk", "title", "unit__name", "level", "year")
    }
    replicated = tuple(
        Replicated(
            title=details[pk][0],
            unit=details[pk][1],
            level=_level_label(details[pk][2]),
            year=details[pk][3],
            adoptions=count,
        )
        for pk, count in most
        if pk in details
    )
    return initiative_years, initiative_areas, replicated, adoptions_by_year, replicated_count


def _level_label(level: str) -> str:
    return str(RecognitionLevel(level).label) if level in RecognitionLevel.values else "Cấp cơ sở"


def award_catalogue() -> dict[str, tuple[str, str]]:
    """Award code → (name, kind: "title" | "form"), in the rulebook's order: the built-in
    rulebook, overridden by every published version, the newest last (one query)."""
    catalogue: dict[str, tuple[str, str]] = {
        award.code: (award.name, award.kind) for award in default_rulebook().awards
    }
    for spec in published_versions().order_by("effective_from").values_list("spec", flat=True):
        for award in spec.get("awards", []) if isinstance(spec, dict) else []:
            if isinstance(award, dict) and award.get("code"):
                kind = "title" if award.get("kind") == "title" else "form"
                catalogue[str(award["code"])] = (str(award.get("name") or award["code"]), kind)
    return catalogue


def _awards(
    movement: Movement, years: list[int]
) -> tuple[tuple[AwardLine, ...], tuple[AwardedUnit, ...], tuple[AdvancedWorkers, ...]]:
    """The awards of the report's years by award, subject and regular or thematic; the
    participant units most awarded; staff rated and “Lao động tiên tiến” per year (five
    queries)."""
    path = movement.owner.path
    phase_movement = "decision_line__decision__round__phase__movement_id"
    records = AwardRecord.objects.filter(
        subtree_q("person__unit__path", path) | subtree_q("unit__path", path),
        year__in=years,
        revoked=False,
    ).filter(
        Q(thematic=False)
        | Q(**{f"{phase_movement}__isnull": True})
        | Q(**{phase_movement: movement.pk})
    )
    counts = [
        AwardCount(year, code, thematic, individuals, collectives)
        for year, code, thematic, individuals, collectives in records.values_list(
            "year", "award_code", "thematic"
        )
        .annotate(individuals=Count("person_id"), collectives=Count("unit_id"))
        .order_by()
        .values_list("year", "award_code", "thematic", "individuals", "collectives")
    ]
    catalogue = award_catalogue()
    lines = award_lines(counts, years, catalogue)
    credits = list(
        records.annotate(credited=Coalesce("person__unit__path", "unit__path"))
        .values_list("credited", "award_code", "thematic")
        .annotate(count=Count("id"))
        .order_by()
    )
    participants = {
        unit_path: (pk, name)
        for pk, unit_path, name in participant_units(movement).values_list("pk", "path", "name")
    }
    awarded = awarded_units(
        credits,
        {unit_path: pk for unit_path, (pk, _) in participants.items()},
        {pk: name for pk, name in participants.values()},
        catalogue,
    )
    rated = dict(
        YearlyRating.objects.filter(
            subtree_q("person__unit__path", path), person__isnull=False, year__in=years
        )
        .values_list("year")
        .annotate(count=Count("id"))
        .order_by()
    )
    ldtt = [line for line in lines if line.code == LDTT and line.individual and not line.thematic]
    advanced = tuple(
        AdvancedWorkers(
            year=year,
            staff=rated.get(year, 0),
            advanced=sum(line.counts[position] for line in ldtt),
        )
        for position, year in enumerate(years)
    )
    return lines, awarded, advanced
