"""In-app notifications: writing them once per key, reading one's own only, marking them read,
and the bell in the navbar (its count comes with the user's row: no query of its own)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from thidua.core.models import Notification
from thidua.core.notifications import (
    mark_all_read,
    mark_read,
    notifications_of,
    notify,
    notify_many,
    unread_count,
)

LIST_URL = reverse("core:notification_list")


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def lan(db):
    return get_user_model().objects.create_user(username="lan", password="x", first_name="Lan")


@pytest.fixture
def minh(db):
    return get_user_model().objects.create_user(username="minh", password="x", first_name="Minh")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Writing -------------------------------------------------------------------------------------


def test_notify_with_a_key_writes_once(lan):
    first = notify(lan, "Sắp đến hạn nộp báo cáo", "Hạn nộp 31/03/2026.", "/bao-cao/", "k-1")

    second = notify(lan, "Tiêu đề khác", "", "", "k-1")

    assert second.pk == first.pk
    assert list(Notification.objects.values_list("title", flat=True)) == ["Sắp đến hạn nộp báo cáo"]


def test_notify_without_a_key_writes_every_time(lan):
    notify(lan, "Một")
    notify(lan, "Một")

    assert Notification.objects.filter(user=lan).count() == 2


def test_the_same_key_for_two_users_is_two_notifications(lan, minh):
    notify(lan, "Nhắc hạn", key="k-1")
    notify(minh, "Nhắc hạn", key="k-1")

    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "lan",
        "minh",
    ]


def test_notify_many_skips_duplicates_and_users_already_notified(
    lan, minh, django_assert_num_queries
):
    notify(lan, "Nhắc hạn", key="k-2")

    with django_assert_num_queries(2):
        written = notify_many([lan, minh, minh], "Nhắc hạn", "Nội dung", "/bao-cao/", "k-2")

    assert written == 1
    assert sorted(Notification.objects.values_list("user__username", "key")) == [
        ("lan", "k-2"),
        ("minh", "k-2"),
    ]


# --- Reading and marking read --------------------------------------------------------------------


def test_notifications_of_a_user_are_theirs_only_newest_first(lan, minh):
    older = notify(lan, "Cũ")
    newer = notify(lan, "Mới")
    notify(minh, "Của Minh")

    assert list(notifications_of(lan)) == [newer, older]
    assert unread_count(lan) == 2


def test_mark_read_and_mark_all_read(lan, minh):
    one = notify(lan, "Một")
    notify(lan, "Hai")
    notify(minh, "Của Minh")

    mark_read(one, by=lan)
    marked = mark_all_read(by=lan)

    assert marked == 1
    assert unread_count(lan) == 0
    assert unread_count(minh) == 1


def test_mark_read_refuses_another_users_notification(lan, minh):
    theirs = notify(minh, "Của Minh")

    with pytest.raises(LookupError):
        mark_read(theirs, by=lan)

    theirs.refresh_from_db()
    assert theirs.read_at is None


# --- Pages ---------------------------------------------------------------------------------------


def test_list_page_shows_ones_own_notifications_and_the_bell_count(lan, minh):
    notify(lan, "Sắp đến hạn nộp báo cáo Quý 1/2026", "Hạn nộp 31/03/2026.")
    notify(lan, "Báo cáo đã được duyệt")
    notify(minh, "Thông báo của người khác")

    response = _client(lan).get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sắp đến hạn nộp báo cáo Quý 1/2026" in html
    assert "Báo cáo đã được duyệt" in html
    assert "Thông báo của người khác" not in html
    assert "data-unread-count>2<" in html
    assert "Bạn có <strong>2</strong> thông báo chưa đọc." in html


def test_list_page_filters_unread(lan):
    read = notify(lan, "Đã đọc rồi")
    mark_read(read, by=lan)
    notify(lan, "Chưa đọc")

    html = _client(lan).get(LIST_URL, {"chua_doc": "1"}).content.decode()

    assert "Chưa đọc</div>" in html
    assert "Đã đọc rồi" not in html


def test_list_page_query_count_does_not_grow_with_notifications(lan, django_assert_num_queries):
    client = _client(lan)
    for number in range(40):
        notify(lan, f"Thông báo {number}")

    # session, user (with the unread count), grants (menu), count and page of notifications,
    # base.html's user.person
    with django_assert_num_queries(6):
        response = client.get(LIST_URL)

    assert len(response.context["page"].object_list) == 30


def test_bell_costs_no_query(lan, minh, django_assert_num_queries):
    client = _client(lan)
    mark_read(notify(lan, "Đã đọc"), by=lan)
    with django_assert_num_queries(6):
        client.get(LIST_URL)
    notify(lan, "Một")

    with django_assert_num_queries(6):
        response = client.get(LIST_URL)

    assert "data-unread-count>1<" in response.content.decode()


def test_no_bell_count_when_everything_is_read(lan):
    mark_read(notify(lan, "Một"), by=lan)

    html = _client(lan).get(LIST_URL).content.decode()

    assert "data-unread-count" not in html
    assert "Bạn đã đọc hết thông báo." in html


def test_mark_read_by_htmx_returns_the_row(lan):
    notification = notify(lan, "Một")

    response = _client(lan).post(
        reverse("core:notification_read", args=[notification.pk]), headers={"HX-Request": "true"}
    )

    notification.refresh_from_db()
    assert notification.read_at is not None
    html = response.content.decode()
    assert html.strip().startswith('<li class="td-notification')
    assert "Đánh dấu đã đọc" not in html


def test_open_marks_read_and_follows_the_link(lan):
    notification = notify(lan, "Một", url="/bao-cao/")

    response = _client(lan).post(reverse("core:notification_open", args=[notification.pk]))

    notification.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/bao-cao/")
    assert notification.read_at is not None


def test_open_never_leaves_the_site(lan):
    notification = notify(lan, "Một", url="https://example.com/lay-mat-khau")

    response = _client(lan).post(reverse("core:notification_open", args=[notification.pk]))

    assert response["Location"] == LIST_URL


def test_mark_all_read_page(lan, minh):
    notify(lan, "Một")
    notify(lan, "Hai")
    notify(minh, "Của Minh")

    response = _client(lan).post(reverse("core:notification_read_all"), follow=True)

    assert unread_count(lan) == 0
    assert unread_count(minh) == 1
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()


@pytest.mark.parametrize("name", ["core:notification_read", "core:notification_open"])
def test_another_users_notification_is_not_found(lan, minh, name):
    theirs = notify(minh, "Của Minh", url="/bao-cao/")

    response = _client(lan).post(reverse(name, args=[theirs.pk]))

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert theirs.read_at is None


def test_marking_read_needs_a_post(lan):
    notification = notify(lan, "Một")

    response = _client(lan).get(reverse("core:notification_read", args=[notification.pk]))

    assert response.status_code == 405


def test_list_needs_sign_in(db):
    response = Client().get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")
