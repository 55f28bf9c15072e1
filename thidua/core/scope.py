"""Scope for core's own pages (the audit trail), provided by the app that owns the unit tree.

Core sits below every domain app and cannot import them; the organizations app registers its
scope provider here at start-up (dependency inversion), so core pages are scoped exactly like
the rest without knowing how units work.
"""

from typing import Any, Protocol

from django.db.models import Q


class ScopeProvider(Protocol):
    def filter(self, user: Any, perm: Any, path_lookup: str) -> Q:
        """Rows whose unit path (at `path_lookup`) a grant giving `perm` reaches."""
        ...

    def reaches_root(self, user: Any, perm: Any) -> bool:
        """Whether a grant giving `perm` reaches the root of the tree (hence everything)."""
        ...


_provider: ScopeProvider | None = None


def register_scope_provider(provider: ScopeProvider) -> None:
    global _provider
    _provider = provider


def scoped(user: Any, perm: Any, path_lookup: str) -> Q:
    """The registered provider's filter; without a provider nothing is in scope."""
    if _provider is None:
        return Q(pk__in=[])
    return _provider.filter(user, perm, path_lookup)


def reaches_root(user: Any, perm: Any) -> bool:
    return _provider is not None and _provider.reaches_root(user, perm)
