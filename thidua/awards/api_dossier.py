"""API v1 of a unit's work on its nominations beyond making and sending one (`api_rounds`): a
nomination's text edited; its dossier (hồ sơ đề nghị) — files listed, uploaded (multipart),
downloaded and removed; the generated documents — the unit's tờ trình (Mẫu số 01) of its list in a
round, a nomination's báo cáo thành tích — issued and attached; the unit's whole list sent.

Thin wrappers on `services.nominations` and `services.nomination_documents`: a nomination the
caller does not read is a 404 (`nomination_for`, as GET /awards/nominations/{id}); a caller who
reads it without NOMINATE at its unit gets the service's 403; a file refused by type, size or
name, a nomination no longer being prepared, a document the engine cannot issue are a 400 with
the Vietnamese message.
"""

import datetime as dt

from django.http import FileResponse, Http404, HttpRequest
from ninja import Field, File, Form, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.awards.api import router
from thidua.awards.api_rounds import (
    AttachmentOut,
    NominationDetailOut,
    get_nomination,
    nominating_unit,
)
from thidua.awards.enums import AttachmentKind
from thidua.awards.models import AwardRound, Nomination, NominationAttachment
from thidua.awards.selectors.rounds import attachments_of, nomination_for, round_for
from thidua.awards.services import nominations as nomination_services
from thidua.awards.services.nomination_documents import issue_achievement_report, issue_proposal
from thidua.documents.api import DocumentOut
from thidua.documents.models import IssuedDocument
from thidua.organizations.api.common import acting_user


class DossierFileOut(AttachmentOut):
    description: str
    size: int = Field(description="Kích thước tệp (byte); 0 với văn bản phát hành")
    uploaded_at: dt.datetime
    download_url: str | None = Field(
        description="Tải tệp tải lên; văn bản phát hành tải qua /documents/{document_id}/pdf"
    )


class NominationEditIn(Schema):
    achievement_summary: str = Field(max_length=4000, description="Tóm tắt thành tích")
    justification: str = Field(
        max_length=4000, description="Giải trình (bắt buộc giữ khi chưa đủ điều kiện)"
    )


class SentOut(Schema):
    sent: int = Field(description="Số đề nghị đã gửi")
    nomination_ids: list[int]


def _nomination(user: User, nomination_id: int) -> Nomination:
    found = nomination_for(user, nomination_id)
    if found is None:
        raise Http404
    return found


def _attachment(user: User, nomination_id: int, attachment_id: int) -> NominationAttachment:
    nomination = _nomination(user, nomination_id)
    found = (
        NominationAttachment.objects.filter(nomination=nomination, pk=attachment_id)
        .select_related("document")
        .first()
    )
    if found is None:
        raise Http404
    found.nomination = nomination
    return found


def _file_out(item: NominationAttachment) -> DossierFileOut:
    return DossierFileOut(
        id=item.pk,
        kind=item.kind,
        kind_label=item.get_kind_display(),
        name=str(item),
        document_id=item.document_id,
        votes_for=item.votes_for,
        votes_total=item.votes_total,
        description=item.description,
        size=item.size,
        uploaded_at=item.uploaded_at,
        download_url=(
            f"/api/v1/awards/nominations/{item.nomination_id}/attachments/{item.pk}/download"
            if item.file
            else None
        ),
    )


@router.put(
    "/awards/nominations/{nomination_id}",
    response=NominationDetailOut,
    summary="Sửa tóm tắt thành tích, giải trình của một đề nghị",
)
def update_nomination(
    request: HttpRequest, nomination_id: int, payload: NominationEditIn
) -> NominationDetailOut:
    """Both fields replaced, on a nomination being prepared or returned (else 400). Refused
    (400, `justification`) when emptying the justification of a subject failing a rule."""
    user = acting_user(request)
    nomination_services.update_nomination(
        by=user,
        nomination=_nomination(user, nomination_id),
        achievement_summary=payload.achievement_summary,
        justification=payload.justification,
    )
    return get_nomination(request, nomination_id)


@router.get(
    "/awards/nominations/{nomination_id}/attachments",
    response=list[DossierFileOut],
    summary="Hồ sơ của một đề nghị",
)
def list_attachments(request: HttpRequest, nomination_id: int) -> list[DossierFileOut]:
    """The files and issued documents of the dossier, by kind."""
    item = _nomination(acting_user(request), nomination_id)
    return [_file_out(attachment) for attachment in attachments_of(item)]


@router.post(
    "/awards/nominations/{nomination_id}/attachments",
    response={201: DossierFileOut},
    summary="Tải lên một tệp hồ sơ đề nghị",
)
def upload_attachment(
    request: HttpRequest,
    nomination_id: int,
    kind: Form[AttachmentKind],
    file: File[UploadedFile],
    description: Form[str] = "",
    votes_for: Form[int | None] = None,
    votes_total: Form[int | None] = None,
) -> Status[DossierFileOut]:
    """Multipart: `kind` (proposal, achievement_report, review_minutes, evidence), `file` (PDF,
    Word, Excel, PNG, JPG within the size limit, content matching its extension),
    `description`; the bình xét minutes (`review_minutes`) carry `votes_for` of `votes_total`.
    Only on a nomination being prepared or returned."""
    user = acting_user(request)
    item = _nomination(user, nomination_id)
    attachment = nomination_services.add_attachment(
        by=user,
        nomination=item,
        kind=kind.value,
        upload=file,
        description=description,
        votes_for=votes_for,
        votes_total=votes_total,
    )
    return Status(201, _file_out(attachment))


@router.get(
    "/awards/nominations/{nomination_id}/attachments/{attachment_id}/download",
    response={200: None},
    summary="Tải một tệp hồ sơ",
)
def download_attachment(
    request: HttpRequest, nomination_id: int, attachment_id: int
) -> FileResponse:
    item = _attachment(acting_user(request), nomination_id, attachment_id)
    if not item.file:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.delete(
    "/awards/nominations/{nomination_id}/attachments/{attachment_id}",
    response={204: None},
    summary="Bỏ một tệp khỏi hồ sơ đề nghị",
)
def remove_attachment(request: HttpRequest, nomination_id: int, attachment_id: int) -> Status[None]:
    """Only on a nomination being prepared or returned."""
    user = acting_user(request)
    item = _attachment(user, nomination_id, attachment_id)
    nomination_services.remove_attachment(by=user, attachment=item)
    return Status(204, None)


@router.post(
    "/awards/nominations/{nomination_id}/achievement-report",
    response={201: DocumentOut},
    summary="Phát hành báo cáo thành tích của đề nghị (đính kèm hồ sơ)",
)
def issue_report(request: HttpRequest, nomination_id: int) -> Status[IssuedDocument]:
    """From the nomination's data, its stored evaluation and the subject's past awards; numbered
    in the unit's register. Refused (400) unless the nomination is being prepared or returned,
    or when the unit cannot issue (no head, no abbreviation: every missing part in `errors`)."""
    user = acting_user(request)
    issued = issue_achievement_report(by=user, nomination=_nomination(user, nomination_id))
    return Status(201, issued)


def _round(user: User, round_id: int) -> AwardRound:
    found = round_for(user, round_id)
    if found is None:
        raise Http404
    return found


@router.post(
    "/awards/rounds/{round_id}/units/{unit_id}/proposal",
    response={201: DocumentOut},
    summary="Phát hành tờ trình đề nghị của đơn vị (Mẫu số 01), đính kèm từng đề nghị",
)
def issue_unit_proposal(
    request: HttpRequest, round_id: int, unit_id: int
) -> Status[IssuedDocument]:
    """The unit's nominations being prepared or returned in the round, in one tờ trình attached
    to each. The unit is one whose nominations the caller reads inside the round's organiser
    (else 404); without NOMINATE there, 403. Refused (400) for an empty list."""
    user = acting_user(request)
    round_ = _round(user, round_id)
    return Status(
        201, issue_proposal(by=user, round_=round_, unit=nominating_unit(user, round_, unit_id))
    )


@router.post(
    "/awards/rounds/{round_id}/units/{unit_id}/submit",
    response=SentOut,
    summary="Gửi cả danh sách đề nghị đang lập của đơn vị để thẩm định",
)
def submit_unit_list(request: HttpRequest, round_id: int, unit_id: int) -> SentOut:
    """All or none: the first nomination refused (a dossier lacking its tờ trình or báo cáo
    thành tích, a subject failing a rule without a justification, past the deadline) stops them
    all with its message (400)."""
    user = acting_user(request)
    round_ = _round(user, round_id)
    sent = nomination_services.submit_unit_list(
        by=user, round_=round_, unit=nominating_unit(user, round_, unit_id)
    )
    return SentOut(sent=len(sent), nomination_ids=[item.pk for item in sent])
