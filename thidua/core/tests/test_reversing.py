"""`core.reversing.url_of` gives what `reverse` gives, for every route of the application that
takes integer arguments, and falls back to `reverse` where stand-ins cannot be used."""

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

from thidua.core.reversing import url_of


@pytest.mark.parametrize("args", [(1,), (7, 42), (123456, 0, 2026)])
def test_each_int_route_reverses_as_django_reverses_it(args: tuple[int, ...]) -> None:
    checked = 0
    for namespace, app in get_resolver().namespace_dict.items():
        _, sub = app
        for name in sub.reverse_dict:
            if not isinstance(name, str):
                continue
            full = f"{namespace}:{name}"
            try:
                expected = reverse(full, args=list(args))
            except NoReverseMatch:
                continue
            assert url_of(full, *args) == expected, full
            checked += 1
    assert checked >= 10  # routes of this many integer arguments in the apps


def test_a_route_the_stand_ins_do_not_fit_is_reversed_each_time() -> None:
    assert url_of("reporting:scorecard", 3, 4) == reverse("reporting:scorecard", args=[3, 4])
    with pytest.raises(NoReverseMatch):
        url_of("reporting:scorecard", 3)  # the wrong number of arguments: reverse's own error
    with pytest.raises(NoReverseMatch):
        url_of("reporting:scorecard", -3, 4)
