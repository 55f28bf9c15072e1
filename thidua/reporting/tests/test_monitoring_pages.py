"""The completeness and timeliness page of a period: every unit that must report with its
state, the counts, the filters (state, timeliness, cluster, search without diacritics), paging,
the three dates explained, the exceptions, the Excel export, scope and pinned query counts."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import MovementStatus
from thidua.movements.tests.factories import make_movement, make_scope
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Cluster, ClusterMember
from thidua.organizations.tests.factories import make_unit
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import EntryException
from thidua.reporting.tests.factories import make_plan, make_report

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def plan(org):
    return make_plan(org)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(plan, suffix: str = "") -> str:
    return f"/bao-cao/tien-do/{plan.current.pk}/{suffix}"


def _moment(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, hour, 30, tzinfo=timezone.get_current_timezone()
    )


def _submitted(plan, unit, *, late: bool = False, **fields):
    at = _moment(TODAY)
    return make_report(
        plan,
        unit,
        status=ReportStatus.SUBMITTED,
        pending_level=plan.levels[1],
        submitted_at=at,
        first_submitted_at=at,
        is_late=late,
        **fields,
    )


def _rows(response) -> list[tuple[str, str]]:
    return [(row.unit.code, row.state) for row in response.context["page"].object_list]


def _hospital(org, plan, code: str, name: str):
    unit = make_unit(code, name, parent=org.root, kind=UnitKind.HOSPITAL)
    make_scope(plan.movement, unit)
    return unit


# --- What it shows -------------------------------------------------------------------------------


def test_department_officer_sees_every_unit_that_must_report_with_its_state(org, cast, plan):
    c = _hospital(org, plan, "BV_C", "Bệnh viện Đa khoa Đức Giang")
    d = _hospital(org, plan, "BV_D", "Bệnh viện Thanh Nhàn")
    e = _hospital(org, plan, "BV_E", "Bệnh viện Xanh Pôn")
    _submitted(plan, org.a)
    make_report(plan, c, status=ReportStatus.DRAFT)
    make_report(plan, d, status=ReportStatus.RETURNED, first_submitted_at=_moment(TODAY))
    make_report(
        plan,
        e,
        status=ReportStatus.APPROVED,
        first_submitted_at=_moment(TODAY),
        approved_at=_moment(TODAY, 15),
    )

    response = _client(cast[Role.DEPT_OFFICER]).get(_url(plan))

    assert response.status_code == 200
    assert _rows(response) == [
        ("BV_A", "submitted"),
        ("BV_B", "not_started"),
        ("BV_C", "draft"),
        ("BV_D", "returned"),
        ("BV_E", "approved"),
    ]
    result = response.context["result"]
    assert result.counts == {
        "not_started": 1,
        "draft": 1,
        "returned": 1,
        "submitted": 1,
        "approved": 1,
    }
    assert (result.total, result.submitted, result.percent_submitted) == (5, 2, 40)
    html = response.content.decode()
    assert "<strong>2/5</strong> đơn vị đã nộp báo cáo (40%)" in html
    assert '<div class="small text-muted">ở cấp Đơn vị</div>' in html


def test_a_submission_shows_its_date_and_whether_it_was_late(org, cast, plan):
    _submitted(plan, org.a, late=True)

    response = _client(cast[Role.DEPT_OFFICER]).get(_url(plan))

    row = response.context["page"].object_list[0]
    assert (row.timeliness, row.first_submitted_at) == ("late", _moment(TODAY))
    assert f'{TODAY:%d/%m/%Y} 09:30 <span class="badge text-bg-danger">muộn</span>' in (
        response.content.decode()
    )


def test_unit_officer_sees_only_their_units_subtree(org, cast, plan):
    _submitted(plan, org.b)
    make_report(plan, org.a1, status=ReportStatus.DRAFT)

    client = _client(cast[Role.UNIT_OFFICER])
    units = client.get(_url(plan))
    with_khoa = client.get(_url(plan), {"khoa": "1"})

    assert _rows(units) == [("BV_A", "not_started")]
    assert units.context["result"].counts["submitted"] == 0
    assert _rows(with_khoa) == [
        ("BV_A", "not_started"),
        ("BV_A_K2", "not_started"),  # "Khoa Ngoại A2" before "Khoa Nội A1"
        ("BV_A_K1", "draft"),
    ]
    assert "Bệnh viện B" not in with_khoa.content.decode()


def test_filter_by_state_keeps_the_counts_of_every_state(org, cast, plan):
    _submitted(plan, org.a)

    response = _client(cast[Role.DEPT_OFFICER]).get(_url(plan), {"trang_thai": "not_started"})

    assert _rows(response) == [("BV_B", "not_started")]
    assert response.context["result"].counts["submitted"] == 1


def test_filter_by_timeliness(org, cast, plan):
    _submitted(plan, org.a, late=True)
    _submitted(plan, _hospital(org, plan, "BV_C", "Bệnh viện C"))

    client = _client(cast[Role.DEPT_OFFICER])
    late = client.get(_url(plan), {"han": "late"})
    on_time = client.get(_url(plan), {"han": "on_time"})
    not_submitted = client.get(_url(plan), {"han": "not_submitted"})

    assert [code for code, _ in _rows(late)] == ["BV_A"]
    assert [code for code, _ in _rows(on_time)] == ["BV_C"]
    assert [code for code, _ in _rows(not_submitted)] == ["BV_B"]
    assert late.context["result"].timeliness == {"on_time": 1, "late": 1, "not_submitted": 1}


def test_search_ignores_diacritics_and_case(org, cast, plan):
    _hospital(org, plan, "BV_DG", "Bệnh viện Đa khoa Đức Giang")

    client = _client(cast[Role.DEPT_OFFICER])
    folded = client.get(_url(plan), {"q": "duc giang"})
    code = client.get(_url(plan), {"q": "bv_b"})

    assert [c for c, _ in _rows(folded)] == ["BV_DG"]
    assert [c for c, _ in _rows(code)] == ["BV_B"]


def test_filter_by_cluster_of_the_periods_year(org, cast, plan):
    year = plan.current.year
    cluster = Cluster.objects.create(year=year, code="K1", name="Cụm bệnh viện hạng I")
    ClusterMember.objects.create(cluster=cluster, unit=org.b, year=year)
    other_year = Cluster.objects.create(year=year - 1, code="K1", name="Cụm năm trước")
    ClusterMember.objects.create(cluster=other_year, unit=org.a, year=year - 1)

    response = _client(cast[Role.DEPT_OFFICER]).get(_url(plan), {"cum": str(cluster.pk)})

    assert _rows(response) == [("BV_B", "not_started")]
    assert [c.name for c in response.context["result"].clusters] == ["Cụm bệnh viện hạng I"]


def test_khoa_takes_the_cluster_of_its_unit(org, cast, plan):
    year = plan.current.year
    cluster = Cluster.objects.create(year=year, code="K1", name="Cụm bệnh viện hạng I")
    ClusterMember.objects.create(cluster=cluster, unit=org.a, year=year)

    response = _client(cast[Role.DEPT_OFFICER]).get(
        _url(plan), {"cum": str(cluster.pk), "khoa": "1"}
    )

    assert [c for c, _ in _rows(response)] == ["BV_A", "BV_A_K2", "BV_A_K1"]


def test_pages_of_fifty(org, cast, plan):
    for number in range(53):
        _hospital(org, plan, f"BV_X{number:02d}", f"Bệnh viện X{number:02d}")

    client = _client(cast[Role.DEPT_OFFICER])
    first = client.get(_url(plan))
    second = client.get(_url(plan), {"page": "2"})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
    assert "Trang 2/2 · 55 đơn vị" in second.content.decode()


def test_the_three_dates_are_explained(cast, plan):
    html = _client(cast[Role.DEPT_OFFICER]).get(_url(plan)).content.decode()

    opens, due, locks = (plan.current.opens_on, plan.current.due_on, plan.current.locks_on)
    assert f"Mở nhập liệu từ ngày {opens:%d/%m/%Y}: đơn vị nhập số liệu và minh chứng." in html
    assert (
        f"Hạn nộp ngày {due:%d/%m/%Y} (còn 5 ngày): báo cáo nộp đến hết ngày này là đúng hạn."
        in html
    )
    assert f"Khóa số liệu sau ngày {locks:%d/%m/%Y} (còn 20 ngày)" in html
    assert "Đang mở nhập liệu" in html


def test_a_past_period_is_explained_as_locked(cast, plan):
    html = (
        _client(cast[Role.DEPT_OFFICER])
        .get(_url(plan).replace(str(plan.current.pk), str(plan.previous.pk)))
        .content.decode()
    )

    assert f"Số liệu đã khóa sau ngày {plan.previous.locks_on:%d/%m/%Y}" in html
    assert "Đã khóa số liệu" in html


def test_units_with_an_exception_are_listed(org, cast, plan):
    EntryException.objects.create(
        period=plan.current,
        unit=org.b,
        until=TODAY + dt.timedelta(days=30),
        reason="Thay đổi cán bộ phụ trách",
        granted_by=cast[Role.DEPT_OFFICER],
    )

    response = _client(cast[Role.DEPT_OFFICER]).get(_url(plan))

    html = response.content.decode()
    until = (TODAY + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    assert [e.unit.code for e in response.context["result"].exceptions] == ["BV_B"]
    assert f"Được gia hạn đến {until}" in html
    assert "Thay đổi cán bộ phụ trách" in html


def test_overdue_units_show_how_many_days(org, cast, plan):
    response = _client(cast[Role.DEPT_OFFICER]).get(
        f"/bao-cao/tien-do/{plan.previous.pk}/", {"trang_thai": "not_started"}
    )

    days = (TODAY - plan.previous.due_on).days
    assert [row.overdue_days for row in response.context["page"].object_list] == [days, days]
    assert f"Quá hạn {days} ngày" in response.content.decode()


def test_home_of_the_view_opens_the_current_period(cast, plan):
    response = _client(cast[Role.DEPT_OFFICER]).get("/bao-cao/tien-do/")

    assert (response.status_code, response["Location"]) == (302, _url(plan))


def test_the_period_picker_opens_the_chosen_period(cast, plan):
    response = _client(cast[Role.DEPT_OFFICER]).get(
        "/bao-cao/tien-do/", {"ky": str(plan.previous.pk)}
    )

    assert response["Location"] == f"/bao-cao/tien-do/{plan.previous.pk}/"


# --- Excel ---------------------------------------------------------------------------------------


def test_export_has_the_rows_of_the_page_and_is_audited(org, cast, plan):
    _submitted(plan, org.a, late=True)

    response = _client(cast[Role.DEPT_OFFICER]).get(_url(plan, "xuat-excel/"), {"han": "late"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="tien-do-bao-cao-')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:8] == [
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        "Cụm, khối thi đua",
        "Trạng thái",
        "Chờ duyệt ở cấp",
        "Nộp lần đầu lúc",
        "Đúng hạn / muộn",
    ]
    assert [row[:8] for row in rows[1:]] == [
        [
            1,
            "BV_A",
            "Bệnh viện A",
            None,
            "Chờ duyệt",
            "Đơn vị",
            f"{TODAY:%d/%m/%Y} 09:30",
            "Nộp muộn",
        ]
    ]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.changes == {"filters": [None, "thời hạn: Nộp muộn"], "rows": [None, 1]}


def test_export_of_a_unit_officer_is_their_subtree(org, cast, plan):
    response = _client(cast[Role.UNIT_OFFICER]).get(_url(plan, "xuat-excel/"), {"khoa": "1"})

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["BV_A", "BV_A_K2", "BV_A_K1"]


# --- Refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "xuat-excel/"])
def test_without_view_report_the_page_is_forbidden(cast, plan, suffix):
    response = _client(cast[Role.COUNCIL_MEMBER]).get(_url(plan, suffix))

    assert response.status_code == 403


@pytest.mark.parametrize("suffix", ["", "xuat-excel/"])
def test_a_period_of_a_movement_out_of_scope_is_not_found(org, cast, suffix):
    movement = make_movement(org.b, status=MovementStatus.LAUNCHED)
    other = make_plan(org)
    period = other.current
    period.movement = movement
    period.save()

    response = _client(cast[Role.UNIT_OFFICER]).get(f"/bao-cao/tien-do/{period.pk}/{suffix}")

    assert response.status_code == 404


def test_an_unknown_period_is_not_found(cast, plan):
    response = _client(cast[Role.DEPT_OFFICER]).get("/bao-cao/tien-do/999999/")

    assert response.status_code == 404


# --- Query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_units(org, cast, plan, count, django_assert_num_queries):
    year = plan.current.year
    cluster = Cluster.objects.create(year=year, code="K1", name="Cụm 1")
    for number in range(count):
        unit = _hospital(org, plan, f"BV_X{number:02d}", f"Bệnh viện X{number:02d}")
        ClusterMember.objects.create(cluster=cluster, unit=unit, year=year)
        make_report(plan, unit, status=ReportStatus.DRAFT)
        EntryException.objects.create(period=plan.current, unit=unit, until=TODAY, reason="Lý do")
    client = _client(cast[Role.DEPT_OFFICER])

    # session, user, grants, period, movement scope rows, units, reports, cluster members,
    # exceptions, periods of the picker, base.html's user.person
    with django_assert_num_queries(11):
        response = client.get(_url(plan))

    assert response.context["result"].total == count + 2


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_of_a_unit_officer_does_not_grow_with_units(
    org, cast, plan, count, django_assert_num_queries
):
    for number in range(count):
        unit = make_unit(f"BV_A_X{number:02d}", f"Khoa X{number:02d}", parent=org.a)
        make_report(plan, unit, status=ReportStatus.DRAFT)
    client = _client(cast[Role.UNIT_OFFICER])

    with django_assert_num_queries(11):
        response = client.get(_url(plan), {"khoa": "1"})

    assert response.context["result"].total == count + 3


def test_the_bar_of_states_is_full(org, cast, plan):
    _submitted(plan, org.a)
    _hospital(org, plan, "BV_C", "Bệnh viện C")

    response = _client(cast[Role.DEPT_OFFICER]).get(_url(plan))

    # 1 of 3 submitted (33%), 2 not started (66% + the 1% rounding left over)
    assert [(bar.key, bar.percent) for bar in response.context["result"].bars] == [
        ("submitted", 33),
        ("not_started", 67),
    ]
