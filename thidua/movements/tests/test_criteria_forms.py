"""Numbers typed Vietnamese-style on the plan forms."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from thidua.movements.forms.criteria import NumberField, parse_number


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        (" 1.234.567 ", Decimal(1234567)),
        ("1.234,5", Decimal("1234.5")),
        ("-3", Decimal(-3)),
        ("0,25", Decimal("0.25")),
        (",5", Decimal("0.5")),
        ("100", Decimal(100)),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_number_reads_vietnamese_and_dotted_decimals(typed, expected) -> None:
    assert parse_number(typed) == expected


@pytest.mark.parametrize(
    "typed", ["abc", "1,2,3", "1.2.3", "12,5%", "1e5", "1.23,4", "--1", "∞", "١٢"]
)
def test_parse_number_refuses_what_is_not_a_number(typed) -> None:
    with pytest.raises(ValueError) as refused:  # noqa: PT011 (the message is the text typed)
        parse_number(typed)

    assert str(refused.value) == typed


def test_number_field_refuses_too_many_decimals_in_vietnamese() -> None:
    field = NumberField(decimal_places=2)

    with pytest.raises(ValidationError) as refused:
        field.clean("1,234")

    assert refused.value.messages == ["Tối đa 2 chữ số sau dấu phẩy."]


def test_number_field_shows_a_decimal_the_vietnamese_way() -> None:
    assert NumberField().prepare_value(Decimal("1234.5000")) == "1.234,5"
