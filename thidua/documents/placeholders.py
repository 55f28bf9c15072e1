"""Templates of official documents, as plain data, and their placeholders. Pure: no Django.

A domain app declares each kind of document it issues as a `TemplateSpec`: the wording a
department officer may adjust (the căn cứ lines, the articles, the signer, the recipients), each
a `TemplateField` with its default, and the placeholders the wording may use ("{{so_luong}}"),
each with what it stands for. The officer edits the fields on a page; nothing is saved whose
placeholders are unknown or malformed (`check_field`), so a document built from a saved template
never meets a placeholder it cannot fill.

Syntax: `{{ten}}` — two braces, a lowercase ASCII name (letters, digits, "_"), spaces inside the
braces allowed. A lone "{" or "}" is ordinary text; "{{" without its "}}" is an error.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from thidua.documents.content import Authority, Signer

_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_FIELD_LENGTH = 4000


@dataclass(frozen=True, slots=True)
class TemplateField:
    """One adjustable piece of wording. `lines`: each non-empty line is its own paragraph (or
    recipient, or title line); otherwise the text is one paragraph."""

    name: str  # "preamble"
    label: str  # "Các căn cứ ban hành"
    default: str
    lines: bool = False
    required: bool = True
    help: str = ""
    # The placeholders this field may use; empty: all of the template's.
    only: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    """A kind of document a domain app issues, with its adjustable wording.

    `key` is "<app>.<kind>" ("initiatives.decision"); `placeholders` maps each name to what it
    stands for, in Vietnamese ("so_luong": "Số sáng kiến được công nhận"); `sample` gives a value
    to each, for the preview.
    """

    key: str
    name: str
    kind_name: str  # "Quyết định"
    kind_code: str  # "QĐ"
    fields: tuple[TemplateField, ...]
    placeholders: Mapping[str, str] = field(default_factory=dict)
    sample: Mapping[str, str] = field(default_factory=dict)

    def field_named(self, name: str) -> TemplateField:
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(name)

    def defaults(self) -> dict[str, str]:
        return {item.name: item.default for item in self.fields}


# Fields every document template carries: who signs, with what authority, and who receives it.
SIGNER_FIELDS: tuple[TemplateField, ...] = (
    TemplateField(
        "signer_authority",
        "Thẩm quyền ký (TM., KT., Q., TL., TUQ. hoặc để trống)",
        "KT.",
        required=False,
        help="Để trống khi người đứng đầu ký trực tiếp.",
    ),
    TemplateField(
        "signer_titles",
        "Chức vụ người ký (mỗi dòng một chức vụ)",
        "Giám đốc\nPhó Giám đốc",
        lines=True,
        help="Ví dụ với KT.: dòng 1 “Giám đốc”, dòng 2 “Phó Giám đốc”.",
    ),
    TemplateField(
        "signer_name",
        "Họ và tên người ký",
        "",
        required=False,
        help="Để trống khi người ký được chọn lúc phát hành.",
    ),
    TemplateField(
        "recipients",
        "Nơi nhận (mỗi dòng một nơi)",
        "Như Điều 3;\nGiám đốc Sở (để báo cáo);",
        lines=True,
        required=False,
    ),
    TemplateField("archive_note", "Lưu", "VT", required=False, help="Ví dụ “VT, TCCB”."),
)


def signer_fields(**defaults: str) -> tuple[TemplateField, ...]:
    """`SIGNER_FIELDS` with a kind's own defaults ("signer_titles": "Giám đốc", "recipients":
    …): what every domain app's template ends with."""
    unknown = set(defaults) - {item.name for item in SIGNER_FIELDS}
    if unknown:
        raise KeyError(f"not signer fields: {sorted(unknown)}")
    return tuple(
        replace(item, default=defaults[item.name]) if item.name in defaults else item
        for item in SIGNER_FIELDS
    )


def placeholders_in(text: str) -> list[str]:
    """The placeholder names in `text`, in order, as written (stripped)."""
    return [match.group(1) for match in _PLACEHOLDER.finditer(text)]


def check_field(text: str, *, allowed: Mapping[str, str], required: bool = True) -> list[str]:
    """What is wrong with one field's text, as Vietnamese messages (empty list: nothing)."""
    problems: list[str] = []
    if required and not text.strip():
        problems.append("Không được để trống.")
    if len(text) > MAX_FIELD_LENGTH:
        problems.append(f"Dài quá {MAX_FIELD_LENGTH:,} ký tự.".replace(",", "."))
    unknown: list[str] = []
    for name in placeholders_in(text):
        if not _NAME.match(name):
            problems.append(
                f"Trường trộn “{{{{{name}}}}}” không hợp lệ: tên chỉ gồm chữ thường không dấu, "
                "chữ số và dấu “_”."
            )
        elif name not in allowed and name not in unknown:
            unknown.append(name)
    if unknown:
        names = ", ".join(f"{{{{{name}}}}}" for name in unknown)
        known = ", ".join(f"{{{{{name}}}}}" for name in allowed) or "(không có)"
        problems.append(f"Không có trường trộn {names}. Các trường dùng được: {known}.")
    rest = _PLACEHOLDER.sub("", text)
    if "{{" in rest or "}}" in rest:
        problems.append("Có “{{” hoặc “}}” chưa đóng mở đúng cặp.")
    return problems


def check_texts(spec: TemplateSpec, texts: Mapping[str, str]) -> dict[str, str]:
    """{field name: Vietnamese message} for every field of `spec` that `texts` gets wrong;
    a field missing from `texts` counts as empty."""
    errors: dict[str, str] = {}
    for item in spec.fields:
        allowed = (
            {name: spec.placeholders[name] for name in item.only if name in spec.placeholders}
            if item.only
            else spec.placeholders
        )
        problems = check_field(texts.get(item.name, ""), allowed=allowed, required=item.required)
        if item.name == "signer_authority":
            value = texts.get(item.name, "").strip()
            if value and value not in {a.value for a in Authority}:
                problems.append("Chỉ được là TM., KT., Q., TL., TUQ. hoặc để trống.")
        if problems:
            errors[item.name] = " ".join(problems)
    return errors


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with each placeholder replaced by its value. A name without a value raises
    KeyError: saved templates are checked, so that is a programming error, not user input."""
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def lines_of(text: str) -> tuple[str, ...]:
    """The non-empty lines of a multi-line field, stripped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def signer_from(texts: Mapping[str, str], *, name: str = "") -> Signer:
    """The signer block from the signer fields (`name` overrides the template's name)."""
    authority = texts.get("signer_authority", "").strip()
    return Signer(
        authority=Authority(authority)
        if authority in {a.value for a in Authority}
        else Authority.NONE,
        titles=lines_of(texts.get("signer_titles", "")),
        name=name or texts.get("signer_name", "").strip(),
    )
