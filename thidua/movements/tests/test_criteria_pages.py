"""Pages of the plan content: the tree, inline area and criterion forms (htmx and plain), the
indicator form with its formula trial, the indicator page and its yearly targets; per role,
scoped, and with the tree's query count pinned."""

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditEntry
from thidua.movements.enums import ValueType
from thidua.movements.models import ContentArea, Criterion, Indicator, YearlyTarget
from thidua.movements.tests.factories import (
    make_area,
    make_criterion,
    make_indicator,
    make_movement,
)

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org):
    return make_movement(org.root, name="Thi đua chuyển đổi số")


@pytest.fixture
def area(movement):
    return make_area(movement, "ND1", name="Chuyển đổi số trong cơ quan nhà nước")


@pytest.fixture
def criterion(area):
    return make_criterion(area, "1", 95, name="Dịch vụ công trực tuyến")


@pytest.fixture
def officer_client(client: Client, cast: Cast) -> Client:
    client.force_login(cast[Role.DEPT_OFFICER])
    return client


def _tree(movement) -> str:
    return f"/phong-trao/{movement.pk}/tieu-chi/"


def _plan_writes() -> int:
    return AuditEntry.objects.filter(target_type__startswith="movements.").count()


# --- The tree -----------------------------------------------------------------------------------


def test_tree_shows_areas_criteria_indicators_and_the_points_warning(
    officer_client: Client, movement, criterion
) -> None:
    make_indicator(criterion, "TY_LE_DVC", value_type=ValueType.PERCENTAGE, unit_label="%")
    make_indicator(criterion, "DIEM", formula="TY_LE_DVC / 10")

    response = officer_client.get(_tree(movement))

    assert response.status_code == 200
    assert response.context["can_manage"] is True
    assert response.context["section"] == "movements"
    assert response.context["tree"].warnings == [
        "Tổng điểm tối đa các tiêu chí cấp 1 là 95, phải bằng 100."
    ]
    html = response.content.decode()
    assert "Tổng điểm tối đa các tiêu chí cấp 1 là 95, phải bằng 100." in html
    assert '<code class="td-formula">TY_LE_DVC / 10</code>' in html
    assert "Thêm nội dung thi đua" in html


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.STAFF, Role.DEPT_LEADER])
def test_tree_is_read_only_for_roles_without_manage_movement(
    client: Client, cast: Cast, movement, criterion, role
) -> None:
    client.force_login(cast[role])

    response = client.get(_tree(movement))

    assert response.status_code == 200
    assert response.context["can_manage"] is False
    html = response.content.decode()
    assert "Dịch vụ công trực tuyến" in html
    assert "Thêm nội dung thi đua" not in html
    assert f"/tieu-chi/{criterion.pk}/sua/" not in html


def test_tree_is_403_without_view_movement_and_redirects_anonymous(
    client: Client, cast: Cast, movement
) -> None:
    anonymous = client.get(_tree(movement))
    client.force_login(cast.nobody)

    assert anonymous.status_code == 302
    assert client.get(_tree(movement)).status_code == 403


def test_tree_of_a_movement_of_another_branch_is_404(client: Client, cast: Cast, org: Org) -> None:
    other = make_movement(org.b, name="Phong trào của Bệnh viện B")
    client.force_login(cast[Role.UNIT_OFFICER])

    assert client.get(_tree(other)).status_code == 404


def test_tree_htmx_request_renders_only_the_tree(officer_client: Client, movement, area) -> None:
    response = officer_client.get(_tree(movement), headers=HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="plan-tree"')
    assert "<html" not in html


def _plan(movement, indicators: int) -> None:
    area = make_area(movement, "ND1")
    second = make_area(movement, "ND2")
    parents = [make_criterion(area, "1", 50), make_criterion(second, "2", 50)]
    children = [
        make_criterion(parent.area, f"{parent.code}.{n}", 10, parent=parent)
        for parent in parents
        for n in range(1, 4)
    ]
    for number in range(indicators):
        make_indicator(
            children[number % len(children)],
            f"CT_{number:02d}",
            formula="CT_00 * 2" if number % 5 == 4 else "",
        )


@pytest.mark.parametrize("indicators", [3, 30])
def test_tree_query_count_does_not_grow_with_the_plan(
    client: Client, cast: Cast, movement, django_assert_num_queries, indicators
) -> None:
    _plan(movement, indicators)
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, movement, areas, criteria, indicators, scoring total, the menu's
    # "my profile" link
    with django_assert_num_queries(9):
        response = client.get(_tree(movement))

    assert response.context["tree"].indicator_count == indicators


# --- Areas (inline with htmx, or full pages) ----------------------------------------------------


def test_area_create_inline_form_is_a_fragment(officer_client: Client, movement) -> None:
    response = officer_client.get(f"/phong-trao/{movement.pk}/noi-dung/them/", headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'hx-target="closest [data-slot]"' in html
    assert "data-slot-cancel" in html


def test_area_create_plain_post_redirects_to_the_tree(officer_client: Client, movement) -> None:
    response = officer_client.post(
        f"/phong-trao/{movement.pk}/noi-dung/them/",
        {"kind": "solution", "code": "gp1", "name": "Công tác lãnh đạo, chỉ đạo", "order": "1"},
    )

    area = ContentArea.objects.get()
    assert (area.code, area.kind) == ("GP1", "solution")
    assert response.status_code == 302
    assert response["Location"] == f"{_tree(movement)}#nd-{area.pk}"


def test_area_create_with_htmx_answers_the_new_tree(officer_client: Client, movement) -> None:
    response = officer_client.post(
        f"/phong-trao/{movement.pk}/noi-dung/them/",
        {"kind": "content", "code": "ND1", "name": "Kinh tế số"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#plan-tree", "outerHTML")
    html = response.content.decode()
    assert "Đã thêm “Kinh tế số”." in html
    assert html.lstrip().startswith('<div id="plan-tree"')


def test_area_create_shows_a_taken_code_at_the_field(
    officer_client: Client, movement, area
) -> None:
    response = officer_client.post(
        f"/phong-trao/{movement.pk}/noi-dung/them/",
        {"kind": "content", "code": "ND1", "name": "Trùng"},
        headers=HTMX,
    )

    form = response.context["form"]
    assert form.errors == {"code": ["Mã nội dung “ND1” đã được dùng trong phong trào này."]}
    assert "is-invalid" in form.fields["code"].widget.attrs["class"]
    assert ContentArea.objects.count() == 1


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.DEPT_LEADER, Role.STAFF])
def test_area_create_is_403_for_read_only_roles(client: Client, cast: Cast, movement, role) -> None:
    client.force_login(cast[role])

    response = client.post(
        f"/phong-trao/{movement.pk}/noi-dung/them/",
        {"kind": "content", "code": "ND9", "name": "X"},
    )

    assert response.status_code == 403
    assert ContentArea.objects.count() == 0


def test_area_edit_of_another_movement_is_404(officer_client: Client, movement, org: Org) -> None:
    foreign = make_area(make_movement(org.root), "ND1")

    response = officer_client.get(f"/phong-trao/{movement.pk}/noi-dung/{foreign.pk}/sua/")

    assert response.status_code == 404


def test_area_delete_get_asks_for_confirmation(officer_client: Client, movement, area) -> None:
    response = officer_client.get(f"/phong-trao/{movement.pk}/noi-dung/{area.pk}/xoa/")

    assert response.status_code == 200
    assert "Xóa nội dung “Chuyển đổi số trong cơ quan nhà nước”?" in response.content.decode()
    assert ContentArea.objects.count() == 1


# --- Criteria -----------------------------------------------------------------------------------


def test_criterion_create_under_a_parent_prefills_area_and_parent(
    officer_client: Client, movement, criterion
) -> None:
    response = officer_client.get(
        f"/phong-trao/{movement.pk}/tieu-chi/them/?parent={criterion.pk}", headers=HTMX
    )

    form = response.context["form"]
    assert (form.initial["area"], form.initial["parent"]) == (criterion.area_id, criterion.pk)
    assert response.context["title"] == "Thêm tiêu chí con của 1"


def test_criterion_form_offers_parents_of_the_chosen_area_only(
    officer_client: Client, movement, area, criterion
) -> None:
    make_criterion(make_area(movement, "ND2"), "2", 5)

    response = officer_client.get(f"/phong-trao/{movement.pk}/tieu-chi/them/?area={area.pk}")

    choices = response.context["form"].fields["parent"].widget.choices
    assert choices == [
        ("", "— Không có (tiêu chí cấp 1) —"),
        (criterion.pk, "1. Dịch vụ công trực tuyến"),
    ]


def test_parent_options_follow_the_area_and_leave_out_the_subtree(
    officer_client: Client, movement, area, criterion
) -> None:
    child = make_criterion(area, "1.1", 5, parent=criterion)
    make_criterion(area, "1.1.1", 5, parent=child)
    sibling = make_criterion(area, "3", 5)

    response = officer_client.get(
        f"/phong-trao/{movement.pk}/tieu-chi/cap-tren/",
        {"area": area.pk, "exclude": child.pk},
        headers=HTMX,
    )

    html = response.content.decode()
    assert html.startswith('<select name="parent"')
    assert html.split("<option")[1:] == [
        ' value="" selected>— Không có (tiêu chí cấp 1) —</option>',
        f' value="{criterion.pk}">1. Dịch vụ công trực tuyến</option>',
        f' value="{sibling.pk}">3. Tiêu chí 3</option></select>',
    ]


def test_parent_options_are_403_for_a_unit_officer(client: Client, cast: Cast, movement) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    assert client.get(f"/phong-trao/{movement.pk}/tieu-chi/cap-tren/").status_code == 403


def test_criterion_create_accepts_vietnamese_decimals(
    officer_client: Client, movement, area, criterion
) -> None:
    response = officer_client.post(
        f"/phong-trao/{movement.pk}/tieu-chi/them/",
        {
            "area": area.pk,
            "parent": criterion.pk,
            "code": "1.1",
            "name": "Hồ sơ trực tuyến",
            "max_points": "47,5",
            "weight": "1,25",
            "order": "",
        },
    )

    assert response.status_code == 302
    child = Criterion.objects.get(code="1.1")
    assert (str(child.max_points), str(child.weight), child.parent_id) == (
        "47.50",
        "1.2500",
        criterion.pk,
    )


def test_criterion_edit_refuses_a_parent_in_another_area_at_the_field(
    officer_client: Client, movement, area, criterion
) -> None:
    other = make_area(movement, "ND2")
    moved = make_criterion(other, "2", 5)

    response = officer_client.post(
        f"/phong-trao/{movement.pk}/tieu-chi/{moved.pk}/sua/",
        {"area": other.pk, "parent": criterion.pk, "code": "2", "name": "X", "max_points": "5"},
        headers=HTMX,
    )

    assert response.context["form"].errors == {
        "parent": ["Tiêu chí cấp trên phải thuộc cùng nội dung với tiêu chí này."]
    }
    moved.refresh_from_db()
    assert moved.parent_id is None


def test_criterion_edit_of_another_movement_is_404(
    officer_client: Client, movement, org: Org
) -> None:
    foreign = make_criterion(make_area(make_movement(org.root), "ND1"), "1", 10)

    assert (
        officer_client.get(f"/phong-trao/{movement.pk}/tieu-chi/{foreign.pk}/sua/").status_code
        == 404
    )


def test_criterion_delete_with_htmx_answers_the_tree(
    officer_client: Client, movement, criterion
) -> None:
    response = officer_client.post(
        f"/phong-trao/{movement.pk}/tieu-chi/{criterion.pk}/xoa/", headers=HTMX
    )

    assert "Đã xóa tiêu chí 1." in response.content.decode()
    assert Criterion.objects.count() == 0


# --- Indicators ---------------------------------------------------------------------------------


def _indicator_post(criterion, **fields) -> dict[str, str]:
    return {
        "criterion": str(criterion.pk),
        "code": "TY_LE_DVC",
        "name": "Tỉ lệ thủ tục hành chính trực tuyến toàn trình",
        "value_type": "percentage",
        "unit_label": "%",
        "direction": "higher",
        "aggregation": "avg_staff",
        "min_value": "",
        "max_value": "",
        "evidence_note": "",
        "formula": "",
        "order": "1",
        **fields,
    }


def test_indicator_create_saves_and_opens_the_indicator(
    officer_client: Client, movement, criterion
) -> None:
    response = officer_client.post(
        f"/phong-trao/{movement.pk}/chi-tieu/them/", _indicator_post(criterion)
    )

    indicator = Indicator.objects.get()
    assert response["Location"] == f"/phong-trao/{movement.pk}/chi-tieu/{indicator.pk}/"
    assert (indicator.min_value, indicator.max_value, indicator.aggregation) == (
        0,
        100,
        "avg_staff",
    )


def test_indicator_create_shows_a_cycle_at_the_formula(
    officer_client: Client, movement, criterion
) -> None:
    make_indicator(criterion, "A", formula="TY_LE_DVC + 1")

    response = officer_client.post(
        f"/phong-trao/{movement.pk}/chi-tieu/them/",
        _indicator_post(criterion, formula="A * 2", value_type="number"),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["formula"]
    assert (
        response.context["form"]
        .errors["formula"][0]
        .startswith("Các công thức tham chiếu vòng tròn: A → TY_LE_DVC → A.")
    )
    assert Indicator.objects.count() == 1


def test_indicator_form_lists_each_aggregation_with_its_explanation(
    officer_client: Client, movement, criterion
) -> None:
    response = officer_client.get(f"/phong-trao/{movement.pk}/chi-tieu/them/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="tong-hop-avg_staff"' in html
    assert "mỗi nơi nặng nhẹ theo số người" in html
    assert 'id="tong-hop-sum" value="sum" checked' in html


def test_formula_trial_with_htmx_computes_the_sample(
    officer_client: Client, movement, criterion
) -> None:
    make_indicator(criterion, "TONG", value_type=ValueType.COUNT)
    make_indicator(criterion, "TRUC_TUYEN", value_type=ValueType.COUNT)

    response = officer_client.post(
        f"/phong-trao/{movement.pk}/chi-tieu/thu-cong-thuc/",
        {"formula": "TRUC_TUYEN / TONG * 100", "mau_TONG": "8", "mau_TRUC_TUYEN": "2,5"},
        headers=HTMX,
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="formula-trial"')
    assert '<strong class="td-trial-value">31,25</strong>' in html
    assert 'name="mau_TRUC_TUYEN" value="2,5"' in html


def test_formula_trial_reports_division_by_zero_in_vietnamese(
    officer_client: Client, movement, criterion
) -> None:
    make_indicator(criterion, "TONG")

    response = officer_client.post(
        f"/phong-trao/{movement.pk}/chi-tieu/thu-cong-thuc/",
        {"formula": "100 / TONG", "mau_TONG": "0"},
        headers=HTMX,
    )

    assert response.context["trial"].error == "Chia cho 0 khi tính công thức."
    assert "Chia cho 0 khi tính công thức." in response.content.decode()


def test_formula_trial_refuses_an_unreadable_sample(
    officer_client: Client, movement, criterion
) -> None:
    make_indicator(criterion, "TONG")

    response = officer_client.post(
        f"/phong-trao/{movement.pk}/chi-tieu/thu-cong-thuc/",
        {"formula": "TONG", "mau_TONG": "mười"},
        headers=HTMX,
    )

    assert response.context["trial"].error == (
        "Giá trị mẫu của TONG: Hãy nhập một số, ví dụ 12,5 hoặc 12.5."
    )


def test_formula_trial_without_javascript_redisplays_the_form_and_saves_nothing(
    officer_client: Client, movement, criterion
) -> None:
    response = officer_client.post(
        f"/phong-trao/{movement.pk}/chi-tieu/them/",
        _indicator_post(criterion, formula="(1 + 2) * 3", thu_cong_thuc="1"),
    )

    assert response.status_code == 200
    assert response.context["trial"].value_text == "9"
    assert response.context["form"].is_bound is False
    assert 'value="TY_LE_DVC"' in response.content.decode()
    assert Indicator.objects.count() == 0


def test_formula_trial_is_403_for_a_unit_officer(client: Client, cast: Cast, movement) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        f"/phong-trao/{movement.pk}/chi-tieu/thu-cong-thuc/", {"formula": "1"}, headers=HTMX
    )

    assert response.status_code == 403


def test_indicator_page_shows_definition_and_yearly_targets(
    client: Client, cast: Cast, movement, criterion
) -> None:
    indicator = make_indicator(
        criterion, "TY_LE", value_type=ValueType.PERCENTAGE, min_value=0, max_value=100
    )
    YearlyTarget.objects.create(indicator=indicator, year=2026, value="62.5")
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(f"/phong-trao/{movement.pk}/chi-tieu/{indicator.pk}/")

    assert response.status_code == 200
    assert response.context["years"] == [
        (2025, ""),
        (2026, "62,5"),
        (2027, ""),
        (2028, ""),
        (2029, ""),
        (2030, ""),
    ]
    assert response.context["bounds"] == "Từ 0 đến 100"
    assert response.context["can_manage"] is False
    assert "/sua/" not in response.content.decode()


def test_indicator_page_of_another_movement_is_404(
    officer_client: Client, movement, org: Org
) -> None:
    foreign = make_indicator(
        make_criterion(make_area(make_movement(org.root), "ND1"), "1", 10), "A"
    )

    assert (
        officer_client.get(f"/phong-trao/{movement.pk}/chi-tieu/{foreign.pk}/").status_code == 404
    )


def test_indicator_delete_in_use_answers_the_tree_with_the_reason(
    officer_client: Client, movement, criterion
) -> None:
    used = make_indicator(criterion, "A")
    make_indicator(criterion, "B", formula="A + 1")

    response = officer_client.post(
        f"/phong-trao/{movement.pk}/chi-tieu/{used.pk}/xoa/", headers=HTMX
    )

    html = response.content.decode()
    assert "alert-danger" in html
    assert "Không thể xóa chỉ tiêu A: Chỉ tiêu A được dùng trong công thức của B." in html
    assert Indicator.objects.count() == 2


def test_indicator_delete_in_use_without_javascript_shows_the_reason_on_the_page(
    officer_client: Client, movement, criterion
) -> None:
    used = make_indicator(criterion, "A")
    make_indicator(criterion, "B", formula="A + 1")

    response = officer_client.post(f"/phong-trao/{movement.pk}/chi-tieu/{used.pk}/xoa/")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Không thể xóa chỉ tiêu A: Chỉ tiêu A được dùng trong công thức của B."
    ]


# --- Yearly targets -----------------------------------------------------------------------------


def test_yearly_targets_form_accepts_commas_and_dots(
    officer_client: Client, movement, criterion
) -> None:
    indicator = make_indicator(criterion, "TY_LE", value_type=ValueType.PERCENTAGE)
    url = f"/phong-trao/{movement.pk}/chi-tieu/{indicator.pk}/chi-tieu-nam/"

    response = officer_client.post(url, {"nam_2025": "50", "nam_2026": "62,5", "nam_2027": "70.25"})

    assert response.status_code == 302
    assert dict(YearlyTarget.objects.values_list("year", "value")) == {
        2025: 50,
        2026: Decimal("62.5"),
        2027: Decimal("70.25"),
    }


def test_yearly_targets_form_shows_an_out_of_range_percentage_at_its_year(
    officer_client: Client, movement, criterion
) -> None:
    indicator = make_indicator(criterion, "TY_LE", value_type=ValueType.PERCENTAGE)
    url = f"/phong-trao/{movement.pk}/chi-tieu/{indicator.pk}/chi-tieu-nam/"

    response = officer_client.post(url, {"nam_2025": "50", "nam_2026": "120", "nam_2027": "abc"})

    assert response.context["form"].errors == {
        "nam_2027": ["Hãy nhập một số, ví dụ 12,5 hoặc 12.5."]
    }
    response = officer_client.post(url, {"nam_2025": "50", "nam_2026": "120"})
    assert response.context["form"].errors == {"nam_2026": ["Giá trị không được lớn hơn 100."]}
    assert YearlyTarget.objects.count() == 0
    assert _plan_writes() == 0


def test_yearly_targets_form_shows_current_values_vietnamese_style(
    officer_client: Client, movement, criterion
) -> None:
    indicator = make_indicator(criterion, "SO")
    YearlyTarget.objects.create(indicator=indicator, year=2028, value="1234.5")

    response = officer_client.get(
        f"/phong-trao/{movement.pk}/chi-tieu/{indicator.pk}/chi-tieu-nam/"
    )

    assert 'name="nam_2028" value="1.234,5"' in response.content.decode()


def test_yearly_targets_form_is_403_for_a_unit_officer(
    client: Client, cast: Cast, movement, criterion
) -> None:
    indicator = make_indicator(criterion, "SO")
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        f"/phong-trao/{movement.pk}/chi-tieu/{indicator.pk}/chi-tieu-nam/", {"nam_2026": "1"}
    )

    assert response.status_code == 403
    assert YearlyTarget.objects.count() == 0
