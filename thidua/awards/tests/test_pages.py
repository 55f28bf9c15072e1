"""Pages: scope (404 across units, 403 without the right), refusals as messages, pinned queries."""

import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from thidua.accounts.roles import Role
from thidua.awards.models import AwardRecord, RulebookVersion, YearlyRating
from thidua.awards.tests.support import small_rulebook
from thidua.conftest import Cast, Org
from thidua.organizations.models import Person
from thidua.organizations.tests.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("rulebook")
# The answer's badge on each subject of the eligibility page.
YES = 'text-bg-success">Đủ điều kiện<'
NO = 'text-bg-danger">Chưa đủ điều kiện<'


@pytest.fixture(autouse=True)
def _no_second_factor(settings: Any) -> None:
    """Department roles sign in with a second factor; these tests are about the pages."""
    settings.THIDUA_2FA_REQUIRED = False


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_person_page_shows_inputs_to_unit_officer(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1, full_name="Trần Văn Bình")
    YearlyRating.objects.create(person=person, year=2024, rating="HTXSNV")

    response = _client(cast[Role.UNIT_OFFICER]).get(reverse("awards:person", args=[person.pk]))

    assert response.status_code == 200
    assert "Hoàn thành xuất sắc nhiệm vụ" in response.content.decode()


def test_person_page_of_another_branch_is_404(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.b1)

    response = _client(cast[Role.UNIT_OFFICER]).get(reverse("awards:person", args=[person.pk]))

    assert response.status_code == 404


def test_staff_reads_own_page_but_cannot_add(org: Org, cast: Cast) -> None:
    client = _client(cast[Role.STAFF])
    person = cast.staff_person

    page = client.get(reverse("awards:person", args=[person.pk]))
    add = client.get(reverse("awards:person_add", args=[person.pk, "xep-loai"]))

    assert (page.status_code, add.status_code) == (200, 403)


def test_unit_head_cannot_add_a_rating(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)

    response = _client(cast[Role.UNIT_HEAD]).post(
        reverse("awards:person_add", args=[person.pk, "xep-loai"]),
        {"year": 2024, "rating": "HTTNV"},
    )

    assert response.status_code == 403
    assert YearlyRating.objects.count() == 0


def test_add_rating_for_year_without_membership_shows_the_message(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)

    response = _client(cast[Role.UNIT_OFFICER]).post(
        reverse("awards:person_add", args=[person.pk, "xep-loai"]),
        {"year": 2015, "rating": "HTTNV"},
    )

    assert response.status_code == 200
    assert "không có quá trình công tác nào trong năm 2015" in response.content.decode()
    assert YearlyRating.objects.count() == 0


def test_add_award_through_the_form(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)

    response = _client(cast[Role.UNIT_OFFICER]).post(
        reverse("awards:person_add", args=[person.pk, "khen-thuong"]),
        {"award_code": "ldtt", "year": 2024, "decision_number": "12/QĐ-BVA", "thematic": "on"},
    )

    assert response.status_code == 302
    assert list(AwardRecord.objects.values_list("award_code", "year", "thematic")) == [
        ("ldtt", 2024, True)
    ]


def test_edit_of_another_branch_row_is_404(org: Org, cast: Cast) -> None:
    row = YearlyRating.objects.create(person=PersonFactory(unit=org.b1), year=2024, rating="HTTNV")

    response = _client(cast[Role.UNIT_OFFICER]).post(
        reverse("awards:input_delete", args=["xep-loai", row.pk])
    )

    assert response.status_code == 404
    assert YearlyRating.objects.count() == 1


def test_eligibility_page_lists_each_rule_with_citation(
    org: Org, cast: Cast, django_assert_max_num_queries: object
) -> None:
    people = [PersonFactory(unit=org.a1) for _ in range(5)]
    YearlyRating.objects.create(person=people[0], year=2024, rating="HTXSNV")
    client = _client(cast[Role.UNIT_OFFICER])
    url = reverse("awards:eligibility") + "?nam=2024&danh_hieu=ldtt"

    with django_assert_max_num_queries(25):  # type: ignore[operator]
        response = client.get(url)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count(YES) == 1
    assert body.count(NO) == 5  # four of these and the cast's staff member
    assert "Luật 06/2022/QH15" in body


def test_eligibility_query_count_does_not_grow_with_people(
    org: Org, cast: Cast, django_assert_max_num_queries: object
) -> None:
    for _ in range(40):
        YearlyRating.objects.create(person=PersonFactory(unit=org.a2), year=2024, rating="HTTNV")
    client = _client(cast[Role.UNIT_OFFICER])

    with django_assert_max_num_queries(25):  # type: ignore[operator]
        response = client.get(reverse("awards:eligibility") + "?nam=2024&danh_hieu=ldtt")

    assert response.content.decode().count(YES) == 40


def test_eligibility_of_another_branch_unit_is_404(org: Org, cast: Cast) -> None:
    response = _client(cast[Role.UNIT_OFFICER]).get(
        reverse("awards:eligibility") + f"?nam=2024&danh_hieu=ldtt&don_vi={org.b.pk}"
    )

    assert response.status_code == 404


def test_eligibility_without_right_is_403(cast: Cast) -> None:
    response = _client(cast[Role.REVIEWER]).get(reverse("awards:eligibility"))

    assert response.status_code == 403


def test_rulebook_upload_shows_every_problem(cast: Cast) -> None:
    data = small_rulebook("2031", "2031-01-01")
    data["base_salary"] = "0"
    upload = SimpleUploadedFile("bo.json", json.dumps(data).encode(), "application/json")

    response = _client(cast[Role.SYSTEM_ADMIN]).post(
        reverse("awards:rulebook_upload"), {"file": upload}
    )

    assert response.status_code == 200
    assert "Mức lương cơ sở phải lớn hơn 0." in response.content.decode()
    assert not RulebookVersion.objects.filter(label="2031").exists()


def test_rulebook_upload_then_publish(cast: Cast) -> None:
    client = _client(cast[Role.SYSTEM_ADMIN])
    upload = SimpleUploadedFile(
        "bo.json", json.dumps(small_rulebook("2031", "2031-01-01")).encode(), "application/json"
    )

    client.post(reverse("awards:rulebook_upload"), {"file": upload})
    version = RulebookVersion.objects.get(label="2031")
    client.post(reverse("awards:rulebook_publish", args=[version.pk]))
    version.refresh_from_db()

    assert version.is_published


def test_rulebook_upload_by_dept_officer_is_403(cast: Cast) -> None:
    response = _client(cast[Role.DEPT_OFFICER]).get(reverse("awards:rulebook_upload"))

    assert response.status_code == 403


def test_rulebook_detail_shows_citations(cast: Cast, django_assert_max_num_queries: object) -> None:
    version = RulebookVersion.objects.get(label="2025.1")
    client = _client(cast[Role.UNIT_OFFICER])

    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(reverse("awards:rulebook_detail", args=[version.pk]))

    assert response.status_code == 200
    assert "Chiến sĩ thi đua cơ sở" in response.content.decode()


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã cán bộ", "Mã đơn vị (tập thể)", "Năm", "Xếp loại", "Ghi chú"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("xep-loai.xlsx", buffer.getvalue())


def test_import_with_a_bad_row_writes_nothing(org: Org, cast: Cast) -> None:
    good = PersonFactory(unit=org.a1)
    other = PersonFactory(unit=org.b1)

    response = _client(cast[Role.UNIT_OFFICER]).post(
        reverse("awards:import", args=["xep-loai"]),
        {
            "file": _xlsx(
                [
                    [good.staff_code, None, 2024, "HTXSNV", ""],
                    [other.staff_code, None, 2024, "HTTNV", ""],
                    [good.staff_code, None, 2024, "XYZ", ""],
                    [None, "BV_A", 2024, "HTTNV", ""],
                ]
            )
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "ngoài phạm vi bạn được nhập" in body
    assert "Xếp loại: phải là một trong" in body
    assert YearlyRating.objects.count() == 0


def test_import_writes_every_row_and_updates_existing(org: Org, cast: Cast) -> None:
    people = [PersonFactory(unit=org.a1) for _ in range(3)]
    YearlyRating.objects.create(person=people[0], year=2024, rating="HTNV")

    response = _client(cast[Role.UNIT_OFFICER]).post(
        reverse("awards:import", args=["xep-loai"]),
        {
            "file": _xlsx(
                [[p.staff_code, None, 2024, "HTTNV", ""] for p in people]
                + [[None, "BV_A", 2024, "HTXSNV", ""]]
            )
        },
    )

    assert response.status_code == 302
    assert sorted(YearlyRating.objects.values_list("rating", flat=True)) == [
        "HTTNV",
        "HTTNV",
        "HTTNV",
        "HTXSNV",
    ]
    assert Person.objects.count() == 4  # cast's staff person + 3


def test_menu_gives_every_user_their_award_history_and_officers_the_eligibility(
    org: Org, cast: Cast
) -> None:
    menus = {}
    for role in (Role.STAFF, Role.DEPT_OFFICER):
        client = Client()
        client.force_login(cast[role])
        menus[role] = client.get(reverse("home")).content.decode()

    assert reverse("awards:history") in menus[Role.STAFF]
    assert reverse("awards:eligibility") not in menus[Role.STAFF]
    assert reverse("awards:councils") not in menus[Role.STAFF]  # it would answer 403
    assert reverse("awards:history") in menus[Role.DEPT_OFFICER]
    assert reverse("awards:eligibility") in menus[Role.DEPT_OFFICER]
    assert reverse("awards:councils") in menus[Role.DEPT_OFFICER]


def _eligibility(client: Client, query: str) -> Any:
    return client.get(reverse("awards:eligibility") + "?nam=2024&danh_hieu=ldtt&" + query)


def test_eligibility_filtered_by_answer_counts_both_and_lists_one(
    org: Org, cast: Cast, django_assert_max_num_queries: object
) -> None:
    people = [PersonFactory(unit=org.a1) for _ in range(3)]
    for person in people[:2]:
        YearlyRating.objects.create(person=person, year=2024, rating="HTTNV")
    client = _client(cast[Role.UNIT_OFFICER])

    with django_assert_max_num_queries(25):  # type: ignore[operator]
        eligible = _eligibility(client, "ket_qua=dat")
    not_eligible = _eligibility(client, "ket_qua=chua-dat")

    eligible_body = eligible.content.decode()
    assert eligible_body.count(YES) == 2
    assert NO not in eligible_body
    assert "Đủ điều kiện 2" in eligible_body
    assert "Chưa đủ điều kiện 2" in eligible_body
    # The third person and the cast's staff member.
    assert not_eligible.content.decode().count(NO) == 2


def test_eligibility_searches_names_without_diacritics(org: Org, cast: Cast) -> None:
    PersonFactory(unit=org.a1, full_name="Đặng Thị Thu Hương")
    PersonFactory(unit=org.a1, full_name="Trần Văn Bình")

    body = _eligibility(_client(cast[Role.UNIT_OFFICER]), "q=dang+thi+huong").content.decode()

    assert "Đặng Thị Thu Hương" in body
    assert "Trần Văn Bình" not in body


def test_eligibility_filter_beyond_the_limit_asks_for_a_unit(
    org: Org, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("thidua.awards.views.eligibility.JUDGE_ALL_LIMIT", 2)
    for _ in range(3):
        PersonFactory(unit=org.a1)
    client = _client(cast[Role.UNIT_OFFICER])

    page = _eligibility(client, "ket_qua=dat")
    export = _eligibility_export(client, "")

    assert page.status_code == 200
    assert "quá nhiều để xét hết một lần (tối đa 2)" in page.content.decode()
    assert export.status_code == 302
    assert "quá nhiều để xét hết một lần" in _client_messages(client)


def _eligibility_export(client: Client, query: str) -> Any:
    return client.get(reverse("awards:eligibility_export") + "?nam=2024&danh_hieu=ldtt&" + query)


def _client_messages(client: Client) -> str:
    return client.get(reverse("awards:eligibility") + "?nam=2024").content.decode()


def test_eligibility_export_lists_the_scope_with_failed_criteria(org: Org, cast: Cast) -> None:
    from openpyxl import load_workbook

    hoa = PersonFactory(unit=org.a1, full_name="Nguyễn Thị Hoa Mai")
    YearlyRating.objects.create(person=hoa, year=2024, rating="HTTNV")
    PersonFactory(unit=org.b1, full_name="Người Bệnh Viện B")

    response = _eligibility_export(_client(cast[Role.UNIT_OFFICER]), "")

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Xét điều kiện khen thưởng"].iter_rows(values_only=True))
    assert rows[0][:4] == ("STT", "Cá nhân / Tập thể", "Mã, đơn vị", "Kết quả")
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Nguyễn Thị Hoa Mai"][3] == "Đủ điều kiện"
    assert "Người Bệnh Viện B" not in by_name  # another hospital's staff
    failed = [row for row in rows[1:] if row[3] == "Chưa đủ điều kiện"]
    assert failed
    assert all("(Luật 06/2022/QH15)" in (row[4] or "") for row in failed)
    notes = [row[0] for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert notes[0] == "Lao động tiên tiến năm 2024"


def test_eligibility_export_of_another_branch_unit_is_404(org: Org, cast: Cast) -> None:
    response = _eligibility_export(_client(cast[Role.UNIT_OFFICER]), f"don_vi={org.b.pk}")

    assert response.status_code == 404


def test_rulebook_detail_shows_the_council_shares_and_the_calendar_changes(cast: Cast) -> None:
    version = RulebookVersion.objects.get(label="2025.1")
    version.spec = {
        **version.spec,
        "calendar": [
            {"date": "2026-05-04", "kind": "nghi", "note": "Nghỉ nối 30/4", "citation": "TB 1"},
        ],
    }
    version.save(update_fields=["spec"])

    body = (
        _client(cast[Role.UNIT_OFFICER])
        .get(reverse("awards:rulebook_detail", args=[version.pk]))
        .content.decode()
    )

    assert "ít nhất 2/3 tổng số thành viên" in body
    assert "<td>04/05/2026</td><td>Nghỉ</td><td>Nghỉ nối 30/4</td><td>TB 1</td>" in body
