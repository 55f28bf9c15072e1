"""API v1 of initiatives: councils with their members, review rounds (create, add initiatives,
open, close, automatic assignment), assignments (list, manual create and delete), declared
conflicts of interest, and reviews.

Scoped like the pages:

- a council is read by its managers (MANAGE_INITIATIVE_COUNCILS at its unit) and members;
- a round, its assignments and all its reviews by the council's managers only;
- a reviewer reads and writes their own sheet only (`/initiatives/assignments/{id}/review`),
  never another's; in a blind round the sheet carries no author, unit, code or initiative id
  (names redacted in the texts, as on the page);
- anything outside that is a 404 (not revealed), a write by someone who reads but may not
  change a 403, a service's refusal a 400 with its Vietnamese message.
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.core.errors import DomainError
from thidua.initiatives.models import (
    Assignment,
    CouncilMember,
    Initiative,
    InitiativeCouncil,
    Review,
    ReviewRound,
    Rubric,
)
from thidua.initiatives.selectors.councils import (
    can_manage,
    councils_visible_to,
    managed_rounds,
    members_of,
    round_initiatives,
)
from thidua.initiatives.selectors.reviews import (
    assignment_of_reviewer,
    my_assignments,
    review_sheet,
    reviews_for_manager,
)
from thidua.initiatives.services.councils import add_council_member
from thidua.initiatives.services.reviews import save_review
from thidua.initiatives.services.rounds import (
    add_initiatives,
    assign_reviewer,
    auto_assign,
    close_round,
    create_round,
    declare_conflict,
    open_round,
    unassign_reviewer,
)
from thidua.organizations.api.common import (
    OrmOut,
    UnitRef,
    acting_user,
    api_field_names,
    get_in_scope,
)

router = Router(tags=["Sáng kiến: hội đồng, đợt chấm, phân công, phiếu chấm"])

RoleName = Literal["chair", "vice_chair", "standing", "member", "secretary"]
RoundStatusName = Literal["draft", "open", "closed", "decided"]
ReviewStatusName = Literal["not_started", "draft", "submitted"]


# -- Schemas -------------------------------------------------------------------------------------


class MemberOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của thành viên")
    user_id: int = Field(description="Tài khoản")
    name: str = Field(description="Họ và tên")
    role: RoleName = Field(description="chair, vice_chair, standing, member, secretary")
    role_label: str = Field(description="Vai trò")
    reviews: bool = Field(description="Tham gia chấm sáng kiến")


class CouncilOut(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của hội đồng")
    name: str = Field(description="Tên hội đồng")
    level: Literal["unit", "department"] = Field(description="unit (cơ sở) hoặc department (Sở)")
    unit: UnitRef = Field(description="Đơn vị có hội đồng")
    year: int = Field(description="Năm")
    decision_number: str = Field(description="Quyết định thành lập số")
    is_active: bool = Field(description="Đang hoạt động")


class CouncilDetailOut(CouncilOut):
    members: list[MemberOut] = Field(description="Thành viên theo thứ tự")
    manages: bool = Field(description="Người dùng quản lý hội đồng này")


class MemberIn(Schema):
    user_id: int = Field(description="Tài khoản của cán bộ (thuộc đơn vị có hội đồng)")
    role: RoleName = Field("member", description="Vai trò")
    reviews: bool = Field(True, description="Tham gia chấm sáng kiến")


class RoundOut(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của đợt chấm")
    council_id: int = Field(description="Hội đồng")
    name: str = Field(description="Tên đợt chấm")
    rubric_id: int = Field(description="Phiếu chấm")
    opens_on: dt.date = Field(description="Bắt đầu chấm")
    closes_on: dt.date = Field(description="Hạn chấm")
    blind: bool = Field(description="Chấm ẩn danh")
    reviewers_per_initiative: int = Field(description="Số người chấm mỗi sáng kiến")
    max_per_reviewer: int = Field(description="Tối đa sáng kiến mỗi người chấm")
    status: RoundStatusName = Field(description="draft, open, closed, decided")


class InitiativeRef(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của sáng kiến")
    code: str = Field(description="Mã sáng kiến")
    title: str = Field(description="Tên sáng kiến")
    unit: UnitRef = Field(description="Đơn vị")


class RoundDetailOut(RoundOut):
    initiatives: list[InitiativeRef] = Field(description="Sáng kiến trong đợt chấm")


class RoundIn(Schema):
    name: str = Field(max_length=255, description="Tên đợt chấm")
    opens_on: dt.date = Field(description="Bắt đầu chấm")
    closes_on: dt.date = Field(description="Hạn chấm")
    blind: bool = Field(True, description="Chấm ẩn danh")
    reviewers_per_initiative: int = Field(3, ge=1, le=20, description="Số người chấm mỗi sáng kiến")
    max_per_reviewer: int = Field(10, ge=1, le=500, description="Tối đa sáng kiến mỗi người chấm")
    rubric_id: int | None = Field(None, description="Phiếu chấm (để trống: phiếu mặc định)")


class InitiativesIn(Schema):
    initiative_ids: list[int] = Field(min_length=1, max_length=500, description="Các sáng kiến")


class AutoAssignOut(Schema):
    created: int = Field(description="Số phân công mới")
    message: str = Field(description="Tóm tắt")
    shortfalls: list[str] = Field(description="Các sáng kiến chưa đủ người chấm, kèm lý do")


class AssignmentOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của phân công")
    round_id: int = Field(description="Đợt chấm")
    initiative_id: int = Field(description="Sáng kiến")
    initiative_code: str = Field(description="Mã sáng kiến")
    reviewer_id: int = Field(description="Người chấm")
    reviewer: str = Field(description="Họ tên người chấm")
    method: Literal["auto", "manual"] = Field(description="auto (tự động) hoặc manual (thủ công)")
    review_status: ReviewStatusName = Field(description="not_started, draft, submitted")


class AssignmentIn(Schema):
    initiative_id: int = Field(description="Sáng kiến của đợt chấm")
    reviewer_id: int = Field(description="Thành viên tham gia chấm")


class ConflictIn(Schema):
    initiative_id: int = Field(description="Sáng kiến của đợt chấm")
    user_id: int | None = Field(
        None, description="Thành viên có xung đột (để trống: chính người gọi)"
    )
    reason: str = Field(max_length=500, description="Lý do")


class ConflictOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của khai báo")
    initiative_id: int = Field(description="Sáng kiến")
    user_id: int = Field(description="Thành viên")
    reason: str = Field(description="Lý do")
    removed_assignment: bool = Field(description="Phân công chấm của thành viên đã được bỏ")


class MyAssignmentOut(Schema):
    assignment_id: int = Field(description="Phân công (dùng cho phiếu chấm)")
    round_id: int = Field(description="Đợt chấm")
    round: str = Field(description="Tên đợt chấm")
    council: str = Field(description="Hội đồng")
    blind: bool = Field(description="Chấm ẩn danh")
    label: str = Field(description="Mã sáng kiến, hoặc “Sáng kiến số n” khi chấm ẩn danh")
    title: str = Field(description="Tên sáng kiến (ẩn tên người, đơn vị khi chấm ẩn danh)")
    opens_on: dt.date = Field(description="Bắt đầu chấm")
    closes_on: dt.date = Field(description="Hạn chấm")
    status: ReviewStatusName = Field(description="not_started, draft, submitted")
    total: Decimal | None = Field(description="Điểm tổng (thang 100)")
    overdue: bool = Field(description="Quá hạn chấm")


class LevelOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của mức")
    score: int = Field(description="Điểm của mức")
    label: str = Field(description="Mô tả mức")


class CriterionOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của tiêu chí")
    code: str = Field(description="Mã tiêu chí")
    name: str = Field(description="Tiêu chí")
    weight: Decimal = Field(description="Trọng số (%)")
    levels: list[LevelOut] = Field(description="Các mức")
    chosen_level_id: int | None = Field(description="Mức đã chọn")


class SheetInitiativeOut(Schema):
    id: int | None = Field(description="Sáng kiến (không có khi chấm ẩn danh)")
    label: str = Field(description="Mã sáng kiến, hoặc “Sáng kiến số n” khi chấm ẩn danh")
    title: str = Field(description="Tên sáng kiến")
    problem: str = Field(description="Thực trạng, vấn đề")
    solution: str = Field(description="Nội dung giải pháp")
    effect: str = Field(description="Hiệu quả")
    applied_where: str = Field(description="Nơi áp dụng")
    authors: list[str] = Field(description="Tác giả (rỗng khi chấm ẩn danh)")
    unit: str = Field(description="Đơn vị (rỗng khi chấm ẩn danh)")
    attachments: list[str] = Field(description="Tên tệp đính kèm (tải qua trang phiếu chấm)")


class SheetOut(Schema):
    assignment_id: int = Field(description="Phân công")
    round_id: int = Field(description="Đợt chấm")
    blind: bool = Field(description="Chấm ẩn danh")
    status: ReviewStatusName = Field(description="not_started, draft, submitted")
    total: Decimal = Field(description="Điểm tổng theo các mức đã chọn (thang 100)")
    comment_to_council: str = Field(description="Nhận xét gửi hội đồng")
    comment_to_author: str = Field(description="Nhận xét gửi tác giả")
    can_edit: bool = Field(description="Còn chấm, sửa được")
    refusal: str | None = Field(description="Vì sao chưa, không còn chấm được")
    initiative: SheetInitiativeOut = Field(description="Sáng kiến")
    criteria: list[CriterionOut] = Field(description="Tiêu chí chấm")


class ScoreIn(Schema):
    criterion_id: int = Field(description="Tiêu chí")
    level_id: int = Field(description="Mức đã chọn")


class ReviewIn(Schema):
    scores: list[ScoreIn] = Field(max_length=50, description="Mức chọn cho từng tiêu chí")
    comment_to_council: str = Field("", max_length=5000, description="Nhận xét gửi hội đồng")
    comment_to_author: str = Field("", max_length=5000, description="Nhận xét gửi tác giả")


class ScoreOut(Schema):
    criterion: str = Field(description="Mã tiêu chí")
    score: int = Field(description="Điểm của mức đã chọn")


class ReviewOut(Schema):
    assignment_id: int = Field(description="Phân công")
    initiative_id: int = Field(description="Sáng kiến")
    initiative_code: str = Field(description="Mã sáng kiến")
    reviewer_id: int = Field(description="Người chấm")
    reviewer: str = Field(description="Họ tên người chấm")
    status: Literal["draft", "submitted"] = Field(description="draft hoặc submitted")
    total: Decimal | None = Field(description="Điểm tổng (thang 100)")
    scores: list[ScoreOut] = Field(description="Điểm từng tiêu chí")
    comment_to_council: str = Field(description="Nhận xét gửi hội đồng")
    comment_to_author: str = Field(description="Nhận xét gửi tác giả")
    submitted_at: dt.datetime | None = Field(description="Nộp lúc")


# -- Councils ------------------------------------------------------------------------------------


def _member_out(member: CouncilMember) -> MemberOut:
    return MemberOut(
        id=member.pk,
        user_id=member.user_id,
        name=member.user.display_name,
        role=member.role,  # type: ignore[arg-type]
        role_label=member.get_role_display(),
        reviews=member.reviews,
    )


@router.get(
    "/initiatives/councils", response=list[CouncilOut], summary="Hội đồng sáng kiến (phân trang)"
)
@paginate(LimitOffsetPagination)
def list_councils(request: HttpRequest) -> QuerySet[InitiativeCouncil]:
    """The councils the user manages or sits in."""
    user = acting_user(request)
    return councils_visible_to(user).select_related("unit").order_by("-year", "unit__path", "pk")


def _council(user: User, council_id: int) -> InitiativeCouncil:
    return get_in_scope(councils_visible_to(user).select_related("unit"), council_id)


@router.get(
    "/initiatives/councils/{council_id}",
    response=CouncilDetailOut,
    summary="Một hội đồng, với thành viên",
)
def council_detail(request: HttpRequest, council_id: int) -> CouncilDetailOut:
    user = acting_user(request)
    council = _council(user, council_id)
    return CouncilDetailOut(
        **CouncilOut.model_validate(council).model_dump(),
        members=[_member_out(m) for m in members_of(council)],
        manages=can_manage(user, council),
    )


@router.get(
    "/initiatives/councils/{council_id}/members",
    response=list[MemberOut],
    summary="Thành viên hội đồng",
)
def council_members(request: HttpRequest, council_id: int) -> list[MemberOut]:
    user = acting_user(request)
    return [_member_out(m) for m in members_of(_council(user, council_id))]


@router.post(
    "/initiatives/councils/{council_id}/members",
    response={201: MemberOut},
    summary="Thêm thành viên hội đồng",
)
def council_member_add(
    request: HttpRequest, council_id: int, payload: MemberIn
) -> Status[MemberOut]:
    """A person with an account of the council's unit (managers of the council)."""
    user = acting_user(request)
    council = _council(user, council_id)
    if not can_manage(user, council):
        raise PermissionDenied
    chosen = User.objects.filter(pk=payload.user_id).first()
    if chosen is None:
        raise DomainError("Không tìm thấy tài khoản.", field="user_id")
    with api_field_names({"user": "user_id"}):
        member = add_council_member(
            council, user=chosen, role=payload.role, reviews=payload.reviews, by=user
        )
    return Status(201, _member_out(member))


# -- Rounds --------------------------------------------------------------------------------------


def _round(user: User, round_id: int) -> ReviewRound:
    return get_in_scope(managed_rounds(user).select_related("council__unit", "rubric"), round_id)


@router.get("/initiatives/rounds", response=list[RoundOut], summary="Đợt chấm (phân trang)")
@paginate(LimitOffsetPagination)
def list_rounds(request: HttpRequest) -> QuerySet[ReviewRound]:
    """The rounds of the councils the user manages."""
    user = acting_user(request)
    return managed_rounds(user).order_by("-opens_on", "-pk")


def _round_detail(round_: ReviewRound) -> RoundDetailOut:
    return RoundDetailOut(
        **RoundOut.model_validate(round_).model_dump(),
        initiatives=[InitiativeRef.model_validate(i) for i in round_initiatives(round_)],
    )


@router.get("/initiatives/rounds/{round_id}", response=RoundDetailOut, summary="Một đợt chấm")
def round_detail(request: HttpRequest, round_id: int) -> RoundDetailOut:
    user = acting_user(request)
    return _round_detail(_round(user, round_id))


@router.post(
    "/initiatives/councils/{council_id}/rounds",
    response={201: RoundOut},
    summary="Tạo đợt chấm",
)
def round_create(request: HttpRequest, council_id: int, payload: RoundIn) -> Status[RoundOut]:
    user = acting_user(request)
    council = _council(user, council_id)
    if not can_manage(user, council):
        raise PermissionDenied
    rubric = None
    if payload.rubric_id is not None:
        rubric = get_in_scope(Rubric.objects.all(), payload.rubric_id)
    round_ = create_round(
        council=council,
        name=payload.name,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        blind=payload.blind,
        reviewers_per_initiative=payload.reviewers_per_initiative,
        max_per_reviewer=payload.max_per_reviewer,
        rubric=rubric,
        by=user,
    )
    return Status(201, RoundOut.model_validate(round_))


@router.post(
    "/initiatives/rounds/{round_id}/initiatives",
    response=RoundDetailOut,
    summary="Đưa sáng kiến (đã được chấp nhận xét) vào đợt chấm",
)
def round_add_initiatives(
    request: HttpRequest, round_id: int, payload: InitiativesIn
) -> RoundDetailOut:
    """All or none: each initiative refused is named with its reason (400). An id that does
    not exist is refused like one outside the council's unit."""
    user = acting_user(request)
    round_ = _round(user, round_id)
    wanted = list(dict.fromkeys(payload.initiative_ids))
    found = Initiative.objects.filter(pk__in=wanted).select_related("unit").in_bulk()
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise DomainError(
            f"Không tìm thấy sáng kiến số hiệu {', '.join(map(str, missing))}.",
            field="initiative_ids",
        )
    with api_field_names({"initiatives": "initiative_ids"}):
        add_initiatives(round_, initiatives=[found[pk] for pk in wanted], by=user)
    return _round_detail(round_)


@router.post("/initiatives/rounds/{round_id}/open", response=RoundOut, summary="Mở đợt chấm")
def round_open(request: HttpRequest, round_id: int) -> RoundOut:
    user = acting_user(request)
    return RoundOut.model_validate(open_round(_round(user, round_id), by=user))


@router.post("/initiatives/rounds/{round_id}/close", response=RoundOut, summary="Đóng đợt chấm")
def round_close(request: HttpRequest, round_id: int) -> RoundOut:
    user = acting_user(request)
    return RoundOut.model_validate(close_round(_round(user, round_id), by=user))


@router.post(
    "/initiatives/rounds/{round_id}/auto-assign",
    response=AutoAssignOut,
    summary="Phân công tự động (cân bằng, tránh xung đột lợi ích)",
)
def round_auto_assign(request: HttpRequest, round_id: int) -> AutoAssignOut:
    user = acting_user(request)
    result = auto_assign(_round(user, round_id), by=user)
    return AutoAssignOut(
        created=len(result.created), message=result.message, shortfalls=result.shortfalls
    )


# -- Assignments ---------------------------------------------------------------------------------


def _review_status(assignment: Assignment) -> str:
    review: Review | None = getattr(assignment, "review", None)
    return review.status if review is not None else "not_started"


def _assignment_out(assignment: Assignment) -> AssignmentOut:
    return AssignmentOut(
        id=assignment.pk,
        round_id=assignment.round_id,
        initiative_id=assignment.initiative_id,
        initiative_code=assignment.initiative.code,
        reviewer_id=assignment.reviewer_id,
        reviewer=assignment.reviewer.display_name,
        method=assignment.method,  # type: ignore[arg-type]
        review_status=_review_status(assignment),  # type: ignore[arg-type]
    )


@router.get(
    "/initiatives/rounds/{round_id}/assignments",
    response=list[AssignmentOut],
    summary="Phân công chấm của đợt",
)
def round_assignments(request: HttpRequest, round_id: int) -> list[AssignmentOut]:
    user = acting_user(request)
    round_ = _round(user, round_id)
    return [
        _assignment_out(a)
        for a in Assignment.objects.filter(round=round_)
        .select_related("initiative", "reviewer", "review")
        .order_by("initiative__code", "id")
    ]


@router.post(
    "/initiatives/rounds/{round_id}/assignments",
    response={201: AssignmentOut},
    summary="Phân công thủ công (từ chối khi có xung đột lợi ích)",
)
def round_assign(
    request: HttpRequest, round_id: int, payload: AssignmentIn
) -> Status[AssignmentOut]:
    user = acting_user(request)
    round_ = _round(user, round_id)
    initiative = Initiative.objects.filter(pk=payload.initiative_id).first()
    reviewer = User.objects.filter(pk=payload.reviewer_id).first()
    if initiative is None or reviewer is None:
        raise DomainError(
            "Không tìm thấy sáng kiến hoặc người chấm.",
            field="initiative_id" if initiative is None else "reviewer_id",
        )
    with api_field_names({"initiative": "initiative_id", "reviewer": "reviewer_id"}):
        assignment = assign_reviewer(round_, initiative=initiative, reviewer=reviewer, by=user)
    return Status(201, _assignment_out(assignment))


@router.delete(
    "/initiatives/rounds/{round_id}/assignments/{assignment_id}",
    response={204: None},
    summary="Bỏ phân công (khi phiếu chưa nộp)",
)
def round_unassign(request: HttpRequest, round_id: int, assignment_id: int) -> Status[None]:
    user = acting_user(request)
    round_ = _round(user, round_id)
    assignment = get_in_scope(
        Assignment.objects.filter(round=round_).select_related("initiative", "reviewer"),
        assignment_id,
    )
    unassign_reviewer(assignment, by=user)
    return Status(204, None)


# -- Conflicts -----------------------------------------------------------------------------------


@router.post(
    "/initiatives/rounds/{round_id}/conflicts",
    response={201: ConflictOut},
    summary="Khai báo xung đột lợi ích (của mình, hoặc thường trực ghi nhận cho thành viên)",
)
def round_conflict(request: HttpRequest, round_id: int, payload: ConflictIn) -> Status[ConflictOut]:
    """A member of the council declares their own conflict (`user_id` empty or their own); a
    manager of the council records one for any member. The member's assignment on it, if not
    submitted, is removed."""
    user = acting_user(request)
    member_of = CouncilMember.objects.filter(user_id=user.pk).values("council_id")
    round_ = get_in_scope(
        ReviewRound.objects.filter(
            Q(pk__in=managed_rounds(user).values("pk")) | Q(council_id__in=member_of)
        ).select_related("council__unit"),
        round_id,
    )
    target = user
    if payload.user_id is not None and payload.user_id != user.pk:
        found = User.objects.filter(pk=payload.user_id).first()
        if found is None:
            raise DomainError("Không tìm thấy thành viên.", field="user_id")
        target = found
    initiative = get_in_scope(
        Initiative.objects.filter(round_entries__round=round_), payload.initiative_id
    )
    with api_field_names({"user": "user_id", "initiative": "initiative_id"}):
        declared = declare_conflict(
            round_, initiative=initiative, user=target, reason=payload.reason, by=user
        )
    declaration = declared.declaration
    return Status(
        201,
        ConflictOut(
            id=declaration.pk,
            initiative_id=declaration.initiative_id,
            user_id=declaration.user_id,
            reason=declaration.reason,
            removed_assignment=declared.removed_assignment,
        ),
    )


# -- Reviews -------------------------------------------------------------------------------------


@router.get(
    "/initiatives/reviews/mine",
    response=list[MyAssignmentOut],
    summary="Phiếu chấm của tôi",
)
def my_reviews(request: HttpRequest) -> list[MyAssignmentOut]:
    """The caller's assignments, by round; in a blind round no code or author."""
    user = acting_user(request)
    return [
        MyAssignmentOut(
            assignment_id=item.assignment.pk,
            round_id=group.round.pk,
            round=group.round.name,
            council=group.round.council.name,
            blind=group.round.blind,
            label=item.label,
            title=item.title,
            opens_on=group.round.opens_on,
            closes_on=group.round.closes_on,
            status=item.status,  # type: ignore[arg-type]
            total=item.total,
            overdue=item.overdue,
        )
        for group in my_assignments(user)
        for item in group.items
    ]


def _own_assignment(user: User, assignment_id: int) -> Assignment:
    assignment = assignment_of_reviewer(user, assignment_id)
    if assignment is None:
        raise Http404
    return assignment


def _sheet_out(assignment: Assignment) -> SheetOut:
    sheet = review_sheet(assignment)
    item = sheet.initiative
    review = sheet.review
    return SheetOut(
        assignment_id=assignment.pk,
        round_id=sheet.round.pk,
        blind=sheet.blind,
        status=review.status if review is not None else "not_started",  # type: ignore[arg-type]
        total=sheet.total,
        comment_to_council=review.comment_to_council if review is not None else "",
        comment_to_author=review.comment_to_author if review is not None else "",
        can_edit=sheet.can_edit,
        refusal=sheet.refusal,
        initiative=SheetInitiativeOut(
            id=None if sheet.blind else assignment.initiative_id,
            label=item.label,
            title=item.title,
            problem=item.problem,
            solution=item.solution,
            effect=item.effect,
            applied_where=item.applied_where,
            authors=item.authors,
            unit=item.unit_name,
            attachments=[a.name for a in item.attachments],
        ),
        criteria=[
            CriterionOut(
                id=row.criterion.pk,
                code=row.criterion.code,
                name=row.criterion.name,
                weight=row.criterion.weight,
                levels=[
                    LevelOut(id=level.pk, score=level.score, label=level.label)
                    for level in row.criterion.levels.all()
                ],
                chosen_level_id=row.chosen_level_id,
            )
            for row in sheet.criteria
        ],
    )


@router.get(
    "/initiatives/assignments/{assignment_id}/review",
    response=SheetOut,
    summary="Phiếu chấm của tôi cho một phân công",
)
def review_get(request: HttpRequest, assignment_id: int) -> SheetOut:
    """The caller's own sheet (another reviewer's assignment: 404)."""
    user = acting_user(request)
    return _sheet_out(_own_assignment(user, assignment_id))


def _save(request: HttpRequest, assignment_id: int, payload: ReviewIn, *, submit: bool) -> SheetOut:
    user = acting_user(request)
    assignment = _own_assignment(user, assignment_id)
    levels: dict[int, int] = {}
    for score in payload.scores:
        levels[score.criterion_id] = score.level_id
    save_review(
        assignment,
        levels=levels,
        comment_to_council=payload.comment_to_council,
        comment_to_author=payload.comment_to_author,
        submit=submit,
        by=user,
    )
    return _sheet_out(assignment)


@router.put(
    "/initiatives/assignments/{assignment_id}/review",
    response=SheetOut,
    summary="Lưu bản nháp phiếu chấm",
)
def review_put(request: HttpRequest, assignment_id: int, payload: ReviewIn) -> SheetOut:
    """Save the caller's draft (the criteria not given are left unscored)."""
    return _save(request, assignment_id, payload, submit=False)


@router.post(
    "/initiatives/assignments/{assignment_id}/review/submit",
    response=SheetOut,
    summary="Nộp phiếu chấm (mọi tiêu chí phải được chấm)",
)
def review_submit(request: HttpRequest, assignment_id: int, payload: ReviewIn) -> SheetOut:
    return _save(request, assignment_id, payload, submit=True)


@router.get(
    "/initiatives/rounds/{round_id}/reviews",
    response=list[ReviewOut],
    summary="Mọi phiếu chấm của đợt (thường trực hội đồng)",
)
def round_reviews(request: HttpRequest, round_id: int) -> list[ReviewOut]:
    """Every sheet of a round, for the managers of its council only."""
    user = acting_user(request)
    reviews = reviews_for_manager(user, round_id)
    if reviews is None:
        raise Http404
    return [
        ReviewOut(
            assignment_id=review.assignment_id,
            initiative_id=review.assignment.initiative_id,
            initiative_code=review.assignment.initiative.code,
            reviewer_id=review.assignment.reviewer_id,
            reviewer=review.assignment.reviewer.display_name,
            status=review.status,  # type: ignore[arg-type]
            total=review.total,
            scores=[
                ScoreOut(criterion=score.criterion.code, score=score.level.score)
                for score in review.scores.all()
            ],
            comment_to_council=review.comment_to_council,
            comment_to_author=review.comment_to_author,
            submitted_at=review.submitted_at,
        )
        for review in reviews
    ]
