"""The award history (searchable without diacritics, Excel export, statistics per award, year
and unit; a staff member sees their own) and the council's API: a session read by its members
and managers with counts only once closed and never anyone's ballot; scope A/B is a 404."""

import io
import re
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.awards.models import AwardRecord
from thidua.awards.services.councils import (
    cast_ballot,
    close_session,
    open_session,
    record_attendance,
)
from thidua.awards.tests.council_support import MEETING, council_setup
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _history(org):  # type: ignore[no-untyped-def]
    an = PersonFactory(unit=org.a1, full_name="Nguyễn Văn Ân", staff_code="A1-777")
    binh = PersonFactory(unit=org.b1, full_name="Trần Thị Bình", staff_code="B1-001")
    AwardRecord.objects.create(
        person=an, award_code="cstdcs", year=2025, decision_number="5/QĐ-BVA"
    )
    AwardRecord.objects.create(person=an, award_code="ldtt", year=2024, thematic=True)
    AwardRecord.objects.create(
        person=an, award_code="ldtt", year=2023, revoked=True, revoked_reason="Gian dối"
    )
    AwardRecord.objects.create(person=binh, award_code="ldtt", year=2025)
    AwardRecord.objects.create(unit=org.a1, award_code="ttldtt", year=2025)
    return an, binh


def test_history_is_found_without_diacritics_and_scoped(org, cast) -> None:
    _history(org)

    response = _client(cast[Role.UNIT_OFFICER]).get("/khen-thuong/lich-su/", {"q": "nguyen van an"})

    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("Nguyễn Văn Ân") == 3
    assert "Trần Thị Bình" not in text
    assert "Đã hủy bỏ" in text
    assert "Gian dối" in text
    assert "Theo chuyên đề" in text


def test_a_staff_member_sees_their_own_history(org, cast) -> None:
    AwardRecord.objects.create(person=cast.staff_person, award_code="ldtt", year=2025)
    _history(org)

    response = _client(cast[Role.STAFF]).get("/api/v1/awards/history")

    assert [(r["subject"], r["award_code"]) for r in response.json()] == [
        ("Nguyễn Thị Hoa", "ldtt")
    ]


def test_history_exports_to_excel_with_every_row_in_scope(org, cast) -> None:
    _history(org)

    response = _client(cast[Role.UNIT_OFFICER]).get("/khen-thuong/lich-su/excel/")

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[cell.value for cell in row][:5] for row in sheet.iter_rows(min_row=2)]
    assert rows == [
        [2025, "Nguyễn Văn Ân", "A1-777", "Khoa Nội A1", "Chiến sĩ thi đua cơ sở"],
        [2025, "Khoa Nội A1", None, "Khoa Nội A1", "Tập thể lao động tiên tiến"],
        [2024, "Nguyễn Văn Ân", "A1-777", "Khoa Nội A1", "Lao động tiên tiến"],
        [2023, "Nguyễn Văn Ân", "A1-777", "Khoa Nội A1", "Lao động tiên tiến"],
    ]


def test_statistics_count_awards_not_revoked_per_year_unit_and_award(org, cast) -> None:
    _history(org)

    response = _client(cast[Role.DEPT_OFFICER]).get("/khen-thuong/lich-su/thong-ke/")

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows == [
        [2025, "Khoa Nội A1", "Chiến sĩ thi đua cơ sở", 1],
        [2025, "Khoa Nội A1", "Tập thể lao động tiên tiến", 1],
        [2025, "Khoa Nội B1", "Lao động tiên tiến", 1],
        [2024, "Khoa Nội A1", "Lao động tiên tiến", 1],
    ]


def test_history_page_queries_do_not_grow_with_rows(
    org, cast, django_assert_max_num_queries
) -> None:
    person = PersonFactory(unit=org.a1)
    AwardRecord.objects.bulk_create(
        AwardRecord(person=person, award_code="ldtt", year=2000 + n) for n in range(40)
    )
    client = _client(cast[Role.UNIT_OFFICER])

    with django_assert_max_num_queries(12):
        response = client.get("/khen-thuong/lich-su/")

    assert response.status_code == 200


def test_a_session_shows_counts_only_once_closed_and_never_a_ballot(org, cast) -> None:
    setup = council_setup(org, cast)
    session = open_session(
        setup.council, round_=setup.round, meeting_date=MEETING, by=setup.officer
    )
    record_attendance(session, present={m.pk for m in setup.members}, by=setup.officer)
    first = session.agenda.order_by("order").first()
    assert first is not None
    cast_ballot(session, choices={first.pk: True}, by=setup.members[2].user)
    member = _client(setup.members[2].user)

    during = member.get(f"/api/v1/awards/sessions/{session.pk}").json()
    close_session(session, by=setup.officer)
    after = member.get(f"/api/v1/awards/sessions/{session.pk}").json()

    item = during["agenda"][0]
    assert (item["ballots_cast"], item["voted_by_me"], item["approve"], item["passed"]) == (
        1,
        True,
        None,
        None,
    )
    assert (after["agenda"][0]["approve"], after["agenda"][0]["passed"]) == (1, False)
    assert "choice" not in str(after)


def test_another_hospitals_officer_gets_a_404_for_the_session(org, cast) -> None:
    setup = council_setup(org, cast)
    session = open_session(
        setup.council, round_=setup.round, meeting_date=MEETING, by=setup.officer
    )
    other = UserFactory(username="officer_b")
    grant(other, Role.UNIT_OFFICER, org.b)

    response = _client(other).get(f"/api/v1/awards/sessions/{session.pk}")

    assert response.status_code == 404


def test_history_next_page_link_opens_the_next_page(org, cast) -> None:
    person = PersonFactory(unit=org.a1)
    AwardRecord.objects.bulk_create(
        AwardRecord(person=person, award_code="ldtt", year=1950 + n) for n in range(60)
    )
    client = _client(cast[Role.UNIT_OFFICER])

    first = client.get("/khen-thuong/lich-su/").content.decode()
    link = re.search(r'href="(\?[^"]*page=2[^"]*)"', first)
    assert link is not None
    second = client.get("/khen-thuong/lich-su/" + link.group(1).replace("&amp;", "&"))

    text = second.content.decode()
    assert "Trang 2 / 2" in text
    assert "<td>1950</td>" in text  # the oldest ten rows are on page 2
    assert "<td>2009</td>" not in text


def test_history_is_filtered_by_award(org, cast) -> None:
    _history(org)

    response = _client(cast[Role.UNIT_OFFICER]).get(
        "/khen-thuong/lich-su/", {"danh_hieu": "cstdcs"}
    )

    text = response.content.decode()
    assert text.count("Nguyễn Văn Ân") == 1
    assert '<option value="cstdcs" selected>Chiến sĩ thi đua cơ sở</option>' in text
