"""API v1 similarity check: POST /api/v1/initiatives/similar (authenticated users only)."""

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.selectors.similarity import forget_index
from thidua.initiatives.services.similarity import refresh_fingerprint
from thidua.initiatives.tests.factories import DEFAULT_SOLUTION, make_initiative
from thidua.organizations.tests.api_client import API, ApiClient

TITLE = "Đặt lịch khám trực tuyến và nhắn tin nhắc lịch cho người bệnh"


@pytest.fixture(autouse=True)
def _fresh_index():
    forget_index()


@pytest.fixture
def api(cast):
    return ApiClient(cast[Role.STAFF])


def test_similar_needs_authentication():
    response = Client().post(
        API + "/initiatives/similar", {"text": TITLE}, content_type="application/json"
    )

    assert response.status_code == 401


def test_similar_takes_a_free_text_and_returns_the_nearest_with_passages(api, org):
    stored = make_initiative(org.b, None, title=TITLE, year=2024)
    refresh_fingerprint(stored)

    response = api.post("/initiatives/similar", {"text": DEFAULT_SOLUTION, "limit": 3})

    body = response.json()
    assert response.status_code == 200
    assert body["threshold"] == 0.49
    assert [(r["id"], r["code"], r["unit_name"], r["year"]) for r in body["results"]] == [
        (stored.pk, stored.code, "Bệnh viện B", 2024)
    ]
    passage = body["results"][0]["passages"][0]
    assert (passage["query_field"], passage["match_field"]) == ("solution", "solution")
    assert passage["query_text"] == DEFAULT_SOLUTION[:-1]
    assert passage["match_marks"][0] == [0, 35]


def test_similar_takes_the_fields_and_leaves_out_drafts(api, org):
    draft = make_initiative(org.b, None, title=TITLE, status=InitiativeStatus.DRAFT)
    refresh_fingerprint(draft)

    response = api.post("/initiatives/similar", {"title": TITLE, "solution": DEFAULT_SOLUTION})

    assert response.json()["results"] == []


def test_similar_refuses_an_empty_text_in_vietnamese(api):
    response = api.post("/initiatives/similar", {"text": "  "})

    assert response.status_code == 422
    assert [item["msg"] for item in response.json()["detail"]] == [
        "Cần nội dung để so sánh: gửi `text` hoặc các mục của sáng kiến."
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "bệnh án", "limit": 51}, "limit"),
        ({"text": "bệnh án", "limit": 0}, "limit"),
        ({"title": "x" * 20_001}, "title"),
    ],
)
def test_similar_refuses_out_of_range_input(api, body, field):
    response = api.post("/initiatives/similar", body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field
