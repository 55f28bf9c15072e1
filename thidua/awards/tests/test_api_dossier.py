"""API v1 of a nomination's dossier: files uploaded (multipart, checked by type, size and name as
on the page), listed, downloaded and removed, the báo cáo thành tích and the unit's tờ trình
issued and attached — every write audited; another hospital's nomination a 404, a reader
without NOMINATE a 403, a nomination no longer being prepared a 400."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.awards.enums import AttachmentKind, NominationStatus
from thidua.awards.models import AwardRound, Nomination, NominationAttachment
from thidua.awards.services.nominations import add_attachment, create_nomination
from thidua.awards.tests.api_support import audited, delete, put, upload
from thidua.awards.tests.rounds_support import (
    PDF,
    People,
    attach_dossier,
    make_people,
    make_round,
    pdf_upload,
    prepare_issuing,
)
from thidua.conftest import Cast, Org
from thidua.documents.models import IssuedDocument
from thidua.organizations.tests.api_client import ApiClient
from thidua.organizations.tests.factories import UserFactory, grant

pytestmark = pytest.mark.usefixtures("rulebook")

NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer_b(org: Org) -> User:
    user = UserFactory(username="officer_b")
    grant(user, Role.UNIT_OFFICER, org.b)
    return user


@pytest.fixture
def people(org: Org) -> People:
    return make_people(org)


@pytest.fixture
def round_(org: Org) -> AwardRound:
    return make_round(org)


@pytest.fixture
def draft(org: Org, cast: Cast, people: People, round_: AwardRound) -> Nomination:
    return create_nomination(
        by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.a, award_code="ldtt", person=people.fair
    )


def _files(draft: Nomination) -> str:
    return f"/awards/nominations/{draft.pk}/attachments"


def test_upload_list_download_remove_each_write_audited(cast: Cast, draft: Nomination) -> None:
    api = ApiClient(cast[Role.UNIT_OFFICER])

    uploaded = upload(
        api,
        _files(draft),
        {"kind": "evidence", "file": pdf_upload("xac-nhan.pdf"), "description": "Xác nhận"},
    )
    listed = api.get(_files(draft)).json()
    download = api.client.get(listed[0]["download_url"], headers=api.headers)
    attachment = NominationAttachment.objects.get()
    removed = delete(api, f"{_files(draft)}/{attachment.pk}")

    assert uploaded.status_code == 201
    assert [
        (f["kind"], f["name"], f["description"], f["size"], f["document_id"]) for f in listed
    ] == [("evidence", "xac-nhan.pdf", "Xác nhận", len(PDF), None)]
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert removed.status_code == 204
    assert not NominationAttachment.objects.exists()
    assert [action for action, _ in audited(attachment, target_id=attachment.pk)] == [
        "upload",
        "delete",
    ]


def test_the_bình_xét_minutes_carry_their_vote(cast: Cast, draft: Nomination) -> None:
    api = ApiClient(cast[Role.UNIT_OFFICER])
    fields = {"kind": "review_minutes", "file": pdf_upload("bien-ban.pdf")}

    without = upload(api, _files(draft), fields)
    fields["file"] = pdf_upload("bien-ban.pdf")
    with_vote = upload(api, _files(draft), {**fields, "votes_for": 9, "votes_total": 10})

    assert (without.status_code, without.json()) == (
        400,
        {
            "detail": "Biên bản bình xét phải kèm kết quả bỏ phiếu (số phiếu đồng ý, tổng số "
            "thành viên).",
            "field": "votes_for",
        },
    )
    assert with_vote.status_code == 201
    assert (with_vote.json()["votes_for"], with_vote.json()["votes_total"]) == (9, 10)


def test_a_file_of_the_wrong_type_is_refused_at_the_file(cast: Cast, draft: Nomination) -> None:
    response = upload(
        ApiClient(cast[Role.UNIT_OFFICER]),
        _files(draft),
        {"kind": "evidence", "file": SimpleUploadedFile("anh.gif", b"GIF89a")},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "file"
    assert response.json()["detail"].startswith("Loại tệp “.gif” không được chấp nhận.")
    assert not NominationAttachment.objects.exists()


def test_a_file_whose_content_is_not_its_extension_is_refused(
    cast: Cast, draft: Nomination
) -> None:
    response = upload(
        ApiClient(cast[Role.UNIT_OFFICER]),
        _files(draft),
        {"kind": "evidence", "file": SimpleUploadedFile("gia.pdf", b"MZ\x90\x00 not a pdf")},
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Nội dung tệp không phải là tệp .pdf như phần mở rộng của nó.", "field": "file"},
    )


def test_a_file_over_the_limit_is_refused_with_its_size(
    cast: Cast, draft: Nomination, settings: Any
) -> None:
    settings.THIDUA_UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (2 * 1024 * 1024))

    response = upload(
        ApiClient(cast[Role.UNIT_OFFICER]), _files(draft), {"kind": "evidence", "file": big}
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Tệp quá lớn (2,0 MB); giới hạn là 1 MB.", "field": "file"},
    )


def test_an_unknown_kind_is_refused_by_the_schema(cast: Cast, draft: Nomination) -> None:
    response = upload(
        ApiClient(cast[Role.UNIT_OFFICER]),
        _files(draft),
        {"kind": "khac", "file": pdf_upload()},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].startswith("Giá trị không hợp lệ; chỉ nhận:")


def test_a_sent_nomination_s_dossier_is_not_changed(cast: Cast, draft: Nomination) -> None:
    officer = cast[Role.UNIT_OFFICER]
    kept = add_attachment(
        by=officer, nomination=draft, kind=AttachmentKind.EVIDENCE, upload=pdf_upload()
    )
    Nomination.objects.filter(pk=draft.pk).update(status=NominationStatus.SUBMITTED)
    api = ApiClient(officer)

    added = upload(api, _files(draft), {"kind": "evidence", "file": pdf_upload()})
    removed = delete(api, f"{_files(draft)}/{kept.pk}")

    assert (added.status_code, added.json()["detail"]) == (
        400,
        "Chỉ bổ sung hồ sơ cho đề nghị đang lập hoặc bị trả lại.",
    )
    assert (removed.status_code, removed.json()["detail"]) == (
        400,
        "Chỉ bỏ hồ sơ của đề nghị đang lập hoặc bị trả lại.",
    )
    assert NominationAttachment.objects.filter(pk=kept.pk).exists()


def test_another_hospital_can_neither_read_nor_change_the_dossier(
    cast: Cast, draft: Nomination, officer_b: User
) -> None:
    kept = add_attachment(
        by=cast[Role.UNIT_OFFICER],
        nomination=draft,
        kind=AttachmentKind.EVIDENCE,
        upload=pdf_upload(),
    )
    theirs = ApiClient(officer_b)

    answers = [
        theirs.get(_files(draft)),
        theirs.client.get(f"/api/v1{_files(draft)}/{kept.pk}/download", headers=theirs.headers),
        upload(theirs, _files(draft), {"kind": "evidence", "file": pdf_upload()}),
        delete(theirs, f"{_files(draft)}/{kept.pk}"),
        theirs.post(f"/awards/nominations/{draft.pk}/achievement-report", {}),
    ]

    assert [(a.status_code, a.json()) for a in answers] == [(404, NOT_FOUND)] * 5
    assert list(NominationAttachment.objects.values_list("pk", flat=True)) == [kept.pk]


def test_an_attachment_of_another_nomination_is_404(
    org: Org, cast: Cast, draft: Nomination, people: People, round_: AwardRound
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    other = create_nomination(
        by=officer, round_=round_, unit=org.a, award_code="cstdcs", person=people.good
    )
    theirs = add_attachment(
        by=officer, nomination=other, kind=AttachmentKind.EVIDENCE, upload=pdf_upload()
    )

    response = delete(ApiClient(officer), f"{_files(draft)}/{theirs.pk}")

    assert response.status_code == 404
    assert NominationAttachment.objects.filter(pk=theirs.pk).exists()


def test_a_reader_without_nominate_may_not_upload(cast: Cast, draft: Nomination) -> None:
    response = upload(
        ApiClient(cast[Role.UNIT_HEAD]), _files(draft), {"kind": "evidence", "file": pdf_upload()}
    )

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Bạn không có quyền lập đề nghị khen thưởng của Bệnh viện A."},
    )


def test_the_achievement_report_and_the_proposal_are_issued_and_attached(
    org: Org, cast: Cast, draft: Nomination, round_: AwardRound
) -> None:
    prepare_issuing(org)
    api = ApiClient(cast[Role.UNIT_OFFICER])

    report = api.post(f"/awards/nominations/{draft.pk}/achievement-report", {})
    proposal = api.post(f"/awards/rounds/{round_.pk}/units/{org.a.pk}/proposal", {})
    listed = api.get(_files(draft)).json()

    assert (report.status_code, proposal.status_code) == (201, 201)
    assert report.json()["kind_name"] == "Báo cáo"
    assert proposal.json()["number_text"] == "01/TTr-BVA"
    assert sorted((f["kind"], f["document_id"], f["download_url"]) for f in listed) == sorted(
        [
            ("achievement_report", report.json()["id"], None),
            ("proposal", proposal.json()["id"], None),
        ]
    )
    for document in IssuedDocument.objects.all():
        assert audited(document) != []
    assert [action for action, _ in audited(NominationAttachment.objects.first())] == ["create"]


def test_a_unit_without_head_cannot_issue_its_report(cast: Cast, draft: Nomination) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/awards/nominations/{draft.pk}/achievement-report", {}
    )

    assert response.status_code == 400
    assert response.json()["errors"]
    assert not IssuedDocument.objects.exists()


def test_the_proposal_of_another_hospital_is_404(
    org: Org, cast: Cast, round_: AwardRound, draft: Nomination, officer_b: User
) -> None:
    prepare_issuing(org)

    response = ApiClient(officer_b).post(
        f"/awards/rounds/{round_.pk}/units/{org.a.pk}/proposal", {}
    )

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert not IssuedDocument.objects.exists()


def test_an_empty_list_has_no_proposal(org: Org, cast: Cast, round_: AwardRound) -> None:
    prepare_issuing(org)

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/awards/rounds/{round_.pk}/units/{org.a.pk}/proposal", {}
    )

    assert (response.status_code, response.json()["detail"]) == (
        400,
        "Danh sách đề nghị của đơn vị đang trống: chưa lập được tờ trình.",
    )


def test_the_attachments_list_queries_do_not_grow_with_files(
    cast: Cast, draft: Nomination, django_assert_max_num_queries: Any
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    for n in range(6):
        add_attachment(
            by=officer,
            nomination=draft,
            kind=AttachmentKind.EVIDENCE,
            upload=pdf_upload(f"minh-chung-{n}.pdf"),
        )
    api = ApiClient(officer)

    with django_assert_max_num_queries(8):
        response = api.get(_files(draft))

    assert len(response.json()) == 6


# -- The nomination's text and the unit's list ------------------------------------------------------


def test_the_unit_edits_a_draft_s_summary_and_justification_audited(
    cast: Cast, draft: Nomination
) -> None:
    response = put(
        ApiClient(cast[Role.UNIT_OFFICER]),
        f"/awards/nominations/{draft.pk}",
        {"achievement_summary": "Hoàn thành xuất sắc.", "justification": ""},
    )

    assert response.status_code == 200
    assert response.json()["achievement_summary"] == "Hoàn thành xuất sắc."
    assert [a["kind"] for a in response.json()["history"]][-1] == "edit"
    assert [action for action, _ in audited(draft)] == ["create", "update"]


def test_emptying_a_failing_subject_s_justification_is_refused(
    org: Org, cast: Cast, people: People, round_: AwardRound
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    weak = create_nomination(
        by=officer,
        round_=round_,
        unit=org.a,
        award_code="ldtt",
        person=people.weak,
        justification="Thành tích đột xuất.",
    )

    response = put(
        ApiClient(officer),
        f"/awards/nominations/{weak.pk}",
        {"achievement_summary": "", "justification": " "},
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "Đối tượng chưa đủ điều kiện: phải giữ giải trình bằng văn bản.",
            "field": "justification",
        },
    )
    weak.refresh_from_db()
    assert weak.override_justification == "Thành tích đột xuất."


def test_the_unit_sends_its_whole_list_or_nothing(
    org: Org, cast: Cast, draft: Nomination, people: People, round_: AwardRound
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    other = create_nomination(
        by=officer, round_=round_, unit=org.a, award_code="cstdcs", person=people.good
    )
    attach_dossier(draft, by=officer)
    api = ApiClient(officer)
    url = f"/awards/rounds/{round_.pk}/units/{org.a.pk}/submit"

    refused = api.post(url, {})
    draft.refresh_from_db()
    status_after_refusal = draft.status
    attach_dossier(other, by=officer)
    sent = api.post(url, {})

    assert refused.status_code == 400
    assert "Tờ trình (Mẫu số 01)" in refused.json()["detail"]
    assert status_after_refusal == NominationStatus.DRAFT
    assert (sent.status_code, sent.json()) == (
        200,
        {"sent": 2, "nomination_ids": [draft.pk, other.pk]},
    )
    assert set(Nomination.objects.values_list("status", flat=True)) == {"submitted"}
    assert [action for action, _ in audited(other)] == ["create", "submit"]


def test_another_hospital_can_neither_edit_nor_send_a_hospital_s_list(
    org: Org, cast: Cast, draft: Nomination, round_: AwardRound, officer_b: User
) -> None:
    attach_dossier(draft, by=cast[Role.UNIT_OFFICER])
    theirs = ApiClient(officer_b)

    edited = put(
        theirs,
        f"/awards/nominations/{draft.pk}",
        {"achievement_summary": "x", "justification": ""},
    )
    sent = theirs.post(f"/awards/rounds/{round_.pk}/units/{org.a.pk}/submit", {})

    assert [(r.status_code, r.json()) for r in (edited, sent)] == [(404, NOT_FOUND)] * 2
    draft.refresh_from_db()
    assert (draft.status, draft.achievement_summary) == (NominationStatus.DRAFT, "")
