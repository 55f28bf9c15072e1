"""What the templates pages show besides the form: the draft of a template filled with its
sample values, and what changed from one saved version to the next. Pure: no Django.
"""

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from thidua.documents.content import Issuer, OfficialDocument, Paragraph
from thidua.documents.placeholders import SIGNER_FIELDS, TemplateSpec, fill, lines_of, signer_from

# A field with one of these names is the trích yếu of the generic preview, not a paragraph.
SUMMARY_FIELDS = ("summary", "title", "trich_yeu")
_SIGNER_NAMES = frozenset(item.name for item in SIGNER_FIELDS)
NO_SIGNER_NAME = "(Họ và tên người ký)"


def sample_values(spec: TemplateSpec) -> dict[str, str]:
    """A value for every placeholder of `spec`: its sample, else its description in brackets
    ("[Số sáng kiến được công nhận]"), so a draft never meets a placeholder it cannot fill."""
    return {
        name: spec.sample.get(name) or f"[{description or name}]"
        for name, description in spec.placeholders.items()
    }


def filled_texts(spec: TemplateSpec, texts: Mapping[str, str]) -> dict[str, str]:
    """Each field of `spec` from `texts` (its default when absent) with the sample values in.
    The texts must have passed `check_texts` (an unknown placeholder raises KeyError)."""
    values = sample_values(spec)
    return {item.name: fill(texts.get(item.name, item.default), values) for item in spec.fields}


def generic_preview(
    spec: TemplateSpec, texts: Mapping[str, str], *, issuer: Issuer
) -> OfficialDocument:
    """A draft of a template whose app gave no preview builder: the trích yếu from a summary
    field (else the template's name), each other field as paragraphs (a `lines` field one per
    line), then the signer and recipients from the signer fields."""
    filled = filled_texts(spec, texts)
    summary_field = next((name for name in SUMMARY_FIELDS if name in filled), None)
    body: list[Paragraph] = []
    for item in spec.fields:
        if item.name in _SIGNER_NAMES or item.name == summary_field:
            continue
        text = filled[item.name]
        if item.lines:
            body += [Paragraph(line) for line in lines_of(text)]
        elif text.strip():
            body.append(Paragraph(text.strip()))
    signer = (
        signer_from(filled)
        if filled.get("signer_name", "").strip()
        else (signer_from(filled, name=NO_SIGNER_NAME))
    )
    return OfficialDocument(
        issuer=issuer,
        kind_name=spec.kind_name,
        kind_code=spec.kind_code,
        summary=filled[summary_field] if summary_field else spec.name,
        body=tuple(body) or (Paragraph("(Mẫu chưa có nội dung.)"),),
        signer=signer,
        recipients=lines_of(filled.get("recipients", "")),
        archive_note=filled.get("archive_note", "").strip() or "VT",
    )


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field changed between two versions: the lines taken out and the lines put in."""

    name: str
    label: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


def changed_fields(
    spec: TemplateSpec, before: Mapping[str, str], after: Mapping[str, str]
) -> list[FieldChange]:
    """The fields of `spec` whose text differs between two versions, in the spec's order; a
    field a version lacks counts as its default. Multi-line fields list only the lines that
    changed; others their whole old and new text."""
    changes: list[FieldChange] = []
    for item in spec.fields:
        old = str(before.get(item.name, item.default))
        new = str(after.get(item.name, item.default))
        if old == new:
            continue
        if item.lines:
            diff = list(difflib.ndiff(old.splitlines(), new.splitlines()))
            removed = tuple(line[2:] for line in diff if line.startswith("- "))
            added = tuple(line[2:] for line in diff if line.startswith("+ "))
        else:
            removed = (old,) if old else ()
            added = (new,) if new else ()
        changes.append(FieldChange(item.name, item.label, removed, added))
    return changes
