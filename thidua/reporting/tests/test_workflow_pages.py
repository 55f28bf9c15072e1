"""Pages of the approval workflow: the report's page and its steps (submit, approve, return and
revoke with htmx), the approval queue with bulk approval, the exceptions of a period. Scoped
(another unit's report is a 404, a permission held nowhere a 403) and pinned (query counts)."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.tests.api_client import ApiClient
from thidua.organizations.tests.factories import UserFactory, grant, make_unit
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import EntryException, Report, ReportAction
from thidua.reporting.services.workflow import (
    approve_report,
    grant_exception,
    revoke_approval,
    submit_report,
)
from thidua.reporting.tests.factories import Plan, make_complete_report, make_plan, make_report

TODAY = timezone.localdate()
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def plan(org: Org) -> Plan:
    return make_plan(org)


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def _url(report: Report, suffix: str = "") -> str:
    return f"/bao-cao/{report.pk}/{suffix}"


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


# -- The report's page ---------------------------------------------------------------------------


def test_detail_shows_header_values_evidence_and_the_submit_button(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = make_complete_report(plan, org.a)
    _login(client, cast[Role.UNIT_OFFICER])

    response = client.get(_url(report))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Báo cáo {plan.current.name} — Bệnh viện A" in html
    assert "Đang nhập" in html
    assert "Tổng số thủ tục hành chính" in html
    assert "Báo cáo diễn tập" in html  # the evidence
    assert "Nộp báo cáo" in html
    assert response.context["detail"].actions.submit.allowed is True


def test_detail_of_a_report_with_errors_disables_submit_and_lists_them(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = make_report(plan, org.a, values={"DVC_TONG": "100"})
    _login(client, cast[Role.UNIT_OFFICER])

    response = client.get(_url(report))

    actions = response.context["detail"].actions
    assert (actions.submit.shown, actions.submit.allowed) == (True, False)
    assert actions.submit.reason == (
        "Còn 5 lỗi hoặc cảnh báo chưa giải trình: hãy sửa trước khi nộp."
    )
    assert "Chưa nhập giá trị." in response.content.decode()


def test_detail_of_another_units_report_is_not_found(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = make_complete_report(plan, org.b)

    for role in (Role.UNIT_OFFICER, Role.UNIT_HEAD):
        assert _login(client, cast[role]).get(_url(report)).status_code == 404


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.REVIEWER, Role.STAFF])
def test_detail_without_view_report_anywhere_is_forbidden(
    client: Client, cast: Cast, org: Org, plan: Plan, role: Role
) -> None:
    report = make_complete_report(plan, org.a)

    assert _login(client, cast[role]).get(_url(report)).status_code == 403


def test_detail_shows_the_return_reason_to_the_officer(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER], level=0)
    _login(client, cast[Role.DEPT_OFFICER]).post(
        _url(report, "tra-lai/"), {"tra-lai-reason": "Thiếu minh chứng diễn tập."}
    )

    response = _login(client, cast[Role.UNIT_OFFICER]).get(_url(report))

    assert response.context["detail"].last_decision.reason == "Thiếu minh chứng diễn tập."
    assert "Thiếu minh chứng diễn tập." in response.content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_detail_query_count_is_pinned(
    client: Client,
    cast: Cast,
    org: Org,
    plan: Plan,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    report = make_complete_report(plan, org.a)
    officer = cast[Role.UNIT_OFFICER]
    submit_report(report=report, by=officer)
    for _ in range(count - 1):  # a longer history: returned and submitted again
        ReportAction.objects.create(
            report=report, kind="return", actor=cast[Role.UNIT_HEAD], at=timezone.now(), reason="x"
        )
    _login(client, cast[Role.UNIT_HEAD])
    client.get(_url(report))  # warm the session

    # 15, and the documents issued from the report; the warm-up kept the movement's plan
    # (criteria, indicators, scoring versions: movements.selectors.structure) and the frozen
    # version's scoring rules and title bands (services.scores): five queries fewer than the
    # first GET.
    with django_assert_num_queries(16):
        response = client.get(_url(report))

    assert response.status_code == 200


# -- Steps from the page -------------------------------------------------------------------------


def test_submit_from_the_page(client: Client, cast: Cast, org: Org, plan: Plan) -> None:
    report = make_complete_report(plan, org.a)

    response = _login(client, cast[Role.UNIT_OFFICER]).post(
        _url(report, "nop/"), {"revision": report.revision}, follow=True
    )

    assert _messages(response) == ["Đã nộp báo cáo; chờ cấp “Đơn vị” duyệt."]
    assert Report.objects.get().status == ReportStatus.SUBMITTED


def test_submit_with_errors_says_why(client: Client, cast: Cast, org: Org, plan: Plan) -> None:
    report = make_report(plan, org.a, values={"DVC_TONG": "100"})

    response = _login(client, cast[Role.UNIT_OFFICER]).post(_url(report, "nop/"), follow=True)

    assert _messages(response)[0].startswith("Chưa nộp được: báo cáo còn 5 lỗi")
    assert Report.objects.get().status == ReportStatus.DRAFT


def test_submit_by_a_unit_head_is_forbidden(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = make_complete_report(plan, org.a)

    response = _login(client, cast[Role.UNIT_HEAD]).post(_url(report, "nop/"))

    assert response.status_code == 403


def test_approve_from_the_page_moves_to_the_next_level(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER])

    response = _login(client, cast[Role.UNIT_HEAD]).post(
        _url(report, "duyet/"), {"revision": report.revision}, follow=True
    )

    assert _messages(response) == ["Đã duyệt báo cáo ở cấp “Đơn vị”; chuyển cấp “Sở” duyệt."]


def test_approve_from_a_stale_page_is_told(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER], revision=2)

    response = _login(client, cast[Role.UNIT_HEAD]).post(
        _url(report, "duyet/"), {"revision": 1}, follow=True
    )

    assert "vừa được cập nhật sau khi bạn mở trang" in _messages(response)[0]
    assert Report.objects.get().pending_level == plan.levels[1]


def test_approving_another_units_report_from_the_page_is_not_found(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    officer_b = UserFactory(username="officer_b")
    grant(officer_b, Role.UNIT_OFFICER, org.b)
    report = _submitted(plan, org.b, officer_b)

    response = _login(client, cast[Role.UNIT_HEAD]).post(_url(report, "duyet/"))

    assert response.status_code == 404
    assert Report.objects.get().pending_level == plan.levels[1]


def test_return_with_htmx_without_a_reason_shows_the_error_in_the_form(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER])

    response = _login(client, cast[Role.UNIT_HEAD]).post(
        _url(report, "tra-lai/"), {"tra-lai-reason": "  "}, **HTMX
    )

    assert response.status_code == 200
    assert response.templates[0].name == "reporting/workflow/_reason_form.html"
    assert "Hãy nêu lý do để đơn vị biết cần sửa gì." in response.content.decode()
    assert Report.objects.get().status == ReportStatus.SUBMITTED


def test_return_with_htmx_and_a_reason_redirects_to_the_report(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER])

    response = _login(client, cast[Role.UNIT_HEAD]).post(
        _url(report, "tra-lai/"),
        {"tra-lai-reason": "Số thủ tục trực tuyến chưa khớp cổng dịch vụ công."},
        **HTMX,
    )

    assert (response.status_code, response["HX-Redirect"]) == (204, _url(report))
    assert Report.objects.get().status == ReportStatus.RETURNED


def test_return_without_htmx_and_without_a_reason_renders_the_page_with_the_error(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER])

    response = _login(client, cast[Role.UNIT_HEAD]).post(_url(report, "tra-lai/"), {})

    assert response.status_code == 200
    assert response.context["return_form"].errors == {
        "reason": ["Hãy nêu lý do để đơn vị biết cần sửa gì."]
    }


def test_revoke_from_the_page_needs_a_reason_then_reopens_the_report(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = make_complete_report(plan, org.a)
    submit_report(report=report, by=cast[Role.UNIT_OFFICER])
    approve_report(report=report, by=cast[Role.UNIT_HEAD])
    approve_report(report=report, by=cast[Role.DEPT_OFFICER])
    _login(client, cast[Role.DEPT_OFFICER])

    empty = client.post(_url(report, "huy-duyet/"), {"huy-duyet-reason": ""}, **HTMX)
    done = client.post(
        _url(report, "huy-duyet/"), {"huy-duyet-reason": "Sai số liệu."}, follow=True
    )

    assert "Hãy nêu lý do để đơn vị biết cần sửa gì." in empty.content.decode()
    assert _messages(done) == ["Đã hủy duyệt báo cáo; báo cáo trở lại cho đơn vị sửa, kèm lý do."]
    assert Report.objects.get().status == ReportStatus.RETURNED


def test_a_khoa_head_sees_the_approve_button_only_for_their_khoa(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    khoa_head = UserFactory(username="truong_khoa")
    grant(khoa_head, Role.UNIT_HEAD, org.a1, subtree=False)
    report = _submitted(plan, org.a1, cast[Role.UNIT_OFFICER])

    response = _login(client, khoa_head).get(_url(report))

    actions = response.context["detail"].actions
    assert (actions.approve.shown, actions.return_.shown) == (False, False)


def test_own_submission_shows_approve_disabled_with_the_reason(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    admin = cast[Role.SYSTEM_ADMIN]
    report = _submitted(plan, org.a, admin)

    response = _login(client, admin).get(_url(report))

    approve = response.context["detail"].actions.approve
    assert (approve.shown, approve.allowed, approve.reason) == (
        True,
        False,
        "Bạn không thể tự duyệt báo cáo do chính mình nộp.",
    )


# -- The approval queue --------------------------------------------------------------------------


def test_queue_of_a_unit_head_lists_what_awaits_their_level(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    mine = _submitted(plan, org.a, officer, level=1)
    _submitted(plan, org.a2, officer, level=1)  # a khoa of the unit: the unit approves it
    _submitted(plan, org.a1, officer, level=0)  # waiting for the Sở, not for the head
    officer_b = UserFactory(username="officer_b")
    grant(officer_b, Role.UNIT_OFFICER, org.b)
    _submitted(plan, org.b, officer_b, level=1)  # another unit

    response = _login(client, cast[Role.UNIT_HEAD]).get("/bao-cao/cho-duyet/")

    reports = [row["report"] for row in response.context["rows"]]
    assert sorted(r.unit.code for r in reports) == ["BV_A", "BV_A_K2"]
    assert mine in reports
    assert response.context["can_bulk"] is False


def test_queue_of_the_department_lists_every_level_and_filters(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    _submitted(plan, org.a, officer, level=1)
    officer_b = UserFactory(username="officer_b")
    grant(officer_b, Role.UNIT_OFFICER, org.b)
    _submitted(plan, org.b, officer_b, level=0)
    make_complete_report(plan, org.a1, status=ReportStatus.APPROVED)
    _login(client, cast[Role.DEPT_OFFICER])

    awaiting = client.get("/bao-cao/cho-duyet/")
    by_name = client.get("/bao-cao/cho-duyet/?q=BV_B")
    approved = client.get("/bao-cao/cho-duyet/?trang_thai=approved")

    def codes(response: Any) -> list[str]:
        return sorted(row["report"].unit.code for row in response.context["rows"])

    assert codes(awaiting) == ["BV_A", "BV_B"]
    assert codes(by_name) == ["BV_B"]
    assert codes(approved) == ["BV_A_K1"]
    assert awaiting.context["can_bulk"] is True


def test_queue_without_view_report_is_forbidden(client: Client, cast: Cast) -> None:
    assert _login(client, cast[Role.COUNCIL_MEMBER]).get("/bao-cao/cho-duyet/").status_code == 403


@pytest.mark.parametrize("count", [2, 12])
def test_queue_query_count_is_pinned(
    client: Client,
    cast: Cast,
    org: Org,
    plan: Plan,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    for index in range(count):
        unit = make_unit(f"BV_A_K{index + 10}", f"Khoa {index}", parent=org.a)
        _submitted(plan, unit, officer, level=index % 2)
    _login(client, cast[Role.DEPT_OFFICER])
    client.get("/bao-cao/cho-duyet/")

    with django_assert_num_queries(9):
        response = client.get(f"/bao-cao/cho-duyet/?phong_trao={plan.movement.pk}")

    assert len(response.context["rows"]) == count


def test_bulk_approve_from_the_queue(client: Client, cast: Cast, org: Org, plan: Plan) -> None:
    officer = cast[Role.UNIT_OFFICER]
    first = _submitted(plan, org.a, officer, level=1)
    own = _submitted(plan, org.a1, cast[Role.DEPT_OFFICER], level=0)

    response = _login(client, cast[Role.DEPT_OFFICER]).post(
        "/bao-cao/cho-duyet/duyet/", {"report": [first.pk, own.pk]}, follow=True
    )

    assert _messages(response) == [
        "Đã duyệt 1 báo cáo; bỏ qua 1 báo cáo (xem lý do từng báo cáo).",
        f"Khoa Nội A1 — {plan.current.name}: Bạn không thể tự duyệt báo cáo do chính mình nộp.",
    ]
    assert Report.objects.get(pk=first.pk).pending_level == plan.levels[0]


def test_bulk_approve_needs_manage_reporting(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = _submitted(plan, org.a, cast[Role.UNIT_OFFICER])

    response = _login(client, cast[Role.UNIT_HEAD]).post(
        "/bao-cao/cho-duyet/duyet/", {"report": [report.pk]}
    )

    assert response.status_code == 403


def test_bulk_approve_skips_reports_outside_the_scope(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    officer_b = UserFactory(username="officer_b")
    grant(officer_b, Role.UNIT_OFFICER, org.b)
    report = _submitted(plan, org.b, officer_b)
    dept_a = UserFactory(username="dept_a")
    grant(dept_a, Role.DEPT_OFFICER, org.a)

    response = _login(client, dept_a).post(
        "/bao-cao/cho-duyet/duyet/", {"report": [report.pk]}, follow=True
    )

    assert _messages(response) == ["Đã duyệt 0 báo cáo."]
    assert Report.objects.get().pending_level == plan.levels[1]


# -- Exceptions ----------------------------------------------------------------------------------


def test_exceptions_page_grants_and_lists(client: Client, cast: Cast, org: Org, plan: Plan) -> None:
    until = TODAY + dt.timedelta(days=4)
    _login(client, cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/bao-cao/ky/{plan.previous.pk}/gia-han/",
        {"unit": org.a.pk, "until": f"{until:%d/%m/%Y}", "reason": "Đổi phần mềm."},
        follow=True,
    )

    assert _messages(response) == [
        f"Đã cho phép Bệnh viện A nhập, nộp báo cáo {plan.previous.name} đến hết ngày "
        f"{until:%d/%m/%Y}."
    ]
    assert [e.unit for e in response.context["exceptions"]] == [org.a]


def test_exceptions_page_shows_the_lock_date_error(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    _login(client, cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/bao-cao/ky/{plan.current.pk}/gia-han/",
        {"unit": org.a.pk, "until": f"{plan.current.locks_on:%d/%m/%Y}", "reason": "Sớm."},
    )

    assert (
        response.context["form"]
        .errors["until"][0]
        .startswith("Ngày gia hạn phải sau ngày khóa số liệu")
    )
    assert EntryException.objects.count() == 0


def test_exceptions_page_is_for_the_department(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    url = f"/bao-cao/ky/{plan.previous.pk}/gia-han/"

    assert _login(client, cast[Role.UNIT_OFFICER]).get(url).status_code == 403
    assert _login(client, cast[Role.UNIT_HEAD]).get(url).status_code == 403


def test_revoke_an_exception_from_the_page(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    exception = grant_exception(
        period=plan.previous,
        unit=org.a,
        until=TODAY + dt.timedelta(days=2),
        reason="A",
        by=cast[Role.DEPT_OFFICER],
    )

    response = _login(client, cast[Role.DEPT_OFFICER]).post(
        f"/bao-cao/gia-han/{exception.pk}/thu-hoi/", follow=True
    )

    assert _messages(response) == ["Đã thu hồi gia hạn của Bệnh viện A."]
    assert EntryException.objects.count() == 0


def test_revoking_an_exception_outside_the_scope_is_not_found(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    exception = grant_exception(
        period=plan.previous,
        unit=org.b,
        until=TODAY + dt.timedelta(days=2),
        reason="B",
        by=cast[Role.DEPT_OFFICER],
    )
    dept_a = UserFactory(username="dept_a")
    grant(dept_a, Role.DEPT_OFFICER, org.a)

    response = _login(client, dept_a).post(f"/bao-cao/gia-han/{exception.pk}/thu-hoi/")

    assert response.status_code == 404
    assert EntryException.objects.count() == 1


def test_revoke_approval_is_offered_to_the_department_on_an_approved_report(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    report = make_complete_report(plan, org.a)
    submit_report(report=report, by=cast[Role.UNIT_OFFICER])
    approve_report(report=report, by=cast[Role.UNIT_HEAD])
    approve_report(report=report, by=cast[Role.DEPT_OFFICER])
    revoke_approval(report=report, by=cast[Role.DEPT_OFFICER], reason="Kiểm tra lại.")
    submit_report(report=report, by=cast[Role.UNIT_OFFICER])
    approve_report(report=report, by=cast[Role.UNIT_HEAD])

    response = _login(client, cast[Role.DEPT_OFFICER]).get(_url(report))

    actions = response.context["detail"].actions
    assert (actions.approve.allowed, actions.revoke.allowed) == (True, True)


# -- Who sees a report's page and its history, by role and place (the permission matrix) ----------

_UNITS = {"own": "a", "child": "a1", "sibling": "b", "other_branch": "b1"}
_EXPECTED = {
    Role.SYSTEM_ADMIN: {"own": 200, "child": 200, "sibling": 200, "other_branch": 200},
    Role.DEPT_OFFICER: {"own": 200, "child": 200, "sibling": 200, "other_branch": 200},
    Role.DEPT_LEADER: {"own": 200, "child": 200, "sibling": 200, "other_branch": 200},
    Role.INSPECTOR: {"own": 200, "child": 200, "sibling": 200, "other_branch": 200},
    Role.UNIT_OFFICER: {"own": 200, "child": 200, "sibling": 404, "other_branch": 404},
    Role.UNIT_HEAD: {"own": 200, "child": 200, "sibling": 404, "other_branch": 404},
    Role.COUNCIL_MEMBER: {"own": 403, "child": 403, "sibling": 403, "other_branch": 403},
    Role.REVIEWER: {"own": 403, "child": 403, "sibling": 403, "other_branch": 403},
    Role.STAFF: {"own": 403, "child": 403, "sibling": 403, "other_branch": 403},
}


@pytest.mark.parametrize("role", list(_EXPECTED))
def test_report_page_and_history_api_by_role_and_place(
    client: Client, cast: Cast, org: Org, plan: Plan, role: Role
) -> None:
    reports = {place: make_report(plan, getattr(org, attr)) for place, attr in _UNITS.items()}
    _login(client, cast[role])
    api = ApiClient(cast[role])

    pages = {place: client.get(_url(r)).status_code for place, r in reports.items()}
    history = {
        place: api.get(f"/reports/{r.pk}/history").status_code for place, r in reports.items()
    }

    assert pages == _EXPECTED[role]
    assert history == _EXPECTED[role]
