"""API v1 of reporting: scores and rankings.

- ``GET /reports/{id}/score`` — a report's totals and its criteria, self-assessed beside
  appraised;
- ``GET /scores?movement_id&unit_id&year`` — a unit's totals per period, for the year and its
  phases, with ranks;
- ``GET /rankings?movement_id&span&cluster_id`` — a ranking (overall, or within a cluster);
- ``POST /reports/{id}/criteria/{code}/appraisal`` — the department's appraisal of a criterion
  (``points: null`` withdraws it);
- ``POST /recompute`` — queue the recomputation of a year; ``GET /recompute/{job_id}`` — its
  progress.

Scoped like the pages: VIEW_REPORT (MANAGE_REPORTING to appraise or recompute) held nowhere →
403; a report, unit or cluster outside the user's scope → 404; the overall ranking needs every
unit in scope (403 otherwise).
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.movements.models import Criterion, Movement
from thidua.organizations.api.common import OrmOut, UnitRef, acting_user, require_anywhere
from thidua.reporting.models import RecomputeJob, Report, ReportScore, Standing
from thidua.reporting.selectors.entry import report_for
from thidua.reporting.selectors.scores import (
    Scorecard,
    clusters_visible,
    ranking_of,
    recompute_jobs_visible_to,
    score_movements,
    scorecard_of,
    scorecard_unit,
    sees_all_units,
    span_by_key,
)
from thidua.reporting.services.scores import adjust_points, clear_adjustment
from thidua.reporting.services.standings import start_recompute

router = Router(tags=["Báo cáo định kỳ: điểm, xếp hạng"])


class PeriodRef(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của kỳ báo cáo")
    kind: str = Field(description="month, quarter, half_year, year")
    year: int = Field(description="Năm")
    name: str = Field(description="Tên kỳ, ví dụ “Quý I/2026”")


class ClusterRef(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của cụm, khối")
    code: str = Field(description="Mã cụm, khối")
    name: str = Field(description="Tên cụm, khối")


class CriterionScoreOut(Schema):
    code: str = Field(description="Mã tiêu chí")
    name: str = Field(description="Tên tiêu chí")
    parent_code: str | None = Field(description="Mã tiêu chí cha (null ở cấp 1)")
    max_points: Decimal = Field(description="Điểm tối đa")
    self_points: Decimal | None = Field(description="Điểm tự chấm")
    appraised_points: Decimal | None = Field(
        description="Điểm thẩm định (bằng điểm tự chấm khi không điều chỉnh)"
    )
    adjusted: bool = Field(description="Đã được Sở điều chỉnh")
    adjustment_reason: str = Field(description="Lý do điều chỉnh")
    adjusted_by: str | None = Field(description="Người điều chỉnh")
    adjusted_at: dt.datetime | None = Field(description="Điều chỉnh lúc")


class ReportScoreOut(Schema):
    report_id: int = Field(description="Số hiệu nội bộ của báo cáo")
    unit: UnitRef = Field(description="Đơn vị")
    period: PeriodRef = Field(description="Kỳ báo cáo")
    status: str = Field(description="Trạng thái báo cáo (chỉ báo cáo approved được xếp hạng)")
    version_id: int = Field(description="Phiên bản bảng điểm đã dùng")
    self_total: Decimal = Field(description="Tổng điểm tự chấm")
    appraised_total: Decimal = Field(description="Tổng điểm thẩm định")
    bonus: Decimal = Field(description="Điểm thưởng")
    penalty: Decimal = Field(description="Điểm trừ")
    title: str = Field(description="Xếp loại theo tổng điểm thẩm định")
    computed_at: dt.datetime = Field(description="Tính lúc")
    criteria: list[CriterionScoreOut] = Field(description="Điểm theo tiêu chí")


class StandingOut(Schema):
    total: Decimal = Field(description="Tổng điểm (thẩm định)")
    self_total: Decimal = Field(description="Tổng điểm tự chấm")
    penalty: Decimal = Field(description="Điểm trừ")
    rank_overall: int = Field(description="Hạng chung")
    rank_in_cluster: int | None = Field(description="Hạng trong cụm, khối")
    cluster_average: Decimal | None = Field(description="Điểm trung bình của cụm, khối")
    title: str = Field(description="Xếp loại")


class PeriodScoreOut(Schema):
    period: PeriodRef = Field(description="Kỳ báo cáo")
    report_id: int | None = Field(description="Báo cáo (null: chưa bắt đầu)")
    status: str = Field(description="not_started, draft, submitted, approved, returned")
    self_total: Decimal | None = Field(description="Tổng tự chấm (null: chưa chấm)")
    appraised_total: Decimal | None = Field(description="Tổng thẩm định")
    title: str = Field(description="Xếp loại")
    standing: StandingOut | None = Field(description="Xếp hạng của kỳ (báo cáo đã duyệt)")


class PhaseScoreOut(Schema):
    number: int = Field(description="Giai đoạn")
    name: str = Field(description="Tên giai đoạn")
    standing: StandingOut | None = Field(description="Kết quả giai đoạn")


class UnitScoresOut(Schema):
    unit: UnitRef = Field(description="Đơn vị")
    year: int = Field(description="Năm")
    cluster: ClusterRef | None = Field(description="Cụm, khối của đơn vị trong năm")
    periods: list[PeriodScoreOut] = Field(description="Theo kỳ báo cáo")
    year_standing: StandingOut | None = Field(description="Kết quả cả năm")
    phases: list[PhaseScoreOut] = Field(description="Kết quả các giai đoạn chứa năm")


class RankingRowOut(Schema):
    rank: int = Field(description="Hạng (trong cụm khi hỏi theo cụm, khối)")
    rank_overall: int = Field(description="Hạng chung")
    rank_in_cluster: int | None = Field(description="Hạng trong cụm, khối")
    unit: UnitRef = Field(description="Đơn vị")
    cluster: ClusterRef | None = Field(description="Cụm, khối")
    total: Decimal = Field(description="Tổng điểm (thẩm định)")
    self_total: Decimal = Field(description="Tổng điểm tự chấm")
    penalty: Decimal = Field(description="Điểm trừ")
    title: str = Field(description="Xếp loại")
    area_points: dict[str, Decimal] = Field(description="Điểm theo tiêu chí cấp 1 (mã → điểm)")


class RankingOut(Schema):
    span: str = Field(description="p:<kỳ>, y:<năm> hoặc ph:<giai đoạn>")
    label: str = Field(description="Tên kỳ, năm, giai đoạn")
    cluster: ClusterRef | None = Field(description="Cụm, khối (null: xếp hạng chung)")
    computed_at: dt.datetime | None = Field(description="Tính lúc")
    rows: list[RankingRowOut] = Field(description="Các đơn vị, hạng cao trước")


class ScoresQuery(Schema):
    movement_id: int = Field(description="Phong trào")
    unit_id: int = Field(description="Đơn vị")
    year: int = Field(description="Năm")


class RankingQuery(Schema):
    movement_id: int = Field(description="Phong trào")
    span: str = Field(
        description="Kỳ xếp hạng: p:<số hiệu kỳ>, y:<năm> (hoặc chỉ năm), ph:<số giai đoạn>",
        max_length=24,
    )
    cluster_id: int | None = Field(None, description="Chỉ cụm, khối này (bỏ trống: xếp hạng chung)")


class AppraisalIn(Schema):
    points: Decimal | None = Field(
        description="Điểm thẩm định (0 đến điểm tối đa của tiêu chí); null để bỏ điều chỉnh"
    )
    reason: str = Field(max_length=2000, description="Lý do (bắt buộc)")


class RecomputeIn(Schema):
    movement_id: int = Field(description="Phong trào")
    year: int = Field(description="Năm cần tính lại")


class RecomputeJobOut(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của lượt tính")
    movement_id: int = Field(description="Phong trào")
    year: int = Field(description="Năm")
    status: str = Field(description="pending, running, succeeded, failed")
    progress_percent: int = Field(description="Tiến độ (%)")
    done_steps: int = Field(description="Số bước đã xong")
    total_steps: int = Field(description="Tổng số bước")
    message: str = Field(description="Kết quả")
    created_at: dt.datetime = Field(description="Yêu cầu lúc")
    finished_at: dt.datetime | None = Field(description="Xong lúc")


# --- Lookups -----------------------------------------------------------------------------------


def _movement(user: User, movement_id: int) -> Movement:
    require_anywhere(user, Perm.VIEW_REPORT)
    movement = score_movements(user).filter(pk=movement_id).first()
    if movement is None:
        raise Http404
    return movement


def _report(user: User, report_id: int) -> Report:
    require_anywhere(user, Perm.VIEW_REPORT)
    report = report_for(user, report_id)
    if report is None:
        raise Http404
    return report


def _scorecard(report: Report) -> Scorecard:
    return scorecard_of(
        report.movement, report.unit, report.period.year, selected_period=report.period_id
    )


def _report_score(report: Report) -> ReportScoreOut:
    score = ReportScore.objects.filter(report=report).first()
    if score is None:
        raise Http404
    card = _scorecard(report)
    criteria = []
    codes = {line.criterion.pk: line.criterion.code for b in card.areas for line in b.lines}
    for block in card.areas:
        for line in block.lines:
            row = line.row
            criteria.append(
                CriterionScoreOut(
                    code=line.criterion.code,
                    name=line.criterion.name,
                    parent_code=codes.get(line.criterion.parent_id or 0),
                    max_points=line.criterion.max_points,
                    self_points=line.self_points,
                    appraised_points=line.appraised_points,
                    adjusted=line.adjusted,
                    adjustment_reason=row.adjustment_reason if row is not None else "",
                    adjusted_by=row.adjusted_by.display_name
                    if row is not None and row.adjusted_by is not None
                    else None,
                    adjusted_at=row.adjusted_at if row is not None else None,
                )
            )
    return ReportScoreOut(
        report_id=report.pk,
        unit=UnitRef.model_validate(report.unit),
        period=PeriodRef.model_validate(report.period),
        status=report.status,
        version_id=score.version_id,
        self_total=score.self_total,
        appraised_total=score.appraised_total,
        bonus=score.bonus,
        penalty=score.penalty,
        title=score.title,
        computed_at=score.computed_at,
        criteria=criteria,
    )


def _standing(standing: Standing | None, average: Decimal | None) -> StandingOut | None:
    if standing is None:
        return None
    return StandingOut(
        total=standing.total,
        self_total=standing.self_total,
        penalty=standing.penalty,
        rank_overall=standing.rank_overall,
        rank_in_cluster=standing.rank_in_cluster,
        cluster_average=average,
        title=standing.title,
    )


# --- Endpoints ---------------------------------------------------------------------------------


@router.get("/reports/{report_id}/score", response=ReportScoreOut, summary="Điểm của một báo cáo")
def report_score(request: HttpRequest, report_id: int) -> ReportScoreOut:
    return _report_score(_report(acting_user(request), report_id))


@router.get("/scores", response=UnitScoresOut, summary="Điểm của một đơn vị trong năm")
def unit_scores(request: HttpRequest, query: Query[ScoresQuery]) -> UnitScoresOut:
    user = acting_user(request)
    movement = _movement(user, query.movement_id)
    unit = scorecard_unit(user, movement, query.unit_id)
    if unit is None or query.year not in range(
        movement.start_date.year, movement.end_date.year + 1
    ):
        raise Http404
    card = scorecard_of(movement, unit, query.year)
    return UnitScoresOut(
        unit=UnitRef.model_validate(unit),
        year=card.year,
        cluster=ClusterRef.model_validate(card.cluster) if card.cluster else None,
        periods=[
            PeriodScoreOut(
                period=PeriodRef.model_validate(line.period),
                report_id=line.report.pk if line.report else None,
                status=line.report.status if line.report else "not_started",
                self_total=line.score.self_total if line.score else None,
                appraised_total=line.score.appraised_total if line.score else None,
                title=line.score.title if line.score else "",
                standing=_standing(line.standing, line.cluster_average),
            )
            for line in card.periods
        ],
        year_standing=_standing(card.year_standing, card.year_cluster_average),
        phases=[
            PhaseScoreOut(
                number=phase.number, name=phase.name, standing=_standing(standing, average)
            )
            for phase, standing, average in card.phases
        ],
    )


@router.get("/rankings", response=RankingOut, summary="Xếp hạng chung hoặc trong cụm, khối")
def rankings(request: HttpRequest, query: Query[RankingQuery]) -> RankingOut:
    user = acting_user(request)
    movement = _movement(user, query.movement_id)
    span = span_by_key(movement, query.span)
    if span is None:
        raise Http404
    cluster = None
    if query.cluster_id is not None:
        cluster = next(
            (c for c in clusters_visible(user, movement, span.year) if c.pk == query.cluster_id),
            None,
        )
        if cluster is None:
            raise Http404
    elif not sees_all_units(user, movement):
        raise PermissionDenied
    table = ranking_of(user, movement, span, cluster)
    codes = [code for code, _, _ in table.area_heads]
    return RankingOut(
        span=span.key,
        label=span.label,
        cluster=ClusterRef.model_validate(cluster) if cluster else None,
        computed_at=table.computed_at,
        rows=[
            RankingRowOut(
                rank=row.rank,
                rank_overall=row.standing.rank_overall,
                rank_in_cluster=row.standing.rank_in_cluster,
                unit=UnitRef.model_validate(row.standing.unit),
                cluster=ClusterRef.model_validate(row.standing.cluster)
                if row.standing.cluster
                else None,
                total=row.standing.total,
                self_total=row.standing.self_total,
                penalty=row.standing.penalty,
                title=row.standing.title,
                area_points=dict(zip(codes, row.areas, strict=True)),
            )
            for row in table.rows
        ],
    )


@router.post(
    "/reports/{report_id}/criteria/{code}/appraisal",
    response=ReportScoreOut,
    summary="Thẩm định điểm một tiêu chí (points: null để bỏ điều chỉnh)",
)
def appraise(
    request: HttpRequest, report_id: int, code: str, payload: AppraisalIn
) -> ReportScoreOut:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_REPORTING)
    report = _report(user, report_id)
    criterion = Criterion.objects.filter(movement_id=report.movement_id, code=code).first()
    if criterion is None:
        raise Http404
    if payload.points is None:
        clear_adjustment(report=report, criterion=criterion, reason=payload.reason, by=user)
    else:
        adjust_points(
            report=report,
            criterion=criterion,
            points=payload.points,
            reason=payload.reason,
            by=user,
        )
    return _report_score(report)


@router.post(
    "/recompute", response={202: RecomputeJobOut}, summary="Tính lại điểm, xếp hạng của một năm"
)
def recompute(request: HttpRequest, payload: RecomputeIn) -> Status[RecomputeJob]:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_REPORTING)
    movement = _movement(user, payload.movement_id)
    return Status(202, start_recompute(movement=movement, year=payload.year, by=user))


@router.get("/recompute/{job_id}", response=RecomputeJobOut, summary="Tiến độ một lượt tính lại")
def recompute_status(request: HttpRequest, job_id: int) -> RecomputeJob:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_REPORTING)
    job = recompute_jobs_visible_to(user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job
