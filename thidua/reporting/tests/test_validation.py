"""The pure validation rules: reading Vietnamese numbers and checking a report."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.reporting.validation import (
    IndicatorCheck,
    Issue,
    ValueProblem,
    check_report,
    format_number,
    parse_value,
)

TYPES = ["number", "percentage", "boolean", "count", "text"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("1.234", Decimal(1234)),
        ("1.234.567", Decimal(1234567)),
        ("1,234.5", Decimal("1234.5")),
        ("0.125", Decimal("0.125")),
        ("1 234", Decimal(1234)),
        (" -3,5 ", Decimal("-3.5")),
        ("−2", Decimal(-2)),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_value_reads_vietnamese_numbers(raw, expected):
    assert parse_value(raw, "number") == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", 1), ("0", 0), ("có", 1), ("Có", 1), ("không", 0), ("KHÔNG", 0), ("x", 1)],
)
def test_parse_value_reads_yes_and_no(raw, expected):
    assert parse_value(raw, "boolean") == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "value_type", "message"),
    [
        ("mười hai", "number", "Giá trị phải là một số, ví dụ 12,5."),
        ("12,5,3", "number", "Giá trị phải là một số, ví dụ 12,5."),
        ("1.2.3", "number", "Giá trị phải là một số, ví dụ 12,5."),
        ("12abc", "number", "Giá trị phải là một số, ví dụ 12,5."),
        ("-", "number", "Giá trị phải là một số, ví dụ 12,5."),
        ("-3", "count", "Số lượng không được âm."),
        ("2,5", "count", "Số lượng phải là số nguyên."),
        ("100,5", "percentage", "Tỉ lệ không được vượt quá 100%."),
        ("-1", "percentage", "Tỉ lệ không được âm."),
        ("có lẽ", "boolean", "Chọn “Có” hoặc “Không” (có thể gõ 1 hoặc 0)."),
        ("99999999999", "number", "Giá trị quá lớn."),
    ],
)
def test_parse_value_refuses_with_a_vietnamese_message(raw, value_type, message):
    with pytest.raises(ValueProblem) as refused:
        parse_value(raw, value_type)

    assert refused.value.message == message


def test_parse_value_refuses_out_of_range_with_vietnamese_bounds():
    with pytest.raises(ValueProblem) as refused:
        parse_value("2.000", "number", min_value=Decimal("0.5"), max_value=Decimal(1500))

    assert refused.value.message == "Giá trị phải trong khoảng từ 0,5 đến 1.500."


def test_parse_value_of_a_text_indicator_has_no_number():
    assert parse_value("Đã triển khai", "text") is None


@given(st.text(max_size=60), st.sampled_from(TYPES))
def test_parse_value_never_raises_anything_but_value_problem(raw, value_type):
    message = "(accepted)"
    value = None
    try:
        value = parse_value(raw, value_type)
    except ValueProblem as problem:
        message = problem.message

    assert message
    assert value is None or value.is_finite()


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False))
def test_parse_value_reads_back_what_format_number_writes(number):
    assert parse_value(format_number(number), "number") == number


def _check(code="CB_DAO_TAO", **fields):
    return IndicatorCheck(
        code=code, name=fields.pop("name", "Số cán bộ"), value_type=fields.pop("value_type", "count"),
        **fields,
    )  # fmt: skip


def _run(checks, values, *, texts=None, previous=None, staff=None, evidence=None,
         explanations=None, factor="3"):  # fmt: skip
    return check_report(
        checks, values, texts or {}, previous or {}, staff, evidence or set(),
        explanations or {}, Decimal(factor),
    )  # fmt: skip


def test_check_report_blocks_a_missing_value_but_not_a_computed_one():
    checks = [_check("A"), _check("B", is_computed=True)]

    assert _run(checks, {"A": None, "B": None}) == [
        Issue("A", "error", "A — Số cán bộ: Chưa nhập giá trị.")
    ]


def test_check_report_blocks_a_computed_percentage_over_100():
    checks = [_check("TL", value_type="percentage", is_computed=True, name="Tỉ lệ")]

    assert _run(checks, {"TL": Decimal(150)}) == [
        Issue("TL", "error", "TL — Tỉ lệ: Tỉ lệ không được vượt quá 100%.")
    ]


def test_check_report_blocks_people_beyond_the_staff():
    checks = [_check(is_people_count=True)]

    issues = _run(checks, {"CB_DAO_TAO": Decimal(1500)}, staff=1200)

    assert issues == [
        Issue(
            "CB_DAO_TAO",
            "error",
            "CB_DAO_TAO — Số cán bộ: 1.500 người, nhiều hơn số cán bộ của đơn vị (1.200 người).",
        )
    ]


def test_check_report_blocks_missing_required_evidence():
    checks = [_check("DT", value_type="boolean", evidence_required=True, name="Diễn tập")]

    assert _run(checks, {"DT": Decimal(1)}) == [
        Issue("DT", "error", "DT — Diễn tập: Chưa đính kèm minh chứng bắt buộc.")
    ]
    assert _run(checks, {"DT": Decimal(1)}, evidence={"DT"}) == []


def test_check_report_warns_of_a_jump_unless_explained():
    checks = [_check("SU_CO", name="Số sự cố")]

    up = _run(checks, {"SU_CO": Decimal(10)}, previous={"SU_CO": Decimal(3)})
    down = _run(checks, {"SU_CO": Decimal(1)}, previous={"SU_CO": Decimal(4)})
    explained = _run(
        checks, {"SU_CO": Decimal(10)}, previous={"SU_CO": Decimal(3)},
        explanations={"SU_CO": "Tấn công mạng"},
    )  # fmt: skip
    within = _run(checks, {"SU_CO": Decimal(9)}, previous={"SU_CO": Decimal(3)})
    from_zero = _run(checks, {"SU_CO": Decimal(9)}, previous={"SU_CO": Decimal(0)})

    assert up == [
        Issue(
            "SU_CO",
            "warning",
            "SU_CO — Số sự cố: 10 so với 3 kỳ trước, thay đổi hơn 3 lần. Đề nghị giải trình.",
        )
    ]
    assert [i.level for i in down] == ["warning"]
    assert (explained, within, from_zero) == ([], [], [])


def test_check_report_blocks_a_missing_text():
    checks = [_check("MO_TA", value_type="text", name="Mô tả")]

    assert _run(checks, {}, texts={"MO_TA": "  "})[0].message == "MO_TA — Mô tả: Chưa nhập giá trị."
    assert _run(checks, {}, texts={"MO_TA": "Đã làm"}) == []


@given(
    st.lists(st.one_of(st.none(), st.decimals(-1000, 1000, places=2)), min_size=1, max_size=6),
    st.lists(st.one_of(st.none(), st.decimals(-1000, 1000, places=2)), min_size=6, max_size=6),
    st.decimals(min_value=1, max_value=10, places=2),
)
def test_check_report_only_warns_of_explained_free_jumps(values, previous, factor):
    codes = [f"C{i}" for i in range(len(values))]
    checks = [_check(code, value_type="number") for code in codes]

    issues = _run(
        checks, dict(zip(codes, values, strict=True)),
        previous=dict(zip(codes, previous, strict=False)), factor=str(factor),
    )  # fmt: skip

    for issue in issues:
        assert issue.message.startswith(f"{issue.code} — Số cán bộ: ")
        if issue.level == "warning":
            assert previous[codes.index(issue.code)] not in (None, 0)
