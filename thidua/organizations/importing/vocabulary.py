"""The vocabulary import rows are checked against, taken from the models' enumerations and the
services' code rules so that a file and a form accept exactly the same values."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from thidua.organizations.enums import SUB_UNIT_KINDS, EmploymentKind, Gender, UnitKind
from thidua.organizations.importing.rows import Choices, Vocabulary
from thidua.organizations.services.people import STAFF_CODE_PATTERN
from thidua.organizations.services.units import UNIT_CODE_PATTERN, check_unit_abbreviation


def is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def _labels(choices: list[tuple[str, str]]) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices}


VOCABULARY = Vocabulary(
    genders=Choices(_labels(Gender.choices)),
    employment_kinds=Choices(_labels(EmploymentKind.choices)),
    # The root's kind is listed so that choosing it gets a clear message, not "unknown".
    unit_kinds=Choices(_labels(UnitKind.choices), unlisted=frozenset({UnitKind.DEPARTMENT.value})),
    department_kind=UnitKind.DEPARTMENT.value,
    sub_unit_kinds=frozenset(str(kind) for kind in SUB_UNIT_KINDS),
    staff_code_pattern=STAFF_CODE_PATTERN,
    unit_code_pattern=UNIT_CODE_PATTERN,
    is_email=is_email,
    check_abbreviation=check_unit_abbreviation,
)


def dropdown_label(label: str) -> str:
    """A label as an Excel list item: a list validation splits its items on commas."""
    return label.replace(", ", "/").replace(",", "/")


def unit_kind_dropdown() -> list[str]:
    return [
        dropdown_label(label) for value, label in UnitKind.choices if value != UnitKind.DEPARTMENT
    ]
