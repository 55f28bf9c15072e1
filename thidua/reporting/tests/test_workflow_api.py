"""API v1 of the approval workflow: the pages' rules, scoped the same way (403 without the
permission anywhere, 404 outside the scope, 400 with the service's Vietnamese message, 422 for
a malformed body)."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.tests.api_client import API, ApiClient
from thidua.organizations.tests.factories import UserFactory, grant
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import EntryException, Report
from thidua.reporting.services.workflow import approve_report, grant_exception, submit_report
from thidua.reporting.tests.factories import Plan, make_complete_report, make_plan, make_report

TODAY = timezone.localdate()
NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}
FORBIDDEN = {"detail": "Bạn không có quyền xem hoặc thực hiện thao tác này."}


class Api(ApiClient):
    def delete(self, path: str) -> Any:
        return self.client.delete(API + path, headers=self.headers)


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def plan(org: Org) -> Plan:
    return make_plan(org)


def _submitted(plan: Plan, unit: Any, by: Any, level: int = 1, **fields: Any) -> Report:
    return make_complete_report(
        plan,
        unit,
        status=ReportStatus.SUBMITTED,
        pending_level=plan.levels[level],
        submitted_by=by,
        submitted_at=timezone.now(),
        first_submitted_at=timezone.now(),
        **fields,
    )


def _officer_b(org: Org) -> Any:
    user = UserFactory(username="officer_b")
    grant(user, Role.UNIT_OFFICER, org.b)
    return user


# -- Submit --------------------------------------------------------------------------------------


def test_submit_returns_the_new_state(cast: Cast, org: Org, plan: Plan) -> None:
    report = make_complete_report(plan, org.a)

    response = Api(cast[Role.UNIT_OFFICER]).post(f"/reports/{report.pk}/submit", {})

    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["pending_level"]["name"], body["is_late"]) == (
        "submitted",
        "Đơn vị",
        False,
    )
    assert body["unit"] == {"id": org.a.pk, "code": "BV_A", "name": "Bệnh viện A"}


def test_submit_with_blocking_issues_lists_them(cast: Cast, org: Org, plan: Plan) -> None:
    report = make_report(plan, org.a, values={"DVC_TONG": "100", "DVC_TRUC_TUYEN": "120"})

    response = Api(cast[Role.UNIT_OFFICER]).post(f"/reports/{report.pk}/submit", {})

    body = response.json()
    assert response.status_code == 400
    assert body["detail"].startswith("Chưa nộp được: báo cáo còn 4 lỗi")
    assert [(i["code"], i["level"]) for i in body["issues"]] == [
        ("CB_DAO_TAO", "error"),
        ("DIEN_TAP", "error"),
        ("DIEN_TAP", "error"),
        ("SU_CO", "error"),
    ]
    assert body["issues"][0]["message"].endswith("Chưa nhập giá trị.")


def test_submit_after_the_lock_date_is_a_vietnamese_400(cast: Cast, org: Org, plan: Plan) -> None:
    report = make_complete_report(plan, org.a, period=plan.previous)

    response = Api(cast[Role.UNIT_OFFICER]).post(f"/reports/{report.pk}/submit", {})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Số liệu đã khóa từ sau ngày")


def test_submit_without_enter_report_anywhere_is_forbidden(
    cast: Cast, org: Org, plan: Plan
) -> None:
    report = make_complete_report(plan, org.a)

    response = Api(cast[Role.UNIT_HEAD]).post(f"/reports/{report.pk}/submit", {})

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


def test_submit_of_another_units_report_is_not_found(cast: Cast, org: Org, plan: Plan) -> None:
    report = make_complete_report(plan, org.b)

    response = Api(cast[Role.UNIT_OFFICER]).post(f"/reports/{report.pk}/submit", {})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert Report.objects.get().status == ReportStatus.DRAFT


# -- Approve, return, revoke ---------------------------------------------------------------------


def test_approve_climbs_to_the_next_level(cast: Cast, org: Org, plan: Plan) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER])

    response = Api(cast[Role.UNIT_HEAD]).post(f"/reports/{report.pk}/approve", {})

    assert (response.status_code, response.json()["pending_level"]["name"]) == (200, "Sở")


def test_approve_own_submission_is_refused(cast: Cast, org: Org, plan: Plan) -> None:
    admin = cast[Role.SYSTEM_ADMIN]
    report = _submitted(plan, org.a, admin)

    response = Api(admin).post(f"/reports/{report.pk}/approve", {})

    assert (response.status_code, response.json()["detail"]) == (
        400,
        "Bạn không thể tự duyệt báo cáo do chính mình nộp.",
    )


def test_approve_another_units_report_is_not_found(cast: Cast, org: Org, plan: Plan) -> None:
    report = _submitted(plan, org.b, _officer_b(org))

    response = Api(cast[Role.UNIT_HEAD]).post(f"/reports/{report.pk}/approve", {})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_approve_at_a_level_one_does_not_hold_is_forbidden(
    cast: Cast, org: Org, plan: Plan
) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER], level=0)

    response = Api(cast[Role.UNIT_HEAD]).post(f"/reports/{report.pk}/approve", {})

    assert (response.status_code, response.json()["detail"]) == (
        403,
        "Bạn không có quyền duyệt báo cáo của “Bệnh viện A” ở cấp “Sở”.",
    )


def test_approve_without_approve_report_anywhere_is_forbidden(
    cast: Cast, org: Org, plan: Plan
) -> None:
    report = _submitted(plan, org.a, cast[Role.SYSTEM_ADMIN])

    response = Api(cast[Role.UNIT_OFFICER]).post(f"/reports/{report.pk}/approve", {})

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


def test_second_approval_with_a_stale_revision_is_told(cast: Cast, org: Org, plan: Plan) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER])
    seen = report.revision
    approve_report(report=report, by=cast[Role.UNIT_HEAD])

    response = Api(cast[Role.DEPT_OFFICER]).post(
        f"/reports/{report.pk}/approve?revision={seen}", {}
    )

    assert response.status_code == 400
    assert "vừa được cập nhật" in response.json()["detail"]


def test_return_without_a_reason_is_refused(cast: Cast, org: Org, plan: Plan) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER])
    api = Api(cast[Role.UNIT_HEAD])

    blank = api.post(f"/reports/{report.pk}/return", {"reason": "  "})
    missing = api.post(f"/reports/{report.pk}/return", {})

    assert (blank.status_code, blank.json()) == (
        400,
        {"detail": "Hãy nêu lý do trả lại để đơn vị biết cần sửa gì.", "field": "reason"},
    )
    assert missing.status_code == 422
    assert Report.objects.get().status == ReportStatus.SUBMITTED


def test_return_with_a_reason(cast: Cast, org: Org, plan: Plan) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER])

    response = Api(cast[Role.UNIT_HEAD]).post(
        f"/reports/{report.pk}/return", {"reason": "Thiếu minh chứng."}
    )

    assert (response.status_code, response.json()["status"]) == (200, "returned")


def test_revoke_needs_a_reason_then_reopens(cast: Cast, org: Org, plan: Plan) -> None:
    report = make_complete_report(plan, org.a)
    submit_report(report=report, by=cast[Role.UNIT_OFFICER])
    approve_report(report=report, by=cast[Role.UNIT_HEAD])
    approve_report(report=report, by=cast[Role.DEPT_OFFICER])
    api = Api(cast[Role.DEPT_OFFICER])

    blank = api.post(f"/reports/{report.pk}/revoke", {"reason": ""})
    done = api.post(f"/reports/{report.pk}/revoke", {"reason": "Sai số liệu."})

    assert (blank.status_code, blank.json()["field"]) == (400, "reason")
    assert (done.status_code, done.json()["status"], done.json()["approved_at"]) == (
        200,
        "returned",
        None,
    )


def test_history_lists_the_steps(cast: Cast, org: Org, plan: Plan) -> None:
    report = make_complete_report(plan, org.a)
    submit_report(report=report, by=cast[Role.UNIT_OFFICER])
    approve_report(report=report, by=cast[Role.UNIT_HEAD])

    response = Api(cast[Role.UNIT_OFFICER]).get(f"/reports/{report.pk}/history")

    assert [(s["kind"], s["kind_label"], s["level"]) for s in response.json()] == [
        ("submit", "Nộp báo cáo", None),
        ("approve", "Duyệt", "Đơn vị"),
    ]


def test_history_of_another_units_report_is_not_found(cast: Cast, org: Org, plan: Plan) -> None:
    report = make_complete_report(plan, org.b)

    response = Api(cast[Role.UNIT_OFFICER]).get(f"/reports/{report.pk}/history")

    assert response.status_code == 404


def test_history_without_view_report_is_forbidden(cast: Cast, org: Org, plan: Plan) -> None:
    report = make_complete_report(plan, org.a)

    response = Api(cast[Role.COUNCIL_MEMBER]).get(f"/reports/{report.pk}/history")

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


# -- Queue and bulk ------------------------------------------------------------------------------


def test_queue_lists_what_awaits_the_users_level(cast: Cast, org: Org, plan: Plan) -> None:
    officer = cast[Role.UNIT_OFFICER]
    mine = _submitted(plan, org.a, officer, level=1)
    _submitted(plan, org.a1, officer, level=0)
    _submitted(plan, org.b, _officer_b(org), level=1)

    response = Api(cast[Role.UNIT_HEAD]).get("/approvals/queue")

    body = response.json()
    assert (body["count"], [item["id"] for item in body["items"]]) == (1, [mine.pk])


def test_queue_filters_by_status_and_movement(cast: Cast, org: Org, plan: Plan) -> None:
    make_complete_report(plan, org.a, status=ReportStatus.APPROVED)
    _submitted(plan, org.b, _officer_b(org), level=0)
    api = Api(cast[Role.DEPT_OFFICER])

    approved = api.get("/approvals/queue", {"status": "approved", "movement_id": plan.movement.pk})
    awaiting = api.get("/approvals/queue", {"period_id": plan.current.pk})

    assert [i["unit"]["code"] for i in approved.json()["items"]] == ["BV_A"]
    assert [i["unit"]["code"] for i in awaiting.json()["items"]] == ["BV_B"]


def test_queue_without_view_report_is_forbidden(cast: Cast) -> None:
    assert Api(cast[Role.COUNCIL_MEMBER]).get("/approvals/queue").status_code == 403


def test_bulk_approve_reports_partial_results(cast: Cast, org: Org, plan: Plan) -> None:
    dept = cast[Role.DEPT_OFFICER]
    first = _submitted(plan, org.a, cast[Role.UNIT_OFFICER], level=1)
    own = _submitted(plan, org.b, dept, level=0)

    response = Api(dept).post("/approvals/bulk", {"report_ids": [first.pk, own.pk, 999_999]})

    assert response.json() == {
        "approved": [first.pk],
        "skipped": [
            {"id": own.pk, "reason": "Bạn không thể tự duyệt báo cáo do chính mình nộp."},
            {"id": 999_999, "reason": "Không tìm thấy báo cáo trong phạm vi của bạn."},
        ],
        "message": "Đã duyệt 1 báo cáo; bỏ qua 1 báo cáo (xem lý do từng báo cáo).",
    }


def test_bulk_approve_needs_manage_reporting(cast: Cast, org: Org, plan: Plan) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER])

    response = Api(cast[Role.UNIT_HEAD]).post("/approvals/bulk", {"report_ids": [report.pk]})

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


def test_bulk_approve_needs_some_reports(cast: Cast) -> None:
    response = Api(cast[Role.DEPT_OFFICER]).post("/approvals/bulk", {"report_ids": []})

    assert response.status_code == 422


# -- Exceptions ----------------------------------------------------------------------------------


def test_exceptions_create_and_list(cast: Cast, org: Org, plan: Plan) -> None:
    api = Api(cast[Role.DEPT_OFFICER])
    until = TODAY + dt.timedelta(days=3)

    created = api.post(
        f"/periods/{plan.previous.pk}/exceptions",
        {"unit_id": org.a.pk, "until": until.isoformat(), "reason": "Đổi phần mềm."},
    )
    listed = api.get(f"/periods/{plan.previous.pk}/exceptions")

    assert created.status_code == 201
    assert [(e["unit"]["code"], e["until"]) for e in listed.json()] == [("BV_A", until.isoformat())]


def test_exception_before_the_lock_date_is_a_400_on_until(cast: Cast, org: Org, plan: Plan) -> None:
    response = Api(cast[Role.DEPT_OFFICER]).post(
        f"/periods/{plan.current.pk}/exceptions",
        {"unit_id": org.a.pk, "until": plan.current.locks_on.isoformat(), "reason": "Sớm."},
    )

    assert (response.status_code, response.json()["field"]) == (400, "until")


def test_exceptions_need_manage_reporting(cast: Cast, org: Org, plan: Plan) -> None:
    api = Api(cast[Role.UNIT_OFFICER])

    listed = api.get(f"/periods/{plan.previous.pk}/exceptions")
    created = api.post(
        f"/periods/{plan.previous.pk}/exceptions",
        {"unit_id": org.a.pk, "until": TODAY.isoformat(), "reason": "Xin."},
    )

    assert (listed.status_code, created.status_code) == (403, 403)


def test_exception_for_a_unit_outside_the_scope_is_not_found(
    cast: Cast, org: Org, plan: Plan
) -> None:
    dept_a = UserFactory(username="dept_a")
    grant(dept_a, Role.DEPT_OFFICER, org.a)

    response = Api(dept_a).post(
        f"/periods/{plan.previous.pk}/exceptions",
        {"unit_id": org.b.pk, "until": (TODAY + dt.timedelta(days=2)).isoformat(), "reason": "X"},
    )

    assert response.status_code == 404


def test_delete_exception(cast: Cast, org: Org, plan: Plan) -> None:
    exception = grant_exception(
        period=plan.previous,
        unit=org.a,
        until=TODAY + dt.timedelta(days=2),
        reason="A",
        by=cast[Role.DEPT_OFFICER],
    )
    dept_b = UserFactory(username="dept_b")
    grant(dept_b, Role.DEPT_OFFICER, org.b)

    outside = Api(dept_b).delete(f"/exceptions/{exception.pk}")
    done = Api(cast[Role.DEPT_OFFICER]).delete(f"/exceptions/{exception.pk}")

    assert (outside.status_code, done.status_code) == (404, 204)
    assert EntryException.objects.count() == 0
