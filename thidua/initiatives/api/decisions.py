"""API v1 of initiatives: the council's side — a round's results (review statistics, each
reviewer's raw and normalised score, outliers, the vote tally), votes (cast, list), decisions
(create, list, detail) and adoptions (list, record).

Scoped like the pages: a round's results and votes are read by the members of its council and
the managers at its unit only (anyone else: 404, the raw reviews never leave the council); a
decision by a manager; a decision is read by the council and by VIEW_INITIATIVE at the
initiative's unit; an adoption is recorded with RECORD_ADOPTION at the adopting unit (403
held nowhere, 404 for a unit outside the scope). A service's refusal is a 400 with its
Vietnamese message.
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.initiatives.models import (
    Adoption,
    CouncilMember,
    CouncilVote,
    Decision,
    Initiative,
    ReviewRound,
    RoundEntry,
)
from thidua.initiatives.review_stats import for_display
from thidua.initiatives.selectors.adoption import (
    adoption_line,
    adoptions_visible_to,
    recognised_initiatives,
)
from thidua.initiatives.selectors.decisions import (
    InitiativeResult,
    decisions_readable_by,
    round_for_results,
    round_results,
)
from thidua.initiatives.services.adoption import IndicatorInput, record_adoption
from thidua.initiatives.services.decisions import cast_vote, decide_initiative
from thidua.organizations.api.common import (
    OrmOut,
    UnitRef,
    acting_user,
    api_field_names,
    get_in_scope,
    require_anywhere,
)
from thidua.organizations.models import Unit
from thidua.organizations.scoping import scope_q

router = Router(tags=["Sáng kiến: biểu quyết, công nhận, nhân rộng"])

Choice = Literal["for", "against"]
LevelName = Literal["", "base", "city", "national"]


class InitiativeRef(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của sáng kiến")
    code: str = Field(description="Mã sáng kiến")
    title: str = Field(description="Tên sáng kiến")
    unit: UnitRef = Field(description="Đơn vị có sáng kiến")


class ReviewOut(Schema):
    reviewer: str = Field(description="Người chấm")
    raw: Decimal = Field(description="Điểm gốc (thang 100)")
    normalised: Decimal = Field(description="Điểm chuẩn hóa theo mặt bằng của đợt (1 chữ số)")
    outlier_reasons: list[str] = Field(description="Lý do bất thường (rỗng nếu không)")


class StatsOut(Schema):
    count: int = Field(description="Số phiếu chấm đã nộp")
    mean: Decimal = Field(description="Điểm trung bình")
    median: Decimal = Field(description="Trung vị")
    minimum: Decimal = Field(description="Điểm thấp nhất")
    maximum: Decimal = Field(description="Điểm cao nhất")
    spread: Decimal = Field(description="Chênh lệch cao – thấp")
    normalised_mean: Decimal = Field(description="Trung bình điểm chuẩn hóa")


class TallyOut(Schema):
    votes_for: int = Field(description="Số phiếu đồng ý")
    votes_against: int = Field(description="Số phiếu không đồng ý")
    not_voted: int = Field(description="Số thành viên chưa biểu quyết")
    members_total: int = Field(description="Tổng số thành viên hội đồng")
    needed: int | None = Field(description="Số phiếu đồng ý cần để thông qua")
    share: str | None = Field(description="Tỷ lệ thông qua, ví dụ 2/3")
    passed: bool | None = Field(description="Đã đạt tỷ lệ thông qua")


class RuleOut(OrmOut):
    valid_from: dt.date = Field(description="Áp dụng từ ngày")
    pass_numerator: int = Field(description="Tử số tỷ lệ thông qua")
    pass_denominator: int = Field(description="Mẫu số tỷ lệ thông qua")
    citation: str = Field(description="Căn cứ")


class DecisionOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của quyết định")
    round_id: int = Field(description="Đợt chấm")
    initiative: InitiativeRef = Field(description="Sáng kiến")
    recognised: bool = Field(description="Được công nhận")
    level: LevelName = Field(description="Cấp công nhận: base, city, national (rỗng nếu không)")
    number: str = Field(description="Số quyết định / thông báo")
    date: dt.date = Field(description="Ngày")
    reasons: str = Field(description="Lý do không công nhận")
    votes_for: int = Field(description="Số phiếu đồng ý")
    votes_against: int = Field(description="Số phiếu không đồng ý")
    members_total: int = Field(description="Tổng số thành viên hội đồng")
    rule: RuleOut = Field(description="Quy định thông qua đã áp dụng")
    mean_score: Decimal | None = Field(description="Điểm chấm trung bình")
    decided_by: str | None = Field(description="Người ghi quyết định")
    decided_at: dt.datetime = Field(description="Lúc")

    @staticmethod
    def resolve_decided_by(obj: Decision) -> str | None:
        return obj.decided_by.display_name if obj.decided_by else None


class InitiativeResultOut(Schema):
    initiative: InitiativeRef = Field(description="Sáng kiến")
    stats: StatsOut | None = Field(description="Thống kê phiếu chấm (null nếu chưa có phiếu)")
    reviews: list[ReviewOut] = Field(description="Từng phiếu chấm")
    tally: TallyOut = Field(description="Biểu quyết")
    decision: DecisionOut | None = Field(description="Quyết định (nếu đã có)")


class RoundResultsOut(Schema):
    round_id: int = Field(description="Đợt chấm")
    name: str = Field(description="Tên đợt chấm")
    status: str = Field(description="draft, open, closed (đóng chấm, biểu quyết), decided")
    reviews_count: int = Field(description="Số phiếu chấm đã nộp của đợt")
    mean: Decimal | None = Field(description="Điểm trung bình của đợt")
    sd: Decimal | None = Field(description="Độ lệch chuẩn của đợt")
    members_total: int = Field(description="Tổng số thành viên hội đồng")
    scores_visible: bool = Field(
        description="Có điểm chấm: thành viên hội đồng chỉ thấy điểm sau khi đóng chấm "
        "(người quản lý hội đồng luôn thấy)"
    )
    initiatives: list[InitiativeResultOut] = Field(description="Từng sáng kiến")


class VoteIn(Schema):
    initiative_id: int = Field(description="Sáng kiến")
    choice: Choice = Field(description="for (đồng ý công nhận) hoặc against (không đồng ý)")
    member_id: int | None = Field(
        None,
        description="Thành viên (khi thư ký hoặc người quản lý ghi phiếu giấy); bỏ trống: phiếu "
        "của chính bạn",
    )


class VoteOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của phiếu")
    initiative_id: int = Field(description="Sáng kiến")
    member_id: int = Field(description="Thành viên")
    member: str = Field(description="Họ tên thành viên")
    choice: Choice = Field(description="for hoặc against")
    recorded_by: str | None = Field(description="Người ghi phiếu")
    at: dt.datetime = Field(description="Lúc")


class DecisionIn(Schema):
    initiative_id: int = Field(description="Sáng kiến")
    date: dt.date = Field(description="Ngày quyết định (quy định thông qua có hiệu lực ngày này)")
    number: str = Field(
        "",
        max_length=64,
        description="Số quyết định khi đã ban hành ngoài hệ thống (để trống: số được cấp khi "
        "phát hành quyết định của đợt)",
    )
    level: LevelName = Field("", description="Cấp công nhận khi đạt (mặc định base)")
    reasons: str = Field(
        "", max_length=4000, description="Lý do không công nhận (bắt buộc khi không đạt)"
    )


class DecisionFilters(Schema):
    round_id: int | None = Field(None, description="Đợt chấm")
    initiative_id: int | None = Field(None, description="Sáng kiến")


class IndicatorIn(Schema):
    name: str = Field(max_length=255, description="Chỉ số")
    measure_unit: str = Field("", max_length=50, description="Đơn vị tính")
    before: Decimal = Field(description="Giá trị trước khi áp dụng")
    after: Decimal = Field(description="Giá trị sau khi áp dụng")


class IndicatorOut(Schema):
    name: str = Field(description="Chỉ số")
    measure_unit: str = Field(description="Đơn vị tính")
    before: Decimal = Field(description="Trước khi áp dụng")
    after: Decimal = Field(description="Sau khi áp dụng")
    change_percent: Decimal | None = Field(description="Thay đổi so với trước (%)")


class AdoptionIn(Schema):
    unit_id: int = Field(description="Đơn vị áp dụng")
    adopted_on: dt.date = Field(description="Áp dụng từ ngày")
    description: str = Field("", max_length=4000, description="Cách áp dụng, kết quả")
    indicators: list[IndicatorIn] = Field(
        max_length=30, description="Chỉ số trước và sau (ít nhất một)"
    )


class AdoptionOut(Schema):
    id: int = Field(description="Số hiệu nội bộ")
    initiative: InitiativeRef = Field(description="Sáng kiến")
    unit: UnitRef = Field(description="Đơn vị áp dụng")
    adopted_on: dt.date = Field(description="Áp dụng từ ngày")
    description: str = Field(description="Cách áp dụng, kết quả")
    indicators: list[IndicatorOut] = Field(description="Chỉ số trước và sau")

    @staticmethod
    def resolve_indicators(obj: Adoption) -> list[IndicatorOut]:
        return [
            IndicatorOut(
                name=change.indicator.name,
                measure_unit=change.indicator.measure_unit,
                before=change.indicator.before,
                after=change.indicator.after,
                change_percent=change.percent,
            )
            for change in adoption_line(obj).changes
        ]


# -- Helpers -------------------------------------------------------------------------------------


def _round(user: User, round_id: int) -> ReviewRound:
    round_ = round_for_results(user, round_id)
    if round_ is None:
        raise Http404
    return round_


def _entry(round_: ReviewRound, initiative_id: int) -> Initiative:
    entry = (
        RoundEntry.objects.filter(round=round_, initiative_id=initiative_id)
        .select_related("initiative__unit")
        .first()
    )
    if entry is None:
        raise Http404
    return entry.initiative


def _decision_out(decision: Decision) -> DecisionOut:
    return DecisionOut.model_validate(decision)


def _result_out(row: InitiativeResult, members_total: int) -> InitiativeResultOut:
    stats = row.stats
    tally = row.tally
    return InitiativeResultOut(
        initiative=InitiativeRef.model_validate(row.initiative),
        stats=StatsOut(
            count=stats.count,
            mean=for_display(stats.mean, 2),
            median=for_display(stats.median, 2),
            minimum=stats.minimum,
            maximum=stats.maximum,
            spread=stats.spread,
            normalised_mean=for_display(stats.normalised_mean, 2),
        )
        if stats
        else None,
        reviews=[
            ReviewOut(
                reviewer=line.reviewer_name,
                raw=line.result.raw,
                normalised=for_display(line.result.normalised),
                outlier_reasons=list(line.result.reasons),
            )
            for line in row.reviews
        ],
        tally=TallyOut(
            votes_for=row.votes_for,
            votes_against=row.votes_against,
            not_voted=row.not_voted,
            members_total=members_total,
            needed=tally.needed if tally else None,
            share=f"{tally.share_numerator}/{tally.share_denominator}" if tally else None,
            passed=tally.passed if tally else None,
        ),
        decision=_decision_out(row.decision) if row.decision else None,
    )


def _vote_out(vote: CouncilVote) -> VoteOut:
    return VoteOut(
        id=vote.pk,
        initiative_id=vote.initiative_id,
        member_id=vote.member_id,
        member=vote.member.user.display_name,
        choice=vote.choice,  # type: ignore[arg-type]
        recorded_by=vote.recorded_by.display_name if vote.recorded_by else None,
        at=vote.at,
    )


def _adoption_out(adoption: Adoption) -> AdoptionOut:
    return AdoptionOut.model_validate(adoption)


# -- Results and votes ---------------------------------------------------------------------------


@router.get(
    "/initiatives/rounds/{round_id}/results",
    response=RoundResultsOut,
    summary="Kết quả đợt chấm: thống kê, điểm chuẩn hóa, bất thường, biểu quyết",
)
def results(request: HttpRequest, round_id: int) -> RoundResultsOut:
    """Members of the round's council and managers at its unit only (anyone else: 404)."""
    user = acting_user(request)
    round_ = _round(user, round_id)
    data = round_results(round_, user)
    return RoundResultsOut(
        round_id=round_.pk,
        name=round_.name,
        status=round_.status,
        reviews_count=data.stats.count,
        mean=for_display(data.stats.mean, 2) if data.stats.mean is not None else None,
        sd=for_display(data.stats.sd, 2) if data.stats.sd is not None else None,
        members_total=len(data.members),
        scores_visible=data.scores_visible,
        initiatives=[_result_out(row, len(data.members)) for row in data.rows],
    )


@router.get(
    "/initiatives/rounds/{round_id}/votes",
    response=list[VoteOut],
    summary="Các phiếu biểu quyết của đợt chấm",
)
def list_votes(request: HttpRequest, round_id: int) -> list[VoteOut]:
    user = acting_user(request)
    round_ = _round(user, round_id)
    votes = (
        CouncilVote.objects.filter(round=round_)
        .select_related("member__user", "recorded_by")
        .order_by("initiative_id", "member__order", "pk")
    )
    return [_vote_out(vote) for vote in votes]


@router.post(
    "/initiatives/rounds/{round_id}/votes",
    response={201: VoteOut},
    summary="Biểu quyết (hoặc ghi phiếu giấy của một thành viên)",
)
def create_vote(request: HttpRequest, round_id: int, payload: VoteIn) -> Status[VoteOut]:
    """A member votes for themself; the secretary or a manager records a member's paper ballot
    with `member_id`. A member who already voted: 400 "Thành viên … đã biểu quyết sáng kiến
    này."."""
    user = acting_user(request)
    round_ = _round(user, round_id)
    initiative = _entry(round_, payload.initiative_id)
    member = None
    if payload.member_id is not None:
        member = get_in_scope(
            CouncilMember.objects.filter(council_id=round_.council_id).select_related("user"),
            payload.member_id,
        )
    with api_field_names({"member": "member_id"}):
        vote = cast_vote(round_, initiative, choice=payload.choice, by=user, member=member)
    vote = CouncilVote.objects.select_related("member__user", "recorded_by").get(pk=vote.pk)
    return Status(201, _vote_out(vote))


# -- Decisions -----------------------------------------------------------------------------------


@router.post(
    "/initiatives/rounds/{round_id}/decisions",
    response={201: DecisionOut},
    summary="Ra quyết định về một sáng kiến (theo kết quả biểu quyết)",
)
def create_decision(
    request: HttpRequest, round_id: int, payload: DecisionIn
) -> Status[DecisionOut]:
    """By a manager of the council. The outcome is the count's: recognised iff the votes for
    reach the rulebook share of the whole membership on `date`; then `number` is optional (a
    decision issued outside the platform; empty, the round's decision is issued later),
    otherwise `reasons` are required."""
    user = acting_user(request)
    round_ = _round(user, round_id)
    initiative = _entry(round_, payload.initiative_id)
    decision = decide_initiative(
        round_,
        initiative,
        level=payload.level,
        number=payload.number,
        date=payload.date,
        reasons=payload.reasons,
        by=user,
    )
    return Status(201, _decision_out(decisions_readable_by(user).get(pk=decision.pk)))


@router.get("/initiatives/decisions", response=list[DecisionOut], summary="Các quyết định")
@paginate(LimitOffsetPagination)
def list_decisions(request: HttpRequest, filters: Query[DecisionFilters]) -> QuerySet[Decision]:
    """Decisions of the councils the user sits on or manages, and those on initiatives of the
    units where they hold VIEW_INITIATIVE; newest first."""
    user = acting_user(request)
    decisions = decisions_readable_by(user).order_by("-date", "-pk")
    if filters.round_id is not None:
        decisions = decisions.filter(round_id=filters.round_id)
    if filters.initiative_id is not None:
        decisions = decisions.filter(initiative_id=filters.initiative_id)
    return decisions


@router.get("/initiatives/decisions/{decision_id}", response=DecisionOut, summary="Một quyết định")
def decision_detail(request: HttpRequest, decision_id: int) -> DecisionOut:
    user = acting_user(request)
    return _decision_out(get_in_scope(decisions_readable_by(user), decision_id))


# -- Adoptions -----------------------------------------------------------------------------------


@router.get(
    "/initiatives/adoptions", response=list[AdoptionOut], summary="Nhân rộng sáng kiến (phân trang)"
)
@paginate(LimitOffsetPagination)
def list_adoptions(request: HttpRequest) -> QuerySet[Adoption]:
    """Adoptions at the user's units and adoptions of their units' initiatives elsewhere
    (VIEW_INITIATIVE or RECORD_ADOPTION held somewhere, else 403)."""
    user = acting_user(request)
    if not (user.has_perm(Perm.VIEW_INITIATIVE.value) or user.has_perm(Perm.RECORD_ADOPTION.value)):
        raise PermissionDenied
    return adoptions_visible_to(user)


@router.post(
    "/initiatives/{initiative_id}/adoptions",
    response={201: AdoptionOut},
    summary="Ghi nhận một đơn vị nhân rộng sáng kiến",
)
def create_adoption(
    request: HttpRequest, initiative_id: int, payload: AdoptionIn
) -> Status[AdoptionOut]:
    """RECORD_ADOPTION at the adopting unit (held nowhere: 403; a unit outside the scope: 404);
    the initiative must be recognised (else 404)."""
    user = acting_user(request)
    require_anywhere(user, Perm.RECORD_ADOPTION)
    initiative = get_in_scope(recognised_initiatives(), initiative_id)
    unit = get_in_scope(
        Unit.objects.filter(scope_q(user, Perm.RECORD_ADOPTION, "path")), payload.unit_id
    )
    with api_field_names({"unit": "unit_id"}):
        adoption = record_adoption(
            initiative,
            unit=unit,
            adopted_on=payload.adopted_on,
            description=payload.description,
            indicators=[
                IndicatorInput(
                    name=row.name, measure_unit=row.measure_unit, before=row.before, after=row.after
                )
                for row in payload.indicators
            ],
            by=user,
        )
    return Status(201, _adoption_out(adoptions_visible_to(user).get(pk=adoption.pk)))
