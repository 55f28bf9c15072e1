"""The reviewer's pages: "Phiếu chấm của tôi", the scoring sheet (draft, submission, refusals at
the fields), blind rounds (no author, unit or code; attachments under a neutral name with their
author metadata stripped), declaring a conflict, and the manager's reading of a sheet — nobody
reads another reviewer's sheet."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.initiatives.enums import InitiativeStatus, ReviewStatus, RoundStatus
from thidua.initiatives.models import (
    Assignment,
    Attachment,
    AttachmentFile,
    ConflictDeclaration,
    Review,
    RoundEntry,
    RubricCriterion,
)
from thidua.initiatives.tests.council_factories import (
    default_rubric,
    make_assignment,
    make_review,
    make_round,
)
from thidua.initiatives.tests.council_support import build_scene
from thidua.initiatives.tests.factories import make_initiative
from thidua.organizations.tests.factories import UserFactory, grant


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def scene(org, cast):  # type: ignore[no-untyped-def]
    return build_scene(org, cast)


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def _criteria() -> list[RubricCriterion]:
    return list(
        RubricCriterion.objects.filter(rubric=default_rubric())
        .prefetch_related("levels")
        .order_by("order")
    )


def _post_levels(**scores: int) -> dict[str, str]:
    data = {}
    for criterion in _criteria():
        if criterion.code in scores:
            level = next(lv for lv in criterion.levels.all() if lv.score == scores[criterion.code])
            data[f"tieu_chi_{criterion.pk}"] = str(level.pk)
    return data


ALL = {"novelty": 4, "applicability": 2, "effectiveness": 3, "scope": 0}


def _open(scene, *, blind=True):  # type: ignore[no-untyped-def]
    round_ = make_round(
        scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN, blind=blind
    )
    return round_, make_assignment(round_, scene.sk_a1, scene.r_a2)


def _docx(creator: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr(
            "docProps/core.xml",
            f"<cp:coreProperties><dc:creator>{creator}</dc:creator>"
            f"<cp:lastModifiedBy>{creator}</cp:lastModifiedBy></cp:coreProperties>",
        )
        archive.writestr(
            "docProps/app.xml", "<Properties><Company>Bệnh viện A</Company></Properties>"
        )
    return buffer.getvalue()


def _attach(initiative, content: bytes, name: str) -> Attachment:  # type: ignore[no-untyped-def]
    digest = hashlib.sha256(content).hexdigest()
    blob = AttachmentFile(
        sha256=digest,
        size=len(content),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    blob.file.save(f"{digest}.docx", ContentFile(content), save=False)
    blob.save()
    return Attachment.objects.create(initiative=initiative, blob=blob, original_name=name)


# -- "Phiếu chấm của tôi" ------------------------------------------------------------------------


def test_my_reviews_lists_assignments_by_round_blind_without_code_or_author(client, scene):
    round_, _ = _open(scene)
    client.force_login(scene.r_a2)

    response = client.get(reverse("initiatives:my_reviews"))

    body = _text(response)
    assert response.status_code == 200
    assert "Sáng kiến số 1" in body
    # The title named the khoa ("… tại Khoa Nội A1"): redacted.
    assert "Đặt lịch khám trực tuyến tại [đã ẩn]" in body
    assert scene.sk_a1.code not in body
    assert "Khoa Nội A1" not in body
    assert "Nguyễn Thị Hoa" not in body
    assert f"hạn chấm {round_.closes_on:%d/%m/%Y}" in body


def test_my_reviews_marks_late_assignments_after_the_deadline(client, scene):
    today = timezone.localdate()
    round_ = make_round(
        scene.council,
        initiatives=[scene.sk_a1],
        status=RoundStatus.OPEN,
        opens_on=today - timezone.timedelta(days=9),
        closes_on=today - timezone.timedelta(days=2),
    )
    make_assignment(round_, scene.sk_a1, scene.r_a2)
    client.force_login(scene.r_a2)

    response = client.get(reverse("initiatives:my_reviews"))

    assert "Quá hạn" in _text(response)


def test_my_reviews_nothing_assigned(client, cast):
    client.force_login(cast.nobody)

    response = client.get(reverse("initiatives:my_reviews"))

    assert "Bạn chưa được phân công chấm sáng kiến nào." in _text(response)


# -- The sheet ---------------------------------------------------------------------------------


def test_sheet_blind_shows_no_author_unit_or_code(client, scene):
    _, assignment = _open(scene)
    client.force_login(scene.r_a2)

    response = client.get(reverse("initiatives:review_sheet", args=[assignment.pk]))

    body = _text(response)
    assert response.status_code == 200
    assert "Sáng kiến số 1" in body
    for revealing in (scene.sk_a1.code, "Nguyễn Thị Hoa", "Khoa Nội A1"):
        assert revealing not in body, revealing
    # The council is the hospital's own (its name is in the page's header); the initiative's
    # part names neither the hospital nor its code.
    initiative_part = body.split('id="sang-kien"')[1].split("</section>")[0]
    assert "Bệnh viện A" not in initiative_part
    assert "BV_A" not in initiative_part
    assert "Mới trong ngành y tế Hà Nội trở lên" in body  # the labelled levels


def test_sheet_blind_redacts_names_in_the_texts_whatever_the_diacritics(client, scene):
    scene.sk_a1.problem = "Tại benh vien A, chị Nguyễn Thị Hoa thấy người bệnh chờ lâu."
    scene.sk_a1.effect = "Khoa Nội A1 giảm thời gian chờ; Bệnh viện Anh Đức chưa áp dụng."
    scene.sk_a1.save()
    _, assignment = _open(scene)
    client.force_login(scene.r_a2)

    response = client.get(reverse("initiatives:review_sheet", args=[assignment.pk]))

    body = _text(response)
    assert "Tại [đã ẩn], chị [đã ẩn] thấy người bệnh chờ lâu." in body
    assert "[đã ẩn] giảm thời gian chờ; Bệnh viện Anh Đức chưa áp dụng." in body


def test_sheet_not_blind_shows_authors_and_unit(client, scene):
    _, assignment = _open(scene, blind=False)
    client.force_login(scene.r_a2)

    response = client.get(reverse("initiatives:review_sheet", args=[assignment.pk]))

    body = _text(response)
    assert "Nguyễn Thị Hoa (100 %)" in body
    assert scene.sk_a1.code in body
    assert "Khoa Nội A1" in body


def test_sheet_shows_the_similarity_panel(client, scene, org, cast):
    make_initiative(
        org.b1,
        None,
        status=InitiativeStatus.RECOGNISED,
        title="Đặt lịch khám trực tuyến qua cổng thông tin",
        created_by=cast.nobody,
    )
    _, assignment = _open(scene)
    client.force_login(scene.r_a2)

    response = client.get(reverse("initiatives:review_sheet", args=[assignment.pk]))

    assert 'class="td-similar"' in _text(response)


def test_sheet_of_another_reviewer_not_found(client, scene):
    _, assignment = _open(scene)
    client.force_login(scene.r_a2b)

    response = client.get(reverse("initiatives:review_sheet", args=[assignment.pk]))
    posted = client.post(
        reverse("initiatives:review_sheet", args=[assignment.pk]),
        {**_post_levels(**ALL), "thao_tac": "nop"},
    )

    assert (response.status_code, posted.status_code) == (404, 404)
    assert Review.objects.count() == 0


def test_sheet_save_draft_then_submit(client, scene):
    _, assignment = _open(scene)
    client.force_login(scene.r_a2)
    url = reverse("initiatives:review_sheet", args=[assignment.pk])

    draft = client.post(url, {**_post_levels(novelty=4), "thao_tac": "luu"}, follow=True)
    submitted = client.post(
        url,
        {**_post_levels(**ALL), "comment_to_author": "Rất tốt", "thao_tac": "nop"},
        follow=True,
    )

    assert "Đã lưu bản nháp phiếu chấm." in _text(draft)
    assert "Đã nộp phiếu chấm. Cảm ơn bạn." in _text(submitted)
    review = Review.objects.get()
    assert (review.status, str(review.total), review.comment_to_author) == (
        ReviewStatus.SUBMITTED,
        "65.00",
        "Rất tốt",
    )


def test_sheet_submit_missing_criterion_shown_at_the_field(client, scene):
    _, assignment = _open(scene)
    client.force_login(scene.r_a2)

    response = client.post(
        reverse("initiatives:review_sheet", args=[assignment.pk]),
        {**_post_levels(novelty=4, applicability=2, effectiveness=3), "thao_tac": "nop"},
    )

    assert response.status_code == 400
    assert "Chưa chấm tiêu chí “Phạm vi ảnh hưởng”: hãy chọn một mức trước khi nộp." in _text(
        response
    )
    assert Review.objects.count() == 0


def test_sheet_level_of_another_criterion_refused(client, scene):
    _, assignment = _open(scene)
    criteria = _criteria()
    client.force_login(scene.r_a2)
    data = _post_levels(**ALL)
    data[f"tieu_chi_{criteria[0].pk}"] = data[f"tieu_chi_{criteria[3].pk}"]

    response = client.post(
        reverse("initiatives:review_sheet", args=[assignment.pk]), {**data, "thao_tac": "nop"}
    )

    assert response.status_code == 400
    assert "Mức điểm đã chọn không thuộc tiêu chí “Tính mới”." in _text(response)
    assert Review.objects.count() == 0


def test_sheet_of_a_closed_round_refused(client, scene):
    round_, assignment = _open(scene)
    round_.status = RoundStatus.CLOSED
    round_.save()
    client.force_login(scene.r_a2)

    page = client.get(reverse("initiatives:review_sheet", args=[assignment.pk]))
    response = client.post(
        reverse("initiatives:review_sheet", args=[assignment.pk]),
        {**_post_levels(**ALL), "thao_tac": "nop"},
    )

    assert "Đợt chấm đã đóng; không chấm, sửa phiếu chấm được nữa." in _text(page)
    assert "Nộp phiếu chấm</button>" not in _text(page)
    assert response.status_code == 400
    assert Review.objects.count() == 0


def test_sheet_declare_conflict_removes_the_assignment(client, scene):
    _, assignment = _open(scene)
    client.force_login(scene.r_a2)

    response = client.post(
        reverse("initiatives:review_declare_conflict", args=[assignment.pk]),
        {"xung-dot-reason": "Tôi là người hướng dẫn tác giả"},
        follow=True,
    )

    assert "Đã ghi nhận khai báo xung đột lợi ích" in _text(response)
    assert Assignment.objects.count() == 0
    assert ConflictDeclaration.objects.get().reason == "Tôi là người hướng dẫn tác giả"


# -- Attachments -------------------------------------------------------------------------------


def test_attachment_blind_neutral_name_and_creator_stripped(client, scene):
    _, assignment = _open(scene)
    attachment = _attach(scene.sk_a1, _docx("Nguyễn Thị Hoa"), "Sang kien cua Nguyen Thi Hoa.docx")
    client.force_login(scene.r_a2)

    response = client.get(
        reverse("initiatives:review_attachment", args=[assignment.pk, attachment.pk])
    )

    assert response.status_code == 200
    assert 'filename="tep-dinh-kem-1.docx"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        core = archive.read("docProps/core.xml").decode()
        app = archive.read("docProps/app.xml").decode()
    assert "<dc:creator></dc:creator>" in core
    assert "Nguyễn Thị Hoa" not in core
    assert "Bệnh viện A" not in app


def test_attachment_not_blind_original_file_and_name(client, scene):
    _, assignment = _open(scene, blind=False)
    content = _docx("Nguyễn Thị Hoa")
    attachment = _attach(scene.sk_a1, content, "ke-hoach.docx")
    client.force_login(scene.r_a2)

    response = client.get(
        reverse("initiatives:review_attachment", args=[assignment.pk, attachment.pk])
    )

    assert response.content == content
    assert 'filename="ke-hoach.docx"' in response["Content-Disposition"]


def test_attachment_of_another_initiative_or_reviewer_not_found(client, scene):
    _, assignment = _open(scene)
    other = _attach(scene.sk_a2, _docx("Lê Văn Tác"), "khac.docx")
    own = _attach(scene.sk_a1, _docx("Nguyễn Thị Hoa"), "a.docx")
    client.force_login(scene.r_a2)
    wrong_initiative = client.get(
        reverse("initiatives:review_attachment", args=[assignment.pk, other.pk])
    )
    client.force_login(scene.r_a2b)
    wrong_reviewer = client.get(
        reverse("initiatives:review_attachment", args=[assignment.pk, own.pk])
    )

    assert (wrong_initiative.status_code, wrong_reviewer.status_code) == (404, 404)


# -- Managers ------------------------------------------------------------------------------------


def test_manager_reads_a_sheet_with_the_authors(client, scene):
    round_, assignment = _open(scene)
    make_review(assignment, levels=ALL, comment_to_council="Đề nghị công nhận")
    client.force_login(scene.manager)

    response = client.get(reverse("initiatives:manager_review", args=[round_.pk, assignment.pk]))

    body = _text(response)
    assert "Đề nghị công nhận" in body
    assert "Nguyễn Thị Hoa" in body
    assert "65,00" in body
    assert 'class="td-similar"' in body


def test_manager_sheet_not_found_for_a_reviewer_or_another_unit(client, scene, org):
    round_, assignment = _open(scene)
    make_review(assignment, levels=ALL)
    other = make_assignment(round_, scene.sk_a1, scene.r_a2b)
    officer_b = UserFactory(username="officer_b")
    grant(officer_b, Role.UNIT_OFFICER, org.b)
    client.force_login(scene.r_a2b)
    by_reviewer = client.get(reverse("initiatives:manager_review", args=[round_.pk, assignment.pk]))
    client.force_login(officer_b)
    by_other_unit = client.get(reverse("initiatives:manager_review", args=[round_.pk, other.pk]))

    assert (by_reviewer.status_code, by_other_unit.status_code) == (404, 404)


# -- Query counts --------------------------------------------------------------------------------


def test_my_reviews_queries_constant_in_rows(client, scene, org, cast, django_assert_num_queries):
    round_ = make_round(scene.council, status=RoundStatus.OPEN, blind=True)
    other = make_round(scene.council, name="Đợt khác", status=RoundStatus.OPEN, blind=False)

    def add(count):  # type: ignore[no-untyped-def]
        for index in range(count):
            initiative = make_initiative(
                org.a1, cast.staff_person, status=InitiativeStatus.ADMITTED
            )
            target = round_ if index % 2 else other
            RoundEntry.objects.create(round=target, initiative=initiative)
            make_review(make_assignment(target, initiative, scene.r_a2), submitted=index % 3 == 0)

    add(2)
    client.force_login(scene.r_a2)
    client.get(reverse("initiatives:my_reviews"))
    with django_assert_num_queries(QUERIES_MY_REVIEWS):
        client.get(reverse("initiatives:my_reviews"))
    add(10)
    with django_assert_num_queries(QUERIES_MY_REVIEWS):
        client.get(reverse("initiatives:my_reviews"))


QUERIES_MY_REVIEWS = 8


def test_sheet_queries_constant_in_attachments_and_authors(
    client, scene, django_assert_num_queries
):
    _, assignment = _open(scene)
    client.force_login(scene.r_a2)
    url = reverse("initiatives:review_sheet", args=[assignment.pk])
    _attach(scene.sk_a1, _docx("A"), "a.docx")
    client.get(url)
    with django_assert_num_queries(QUERIES_SHEET) as captured:
        client.get(url)
    for index in range(4):
        _attach(scene.sk_a1, _docx(f"B{index}"), f"b{index}.docx")

    with django_assert_num_queries(len(captured.captured_queries)):
        client.get(url)


QUERIES_SHEET = 14


# -- The initiative's own page ------------------------------------------------------------------


def test_initiative_page_closed_to_its_blind_reviewer_until_the_round_closes(client, scene):
    round_, _ = _open(scene)
    client.force_login(scene.r_a2)
    url = reverse("initiatives:initiative_detail", args=[scene.sk_a1.pk])

    during = client.get(url)
    round_.status = RoundStatus.CLOSED
    round_.save()
    after = client.get(url)

    assert during.status_code == 404
    assert after.status_code == 200


def test_initiative_page_open_to_its_reviewer_in_a_round_not_blind(client, scene):
    _open(scene, blind=False)
    client.force_login(scene.r_a2)

    response = client.get(reverse("initiatives:initiative_detail", args=[scene.sk_a1.pk]))

    assert response.status_code == 200
    assert "Nguyễn Thị Hoa" in _text(response)
