"""The numbering rules (pure): number format, symbol, series per issuer, kind and year, codes."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.documents import numbering
from thidua.documents.numbering import (
    VERIFICATION_ALPHABET,
    SeriesKey,
    format_number,
    is_valid_code,
    is_verification_code,
    make_symbol,
    new_verification_code,
    next_number,
    normalise_verification_code,
    number_and_symbol,
    parse_number_and_symbol,
    series_key,
)

codes = st.text(alphabet="ABCDĐEGHKLMNPQRSTUVXY", min_size=1, max_size=6)


def test_number_below_ten_has_a_leading_zero() -> None:
    assert [format_number(n) for n in (1, 5, 9, 10, 15, 123)] == [
        "01", "05", "09", "10", "15", "123"
    ]  # fmt: skip


def test_number_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        format_number(0)


def test_symbol_joins_kind_and_issuer_in_capitals() -> None:
    assert make_symbol("qđ", " syt ") == "QĐ-SYT"
    assert make_symbol("TTr", "bva") == "TTr-BVA"  # Phụ lục III's own case is kept


def test_number_and_symbol_is_the_printed_form() -> None:
    assert number_and_symbol(15, "QĐ-SYT") == "15/QĐ-SYT"


def test_series_is_per_issuer_kind_and_year() -> None:
    key = series_key(issuer_code="syt", kind_code="QĐ", issued_on=date(2026, 12, 31))
    next_year = series_key(issuer_code="SYT", kind_code="QĐ", issued_on=date(2027, 1, 1))

    assert key == SeriesKey("SYT", "QĐ", 2026)
    assert next_year == SeriesKey("SYT", "QĐ", 2027)


def test_next_number_starts_at_one() -> None:
    assert next_number(0) == 1


@given(st.integers(min_value=0, max_value=10**6))
def test_next_number_follows_the_last(last: int) -> None:
    assert next_number(last) == last + 1


@given(st.integers(min_value=1, max_value=10**6), codes, codes)
def test_number_and_symbol_parses_back(number: int, kind: str, issuer: str) -> None:
    symbol = make_symbol(kind, issuer)

    assert parse_number_and_symbol(number_and_symbol(number, symbol)) == (number, symbol)


@pytest.mark.parametrize("text", ["", "15", "/QĐ-SYT", "0/QĐ-SYT", "x/QĐ", "15/QĐ SYT"])
def test_parse_refuses_what_is_not_a_number_and_symbol(text: str) -> None:
    assert parse_number_and_symbol(text) is None


def test_parse_accepts_the_printed_line() -> None:
    assert parse_number_and_symbol("Số: 05/QĐ-SYT") == (5, "QĐ-SYT")


@pytest.mark.parametrize(
    ("code", "valid"), [("SYT", True), ("QĐ", True), ("", False), ("S YT", False), ("A/B", False)]
)
def test_code_validity(code: str, valid: bool) -> None:
    assert is_valid_code(code) is valid


def test_verification_code_is_ten_characters_of_the_alphabet() -> None:
    codes_made = {new_verification_code() for _ in range(200)}

    assert len(codes_made) == 200
    assert all(is_verification_code(code) for code in codes_made)
    assert all(set(code) <= set(VERIFICATION_ALPHABET) for code in codes_made)


@given(st.text(alphabet=VERIFICATION_ALPHABET, min_size=10, max_size=10))
def test_typed_code_in_lower_case_with_spaces_normalises(code: str) -> None:
    typed = f" {code[:5].lower()} {code[5:]} "

    assert normalise_verification_code(typed) == code


def test_lookalike_letters_read_as_digits() -> None:
    assert normalise_verification_code("abcdo-ilxyz") == "ABCD011XYZ"


def test_series_key_of_an_issuer_numbering_all_kinds_together_ignores_the_kind() -> None:
    day = date(2026, 5, 1)
    decision = numbering.series_key(
        issuer_code="syt", kind_code="QĐ", issued_on=day, mode=numbering.SERIES_PER_ISSUER
    )
    report = numbering.series_key(
        issuer_code="SYT", kind_code="BC", issued_on=day, mode=numbering.SERIES_PER_ISSUER
    )

    assert decision == report == numbering.SeriesKey("SYT", numbering.ALL_KINDS, 2026)
    with pytest.raises(ValueError, match="unknown numbering mode"):
        numbering.series_key(issuer_code="SYT", kind_code="BC", issued_on=day, mode="per_day")
