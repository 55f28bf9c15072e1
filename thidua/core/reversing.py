"""URLs of named routes with integer arguments, reversed once per process and filled in after.

Django's `reverse` walks the URL configuration on every call (0,1–0,2 ms): a page linking to a
few routes of the current object paid more for its links than for some of its queries. Here a
route is reversed once per URL configuration, script prefix and number of arguments, with
stand-in numbers; each call puts its own numbers in their place. A route whose stand-ins do not
come back as they went in (a converter other than `int`, a number used twice) is reversed as
usual on every call.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# Stand-ins no route shows: ten digits, within a 32-bit integer.
_STAND_IN = 2_147_480_011


@lru_cache(maxsize=1024)
def _pieces(urlconf: str, prefix: str, name: str, arity: int) -> tuple[str, ...] | None:
    """The route's URL cut at each argument (arity + 1 pieces), or None to reverse each time."""
    stand_ins = [str(_STAND_IN + 7 * index) for index in range(arity)]
    try:
        url = reverse(name, urlconf=urlconf, args=[int(text) for text in stand_ins])
    except NoReverseMatch:
        return None
    pieces: list[str] = []
    rest = url
    for text in stand_ins:
        if rest.count(text) != 1:
            return None
        before, _, rest = rest.partition(text)
        pieces.append(before)
    pieces.append(rest)
    return tuple(pieces)


def url_of(name: str, *args: int) -> str:
    """`reverse(name, args=args)` for integer arguments (ids, years)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    pieces = _pieces(urlconf, get_script_prefix(), name, len(args))
    if pieces is None or any(type(arg) is not int or arg < 0 for arg in args):
        return reverse(name, urlconf=urlconf, args=list(args))
    parts = [pieces[0]]
    for arg, piece in zip(args, pieces[1:], strict=True):
        parts.append(str(arg))
        parts.append(piece)
    return "".join(parts)
