"""The entry pages: start, the entry form (htmx saves of one value with out-of-band updates), the
no-JavaScript save, explanations, the khoa/phòng aggregate, read-only states, query counts."""

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from thidua.accounts.roles import Role
from thidua.movements.enums import ValueType
from thidua.movements.models import Indicator
from thidua.organizations.tests.factories import PersonFactory
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import Report, ReportValue
from thidua.reporting.services.entry import start_report
from thidua.reporting.tests.factories import make_plan, make_report

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def plan(org):
    return make_plan(org)


@pytest.fixture
def officer(cast):
    return cast[Role.UNIT_OFFICER]


@pytest.fixture
def report(org, plan, officer):
    return start_report(period=plan.current, unit=org.a, by=officer)


def _entry_url(report):
    return reverse("reporting:report_entry", args=[report.pk])


def _value_url(report, indicator):
    return reverse("reporting:entry_value", args=[report.pk, indicator.pk])


def _row(report, code):
    return ReportValue.objects.get(report=report, indicator__code=code)


def _post_value(client, report, plan, code, raw, **extra):
    indicator = plan.indicators[code]
    revision = extra.pop("revision", _row(report, code).revision)
    return client.post(
        _value_url(report, indicator),
        {f"v-{indicator.pk}": raw, f"r-{indicator.pk}": revision, **extra},
        **HTMX,
    )


def test_start_page_offers_to_start_then_opens_the_entry_page(client, org, plan, officer):
    client.force_login(officer)
    url = reverse("reporting:report_start", args=[plan.current.pk, org.a.pk])

    shown = client.get(url)
    started = client.post(url)

    assert "Bắt đầu nhập báo cáo" in shown.content.decode()
    report = Report.objects.get(period=plan.current, unit=org.a)
    assert started.url == _entry_url(report)
    assert client.get(url).url == _entry_url(report)


def test_start_page_after_the_lock_date_says_why(client, org, plan, officer):
    client.force_login(officer)

    response = client.post(reverse("reporting:report_start", args=[plan.previous.pk, org.a.pk]))

    assert response.status_code == 400
    assert "đã khóa" in response.content.decode()
    assert not Report.objects.filter(period=plan.previous, unit=org.a).exists()


def test_entry_page_shows_groups_target_previous_and_inputs(client, org, plan, officer, report):
    make_report(plan, org.a, period=plan.previous, values={"CB_DAO_TAO": "12"})
    client.force_login(officer)

    html = client.get(_entry_url(report)).content.decode()

    assert "ND1. Chuyển đổi số" in html
    assert "TC1. Dịch vụ công, đào tạo" in html
    cb = plan.indicators["CB_DAO_TAO"]
    row = re.search(rf'<tr id="row-{cb.pk}".*?</tr>', html, re.S).group(0)
    assert '<td class="num" data-label="Chỉ tiêu giao">50</td>' in row  # the yearly target
    assert '<td class="num" data-label="Kỳ trước">12</td>' in row  # the previous quarter
    assert f'name="v-{cb.pk}"' in row
    assert 'hx-trigger="input changed delay:600ms"' in row
    assert "Nộp báo cáo" in html


def test_typing_a_value_saves_it_and_updates_computed_points_and_status(
    client, plan, officer, report
):
    client.force_login(officer)
    _post_value(client, report, plan, "DVC_TONG", "200")

    response = _post_value(client, report, plan, "DVC_TRUC_TUYEN", "170")

    html = response.content.decode()
    tl = plan.indicators["TL_DVC"]
    assert _row(report, "DVC_TRUC_TUYEN").value == Decimal(170)
    assert re.search(rf'<output[^>]*id="val-{tl.pk}"[^>]*hx-swap-oob="true">85&nbsp;%', html)
    assert re.search(rf'<span id="pts-{tl.pk}" hx-swap-oob="true">40</span>', html)
    assert f'id="crit-{plan.criteria["TC1"].pk}" hx-swap-oob="true">40<' in html
    assert re.search(r'id="save-status"[^>]*>Đã lưu lúc \d\d:\d\d<', html)
    revision = _row(report, "DVC_TRUC_TUYEN").revision
    assert f'value="{revision}" hx-swap-oob="true"' in html


def test_typing_text_in_a_number_field_is_refused_in_vietnamese(client, plan, officer, report):
    client.force_login(officer)

    response = _post_value(client, report, plan, "DVC_TONG", "hai trăm")

    assert "Giá trị phải là một số, ví dụ 12,5." in response.content.decode()
    assert _row(report, "DVC_TONG").value is None


def test_second_editor_is_told_who_changed_the_value(client, plan, officer, report):
    loaded = _row(report, "DVC_TONG").revision
    client.force_login(officer)
    _post_value(client, report, plan, "DVC_TONG", "40", revision=loaded)  # the first editor

    response = _post_value(client, report, plan, "DVC_TONG", "50", revision=loaded)

    html = response.content.decode()
    assert "đã sửa số liệu này lúc" in html
    assert "giá trị hiện tại là “40”" in html
    assert "Tải lại giá trị hiện tại" in html
    assert _row(report, "DVC_TONG").value == Decimal(40)


def test_reloading_a_row_gives_the_stored_value_and_revision(client, plan, officer, report):
    client.force_login(officer)
    _post_value(client, report, plan, "DVC_TONG", "40")
    indicator = plan.indicators["DVC_TONG"]

    html = client.get(_value_url(report, indicator), **HTMX).content.decode()

    assert re.search(
        rf'<input [^>]*id="v-{indicator.pk}"[^>]*hx-swap-oob="true"\s+value="40"', html
    )
    revision = _row(report, "DVC_TONG").revision
    assert f'id="r-{indicator.pk}" value="{revision}" hx-swap-oob="true"' in html
    assert "<tr" not in html


def test_no_javascript_save_writes_changed_values_and_reports_problems(
    client, plan, officer, report
):
    client.force_login(officer)
    ids = {code: ind.pk for code, ind in plan.indicators.items()}
    data = {f"v-{pk}": "" for pk in ids.values()}
    data |= {f"r-{pk}": 0 for pk in ids.values()}

    saved = client.post(_entry_url(report), data | {f"v-{ids['DVC_TONG']}": "1.200"})
    refused = client.post(
        _entry_url(report),
        data | {f"v-{ids['DVC_TONG']}": "1.200", f"v-{ids['SU_CO']}": "-1",
                f"r-{ids['DVC_TONG']}": 1},
    )  # fmt: skip

    assert saved.status_code == 302
    assert _row(report, "DVC_TONG").value == Decimal(1200)
    assert refused.status_code == 400
    assert "Số lượng không được âm." in refused.content.decode()
    assert 'value="-1"' in refused.content.decode()


def test_a_warning_is_explained_in_its_box(client, org, plan, officer, report):
    make_report(plan, org.a, period=plan.previous, values={"SU_CO": "1"})
    client.force_login(officer)
    _post_value(client, report, plan, "SU_CO", "5")
    su_co = plan.indicators["SU_CO"]
    assert "thay đổi hơn 3 lần" in client.get(_entry_url(report)).content.decode()

    response = client.post(
        reverse("reporting:entry_explanation", args=[report.pk, su_co.pk]),
        {
            f"e-{su_co.pk}": "Bị tấn công có chủ đích",
            f"r-{su_co.pk}": _row(report, "SU_CO").revision,
        },
        **HTMX,
    )

    assert _row(report, "SU_CO").explanation == "Bị tấn công có chủ đích"
    assert _row(report, "SU_CO").value == Decimal(5)
    assert "Đã giải trình" in response.content.decode()


def test_unit_page_offers_the_aggregate_of_its_khoa_reports(
    client, org, plan, officer, report, settings
):
    PersonFactory(unit=org.a1)
    PersonFactory(unit=org.a2)
    make_report(plan, org.a1, values={"CB_DAO_TAO": "3"})
    make_report(plan, org.a2, values={"CB_DAO_TAO": "4"})
    client.force_login(officer)
    cb = plan.indicators["CB_DAO_TAO"]

    html = client.get(_entry_url(report)).content.decode()
    used = client.post(_value_url(report, cb), {"dung_tong_hop": "1", f"r-{cb.pk}": 0}, **HTMX)

    assert "Tổng hợp khoa/phòng" in html
    assert "Dùng số tổng hợp" in html
    assert _row(report, "CB_DAO_TAO").value == Decimal(7)
    assert re.search(rf'id="v-{cb.pk}"[^>]*hx-swap-oob="true"\s+value="7"', used.content.decode())


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED])
def test_locked_report_renders_read_only(client, plan, officer, report, status):
    Report.objects.filter(pk=report.pk).update(status=status)
    client.force_login(officer)

    html = client.get(_entry_url(report)).content.decode()
    refused = _post_value(client, report, plan, "DVC_TONG", "1")

    assert 'name="v-' not in html
    assert "chỉ xem" in html or "đã khóa" in html
    assert "không sửa được" in refused.content.decode()


def test_a_reader_sees_the_page_without_inputs(client, plan, cast, report):
    client.force_login(cast[Role.UNIT_HEAD])

    html = client.get(_entry_url(report)).content.decode()

    assert 'name="v-' not in html
    assert "Bạn chỉ có quyền xem báo cáo này." in html
    assert _post_value(client, report, plan, "DVC_TONG", "1").status_code == 403


def _more_indicators(plan, count):
    for number in range(count):
        Indicator.objects.create(
            movement=plan.movement, criterion=plan.criteria["TC1"], code=f"THEM_{number}",
            name=f"Chỉ tiêu thêm {number}", value_type=ValueType.NUMBER, order=50 + number,
        )  # fmt: skip


@pytest.mark.parametrize("extra", [0, 8])
def test_entry_page_query_count_does_not_grow(
    client, org, plan, officer, extra, django_assert_num_queries: Any
):
    _more_indicators(plan, extra)
    report = start_report(period=plan.current, unit=org.a, by=officer)
    for unit in [org.a1, org.a2][: 1 + extra // 8]:
        make_report(plan, unit, values={"CB_DAO_TAO": "3", "DVC_TONG": "4"})
    client.force_login(officer)

    # The first request reads the movement's plan (criteria with their areas, indicators,
    # scoring versions: three queries); the process keeps it, and the next request reads only
    # the report's own rows.
    with django_assert_num_queries(16):
        first = client.get(_entry_url(report))
    with django_assert_num_queries(13):
        again = client.get(_entry_url(report))

    assert first.status_code == again.status_code == 200
    assert again.content.decode().count('<tr id="row-') == len(plan.indicators) + extra


def test_the_page_shows_a_change_of_the_plan_on_the_next_request(client, plan, officer, report):
    """The plan is kept per process: a change made anywhere (here a bulk update, which sends
    no signal) shows on the next request, not after a restart."""
    client.force_login(officer)
    tong = plan.indicators["DVC_TONG"]
    assert "đã đổi tên" not in client.get(_entry_url(report)).content.decode()

    Indicator.objects.filter(pk=tong.pk).update(name="Số thủ tục (đã đổi tên)")
    html = client.get(_entry_url(report)).content.decode()

    row = re.search(rf'<tr id="row-{tong.pk}".*?</tr>', html, re.S).group(0)
    assert "Số thủ tục (đã đổi tên)" in row


def test_the_upload_form_lists_the_plan_and_follows_its_changes(client, plan, officer, report):
    """The blank upload form is written once per plan and kept with it: it lists every
    indicator, and a renamed one on the next request."""
    client.force_login(officer)
    tong = plan.indicators["DVC_TONG"]

    def select() -> str:
        html = client.get(_entry_url(report)).content.decode()
        return re.search(r'<select name="target".*?</select>', html, re.S).group(0)

    before = select()
    Indicator.objects.filter(pk=tong.pk).update(name="Số thủ tục (đã đổi tên)")
    after = select()

    assert all(f'value="i-{i.pk}"' in before for i in plan.indicators.values())
    assert "đã đổi tên" not in before
    assert f'value="i-{tong.pk}">DVC_TONG — Số thủ tục (đã đổi tên)' in after


@pytest.mark.parametrize("extra", [0, 8])
def test_saving_a_value_query_count_does_not_grow(
    client, org, plan, officer, extra, django_assert_num_queries: Any
):
    _more_indicators(plan, extra)
    report = start_report(period=plan.current, unit=org.a, by=officer)
    client.force_login(officer)

    # The first answer reads the movement's plan (three queries), kept for the next ones.
    with django_assert_num_queries(24):
        _post_value(client, report, plan, "DVC_TONG", "5")
    with django_assert_num_queries(21):
        _post_value(client, report, plan, "DVC_TONG", "6")


def test_unit_page_averages_by_staff_when_the_indicator_says_so(client, org, plan, officer, report):
    Indicator.objects.filter(pk=plan.indicators["DVC_TONG"].pk).update(aggregation="avg_staff")
    for _ in range(3):
        PersonFactory(unit=org.a1)  # with the cast's staff person: 4 people
    PersonFactory(unit=org.a2)
    make_report(plan, org.a1, values={"DVC_TONG": "10"})
    make_report(plan, org.a2, values={"DVC_TONG": "20"})
    client.force_login(officer)
    tong = plan.indicators["DVC_TONG"]

    html = client.get(_entry_url(report)).content.decode()

    row = re.search(rf'<tr id="row-{tong.pk}".*?</tr>', html, re.S).group(0)
    assert '<span class="text-nowrap">12</span>' in row  # (10 × 4 + 20 × 1) / 5


def test_using_an_aggregate_without_khoa_values_is_refused(client, plan, officer, report):
    client.force_login(officer)
    cb = plan.indicators["CB_DAO_TAO"]

    response = client.post(_value_url(report, cb), {"dung_tong_hop": "1", f"r-{cb.pk}": 0}, **HTMX)

    assert "chưa có số liệu của chỉ tiêu này để tổng hợp" in response.content.decode()
    assert _row(report, "CB_DAO_TAO").value is None


def test_rows_built_in_python_escape_what_officers_typed(client, org, plan, officer, report):
    """The rows, the upload form's target and the htmx answer are written in Python
    (templatetags/entry_table.py, forms/entry.py): every text from the database is escaped."""
    Indicator.objects.create(
        movement=plan.movement, criterion=plan.criteria["TC1"], code="GHI_CHU",
        name="Ghi chú <script>x()</script>", value_type=ValueType.TEXT, order=60,
        unit_label="<b>lần</b>", evidence_note="Văn bản & <i>phụ lục</i>",
    )  # fmt: skip
    client.force_login(officer)
    html = client.get(_entry_url(report)).content.decode()
    note = Indicator.objects.get(code="GHI_CHU")

    answer = client.post(
        _value_url(report, note), {f"v-{note.pk}": "<img src=x onerror=y()>", f"r-{note.pk}": 0},
        **HTMX,
    )  # fmt: skip
    shown = client.get(_entry_url(report)).content.decode()

    assert "<script>x()</script>" not in html
    assert f'<option value="i-{note.pk}">GHI_CHU — Ghi chú &lt;script&gt;' in html
    assert f'<label class="d-block" for="v-{note.pk}">Ghi chú &lt;script&gt;' in html
    assert "Đơn vị tính: &lt;b&gt;lần&lt;/b&gt;" in html
    assert "Văn bản &amp; &lt;i&gt;phụ lục&lt;/i&gt;" in html
    assert f'<textarea class="form-control form-control-sm" rows="2" name="v-{note.pk}"' in html
    assert answer.status_code == 200
    assert "<img" not in answer.content.decode()
    assert ">&lt;img src=x onerror=y()&gt;</textarea>" in shown
