"""API v1 of the council and the decisions (read): sessions with their agenda — counts only once
the session is closed, never anyone's ballot (choices are not stored with a voter; a member
learns which items they themself voted on) —, decisions with their recipients, and the award
history. Scoped like the pages: outside the reader's scope is a 404."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.awards.api import router
from thidua.awards.models import AwardDecision
from thidua.awards.selectors.council_documents import recipients_of
from thidua.awards.selectors.councils import session_view, sessions_visible_to
from thidua.awards.selectors.history import HistoryFilter, search_history
from thidua.organizations.api.common import UnitRef, acting_user
from thidua.organizations.scoping import scope_q


class AgendaItemOut(Schema):
    id: int
    nomination_id: int
    subject: str = Field(description="Cá nhân hoặc tập thể được đề nghị")
    award_code: str
    override_justification: str = Field(description="Giải trình khi chấp nhận ngoại lệ")
    ballots_cast: int = Field(description="Số phiếu đã bỏ (không có nội dung phiếu)")
    voted_by_me: bool
    approve: int | None = Field(description="Số phiếu đồng ý (chỉ khi phiên họp đã kết thúc)")
    reject: int | None
    written_approve: int | None
    needed: int | None
    passed: bool | None
    explanation: str


class SessionOut(Schema):
    id: int
    council: str
    round_id: int
    meeting_date: dt.date
    status: str = Field(description="open | closed")
    members_total: int
    present: int
    agenda: list[AgendaItemOut]


class RecipientOut(Schema):
    register_number: int = Field(description="Số sổ vàng")
    subject: str
    award_code: str
    award_name: str
    amount: Decimal = Field(description="Tiền thưởng (đồng)")
    revoked: bool
    revoked_reason: str


class DecisionOut(Schema):
    id: int
    session_id: int
    status: str = Field(description="draft | reviewed | issued")
    number: str
    issued_on: dt.date | None
    base_salary: Decimal
    recipients: list[RecipientOut]


class DecisionRowOut(Schema):
    id: int
    session_id: int
    round_id: int
    unit: UnitRef = Field(description="Đơn vị ban hành")
    status: str = Field(description="draft | reviewed | issued")
    status_label: str
    number: str = Field(description="Số, ký hiệu (khi đã phát hành)")
    issued_on: dt.date | None
    recipients: int = Field(description="Số cá nhân, tập thể được khen thưởng")


class HistoryOut(Schema):
    id: int
    year: int
    person_id: int | None
    unit_id: int | None
    subject: str
    award_code: str
    decision_number: str
    decision_date: dt.date | None
    thematic: bool
    revoked: bool
    revoked_reason: str


def _session_out(request: HttpRequest, session_id: int) -> SessionOut:
    user = acting_user(request)
    session = (
        sessions_visible_to(user).select_related("council__unit").filter(pk=session_id).first()
    )
    if session is None:
        raise Http404
    view = session_view(session, user)
    closed = not session.is_open
    return SessionOut(
        id=session.pk,
        council=session.council.name,
        round_id=session.round_id,
        meeting_date=session.meeting_date,
        status=session.status,
        members_total=session.members_total,
        present=view.present,
        agenda=[
            AgendaItemOut(
                id=row.item.pk,
                nomination_id=row.item.nomination_id,
                subject=row.item.nomination.subject_name,
                award_code=row.item.nomination.award_code,
                override_justification=row.item.nomination.override_justification,
                ballots_cast=row.marks,
                voted_by_me=row.voted_by_me,
                approve=row.item.approve if closed else None,
                reject=row.item.reject if closed else None,
                written_approve=row.item.written_approve if closed else None,
                needed=row.item.needed if closed else None,
                passed=row.item.passed if closed else None,
                explanation=row.item.explanation if closed else "",
            )
            for row in view.agenda
        ],
    )


@router.get("/awards/sessions", response=list[int], summary="Các phiên họp Hội đồng xem được")
def list_sessions(request: HttpRequest) -> list[int]:
    return list(sessions_visible_to(acting_user(request)).values_list("pk", flat=True))


@router.get("/awards/sessions/{session_id}", response=SessionOut, summary="Một phiên họp")
def get_session(request: HttpRequest, session_id: int) -> SessionOut:
    return _session_out(request, session_id)


def _decisions_readable(user: User) -> QuerySet[AwardDecision]:
    """The decisions of the units where the caller prepares, reviews or reads nominations."""
    return AwardDecision.objects.filter(
        scope_q(user, Perm.PREPARE_AWARD_DECISION, "unit__path")
        | scope_q(user, Perm.REVIEW_AWARD_DECISION, "unit__path")
        | scope_q(user, Perm.VIEW_NOMINATIONS, "unit__path")
    )


@router.get(
    "/awards/decisions", response=list[DecisionRowOut], summary="Các quyết định khen thưởng"
)
@paginate(LimitOffsetPagination)
def list_decisions(request: HttpRequest) -> list[DecisionRowOut]:
    """The decisions of the units in the caller's scope (as GET /awards/decisions/{id} reads
    them), newest first, with their number of recipients; a fixed number of queries a page."""
    rows = (
        _decisions_readable(acting_user(request))
        .select_related("unit")
        .annotate(recipient_count=Count("recipients"))
        .order_by("-id")
    )
    return _DecisionRows(rows)  # type: ignore[return-value]


class _DecisionRows:
    """The queryset as the paginator slices it, each row turned into its schema."""

    def __init__(self, rows: QuerySet[AwardDecision]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return self.rows.count()

    def __getitem__(self, item: slice) -> list[DecisionRowOut]:
        return [
            DecisionRowOut(
                id=row.pk,
                session_id=row.session_id,
                round_id=row.round_id,
                unit=UnitRef.model_validate(row.unit),
                status=row.status,
                status_label=row.get_status_display(),
                number=row.number,
                issued_on=row.issued_on,
                recipients=row.recipient_count,  # type: ignore[attr-defined]
            )
            for row in self.rows[item]
        ]


@router.get("/awards/decisions/{decision_id}", response=DecisionOut, summary="Một quyết định")
def get_decision(request: HttpRequest, decision_id: int) -> DecisionOut:
    user = acting_user(request)
    decision = _decisions_readable(user).filter(pk=decision_id).first()
    if decision is None:
        raise Http404
    return DecisionOut(
        id=decision.pk,
        session_id=decision.session_id,
        status=decision.status,
        number=decision.number,
        issued_on=decision.issued_on,
        base_salary=decision.base_salary,
        recipients=[
            RecipientOut(
                register_number=item.register_number,
                subject=item.subject_name,
                award_code=item.award_code,
                award_name=item.award_name,
                amount=item.amount,
                revoked=bool(item.record and item.record.revoked),
                revoked_reason=item.record.revoked_reason if item.record else "",
            )
            for item in recipients_of(decision)
        ],
    )


@router.get("/awards/history", response=list[HistoryOut], summary="Lịch sử khen thưởng")
def list_history(
    request: HttpRequest, q: str = "", year: int | None = None, limit: int = 200
) -> list[HistoryOut]:
    records = search_history(acting_user(request), HistoryFilter(query=q[:100], year=year))
    return [
        HistoryOut(
            id=record.pk,
            year=record.year,
            person_id=record.person_id,
            unit_id=record.unit_id,
            subject=record.subject_name,
            award_code=record.award_code,
            decision_number=record.decision_number,
            decision_date=record.decision_date,
            thematic=record.thematic,
            revoked=record.revoked,
            revoked_reason=record.revoked_reason,
        )
        for record in records[: max(1, min(limit, 1000))]
    ]
