"""API v1 of eligibility, award rounds, nominations and disclosure feedback.

Scoped like the pages, through the same selectors: eligibility over the subjects where the
caller holds VIEW_ELIGIBILITY; a round read by whoever manages it or reads nominations under it;
a unit reads its own nominations, the department every nomination of its round. Outside the
scope is a 404; writes go through the pages' services, so a refusal (out of scope, a duplicate,
past the deadline, an override without justification…) is a 400 with the service's Vietnamese
message and a permission the service refuses is a 403. Feedback on a publicly disclosed round
is sent without signing in, with the public page's checks (period, length, 5 an hour per
address).
"""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status
from pydantic import model_validator

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.awards.api import router
from thidua.awards.domain.eligibility import evaluate_many
from thidua.awards.domain.rules import AwardSpec, Evaluation, RulebookSpec
from thidua.awards.enums import FeedbackChannel, NominationStatus
from thidua.awards.models import (
    AwardRound,
    DisclosureFeedback,
    Nomination,
    RulebookVersion,
)
from thidua.awards.selectors.access import people_visible_to, units_visible_to
from thidua.awards.selectors.eligibility import judge_subjects, rulebook_for_year, subjects_for
from thidua.awards.selectors.facts import collective_facts_for, person_facts_for
from thidua.awards.selectors.rounds import (
    attachments_of,
    award_names_of,
    can_manage_round,
    disclosure_period,
    feedback_of,
    is_feedback_open,
    nominating_units,
    nomination_for,
    nominations_visible_to,
    public_rounds,
    round_for,
    rounds_visible_to,
    rulebook_of,
    status_counts,
    stored_check_evaluation,
    stored_evaluation,
    unanswered_count,
)
from thidua.awards.services import nominations as nomination_services
from thidua.awards.services.rounds import FeedbackData, answer_feedback, send_feedback
from thidua.core.errors import DomainError
from thidua.organizations.api.common import acting_user, api_field_names
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import scope_q

MSG_NO_RULEBOOK = "Chưa có bộ quy tắc khen thưởng nào áp dụng cho năm {year}."
MSG_UNKNOWN_AWARD = "Bộ quy tắc {version} không có danh hiệu, hình thức “{code}”."
MSG_WRONG_SUBJECT = "“{name}” không dành cho {subject}."
MSG_ONE_SUBJECT = "Chọn đúng một đối tượng: person_id (cá nhân) hoặc subject_unit_id (tập thể)."

# --- Schemas -----------------------------------------------------------------------------------


class RuleResultOut(Schema):
    code: str = Field(description="Mã quy tắc")
    description: str = Field(description="Nội dung tiêu chuẩn")
    passed: bool = Field(description="Đạt hay không")
    needs_council: bool = Field(description="Cần Hội đồng xem xét (không tự quyết được)")
    explanation: str = Field(description="Giải thích bằng tiếng Việt")
    facts_used: dict[str, str] = Field(description="Các dữ kiện đã dùng")
    citation: str = Field(description="Căn cứ pháp lý")


class EvaluationOut(Schema):
    award_code: str
    year: int
    eligible: bool = Field(description="Đủ điều kiện (mọi tiêu chuẩn đều đạt)")
    rulebook_version: str = Field(description="Phiên bản bộ quy tắc đã dùng")
    rules: list[RuleResultOut]


class SubjectEligibilityOut(Schema):
    subject: Literal["person", "unit"] = Field(description="person (cá nhân) | unit (tập thể)")
    id: int
    name: str
    detail: str = Field(description="Mã nhân viên và đơn vị; mã tập thể")
    evaluation: EvaluationOut


class EligibilityQuery(Schema):
    nam: int = Field(ge=1990, le=2999, description="Năm xét")
    danh_hieu: str = Field(max_length=32, description="Mã danh hiệu, hình thức (ví dụ ldtt)")
    don_vi: int | None = Field(None, description="Chỉ xét trong đơn vị này và các đơn vị con")


class SubjectQuery(Schema):
    nam: int = Field(ge=1990, le=2999, description="Năm xét")
    danh_hieu: str = Field(
        "", max_length=32, description="Mã danh hiệu; để trống: mọi danh hiệu cho loại đối tượng"
    )


class SubjectEvaluationsOut(Schema):
    subject: Literal["person", "unit"]
    id: int
    name: str
    year: int
    rulebook_version: str
    evaluations: list[EvaluationOut]


class UnitOut(Schema):
    id: int
    code: str
    name: str


class RoundOut(Schema):
    id: int
    name: str
    kind: str = Field(description="annual (hằng năm) | thematic (theo chuyên đề)")
    year: int
    organiser: UnitOut
    status: str = Field(description="draft | open | checking | disclosure | council | …")
    status_label: str
    award_codes: list[str]
    nomination_deadline: dt.date = Field(description="Hạn gửi đề nghị")
    disclosure_start: dt.date | None
    disclosure_working_days: int
    disclosure_public: bool


class AwardNameOut(Schema):
    code: str
    name: str


class RoundDetailOut(RoundOut):
    awards: list[AwardNameOut] = Field(description="Danh hiệu, hình thức của đợt xét")
    disclosure_end: dt.date | None = Field(description="Hết ngày công khai (ngày làm việc)")
    feedback_open: bool = Field(description="Đang nhận ý kiến công khai")
    manages: bool = Field(description="Người gọi quản lý đợt xét (thẩm định)")
    my_units: list[UnitOut] = Field(description="Các đơn vị người gọi được lập đề nghị")
    counts: dict[str, int] = Field(description="Số đề nghị xem được, theo trạng thái")
    unanswered_feedback: int
    note: str


class SubjectRef(Schema):
    kind: Literal["person", "unit"]
    id: int
    name: str


class NominationOut(Schema):
    id: int
    round_id: int
    unit: UnitOut = Field(description="Đơn vị đề nghị")
    subject: SubjectRef
    award_code: str
    status: str
    status_label: str
    eligible: bool | None = Field(description="Đủ điều kiện khi gửi (hoặc khi lập)")
    check_eligible: bool | None = Field(description="Đủ điều kiện khi thẩm định")
    override_justification: str = Field(description="Giải trình khi chưa đủ điều kiện")
    submitted_at: dt.datetime | None


class AttachmentOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    document_id: int | None = Field(description="Văn bản phát hành (tờ trình, báo cáo)")
    votes_for: int | None
    votes_total: int | None


class ActionOut(Schema):
    kind: str
    kind_label: str
    by: str
    at: dt.datetime
    note: str


class NominationDetailOut(NominationOut):
    award_name: str
    achievement_summary: str
    evaluation: EvaluationOut | None = Field(description="Kết quả xét điều kiện khi gửi")
    check_evaluation: EvaluationOut | None = Field(description="Kết quả khi thẩm định")
    check_note: str
    return_reason: str
    checked_at: dt.datetime | None
    attachments: list[AttachmentOut]
    history: list[ActionOut]


class NominationFilters(Schema):
    status: NominationStatus | None = Field(None, description="Lọc theo trạng thái")
    unit_id: int | None = Field(None, description="Lọc theo đơn vị đề nghị")


class NominationIn(Schema):
    unit_id: int = Field(description="Đơn vị đề nghị (đơn vị của người gọi)")
    award_code: str = Field(max_length=32)
    person_id: int | None = Field(None, description="Cá nhân được đề nghị")
    subject_unit_id: int | None = Field(None, description="Tập thể được đề nghị")
    justification: str = Field(
        "", max_length=4000, description="Giải trình (bắt buộc khi chưa đủ điều kiện)"
    )
    achievement_summary: str = Field("", max_length=4000)

    @model_validator(mode="after")
    def _one_subject(self) -> "NominationIn":
        if (self.person_id is None) == (self.subject_unit_id is None):
            raise ValueError(MSG_ONE_SUBJECT)
        return self


class ReasonIn(Schema):
    reason: str = Field("", max_length=4000)


class NoteIn(Schema):
    note: str = Field("", max_length=4000)


class JustificationIn(Schema):
    justification: str = Field("", max_length=4000)


class FeedbackIn(Schema):
    text: str = Field(max_length=4000, description="Nội dung ý kiến (10–4.000 ký tự)")
    sender_name: str = Field("", max_length=150, description="Họ tên (không bắt buộc)")
    sender_contact: str = Field("", max_length=150, description="Liên hệ (không bắt buộc)")
    nomination_id: int | None = Field(None, description="Đề nghị được góp ý (nếu có)")


class FeedbackReceivedOut(Schema):
    id: int
    received_at: dt.datetime


class FeedbackOut(Schema):
    id: int
    channel: str = Field(description="intranet | public")
    sender_name: str
    sender_contact: str
    nomination_id: int | None
    nomination_subject: str
    text: str
    received_at: dt.datetime
    answer: str
    answered_at: dt.datetime | None
    answered_by: str


class AnswerIn(Schema):
    answer: str = Field(max_length=4000)


# --- Converters --------------------------------------------------------------------------------


def _evaluation_out(evaluation: Evaluation) -> EvaluationOut:
    return EvaluationOut(
        award_code=evaluation.award_code,
        year=evaluation.year,
        eligible=evaluation.eligible,
        rulebook_version=evaluation.rulebook_version,
        rules=[
            RuleResultOut(
                code=r.code,
                description=r.description,
                passed=r.passed,
                needs_council=r.needs_council,
                explanation=r.explanation_vi,
                facts_used=dict(r.facts_used),
                citation=r.citation,
            )
            for r in evaluation.results
        ],
    )


def _unit_out(unit: Unit) -> UnitOut:
    return UnitOut(id=unit.pk, code=unit.code, name=unit.name)


def _round_fields(round_: AwardRound) -> dict[str, object]:
    return {
        "id": round_.pk,
        "name": round_.name,
        "kind": round_.kind,
        "year": round_.year,
        "organiser": _unit_out(round_.organiser),
        "status": round_.status,
        "status_label": round_.get_status_display(),
        "award_codes": list(round_.award_codes),
        "nomination_deadline": round_.nomination_deadline,
        "disclosure_start": round_.disclosure_start,
        "disclosure_working_days": round_.disclosure_working_days,
        "disclosure_public": round_.disclosure_public,
    }


def _subject_ref(item: Nomination) -> SubjectRef:
    if item.person is not None:
        return SubjectRef(kind="person", id=item.person.pk, name=item.person.full_name)
    assert item.subject_unit is not None  # noqa: S101  (a constraint holds one subject)
    return SubjectRef(kind="unit", id=item.subject_unit.pk, name=item.subject_unit.name)


def _nomination_fields(item: Nomination) -> dict[str, object]:
    return {
        "id": item.pk,
        "round_id": item.round_id,
        "unit": _unit_out(item.unit),
        "subject": _subject_ref(item),
        "award_code": item.award_code,
        "status": item.status,
        "status_label": item.get_status_display(),
        "eligible": item.eligible,
        "check_eligible": item.check_eligible,
        "override_justification": item.override_justification,
        "submitted_at": item.submitted_at,
    }


def _nomination_detail(item: Nomination) -> NominationDetailOut:
    rulebook = rulebook_of(item.round)
    names = award_names_of(rulebook.spec if rulebook else None)
    submitted = stored_evaluation(item)
    checked = stored_check_evaluation(item)
    return NominationDetailOut(
        **_nomination_fields(item),  # type: ignore[arg-type]
        award_name=names.get(item.award_code, item.award_code),
        achievement_summary=item.achievement_summary,
        evaluation=_evaluation_out(submitted) if submitted else None,
        check_evaluation=_evaluation_out(checked) if checked else None,
        check_note=item.check_note,
        return_reason=item.return_reason,
        checked_at=item.checked_at,
        attachments=[
            AttachmentOut(
                id=a.pk,
                kind=a.kind,
                kind_label=a.get_kind_display(),
                name=str(a),
                document_id=a.document_id,
                votes_for=a.votes_for,
                votes_total=a.votes_total,
            )
            for a in attachments_of(item)
        ],
        history=[
            ActionOut(
                kind=action.kind,
                kind_label=action.get_kind_display(),
                by=str(action.by) if action.by else "",
                at=action.at,
                note=action.note,
            )
            for action in item.actions.select_related("by").order_by("at", "id")
        ],
    )


def _feedback_out(item: DisclosureFeedback) -> FeedbackOut:
    return FeedbackOut(
        id=item.pk,
        channel=item.channel,
        sender_name=item.sender_name,
        sender_contact=item.sender_contact,
        nomination_id=item.nomination_id,
        nomination_subject=item.nomination.subject_name if item.nomination else "",
        text=item.text,
        received_at=item.received_at,
        answer=item.answer,
        answered_at=item.answered_at,
        answered_by=str(item.answered_by) if item.answered_by else "",
    )


class _Judged:
    """The scoped subjects as the paginator slices them, each slice judged in bulk."""

    def __init__(
        self,
        rows: QuerySet[Person] | QuerySet[Unit],
        *,
        year: int,
        spec: RulebookSpec,
        award: AwardSpec,
    ) -> None:
        self.rows = rows
        self.year = year
        self.spec = spec
        self.award = award

    def __len__(self) -> int:
        return self.rows.count()

    def __getitem__(self, item: slice) -> list[SubjectEligibilityOut]:
        results = judge_subjects(
            list(self.rows[item]), year=self.year, spec=self.spec, award=self.award
        )
        return [
            SubjectEligibilityOut(
                subject="person" if r.page_url_args[0] == "person" else "unit",
                id=r.page_url_args[1],
                name=r.label,
                detail=r.detail,
                evaluation=_evaluation_out(r.evaluation),
            )
            for r in results
        ]


class _Rows[T: Model, O]:
    """A queryset as the paginator slices it, each row turned into its schema."""

    def __init__(self, rows: QuerySet[T], convert: Callable[[T], O]) -> None:
        self.rows = rows
        self.convert = convert

    def __len__(self) -> int:
        return self.rows.count()

    def __getitem__(self, item: slice) -> list[O]:
        return [self.convert(row) for row in self.rows[item]]


# --- Eligibility -------------------------------------------------------------------------------


def _require(user: User, *perms: Perm) -> None:
    if not any(user.has_perm(perm.value) for perm in perms):
        raise PermissionDenied


def _rulebook(year: int) -> tuple[RulebookVersion, RulebookSpec]:
    found = rulebook_for_year(year)
    if found is None:
        raise DomainError(MSG_NO_RULEBOOK.format(year=year), field="nam")
    return found


def _award(spec: RulebookSpec, code: str) -> AwardSpec:
    if not spec.has_award(code):
        raise DomainError(
            MSG_UNKNOWN_AWARD.format(version=spec.version, code=code), field="danh_hieu"
        )
    return spec.award(code)


@router.get(
    "/awards/eligibility",
    response=list[SubjectEligibilityOut],
    summary="Xét điều kiện hàng loạt (theo năm, danh hiệu, đơn vị)",
)
@paginate(LimitOffsetPagination)
def list_eligibility(
    request: HttpRequest, filters: Query[EligibilityQuery]
) -> list[SubjectEligibilityOut]:
    """Every person (an individual award) or collective (a collective one) where the caller
    holds VIEW_ELIGIBILITY, within `don_vi` when given, judged for `danh_hieu` in `nam` by the
    rulebook in force on 31/12 of that year: eligible or not and every rule with its facts,
    explanation and citation. A fixed number of queries per page."""
    user = acting_user(request)
    _require(user, Perm.VIEW_ELIGIBILITY)
    _version, spec = _rulebook(filters.nam)
    award = _award(spec, filters.danh_hieu)
    unit = None
    if filters.don_vi is not None:
        unit = units_visible_to(user, Perm.VIEW_ELIGIBILITY).filter(pk=filters.don_vi).first()
        if unit is None:
            raise Http404
    rows = subjects_for(user, award, unit)
    return _Judged(rows, year=filters.nam, spec=spec, award=award)  # type: ignore[return-value]


def _judge_one(
    facts: object, spec: RulebookSpec, awards: Sequence[AwardSpec], year: int
) -> list[EvaluationOut]:
    return [
        _evaluation_out(evaluate_many(spec, award.code, [facts], year)[0])  # type: ignore[list-item]
        for award in awards
    ]


def _awards_for(spec: RulebookSpec, code: str, subject: str) -> list[AwardSpec]:
    if not code:
        return [award for award in spec.awards if award.subject == subject]
    award = _award(spec, code)
    if award.subject != subject:
        label = "cá nhân" if subject == "individual" else "tập thể"
        raise DomainError(
            MSG_WRONG_SUBJECT.format(name=award.name, subject=label), field="danh_hieu"
        )
    return [award]


@router.get(
    "/awards/eligibility/people/{person_id}",
    response=SubjectEvaluationsOut,
    summary="Xét điều kiện của một cá nhân",
)
def person_eligibility(
    request: HttpRequest, person_id: int, filters: Query[SubjectQuery]
) -> SubjectEvaluationsOut:
    """One person (in the caller's VIEW_ELIGIBILITY scope, else 404) for `danh_hieu`, or for
    every individual award of the rulebook when it is left empty."""
    user = acting_user(request)
    person = people_visible_to(user, Perm.VIEW_ELIGIBILITY).filter(pk=person_id).first()
    if person is None:
        raise Http404
    version, spec = _rulebook(filters.nam)
    awards = _awards_for(spec, filters.danh_hieu, "individual")
    facts = person_facts_for(filters.nam, Person.objects.filter(pk=person.pk))[person.pk]
    return SubjectEvaluationsOut(
        subject="person",
        id=person.pk,
        name=person.full_name,
        year=filters.nam,
        rulebook_version=version.label,
        evaluations=_judge_one(facts, spec, awards, filters.nam),
    )


@router.get(
    "/awards/eligibility/units/{unit_id}",
    response=SubjectEvaluationsOut,
    summary="Xét điều kiện của một tập thể",
)
def unit_eligibility(
    request: HttpRequest, unit_id: int, filters: Query[SubjectQuery]
) -> SubjectEvaluationsOut:
    """One collective (in the caller's VIEW_ELIGIBILITY scope, else 404) for `danh_hieu`, or
    for every collective award of the rulebook when it is left empty."""
    user = acting_user(request)
    unit = units_visible_to(user, Perm.VIEW_ELIGIBILITY).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    version, spec = _rulebook(filters.nam)
    awards = _awards_for(spec, filters.danh_hieu, "collective")
    facts = collective_facts_for(filters.nam, Unit.objects.filter(pk=unit.pk))[unit.pk]
    return SubjectEvaluationsOut(
        subject="unit",
        id=unit.pk,
        name=unit.name,
        year=filters.nam,
        rulebook_version=version.label,
        evaluations=_judge_one(facts, spec, awards, filters.nam),
    )


# --- Rounds ------------------------------------------------------------------------------------


def _round(user: User, round_id: int) -> AwardRound:
    found = round_for(user, round_id)
    if found is None:
        raise Http404
    return found


@router.get("/awards/rounds", response=list[RoundOut], summary="Các đợt xét khen thưởng")
@paginate(LimitOffsetPagination)
def list_rounds(request: HttpRequest) -> list[RoundOut]:
    """The rounds the caller manages (any state) and those open to the units where they read
    nominations (not drafts), newest year first; 403 without either right anywhere."""
    user = acting_user(request)
    _require(user, Perm.VIEW_NOMINATIONS, Perm.MANAGE_AWARD_ROUNDS)
    return _Rows(rounds_visible_to(user), lambda r: RoundOut(**_round_fields(r)))  # type: ignore[return-value, arg-type]


@router.get("/awards/rounds/{round_id}", response=RoundDetailOut, summary="Một đợt xét")
def get_round(request: HttpRequest, round_id: int) -> RoundDetailOut:
    user = acting_user(request)
    round_ = _round(user, round_id)
    rulebook = rulebook_of(round_)
    period = disclosure_period(round_)
    manages = can_manage_round(user, round_)
    return RoundDetailOut(
        **_round_fields(round_),  # type: ignore[arg-type]
        awards=[
            AwardNameOut(code=award.code, name=award.name)
            for award in (rulebook.awards_of(round_) if rulebook else [])
        ],
        disclosure_end=period.end if period else None,
        feedback_open=is_feedback_open(round_),
        manages=manages,
        my_units=[_unit_out(unit) for unit in nominating_units(user, round_)],
        counts=status_counts(nominations_visible_to(user, round_)),
        unanswered_feedback=unanswered_count(round_) if manages else 0,
        note=round_.note,
    )


# --- Nominations -------------------------------------------------------------------------------


@router.get(
    "/awards/rounds/{round_id}/nominations",
    response=list[NominationOut],
    summary="Các đề nghị của một đợt xét (trong phạm vi)",
)
@paginate(LimitOffsetPagination)
def list_nominations(
    request: HttpRequest, round_id: int, filters: Query[NominationFilters]
) -> list[NominationOut]:
    """Every nomination of the round for its manager; a unit's own (where the caller reads
    nominations) for everyone else. By unit, award and id."""
    user = acting_user(request)
    round_ = _round(user, round_id)
    rows = nominations_visible_to(user, round_)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    if filters.unit_id is not None:
        rows = rows.filter(unit_id=filters.unit_id)
    return _Rows(rows, lambda n: NominationOut(**_nomination_fields(n)))  # type: ignore[return-value, arg-type]


def _nomination(user: User, nomination_id: int) -> Nomination:
    found = nomination_for(user, nomination_id)
    if found is None:
        raise Http404
    return found


@router.get(
    "/awards/nominations/{nomination_id}", response=NominationDetailOut, summary="Một đề nghị"
)
def get_nomination(request: HttpRequest, nomination_id: int) -> NominationDetailOut:
    """The nomination with its status, the evaluation stored when it was sent and at thẩm
    định (each rule with its citation), the justification, the dossier and the history."""
    return _nomination_detail(_nomination(acting_user(request), nomination_id))


def nominating_unit(user: User, round_: AwardRound, unit_id: int) -> Unit:
    """A unit the caller reads nominations of inside the round's organiser, else 404 (the
    service then checks NOMINATE there, a 403)."""
    unit = (
        Unit.objects.filter(scope_q(user, Perm.VIEW_NOMINATIONS, "path"), pk=unit_id)
        .filter(path__startswith=round_.organiser.path)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


@router.post(
    "/awards/rounds/{round_id}/nominations",
    response={201: NominationDetailOut},
    summary="Lập một đề nghị (bản nháp)",
)
def create_nomination(
    request: HttpRequest, round_id: int, payload: NominationIn
) -> Status[NominationDetailOut]:
    """Put a person or a collective on the unit's list, as the unit's list page does. Refused
    (400): a round closed or past its deadline, a subject outside the unit, an award the round
    does not offer, a subject already in the round, a subject failing a rule without a
    justification."""
    user = acting_user(request)
    round_ = _round(user, round_id)
    unit = nominating_unit(user, round_, payload.unit_id)
    person = subject_unit = None
    if payload.person_id is not None:
        person = Person.objects.select_related("unit").filter(pk=payload.person_id).first()
        if person is None:
            raise Http404
    elif payload.subject_unit_id is not None:
        subject_unit = Unit.objects.filter(pk=payload.subject_unit_id).first()
        if subject_unit is None:
            raise Http404
    with api_field_names({"subject": "person_id" if person else "subject_unit_id"}):
        item = nomination_services.create_nomination(
            by=user,
            round_=round_,
            unit=unit,
            award_code=payload.award_code,
            person=person,
            subject_unit=subject_unit,
            justification=payload.justification,
            achievement_summary=payload.achievement_summary,
        )
    return Status(201, _nomination_detail(_nomination(user, item.pk)))


@router.post(
    "/awards/nominations/{nomination_id}/submit",
    response=NominationDetailOut,
    summary="Gửi (hoặc gửi lại) một đề nghị để thẩm định",
)
def submit_nomination(request: HttpRequest, nomination_id: int) -> NominationDetailOut:
    """Refused (400): past the deadline, the dossier lacking its tờ trình or báo cáo thành
    tích, a subject now failing a rule without a justification, a nomination already sent."""
    user = acting_user(request)
    item = _nomination(user, nomination_id)
    nomination_services.submit_nomination(by=user, nomination=item)
    return _nomination_detail(_nomination(user, nomination_id))


@router.post(
    "/awards/nominations/{nomination_id}/withdraw",
    response=NominationDetailOut,
    summary="Rút một đề nghị",
)
def withdraw_nomination(
    request: HttpRequest, nomination_id: int, payload: ReasonIn
) -> NominationDetailOut:
    user = acting_user(request)
    item = _nomination(user, nomination_id)
    nomination_services.withdraw_nomination(by=user, nomination=item, reason=payload.reason)
    return _nomination_detail(_nomination(user, nomination_id))


@router.post(
    "/awards/nominations/{nomination_id}/accept",
    response=NominationDetailOut,
    summary="Thẩm định: chấp nhận",
)
def accept_nomination(
    request: HttpRequest, nomination_id: int, payload: NoteIn
) -> NominationDetailOut:
    """The department's acceptance (MANAGE_AWARD_ROUNDS at the organiser, else 403); refused
    (400) when the subject fails a rule now: that needs accept-with-override."""
    user = acting_user(request)
    item = _nomination(user, nomination_id)
    nomination_services.accept_nomination(by=user, nomination=item, note=payload.note)
    return _nomination_detail(_nomination(user, nomination_id))


@router.post(
    "/awards/nominations/{nomination_id}/accept-with-override",
    response=NominationDetailOut,
    summary="Thẩm định: chấp nhận kèm giải trình",
)
def accept_with_override(
    request: HttpRequest, nomination_id: int, payload: JustificationIn
) -> NominationDetailOut:
    """Refused (400) without a written justification."""
    user = acting_user(request)
    item = _nomination(user, nomination_id)
    nomination_services.accept_with_override(
        by=user, nomination=item, justification=payload.justification
    )
    return _nomination_detail(_nomination(user, nomination_id))


@router.post(
    "/awards/nominations/{nomination_id}/return",
    response=NominationDetailOut,
    summary="Thẩm định: trả lại cho đơn vị",
)
def return_nomination(
    request: HttpRequest, nomination_id: int, payload: ReasonIn
) -> NominationDetailOut:
    """Refused (400) without a reason."""
    user = acting_user(request)
    item = _nomination(user, nomination_id)
    nomination_services.return_nomination(by=user, nomination=item, reason=payload.reason)
    return _nomination_detail(_nomination(user, nomination_id))


# --- Disclosure feedback -----------------------------------------------------------------------


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


@router.post(
    "/awards/rounds/{round_id}/feedback",
    response={201: FeedbackReceivedOut},
    auth=None,
    summary="Gửi ý kiến về danh sách công khai (không cần đăng nhập)",
)
def send_public_feedback(
    request: HttpRequest, round_id: int, payload: FeedbackIn
) -> Status[FeedbackReceivedOut]:
    """Anyone's opinion on a round disclosed on the public page (404 for any other round), as
    the public page takes it: only during the disclosure period, 10–4.000 characters, about a
    nomination on the list, at most 5 an hour from one address (400 with the reason)."""
    round_ = public_rounds().filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    with api_field_names({"nomination": "nomination_id"}):
        item = send_feedback(
            round_=round_,
            data=FeedbackData(
                text=payload.text,
                sender_name=payload.sender_name,
                sender_contact=payload.sender_contact,
                nomination_id=payload.nomination_id,
                channel=FeedbackChannel.PUBLIC,
            ),
            client=_client_address(request),
            by=request.user if request.user.is_authenticated else None,
        )
    return Status(201, FeedbackReceivedOut(id=item.pk, received_at=item.received_at))


def _disclosed_round(user: User, round_id: int) -> AwardRound:
    round_ = _round(user, round_id)
    if disclosure_period(round_) is None:
        raise Http404
    return round_


@router.get(
    "/awards/rounds/{round_id}/feedback",
    response=list[FeedbackOut],
    summary="Ý kiến nhận được trong thời gian công khai, với trả lời",
)
@paginate(LimitOffsetPagination)
def list_feedback(request: HttpRequest, round_id: int) -> list[FeedbackOut]:
    """Read as on the intranet disclosure page: by whoever reads the round, once its disclosure
    has started (404 before); oldest first."""
    user = acting_user(request)
    round_ = _disclosed_round(user, round_id)
    return [_feedback_out(item) for item in feedback_of(round_)]


@router.post(
    "/awards/feedback/{feedback_id}/answer",
    response=FeedbackOut,
    summary="Trả lời một ý kiến",
)
def answer(request: HttpRequest, feedback_id: int, payload: AnswerIn) -> FeedbackOut:
    """The department's answer (MANAGE_AWARD_ROUNDS at the organiser, else 403), once."""
    user = acting_user(request)
    item = (
        DisclosureFeedback.objects.select_related("round", "round__organiser", "nomination")
        .filter(pk=feedback_id)
        .first()
    )
    if item is None or round_for(user, item.round_id) is None:
        raise Http404
    if not can_manage_round(user, item.round):
        raise PermissionDenied
    answer_feedback(by=user, feedback=item, answer=payload.answer)
    item.refresh_from_db()
    return _feedback_out(item)
