"""API v1 read endpoints of awards: scoped like the pages."""

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.awards.models import AwardRecord, YearlyRating
from thidua.conftest import Cast, Org
from thidua.organizations.tests.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("rulebook")


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_person_inputs_read_in_scope(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)
    rating = YearlyRating.objects.create(person=person, year=2024, rating="HTXSNV")
    AwardRecord.objects.create(person=person, award_code="ldtt", year=2024, thematic=True)

    response = _client(cast[Role.UNIT_OFFICER]).get(f"/api/v1/awards/people/{person.pk}/inputs")

    body = response.json()
    assert response.status_code == 200
    assert body["ratings"] == [
        {"id": rating.pk, "year": 2024, "rating": "HTXSNV", "source": "form"}
    ]
    assert [(a["award_code"], a["thematic"]) for a in body["awards"]] == [("ldtt", True)]


def test_person_inputs_of_another_branch_is_404(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.b1)

    response = _client(cast[Role.UNIT_OFFICER]).get(f"/api/v1/awards/people/{person.pk}/inputs")

    assert response.status_code == 404


def test_staff_reads_own_inputs(cast: Cast) -> None:
    person = cast.staff_person

    response = _client(cast[Role.STAFF]).get(f"/api/v1/awards/people/{person.pk}/inputs")

    assert response.status_code == 200


def test_unit_inputs_of_another_branch_is_404(org: Org, cast: Cast) -> None:
    response = _client(cast[Role.UNIT_OFFICER]).get(f"/api/v1/awards/units/{org.b.pk}/inputs")

    assert response.status_code == 404


def test_rulebook_versions_listed_with_state(cast: Cast) -> None:
    response = _client(cast[Role.UNIT_OFFICER]).get("/api/v1/awards/rulebook")

    assert response.status_code == 200
    assert [(v["label"], v["state"]) for v in response.json()] == [
        ("2025.1", "in_force"),
        ("Thử nghiệm 2000", "past"),
    ]


def test_rulebook_needs_the_right(cast: Cast) -> None:
    response = _client(cast[Role.REVIEWER]).get("/api/v1/awards/rulebook")

    assert response.status_code == 403
