"""API v1 of monitoring: a period's completeness (scoped like its page) and one's own
notifications (another user's id is a 404)."""

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.core.models import Notification
from thidua.core.notifications import notify
from thidua.movements.enums import MovementStatus
from thidua.movements.tests.factories import make_movement
from thidua.organizations.tests.api_client import ApiClient
from thidua.reporting.enums import ReportStatus
from thidua.reporting.tests.factories import make_plan, make_report


@pytest.fixture
def plan(org):
    return make_plan(org)


def _completeness(user, plan, params=None):
    return ApiClient(user).get(f"/periods/{plan.current.pk}/completeness", params)


# --- Completeness --------------------------------------------------------------------------------


def test_completeness_of_the_department(org, cast, plan):
    report = make_report(
        plan,
        org.a,
        status=ReportStatus.SUBMITTED,
        pending_level=plan.levels[1],
        first_submitted_at=timezone.now(),
        is_late=True,
    )

    response = _completeness(cast[Role.DEPT_OFFICER], plan)

    body = response.json()
    assert response.status_code == 200
    assert (body["total"], body["count"]) == (2, 2)
    assert body["counts"] == {
        "not_started": 1,
        "draft": 0,
        "returned": 0,
        "submitted": 1,
        "approved": 0,
    }
    assert body["timeliness"] == {"on_time": 0, "late": 1, "not_submitted": 1}
    assert [
        (
            row["unit"]["code"],
            row["state"],
            row["report_id"],
            row["pending_level"],
            row["timeliness"],
        )
        for row in body["rows"]
    ] == [
        ("BV_A", "submitted", report.pk, "Đơn vị", "late"),
        ("BV_B", "not_started", None, None, "not_submitted"),
    ]
    assert body["period"]["window"] == "open"
    assert body["period"]["explanation"][1].startswith("Hạn nộp: Hạn nộp ngày ")


def test_completeness_filters_and_pages(org, cast, plan):
    make_report(plan, org.a1, status=ReportStatus.DRAFT)

    api = ApiClient(cast[Role.DEPT_OFFICER])
    drafts = api.get(
        f"/periods/{plan.current.pk}/completeness", {"include_sub_units": "true", "state": "draft"}
    ).json()
    second = api.get(
        f"/periods/{plan.current.pk}/completeness",
        {"include_sub_units": "true", "limit": 2, "offset": 2},
    ).json()
    found = api.get(f"/periods/{plan.current.pk}/completeness", {"q": "bv_b"}).json()

    assert [row["unit"]["code"] for row in drafts["rows"]] == ["BV_A_K1"]
    assert (second["count"], [row["unit"]["code"] for row in second["rows"]]) == (
        5,
        ["BV_A_K1", "BV_B"],
    )
    assert [row["unit"]["code"] for row in found["rows"]] == ["BV_B"]


def test_completeness_of_bv_a_officer_is_bv_a_subtree_only(org, cast, plan):
    make_report(plan, org.b, status=ReportStatus.SUBMITTED)

    body = _completeness(cast[Role.UNIT_OFFICER], plan, {"include_sub_units": "true"}).json()

    assert [row["unit"]["code"] for row in body["rows"]] == ["BV_A", "BV_A_K2", "BV_A_K1"]
    assert body["counts"]["submitted"] == 0


def test_completeness_without_view_report_is_forbidden(cast, plan):
    response = _completeness(cast[Role.COUNCIL_MEMBER], plan)

    assert response.status_code == 403


def test_completeness_of_a_period_out_of_scope_is_not_found(org, cast):
    other = make_plan(org)
    other.current.movement = make_movement(org.b, status=MovementStatus.LAUNCHED)
    other.current.save()

    response = _completeness(cast[Role.UNIT_OFFICER], other)

    assert response.status_code == 404


def test_completeness_refuses_an_unknown_state(cast, plan):
    response = _completeness(cast[Role.DEPT_OFFICER], plan, {"state": "lost"})

    assert response.status_code == 422


# --- Notifications -------------------------------------------------------------------------------


def test_notifications_are_ones_own_newest_first(cast):
    officer, head = cast[Role.UNIT_OFFICER], cast[Role.UNIT_HEAD]
    notify(officer, "Cũ", "Nội dung cũ", "/bao-cao/")
    newer = notify(officer, "Mới")
    notify(head, "Của thủ trưởng")

    body = ApiClient(officer).get("/notifications").json()

    assert body["count"] == 2
    assert [item["title"] for item in body["items"]] == ["Mới", "Cũ"]
    assert body["items"][0] == {
        "id": newer.pk,
        "title": "Mới",
        "body": "",
        "url": "",
        "created_at": body["items"][0]["created_at"],
        "read_at": None,
    }


def test_notifications_unread_filter(cast):
    officer = cast[Role.UNIT_OFFICER]
    read = notify(officer, "Đã đọc")
    notify(officer, "Chưa đọc")
    api = ApiClient(officer)
    api.post(f"/notifications/{read.pk}/read", {})

    body = api.get("/notifications", {"unread": "true"}).json()

    assert [item["title"] for item in body["items"]] == ["Chưa đọc"]


def test_mark_a_notification_read(cast):
    officer = cast[Role.UNIT_OFFICER]
    notification = notify(officer, "Một")

    response = ApiClient(officer).post(f"/notifications/{notification.pk}/read", {})

    notification.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert notification.read_at is not None


def test_another_users_notification_is_not_found(cast):
    theirs = notify(cast[Role.UNIT_HEAD], "Của thủ trưởng")

    response = ApiClient(cast[Role.UNIT_OFFICER]).post(f"/notifications/{theirs.pk}/read", {})

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert theirs.read_at is None


def test_mark_all_read_touches_ones_own_only(cast):
    officer, head = cast[Role.UNIT_OFFICER], cast[Role.UNIT_HEAD]
    notify(officer, "Một")
    notify(officer, "Hai")
    notify(head, "Của thủ trưởng")

    body = ApiClient(officer).post("/notifications/read-all", {}).json()

    assert body == {"marked": 2}
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_notifications_need_credentials(db, client):
    response = client.get("/api/v1/notifications")

    assert response.status_code == 401
