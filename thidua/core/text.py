"""Vietnamese text folding for search: "Nguyễn Văn Đức" and "nguyen van duc" fold alike.

Pure: no Django. Folding is what both the stored search columns and the typed query go through,
so that a search matches whatever diacritics or case the user typed.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Đ/đ is a distinct letter, not D plus a combining mark, so NFD does not decompose it.
_D_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics (including đ→d) and collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def search_tokens(query: str) -> list[str]:
    """The folded words of a query, in order, without duplicates or empty words."""
    seen: dict[str, None] = {}
    for token in fold(query).split(" "):
        cleaned = token.strip(".,;:!?\"'()[]")
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def search_document(*parts: str) -> str:
    """The stored search column: folded parts, each word preceded by a space.

    The leading space lets a query word match the start of any stored word with
    `LIKE '% word%'` ("an" finds "An" and "Anh" but not "Lan").
    """
    return " " + " ".join(fold(part) for part in parts if part) + " "


def vietnamese_sort_key(full_name: str) -> str:
    """Sort key for people lists as Vietnamese offices sort them: by given name, then the rest.

    "Nguyễn Văn An" sorts under "an", before "Trần Thị Bình".
    """
    words = fold(full_name).split(" ")
    if not words or words == [""]:
        return ""
    return " ".join([words[-1], *words[:-1]])
