"""The reporting home page: a unit's reports of the open periods with the next step, what waits
for one's approval, the department's open periods with their completeness, the links; scope and
pinned query counts."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.movements.tests.factories import make_scope
from thidua.organizations.enums import UnitKind
from thidua.organizations.tests.factories import make_unit
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import EntryException
from thidua.reporting.tests.factories import make_plan, make_report

TODAY = timezone.localdate()
HOME = "/bao-cao/"


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def plan(org):
    return make_plan(org)


def _get(user, path: str = HOME):
    client = Client()
    client.force_login(user)
    return client.get(path)


def _steps(response) -> list[tuple[str, str, str, str | None]]:
    return [
        (row.unit.code, row.period.name, row.state, link.url if link else None)
        for row, link in response.context["rows"]
    ]


def _submitted(plan, unit, by=None):
    return make_report(
        plan,
        unit,
        status=ReportStatus.SUBMITTED,
        pending_level=plan.levels[1],
        submitted_by=by,
        first_submitted_at=timezone.now(),
        submitted_at=timezone.now(),
    )


# --- A unit's officer and head -----------------------------------------------------------------


def test_unit_officer_is_offered_to_start_the_report_of_the_open_period(org, cast, plan):
    response = _get(cast[Role.UNIT_OFFICER])

    assert response.status_code == 200
    assert _steps(response) == [
        (
            "BV_A",
            plan.current.name,
            "not_started",
            f"/bao-cao/ky/{plan.current.pk}/don-vi/{org.a.pk}/",
        )
    ]
    html = response.content.decode()
    assert ">Nhập báo cáo</a>" in html
    assert f"Hạn nộp {plan.current.due_on:%d/%m/%Y} (còn 5 ngày)" in html
    assert "Các kỳ báo cáo đang mở" not in html  # the department's overview


def test_a_draft_is_continued_on_its_entry_page(org, cast, plan):
    report = make_report(plan, org.a, status=ReportStatus.DRAFT)

    response = _get(cast[Role.UNIT_OFFICER])

    assert _steps(response) == [("BV_A", plan.current.name, "draft", f"/bao-cao/{report.pk}/nhap/")]


def test_a_submitted_report_is_looked_at_not_entered(org, cast, plan):
    report = _submitted(plan, org.a)

    response = _get(cast[Role.UNIT_OFFICER])

    assert _steps(response) == [("BV_A", plan.current.name, "submitted", f"/bao-cao/{report.pk}/")]
    assert '<div class="small text-muted">ở cấp Đơn vị</div>' in response.content.decode()


def test_unit_head_is_asked_to_approve_what_waits_at_their_level(org, cast, plan):
    report = _submitted(plan, org.a, by=cast[Role.UNIT_OFFICER])

    response = _get(cast[Role.UNIT_HEAD])

    html = response.content.decode()
    assert _steps(response) == [("BV_A", plan.current.name, "submitted", f"/bao-cao/{report.pk}/")]
    assert ">Duyệt</a>" in html
    assert response.context["home"].awaiting_me == 1
    assert "<strong>1</strong> báo cáo đang chờ bạn duyệt." in html
    assert 'href="/bao-cao/cho-duyet/">Mở danh sách chờ duyệt</a>' in html


def test_a_unit_with_an_exception_sees_the_locked_period_again(org, cast, plan):
    EntryException.objects.create(
        period=plan.previous, unit=org.a, until=TODAY + dt.timedelta(days=7), reason="Gia hạn"
    )

    response = _get(cast[Role.UNIT_OFFICER])

    assert [(code, name, state) for code, name, state, _ in _steps(response)] == [
        ("BV_A", plan.current.name, "not_started"),
        ("BV_A", plan.previous.name, "not_started"),
    ]
    until = (TODAY + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    assert f"Được gia hạn đến hết {until}" in response.content.decode()


def test_the_officer_sees_no_other_units(org, cast, plan):
    _submitted(plan, org.b)

    response = _get(cast[Role.UNIT_OFFICER])

    assert [code for code, _, _, _ in _steps(response)] == ["BV_A"]
    assert "Bệnh viện B" not in response.content.decode()


# --- The department ------------------------------------------------------------------------------


def test_department_officer_sees_the_open_periods_with_their_counts(org, cast, plan):
    _submitted(plan, org.a)

    response = _get(cast[Role.DEPT_OFFICER])

    home = response.context["home"]
    html = response.content.decode()
    assert home.has_own_units is False
    assert [
        (p.period.name, p.total, p.submitted, p.counts["not_started"]) for p in home.periods
    ] == [(plan.current.name, 2, 1, 1)]
    assert "<strong>1/2</strong> đơn vị đã nộp (50%)" in html
    assert f'href="/bao-cao/tien-do/{plan.current.pk}/?trang_thai=not_started">1</a>' in html
    assert f'href="/bao-cao/thiet-lap/{plan.movement.pk}/"' in html
    assert (
        f"Hạn nộp ngày {plan.current.due_on:%d/%m/%Y} (còn 5 ngày): báo cáo nộp đến hết ngày "
        "này là đúng hạn."
    ) in html


def test_department_leader_reads_the_overview_without_the_setup(cast, plan):
    response = _get(cast[Role.DEPT_LEADER])

    assert [p.period.pk for p in response.context["home"].periods] == [plan.current.pk]
    assert response.context["home"].managed_movements == []
    assert response.context["home"].awaiting_me is None
    assert "/bao-cao/thiet-lap/" not in response.content.decode()


def test_links_to_the_scores_and_the_excel_entry(cast, plan):
    response = _get(cast[Role.DEPT_OFFICER])

    pk, code = plan.movement.pk, plan.movement.code
    assert [(link.label, link.url) for link in response.context["score_links"]] == [
        ("Điểm, xếp hạng", "/bao-cao/diem/"),
        (f"Bảng xếp hạng — {code}", f"/bao-cao/diem/{pk}/xep-hang/"),
        (f"Bản đồ nhiệt — {code}", f"/bao-cao/diem/{pk}/ban-do-nhiet/"),
        (f"Tính lại điểm — {code}", f"/bao-cao/diem/{pk}/tinh-lai/"),
    ]
    html = response.content.decode()
    assert f'href="/bao-cao/diem/{pk}/xep-hang/"' in html
    assert f'href="/bao-cao/ky/{plan.current.pk}/nhap-excel/"' in html
    assert 'href="/bao-cao/tien-do/"' in html


def test_a_leader_gets_no_recompute_link(cast, plan):
    response = _get(cast[Role.DEPT_LEADER])

    assert [link.label.split(" — ")[0] for link in response.context["score_links"]] == [
        "Điểm, xếp hạng",
        "Bảng xếp hạng",
        "Bản đồ nhiệt",
    ]


def test_without_view_report_the_home_is_forbidden(cast, plan):
    assert _get(cast[Role.COUNCIL_MEMBER]).status_code == 403


# --- Query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_of_the_department_does_not_grow_with_units(
    org, cast, plan, count, django_assert_num_queries
):
    for number in range(count):
        unit = make_unit(f"BV_X{number:02d}", f"Bệnh viện X{number:02d}", parent=org.root)
        make_scope(plan.movement, unit)
        make_report(plan, unit, status=ReportStatus.DRAFT)
    client = Client()
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, open periods, movement scope rows, unit ids, reports by state,
    # awaiting approval, managed movements, base.html's user.person
    with django_assert_num_queries(10):
        response = client.get(HOME)

    assert response.context["home"].periods[0].total == count + 2


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_of_a_unit_head_does_not_grow_with_reports(
    org, cast, plan, count, django_assert_num_queries
):
    units = [org.a]
    for number in range(count):
        unit = make_unit(
            f"BV_AX{number:02d}", f"Trung tâm X{number:02d}", parent=org.a, kind=UnitKind.CENTRE
        )
        units.append(unit)
    for unit in units:
        _submitted(plan, unit, by=cast[Role.UNIT_OFFICER])
    client = Client()
    client.force_login(cast[Role.UNIT_HEAD])

    # session, user, grants, open periods, exceptions, movement scope rows, units, reports,
    # awaiting approval, base.html's user.person
    with django_assert_num_queries(10):
        response = client.get(HOME)

    assert len(response.context["rows"]) == count + 1
