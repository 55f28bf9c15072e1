"""The formula language of computed indicators (chỉ tiêu tính bằng công thức). Pure: no Django.

A computed indicator is a formula over other indicators' codes, e.g.
``if(TTHC_TONG > 0; TTHC_TRUC_TUYEN / TTHC_TONG * 100; 0)``. `parse` turns the text into a small
immutable tree with a hand-written tokenizer and recursive-descent parser; `evaluate` walks that
tree with `decimal.Decimal`. User text never reaches ``eval``, ``exec`` or ``compile`` and is never
used to look up a Python object: a formula can only compute numbers.

The language: numbers with ``.`` decimals; ``+ - * /`` (also ``×``, ``÷`` and the typographic
minus ``−``); unary minus; parentheses; ``min(a; b; …)``, ``max(…)``, ``abs(x)``,
``round(x)`` / ``round(x; n)`` (half up, 0 to 10 decimals), ``if(condition; a; b)``; arguments
separated by ``,`` or ``;``; comparisons ``< <= > >= = <>`` (also ``==``, ``!=``) only as the
condition of ``if``; references are codes ``[A-Za-z][A-Za-z0-9_]*``, case-insensitive, upper-cased.
Yes/no values are 1/0, so a condition that is not a comparison holds when it is not 0. Only the
chosen branch of ``if`` is computed, so ``if(A > 0; B / A; 0)`` never divides by zero.

Every refusal is a `FormulaError` with a Vietnamese message; parse errors name the 1-based
position and the offending token ("Công thức không hợp lệ ở vị trí 7: thiếu dấu “)”.").
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

MAX_LENGTH = 1000
MAX_TOKENS = 200
MAX_DEPTH = 40
MAX_DIGITS = 20
MAX_ROUND_PLACES = 10
FUNCTIONS = ("min", "max", "if", "abs", "round")

DIVISION_BY_ZERO = "Chia cho 0 khi tính công thức."
OVERFLOW = "Kết quả quá lớn khi tính công thức."

# Results beyond about 10^100 are an overflow; values stored by the product have 14 digits.
_TRAPS = [decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero]
_CONTEXT = decimal.Context(prec=28, Emax=99, Emin=-99, traps=_TRAPS)
# ASCII digits and letters only: str.isdigit() would let "²" or "٣" through to Decimal().
_TOKEN = re.compile(
    r"(?P<number>[0-9]+(?:\.[0-9]*)?)|(?P<name>[A-Za-z][A-Za-z0-9_]*)"
    r"|(?P<compare><=|>=|<>|==|!=|[<>=])|(?P<op>[-+*/×÷−])|(?P<bracket>[()])|(?P<sep>[,;])"
)
_NOT_SPACE = re.compile(r"\S")
# What the user may type → the one symbol the evaluator knows.
_SYMBOLS = {"−": "-", "×": "*", "÷": "/", "==": "=", "!=": "<>"} | {
    symbol: symbol for symbol in ("+", "-", "*", "/", "<", "<=", ">", ">=", "=", "<>")
}


class FormulaError(Exception):
    """A formula that cannot be parsed or computed. `message` is Vietnamese and ready to show;
    `position` is the 1-based character it points at (None when it points nowhere); `code` is the
    computed indicator concerned when several formulas are checked together."""

    def __init__(self, message: str, *, position: int | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.position = position
        self.code = code


class FormulaCycleError(FormulaError):
    """Formulas that depend on each other in a circle; `codes` lists the circle once, in order."""

    def __init__(self, codes: list[str]):
        shown = " → ".join([*codes, codes[0]])
        super().__init__(f"Các công thức tham chiếu vòng tròn: {shown}.", code=codes[0])
        self.codes = codes


# The tree. Comparisons appear only as the first argument of `if`.
@dataclass(frozen=True, slots=True)
class _Number:
    value: Decimal


@dataclass(frozen=True, slots=True)
class _Reference:
    code: str
    position: int


@dataclass(frozen=True, slots=True)
class _Negate:
    operand: _Node


@dataclass(frozen=True, slots=True)
class _Binary:
    symbol: str
    left: _Node
    right: _Node


@dataclass(frozen=True, slots=True)
class _Compare:
    symbol: str
    left: _Node
    right: _Node


@dataclass(frozen=True, slots=True)
class _Call:
    function: str
    args: tuple[_Node, ...]


type _Node = _Number | _Reference | _Negate | _Binary | _Compare | _Call


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, the codes it references (upper case) and its tree."""

    source: str
    references: frozenset[str]
    tree: _Node = field(repr=False)


class _Token(NamedTuple):
    kind: str  # number, name, op, compare, (, ), sep, end
    text: str  # as typed
    position: int  # 1-based
    symbol: str = ""  # canonical operator or comparison


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _show(text: str) -> str:
    """A token as it can be quoted in a message: visible and not too long."""
    if len(text) == 1 and not text.isprintable():
        return f"U+{ord(text):04X}"
    return text if len(text) <= 24 else text[:24] + "…"


def _syntax_error(position: int, detail: str) -> FormulaError:
    return FormulaError(
        f"Công thức không hợp lệ ở vị trí {_thousands(position)}: {detail}.", position=position
    )


def _unknown_reference(code: str, position: int | None) -> FormulaError:
    return FormulaError(f"Chỉ tiêu “{code}” không tồn tại.", position=position)


def _skip_spaces(source: str, index: int) -> int:
    found = _NOT_SPACE.search(source, index)
    return len(source) if found is None else found.start()


def _tokenize(source: str) -> list[_Token]:
    """Split the text into tokens; refuses unknown characters, malformed or over-long numbers,
    and more than MAX_TOKENS tokens."""
    tokens: list[_Token] = []
    index = _skip_spaces(source, 0)
    found_end = -1  # where the previous token ended
    while index < len(source):
        position = index + 1
        if len(tokens) == MAX_TOKENS:
            raise _syntax_error(
                position,
                f"công thức quá phức tạp, có hơn {MAX_TOKENS} thành phần "
                "(số, mã chỉ tiêu, phép tính, dấu ngoặc, dấu phân cách)",
            )
        found = _TOKEN.match(source, index)
        if found is None or found.lastgroup is None:
            char = source[index]
            if char == "." and tokens and tokens[-1].kind == "number" and found_end == index:
                raise _syntax_error(
                    position,
                    "số chỉ có một dấu “.” là dấu thập phân, không viết dấu chấm hàng nghìn",
                )
            if char == "." and source[index + 1 : index + 2].isdigit():
                raise _syntax_error(position, "số phải bắt đầu bằng chữ số, ví dụ 0.5")
            raise _syntax_error(position, f"ký tự “{_show(char)}” không dùng được trong công thức")
        kind, text = found.lastgroup, found.group()
        if kind == "number" and text.endswith("."):
            raise _syntax_error(position, f"số “{_show(text)}” thiếu chữ số sau dấu “.”")
        if kind == "number" and len(text.replace(".", "")) > MAX_DIGITS:
            raise _syntax_error(position, f"số “{_show(text)}” có quá {MAX_DIGITS} chữ số")
        symbol = _SYMBOLS.get(text, "")
        tokens.append(_Token(text if kind == "bracket" else kind, text, position, symbol))
        found_end = found.end()
        index = _skip_spaces(source, found_end)
    tokens.append(_Token("end", "", len(source) + 1))
    return tokens


class _Parser:
    """Recursive descent over the tokens; `depth` counts open brackets to bound the recursion."""

    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def formula(self) -> _Node:
        node = self.expression(condition=False)
        token = self.peek()
        if token.kind == ")":
            raise _syntax_error(token.position, "thừa dấu “)” không có dấu “(” tương ứng")
        if token.kind == "sep":
            raise _syntax_error(
                token.position,
                f"dấu “{token.text}” chỉ dùng để ngăn cách tham số của hàm; "
                "số thập phân viết bằng dấu “.”, ví dụ 1.5",
            )
        if token.kind != "end":
            raise _syntax_error(
                token.position,
                f"thừa “{_show(token.text)}”; có thể còn thiếu một phép tính (+, -, *, /) trước nó",
            )
        return node

    def expression(self, *, condition: bool) -> _Node:
        left = self.additive()
        token = self.peek()
        if token.kind != "compare":
            return left
        if not condition:
            raise _syntax_error(
                token.position,
                f"phép so sánh “{token.text}” chỉ dùng được trong điều kiện của hàm if, "
                "ví dụ if(A > 0; B; 0)",
            )
        self.advance()
        right = self.additive()
        extra = self.peek()
        if extra.kind == "compare":
            raise _syntax_error(
                extra.position, f"điều kiện chỉ được có một phép so sánh, thừa “{extra.text}”"
            )
        return _Compare(token.symbol, left, right)

    def additive(self) -> _Node:
        node = self.term()
        while self.peek().kind == "op" and self.peek().symbol in ("+", "-"):
            symbol = self.advance().symbol
            node = _Binary(symbol, node, self.term())
        return node

    def term(self) -> _Node:
        node = self.unary()
        while self.peek().kind == "op" and self.peek().symbol in ("*", "/"):
            symbol = self.advance().symbol
            node = _Binary(symbol, node, self.unary())
        return node

    def unary(self) -> _Node:
        signs = 0
        while self.peek().kind == "op" and self.peek().symbol == "-":
            self.advance()
            signs += 1
        node = self.primary()
        return _Negate(node) if signs % 2 else node

    def primary(self) -> _Node:
        token = self.advance()
        if token.kind == "number":
            return _Number(Decimal(token.text))
        if token.kind == "name":
            if self.peek().kind == "(":
                return self.call(token)
            return _Reference(token.text.upper(), token.position)
        if token.kind == "(":
            self.open_bracket(token)
            node = self.expression(condition=False)
            self.close_bracket(in_call=False)
            return node
        if token.kind == "end":
            raise _syntax_error(
                token.position, "công thức còn dở, thiếu số hoặc mã chỉ tiêu ở cuối"
            )
        if self.index == 1 and token.symbol == "=":
            raise _syntax_error(token.position, "không cần dấu “=” ở đầu công thức")
        raise _syntax_error(token.position, f"thiếu số hoặc mã chỉ tiêu trước “{token.text}”")

    def call(self, name: _Token) -> _Call:
        function = name.text.lower()
        if function not in FUNCTIONS:
            raise _syntax_error(
                name.position,
                f"không biết hàm “{_show(name.text)}”; các hàm dùng được: min, max, if, abs, round",
            )
        self.open_bracket(self.advance())
        args: list[_Node] = []
        if self.peek().kind != ")":
            while True:
                args.append(self.expression(condition=function == "if" and not args))
                if self.peek().kind != "sep":
                    break
                self.advance()
        self.close_bracket(in_call=True)
        _check_arity(function, len(args), name.position)
        return _Call(function, tuple(args))

    def open_bracket(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _syntax_error(token.position, f"công thức lồng nhau quá {MAX_DEPTH} tầng ngoặc")

    def close_bracket(self, *, in_call: bool) -> None:
        token = self.advance()
        if token.kind == ")":
            self.depth -= 1
            return
        if token.kind == "end":
            raise _syntax_error(token.position, "thiếu dấu “)”")
        expected = "“;” hoặc “)”" if in_call else "“)”"
        raise _syntax_error(token.position, f"thiếu dấu {expected} trước “{_show(token.text)}”")


def _check_arity(function: str, count: int, position: int) -> None:
    if function in ("min", "max") and count < 2:
        expected = "ít nhất 2 tham số"
    elif function == "abs" and count != 1:
        expected = "đúng 1 tham số"
    elif function == "round" and count not in (1, 2):
        expected = "1 hoặc 2 tham số (giá trị; số chữ số thập phân)"
    elif function == "if" and count != 3:
        expected = "đúng 3 tham số (điều kiện; giá trị khi đúng; giá trị khi sai)"
    else:
        return
    raise _syntax_error(position, f"hàm “{function}” cần {expected}, nhận được {count}")


def _reference_positions(node: _Node) -> dict[str, int]:
    """Each referenced code with the position of its first occurrence, in source order."""
    found: dict[str, int] = {}
    pending: list[_Node] = [node]
    while pending:
        current = pending.pop()
        match current:
            case _Reference(code=code, position=position):
                found.setdefault(code, position)
            case _Negate(operand=operand):
                pending.append(operand)
            case _Binary(left=left, right=right) | _Compare(left=left, right=right):
                pending.extend((right, left))
            case _Call(args=args):
                pending.extend(reversed(args))
    return found


def parse(source: str) -> Formula:
    """Parse a formula. Refuses (FormulaError) an empty text, more than 1.000 characters, more
    than 200 tokens, nesting deeper than 40 brackets, numbers of more than 20 digits, unknown
    characters or functions, wrong argument counts, comparisons outside the condition of ``if``
    and anything left over after the expression."""
    if not source.strip():
        raise FormulaError("Công thức trống.")
    if len(source) > MAX_LENGTH:
        raise FormulaError(
            f"Công thức dài {_thousands(len(source))} ký tự, "
            f"quá giới hạn {_thousands(MAX_LENGTH)} ký tự."
        )
    tree = _Parser(_tokenize(source)).formula()
    return Formula(source, frozenset(_reference_positions(tree)), tree)


class _Evaluator:
    def __init__(self, values: Mapping[str, Decimal | None], context: decimal.Context):
        self.values = values
        self.context = context

    def value(self, node: _Node) -> Decimal | None:
        ctx = self.context
        match node:
            case _Number(value=value):
                return value
            case _Reference(code=code, position=position):
                found = self.values[code]
                if found is not None and not found.is_finite():
                    raise FormulaError(
                        f"Giá trị của chỉ tiêu “{code}” không phải là một số.", position=position
                    )
                return found
            case _Negate(operand=operand):
                operand_value = self.value(operand)
                return None if operand_value is None else ctx.minus(operand_value)
            case _Binary(symbol=symbol, left=left, right=right):
                a, b = self.value(left), self.value(right)
                if a is None or b is None:
                    return None
                if symbol == "+":
                    return ctx.add(a, b)
                if symbol == "-":
                    return ctx.subtract(a, b)
                if symbol == "*":
                    return ctx.multiply(a, b)
                if b.is_zero():
                    raise FormulaError(DIVISION_BY_ZERO)
                return ctx.divide(a, b)
            case _Call(function="if", args=(condition, when_true, when_false)):
                holds = self.condition(condition)
                if holds is None:
                    return None
                return self.value(when_true if holds else when_false)
            case _Call(function=function, args=args):
                values = [self.value(arg) for arg in args]
                return self.function(function, values)
        raise FormulaError("Phép tính không hợp lệ khi tính công thức.")  # a comparison as a value

    def condition(self, node: _Node) -> bool | None:
        if not isinstance(node, _Compare):
            value = self.value(node)
            return None if value is None else not value.is_zero()
        a, b = self.value(node.left), self.value(node.right)
        if a is None or b is None:
            return None
        match node.symbol:
            case "<":
                return a < b
            case "<=":
                return a <= b
            case ">":
                return a > b
            case ">=":
                return a >= b
            case "=":
                return a == b
            case _:
                return a != b

    def function(self, function: str, values: list[Decimal | None]) -> Decimal | None:
        present = [value for value in values if value is not None]
        if len(present) < len(values):
            return None
        if function == "min":
            return min(present)
        if function == "max":
            return max(present)
        if function == "abs":
            return self.context.abs(present[0])
        places = present[1] if len(present) == 2 else Decimal(0)
        if (
            places != places.to_integral_value(context=self.context)
            or not 0 <= places <= MAX_ROUND_PLACES
        ):
            raise FormulaError(
                f"Hàm round cần số chữ số thập phân là số nguyên từ 0 đến {MAX_ROUND_PLACES}."
            )
        exponent = Decimal((0, (1,), -int(places)))
        try:
            return present[0].quantize(exponent, decimal.ROUND_HALF_UP, self.context)
        except decimal.InvalidOperation:  # more digits than the precision holds
            raise FormulaError(OVERFLOW) from None


def evaluate(formula: Formula, values: Mapping[str, Decimal | None]) -> Decimal | None:
    """The value of a formula over `values` (codes in any case). None when a value it needs is None
    (not entered). Refuses (FormulaError) a reference missing from `values`, a value that is not a
    finite number, division by zero, results beyond about 10^100 and ``round`` to other than
    0–10 decimals. An operation with a None operand gives None, even a division by zero."""
    known = {code.upper(): value for code, value in values.items()}
    for code, position in _reference_positions(formula.tree).items():
        if code not in known:
            raise _unknown_reference(code, position)
    context = _CONTEXT.copy()
    try:
        result = _Evaluator(known, context).value(formula.tree)
        return None if result is None else context.plus(result)
    except decimal.DivisionByZero:
        raise FormulaError(DIVISION_BY_ZERO) from None
    except decimal.Overflow:
        raise FormulaError(OVERFLOW) from None
    except decimal.DecimalException:
        raise FormulaError("Phép tính không hợp lệ khi tính công thức.") from None


def check_references(formulas: Mapping[str, Formula], known: Collection[str]) -> list[FormulaError]:
    """One error per formula and unknown code, in order: a reference is known when it is in
    `known` or is itself one of `formulas` (a computed indicator may use another)."""
    known_codes = {code.upper() for code in known} | {code.upper() for code in formulas}
    errors: list[FormulaError] = []
    for owner, formula in formulas.items():
        for code, position in _reference_positions(formula.tree).items():
            if code not in known_codes:
                error = _unknown_reference(code, position)
                error.code = owner
                errors.append(error)
    return errors


def _walk(formulas: Mapping[str, Formula]) -> tuple[list[str], list[list[str]]]:
    """Depth-first post-order over the formulas (dependencies first; mapping order, then
    alphabetical) and the cycles met on the way, each as original codes in dependency order."""
    by_upper = {code.upper(): code for code in formulas}
    depends = {
        upper: sorted(ref for ref in formulas[code].references if ref in by_upper)
        for upper, code in by_upper.items()
    }
    state: dict[str, str] = {}
    order: list[str] = []
    cycles: list[list[str]] = []
    for start in by_upper:
        if start in state:
            continue
        state[start] = "open"
        stack = [(start, iter(depends[start]))]
        while stack:  # iterative, so a long chain of formulas cannot exhaust Python's stack
            node, pending = stack[-1]
            for dependency in pending:
                if dependency not in state:
                    state[dependency] = "open"
                    stack.append((dependency, iter(depends[dependency])))
                    break
                if state[dependency] == "open":
                    path = [entry for entry, _ in stack]
                    cycles.append([by_upper[code] for code in path[path.index(dependency) :]])
            else:  # every dependency of `node` is done (or is on the stack: a cycle)
                stack.pop()
                state[node] = "done"
                order.append(by_upper[node])
    return order, cycles


def evaluation_order(formulas: Mapping[str, Formula]) -> list[str]:
    """The computed codes in an order where each comes after those it references. Refuses
    (FormulaCycleError) formulas referencing each other in a circle, naming the first circle."""
    order, cycles = _walk(formulas)
    if cycles:
        raise FormulaCycleError(cycles[0])
    return order


def evaluate_all(
    formulas: Mapping[str, Formula], entered: Mapping[str, Decimal | None]
) -> dict[str, Decimal | FormulaError | None]:
    """Every computed code → its value or its error, in evaluation order. Each result feeds the
    formulas after it (a computed value replaces an entered one of the same code). Never raises:
    a formula in a circle gets the FormulaCycleError, one whose dependency failed an error
    naming that dependency."""
    order, cycles = _walk(formulas)
    results: dict[str, Decimal | FormulaError | None] = {}
    for cycle in cycles:
        for code in cycle:
            results.setdefault(code, FormulaCycleError(cycle))
    values = {code.upper(): value for code, value in entered.items()}
    failed = {code.upper() for code in results}
    for code in order:
        if code not in results:
            results[code] = _evaluate_one(formulas[code], values, failed)
        outcome = results[code]
        if isinstance(outcome, FormulaError):
            outcome.code = code
            failed.add(code.upper())
        else:
            values[code.upper()] = outcome
    return {code: results[code] for code in order}


def _evaluate_one(
    formula: Formula, values: Mapping[str, Decimal | None], failed: Collection[str]
) -> Decimal | FormulaError | None:
    broken = sorted(ref for ref in formula.references if ref in failed)
    if broken:
        return FormulaError(f"Không tính được vì công thức của chỉ tiêu “{broken[0]}” bị lỗi.")
    try:
        return evaluate(formula, values)
    except FormulaError as error:
        return error
