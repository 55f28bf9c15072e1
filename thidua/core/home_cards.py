"""Cards the domain apps add to the home page (e.g. awards: "Bạn có phiên họp Hội đồng đang mở").

The home page belongs to organizations, below the apps that know what a user has to do; an app
registers a provider at start-up (dependency inversion, as `core.scope`) and the page shows
what the providers return. A provider should cost no query for a user it has nothing for
(read what the user's own row carries, `core.user_annotations`), so the home page's query count
stays the same for everyone else.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class HomeCard:
    """A template (included in the home page's grid) and its context, available as `card`."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


HomeCardProvider = Callable[[Any], HomeCard | None]

_providers: list[HomeCardProvider] = []


def register_home_card(provider: HomeCardProvider) -> None:
    """Add `provider` (called with the signed-in user) once, however often the app starts."""
    if provider not in _providers:
        _providers.append(provider)


def home_cards(user: Any) -> list[HomeCard]:
    """The cards the registered providers have for `user`, in registration order."""
    return [card for provider in _providers if (card := provider(user)) is not None]
