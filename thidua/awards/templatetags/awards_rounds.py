"""Template filters of the rounds pages."""

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, object] | None, key: str) -> object:
    """`{{ names|get_item:code }}`: the value at `key`, "" when absent."""
    if not mapping:
        return ""
    return mapping.get(key, "")
