"""API v1 writing a subject's inputs as the page's forms do — ratings, awards held (and revoked),
research, discipline, holds, maternity leave — through `services.inputs`: stored and audited,
Vietnamese refusals at their field with nothing written, another hospital's person, collective
or row a 404, a reader without the right to edit a 403."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.awards.models import (
    AwardRecord,
    DisciplineRecord,
    Hold,
    MaternityLeave,
    ResearchProject,
    YearlyRating,
)
from thidua.awards.tests.api_support import audited, delete, put
from thidua.conftest import Cast, Org
from thidua.organizations.models import Person
from thidua.organizations.tests.api_client import ApiClient
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

pytestmark = pytest.mark.usefixtures("rulebook")

NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}


@pytest.fixture(autouse=True)
def _setup(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def officer_b(org: Org) -> User:
    user = UserFactory(username="officer_b")
    grant(user, Role.UNIT_OFFICER, org.b)
    return user


@pytest.fixture
def person(org: Org) -> Person:
    return PersonFactory(unit=org.a1, full_name="Trần Văn Bình")  # member from 01/01/2020


@pytest.fixture
def api(cast: Cast) -> ApiClient:
    return ApiClient(cast[Role.UNIT_OFFICER])


# One body per kind, and the body of its edit (the path of each write is /awards/inputs/{kind}).
BODIES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "ratings": ({"year": 2024, "rating": "HTTNV"}, {"year": 2024, "rating": "HTXSNV"}),
    "awards": (
        {"award_code": "ldtt", "year": 2024, "decision_number": "12/QĐ-BVA"},
        {"award_code": "ldtt", "year": 2024, "decision_number": "15/QĐ-BVA"},
    ),
    "research": (
        {"title": "Cải tiến quy trình", "level": "base", "year": 2024},
        {"title": "Cải tiến quy trình cấp cứu", "level": "city", "year": 2024},
    ),
    "discipline": (
        {"form": "reprimand", "start": "2024-03-01"},
        {"form": "reprimand", "start": "2024-03-01", "end": "2024-12-31"},
    ),
    "holds": (
        {"kind": "inspection", "start": "2025-01-10"},
        {"kind": "inspection", "start": "2025-01-10", "end": "2025-06-30"},
    ),
    "maternity-leave": (
        {"start": "2024-01-01", "end": "2024-06-30"},
        {"start": "2024-01-01", "end": "2024-07-31"},
    ),
}
MODELS = {
    "ratings": YearlyRating,
    "awards": AwardRecord,
    "research": ResearchProject,
    "discipline": DisciplineRecord,
    "holds": Hold,
    "maternity-leave": MaternityLeave,
}


@pytest.mark.parametrize("kind", BODIES)
def test_a_person_s_input_is_created_changed_and_deleted_each_write_audited(
    person: Person, api: ApiClient, kind: str
) -> None:
    body, changed = BODIES[kind]

    created = api.post(f"/awards/people/{person.pk}/inputs/{kind}", body)
    row_id = created.json()["id"]
    read = api.get(f"/awards/people/{person.pk}/inputs").json()
    edited = put(api, f"/awards/inputs/{kind}/{row_id}", changed)
    removed = delete(api, f"/awards/inputs/{kind}/{row_id}")

    assert created.status_code == 201, created.json()
    assert edited.status_code == 200, edited.json()
    assert {k: edited.json()[k] for k in changed} == changed
    assert removed.status_code == 204
    assert not MODELS[kind].objects.exists()
    section = {"ratings": "ratings", "maternity-leave": "maternity_leave"}.get(kind, kind)
    assert [item["id"] for item in read[section]] == [row_id]
    assert [action for action, _ in audited(MODELS[kind], target_id=row_id)] == [
        "create",
        "update",
        "delete",
    ]


@pytest.mark.parametrize("kind", ["ratings", "awards", "holds"])
def test_a_collective_s_input_is_created_changed_and_deleted(
    org: Org, api: ApiClient, kind: str
) -> None:
    body, changed = BODIES[kind]
    if kind == "awards":
        body, changed = ({**b, "award_code": "ttldtt"} for b in (body, changed))

    created = api.post(f"/awards/units/{org.a1.pk}/inputs/{kind}", body)
    row_id = created.json()["id"]
    edited = put(api, f"/awards/inputs/{kind}/{row_id}", changed)
    removed = delete(api, f"/awards/inputs/{kind}/{row_id}")

    assert [r.status_code for r in (created, edited, removed)] == [201, 200, 204]
    assert MODELS[kind].objects.filter(pk=row_id).exists() is False
    assert [action for action, _ in audited(MODELS[kind], target_id=row_id)] == [
        "create",
        "update",
        "delete",
    ]


def test_person_only_inputs_have_no_collective_path(org: Org, api: ApiClient) -> None:
    for kind in ("research", "discipline", "maternity-leave"):
        response = api.post(f"/awards/units/{org.a1.pk}/inputs/{kind}", BODIES[kind][0])
        assert response.status_code == 404
    assert not ResearchProject.objects.exists()


def test_a_rating_for_a_year_without_membership_is_refused_at_the_year(
    person: Person, api: ApiClient
) -> None:
    response = api.post(
        f"/awards/people/{person.pk}/inputs/ratings", {"year": 2018, "rating": "HTTNV"}
    )

    assert (response.status_code, response.json()["field"]) == (400, "year")
    assert response.json()["detail"].startswith(f"Trần Văn Bình ({person.staff_code}) không có")
    assert "quá trình công tác nào trong năm 2018" in response.json()["detail"]
    assert not YearlyRating.objects.exists()


def test_a_second_rating_of_the_year_is_refused(person: Person, api: ApiClient) -> None:
    url = f"/awards/people/{person.pk}/inputs/ratings"
    api.post(url, {"year": 2024, "rating": "HTTNV"})

    response = api.post(url, {"year": 2024, "rating": "HTXSNV"})

    assert response.status_code == 400
    assert response.json()["detail"].endswith("đã có xếp loại năm 2024: hãy sửa bản ghi đó.")
    assert YearlyRating.objects.get().rating == "HTTNV"


def test_an_unknown_award_code_is_refused_at_its_field(person: Person, api: ApiClient) -> None:
    response = api.post(
        f"/awards/people/{person.pk}/inputs/awards", {"award_code": "khong-co", "year": 2024}
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "Mã danh hiệu, hình thức “khong-co” không có trong bộ quy tắc khen thưởng "
            "cho cá nhân.",
            "field": "award_code",
        },
    )


def test_an_end_before_the_start_is_refused_at_the_end(person: Person, api: ApiClient) -> None:
    response = api.post(
        f"/awards/people/{person.pk}/inputs/holds",
        {"kind": "inspection", "start": "2025-03-01", "end": "2025-01-01"},
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Ngày kết thúc phải từ ngày bắt đầu trở đi.", "field": "end"},
    )
    assert not Hold.objects.exists()


def test_a_value_outside_the_choices_is_refused_by_the_schema(
    person: Person, api: ApiClient
) -> None:
    response = api.post(
        f"/awards/people/{person.pk}/inputs/ratings", {"year": 2024, "rating": "GIOI"}
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "rating"
    assert error["msg"].startswith("Giá trị không hợp lệ; chỉ nhận:")


def test_an_award_is_revoked_with_its_reason_then_neither_edited_nor_deleted(
    person: Person, api: ApiClient
) -> None:
    row_id = api.post(
        f"/awards/people/{person.pk}/inputs/awards", {"award_code": "ldtt", "year": 2024}
    ).json()["id"]
    url = f"/awards/inputs/awards/{row_id}"

    empty = api.post(f"{url}/revoke", {"reason": "  "})
    revoked = api.post(f"{url}/revoke", {"reason": "Khai man thành tích."})
    edited = put(api, url, {"award_code": "ldtt", "year": 2023})
    deleted = delete(api, url)

    assert (empty.status_code, empty.json()["field"]) == (400, "reason")
    assert (revoked.status_code, revoked.json()["revoked"]) == (200, True)
    assert revoked.json()["revoked_reason"] == "Khai man thành tích."
    assert (edited.status_code, edited.json()["detail"]) == (
        400,
        "Danh hiệu, hình thức đã bị hủy bỏ: không sửa được.",
    )
    assert (deleted.status_code, deleted.json()["detail"]) == (
        400,
        "Danh hiệu, hình thức đã bị hủy bỏ được giữ trong lịch sử: không xóa được.",
    )
    assert AwardRecord.objects.get().year == 2024
    assert audited(AwardRecord, target_id=row_id) == [
        ("create", ""),
        ("update", "Khai man thành tích."),
    ]


def test_another_hospital_can_neither_read_nor_change_a_person_s_inputs(
    org: Org, person: Person, api: ApiClient, officer_b: User
) -> None:
    rating_id = api.post(
        f"/awards/people/{person.pk}/inputs/ratings", {"year": 2024, "rating": "HTTNV"}
    ).json()["id"]
    theirs = ApiClient(officer_b)

    answers = [
        theirs.get(f"/awards/people/{person.pk}/inputs"),
        theirs.post(f"/awards/people/{person.pk}/inputs/ratings", BODIES["ratings"][1]),
        theirs.post(f"/awards/people/{person.pk}/inputs/holds", BODIES["holds"][0]),
        theirs.post(f"/awards/units/{org.a1.pk}/inputs/ratings", BODIES["ratings"][0]),
        put(theirs, f"/awards/inputs/ratings/{rating_id}", BODIES["ratings"][1]),
        delete(theirs, f"/awards/inputs/ratings/{rating_id}"),
    ]

    assert [(a.status_code, a.json()) for a in answers] == [(404, NOT_FOUND)] * 6
    assert list(YearlyRating.objects.values_list("rating", flat=True)) == ["HTTNV"]
    assert not Hold.objects.exists()


def test_a_collective_s_award_of_another_hospital_is_404_to_revoke(
    org: Org, api: ApiClient, officer_b: User
) -> None:
    theirs_row = AwardRecord.objects.create(unit=org.b1, award_code="ttldtt", year=2024)

    response = api.post(f"/awards/inputs/awards/{theirs_row.pk}/revoke", {"reason": "Sai."})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    theirs_row.refresh_from_db()
    assert theirs_row.revoked is False


def test_a_reader_without_the_right_to_edit_gets_403(cast: Cast, person: Person) -> None:
    own = cast.staff_person
    staff = ApiClient(cast[Role.STAFF])
    head = ApiClient(cast[Role.UNIT_HEAD])

    mine = staff.post(f"/awards/people/{own.pk}/inputs/ratings", BODIES["ratings"][0])
    theirs = head.post(f"/awards/people/{person.pk}/inputs/ratings", BODIES["ratings"][0])

    assert (mine.status_code, mine.json()) == (
        403,
        {
            "detail": f"Bạn không có quyền nhập thông tin thi đua, khen thưởng của "
            f"{own.full_name} ({own.staff_code})."
        },
    )
    assert theirs.status_code == 403
    assert not YearlyRating.objects.exists()


def test_a_future_start_is_refused(person: Person, api: ApiClient) -> None:
    start = timezone.localdate() + dt.timedelta(days=40)

    response = api.post(
        f"/awards/people/{person.pk}/inputs/maternity-leave",
        {"start": start.isoformat(), "end": (start + dt.timedelta(days=180)).isoformat()},
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Ngày bắt đầu không được sau ngày hôm nay.", "field": "start"},
    )
