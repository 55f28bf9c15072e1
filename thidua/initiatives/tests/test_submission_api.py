"""API v1 of initiatives: list (scoped, filtered, searched), one initiative (its public part for
a recognised one), create a draft, update, authors (whole list with shares), submit with the
duplicate explanation, screen, withdraw, attachments (list, upload, download, remove); a user
of unit B can neither read nor change unit A's initiative."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.models import Attachment, Initiative
from thidua.initiatives.services.attachments import upload_attachment
from thidua.initiatives.services.similarity import refresh_fingerprint
from thidua.initiatives.tests.factories import make_initiative
from thidua.organizations.tests.api_client import API, ApiClient
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _fresh_similarity_index():
    from thidua.initiatives.selectors.similarity import forget_index

    forget_index()
    yield
    forget_index()


@pytest.fixture
def staff_api(cast):
    return ApiClient(cast[Role.STAFF])


@pytest.fixture
def officer_api(cast):
    return ApiClient(cast[Role.UNIT_OFFICER])


@pytest.fixture
def outsider_api(org):
    user = UserFactory(username="can_bo_b")
    grant(user, Role.UNIT_OFFICER, org.b)
    return ApiClient(user)


def _put(api, path, body):
    return api.client.put(
        API + path, json.dumps(body), content_type="application/json", headers=api.headers
    )


def _delete(api, path):
    return api.client.delete(API + path, headers=api.headers)


def _body(person, **changes):
    body = {
        "title": "Đặt lịch khám qua tin nhắn cho người bệnh mạn tính",
        "kind": "operational",
        "problem": "Người bệnh mạn tính phải đến sớm xếp hàng lấy số tái khám hằng tháng.",
        "solution": "Gửi tin nhắn hẹn giờ tái khám và bố trí quầy riêng cho người có hẹn.",
        "applied_where": "Khoa Nội A1",
        "applied_since": min(dt.date(YEAR, 1, 2), timezone.localdate()).isoformat(),
        "effect": "Thời gian chờ tái khám giảm từ 90 phút xuống 20 phút.",
        "authors": [{"person_id": person.pk, "share": "100"}],
    }
    body.update(changes)
    return body


def test_create_a_draft_and_read_it_back(cast, staff_api):
    response = staff_api.post("/initiatives", _body(cast.staff_person))

    assert response.status_code == 201
    data = response.json()
    assert data["code"] == f"SK-{YEAR}-00001"
    assert data["status"] == "draft"
    assert data["unit"]["code"] == "BV_A_K1"
    assert data["authors"] == [
        {
            "person_id": cast.staff_person.pk,
            "staff_code": cast.staff_person.staff_code,
            "name": "Nguyễn Thị Hoa",
            "workplace": "Khoa Nội A1",
            "is_external": False,
            "is_main": True,
            "share": "100.00",
        }
    ]
    assert data["can_edit"] is True


def test_create_with_shares_at_90_names_the_total(cast, staff_api):
    body = _body(
        cast.staff_person,
        authors=[
            {"person_id": cast.staff_person.pk, "share": "60"},
            {"external_name": "Lê Văn Cường", "external_workplace": "ĐH Y Hà Nội", "share": "30"},
        ],
    )

    response = staff_api.post("/initiatives", body)

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Tổng tỷ lệ đóng góp phải bằng 100 % (hiện là 90 %).",
        "field": "authors",
        "errors": {"authors": "Tổng tỷ lệ đóng góp phải bằng 100 % (hiện là 90 %)."},
    }
    assert Initiative.objects.count() == 0


def test_create_with_a_huge_text_is_refused_by_the_schema(cast, staff_api):
    response = staff_api.post("/initiatives", _body(cast.staff_person, solution="x" * 20_001))

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Không được dài quá 20000 ký tự."


def test_put_authors_names_the_row(cast, staff_api):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.DRAFT)

    response = _put(
        staff_api,
        f"/initiatives/{initiative.pk}/authors",
        [
            {"person_id": cast.staff_person.pk, "share": "80"},
            {"external_name": "", "external_workplace": "", "share": "20"},
        ],
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "authors.1.external_name": (
            "Hãy chọn cán bộ trong hệ thống hoặc nhập họ tên đồng tác giả ngoài hệ thống."
        )
    }


def test_put_authors_replaces_the_list(org, cast, staff_api):
    colleague = PersonFactory(unit=org.a2, full_name="Trần Văn Bình")
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.DRAFT)

    response = _put(
        staff_api,
        f"/initiatives/{initiative.pk}/authors",
        [
            {"person_id": cast.staff_person.pk, "share": "70"},
            {"person_id": colleague.pk, "share": "30"},
        ],
    )

    assert response.status_code == 200
    assert [(a["name"], a["share"]) for a in response.json()] == [
        ("Nguyễn Thị Hoa", "70.00"),
        ("Trần Văn Bình", "30.00"),
    ]


def test_update_the_text(cast, staff_api):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.DRAFT)
    body = _body(cast.staff_person, title="Tên đã sửa")
    del body["authors"]

    response = _put(staff_api, f"/initiatives/{initiative.pk}", body)

    assert response.status_code == 200
    assert response.json()["title"] == "Tên đã sửa"


def test_submit_needs_the_duplicate_explanation_then_accepts_it(org, cast, staff_api):
    earlier = make_initiative(None, PersonFactory(unit=org.b1), year=YEAR - 1)
    refresh_fingerprint(earlier)
    draft = make_initiative(
        None, cast.staff_person, status=InitiativeStatus.DRAFT, title=earlier.title
    )

    refused = staff_api.post(f"/initiatives/{draft.pk}/submit", {})
    accepted = staff_api.post(
        f"/initiatives/{draft.pk}/submit", {"duplicate_explanation": "Quy trình khác."}
    )

    assert refused.status_code == 400
    assert refused.json()["field"] == "duplicate_explanation"
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "submitted"
    assert [m["code"] for m in accepted.json()["duplicate_matches"]] == [earlier.code]


def test_submit_incomplete_lists_the_missing_fields(cast, staff_api):
    draft = make_initiative(None, cast.staff_person, status=InitiativeStatus.DRAFT, effect="")

    response = staff_api.post(f"/initiatives/{draft.pk}/submit", {})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "effect": "Hãy mô tả hiệu quả đo được (lợi ích kinh tế hoặc xã hội)."
    }


def test_screen_return_without_reason_then_admit(cast, officer_api):
    initiative = make_initiative(None, cast.staff_person)

    refused = officer_api.post(f"/initiatives/{initiative.pk}/screen", {"decision": "return"})
    admitted = officer_api.post(f"/initiatives/{initiative.pk}/screen", {"decision": "admit"})

    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "Hãy ghi lý do trả lại để tác giả biết cần sửa gì.",
        "field": "reason",
    }
    assert admitted.json()["status"] == "admitted"


def test_screen_by_the_author_is_forbidden(cast, staff_api):
    initiative = make_initiative(None, cast.staff_person)

    response = staff_api.post(f"/initiatives/{initiative.pk}/screen", {"decision": "admit"})

    assert response.status_code == 403


def test_withdraw(cast, staff_api):
    initiative = make_initiative(None, cast.staff_person)

    response = staff_api.post(f"/initiatives/{initiative.pk}/withdraw", {"reason": "Chưa đủ"})

    assert response.json()["status"] == "withdrawn"


def test_list_is_scoped_filtered_and_searched(org, cast, staff_api, officer_api, outsider_api):
    mine = make_initiative(None, cast.staff_person, title="Số hóa hồ sơ bệnh án")
    colleague = make_initiative(None, PersonFactory(unit=org.a2), title="Quầy tiếp đón")
    other = make_initiative(
        None, PersonFactory(unit=org.b1), status=InitiativeStatus.RECOGNISED, title="Tin nhắn"
    )

    def codes(api, params=None):
        return sorted(item["code"] for item in api.get("/initiatives", params).json()["items"])

    assert codes(staff_api) == [mine.code]
    assert codes(officer_api) == sorted([mine.code, colleague.code])
    assert codes(officer_api, {"q": "so hoa"}) == [mine.code]
    assert codes(outsider_api) == [other.code]
    assert codes(staff_api, {"scope": "recognised"}) == [other.code]
    assert codes(officer_api, {"status": "recognised"}) == []


def test_recognised_initiative_is_read_without_internal_data(org, cast, staff_api):
    other = make_initiative(
        None,
        PersonFactory(unit=org.b1),
        status=InitiativeStatus.RECOGNISED,
        screen_note="Ghi chú nội bộ",
        duplicate_explanation="Giải trình nội bộ",
    )

    data = staff_api.get(f"/initiatives/{other.pk}").json()

    assert data["public_only"] is True
    assert (data["screen_note"], data["duplicate_explanation"], data["submitted_at"]) == (
        "",
        "",
        None,
    )
    assert staff_api.get(f"/initiatives/{other.pk}/attachments").status_code == 404


def test_attachments_upload_list_download_remove(cast, staff_api):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.DRAFT)
    url = f"{API}/initiatives/{initiative.pk}/attachments"

    uploaded = staff_api.client.post(
        url,
        {"file": SimpleUploadedFile("so-lieu.pdf", PDF), "description": "Số liệu"},
        headers=staff_api.headers,
    )
    listed = staff_api.get(f"/initiatives/{initiative.pk}/attachments").json()
    download = staff_api.client.get(listed[0]["download_url"], headers=staff_api.headers)
    removed = _delete(staff_api, f"/initiatives/{initiative.pk}/attachments/{listed[0]['id']}")

    assert uploaded.status_code == 201
    assert uploaded.json()["also_in"] == []
    assert [(a["name"], a["description"], a["size"]) for a in listed] == [
        ("so-lieu.pdf", "Số liệu", len(PDF))
    ]
    assert b"".join(download.streaming_content) == PDF
    assert removed.status_code == 204
    assert Attachment.objects.count() == 0


def test_attachment_of_the_wrong_type_is_refused(cast, staff_api):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.DRAFT)

    response = staff_api.client.post(
        f"{API}/initiatives/{initiative.pk}/attachments",
        {"file": SimpleUploadedFile("anh.gif", b"GIF89a")},
        headers=staff_api.headers,
    )

    assert response.status_code == 400
    assert response.json()["field"] == "file"
    assert response.json()["detail"].startswith("Loại tệp “.gif” không được chấp nhận.")


def test_another_units_user_can_neither_read_nor_change(cast, staff_api, outsider_api):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.DRAFT)
    attachment = upload_attachment(
        initiative=initiative,
        upload=SimpleUploadedFile("a.pdf", PDF),
        by=cast[Role.STAFF],
    ).attachment
    Initiative.objects.filter(pk=initiative.pk).update(status=InitiativeStatus.SUBMITTED)
    base = f"/initiatives/{initiative.pk}"

    assert outsider_api.get(base).status_code == 404
    assert outsider_api.get(base + "/authors").status_code == 404
    assert outsider_api.get(base + "/attachments").status_code == 404
    assert outsider_api.get(f"{base}/attachments/{attachment.pk}/download").status_code == 404
    assert outsider_api.post(base + "/screen", {"decision": "admit"}).status_code == 404
    assert outsider_api.post(base + "/withdraw", {}).status_code == 404
    assert outsider_api.post(base + "/submit", {}).status_code == 404
    assert _put(outsider_api, base + "/authors", []).status_code == 404
    assert _delete(outsider_api, f"{base}/attachments/{attachment.pk}").status_code == 404
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED
    assert Attachment.objects.count() == 1


def test_staff_cannot_read_a_colleagues_draft(org, cast):
    colleague_user = UserFactory(username="dongnghiep")
    grant(colleague_user, Role.STAFF, org.a1, subtree=False)
    colleague = PersonFactory(unit=org.a1, user=colleague_user)
    draft = make_initiative(None, colleague, status=InitiativeStatus.DRAFT)

    response = ApiClient(cast[Role.STAFF]).get(f"/initiatives/{draft.pk}")

    assert response.status_code == 404


def test_other_initiative_routes_still_answer(cast, staff_api):
    response = staff_api.post("/initiatives/similar", {"title": "Đặt lịch khám"})

    assert response.status_code == 200
    assert Decimal(str(response.json()["threshold"])) > 0
