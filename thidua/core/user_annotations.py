"""Figures about the signed-in user that come with their own row: the authentication backend
loads the user of each request annotated with every expression registered here, so a menu entry
that depends on them costs no query on any page.

Core sits below the domain apps and cannot import them; an app registers its annotation at
start-up (dependency inversion, as `core.scope`), e.g. awards: whether the user sits on a
council. An expression must give one value per user row (an `Exists`, or a `Subquery` of one
row) so the user's query stays one row.
"""

from collections.abc import Callable
from typing import Any

_registered: dict[str, Callable[[], Any]] = {}


def register_user_annotation(attr: str, expression: Callable[[], Any]) -> None:
    """Annotate the request's user with `expression()` as `attr` (registering again replaces)."""
    _registered[attr] = expression


def user_annotations() -> dict[str, Any]:
    """The registered annotations, fresh expressions for one queryset."""
    return {attr: expression() for attr, expression in _registered.items()}
