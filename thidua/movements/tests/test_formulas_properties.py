"""Property tests of the formula language: no text crashes, hangs or reaches Python.

A grammar-based strategy builds valid formulas together with the codes they reference, so the
parser and evaluator are exercised deep inside the language, not only at its first character.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.movements.formulas import (
    Formula,
    FormulaError,
    evaluate,
    evaluate_all,
    evaluation_order,
    parse,
)

CODES = ["A", "B", "TY_LE", "SO_CA_2"]


@dataclass(frozen=True)
class Generated:
    """A valid formula text with the upper-case codes in it, its token count and bracket depth."""

    text: str
    references: frozenset[str]
    tokens: int
    depth: int


def _join(parts, separator, *, wrap=None):
    texts = [part.text for part in parts]
    text = separator.join(texts)
    return Generated(
        f"{wrap}({text})" if wrap is not None else text,
        frozenset().union(*(part.references for part in parts)),
        sum(part.tokens for part in parts)
        + len(parts)
        - 1
        + (2 if wrap is not None else 0)
        + (1 if wrap else 0),
        max(part.depth for part in parts) + (1 if wrap is not None else 0),
    )


numbers = st.builds(
    lambda whole, fraction: Generated(
        f"{whole}.{fraction}" if fraction is not None else str(whole), frozenset(), 1, 0
    ),
    st.integers(min_value=0, max_value=10**9),
    st.none() | st.integers(min_value=0, max_value=9999),
)
references = st.builds(
    lambda code, spell: Generated(spell(code), frozenset({code}), 1, 0),
    st.sampled_from(CODES),
    st.sampled_from([str.upper, str.lower, str.title]),
)
separators = st.sampled_from([", ", "; ", ",", ";"])
names = st.sampled_from([str.lower, str.upper, str.title])


def outcome(function, *args):
    """What a call returns, or the FormulaError it raises; any other exception fails the test."""
    try:
        return function(*args)
    except FormulaError as error:
        return error


def _extend(children):
    operators = st.sampled_from(["+", "-", "*", "/", "×", "÷", "−"])
    comparisons = st.sampled_from(["<", "<=", ">", ">=", "=", "==", "<>", "!="])
    return st.one_of(
        st.builds(lambda a, op, b: _join([a, b], f" {op} "), children, operators, children),
        st.builds(lambda a: _join([a], "", wrap=""), children),
        st.builds(lambda a: Generated("-" + a.text, a.references, a.tokens + 1, a.depth), children),
        st.builds(
            lambda name, sep, args: _join(args, sep, wrap=name("min")),
            names,
            separators,
            st.lists(children, min_size=2, max_size=4),
        ),
        st.builds(
            lambda name, sep, args: _join(args, sep, wrap=name("max")),
            names,
            separators,
            st.lists(children, min_size=2, max_size=3),
        ),
        st.builds(lambda name, a: _join([a], "", wrap=name("abs")), names, children),
        st.builds(
            lambda name, sep, a, places: _join([a, places], sep, wrap=name("round")),
            names,
            separators,
            children,
            children,
        ),
        st.builds(
            lambda name, sep, left, cmp, right, a, b: _join(
                [_join([left, right], f" {cmp} "), a, b], sep, wrap=name("if")
            ),
            names,
            separators,
            children,
            comparisons,
            children,
            children,
            children,
        ),
    )


valid_formulas = st.recursive(numbers | references, _extend, max_leaves=12).filter(
    lambda f: f.tokens <= 200 and f.depth <= 40 and len(f.text) <= 1000
)
values = st.none() | st.decimals() | st.decimals(min_value=-(10**6), max_value=10**6, places=4)
value_maps = st.fixed_dictionaries({code: values for code in CODES})
formula_characters = "AaBb_019.+-*/×÷−()<>=!,; \t" + "minaxifbsround"


@given(st.text(max_size=300))
def test_parse_any_text_returns_a_formula_or_raises_formula_error(text):
    result = outcome(parse, text)

    assert isinstance(result, Formula) or (isinstance(result, FormulaError) and result.message)


@given(st.text(alphabet=formula_characters, max_size=1100))
def test_parse_formula_like_text_returns_a_formula_or_raises_formula_error(text):
    result = outcome(parse, text)

    assert isinstance(result, Formula) or (isinstance(result, FormulaError) and result.message)


@given(valid_formulas)
def test_parse_generated_formula_is_deterministic_and_lists_its_references(generated):
    first, second = parse(generated.text), parse(generated.text)

    assert first == second
    assert first.source == generated.text
    assert first.references == generated.references


@given(valid_formulas, value_maps)
def test_evaluate_generated_formula_returns_decimal_none_or_formula_error(generated, values):
    formula = parse(generated.text)

    result = outcome(evaluate, formula, values)

    assert (
        result is None
        or (isinstance(result, Decimal) and result.is_finite())
        or (isinstance(result, FormulaError) and result.message)
    )


@given(st.lists(valid_formulas, min_size=1, max_size=5), value_maps)
def test_evaluate_all_never_raises_and_orders_dependencies_first(generated, entered):
    # Formula K<i> may use entered codes and formulas before it: no cycles by construction.
    formulas = {}
    for index, item in enumerate(generated):
        earlier = "".join(f" + K{j}" for j in range(index))
        formulas[f"K{index}"] = parse(f"({item.text}){earlier}")

    order = evaluation_order(formulas)
    results = evaluate_all(formulas, entered)

    assert sorted(order) == sorted(formulas)
    for position, code in enumerate(order):
        assert {ref for ref in formulas[code].references if ref in formulas} <= set(
            order[:position]
        )
    assert list(results) == order
    assert all(r is None or isinstance(r, (Decimal, FormulaError)) for r in results.values())


@pytest.mark.parametrize(
    "text",
    [
        '__import__("os")',
        "__import__('os').system('ls')",
        "().__class__",
        "().__class__.__bases__[0].__subclasses__()",
        "lambda: 0",
        "lambda x: x",
        'os.system("ls")',
        "A.__class__",
        'eval("1")',
        'exec("1")',
        "open('/etc/passwd')",
        "globals()",
        "print(1)",
        "getattr(A, 'x')",
        "1 if 1 else 0",
        "[x for x in ()]",
        "{}",
        '"abc"',
        "1e5",
        "0x10",
        "1_000",
        "2 ** 3",
        "A; import os",
        "A and B",
        "not A",
        "lambda",
        "os",
        "eval",
        "__builtins__",
    ],
)
def test_no_formula_reaches_python(text):
    with pytest.raises(FormulaError):
        evaluate(parse(text), {})
