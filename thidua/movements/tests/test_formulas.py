"""The formula language of computed indicators: parsing, evaluation, references and order.

Pure module: no database. Property tests live in test_formulas_properties.py.
"""

from decimal import Decimal

import pytest

from thidua.movements.formulas import (
    Formula,
    FormulaCycleError,
    FormulaError,
    check_references,
    evaluate,
    evaluate_all,
    evaluation_order,
    parse,
)


def value_of(source, **values):
    return evaluate(parse(source), {code: Decimal(v) for code, v in values.items()})


def parse_error(source):
    with pytest.raises(FormulaError) as caught:
        parse(source)
    return caught.value.message, caught.value.position


def evaluation_error(source, values):
    with pytest.raises(FormulaError) as caught:
        evaluate(parse(source), values)
    return caught.value.message, caught.value.position


def parse_all(sources):
    return {code: parse(source) for code, source in sources.items()}


def outcomes(results):
    """evaluate_all's results with errors shown as their messages."""
    return {
        code: result.message if isinstance(result, FormulaError) else result
        for code, result in results.items()
    }


# --- Arithmetic -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 + 2 * 3", "7"),
        ("(1 + 2) * 3", "9"),
        ("2 * 3 + 4 * 5", "26"),
        ("10 - 2 * 3", "4"),
        ("10 - 4 - 3", "3"),
        ("24 / 4 / 2", "3"),
        ("24 / (4 / 2)", "12"),
        ("7 × 6 ÷ 3", "14"),
        ("10 − 3", "7"),
        ("1.5 + 2.25", "3.75"),
        ("1 / 4", "0.25"),
        ("1 / 3", "0.3333333333333333333333333333"),
        ("0.1 + 0.2", "0.3"),
        ("((((2))))", "2"),
        ("12345678901234567890 + 1", "12345678901234567891"),
        ("1234567890.1234567890 * 1", "1234567890.1234567890"),
        ("1" + "+1" * 99, "100"),
    ],
)
def test_evaluate_arithmetic_follows_precedence_and_left_associativity(source, expected):
    assert value_of(source) == Decimal(expected)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("-3 + 5", "2"),
        ("-(2 + 3)", "-5"),
        ("2 * -3", "-6"),
        ("5 - -2", "7"),
        ("--4", "4"),
        ("- - -4", "-4"),
        ("-A * 2", "-4"),
        ("-A", "-2"),
        ("−A", "-2"),
    ],
)
def test_evaluate_unary_minus(source, expected):
    assert value_of(source, A="2") == Decimal(expected)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("min(3; 1; 2)", "1"),
        ("max(3, 1, 2)", "3"),
        ("MIN(A; 10)", "4"),
        ("Max(A; 10)", "10"),
        ("min(A * 25; 100)", "100"),
        ("abs(-2.5)", "2.5"),
        ("abs(A - 10)", "6"),
        ("round(2.345; 2)", "2.35"),
        ("round(1.005; 2)", "1.01"),
        ("round(2.5)", "3"),
        ("round(-2.5)", "-3"),
        ("round(A / 3; 1)", "1.3"),
        ("round(2.5; 0)", "3"),
        ("max(min(A; 3); 1)", "3"),
    ],
)
def test_evaluate_functions(source, expected):
    assert value_of(source, A="4") == Decimal(expected)


@pytest.mark.parametrize(
    ("comparison", "a", "expected"),
    [
        ("A < 5", "4", "1"),
        ("A < 5", "5", "2"),
        ("A <= 5", "5", "1"),
        ("A <= 5", "6", "2"),
        ("A > 5", "6", "1"),
        ("A > 5", "5", "2"),
        ("A >= 5", "5", "1"),
        ("A >= 5", "4", "2"),
        ("A = 5", "5.00", "1"),
        ("A = 5", "4", "2"),
        ("A == 5", "5", "1"),
        ("A == 5", "4", "2"),
        ("A <> 5", "4", "1"),
        ("A <> 5", "5", "2"),
        ("A != 5", "4", "1"),
        ("A != 5", "5", "2"),
    ],
)
def test_evaluate_if_with_each_comparison(comparison, a, expected):
    assert value_of(f"if({comparison}; 1; 2)", A=a) == Decimal(expected)


@pytest.mark.parametrize(("flag", "expected"), [("1", "10"), ("0", "0"), ("-0.5", "10")])
def test_evaluate_if_without_comparison_holds_when_not_zero(flag, expected):
    assert value_of("IF(CO_BENH_AN_DIEN_TU, 10, 0)", CO_BENH_AN_DIEN_TU=flag) == Decimal(expected)


def test_evaluate_if_computes_only_the_chosen_branch():
    formula = parse("if(TONG > 0; DAT / TONG * 100; 0)")

    assert evaluate(formula, {"TONG": Decimal(0), "DAT": Decimal(5)}) == Decimal(0)
    assert evaluate(formula, {"TONG": Decimal(8), "DAT": Decimal(6)}) == Decimal(75)
    assert evaluate(parse("if(1; 2; A)"), {"A": None}) == Decimal(2)


def test_evaluate_references_are_case_insensitive():
    formula = parse("tt_a + Tt_A * TT_A")

    assert formula.references == frozenset({"TT_A"})
    assert evaluate(formula, {"TT_A": Decimal(2)}) == Decimal(6)
    assert evaluate(formula, {"tt_a": Decimal(3)}) == Decimal(12)


def test_evaluate_plain_reference_returns_its_value():
    assert evaluate(parse("A"), {"A": Decimal("12.50")}) == Decimal("12.50")


@pytest.mark.parametrize(
    "source",
    [
        "A",
        "A + 1",
        "1 - A",
        "-A",
        "2 * A",
        "1 / A",
        "A / 0",
        "min(A; 1)",
        "max(1; A)",
        "abs(A)",
        "round(A; 2)",
        "round(1.5; A)",
        "if(A > 0; 1; 2)",
        "if(A; 1; 2)",
        "if(1 > 0; A; 2)",
        "if(B > 0; A; 2)",
    ],
)
def test_evaluate_is_none_when_a_needed_value_is_not_entered(source):
    assert evaluate(parse(source), {"A": None, "B": Decimal(1)}) is None


# --- Errors at evaluation ----------------------------------------------------------------------


@pytest.mark.parametrize("source", ["A / B", "1 / (2 - 2)", "0 / 0", "A ÷ (B * 3)"])
def test_evaluate_division_by_zero_is_refused(source):
    assert evaluation_error(source, {"A": Decimal(1), "B": Decimal(0)}) == (
        "Chia cho 0 khi tính công thức.",
        None,
    )


def test_evaluate_unknown_reference_is_refused_with_its_position():
    assert evaluation_error("A + ZZ * zz", {"A": Decimal(1)}) == (
        "Chỉ tiêu “ZZ” không tồn tại.",
        5,
    )


def test_evaluate_unknown_reference_is_refused_even_in_a_branch_not_taken():
    assert evaluation_error("if(1; 2; ZZ)", {}) == ("Chỉ tiêu “ZZ” không tồn tại.", 10)


@pytest.mark.parametrize(
    ("source", "values"),
    [
        ("A * A", {"A": Decimal("1E+60")}),
        ("A", {"A": Decimal("1E+200")}),
        ("round(A; 2)", {"A": Decimal("1E+27")}),
        ("99999999999999999999 " + "* 99999999999999999999 " * 5, {}),
    ],
)
def test_evaluate_overflow_is_refused(source, values):
    assert evaluation_error(source, values) == ("Kết quả quá lớn khi tính công thức.", None)


@pytest.mark.parametrize("places", ["11", "1.5", "-1", "A"])
def test_evaluate_round_refuses_places_outside_0_to_10(places):
    assert evaluation_error(f"round(2; {places})", {"A": Decimal(20)}) == (
        "Hàm round cần số chữ số thập phân là số nguyên từ 0 đến 10.",
        None,
    )


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity")])
def test_evaluate_refuses_a_value_that_is_not_a_finite_number(value):
    assert evaluation_error("A + 1", {"A": value}) == (
        "Giá trị của chỉ tiêu “A” không phải là một số.",
        1,
    )


# --- Errors at parsing -------------------------------------------------------------------------

TOO_COMPLEX = (
    "công thức quá phức tạp, có hơn 200 thành phần "
    "(số, mã chỉ tiêu, phép tính, dấu ngoặc, dấu phân cách)"
)


@pytest.mark.parametrize(
    ("source", "position", "detail"),
    [
        ("(A + B", 7, "thiếu dấu “)”"),
        ("min(A; B", 9, "thiếu dấu “)”"),
        ("(A + B C)", 8, "thiếu dấu “)” trước “C”"),
        ("min(A B)", 7, "thiếu dấu “;” hoặc “)” trước “B”"),
        ("A + B)", 6, "thừa dấu “)” không có dấu “(” tương ứng"),
        ("A B", 3, "thừa “B”; có thể còn thiếu một phép tính (+, -, *, /) trước nó"),
        ("2A", 2, "thừa “A”; có thể còn thiếu một phép tính (+, -, *, /) trước nó"),
        (
            "1,5",
            2,
            "dấu “,” chỉ dùng để ngăn cách tham số của hàm; "
            "số thập phân viết bằng dấu “.”, ví dụ 1.5",
        ),
        (
            "sum(A; B)",
            1,
            "không biết hàm “sum”; các hàm dùng được: min, max, if, abs, round",
        ),
        ("A + Sqrt(B)", 5, "không biết hàm “Sqrt”; các hàm dùng được: min, max, if, abs, round"),
        ("min(A)", 1, "hàm “min” cần ít nhất 2 tham số, nhận được 1"),
        ("1 + MAX()", 5, "hàm “max” cần ít nhất 2 tham số, nhận được 0"),
        ("abs(A; B)", 1, "hàm “abs” cần đúng 1 tham số, nhận được 2"),
        (
            "round(A; 1; 2)",
            1,
            "hàm “round” cần 1 hoặc 2 tham số (giá trị; số chữ số thập phân), nhận được 3",
        ),
        (
            "if(A > 0; 1)",
            1,
            "hàm “if” cần đúng 3 tham số (điều kiện; giá trị khi đúng; giá trị khi sai), "
            "nhận được 2",
        ),
        (
            "A > 0",
            3,
            "phép so sánh “>” chỉ dùng được trong điều kiện của hàm if, ví dụ if(A > 0; B; 0)",
        ),
        (
            "if(A > 0; B <= 1; 0)",
            13,
            "phép so sánh “<=” chỉ dùng được trong điều kiện của hàm if, ví dụ if(A > 0; B; 0)",
        ),
        (
            "min(A = B; 1)",
            7,
            "phép so sánh “=” chỉ dùng được trong điều kiện của hàm if, ví dụ if(A > 0; B; 0)",
        ),
        ("if(0 < A < 5; 1; 0)", 10, "điều kiện chỉ được có một phép so sánh, thừa “<”"),
        ("A + ", 5, "công thức còn dở, thiếu số hoặc mã chỉ tiêu ở cuối"),
        ("A + * B", 5, "thiếu số hoặc mã chỉ tiêu trước “*”"),
        ("min(A;)", 7, "thiếu số hoặc mã chỉ tiêu trước “)”"),
        ("()", 2, "thiếu số hoặc mã chỉ tiêu trước “)”"),
        ("+A", 1, "thiếu số hoặc mã chỉ tiêu trước “+”"),
        ("=A+B", 1, "không cần dấu “=” ở đầu công thức"),
        ("A $ B", 3, "ký tự “$” không dùng được trong công thức"),
        ("A ^ 2", 3, "ký tự “^” không dùng được trong công thức"),
        ("2²", 2, "ký tự “²” không dùng được trong công thức"),
        ("A\x00", 2, "ký tự “U+0000” không dùng được trong công thức"),
        ("_A", 1, "ký tự “_” không dùng được trong công thức"),
        ("1.", 1, "số “1.” thiếu chữ số sau dấu “.”"),
        (".5", 1, "số phải bắt đầu bằng chữ số, ví dụ 0.5"),
        (
            "1.234.567",
            6,
            "số chỉ có một dấu “.” là dấu thập phân, không viết dấu chấm hàng nghìn",
        ),
        ("123456789012345678901", 1, "số “123456789012345678901” có quá 20 chữ số"),
        ("1 + 1234567890.12345678901", 5, "số “1234567890.12345678901” có quá 20 chữ số"),
        ("0" * 30, 1, "số “000000000000000000000000…” có quá 20 chữ số"),
        ("(" * 41 + "1" + ")" * 41, 41, "công thức lồng nhau quá 40 tầng ngoặc"),
        ("abs(" * 41 + "1" + ")" * 41, 164, "công thức lồng nhau quá 40 tầng ngoặc"),
        ("1" + "+1" * 100, 201, TOO_COMPLEX),
        ("-" * 999 + "1", 201, TOO_COMPLEX),
    ],
)
def test_parse_refuses_bad_text_naming_position_and_token(source, position, detail):
    assert parse_error(source) == (
        f"Công thức không hợp lệ ở vị trí {position}: {detail}.",
        position,
    )


@pytest.mark.parametrize("source", ["", "   ", "\n\t "])
def test_parse_refuses_an_empty_formula(source):
    assert parse_error(source) == ("Công thức trống.", None)


def test_parse_refuses_more_than_1000_characters():
    source = "A + " * 250 + "1"

    assert parse_error(source) == ("Công thức dài 1.001 ký tự, quá giới hạn 1.000 ký tự.", None)


def test_parse_position_over_999_uses_a_thousands_dot():
    source = " " * 998 + "A$"

    assert parse_error(source) == (
        "Công thức không hợp lệ ở vị trí 1.000: ký tự “$” không dùng được trong công thức.",
        1000,
    )


@pytest.mark.parametrize(
    "source",
    [
        "(" * 40 + "1" + ")" * 40,
        "1" + "+1" * 99,
        "-" * 198 + "1",
        " " * 990 + "A + B",
        "12345678901234567890",
        "A\u00a0+\u2003B",
    ],
)
def test_parse_accepts_text_at_the_limits(source):
    assert isinstance(parse(source), Formula)


def test_parse_keeps_the_source_and_upper_cases_references():
    formula = parse("if(Da_Xong > 0; da_xong / TONG * 100; 0)")

    assert formula.source == "if(Da_Xong > 0; da_xong / TONG * 100; 0)"
    assert formula.references == frozenset({"DA_XONG", "TONG"})


def test_parse_function_names_are_references_without_brackets():
    assert parse("MIN + max * If").references == frozenset({"MIN", "MAX", "IF"})


# --- References, order and evaluation of several formulas ----------------------------------


def test_check_references_reports_each_unknown_code_once_with_owner_and_position():
    formulas = parse_all(
        {
            "TY_LE": "DA_XONG / TONG * 100",
            "KHAC": "TY_LE + ABC + abc + XYZ",
            "DU": "TONG - DA_XONG",
        }
    )

    errors = check_references(formulas, ["DA_XONG", "tong"])

    assert [(e.code, e.message, e.position) for e in errors] == [
        ("KHAC", "Chỉ tiêu “ABC” không tồn tại.", 9),
        ("KHAC", "Chỉ tiêu “XYZ” không tồn tại.", 21),
    ]


def test_check_references_is_empty_when_all_codes_are_known():
    assert check_references(parse_all({"A": "B + C"}), {"B", "C"}) == []


def test_evaluation_order_of_a_diamond_puts_dependencies_first():
    formulas = parse_all({"D": "B + C", "C": "A + 1", "B": "A * 2", "A": "X / 2"})

    assert evaluation_order(formulas) == ["A", "B", "C", "D"]


def test_evaluation_order_keeps_independent_formulas_in_given_order():
    formulas = parse_all({"Z": "X", "B": "Y", "A": "Z + B"})

    assert evaluation_order(formulas) == ["Z", "B", "A"]


@pytest.mark.parametrize(
    ("sources", "codes", "message"),
    [
        ({"A": "A + 1"}, ["A"], "Các công thức tham chiếu vòng tròn: A → A."),
        ({"A": "B", "B": "a"}, ["A", "B"], "Các công thức tham chiếu vòng tròn: A → B → A."),
        (
            {"A": "B + 1", "B": "C * 2", "C": "A - X"},
            ["A", "B", "C"],
            "Các công thức tham chiếu vòng tròn: A → B → C → A.",
        ),
        (
            {"X": "A", "A": "B", "B": "C", "C": "B"},
            ["B", "C"],
            "Các công thức tham chiếu vòng tròn: B → C → B.",
        ),
    ],
)
def test_evaluation_order_refuses_cycles_naming_them_in_order(sources, codes, message):
    with pytest.raises(FormulaCycleError) as caught:
        evaluation_order(parse_all(sources))

    assert (caught.value.codes, caught.value.message) == (codes, message)


def test_evaluate_all_feeds_each_result_to_later_formulas():
    formulas = parse_all({"D": "B + C", "C": "A + 1", "B": "A * 2", "A": "X / 2"})

    results = evaluate_all(formulas, {"x": Decimal(8)})

    assert list(results.items()) == [
        ("A", Decimal(4)),
        ("B", Decimal(8)),
        ("C", Decimal(5)),
        ("D", Decimal(13)),
    ]


def test_evaluate_all_propagates_values_not_entered():
    formulas = parse_all({"A": "X * 2", "B": "A + Y", "C": "Y + 1"})

    results = evaluate_all(formulas, {"X": None, "Y": Decimal(1)})

    assert results == {"A": None, "B": None, "C": Decimal(2)}


def test_evaluate_all_names_the_dependency_that_failed():
    formulas = parse_all({"A": "X / 0", "B": "A + 1", "C": "B * 2", "D": "Y * 2", "E": "ZZ"})

    results = evaluate_all(formulas, {"X": Decimal(1), "Y": Decimal(3)})

    assert outcomes(results) == {
        "A": "Chia cho 0 khi tính công thức.",
        "B": "Không tính được vì công thức của chỉ tiêu “A” bị lỗi.",
        "C": "Không tính được vì công thức của chỉ tiêu “B” bị lỗi.",
        "D": Decimal(6),
        "E": "Chỉ tiêu “ZZ” không tồn tại.",
    }
    assert [r.code for r in results.values() if isinstance(r, FormulaError)] == [
        "A",
        "B",
        "C",
        "E",
    ]


def test_evaluate_all_marks_a_cycle_and_still_computes_the_rest():
    formulas = parse_all({"A": "B", "B": "A", "C": "A + 1", "D": "X + 1"})

    results = evaluate_all(formulas, {"X": Decimal(1)})

    assert outcomes(results) == {
        "B": "Các công thức tham chiếu vòng tròn: A → B → A.",
        "A": "Các công thức tham chiếu vòng tròn: A → B → A.",
        "C": "Không tính được vì công thức của chỉ tiêu “A” bị lỗi.",
        "D": Decimal(2),
    }
    assert list(results) == ["B", "A", "C", "D"]


def test_evaluate_all_computed_value_replaces_an_entered_one():
    formulas = parse_all({"A": "X + 1", "B": "A * 10"})

    results = evaluate_all(formulas, {"X": Decimal(1), "A": Decimal(100)})

    assert results == {"A": Decimal(2), "B": Decimal(20)}


def test_evaluate_all_of_nothing_is_empty():
    assert evaluate_all({}, {"X": Decimal(1)}) == {}
