"""API v1 of initiatives: initiatives with their authors and attachments.

Scoped like the pages: an initiative the caller may not read is a 404 (a recognised one is read
by everyone, its public part only: no screening note, duplicate warning or files); a step the
caller may not take a 403; a refused input a 400 naming the field (`authors.1.share` for a row
of the authors list). Writes go through the same services as the pages.
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.core.errors import DomainError
from thidua.initiatives.authorship import AuthorEntry
from thidua.initiatives.enums import EffectKind, InfluenceScope, SolutionKind
from thidua.initiatives.models import Attachment, Authorship, Initiative
from thidua.initiatives.selectors.access import InitiativeAccess
from thidua.initiatives.selectors.initiatives import (
    InitiativeFilter,
    attachment_for,
    attachments_of,
    authors_of,
    initiative_with_access,
    search_initiatives,
    search_own_initiatives,
    search_recognised,
)
from thidua.initiatives.services.attachments import remove_attachment, upload_attachment
from thidua.initiatives.services.submission import (
    InitiativeText,
    admit_initiative,
    create_initiative,
    return_initiative,
    set_authors,
    submit_initiative,
    update_initiative,
    withdraw_initiative,
)
from thidua.movements.models import ContentArea
from thidua.organizations.api.common import OrmOut, UnitRef, acting_user
from thidua.organizations.models import Unit

router = Router(tags=["Sáng kiến"])

StatusName = Literal[
    "draft",
    "submitted",
    "returned",
    "admitted",
    "in_review",
    "recognised",
    "not_recognised",
    "withdrawn",
]
KindName = Literal["technical", "management", "operational", "tech_application"]
EffectName = Literal["economic", "social", "both"]
ScopeName = Literal["department", "unit", "sector", "city", "national"]
LevelName = Literal["base", "city", "national"]
TEXT_MAX = 20_000


class AreaRef(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của lĩnh vực (nội dung thi đua)")
    code: str = Field(description="Mã lĩnh vực")
    name: str = Field(description="Tên lĩnh vực")


class AuthorOut(Schema):
    person_id: int | None = Field(description="Cán bộ trong hệ thống; null khi ngoài hệ thống")
    staff_code: str = Field(description="Mã cán bộ (trống khi ngoài hệ thống)")
    name: str = Field(description="Họ và tên")
    workplace: str = Field(description="Đơn vị hoặc nơi công tác")
    is_external: bool = Field(description="Ngoài hệ thống")
    is_main: bool = Field(description="Tác giả chính (dòng đầu)")
    share: Decimal = Field(description="Tỷ lệ đóng góp (%)")


class InitiativeOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của sáng kiến")
    code: str = Field(description="Mã sáng kiến, dạng SK-<năm>-<5 chữ số>")
    title: str = Field(description="Tên sáng kiến")
    unit: UnitRef = Field(description="Đơn vị (của tác giả chính)")
    area: AreaRef | None = Field(description="Lĩnh vực")
    kind: str = Field(description="technical, management, operational, tech_application")
    year: int = Field(description="Năm xét")
    status: str = Field(description="Trạng thái (xem danh sách giá trị của bộ lọc)")
    status_label: str = Field(description="Trạng thái (tiếng Việt)")
    level: str = Field(description="Cấp công nhận: base, city, national; trống khi chưa")
    decision_number: str = Field(description="Số quyết định công nhận")
    decision_date: dt.date | None = Field(description="Ngày quyết định công nhận")
    submitted_at: dt.datetime | None = Field(description="Nộp lúc (null với nội dung công khai)")
    authors: list[AuthorOut] = Field(description="Tác giả, đồng tác giả")


class InitiativeDetailOut(InitiativeOut):
    problem: str = Field(description="Thực trạng, vấn đề cần giải quyết")
    solution: str = Field(description="Nội dung giải pháp")
    applied_where: str = Field(description="Nơi áp dụng, áp dụng thử")
    applied_since: dt.date | None = Field(description="Áp dụng từ ngày")
    effect_kind: str = Field(description="economic, social, both")
    effect: str = Field(description="Hiệu quả đo được")
    effect_amount: Decimal | None = Field(description="Giá trị làm lợi (đồng/năm)")
    scope: str = Field(description="Phạm vi ảnh hưởng")
    used_for_award: str = Field(description="Đã dùng làm căn cứ khen thưởng (trống: chưa)")
    public_only: bool = Field(description="Chỉ nội dung công khai (sáng kiến đã công nhận)")
    screen_note: str = Field(description="Lý do trả lại / ghi chú sàng lọc")
    duplicate_max_score: Decimal | None = Field(description="Mức tương tự cao nhất lúc nộp")
    duplicate_matches: list[dict[str, object]] = Field(description="Sáng kiến tương tự lúc nộp")
    duplicate_explanation: str = Field(description="Giải trình của tác giả về trùng lặp")
    can_edit: bool = Field(description="Người gọi sửa, nộp được")
    can_withdraw: bool = Field(description="Người gọi rút được")
    can_screen: bool = Field(description="Người gọi sàng lọc được")


class ListFilters(Schema):
    scope: Literal["all", "own", "recognised"] = Field(
        "all",
        description="all: sáng kiến trong phạm vi của người gọi; own: của chính mình; "
        "recognised: đã công nhận, mọi đơn vị",
    )
    q: str = Field(
        "",
        max_length=100,
        description="Tìm theo mã, tên, tác giả, đơn vị (có dấu hay không dấu đều được)",
    )
    area_id: int | None = Field(None, description="Chỉ lĩnh vực này")
    unit_id: int | None = Field(None, description="Chỉ đơn vị này và đơn vị trực thuộc")
    year: int | None = Field(None, description="Chỉ năm xét này")
    status: StatusName | None = Field(None, description="Chỉ trạng thái này")
    level: LevelName | None = Field(None, description="Chỉ cấp công nhận này")
    sort: Literal["-ngay", "ngay", "ma", "-ma"] = Field(
        "-ngay", description="-ngay: mới nộp trước; ngay: cũ trước; ma, -ma: theo mã"
    )


class AuthorIn(Schema):
    person_id: int | None = Field(None, description="Cán bộ trong hệ thống")
    external_name: str = Field("", max_length=150, description="Họ tên (ngoài hệ thống)")
    external_workplace: str = Field("", max_length=255, description="Nơi công tác (ngoài hệ thống)")
    share: Decimal | None = Field(None, description="Tỷ lệ đóng góp (%), tổng phải bằng 100")


class InitiativeIn(Schema):
    title: str = Field(max_length=300, description="Tên sáng kiến")
    area_id: int | None = Field(None, description="Lĩnh vực (của phong trào đơn vị tham gia)")
    kind: KindName = Field("technical", description="Loại giải pháp")
    problem: str = Field("", max_length=TEXT_MAX, description="Thực trạng, vấn đề")
    solution: str = Field("", max_length=TEXT_MAX, description="Nội dung giải pháp")
    applied_where: str = Field("", max_length=300, description="Nơi áp dụng, áp dụng thử")
    applied_since: dt.date | None = Field(None, description="Áp dụng từ ngày")
    effect_kind: EffectName = Field("social", description="Loại hiệu quả")
    effect: str = Field("", max_length=TEXT_MAX, description="Hiệu quả đo được")
    effect_amount: Decimal | None = Field(None, ge=0, description="Giá trị làm lợi (đồng/năm)")
    scope: ScopeName = Field("unit", description="Phạm vi ảnh hưởng")
    year: int | None = Field(None, description="Năm xét (chỉ cán bộ phụ trách của đơn vị)")


class InitiativeCreateIn(InitiativeIn):
    authors: list[AuthorIn] = Field(
        min_length=1,
        max_length=20,
        description="Tác giả chính (dòng đầu, cán bộ trong hệ thống) và đồng tác giả",
    )


class SubmitIn(Schema):
    duplicate_explanation: str = Field(
        "", max_length=5000, description="Giải trình khi có sáng kiến có thể trùng lặp"
    )


class ScreenIn(Schema):
    decision: Literal["admit", "return"] = Field(description="admit: đủ điều kiện xét; return")
    reason: str = Field("", max_length=5000, description="Lý do (bắt buộc khi trả lại)")
    year: int | None = Field(None, description="Năm xét (khi chấp nhận; mặc định năm nộp)")


class WithdrawIn(Schema):
    reason: str = Field("", max_length=5000, description="Lý do rút (không bắt buộc)")


class AttachmentOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của tệp đính kèm")
    name: str = Field(description="Tên tệp")
    description: str = Field(description="Mô tả")
    content_type: str = Field(description="Kiểu nội dung")
    size: int = Field(description="Dung lượng (byte)")
    sha256: str = Field(description="Mã băm SHA-256 của nội dung")
    uploaded_at: dt.datetime = Field(description="Tải lên lúc")
    also_in: list[str] = Field(description="Mã các sáng kiến khác dùng cùng tệp này")
    download_url: str = Field(description="Đường dẫn tải tệp (API)")


# -- Building the answers ------------------------------------------------------------------------


def _author_out(author: Authorship) -> AuthorOut:
    person = author.person
    return AuthorOut(
        person_id=author.person_id,
        staff_code=person.staff_code if person is not None else "",
        name=author.display_name,
        workplace=person.unit.name if person is not None else author.external_workplace,
        is_external=author.is_external,
        is_main=author.is_main,
        share=author.share,
    )


def _summary(
    initiative: Initiative, authors: list[Authorship], *, public: bool
) -> dict[str, object]:
    return {
        "id": initiative.pk,
        "code": initiative.code,
        "title": initiative.title,
        "unit": UnitRef.model_validate(initiative.unit),
        "area": AreaRef.model_validate(initiative.area) if initiative.area is not None else None,
        "kind": initiative.kind,
        "year": initiative.year,
        "status": initiative.status,
        "status_label": initiative.get_status_display(),
        "level": initiative.level,
        "decision_number": initiative.decision_number,
        "decision_date": initiative.decision_date,
        "submitted_at": None if public else initiative.submitted_at,
        "authors": [_author_out(a) for a in authors],
    }


def _list_out(initiative: Initiative, *, public: bool) -> InitiativeOut:
    return InitiativeOut(**_summary(initiative, list(initiative.authors.all()), public=public))  # type: ignore[arg-type]


def _detail_out(initiative: Initiative, access: InitiativeAccess) -> InitiativeDetailOut:
    public = not access.read
    return InitiativeDetailOut(
        **_summary(initiative, authors_of(initiative), public=public),  # type: ignore[arg-type]
        problem=initiative.problem,
        solution=initiative.solution,
        applied_where=initiative.applied_where,
        applied_since=initiative.applied_since,
        effect_kind=initiative.effect_kind,
        effect=initiative.effect,
        effect_amount=initiative.effect_amount,
        scope=initiative.scope,
        used_for_award=initiative.used_for_award,
        public_only=public,
        screen_note="" if public else initiative.screen_note,
        duplicate_max_score=None if public else initiative.duplicate_max_score,
        duplicate_matches=[] if public else list(initiative.duplicate_matches),
        duplicate_explanation="" if public else initiative.duplicate_explanation,
        can_edit=access.edit,
        can_withdraw=access.withdraw,
        can_screen=access.screen,
    )


def _attachment_out(
    initiative_id: int, attachment: Attachment, also_in: list[str]
) -> AttachmentOut:
    return AttachmentOut(
        id=attachment.pk,
        name=attachment.original_name,
        description=attachment.description,
        content_type=attachment.blob.content_type,
        size=attachment.blob.size,
        sha256=attachment.blob.sha256,
        uploaded_at=attachment.uploaded_at,
        also_in=also_in,
        download_url=f"/api/v1/initiatives/{initiative_id}/attachments/{attachment.pk}/download",
    )


# -- Lookups -------------------------------------------------------------------------------------


def _readable(user: User, initiative_id: int) -> tuple[Initiative, InitiativeAccess]:
    found = initiative_with_access(user, initiative_id)
    if found is None:
        raise Http404
    return found


def _fully_readable(user: User, initiative_id: int) -> tuple[Initiative, InitiativeAccess]:
    initiative, access = _readable(user, initiative_id)
    if not access.read:
        raise Http404
    return initiative, access


def _area(area_id: int | None) -> ContentArea | None:
    if area_id is None:
        return None
    area = ContentArea.objects.select_related("movement").filter(pk=area_id).first()
    if area is None:
        raise DomainError("Không tìm thấy lĩnh vực này.", field="area_id")
    return area


def _text(payload: InitiativeIn) -> InitiativeText:
    return InitiativeText(
        title=payload.title,
        area=_area(payload.area_id),
        kind=SolutionKind(payload.kind),
        problem=payload.problem,
        solution=payload.solution,
        applied_where=payload.applied_where,
        applied_since=payload.applied_since,
        effect_kind=EffectKind(payload.effect_kind),
        effect=payload.effect,
        effect_amount=payload.effect_amount,
        scope=InfluenceScope(payload.scope),
        year=payload.year,
    )


def _entries(authors: list[AuthorIn]) -> list[AuthorEntry]:
    return [
        AuthorEntry(
            person_id=a.person_id,
            external_name="" if a.person_id is not None else a.external_name,
            external_workplace="" if a.person_id is not None else a.external_workplace,
            share=a.share,
        )
        for a in authors
    ]


# -- Endpoints -----------------------------------------------------------------------------------


@router.get("/initiatives", response=list[InitiativeOut], summary="Danh sách sáng kiến")
@paginate(LimitOffsetPagination)
def list_initiatives(request: HttpRequest, filters: Query[ListFilters]) -> list[InitiativeOut]:
    """`scope=all`: the caller's own initiatives and the submitted ones of the units where they
    hold VIEW_INITIATIVE; `own`: their own (drafts included); `recognised`: every unit's
    recognised initiatives. Filters and search as on the page."""
    user = acting_user(request)
    unit = None
    if filters.unit_id is not None:
        unit = Unit.objects.filter(pk=filters.unit_id).first()
        if unit is None:
            return []
    wanted = InitiativeFilter(
        query=filters.q,
        area_id=filters.area_id,
        unit=unit,
        year=filters.year,
        status=filters.status or "",
        level=filters.level or "",
        sort=filters.sort,
    )
    rows: QuerySet[Initiative]
    if filters.scope == "recognised":
        rows = search_recognised(wanted)
    elif filters.scope == "own":
        rows = search_own_initiatives(user, wanted)
    else:
        rows = search_initiatives(user, wanted)
    public = filters.scope == "recognised"
    return _LazyList(rows, public=public)  # type: ignore[return-value]


class _LazyList:
    """The queryset as the paginator slices it, each row turned into its schema."""

    def __init__(self, rows: QuerySet[Initiative], *, public: bool) -> None:
        self.rows = rows
        self.public = public

    def __len__(self) -> int:
        return self.rows.count()

    def __getitem__(self, item: slice) -> list[InitiativeOut]:
        return [_list_out(i, public=self.public) for i in self.rows[item]]


@router.get(
    "/initiatives/{int:initiative_id}", response=InitiativeDetailOut, summary="Một sáng kiến"
)
def get_initiative(request: HttpRequest, initiative_id: int) -> InitiativeDetailOut:
    user = acting_user(request)
    initiative, access = _readable(user, initiative_id)
    return _detail_out(initiative, access)


@router.post("/initiatives", response={201: InitiativeDetailOut}, summary="Tạo bản nháp sáng kiến")
def create(request: HttpRequest, payload: InitiativeCreateIn) -> Status[InitiativeDetailOut]:
    """A draft for the caller (their person first in `authors`) or, with
    SUBMIT_INITIATIVE_FOR_OTHERS, for a person of their scope."""
    user = acting_user(request)
    initiative = create_initiative(by=user, data=_text(payload), authors=_entries(payload.authors))
    initiative, access = _readable(user, initiative.pk)
    return Status(201, _detail_out(initiative, access))


@router.put(
    "/initiatives/{int:initiative_id}",
    response=InitiativeDetailOut,
    summary="Sửa nội dung sáng kiến",
)
def update(request: HttpRequest, initiative_id: int, payload: InitiativeIn) -> InitiativeDetailOut:
    """The whole text of a draft or returned initiative (authors: PUT …/authors)."""
    user = acting_user(request)
    initiative, _access = _fully_readable(user, initiative_id)
    update_initiative(initiative, by=user, data=_text(payload))
    initiative, access = _readable(user, initiative_id)
    return _detail_out(initiative, access)


@router.post(
    "/initiatives/{int:initiative_id}/submit", response=InitiativeDetailOut, summary="Nộp sáng kiến"
)
def submit(request: HttpRequest, initiative_id: int, payload: SubmitIn) -> InitiativeDetailOut:
    """Refused with 400 on `duplicate_explanation` when the duplicate detector finds an
    initiative with the same content and no explanation is given; on the missing fields
    (`errors`) when the text is incomplete."""
    user = acting_user(request)
    initiative, _access = _fully_readable(user, initiative_id)
    submit_initiative(initiative, by=user, duplicate_explanation=payload.duplicate_explanation)
    initiative, access = _readable(user, initiative_id)
    return _detail_out(initiative, access)


@router.post(
    "/initiatives/{int:initiative_id}/screen",
    response=InitiativeDetailOut,
    summary="Sàng lọc: đủ điều kiện xét hoặc trả lại",
)
def screen(request: HttpRequest, initiative_id: int, payload: ScreenIn) -> InitiativeDetailOut:
    """SCREEN_INITIATIVE at the initiative's unit, never one's own; a return needs `reason`."""
    user = acting_user(request)
    initiative, _access = _fully_readable(user, initiative_id)
    if payload.decision == "admit":
        admit_initiative(initiative, by=user, note=payload.reason, year=payload.year)
    else:
        return_initiative(initiative, by=user, reason=payload.reason)
    initiative, access = _readable(user, initiative_id)
    return _detail_out(initiative, access)


@router.post(
    "/initiatives/{int:initiative_id}/withdraw",
    response=InitiativeDetailOut,
    summary="Rút sáng kiến",
)
def withdraw(request: HttpRequest, initiative_id: int, payload: WithdrawIn) -> InitiativeDetailOut:
    user = acting_user(request)
    initiative, _access = _fully_readable(user, initiative_id)
    withdraw_initiative(initiative, by=user, reason=payload.reason)
    initiative, access = _readable(user, initiative_id)
    return _detail_out(initiative, access)


@router.get(
    "/initiatives/{int:initiative_id}/authors",
    response=list[AuthorOut],
    summary="Tác giả, đồng tác giả",
)
def get_authors(request: HttpRequest, initiative_id: int) -> list[AuthorOut]:
    user = acting_user(request)
    initiative, _access = _readable(user, initiative_id)
    return [_author_out(a) for a in authors_of(initiative)]


@router.put(
    "/initiatives/{int:initiative_id}/authors",
    response=list[AuthorOut],
    summary="Thay cả danh sách tác giả",
)
def put_authors(
    request: HttpRequest, initiative_id: int, payload: list[AuthorIn]
) -> list[AuthorOut]:
    """The whole list: the main author first (a person of the system), shares adding to
    exactly 100 %; a problem is named at its row (`authors.<n>.<field>`)."""
    user = acting_user(request)
    initiative, _access = _fully_readable(user, initiative_id)
    authors = set_authors(initiative, by=user, authors=_entries(payload))
    return [_author_out(a) for a in authors]


@router.get(
    "/initiatives/{int:initiative_id}/attachments",
    response=list[AttachmentOut],
    summary="Tệp đính kèm",
)
def list_attachments(request: HttpRequest, initiative_id: int) -> list[AttachmentOut]:
    user = acting_user(request)
    initiative, _access = _fully_readable(user, initiative_id)
    return [
        _attachment_out(initiative.pk, line.attachment, line.also_in)
        for line in attachments_of(initiative)
    ]


@router.post(
    "/initiatives/{int:initiative_id}/attachments",
    response={201: AttachmentOut},
    summary="Tải lên tệp đính kèm",
)
def post_attachment(
    request: HttpRequest,
    initiative_id: int,
    file: File[UploadedFile],
    description: Form[str] = "",
) -> Status[AttachmentOut]:
    """Multipart (field `file`: PDF, DOCX, XLSX, PNG, JPG). `also_in` names the other
    initiatives already carrying the same file."""
    user = acting_user(request)
    initiative, _access = _fully_readable(user, initiative_id)
    uploaded = upload_attachment(
        initiative=initiative, upload=file, by=user, description=description
    )
    attachment = Attachment.objects.select_related("blob").get(pk=uploaded.attachment.pk)
    return Status(201, _attachment_out(initiative.pk, attachment, uploaded.also_in))


@router.get(
    "/initiatives/{int:initiative_id}/attachments/{int:attachment_id}/download",
    response={200: None},
    summary="Tải tệp đính kèm",
)
def download_attachment(
    request: HttpRequest, initiative_id: int, attachment_id: int
) -> FileResponse:
    user = acting_user(request)
    item = attachment_for(user, initiative_id, attachment_id)
    if item is None:
        raise Http404
    try:
        handle = item.blob.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.blob.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.delete(
    "/initiatives/{int:initiative_id}/attachments/{int:attachment_id}",
    response={204: None},
    summary="Gỡ tệp đính kèm",
)
def delete_attachment(request: HttpRequest, initiative_id: int, attachment_id: int) -> Status[None]:
    user = acting_user(request)
    item = attachment_for(user, initiative_id, attachment_id)
    if item is None:
        raise Http404
    remove_attachment(attachment=item, by=user)
    return Status(204, None)
