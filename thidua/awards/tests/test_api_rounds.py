"""API v1 of eligibility, rounds, nominations and disclosure feedback, with bearer tokens: scoped
as the pages (a unit reads its own, the department all; another hospital's is a 404), refusals
of the services as 400 JSON with their Vietnamese message, never a 500; list query counts
pinned."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.awards.enums import NominationStatus, RoundStatus
from thidua.awards.models import AwardRound, DisclosureFeedback, Nomination, YearlyRating
from thidua.awards.services.nominations import create_nomination, submit_nomination
from thidua.awards.tests.rounds_support import (
    People,
    attach_dossier,
    make_people,
    make_round,
)
from thidua.conftest import Cast, Org
from thidua.organizations.tests.api_client import API, ApiClient
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

pytestmark = pytest.mark.usefixtures("rulebook")

NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}
FORBIDDEN_PREFIX = "Bạn không có quyền"


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def officer_b(org: Org) -> User:
    user = UserFactory(username="officer_b")
    grant(user, Role.UNIT_OFFICER, org.b)
    return user


@pytest.fixture
def people(org: Org) -> People:
    return make_people(org)


def _sent(org: Org, cast: Cast, person: Any, round_: AwardRound) -> Nomination:
    officer = cast[Role.UNIT_OFFICER]
    item = create_nomination(
        by=officer, round_=round_, unit=org.a, award_code="ldtt", person=person
    )
    attach_dossier(item, by=officer)
    return submit_nomination(by=officer, nomination=item)


# -- Eligibility ---------------------------------------------------------------------------------


def test_bulk_eligibility_lists_the_scope_with_every_rule_and_its_citation(
    org: Org, cast: Cast, people: People, django_assert_max_num_queries: Any
) -> None:
    api = ApiClient(cast[Role.UNIT_OFFICER])

    with django_assert_max_num_queries(16):
        response = api.get("/awards/eligibility", {"nam": 2024, "danh_hieu": "ldtt"})

    body = response.json()
    rows = {(r["name"], r["evaluation"]["eligible"]) for r in body["items"]}
    assert response.status_code == 200
    assert rows == {
        ("Nguyễn Thị Hoa Xuân", True),
        ("Trần Văn Bình", True),
        ("Lê Văn Cường", False),
        ("Nguyễn Thị Hoa", False),  # the cast's staff member, not rated
    }
    weak = next(r for r in body["items"] if r["name"] == "Lê Văn Cường")
    assert weak["evaluation"]["rules"][0]["passed"] is False
    assert weak["evaluation"]["rules"][0]["citation"] == "Luật 06/2022/QH15"
    assert weak["evaluation"]["rulebook_version"] == "Thử nghiệm 2000"


def test_bulk_eligibility_queries_do_not_grow_with_the_page(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    for _ in range(40):
        YearlyRating.objects.create(person=PersonFactory(unit=org.a1), year=2024, rating="HTTNV")
    api = ApiClient(cast[Role.UNIT_OFFICER])

    with django_assert_max_num_queries(16):
        response = api.get("/awards/eligibility", {"nam": 2024, "danh_hieu": "ldtt", "limit": 30})

    assert (len(response.json()["items"]), response.json()["count"]) == (30, 41)


def test_bulk_eligibility_of_collectives_within_a_unit(org: Org, cast: Cast) -> None:
    YearlyRating.objects.create(unit=org.a1, year=2024, rating="HTTNV")

    response = ApiClient(cast[Role.DEPT_OFFICER]).get(
        "/awards/eligibility", {"nam": 2024, "danh_hieu": "ttldtt", "don_vi": org.a.pk}
    )

    assert [
        (r["subject"], r["name"], r["evaluation"]["eligible"]) for r in response.json()["items"]
    ] == [
        ("unit", "Bệnh viện A", False),
        ("unit", "Khoa Nội A1", True),
        ("unit", "Khoa Ngoại A2", False),
    ]


def test_bulk_eligibility_within_another_hospital_is_404(org: Org, cast: Cast) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).get(
        "/awards/eligibility", {"nam": 2024, "danh_hieu": "ldtt", "don_vi": org.b.pk}
    )

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_bulk_eligibility_of_an_unknown_award_is_refused_with_a_message(cast: Cast) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).get(
        "/awards/eligibility", {"nam": 2024, "danh_hieu": "khong-co"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Bộ quy tắc Thử nghiệm 2000 không có danh hiệu, hình thức “khong-co”.",
        "field": "danh_hieu",
    }


def test_eligibility_needs_the_right(cast: Cast) -> None:
    response = ApiClient(cast[Role.STAFF]).get(
        "/awards/eligibility", {"nam": 2024, "danh_hieu": "ldtt"}
    )

    assert response.status_code == 403


def test_eligibility_of_a_person_judges_every_individual_award(cast: Cast, people: People) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).get(
        f"/awards/eligibility/people/{people.fair.pk}", {"nam": 2024}
    )

    body = response.json()
    assert response.status_code == 200
    assert [(e["award_code"], e["eligible"]) for e in body["evaluations"]] == [
        ("ldtt", True),
        ("cstdcs", False),
    ]
    assert body["evaluations"][1]["rules"][0]["facts_used"] != {}


def test_eligibility_of_a_person_of_another_hospital_is_404(cast: Cast, people: People) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).get(
        f"/awards/eligibility/people/{people.other_branch.pk}", {"nam": 2024, "danh_hieu": "ldtt"}
    )

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_eligibility_of_a_unit_for_an_individual_award_is_refused(org: Org, cast: Cast) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).get(
        f"/awards/eligibility/units/{org.a1.pk}", {"nam": 2024, "danh_hieu": "ldtt"}
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "“Lao động tiên tiến” không dành cho tập thể."


def test_eligibility_of_a_unit(org: Org, cast: Cast) -> None:
    YearlyRating.objects.create(unit=org.a1, year=2024, rating="HTXSNV")

    response = ApiClient(cast[Role.UNIT_OFFICER]).get(
        f"/awards/eligibility/units/{org.a1.pk}", {"nam": 2024, "danh_hieu": "ttldtt"}
    )

    assert [(e["award_code"], e["eligible"]) for e in response.json()["evaluations"]] == [
        ("ttldtt", True)
    ]


# -- Rounds --------------------------------------------------------------------------------------


def test_rounds_list_hides_drafts_from_units_and_pins_queries(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    make_round(org, name="Đợt mở")
    make_round(org, name="Đợt đang soạn", status=RoundStatus.DRAFT)
    unit_api = ApiClient(cast[Role.UNIT_OFFICER])

    with django_assert_max_num_queries(6):
        mine = unit_api.get("/awards/rounds").json()
    department = ApiClient(cast[Role.DEPT_OFFICER]).get("/awards/rounds").json()

    assert [r["name"] for r in mine["items"]] == ["Đợt mở"]
    assert [r["name"] for r in department["items"]] == ["Đợt đang soạn", "Đợt mở"]


def test_rounds_need_the_right(cast: Cast) -> None:
    assert ApiClient(cast[Role.STAFF]).get("/awards/rounds").status_code == 403


def test_rounds_need_credentials() -> None:
    response = Client().get(API + "/awards/rounds")

    assert response.status_code == 401


def test_a_draft_round_is_404_for_a_unit(org: Org, cast: Cast) -> None:
    round_ = make_round(org, status=RoundStatus.DRAFT)

    response = ApiClient(cast[Role.UNIT_OFFICER]).get(f"/awards/rounds/{round_.pk}")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_round_detail_with_awards_units_and_counts(org: Org, cast: Cast, people: People) -> None:
    round_ = make_round(org)
    _sent(org, cast, people.fair, round_)

    body = ApiClient(cast[Role.UNIT_OFFICER]).get(f"/awards/rounds/{round_.pk}").json()

    assert [a["name"] for a in body["awards"]] == [
        "Lao động tiên tiến",
        "Chiến sĩ thi đua cơ sở",
        "Tập thể lao động tiên tiến",
    ]
    assert [u["name"] for u in body["my_units"]] == ["Bệnh viện A"]
    assert (body["counts"], body["manages"], body["status"]) == ({"submitted": 1}, False, "open")


# -- Nominations ---------------------------------------------------------------------------------


def test_nominations_a_unit_reads_its_own_the_department_all(
    org: Org,
    cast: Cast,
    people: People,
    officer_b: User,
    django_assert_max_num_queries: Any,
) -> None:
    round_ = make_round(org)
    _sent(org, cast, people.fair, round_)
    create_nomination(
        by=officer_b, round_=round_, unit=org.b, award_code="ldtt", person=people.other_branch
    )
    url = f"/awards/rounds/{round_.pk}/nominations"
    api_a = ApiClient(cast[Role.UNIT_OFFICER])

    with django_assert_max_num_queries(8):
        mine = api_a.get(url).json()
    theirs = ApiClient(officer_b).get(url).json()
    department = ApiClient(cast[Role.DEPT_OFFICER]).get(url, {"status": "submitted"}).json()

    assert [n["subject"]["name"] for n in mine["items"]] == ["Trần Văn Bình"]
    assert [n["subject"]["name"] for n in theirs["items"]] == ["Phạm Thị Dung"]
    assert [n["subject"]["name"] for n in department["items"]] == ["Trần Văn Bình"]


def test_nominations_list_queries_do_not_grow_with_rows(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    round_ = make_round(org)
    for _ in range(20):
        person = PersonFactory(unit=org.a1)
        YearlyRating.objects.create(person=person, year=2024, rating="HTTNV")
        Nomination.objects.create(round=round_, unit=org.a, person=person, award_code="ldtt")
    api = ApiClient(cast[Role.DEPT_OFFICER])

    with django_assert_max_num_queries(8):
        response = api.get(f"/awards/rounds/{round_.pk}/nominations")

    assert response.json()["count"] == 20


def test_unit_b_gets_404_on_a_nomination_of_unit_a(
    org: Org, cast: Cast, people: People, officer_b: User
) -> None:
    item = _sent(org, cast, people.fair, make_round(org))

    response = ApiClient(officer_b).get(f"/awards/nominations/{item.pk}")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_unit_b_cannot_submit_a_nomination_of_unit_a(
    org: Org, cast: Cast, people: People, officer_b: User
) -> None:
    round_ = make_round(org)
    item = create_nomination(
        by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.a, award_code="ldtt", person=people.fair
    )

    response = ApiClient(officer_b).post(f"/awards/nominations/{item.pk}/submit", {})

    item.refresh_from_db()
    assert response.status_code == 404
    assert item.status == NominationStatus.DRAFT


def test_nomination_detail_with_the_snapshot_and_the_dossier(
    org: Org, cast: Cast, people: People
) -> None:
    item = _sent(org, cast, people.fair, make_round(org))

    body = ApiClient(cast[Role.UNIT_OFFICER]).get(f"/awards/nominations/{item.pk}").json()

    assert (body["status"], body["status_label"]) == ("submitted", "Đã gửi, chờ thẩm định")
    assert body["evaluation"]["eligible"] is True
    assert body["evaluation"]["rules"][0]["citation"] == "Luật 06/2022/QH15"
    assert [a["kind"] for a in body["attachments"]] == ["achievement_report", "proposal"]
    assert [h["kind"] for h in body["history"]] == ["create", "submit"]


def test_create_then_submit_through_the_api(org: Org, cast: Cast, people: People) -> None:
    round_ = make_round(org)
    api = ApiClient(cast[Role.UNIT_OFFICER])

    created = api.post(
        f"/awards/rounds/{round_.pk}/nominations",
        {"unit_id": org.a.pk, "award_code": "ldtt", "person_id": people.good.pk},
    )
    item = Nomination.objects.get()
    refused = api.post(f"/awards/nominations/{item.pk}/submit", {})
    attach_dossier(item, by=cast[Role.UNIT_OFFICER])
    sent = api.post(f"/awards/nominations/{item.pk}/submit", {})

    assert (created.status_code, created.json()["status"]) == (201, "draft")
    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        "Hồ sơ đề nghị của Nguyễn Thị Hoa Xuân còn thiếu: Tờ trình (Mẫu số 01), Báo cáo thành tích."
    )
    assert (sent.status_code, sent.json()["status"]) == (200, "submitted")


def test_create_for_a_person_of_another_hospital_is_refused(
    org: Org, cast: Cast, people: People
) -> None:
    round_ = make_round(org)

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/awards/rounds/{round_.pk}/nominations",
        {"unit_id": org.a.pk, "award_code": "ldtt", "person_id": people.other_branch.pk},
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Phạm Thị Dung không thuộc Bệnh viện A: đơn vị chỉ đề nghị khen thưởng cá "
        "nhân, tập thể của mình.",
        "field": "person_id",
    }
    assert Nomination.objects.count() == 0


def test_create_as_another_hospital_is_404(org: Org, cast: Cast, people: People) -> None:
    round_ = make_round(org)

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/awards/rounds/{round_.pk}/nominations",
        {"unit_id": org.b.pk, "award_code": "ldtt", "person_id": people.other_branch.pk},
    )

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_a_duplicate_nomination_is_refused(org: Org, cast: Cast, people: People) -> None:
    round_ = make_round(org)
    _sent(org, cast, people.fair, round_)

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/awards/rounds/{round_.pk}/nominations",
        {"unit_id": org.a.pk, "award_code": "ldtt", "person_id": people.fair.pk},
    )

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Trần Văn Bình đã có trong đợt xét với “Lao động tiên tiến” (do Bệnh viện A đề nghị)."
    )
    assert Nomination.objects.count() == 1


def test_a_nomination_past_the_deadline_is_refused(org: Org, cast: Cast, people: People) -> None:
    round_ = make_round(org, nomination_deadline=timezone.localdate() - dt.timedelta(days=1))

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/awards/rounds/{round_.pk}/nominations",
        {"unit_id": org.a.pk, "award_code": "ldtt", "person_id": people.fair.pk},
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Đã quá hạn gửi đề nghị của đợt xét (hết ngày ")


def test_a_failing_candidate_without_justification_is_refused(
    org: Org, cast: Cast, people: People
) -> None:
    round_ = make_round(org)
    url = f"/awards/rounds/{round_.pk}/nominations"
    api = ApiClient(cast[Role.UNIT_OFFICER])
    body = {"unit_id": org.a.pk, "award_code": "ldtt", "person_id": people.weak.pk}

    refused = api.post(url, body)
    accepted = api.post(url, {**body, "justification": "Thành tích đột xuất trong cấp cứu."})

    assert refused.status_code == 400
    assert refused.json()["field"] == "justification"
    assert refused.json()["detail"].endswith("chỉ đề nghị được khi có giải trình bằng văn bản.")
    assert accepted.status_code == 201
    assert accepted.json()["override_justification"] == "Thành tích đột xuất trong cấp cứu."
    assert accepted.json()["eligible"] is False


def test_two_subjects_at_once_are_refused_by_the_schema(
    org: Org, cast: Cast, people: People
) -> None:
    round_ = make_round(org)

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/awards/rounds/{round_.pk}/nominations",
        {
            "unit_id": org.a.pk,
            "award_code": "ldtt",
            "person_id": people.fair.pk,
            "subject_unit_id": org.a1.pk,
        },
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "Chọn đúng một đối tượng: person_id (cá nhân) hoặc subject_unit_id (tập thể)."
    )


def test_an_override_without_justification_is_refused_at_checking(
    org: Org, cast: Cast, people: People
) -> None:
    item = _sent(org, cast, people.fair, make_round(org))
    api = ApiClient(cast[Role.DEPT_OFFICER])

    refused = api.post(f"/awards/nominations/{item.pk}/accept-with-override", {})
    accepted = api.post(
        f"/awards/nominations/{item.pk}/accept-with-override",
        {"justification": "Hội đồng cơ sở đã xác nhận thành tích."},
    )

    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        "Chấp nhận đối tượng chưa đủ điều kiện phải có giải trình bằng văn bản."
    )
    assert accepted.json()["status"] == "accepted_with_override"
    assert accepted.json()["check_evaluation"]["eligible"] is True


def test_a_unit_officer_cannot_accept(org: Org, cast: Cast, people: People) -> None:
    item = _sent(org, cast, people.fair, make_round(org))

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(f"/awards/nominations/{item.pk}/accept", {})

    item.refresh_from_db()
    assert response.status_code == 403
    assert response.json()["detail"].startswith(FORBIDDEN_PREFIX)
    assert item.status == NominationStatus.SUBMITTED


def test_the_department_returns_with_a_reason(org: Org, cast: Cast, people: People) -> None:
    item = _sent(org, cast, people.fair, make_round(org))
    api = ApiClient(cast[Role.DEPT_OFFICER])

    refused = api.post(f"/awards/nominations/{item.pk}/return", {"reason": "  "})
    returned = api.post(f"/awards/nominations/{item.pk}/return", {"reason": "Thiếu minh chứng."})

    assert refused.json()["detail"] == "Nhập lý do trả lại để đơn vị biết cần sửa gì."
    assert (returned.json()["status"], returned.json()["return_reason"]) == (
        "returned",
        "Thiếu minh chứng.",
    )


# -- Disclosure feedback -------------------------------------------------------------------------


def _disclosed(org: Org, people: People, *, public: bool) -> tuple[AwardRound, Nomination]:
    round_ = make_round(
        org,
        status=RoundStatus.DISCLOSURE,
        disclosure_start=timezone.localdate(),
        disclosure_public=public,
    )
    item = Nomination.objects.create(
        round=round_,
        unit=org.a,
        person=people.weak,
        award_code="ldtt",
        status=NominationStatus.ACCEPTED_WITH_OVERRIDE,
        eligible=False,
        override_justification="Thành tích đột xuất trong cấp cứu.",
    )
    return round_, item


def _post_public(round_: AwardRound, body: dict[str, Any]) -> Any:
    return Client().post(
        f"{API}/awards/rounds/{round_.pk}/feedback", body, content_type="application/json"
    )


def test_public_feedback_needs_no_login(org: Org, people: People) -> None:
    round_, item = _disclosed(org, people, public=True)

    response = _post_public(
        round_, {"text": "Đề nghị làm rõ thành tích cấp cứu.", "nomination_id": item.pk}
    )

    saved = DisclosureFeedback.objects.get()
    assert response.status_code == 201
    assert response.json()["id"] == saved.pk
    assert (saved.channel, saved.nomination_id) == ("public", item.pk)


def test_public_feedback_on_an_intranet_only_round_is_404(org: Org, people: People) -> None:
    round_, _item = _disclosed(org, people, public=False)

    response = _post_public(round_, {"text": "Đề nghị làm rõ thành tích cấp cứu."})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_public_feedback_too_short_is_refused(org: Org, people: People) -> None:
    round_, _item = _disclosed(org, people, public=True)

    response = _post_public(round_, {"text": "Ngắn."})

    assert response.status_code == 400
    assert response.json() == {"detail": "Ý kiến cần ít nhất 10 ký tự.", "field": "text"}


def test_public_feedback_outside_the_period_is_refused(org: Org, people: People) -> None:
    round_, _item = _disclosed(org, people, public=True)
    AwardRound.objects.filter(pk=round_.pk).update(disclosure_start=dt.date(2025, 3, 3))

    response = _post_public(round_, {"text": "Đề nghị làm rõ thành tích cấp cứu."})

    assert response.json()["detail"] == (
        "Đợt xét không trong thời gian công khai: không nhận ý kiến."
    )


def test_public_feedback_is_rate_limited_per_address(org: Org, people: People) -> None:
    round_, _item = _disclosed(org, people, public=True)

    statuses = [
        _post_public(round_, {"text": f"Ý kiến thứ {n} về danh sách."}).status_code
        for n in range(6)
    ]
    last = _post_public(round_, {"text": "Ý kiến thứ bảy về danh sách."})

    assert statuses == [201, 201, 201, 201, 201, 400]
    assert last.json()["detail"] == (
        "Bạn đã gửi nhiều ý kiến trong một giờ qua. Xin vui lòng thử lại sau."
    )
    assert DisclosureFeedback.objects.count() == 5


def test_feedback_list_with_answers_and_pinned_queries(
    org: Org, cast: Cast, people: People, django_assert_max_num_queries: Any
) -> None:
    round_, item = _disclosed(org, people, public=True)
    for n in range(5):
        DisclosureFeedback.objects.create(round=round_, nomination=item, text=f"Ý kiến số {n}.")
    first = DisclosureFeedback.objects.order_by("id").first()
    assert first is not None
    department = ApiClient(cast[Role.DEPT_OFFICER])
    answered = department.post(
        f"/awards/feedback/{first.pk}/answer", {"answer": "Đã xác minh với bệnh viện."}
    )

    with django_assert_max_num_queries(8):
        response = department.get(f"/awards/rounds/{round_.pk}/feedback")

    rows = response.json()["items"]
    assert answered.json()["answer"] == "Đã xác minh với bệnh viện."
    assert [(r["text"], r["answer"]) for r in rows[:2]] == [
        ("Ý kiến số 0.", "Đã xác minh với bệnh viện."),
        ("Ý kiến số 1.", ""),
    ]
    assert rows[0]["nomination_subject"] == "Lê Văn Cường"


def test_a_unit_officer_cannot_answer_feedback(org: Org, cast: Cast, people: People) -> None:
    round_, _item = _disclosed(org, people, public=True)
    feedback = DisclosureFeedback.objects.create(round=round_, text="Một ý kiến cần trả lời.")

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        f"/awards/feedback/{feedback.pk}/answer", {"answer": "Không được."}
    )

    feedback.refresh_from_db()
    assert response.status_code == 403
    assert feedback.answer == ""


def test_feedback_of_a_round_another_hospital_cannot_read_is_404(org: Org, people: People) -> None:
    round_, _item = _disclosed(org, people, public=True)
    outsider = UserFactory(username="outsider")
    grant(outsider, Role.UNIT_OFFICER, org.b1)
    AwardRound.objects.filter(pk=round_.pk).update(organiser=org.a)

    response = ApiClient(outsider).get(f"/awards/rounds/{round_.pk}/feedback")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
