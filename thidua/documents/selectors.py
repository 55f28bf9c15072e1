"""Reads of the documents app: the register in a user's scope, its search, and the public
look-up by verification code.

Scope is the unit whose data a document carries (`unit_path`): a user reads the documents of
the units where a role gives them "documents.view_document" (thidua.core.scope).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Value

from thidua.core.scope import scoped
from thidua.core.text import search_tokens
from thidua.documents.models import DocumentTemplate, GenerationJob, IssuedDocument
from thidua.documents.numbering import is_verification_code, normalise_verification_code

VIEW_DOCUMENT = "documents.view_document"
ISSUE_DOCUMENT = "documents.issue_document"
MANAGE_TEMPLATES = "documents.manage_templates"
PAGE_SIZE = 50


def can_at(user: Any, perm: str, unit_path: str) -> bool:
    """Whether a role of `user` gives `perm` at the unit `unit_path`: the scope filter of the
    register evaluated on that one path (Q.check runs it as a SELECT without a table)."""
    condition = scoped(user, perm, "unit_path")
    return condition.check({"unit_path": Value(unit_path), "pk": Value(0)})


def documents_visible_to(user: Any) -> QuerySet[IssuedDocument]:
    """The issued documents of the units where `user` holds "documents.view_document"."""
    return IssuedDocument.objects.filter(scoped(user, VIEW_DOCUMENT, "unit_path"))


def document_for(user: Any, pk: int) -> IssuedDocument | None:
    """One document of the register, or None when it does not exist or is out of scope."""
    return documents_visible_to(user).filter(pk=pk).first()


@dataclass(frozen=True)
class RegisterFilter:
    query: str = ""
    kind_code: str = ""
    year: int | None = None


def search_register(user: Any, filters: RegisterFilter) -> QuerySet[IssuedDocument]:
    """The register in `user`'s scope, newest first, matching every word of the query in the
    number and symbol, kind, summary, issuer or signer (any diacritics, any case)."""
    rows = documents_visible_to(user)
    for token in search_tokens(filters.query):
        rows = rows.filter(search__contains=f" {token}")
    if filters.kind_code:
        rows = rows.filter(kind_code=filters.kind_code)
    if filters.year:
        rows = rows.filter(year=filters.year)
    return rows.order_by("-issued_on", "-pk")


def register_kinds(user: Any) -> list[tuple[str, str]]:
    """The kinds of document in `user`'s register: (code, name), by name."""
    pairs = documents_visible_to(user).values_list("kind_code", "kind_name").distinct()
    return sorted(set(pairs), key=lambda pair: pair[1])


def register_years(user: Any) -> list[int]:
    return sorted(set(documents_visible_to(user).values_list("year", flat=True)), reverse=True)


def verified_document(code: str) -> IssuedDocument | None:
    """The document a verification code belongs to (typed with any case, spaces, or I/L/O
    for 1/0), or None. Public: no scope."""
    cleaned = normalise_verification_code(code)
    if not is_verification_code(cleaned):
        return None
    return IssuedDocument.objects.filter(verification_code=cleaned).first()


def jobs_visible_to(user: Any) -> QuerySet[GenerationJob]:
    """Generation jobs the user started, or of units where they read the register."""
    if not getattr(user, "is_authenticated", False):
        return GenerationJob.objects.none()
    return GenerationJob.objects.filter(
        Q(created_by=user) | scoped(user, VIEW_DOCUMENT, "unit_path")
    )


def job_documents(job: GenerationJob) -> QuerySet[IssuedDocument]:
    return job.documents.order_by("kind_code", "number", "pk")


# --- Templates -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TemplateUnit:
    """A unit a template's wording can be saved for."""

    path: str
    name: str


def template_units(user: Any) -> list[TemplateUnit]:
    """The units of `user`'s role assignments where they may manage templates, in tree order:
    a department officer gets the Sở (their wording then applies to every unit below it).

    Read through the reverse relation `user.role_assignments`, so the documents app needs no
    import of the organisation's models.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    rows = (
        user.role_assignments.filter(unit__is_active=True)
        .values_list("unit__path", "unit__name")
        .distinct()
        .order_by("unit__path")
    )
    return [
        TemplateUnit(path=path, name=name)
        for path, name in rows
        if can_at(user, MANAGE_TEMPLATES, path)
    ]


def line_of(unit_path: str) -> list[str]:
    """The paths from the root down to `unit_path`: "/1/7/" → ["/", "/1/", "/1/7/"]."""
    parts = [part for part in unit_path.strip("/").split("/") if part]
    return ["/"] + ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _nearest(rows: Iterable[DocumentTemplate]) -> DocumentTemplate | None:
    best: DocumentTemplate | None = None
    for row in rows:
        if best is None or (len(row.unit_path), row.version) > (len(best.unit_path), best.version):
            best = row
    return best


def versions_in_force(keys: Iterable[str], *, unit_path: str) -> dict[str, DocumentTemplate]:
    """For each template key, the version in force at `unit_path` (the newest saved at the
    nearest unit of its line); keys still on their defaults are absent. One query."""
    rows = DocumentTemplate.objects.filter(
        key__in=list(keys), unit_path__in=line_of(unit_path)
    ).select_related("created_by")
    by_key: dict[str, list[DocumentTemplate]] = {}
    for row in rows:
        by_key.setdefault(row.key, []).append(row)
    found = {key: _nearest(group) for key, group in by_key.items()}
    return {key: row for key, row in found.items() if row is not None}


def template_versions(key: str, *, unit_path: str) -> list[DocumentTemplate]:
    """The versions saved for one template at exactly `unit_path`, newest first."""
    return list(
        DocumentTemplate.objects.filter(key=key, unit_path=unit_path)
        .select_related("created_by")
        .order_by("-version")
    )
