"""Parameters of a rule kind: their types, defaults and Vietnamese descriptions, and their
parsing from the rulebook's JSON-native values. Pure: no Django.

A rule is parsed once, when its award is compiled (`eligibility.compile_rulebook`), never per
subject. Every refusal is a `RuleParamError` with a Vietnamese message naming the parameter.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, cast

from thidua.awards.domain.facts import (
    DISCIPLINE_FORM_LABELS,
    HOLD_KIND_LABELS,
    INITIATIVE_LEVEL_LABELS,
    RATING_LABELS,
    RESEARCH_LEVEL_LABELS,
    Rating,
)
from thidua.awards.domain.rules import RulebookFormatError, parse_fraction

ParamType = Literal[
    "int", "bool", "text", "share", "choice", "choices", "rating", "award", "awards", "rules"
]


class RuleParamError(ValueError):
    """A parameter that cannot be used; `message` is Vietnamese, ready to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """One parameter: its type, whether it is required, its default, its allowed values
    (`choices`, for "choice" and "choices") and its smallest value (for "int")."""

    type: ParamType
    description: str
    required: bool = False
    default: object = None
    choices: Mapping[str, str] | None = None
    minimum: int = 0


RATING_CHOICES: Mapping[str, str] = {str(rating): label for rating, label in RATING_LABELS.items()}
INITIATIVE_LEVEL_CHOICES = INITIATIVE_LEVEL_LABELS
RESEARCH_LEVEL_CHOICES = RESEARCH_LEVEL_LABELS
DISCIPLINE_FORM_CHOICES = DISCIPLINE_FORM_LABELS
HOLD_KIND_CHOICES = HOLD_KIND_LABELS


class Params:
    """Parsed parameters with typed accessors (the parser guarantees the types)."""

    __slots__ = ("values",)

    def __init__(self, values: Mapping[str, object]) -> None:
        self.values = values

    def number(self, name: str) -> int:
        return cast(int, self.values[name])

    def optional_number(self, name: str) -> int | None:
        return cast(int | None, self.values[name])

    def flag(self, name: str) -> bool:
        return cast(bool, self.values[name])

    def text(self, name: str) -> str:
        return cast(str, self.values[name])

    def optional_text(self, name: str) -> str | None:
        return cast(str | None, self.values[name])

    def share(self, name: str) -> Fraction:
        return cast(Fraction, self.values[name])

    def texts(self, name: str) -> tuple[str, ...]:
        return cast(tuple[str, ...], self.values[name])

    def items(self, name: str) -> tuple[object, ...]:
        return cast(tuple[object, ...], self.values[name])

    def raw(self, name: str) -> object:
        return self.values[name]


def _int(name: str, value: object, spec: ParamSpec) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleParamError(f"tham số “{name}” phải là số nguyên, nhận {value!r}")
    if value < spec.minimum:
        raise RuleParamError(f"tham số “{name}” phải từ {spec.minimum} trở lên, nhận {value}")
    return value


def _choice(name: str, value: object, choices: Mapping[str, str]) -> str:
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(f"“{code}” ({label})" for code, label in choices.items())
        raise RuleParamError(f"tham số “{name}” nhận {value!r}; giá trị hợp lệ: {allowed}")
    return value


def _parse_one(name: str, value: object, spec: ParamSpec) -> object:
    match spec.type:
        case "int":
            return _int(name, value, spec)
        case "bool":
            if not isinstance(value, bool):
                raise RuleParamError(f"tham số “{name}” phải là true hoặc false, nhận {value!r}")
            return value
        case "text" | "award":
            if not isinstance(value, str) or not value.strip():
                raise RuleParamError(f"tham số “{name}” phải là một chuỗi ký tự không rỗng")
            return value
        case "share":
            try:
                return parse_fraction(value, f"tham số “{name}”")
            except RulebookFormatError as error:
                raise RuleParamError(error.messages[0].rstrip(".")) from None
        case "rating":
            return Rating(_choice(name, value, RATING_CHOICES))
        case "choice":
            return _choice(name, value, spec.choices or {})
        case "choices" | "awards":
            if not isinstance(value, list | tuple) or not value:
                raise RuleParamError(f"tham số “{name}” phải là một danh sách không rỗng")
            items = []
            for item in value:
                if spec.type == "choices":
                    items.append(_choice(name, item, spec.choices or {}))
                elif not isinstance(item, str) or not item.strip():
                    raise RuleParamError(f"tham số “{name}” chỉ gồm các mã (chuỗi ký tự)")
                else:
                    items.append(item)
            return tuple(items)
        case "rules":
            if not isinstance(value, list | tuple) or not value:
                raise RuleParamError(f"tham số “{name}” phải là danh sách các điều kiện con")
            return tuple(value)
    raise AssertionError(spec.type)  # pragma: no cover


def parse_params(specs: Mapping[str, ParamSpec], values: Mapping[str, object]) -> Params:
    """The parameters of one rule, defaults filled in. Refuses an unknown parameter, a missing
    required one and a value of the wrong type (RuleParamError, first problem found)."""
    unknown = [name for name in values if name not in specs]
    if unknown:
        known = ", ".join(f"“{name}”" for name in specs) or "(không có)"
        raise RuleParamError(
            f"tham số {', '.join(f'“{name}”' for name in unknown)} không được hỗ trợ; "
            f"tham số hợp lệ: {known}"
        )
    parsed: dict[str, object] = {}
    for name, spec in specs.items():
        if name not in values or values[name] is None:
            if spec.required:
                raise RuleParamError(f"thiếu tham số bắt buộc “{name}” ({spec.description})")
            parsed[name] = spec.default
            continue
        parsed[name] = _parse_one(name, values[name], spec)
    return Params(parsed)


def years_text(first: int, last: int) -> str:
    """ "năm 2025" or "các năm 2023–2025"."""
    return f"năm {last}" if first == last else f"các năm {first}–{last}"


def listing(items: Iterable[str]) -> str:
    return ", ".join(items)
