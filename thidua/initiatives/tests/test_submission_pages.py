"""Submission pages: writing (new, edit) with the authors editor and attachments, the
initiative's page for each reader, the steps from it (submit, withdraw, screen), files served
only to those who read the initiative, and the person search of the authors editor."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.models import Attachment, Initiative
from thidua.initiatives.services.attachments import upload_attachment
from thidua.initiatives.tests.factories import make_areas, make_initiative
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
YEAR = timezone.localdate().year
SINCE = min(dt.date(YEAR, 1, 2), timezone.localdate()).strftime("%d/%m/%Y")


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _fresh_similarity_index():
    from thidua.initiatives.selectors.similarity import forget_index

    forget_index()
    yield
    forget_index()


@pytest.fixture
def staff(cast):
    return cast[Role.STAFF]


@pytest.fixture
def officer(cast):
    return cast[Role.UNIT_OFFICER]


@pytest.fixture
def colleague(org):
    user = UserFactory(username="dongnghiep")
    grant(user, Role.STAFF, org.a1, subtree=False)
    return PersonFactory(unit=org.a1, user=user, full_name="Trần Văn Bình")


@pytest.fixture
def outsider(org):
    """An officer of Bệnh viện B."""
    user = UserFactory(username="can_bo_b")
    grant(user, Role.UNIT_OFFICER, org.b)
    return user


def _post_data(person, **changes):
    data = {
        "title": "Đặt lịch khám qua tin nhắn cho người bệnh mạn tính",
        "kind": "operational",
        "problem": "Người bệnh mạn tính phải đến sớm xếp hàng lấy số tái khám hằng tháng.",
        "solution": "Gửi tin nhắn hẹn giờ tái khám và bố trí quầy riêng cho người có hẹn.",
        "applied_where": "Khoa Nội A1",
        "applied_since": SINCE,
        "scope": "unit",
        "effect_kind": "social",
        "effect": "Thời gian chờ tái khám giảm từ 90 phút xuống 20 phút.",
        "effect_amount": "",
        "duplicate_explanation": "",
        "tac_gia-0-person": str(person.pk),
        "tac_gia-0-share": "100",
        "action": "save",
    }
    data.update(changes)
    return data


def _detail(initiative):
    return reverse("initiatives:initiative_detail", args=[initiative.pk])


# -- Writing -------------------------------------------------------------------------------------


def test_create_page_shows_the_writer_as_main_author_at_100(client, cast, staff):
    client.force_login(staff)

    html = client.get(reverse("initiatives:initiative_create")).content.decode()

    assert "Viết sáng kiến mới" in html
    assert f'name="tac_gia-0-person" value="{cast.staff_person.pk}"' in html
    assert 'name="tac_gia-0-share" id="tac_gia-0-share" value="100"' in html
    assert reverse("initiatives:similar_panel") in html


def test_create_page_refuses_a_user_without_person_or_grant(client, cast):
    client.force_login(cast.nobody)

    assert client.get(reverse("initiatives:initiative_create")).status_code == 403


def test_create_saves_a_draft_with_a_co_author_and_an_external_one(client, cast, staff, colleague):
    client.force_login(staff)
    data = _post_data(
        cast.staff_person,
        **{
            "tac_gia-0-share": "60",
            "tac_gia-1-kind": "noi_bo",
            "tac_gia-1-person": str(colleague.pk),
            "tac_gia-1-share": "30",
            "tac_gia-3-kind": "ngoai",
            "tac_gia-3-external_name": "Lê Văn Cường",
            "tac_gia-3-external_workplace": "Trường Đại học Y Hà Nội",
            "tac_gia-3-share": "10",
        },
    )

    response = client.post(reverse("initiatives:initiative_create"), data)

    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(initiative)
    assert initiative.status == InitiativeStatus.DRAFT
    assert [(a.display_name, str(a.share), a.is_external) for a in initiative.authors.all()] == [
        ("Nguyễn Thị Hoa", "60.00", False),
        ("Trần Văn Bình", "30.00", False),
        ("Lê Văn Cường", "10.00", True),
    ]


def test_create_with_shares_at_90_shows_the_total_and_writes_nothing(
    client, cast, staff, colleague
):
    client.force_login(staff)
    data = _post_data(
        cast.staff_person,
        **{
            "tac_gia-0-share": "60",
            "tac_gia-1-person": str(colleague.pk),
            "tac_gia-1-share": "30",
        },
    )

    response = client.post(reverse("initiatives:initiative_create"), data)

    assert response.status_code == 400
    assert "Tổng tỷ lệ đóng góp phải bằng 100 % (hiện là 90 %)." in response.content.decode()
    assert Initiative.objects.count() == 0


def test_create_with_an_external_co_author_without_name_shows_it_at_the_row(client, cast, staff):
    client.force_login(staff)
    data = _post_data(
        cast.staff_person,
        **{
            "tac_gia-0-share": "80",
            "tac_gia-1-kind": "ngoai",
            "tac_gia-1-external_name": "",
            "tac_gia-1-external_workplace": "",
            "tac_gia-1-share": "20",
        },
    )

    html = client.post(reverse("initiatives:initiative_create"), data).content.decode()

    field = html.split('name="tac_gia-1-external_name"')[0].rsplit("<input", 1)[1]
    after = html.split('name="tac_gia-1-external_name"')[1].split("</div>")[0]
    assert "is-invalid" in field
    assert "Hãy chọn cán bộ trong hệ thống hoặc nhập họ tên đồng tác giả ngoài hệ thống." in after
    assert Initiative.objects.count() == 0


def test_create_with_a_huge_text_names_the_limit(client, cast, staff):
    client.force_login(staff)

    response = client.post(
        reverse("initiatives:initiative_create"),
        _post_data(cast.staff_person, solution="x" * 20_001),
    )

    assert response.status_code == 400
    assert "Nội dung giải pháp không được dài quá 20.000 ký tự." in response.content.decode()
    assert Initiative.objects.count() == 0


def test_create_with_a_wrong_attachment_type_writes_nothing(client, cast, staff):
    client.force_login(staff)
    data = _post_data(cast.staff_person)
    data["files"] = [SimpleUploadedFile("virus.exe", b"MZ\x90\x00")]

    response = client.post(reverse("initiatives:initiative_create"), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "virus.exe: Loại tệp “.exe” không được chấp nhận." in html
    assert Initiative.objects.count() == 0


def test_create_and_submit_at_once(client, cast, staff):
    client.force_login(staff)

    response = client.post(
        reverse("initiatives:initiative_create"),
        _post_data(cast.staff_person, action="submit"),
        follow=True,
    )

    initiative = Initiative.objects.get()
    assert initiative.status == InitiativeStatus.SUBMITTED
    assert f"Đã nộp sáng kiến {initiative.code}" in response.content.decode()


def test_submit_incomplete_keeps_the_draft_and_marks_the_fields(client, cast, staff):
    client.force_login(staff)

    response = client.post(
        reverse("initiatives:initiative_create"),
        _post_data(cast.staff_person, action="submit", effect="", applied_where=""),
    )

    assert response.status_code == 200
    html = response.content.decode()
    initiative = Initiative.objects.get()
    assert initiative.status == InitiativeStatus.DRAFT
    assert f"Đã lưu bản nháp {initiative.code}, nhưng chưa nộp được" in html
    assert "Hãy mô tả hiệu quả đo được (lợi ích kinh tế hoặc xã hội)." in html
    assert "Hãy ghi nơi đã áp dụng hoặc áp dụng thử" in html
    # The form now edits the saved draft: sending it again does not create a second one.
    assert f'action="{reverse("initiatives:initiative_edit", args=[initiative.pk])}"' in html


def test_create_with_files_attaches_them_and_flags_a_file_of_another_initiative(
    client, org, cast, staff
):
    blob_owner = UserFactory(username="tac_gia_b")
    other = make_initiative(
        None, PersonFactory(unit=org.b1), status=InitiativeStatus.DRAFT, created_by=blob_owner
    )
    upload_attachment(
        initiative=other, upload=SimpleUploadedFile("bao-cao.pdf", PDF), by=blob_owner
    )
    client.force_login(staff)
    data = _post_data(cast.staff_person)
    data["files"] = [SimpleUploadedFile("so-lieu.pdf", PDF)]

    response = client.post(reverse("initiatives:initiative_create"), data, follow=True)

    html = response.content.decode()
    mine = Initiative.objects.exclude(pk=other.pk).get()
    assert [a.original_name for a in mine.attachments.all()] == ["so-lieu.pdf"]
    assert f"so-lieu.pdf: Tệp này đã được dùng trong sáng kiến {other.code}." in html
    assert f"Tệp này đã được dùng trong sáng kiến {other.code}" in html.split("Tệp đính kèm")[1]


def test_edit_page_of_someone_elses_draft_is_not_found(client, cast, colleague):
    draft = make_initiative(None, cast.staff_person, status=InitiativeStatus.DRAFT)
    client.force_login(colleague.user)

    assert client.get(reverse("initiatives:initiative_edit", args=[draft.pk])).status_code == 404
    assert client.get(_detail(draft)).status_code == 404


def test_edit_page_of_a_submitted_initiative_is_refused(client, cast, staff):
    submitted = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)
    client.force_login(staff)

    assert (
        client.get(reverse("initiatives:initiative_edit", args=[submitted.pk])).status_code == 403
    )


def test_edit_saves_the_new_text(client, cast, staff):
    draft = make_initiative(None, cast.staff_person, status=InitiativeStatus.DRAFT)
    client.force_login(staff)

    response = client.post(
        reverse("initiatives:initiative_edit", args=[draft.pk]),
        _post_data(cast.staff_person, title="Tên đã sửa"),
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.title == "Tên đã sửa"


def test_area_suggestion_ticked_without_javascript_is_taken(client, org, cast, staff):
    areas = make_areas(org.root)
    client.force_login(staff)

    client.post(
        reverse("initiatives:initiative_create"),
        _post_data(cast.staff_person, area="", area_suggestion=str(areas[1].pk)),
    )

    assert Initiative.objects.get().area == areas[1]


# -- The page and its steps ----------------------------------------------------------------------


def test_detail_shows_authors_shares_history_and_the_screening_form_to_the_officer(
    client, cast, officer
):
    initiative = make_initiative(
        None,
        cast.staff_person,
        status=InitiativeStatus.SUBMITTED,
        co_authors=[("Lê Văn Cường", 25)],
    )
    client.force_login(officer)

    html = client.get(_detail(initiative)).content.decode()

    assert "Nguyễn Thị Hoa" in html
    assert "75 %" in html
    assert "25 %" in html
    assert "ngoài hệ thống" in html
    assert "Sàng lọc của đơn vị" in html
    assert "Đủ điều kiện xét" in html


def test_detail_hides_the_screening_form_from_the_author(client, cast, staff):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)
    client.force_login(staff)

    html = client.get(_detail(initiative)).content.decode()

    assert "Sàng lọc của đơn vị" not in html
    assert "Rút sáng kiến" in html


def test_screen_return_without_reason_shows_the_error(client, cast, officer):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)
    client.force_login(officer)

    response = client.post(
        reverse("initiatives:initiative_screen", args=[initiative.pk]),
        {"decision": "return", "reason": ""},
    )

    assert response.status_code == 400
    assert "Hãy ghi lý do trả lại để tác giả biết cần sửa gì." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED


def test_screen_admit_from_the_page(client, cast, officer):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)
    client.force_login(officer)

    response = client.post(
        reverse("initiatives:initiative_screen", args=[initiative.pk]), {"decision": "admit"}
    )

    initiative.refresh_from_db()
    assert response.status_code == 302
    assert initiative.status == InitiativeStatus.ADMITTED


def test_screen_by_the_author_is_forbidden(client, cast, staff):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)
    client.force_login(staff)

    response = client.post(
        reverse("initiatives:initiative_screen", args=[initiative.pk]), {"decision": "admit"}
    )

    assert response.status_code == 403


def test_withdraw_from_the_page(client, cast, staff):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)
    client.force_login(staff)

    client.post(reverse("initiatives:initiative_withdraw", args=[initiative.pk]), {"reason": ""})

    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.WITHDRAWN


def test_submit_from_the_page_when_a_duplicate_needs_an_explanation_goes_to_the_form(
    client, org, cast, staff
):
    from thidua.initiatives.services.similarity import refresh_fingerprint

    earlier = make_initiative(None, PersonFactory(unit=org.b1), year=YEAR - 1)
    refresh_fingerprint(earlier)
    draft = make_initiative(
        None, cast.staff_person, status=InitiativeStatus.DRAFT, title=earlier.title
    )
    client.force_login(staff)

    response = client.post(reverse("initiatives:initiative_submit", args=[draft.pk]))

    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("initiatives:initiative_edit", args=[draft.pk]) + "#giai-trinh"
    )


# -- Scope: another unit's initiative by page, step and file --------------------------------------


def test_another_units_officer_cannot_read_change_or_download(client, cast, outsider, staff):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.DRAFT)
    attachment = upload_attachment(
        initiative=initiative, upload=SimpleUploadedFile("a.pdf", PDF), by=staff
    ).attachment
    Initiative.objects.filter(pk=initiative.pk).update(status=InitiativeStatus.SUBMITTED)
    client.force_login(outsider)

    download = reverse("initiatives:attachment_download", args=[initiative.pk, attachment.pk])
    assert client.get(_detail(initiative)).status_code == 404
    assert client.get(download).status_code == 404
    assert (
        client.post(
            reverse("initiatives:initiative_screen", args=[initiative.pk]), {"decision": "admit"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("initiatives:initiative_withdraw", args=[initiative.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("initiatives:attachment_remove", args=[initiative.pk, attachment.pk])
        ).status_code
        == 404
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED
    assert Attachment.objects.count() == 1


def test_the_unit_officer_downloads_the_file(client, cast, officer, staff):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.DRAFT)
    attachment = upload_attachment(
        initiative=initiative, upload=SimpleUploadedFile("so-lieu.pdf", PDF), by=staff
    ).attachment
    Initiative.objects.filter(pk=initiative.pk).update(status=InitiativeStatus.SUBMITTED)
    client.force_login(officer)

    response = client.get(
        reverse("initiatives:attachment_download", args=[initiative.pk, attachment.pk])
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="so-lieu.pdf"' in response["Content-Disposition"]


def test_recognised_initiative_is_read_by_any_staff_without_internal_data(
    client, org, cast, colleague
):
    other = PersonFactory(unit=org.b1, full_name="Phạm Thu Trang")
    initiative = make_initiative(
        None, other, status=InitiativeStatus.RECOGNISED, screen_note="Ghi chú nội bộ của đơn vị"
    )
    client.force_login(colleague.user)

    html = client.get(_detail(initiative)).content.decode()

    assert initiative.title in html
    assert "Phạm Thu Trang" in html
    assert "Được công nhận cấp cơ sở" in html
    assert "sk-lich-su" not in html  # the history section (the menu has "Lịch sử khen thưởng")
    assert "Kiểm tra trùng lặp" not in html
    assert "Tệp đính kèm" not in html


def test_recognised_initiatives_files_are_not_served_to_public_readers(
    client, org, cast, colleague
):
    other = PersonFactory(unit=org.b1, full_name="Phạm Thu Trang")
    blob_user = UserFactory(username="b_author")
    initiative = make_initiative(None, other, status=InitiativeStatus.DRAFT, created_by=blob_user)
    attachment = upload_attachment(
        initiative=initiative, upload=SimpleUploadedFile("a.pdf", PDF), by=blob_user
    ).attachment
    Initiative.objects.filter(pk=initiative.pk).update(status=InitiativeStatus.RECOGNISED)
    client.force_login(colleague.user)

    response = client.get(
        reverse("initiatives:attachment_download", args=[initiative.pk, attachment.pk])
    )

    assert response.status_code == 404


# -- The authors editor's person search ---------------------------------------------------------


def test_author_search_finds_people_of_any_unit_without_diacritics(client, org, staff):
    PersonFactory(unit=org.b1, full_name="Phạm Thu Trang")
    client.force_login(staff)

    html = client.get(reverse("initiatives:author_search"), {"tim": "pham thu"}).content.decode()

    assert "Phạm Thu Trang" in html


def test_author_search_for_the_main_author_stays_in_the_officers_scope(client, org, officer):
    PersonFactory(unit=org.b1, full_name="Phạm Thu Trang")
    PersonFactory(unit=org.a2, full_name="Phạm Thu Hà")
    client.force_login(officer)

    html = client.get(
        reverse("initiatives:author_search"), {"tim": "pham thu", "chinh": "1"}
    ).content.decode()

    assert "Phạm Thu Hà" in html
    assert "Phạm Thu Trang" not in html


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_attachment_docx_accepted_and_a_zip_renamed_docx_refused(cast, staff):
    from thidua.core.errors import DomainError

    draft = make_initiative(None, cast.staff_person, status=InitiativeStatus.DRAFT)
    upload_attachment(initiative=draft, upload=SimpleUploadedFile("mo-ta.docx", _docx()), by=staff)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as package:
        package.writestr("x.txt", "x")

    with pytest.raises(DomainError) as refused:
        upload_attachment(
            initiative=draft, upload=SimpleUploadedFile("gia.docx", zipped.getvalue()), by=staff
        )

    assert refused.value.message == "Nội dung tệp không phải là tệp .docx như phần mở rộng của nó."


@pytest.mark.parametrize("count", [1, 6])
def test_detail_queries_do_not_grow_with_authors_files_and_history(
    client, cast, officer, staff, count, django_assert_num_queries
):
    from thidua.initiatives.tests.factories import make_action

    initiative = make_initiative(
        None,
        cast.staff_person,
        status=InitiativeStatus.DRAFT,
        co_authors=[(f"Đồng tác giả {index}", 5) for index in range(count)],
    )
    for index in range(count):
        upload_attachment(
            initiative=initiative,
            upload=SimpleUploadedFile(f"tep-{index}.pdf", PDF + str(index).encode()),
            by=staff,
        )
        make_action(initiative, by=staff, note=f"Bước {index}")
    Initiative.objects.filter(pk=initiative.pk).update(status=InitiativeStatus.SUBMITTED)
    client.force_login(officer)
    client.get(_detail(initiative))

    with django_assert_num_queries(11):
        response = client.get(_detail(initiative))

    assert response.status_code == 200
    assert len(response.context["attachments"]) == count


def test_officer_writes_for_a_person_of_the_unit(client, org, cast, officer):
    client.force_login(officer)

    page = client.get(reverse("initiatives:initiative_create")).content.decode()
    response = client.post(reverse("initiatives:initiative_create"), _post_data(cast.staff_person))

    assert f"{reverse('initiatives:author_search')}?chinh=1" in page
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert (initiative.unit, initiative.created_by) == (org.a1, officer)


def test_edit_page_shows_the_stored_authors_rows(client, cast, staff):
    draft = make_initiative(
        None,
        cast.staff_person,
        status=InitiativeStatus.DRAFT,
        co_authors=[("Lê Văn Cường", Decimal("12.5"))],
    )
    client.force_login(staff)

    html = client.get(reverse("initiatives:initiative_edit", args=[draft.pk])).content.decode()

    assert 'name="tac_gia-0-share" id="tac_gia-0-share" value="87,5"' in html
    assert 'value="Lê Văn Cường"' in html
    assert '<option value="ngoai" selected>Ngoài hệ thống</option>' in html
    assert "Tổng tỷ lệ: <strong data-share-total>100 %</strong>" in html
