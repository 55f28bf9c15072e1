"""Scoring table pages: tables of a movement, a table's versions, a version's sheet, the rule
and title band forms (with htmx rows), locking; scoped, with pinned query counts."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.movements.enums import ValueType
from thidua.movements.models import Movement, ScoringRule, ScoringTable, ScoringVersion, TitleBand
from thidua.movements.services.scoring import FROZEN_MESSAGE, freeze_version
from thidua.movements.tests.factories import (
    bands_params,
    make_indicators,
    make_movement,
    make_rule,
    make_scoring_table,
)
from thidua.organizations.tests.factories import UserFactory, grant

GOOD_BANDS = bands_params(("0", "50", "0"), ("50", "80", "5"), ("80", None, "10"))
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org) -> Movement:
    return make_movement(org.root, name="Thi đua chuyển đổi số")


@pytest.fixture
def version(movement: Movement) -> ScoringVersion:
    _table, version = make_scoring_table(movement, name="Bảng chấm điểm 2026")
    indicators = make_indicators(movement, 3)
    make_rule(version, indicators[0], max_points="60")
    make_rule(version, indicators[1], method="linear", max_points="40", params={"cap_ratio": "1"})
    TitleBand.objects.create(version=version, min_total=90, label="Xuất sắc")
    TitleBand.objects.create(version=version, min_total=65, label="Khá")
    return version


@pytest.fixture
def indicator(version: ScoringVersion):
    return version.rules.get(indicator__code="CT_01").indicator


@pytest.fixture
def officer_client(client: Client, cast: Cast) -> Client:
    client.force_login(cast[Role.DEPT_OFFICER])
    return client


def _rules(version: ScoringVersion) -> list[tuple[str, str, str, dict]]:
    return [
        (r.indicator.code, r.method, str(r.max_points), r.params)
        for r in ScoringRule.objects.filter(version=version)
        .select_related("indicator")
        .order_by("indicator__code")
    ]


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _rule_url(version: ScoringVersion, indicator: Any) -> str:
    return f"/bang-diem/phien-ban/{version.pk}/chi-tieu/{indicator.pk}/"


def _band_post(rows: list[tuple[str, str, str]], **fields: str) -> dict[str, str]:
    data = {"band-TOTAL_FORMS": str(len(rows)), "band-INITIAL_FORMS": str(len(rows))}
    for index, (low, high, points) in enumerate(rows):
        data |= {
            f"band-{index}-low": low,
            f"band-{index}-high": high,
            f"band-{index}-points": points,
        }
    return data | fields


# --- Tables of a movement --------------------------------------------------------------------


def test_table_list_shows_the_tables_and_the_create_button_to_the_department(
    officer_client: Client, movement, version
):
    response = officer_client.get(f"/phong-trao/{movement.pk}/bang-diem/")

    assert response.status_code == 200
    assert [
        (row.table.name, row.version_count, row.in_force.number) for row in response.context["rows"]
    ] == [("Bảng chấm điểm 2026", 1, 1)]
    assert response.context["can_manage"] is True
    assert f'href="/phong-trao/{movement.pk}/bang-diem/them/"' in response.text


def test_table_list_shows_the_movement_tabs_before_the_create_button(
    officer_client: Client, movement, version
):
    html = officer_client.get(f"/phong-trao/{movement.pk}/bang-diem/").text

    tabs = html.index('class="nav nav-tabs td-movement-nav')
    assert tabs < html.index('<h1 class="td-page-title">Bảng chấm điểm</h1>')
    assert tabs < html.index(f'href="/phong-trao/{movement.pk}/bang-diem/them/"')


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.STAFF, Role.DEPT_LEADER])
def test_table_list_is_read_only_for_readers(client: Client, cast: Cast, movement, version, role):
    client.force_login(cast[role])

    response = client.get(f"/phong-trao/{movement.pk}/bang-diem/")

    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert "bang-diem/them/" not in response.text


def test_table_list_of_a_movement_out_of_scope_is_404(client: Client, cast: Cast, org: Org):
    other = make_movement(org.b)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(f"/phong-trao/{other.pk}/bang-diem/")

    assert response.status_code == 404


def test_table_list_without_any_role_is_403(client: Client, cast: Cast, movement):
    client.force_login(cast.nobody)

    response = client.get(f"/phong-trao/{movement.pk}/bang-diem/")

    assert response.status_code == 403


def test_table_create_makes_the_table_with_version_one(officer_client: Client, movement):
    response = officer_client.post(
        f"/phong-trao/{movement.pk}/bang-diem/them/",
        {"name": "Bảng điểm 2027", "total_points": "100", "effective_from": "01/01/2027"},
    )

    table = ScoringTable.objects.get(name="Bảng điểm 2027")
    assert response.status_code == 302
    assert response["Location"] == f"/bang-diem/{table.pk}/"
    assert [(v.number, v.effective_from) for v in table.versions.all()] == [
        (1, dt.date(2027, 1, 1))
    ]


def test_table_create_shows_a_taken_name_at_the_field(officer_client: Client, movement, version):
    response = officer_client.post(
        f"/phong-trao/{movement.pk}/bang-diem/them/",
        {"name": "Bảng chấm điểm 2026", "total_points": "100"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Phong trào đã có bảng điểm “Bảng chấm điểm 2026”."]
    }
    assert ScoringTable.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_table_create_is_403_for_a_unit_officer(client: Client, cast: Cast, movement, method):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = getattr(client, method)(
        f"/phong-trao/{movement.pk}/bang-diem/them/", {"name": "X", "total_points": "100"}
    )

    assert response.status_code == 403
    assert ScoringTable.objects.count() == 0


def test_table_edit_by_a_manager_below_the_owner_is_403(client: Client, org: Org, version):
    officer_of_a = UserFactory(username="officer_a")
    grant(officer_of_a, Role.DEPT_OFFICER, org.a)
    client.force_login(officer_of_a)

    read = client.get(f"/bang-diem/{version.table_id}/")
    edit = client.post(
        f"/bang-diem/{version.table_id}/sua/", {"name": "Đổi", "total_points": "100"}
    )

    assert (read.status_code, edit.status_code) == (200, 403)
    assert ScoringTable.objects.get().name == "Bảng chấm điểm 2026"


def test_table_edit_renames(officer_client: Client, version):
    response = officer_client.post(
        f"/bang-diem/{version.table_id}/sua/",
        {"name": "Bảng điểm sửa", "total_points": "100", "reason": ""},
    )

    assert response.status_code == 302
    assert ScoringTable.objects.get().name == "Bảng điểm sửa"


# --- A table and its versions ----------------------------------------------------------------


def test_table_detail_lists_versions_newest_first(client: Client, cast: Cast, version):
    ScoringVersion.objects.create(table=version.table, number=2, effective_from=dt.date(2099, 1, 1))
    freeze_version(version, reason="Đã chấm")
    client.force_login(cast[Role.STAFF])

    response = client.get(f"/bang-diem/{version.table_id}/")

    assert response.status_code == 200
    assert [
        (v.number, v.rule_count, v.band_count, v.is_frozen) for v in response.context["versions"]
    ] == [
        (2, 0, 0, False),
        (1, 2, 2, True),
    ]
    assert response.context["in_force_pk"] == version.pk
    assert "Sắp áp dụng" in response.text


def test_version_create_copies_and_opens_the_new_version(officer_client: Client, version):
    response = officer_client.post(
        f"/bang-diem/{version.table_id}/phien-ban/them/",
        {"effective_from": "01/01/2026", "copy_from": "", "note": "Năm 2026"},
    )

    new = ScoringVersion.objects.get(number=2)
    assert response["Location"] == f"/bang-diem/phien-ban/{new.pk}/"
    assert _rules(new) == _rules(version)


def test_version_create_shows_a_date_before_the_latest_at_the_field(
    officer_client: Client, version
):
    response = officer_client.post(
        f"/bang-diem/{version.table_id}/phien-ban/them/", {"effective_from": "18/07/2025"}
    )

    assert response.context["form"].errors == {
        "effective_from": [
            "Ngày áp dụng phải sau ngày áp dụng của mọi phiên bản đã có "
            "(phiên bản 1 áp dụng từ 18/07/2025)."
        ]
    }
    assert "is-invalid" in response.text


def test_version_edit_changes_the_date(officer_client: Client, version):
    response = officer_client.post(
        f"/bang-diem/phien-ban/{version.pk}/sua/",
        {"effective_from": "01/08/2025", "note": "Ban hành"},
    )

    version.refresh_from_db()
    assert response.status_code == 302
    assert (version.effective_from, version.note) == (dt.date(2025, 8, 1), "Ban hành")


# --- The version sheet -----------------------------------------------------------------------


def test_version_detail_shows_rules_by_area_and_criterion_with_bands(
    client: Client, cast: Cast, version
):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(f"/bang-diem/phien-ban/{version.pk}/")

    sheet = response.context["sheet"]
    assert response.status_code == 200
    assert [row.indicator.code for row in sheet.areas[0].criteria[0].rows] == [
        "CT_01",
        "CT_02",
        "CT_03",
    ]
    assert (sheet.base_points, sheet.total_points) == (Decimal(100), Decimal(100))
    assert sheet.warnings == ["1 chỉ tiêu chưa có quy tắc chấm điểm."]
    assert response.context["can_edit"] is False
    assert "Đủ điểm tối đa khi đạt 100% chỉ tiêu" in response.text
    assert "<td>80</td><td>trở lên</td>" in response.text
    assert "Xuất sắc" in response.text
    assert "Dưới 65" in response.text
    assert "/chi-tieu/" not in response.text


def test_version_detail_shows_edit_actions_to_the_department(
    officer_client: Client, version, indicator
):
    response = officer_client.get(f"/bang-diem/phien-ban/{version.pk}/")

    assert response.context["can_edit"] is True
    assert f'href="{_rule_url(version, indicator)}"' in response.text
    assert "Khóa phiên bản" in response.text


def test_version_detail_of_a_frozen_version_offers_a_new_version_only(
    officer_client: Client, version
):
    freeze_version(version, reason="Đã chấm")

    response = officer_client.get(f"/bang-diem/phien-ban/{version.pk}/")

    assert response.context["can_edit"] is False
    assert "/chi-tieu/" not in response.text
    assert f'href="/bang-diem/{version.table_id}/phien-ban/them/"' in response.text


def test_version_detail_query_count_does_not_grow_with_rules(
    officer_client: Client, movement, version, django_assert_num_queries
):
    url = f"/bang-diem/phien-ban/{version.pk}/"
    make_rule(version, version.table.movement.indicators.get(code="CT_03"), method="linear")
    with CaptureQueriesContext(connection) as few:
        officer_client.get(url)
    for indicator in make_indicators(movement, 27):
        make_rule(version, indicator, method="linear", max_points="1", params={})
    assert ScoringRule.objects.filter(version=version).count() == 30

    with django_assert_num_queries(len(few)):
        response = officer_client.get(url)

    assert response.status_code == 200
    assert len(few) == 10


def test_version_detail_out_of_scope_is_404(client: Client, cast: Cast, org: Org):
    _table, version = make_scoring_table(make_movement(org.b))
    client.force_login(cast[Role.UNIT_HEAD])

    response = client.get(f"/bang-diem/phien-ban/{version.pk}/")

    assert response.status_code == 404


# --- Editing a rule --------------------------------------------------------------------------


def test_rule_edit_shows_the_bands_as_rows(officer_client: Client, version, indicator):
    response = officer_client.get(_rule_url(version, indicator))

    bands = response.context["bands"]
    assert response.context["method"] == "bands"
    assert [form.initial for form in bands.forms] == [
        {"low": "0", "high": "50", "points": "0"},
        {"low": "50", "high": "80", "points": "5"},
        {"low": "80", "high": "", "points": "10"},
    ]
    assert 'name="band-2-low"' in response.text


def test_rule_edit_saves_bands_typed_the_vietnamese_way(officer_client: Client, version, indicator):
    data = _band_post(
        [("0", "50", "0"), ("50", "82,5", "7,5"), ("82,5", "", "60")],
        method="bands",
        max_points="60",
        action="save",
    )

    response = officer_client.post(_rule_url(version, indicator), data)

    assert response.status_code == 302
    assert response["Location"] == f"/bang-diem/phien-ban/{version.pk}/#chi-tieu-{indicator.pk}"
    assert _rules(version)[0] == (
        "CT_01",
        "bands",
        "60.00",
        bands_params(("0", "50", "0"), ("50", "82.5", "7.5"), ("82.5", None, "60")),
    )


def test_rule_edit_shows_every_band_problem_and_saves_nothing(
    officer_client: Client, version, indicator
):
    data = _band_post(
        [("0", "60", "0"), ("50", "80", "5"), ("90", "", "70")], method="bands", max_points="60"
    )

    response = officer_client.post(_rule_url(version, indicator), data)

    assert response.status_code == 200
    assert response.context["problems"] == [
        "Điểm của một khoảng (70) vượt điểm tối đa (60).",
        "Khoảng 2 (50 – 80) chồng lên khoảng 1 (0 – 60).",
        "Có khoảng trống giữa 80 và 90.",
    ]
    assert "Chưa lưu được vì các khoảng có vấn đề" in response.text
    assert _rules(version)[0][3] == GOOD_BANDS


def test_rule_edit_shows_a_row_without_points_at_its_field(
    officer_client: Client, version, indicator
):
    data = _band_post(
        [("0", "50", "0"), ("50", "", "abc"), ("", "", "")], method="bands", max_points="60"
    )

    response = officer_client.post(_rule_url(version, indicator), data)

    assert [form.errors for form in response.context["bands"].forms] == [
        {},
        {"points": ["Hãy nhập một số, ví dụ 12,5."]},
        {},
    ]
    assert _rules(version)[0][3] == GOOD_BANDS


def test_rule_edit_add_row_with_htmx_returns_the_form_with_one_more_row(
    officer_client: Client, version, indicator
):
    data = _band_post(
        [("0", "50", "0"), ("50", "", "10")], method="bands", max_points="60", action="add_row"
    )

    response = officer_client.post(_rule_url(version, indicator), data, headers=HTMX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<form method="post"')
    assert "<html" not in response.text
    assert [form.initial for form in response.context["bands"].forms] == [
        {"low": "0", "high": "50", "points": "0"},
        {"low": "50", "high": "", "points": "10"},
        {"low": "", "high": "", "points": ""},
    ]
    assert _rules(version)[0][3] == GOOD_BANDS


def test_rule_edit_remove_row_without_javascript_redraws_the_page(
    officer_client: Client, version, indicator
):
    data = _band_post(
        [("0", "50", "0"), ("50", "80", "5"), ("80", "", "10")],
        method="bands",
        max_points="60",
        action="remove_row:1",
    )

    response = officer_client.post(_rule_url(version, indicator), data)

    assert "<html" in response.text
    assert [form.initial["low"] for form in response.context["bands"].forms] == ["0", "80"]
    assert response.context["bands"].forms[0].errors == {}


def test_rule_edit_switching_method_shows_its_fields(officer_client: Client, version, indicator):
    data = _band_post([("0", "", "60")], method="linear", max_points="60", action="switch")

    response = officer_client.post(_rule_url(version, indicator), data, headers=HTMX)

    assert response.context["method"] == "linear"
    assert 'name="cap_ratio"' in response.text
    assert 'name="band-0-low"' not in response.text


def test_rule_edit_shows_a_bad_cap_ratio_at_its_field(officer_client: Client, version, indicator):
    response = officer_client.post(
        _rule_url(version, indicator), {"method": "linear", "max_points": "60", "cap_ratio": "0"}
    )

    assert response.context["form"].errors == {"cap_ratio": ["Hệ số trần phải lớn hơn 0."]}


def test_rule_edit_offers_only_the_methods_of_the_value_type(
    officer_client: Client, movement, version
):
    [flag] = make_indicators(movement, 1, prefix="CO", value_type=ValueType.BOOLEAN)

    response = officer_client.get(_rule_url(version, flag))

    assert [value for value, _label in response.context["form"].fields["method"].choices] == [
        "yes_no",
        "bonus",
        "penalty",
    ]


def test_rule_edit_saves_a_bonus(officer_client: Client, movement, version):
    [flag] = make_indicators(movement, 1, prefix="CO", value_type=ValueType.BOOLEAN)

    response = officer_client.post(
        _rule_url(version, flag),
        {"method": "bonus", "max_points": "10", "per_unit": "2,5", "reason": "Cờ thi đua"},
    )

    assert response.status_code == 302
    assert _rules(version)[0] == ("CO_04", "bonus", "10.00", {"per_unit": "2.5"})


@pytest.mark.parametrize("method", ["get", "post"])
def test_rule_edit_of_a_frozen_version_redirects_with_the_reason(
    officer_client: Client, version, indicator, method
):
    freeze_version(version, reason="Đã chấm")

    response = getattr(officer_client, method)(
        _rule_url(version, indicator), {"method": "linear", "max_points": "60"}, follow=True
    )

    assert response.redirect_chain == [(f"/bang-diem/phien-ban/{version.pk}/", 302)]
    assert _messages(response) == [FROZEN_MESSAGE]
    assert _rules(version)[0][1] == "bands"


def test_rule_edit_with_htmx_on_a_frozen_version_sends_the_browser_to_the_version(
    officer_client: Client, version, indicator
):
    freeze_version(version, reason="Đã chấm")
    data = _band_post([("0", "", "60")], method="bands", max_points="60", action="add_row")

    response = officer_client.post(_rule_url(version, indicator), data, headers=HTMX)

    assert (response.status_code, response["HX-Redirect"]) == (
        204,
        f"/bang-diem/phien-ban/{version.pk}/",
    )


def test_rule_edit_is_403_for_a_reader_and_404_for_another_movement(
    client: Client, cast: Cast, org: Org, version, indicator
):
    [foreign] = make_indicators(make_movement(org.root), 1)
    client.force_login(cast[Role.UNIT_OFFICER])
    reader = client.post(_rule_url(version, indicator), {"method": "linear", "max_points": "60"})
    client.force_login(cast[Role.DEPT_OFFICER])
    foreign_indicator = client.get(_rule_url(version, foreign))

    assert (reader.status_code, foreign_indicator.status_code) == (403, 404)
    assert _rules(version)[0][1] == "bands"


def test_rule_remove(officer_client: Client, version, indicator):
    response = officer_client.post(f"{_rule_url(version, indicator)}bo/", follow=True)

    assert [row[0] for row in _rules(version)] == ["CT_02"]
    assert _messages(response) == ["Đã bỏ quy tắc chấm điểm của CT_01."]


# --- Title bands and locking -----------------------------------------------------------------


def _title_post(rows: list[tuple[str, str]], **fields: str) -> dict[str, str]:
    data = {"band-TOTAL_FORMS": str(len(rows)), "band-INITIAL_FORMS": str(len(rows))}
    for index, (threshold, label) in enumerate(rows):
        data |= {f"band-{index}-min_total": threshold, f"band-{index}-label": label}
    return data | fields


def test_bands_edit_saves_the_bands(officer_client: Client, version):
    response = officer_client.post(
        f"/bang-diem/phien-ban/{version.pk}/xep-loai/",
        _title_post([("90", "Xuất sắc"), ("", ""), ("72,5", "Tốt")], action="save"),
    )

    assert response.status_code == 302
    assert [(str(b.min_total), b.label) for b in TitleBand.objects.filter(version=version)] == [
        ("90.00", "Xuất sắc"),
        ("72.50", "Tốt"),
    ]


def test_bands_edit_lists_the_problems_and_saves_nothing(officer_client: Client, version):
    response = officer_client.post(
        f"/bang-diem/phien-ban/{version.pk}/xep-loai/",
        _title_post([("90", "Xuất sắc"), ("90", "Tốt")]),
    )

    assert response.context["problems"] == ["Ngưỡng 90 điểm bị trùng."]
    assert TitleBand.objects.filter(version=version).count() == 2


def test_bands_edit_add_row_with_htmx(officer_client: Client, version):
    response = officer_client.post(
        f"/bang-diem/phien-ban/{version.pk}/xep-loai/",
        _title_post([("90", "Xuất sắc")], action="add_row"),
        headers=HTMX,
    )

    assert response.text.lstrip().startswith('<form method="post"')
    assert len(response.context["bands"].forms) == 2


def test_version_lock_freezes_the_version(officer_client: Client, version):
    response = officer_client.post(
        f"/bang-diem/phien-ban/{version.pk}/khoa/",
        {"reason": "Ban hành kèm quyết định"},
        follow=True,
    )

    version.refresh_from_db()
    assert version.is_frozen
    assert _messages(response) == [
        "Đã khóa phiên bản 1: từ nay không sửa được; thay đổi sau này là một phiên bản mới."
    ]


def test_version_lock_without_a_reason_changes_nothing(officer_client: Client, version):
    response = officer_client.post(
        f"/bang-diem/phien-ban/{version.pk}/khoa/", {"reason": ""}, follow=True
    )

    version.refresh_from_db()
    assert not version.is_frozen
    assert _messages(response) == ["Hãy ghi lý do khóa phiên bản."]


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.DEPT_LEADER, Role.INSPECTOR])
def test_version_lock_is_403_for_readers(client: Client, cast: Cast, version, role):
    client.force_login(cast[role])

    response = client.post(f"/bang-diem/phien-ban/{version.pk}/khoa/", {"reason": "x"})

    version.refresh_from_db()
    assert (response.status_code, version.is_frozen) == (403, False)


def test_edits_of_another_branch_movement_are_404(client: Client, org: Org):
    """A department officer of Bệnh viện A neither sees nor changes Bệnh viện B's tables."""
    table, version = make_scoring_table(make_movement(org.b))
    [indicator] = make_indicators(version.table.movement, 1)
    officer_of_a = UserFactory(username="officer_a")
    grant(officer_of_a, Role.DEPT_OFFICER, org.a)
    client.force_login(officer_of_a)

    responses = [
        client.get(f"/bang-diem/{table.pk}/"),
        client.post(f"/bang-diem/{table.pk}/sua/", {"name": "Đổi", "total_points": "100"}),
        client.post(f"/bang-diem/{table.pk}/phien-ban/them/", {"effective_from": "01/01/2026"}),
        client.post(_rule_url(version, indicator), {"method": "linear", "max_points": "10"}),
        client.post(f"/bang-diem/phien-ban/{version.pk}/xep-loai/", _title_post([("90", "Tốt")])),
        client.post(f"/bang-diem/phien-ban/{version.pk}/khoa/", {"reason": "x"}),
    ]

    assert [r.status_code for r in responses] == [404] * 6
    assert (
        ScoringRule.objects.count(),
        TitleBand.objects.count(),
        ScoringVersion.objects.count(),
    ) == (0, 0, 1)
