"""Which content area (nội dung thi đua, nhóm giải pháp) an initiative's text suggests.

Pure: no Django. Each area brings its keywords (`ContentArea.keywords`: folded words, first
occurrence order, so the words of a phrase stay neighbours: "benh an dien tu") and its name.
A text scores for an area by the keyword pairs it contains (two neighbouring keyword words found
as neighbours in the text: "bệnh án", "án điện", "điện tử") and, less, by its single keyword
words and name words; a word that many areas share counts less. The author confirms or picks
another: the suggestion only saves a click.
"""

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from thidua.core.text import fold


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[^\W_]+")

# Words that say nothing about an area (folded).
_STOPWORDS: Final = _wordset(
    """
    va cua cac nhung la duoc cho trong tai voi de mot nay do thi ma se da dang co khong nhu
    theo ve tu den khi neu hay hoac bang qua ra vao len rat nhieu moi cung con viec nham giup
    nen vi boi sau truoc tren duoi giua ca tat nhat hon dong thoi
    """
)
_PAIR_WEIGHT: Final = 3.0
_WORD_WEIGHT: Final = 0.3
_NAME_WEIGHT: Final = 1.0
# An area is suggested only from this score up (about one keyword pair).
MIN_SCORE: Final = 2.5


@dataclass(frozen=True)
class AreaChoice:
    id: int
    code: str
    name: str
    keywords: str  # folded words, separated by spaces (ContentArea.keywords)


@dataclass(frozen=True)
class AreaSuggestion:
    area_id: int
    code: str
    name: str
    score: float
    matched: tuple[str, ...]  # the folded keywords found in the text, strongest first


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def suggest(text: str, areas: Sequence[AreaChoice], *, limit: int = 3) -> list[AreaSuggestion]:
    """The areas the text suggests, best first (ties: in the given order), at most `limit`."""
    words = _words(text)
    present = set(words)
    pairs_present = {f"{a} {b}" for a, b in itertools.pairwise(words)}
    keyword_words = [[w for w in area.keywords.split() if w] for area in areas]
    name_words = [
        {w for w in _words(area.name) if w not in _STOPWORDS and not w.isdigit()} for area in areas
    ]
    # How many areas use each word: a word of every area tells nothing.
    spread: dict[str, int] = {}
    for kw, nw in zip(keyword_words, name_words, strict=True):
        for word in set(kw) | nw:
            spread[word] = spread.get(word, 0) + 1
    count = max(1, len(areas))

    def rarity(word: str) -> float:
        return math.log(1 + count / spread.get(word, 1))

    found: list[tuple[float, int, AreaSuggestion]] = []
    for position, (area, kw, nw) in enumerate(zip(areas, keyword_words, name_words, strict=True)):
        hits: dict[str, float] = {}
        for a, b in itertools.pairwise(kw):
            pair = f"{a} {b}"
            if pair in pairs_present:
                hits[pair] = _PAIR_WEIGHT * (rarity(a) + rarity(b)) / 2
        covered = {word for pair in hits for word in pair.split()}
        for word in set(kw) - covered - _STOPWORDS:
            if word in present:
                hits[word] = _WORD_WEIGHT * rarity(word)
        # Words of the area's name count too, and are shown too: the author sees why.
        for word in (nw & present) - set(kw) - covered:
            hits[word] = _NAME_WEIGHT * rarity(word)
        total = sum(hits.values())
        if total >= MIN_SCORE:
            matched = tuple(sorted(hits, key=lambda key: (-hits[key], key)))
            found.append(
                (
                    total,
                    position,
                    AreaSuggestion(area.id, area.code, area.name, round(total, 3), matched),
                )
            )
    found.sort(key=lambda item: (-item[0], item[1]))
    return [suggestion for _, _, suggestion in found[:limit]]
