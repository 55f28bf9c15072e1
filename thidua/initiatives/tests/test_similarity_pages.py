"""The duplicate panel and the area suggestion fragments (views/similarity.py): signed-in users
only, POST only; the panel shows initiatives of every unit and year past the draft, with score,
reason and marked passages; bad input answers in Vietnamese, never a 500."""

import pytest
from django.urls import reverse

from thidua.accounts.roles import Role
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.selectors.similarity import forget_index
from thidua.initiatives.services.similarity import refresh_fingerprint
from thidua.initiatives.tests.factories import (
    DEFAULT_PROBLEM,
    DEFAULT_SOLUTION,
    make_initiative,
)
from thidua.movements.models import ContentArea, Movement

TITLE = "Đặt lịch khám trực tuyến và nhắn tin nhắc lịch cho người bệnh"
PANEL = reverse("initiatives:similar_panel")
AREA = reverse("initiatives:suggest_area")


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.THIDUA_2FA_REQUIRED = False
    forget_index()


@pytest.fixture
def staff(cast):
    return cast[Role.STAFF]


def _stored(unit, title=TITLE, **fields):
    initiative = make_initiative(unit, None, title=title, year=2024, **fields)
    refresh_fingerprint(initiative)
    return initiative


def test_panel_needs_a_signed_in_user(client):
    response = client.post(PANEL, {"title": TITLE})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_panel_refuses_get(client, staff):
    client.force_login(staff)

    assert client.get(PANEL).status_code == 405


def test_panel_shows_another_units_initiative_with_score_reason_and_marks(client, org, staff):
    other = _stored(org.b)
    client.force_login(staff)

    response = client.post(
        PANEL, {"title": TITLE, "problem": DEFAULT_PROBLEM, "solution": DEFAULT_SOLUTION}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f"{other.code} · Bệnh viện B · năm 2024 · Đã nộp, chờ sàng lọc" in html
    assert "Có thể trùng lặp" in html
    assert "<mark>Đặt lịch khám trực tuyến</mark>" in html
    assert "Trùng 3 đoạn" in html


def test_panel_leaves_out_drafts_of_other_units_and_the_initiative_being_edited(client, org, staff):
    _stored(org.b, status=InitiativeStatus.DRAFT)
    mine = _stored(org.a1)
    client.force_login(staff)

    response = client.post(PANEL, {"title": TITLE, "exclude": str(mine.pk)})

    html = response.content.decode()
    assert "Chưa thấy sáng kiến nào tương tự trong các đơn vị, các năm." in html
    assert "<article" not in html


def test_panel_of_an_empty_form_shows_nothing(client, org, staff):
    _stored(org.b)
    client.force_login(staff)

    response = client.post(PANEL, {"title": " ", "exclude": "abc"})

    assert response.status_code == 200
    assert "Chưa thấy" not in response.content.decode()
    assert "<article" not in response.content.decode()


def test_panel_refuses_a_huge_text_with_a_vietnamese_message(client, staff):
    client.force_login(staff)

    response = client.post(PANEL, {"title": TITLE, "solution": "chữ " * 6000})

    assert response.status_code == 200
    assert "Văn bản quá dài để kiểm tra trùng lặp (tối đa 20.000 ký tự mỗi mục)." in (
        response.content.decode()
    )


def test_panel_query_count_does_not_grow_with_the_initiatives(
    client, org, staff, django_assert_num_queries
):
    _stored(org.b)
    client.force_login(staff)
    client.post(PANEL, {"title": TITLE})
    # Session, user, the index's version, the initiatives shown, the user's grants (menu).
    with django_assert_num_queries(5):
        client.post(PANEL, {"title": TITLE})
    for index in range(20):
        _stored(org.b, title=f"{TITLE} {index}")
    client.post(PANEL, {"title": TITLE})

    with django_assert_num_queries(5):
        client.post(PANEL, {"title": TITLE})


def test_area_suggestion_offers_the_areas_as_choices(client, org, staff):
    movement = Movement.objects.create(
        code="PT1",
        name="Phong trào thử",
        kind="thematic",
        owner=org.root,
        start_date="2025-01-01",
        end_date="2030-12-31",
    )
    area = ContentArea.objects.create(
        movement=movement,
        code="ND1",
        name="Chuyển đổi số",
        kind="content",
        keywords="benh an dien tu chu ky so",
    )
    client.force_login(staff)

    response = client.post(
        AREA, {"text": "Ký số bệnh án điện tử", "movement": str(movement.pk), "area": str(area.pk)}
    )

    html = response.content.decode()
    assert f'name="area" id="goi-y-{area.pk}" value="{area.pk}" checked' in html
    assert f'name="suggested_area" value="{area.pk}"' in html
    assert "<strong>ND1</strong> Chuyển đổi số" in html


def test_area_suggestion_without_a_match_asks_the_author_to_choose(client, staff):
    client.force_login(staff)

    response = client.post(AREA, {"text": "xyz", "movement": "999", "field": "x-y"})

    assert "Chưa gợi ý được lĩnh vực từ nội dung: hãy chọn lĩnh vực." in response.content.decode()


def test_area_suggestion_of_an_empty_form_shows_nothing(client, staff):
    client.force_login(staff)

    response = client.post(AREA, {"title": "", "solution": " "})

    assert "lĩnh vực" not in response.content.decode()


def test_area_suggestion_needs_a_signed_in_user(client):
    assert client.post(AREA, {"text": "bệnh án điện tử"}).status_code == 302
