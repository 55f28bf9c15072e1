"""Services of the plan content: areas, the criteria tree, indicators with formulas, yearly
targets. Every write is checked, audited, and refused whole with a Vietnamese message."""

from decimal import Decimal

import pytest

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import Aggregation, AreaKind, ValueType
from thidua.movements.models import ContentArea, Criterion, Indicator, Target, YearlyTarget
from thidua.movements.services.criteria import (
    AreaData,
    CriterionData,
    IndicatorData,
    create_area,
    create_criterion,
    create_indicator,
    delete_area,
    delete_criterion,
    delete_indicator,
    set_yearly_targets,
    update_area,
    update_criterion,
    update_indicator,
)
from thidua.movements.tests.factories import (
    make_area,
    make_criterion,
    make_indicator,
    make_movement,
    make_rule,
    make_scoring_table,
)


@pytest.fixture
def movement(org: Org):
    return make_movement(org.root)


@pytest.fixture
def officer(cast: Cast):
    return cast[Role.DEPT_OFFICER]


@pytest.fixture
def area(movement):
    return make_area(movement, "ND1")


@pytest.fixture
def criterion(area):
    return make_criterion(area, "1", 40)


def _data(criterion, code, **fields) -> IndicatorData:
    return IndicatorData(
        criterion=criterion,
        code=code,
        name=fields.pop("name", f"Chỉ tiêu {code}"),
        value_type=fields.pop("value_type", ValueType.NUMBER),
        **fields,
    )


def _data_of(indicator: Indicator, **changes) -> IndicatorData:
    fields = {
        name: getattr(indicator, name) for name in IndicatorData.__dataclass_fields__
    } | changes
    return IndicatorData(**fields)


def _plan_entries():
    """Audit entries about the plan (the fixtures' units write their own)."""
    return AuditEntry.objects.filter(target_type__startswith="movements.")


def _entries(action: AuditAction) -> list[tuple[str, str]]:
    return list(
        _plan_entries()
        .filter(action=action)
        .order_by("pk")
        .values_list("target_type", "target_repr")
    )


# --- Areas --------------------------------------------------------------------------------------


def test_create_area_normalises_the_code_and_keywords_and_is_audited(movement, officer) -> None:
    area = create_area(
        by=officer,
        movement=movement,
        data=AreaData(
            code=" nd1 ",
            name="  Chuyển đổi số   trong cơ quan nhà nước ",
            kind=AreaKind.CONTENT,
            keywords="Dịch vụ công, hồ sơ trực tuyến, dịch vụ",
        ),
    )

    assert (area.code, area.name, area.keywords) == (
        "ND1",
        "Chuyển đổi số trong cơ quan nhà nước",
        "dich vu cong ho so truc tuyen",
    )
    entry = _plan_entries().get(action=AuditAction.CREATE)
    assert (entry.target_type, entry.target_id, entry.unit_path) == (
        "movements.contentarea",
        str(area.pk),
        movement.owner.path,
    )
    assert entry.changes["code"] == [None, "ND1"]


def test_create_area_refuses_a_code_used_in_the_movement(movement, officer, area) -> None:
    with pytest.raises(DomainError) as refused:
        create_area(
            by=officer,
            movement=movement,
            data=AreaData(code="nd1", name="Trùng mã", kind=AreaKind.SOLUTION),
        )

    assert (refused.value.field, refused.value.message) == (
        "code",
        "Mã nội dung “ND1” đã được dùng trong phong trào này.",
    )
    assert ContentArea.objects.count() == 1


def test_create_area_refuses_a_code_with_spaces(movement, officer) -> None:
    with pytest.raises(DomainError) as refused:
        create_area(
            by=officer, movement=movement, data=AreaData(code="ND 1", name="X", kind="content")
        )

    assert refused.value.field == "code"


def test_create_area_by_a_unit_officer_is_refused(movement, cast: Cast) -> None:
    with pytest.raises(PermissionDeniedError):
        create_area(
            by=cast[Role.UNIT_OFFICER],
            movement=movement,
            data=AreaData(code="ND9", name="Nội dung", kind=AreaKind.CONTENT),
        )

    assert ContentArea.objects.count() == 0


def test_update_area_records_what_changed(officer, area) -> None:
    update_area(
        area,
        by=officer,
        data=AreaData(code="ND1", name="Kinh tế số", kind=AreaKind.CONTENT, order=2),
    )

    entry = _plan_entries().get(action=AuditAction.UPDATE)
    assert entry.changes == {"name": ["Nội dung ND1", "Kinh tế số"], "order": [0, 2]}


def test_delete_area_removes_its_criteria_and_indicators_and_is_audited(
    officer, area, criterion
) -> None:
    child = make_criterion(area, "1.1", 40, parent=criterion)
    make_indicator(child, "A")

    delete_area(area, by=officer, reason="Gộp nội dung")

    assert (ContentArea.objects.count(), Criterion.objects.count(), Indicator.objects.count()) == (
        0,
        0,
        0,
    )
    entry = _plan_entries().get(action=AuditAction.DELETE)
    assert entry.reason == "Gộp nội dung"
    assert entry.changes["criteria"] == [["1", "1.1"], None]
    assert entry.changes["indicators"] == [["A"], None]


def test_delete_area_is_refused_when_a_scoring_rule_uses_one_of_its_indicators(
    movement, officer, area, criterion
) -> None:
    indicator = make_indicator(criterion, "TY_LE", value_type=ValueType.PERCENTAGE)
    _table, version = make_scoring_table(movement, name="Bảng điểm 2026")
    make_rule(version, indicator)

    with pytest.raises(DomainError) as refused:
        delete_area(area, by=officer)

    assert refused.value.message == (
        f"Không thể xóa nội dung “{area.name}”: Chỉ tiêu TY_LE được dùng trong bảng chấm điểm "
        "“Bảng điểm 2026” (phiên bản 1)."
    )
    assert Indicator.objects.count() == 1
    assert _entries(AuditAction.DELETE) == []


# --- Criteria -----------------------------------------------------------------------------------


def test_create_criterion_under_a_parent_is_audited(movement, officer, area, criterion) -> None:
    child = create_criterion(
        by=officer,
        movement=movement,
        data=CriterionData(
            area=area, parent=criterion, code="1.1", name="Dịch vụ công", max_points=Decimal(15)
        ),
    )

    assert (child.parent_id, child.max_points, child.weight) == (criterion.pk, 15, 1)
    assert _entries(AuditAction.CREATE) == [("movements.criterion", "1.1. Dịch vụ công")]


def test_create_criterion_refuses_a_parent_in_another_area(
    movement, officer, area, criterion
) -> None:
    other = make_area(movement, "ND2")

    with pytest.raises(DomainError) as refused:
        create_criterion(
            by=officer,
            movement=movement,
            data=CriterionData(
                area=other, parent=criterion, code="2.1", name="Lạc nội dung", max_points=5
            ),
        )

    assert (refused.value.field, refused.value.message) == (
        "parent",
        "Tiêu chí cấp trên phải thuộc cùng nội dung với tiêu chí này.",
    )
    assert Criterion.objects.count() == 1
    assert _entries(AuditAction.CREATE) == []


def test_create_criterion_refuses_an_area_of_another_movement(movement, officer, org) -> None:
    foreign = make_area(make_movement(org.root), "ND1")

    with pytest.raises(DomainError) as refused:
        create_criterion(
            by=officer,
            movement=movement,
            data=CriterionData(area=foreign, parent=None, code="1", name="X", max_points=5),
        )

    assert refused.value.field == "area"


@pytest.mark.parametrize(
    ("points", "weight", "field", "message"),
    [
        ("-1", "1", "max_points", "Điểm tối đa không được nhỏ hơn 0."),
        ("10.123", "1", "max_points", "Điểm tối đa có tối đa 2 chữ số sau dấu phẩy."),
        ("10", "0", "weight", "Trọng số phải lớn hơn 0."),
        ("1000000", "1", "max_points", "Điểm tối đa phải nhỏ hơn 1.000.000."),
    ],
)
def test_create_criterion_refuses_bad_numbers(
    movement, officer, area, points, weight, field, message
) -> None:
    with pytest.raises(DomainError) as refused:
        create_criterion(
            by=officer,
            movement=movement,
            data=CriterionData(
                area=area,
                parent=None,
                code="9",
                name="Tiêu chí",
                max_points=Decimal(points),
                weight=Decimal(weight),
            ),
        )

    assert (refused.value.field, refused.value.message) == (field, message)


def test_update_criterion_refuses_a_parent_below_itself(officer, area, criterion) -> None:
    child = make_criterion(area, "1.1", 20, parent=criterion)
    grandchild = make_criterion(area, "1.1.1", 20, parent=child)

    with pytest.raises(DomainError) as refused:
        update_criterion(
            criterion,
            by=officer,
            data=CriterionData(
                area=area, parent=grandchild, code="1", name=criterion.name, max_points=40
            ),
        )

    assert (refused.value.field, refused.value.message) == (
        "parent",
        "Không thể đặt tiêu chí dưới chính nó hoặc một tiêu chí con của nó (tạo vòng lặp).",
    )
    criterion.refresh_from_db()
    assert criterion.parent_id is None


def test_update_criterion_to_another_area_moves_its_subtree(
    movement, officer, area, criterion
) -> None:
    child = make_criterion(area, "1.1", 20, parent=criterion)
    other = make_area(movement, "ND2")
    criterion.refresh_from_db()

    update_criterion(
        criterion,
        by=officer,
        data=CriterionData(area=other, parent=None, code="1", name="Chuyển", max_points=40),
    )

    child.refresh_from_db()
    assert (child.area_id, child.parent_id) == (other.pk, criterion.pk)
    entry = _plan_entries().get(action=AuditAction.UPDATE)
    assert entry.changes == {
        "name": ["Tiêu chí 1", "Chuyển"],
        "area": [area.pk, other.pk],
    }


def test_delete_criterion_removes_its_subtree(officer, area, criterion) -> None:
    child = make_criterion(area, "1.1", 20, parent=criterion)
    make_indicator(child, "A")
    make_indicator(criterion, "B", formula="A * 2")
    kept = make_criterion(area, "2", 60)

    delete_criterion(criterion, by=officer)

    assert list(Criterion.objects.values_list("code", flat=True)) == [kept.code]
    assert Indicator.objects.count() == 0
    entry = _plan_entries().get(action=AuditAction.DELETE)
    assert entry.changes["children"] == [["1.1"], None]
    assert entry.changes["indicators"] == [["A", "B"], None]


def test_delete_criterion_is_refused_when_a_formula_outside_uses_its_indicator(
    officer, area, criterion
) -> None:
    make_indicator(criterion, "A")
    outside = make_criterion(area, "2", 60)
    make_indicator(outside, "C", formula="a + 1")

    with pytest.raises(DomainError) as refused:
        delete_criterion(criterion, by=officer)

    assert refused.value.message == (
        "Không thể xóa tiêu chí “1”: Chỉ tiêu A được dùng trong công thức của C."
    )
    assert Criterion.objects.count() == 2


# --- Indicators: codes and types ----------------------------------------------------------------


def test_create_indicator_upper_cases_the_code_and_is_audited(movement, officer, criterion) -> None:
    indicator = create_indicator(
        by=officer, movement=movement, data=_data(criterion, "ty_le_dvc", value_type="percentage")
    )

    assert (indicator.code, indicator.min_value, indicator.max_value) == ("TY_LE_DVC", 0, 100)
    entry = _plan_entries().get(action=AuditAction.CREATE)
    assert entry.changes["code"] == [None, "TY_LE_DVC"]
    assert entry.changes["max_value"] == [None, "100.0000"]


@pytest.mark.parametrize("code", ["1ABC", "AB-C", "TY LE", "_A", "A" * 33, ""])
def test_create_indicator_refuses_a_malformed_code(movement, officer, criterion, code) -> None:
    with pytest.raises(DomainError) as refused:
        create_indicator(by=officer, movement=movement, data=_data(criterion, code))

    assert refused.value.field == "code"
    assert Indicator.objects.count() == 0


def test_create_indicator_refuses_a_code_used_in_the_movement(movement, officer, criterion) -> None:
    make_indicator(criterion, "SO_CA")

    with pytest.raises(DomainError) as refused:
        create_indicator(by=officer, movement=movement, data=_data(criterion, "so_ca"))

    assert (refused.value.field, refused.value.message) == (
        "code",
        "Mã chỉ tiêu “SO_CA” đã được dùng trong phong trào này.",
    )


def test_the_same_indicator_code_is_allowed_in_another_movement(
    movement, officer, criterion, org
) -> None:
    other = make_criterion(make_area(make_movement(org.root), "ND1"), "1", 10)
    make_indicator(other, "SO_CA")

    indicator = create_indicator(by=officer, movement=movement, data=_data(criterion, "SO_CA"))

    assert indicator.movement_id == movement.pk


def test_create_indicator_refuses_a_criterion_of_another_movement(movement, officer, org) -> None:
    foreign = make_criterion(make_area(make_movement(org.root), "ND1"), "1", 10)

    with pytest.raises(DomainError) as refused:
        create_indicator(by=officer, movement=movement, data=_data(foreign, "A"))

    assert refused.value.field == "criterion"


def test_text_indicator_with_a_formula_is_refused(movement, officer, criterion) -> None:
    make_indicator(criterion, "A")

    with pytest.raises(DomainError) as refused:
        create_indicator(
            by=officer,
            movement=movement,
            data=_data(criterion, "GHI_CHU", value_type=ValueType.TEXT, formula="A + 1"),
        )

    assert (refused.value.field, refused.value.message) == (
        "formula",
        "Chỉ tiêu kiểu văn bản không tính được bằng công thức: hãy bỏ công thức hoặc chọn kiểu "
        "giá trị khác.",
    )


def test_text_indicator_always_asks_for_evidence(movement, officer, criterion) -> None:
    indicator = create_indicator(
        by=officer, movement=movement, data=_data(criterion, "MO_TA", value_type=ValueType.TEXT)
    )

    assert (indicator.evidence_required, indicator.min_value, indicator.max_value) == (
        True,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("value_type", "low", "high", "field", "message"),
    [
        (
            ValueType.BOOLEAN,
            "0",
            None,
            "min_value",
            "Chỉ tiêu kiểu Có/Không hoặc văn bản không có giá trị nhỏ nhất, lớn nhất.",
        ),
        (
            ValueType.NUMBER,
            "10",
            "5",
            "max_value",
            "Giá trị lớn nhất phải lớn hơn hoặc bằng giá trị nhỏ nhất.",
        ),
        (ValueType.COUNT, "-1", None, "min_value", "Số lượng không thể nhỏ hơn 0."),
        (
            ValueType.PERCENTAGE,
            "120",
            None,
            "max_value",
            "Giá trị lớn nhất phải lớn hơn hoặc bằng giá trị nhỏ nhất.",
        ),
    ],
)
def test_create_indicator_refuses_bounds_that_do_not_fit(
    movement, officer, criterion, value_type, low, high, field, message
) -> None:
    data = _data(
        criterion,
        "A",
        value_type=value_type,
        min_value=Decimal(low) if low else None,
        max_value=Decimal(high) if high else None,
    )

    with pytest.raises(DomainError) as refused:
        create_indicator(by=officer, movement=movement, data=data)

    assert (refused.value.field, refused.value.message) == (field, message)


# --- Indicators: formulas -----------------------------------------------------------------------


def test_formula_indicator_is_saved_with_its_formula(movement, officer, criterion) -> None:
    make_indicator(criterion, "TTHC_TONG", value_type=ValueType.COUNT)
    make_indicator(criterion, "TTHC_TT", value_type=ValueType.COUNT)

    indicator = create_indicator(
        by=officer,
        movement=movement,
        data=_data(
            criterion,
            "TY_LE_TT",
            value_type=ValueType.PERCENTAGE,
            formula="  if(TTHC_TONG > 0; tthc_tt / TTHC_TONG * 100; 0) ",
            aggregation=Aggregation.AVERAGE_BY_STAFF,
        ),
    )

    assert indicator.formula == "if(TTHC_TONG > 0; tthc_tt / TTHC_TONG * 100; 0)"
    assert indicator.is_computed is True


def test_formula_with_a_syntax_error_is_refused_at_the_formula_with_its_position(
    movement, officer, criterion
) -> None:
    make_indicator(criterion, "A")

    with pytest.raises(DomainError) as refused:
        create_indicator(
            by=officer, movement=movement, data=_data(criterion, "B", formula="(A + 1")
        )

    assert refused.value.field == "formula"
    assert "vị trí" in refused.value.message
    assert Indicator.objects.count() == 1


def test_formula_with_an_unknown_reference_is_refused(movement, officer, criterion) -> None:
    make_indicator(criterion, "A")

    with pytest.raises(DomainError) as refused:
        create_indicator(
            by=officer, movement=movement, data=_data(criterion, "B", formula="A + KHONG_CO")
        )

    assert (refused.value.field, refused.value.message) == (
        "formula",
        "Chỉ tiêu “KHONG_CO” không tồn tại (ở vị trí 5).",
    )
    assert Indicator.objects.count() == 1


def test_formula_referring_to_a_text_indicator_is_refused(movement, officer, criterion) -> None:
    make_indicator(criterion, "MO_TA", value_type=ValueType.TEXT)

    with pytest.raises(DomainError) as refused:
        create_indicator(by=officer, movement=movement, data=_data(criterion, "B", formula="MO_TA"))

    assert refused.value.message == (
        "Chỉ tiêu MO_TA có kiểu văn bản, không dùng được trong công thức."
    )


def test_formula_referring_to_itself_is_refused(movement, officer, criterion) -> None:
    with pytest.raises(DomainError) as refused:
        create_indicator(by=officer, movement=movement, data=_data(criterion, "A", formula="A + 1"))

    assert refused.value.field == "formula"
    assert refused.value.message.startswith("Các công thức tham chiếu vòng tròn: A → A.")


def test_cycle_between_two_formulas_refuses_the_second_save_and_keeps_the_first(
    movement, officer, criterion
) -> None:
    b = make_indicator(criterion, "B")
    a = create_indicator(by=officer, movement=movement, data=_data(criterion, "A", formula="B * 2"))

    with pytest.raises(DomainError) as refused:
        update_indicator(b, by=officer, data=_data_of(b, formula="A + 1"))

    assert refused.value.field == "formula"
    assert refused.value.message == (
        "Các công thức tham chiếu vòng tròn: A → B → A. Một chỉ tiêu không thể được tính, "
        "trực tiếp hay gián tiếp, từ chính nó."
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.formula, b.formula) == ("B * 2", "")
    assert _entries(AuditAction.UPDATE) == []


def test_cycle_through_three_formulas_is_refused(movement, officer, criterion) -> None:
    make_indicator(criterion, "A", formula="B + 1")
    make_indicator(criterion, "B", formula="C + 1")
    c = make_indicator(criterion, "C")

    with pytest.raises(DomainError) as refused:
        update_indicator(c, by=officer, data=_data_of(c, formula="A"))

    assert refused.value.field == "formula"
    assert "A → B → C → A" in refused.value.message


def test_changing_the_code_of_an_indicator_used_by_a_formula_is_refused(officer, criterion) -> None:
    a = make_indicator(criterion, "A")
    make_indicator(criterion, "B", formula="A * 2")

    with pytest.raises(DomainError) as refused:
        update_indicator(a, by=officer, data=_data_of(a, code="A_MOI"))

    assert (refused.value.field, refused.value.message) == (
        "code",
        "Không đổi được mã A: công thức của B đang dùng mã này. Hãy sửa các công thức đó trước.",
    )


def test_changing_an_indicator_used_by_a_formula_to_text_is_refused(officer, criterion) -> None:
    a = make_indicator(criterion, "A")
    make_indicator(criterion, "B", formula="A * 2")

    with pytest.raises(DomainError) as refused:
        update_indicator(a, by=officer, data=_data_of(a, value_type=ValueType.TEXT))

    assert refused.value.field == "value_type"


def test_update_indicator_records_what_changed(officer, criterion) -> None:
    a = make_indicator(criterion, "A")

    update_indicator(a, by=officer, data=_data_of(a, name="Số ca bệnh án điện tử", order=3))

    entry = _plan_entries().get(action=AuditAction.UPDATE)
    assert entry.changes == {"name": ["Chỉ tiêu A", "Số ca bệnh án điện tử"], "order": [0, 3]}


def test_update_indicator_by_a_unit_head_is_refused(cast: Cast, criterion) -> None:
    a = make_indicator(criterion, "A")

    with pytest.raises(PermissionDeniedError):
        update_indicator(a, by=cast[Role.UNIT_HEAD], data=_data_of(a, name="Đổi tên"))


# --- Deleting indicators ------------------------------------------------------------------------


def test_delete_indicator_removes_its_yearly_targets_and_is_audited(officer, criterion) -> None:
    a = make_indicator(criterion, "A")
    YearlyTarget.objects.create(indicator=a, year=2026, value=5)

    delete_indicator(a, by=officer, reason="Trùng chỉ tiêu")

    assert (Indicator.objects.count(), YearlyTarget.objects.count()) == (0, 0)
    entry = _plan_entries().get(action=AuditAction.DELETE)
    assert (entry.target_repr, entry.reason, entry.changes["code"]) == (
        "A. Chỉ tiêu A",
        "Trùng chỉ tiêu",
        ["A", None],
    )


def test_delete_indicator_used_by_a_formula_is_refused(officer, criterion) -> None:
    a = make_indicator(criterion, "A")
    make_indicator(criterion, "B", formula="A * 2")
    make_indicator(criterion, "C", formula="max(A; 1)")

    with pytest.raises(DomainError) as refused:
        delete_indicator(a, by=officer)

    assert refused.value.message == (
        "Không thể xóa chỉ tiêu A: Chỉ tiêu A được dùng trong công thức của B, C."
    )
    assert Indicator.objects.count() == 3


def test_delete_indicator_with_unit_targets_is_refused(officer, criterion, org) -> None:
    a = make_indicator(criterion, "A")
    Target.objects.create(indicator=a, unit=org.a, year=2026, value=10)
    Target.objects.create(indicator=a, unit=org.b, year=2026, value=12)

    with pytest.raises(DomainError) as refused:
        delete_indicator(a, by=officer)

    assert refused.value.message == (
        "Không thể xóa chỉ tiêu A: Đã giao 2 chỉ tiêu cho đơn vị theo chỉ tiêu này."
    )


def test_delete_indicator_used_by_a_scoring_rule_is_refused(movement, officer, criterion) -> None:
    a = make_indicator(criterion, "A")
    _table, version = make_scoring_table(movement, name="Bảng điểm")
    make_rule(version, a, method="yes_no", params={})

    with pytest.raises(DomainError):
        delete_indicator(a, by=officer)

    assert Indicator.objects.filter(pk=a.pk).exists()


# --- Yearly targets -----------------------------------------------------------------------------


def test_set_yearly_targets_creates_changes_and_clears_years(officer, criterion) -> None:
    a = make_indicator(criterion, "A", value_type=ValueType.PERCENTAGE)
    YearlyTarget.objects.create(indicator=a, year=2025, value=50)
    YearlyTarget.objects.create(indicator=a, year=2026, value=60)

    result = set_yearly_targets(
        a,
        by=officer,
        values={2025: None, 2026: Decimal("62.5"), 2027: Decimal(80), 2028: None},
    )

    assert result == {2026: Decimal("62.5"), 2027: Decimal(80)}
    assert dict(YearlyTarget.objects.values_list("year", "value")) == {
        2026: Decimal("62.5"),
        2027: Decimal(80),
    }
    entry = _plan_entries().get(action=AuditAction.UPDATE)
    assert entry.changes == {
        "target_2025": ["50.0000", None],
        "target_2026": ["60.0000", "62.5000"],
        "target_2027": [None, "80.0000"],
    }


def test_set_yearly_targets_without_change_writes_no_audit_entry(officer, criterion) -> None:
    a = make_indicator(criterion, "A")
    YearlyTarget.objects.create(indicator=a, year=2026, value=5)

    set_yearly_targets(a, by=officer, values={2026: Decimal("5.0")})

    assert _entries(AuditAction.UPDATE) == []


@pytest.mark.parametrize(
    ("value_type", "value", "message"),
    [
        (ValueType.PERCENTAGE, "100.5", "Giá trị không được lớn hơn 100."),
        (ValueType.PERCENTAGE, "-1", "Giá trị không được nhỏ hơn 0."),
        (ValueType.BOOLEAN, "2", "Chỉ tiêu Có/Không chỉ nhận 1 (có) hoặc 0 (không)."),
        (ValueType.COUNT, "2.5", "Số lượng phải là số nguyên."),
        (ValueType.NUMBER, "1.23456", "Giá trị có tối đa 4 chữ số sau dấu phẩy."),
    ],
)
def test_set_yearly_targets_refuses_a_value_that_does_not_fit_and_saves_nothing(
    officer, criterion, value_type, value, message
) -> None:
    a = make_indicator(criterion, "A", value_type=value_type)

    with pytest.raises(DomainError) as refused:
        set_yearly_targets(a, by=officer, values={2025: Decimal(1), 2026: Decimal(value)})

    assert (refused.value.field, refused.value.message) == ("nam_2026", message)
    assert YearlyTarget.objects.count() == 0


def test_set_yearly_targets_of_a_text_indicator_is_refused(officer, criterion) -> None:
    a = make_indicator(criterion, "A", value_type=ValueType.TEXT)

    with pytest.raises(DomainError) as refused:
        set_yearly_targets(a, by=officer, values={2026: Decimal(1)})

    assert (refused.value.field, refused.value.message) == (
        "nam_2026",
        "Chỉ tiêu kiểu văn bản không có giá trị số.",
    )


def test_set_yearly_targets_respects_the_indicators_own_bounds(officer, criterion) -> None:
    a = make_indicator(criterion, "A", min_value=Decimal(10), max_value=Decimal("12.5"))

    with pytest.raises(DomainError) as refused:
        set_yearly_targets(a, by=officer, values={2027: Decimal(13)})

    assert refused.value.message == "Giá trị không được lớn hơn 12,5."


def test_set_yearly_targets_refuses_a_year_outside_the_movement(officer, criterion) -> None:
    a = make_indicator(criterion, "A")

    with pytest.raises(DomainError) as refused:
        set_yearly_targets(a, by=officer, values={2031: Decimal(1)})

    assert (refused.value.field, refused.value.message) == (
        "nam_2031",
        "Năm 2031 nằm ngoài thời gian của phong trào (2025–2030).",
    )


def test_set_yearly_targets_by_a_unit_officer_is_refused(cast: Cast, criterion) -> None:
    a = make_indicator(criterion, "A")

    with pytest.raises(PermissionDeniedError):
        set_yearly_targets(a, by=cast[Role.UNIT_OFFICER], values={2026: Decimal(1)})

    assert YearlyTarget.objects.count() == 0
