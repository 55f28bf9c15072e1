"""How alike two initiatives are, and why: the duplicate detector's text analysis and scoring.

Pure: no Django. The services store each initiative's `profile_data` (its canonical words per
sentence) and the selectors score a typed text against every stored initiative; both call this
module only.

Method (docs/decisions/0006-initiative-similarity.md):

1. Normalise: fold (`thidua.core.text.fold`: lower case, no diacritics, đ→d) character by
   character, so that every word keeps its span in the text as typed; split into sentences
   (., !, ?, ; and line breaks; bullets) and words.
2. Canonicalise: a table of the health-administration register maps synonyms and paraphrases to
   one form ("người bệnh" → "bệnh nhân", "rút ngắn thời gian đợi" → "giảm thời gian chờ",
   "triển khai" → "áp dụng", "EMR" → "bệnh án điện tử"), longest phrase first; function words
   are dropped.
3. Features: the canonical words (unigrams) and the pairs of neighbouring words (bigrams) of each
   sentence, each weighted by how telling it is (generic words of the register weigh little,
   numbers more).
4. Score (0..1): the weighted overlap of the two sets of features, both relative to their
   geometric mean (a cosine: two texts saying the same) and relative to the shorter text (a
   containment: an abridged or expanded version), the latter trusted only once the shorter text
   is long enough to mean something; sentence alignment gives the passages shown to the user.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

from thidua.core.text import fold

ALGORITHM: Final = 1  # bump when the stored profile's format or the canonical table changes

# Score at or above which two initiatives are reported as probable duplicates. Tuned on the
# training split of bench/initiatives_eval (see bench/initiatives.py and the decision record).
DUPLICATE_THRESHOLD: Final = 0.5

FIELDS: Final = ("title", "problem", "solution", "effect")
FIELD_LABELS: Final = {
    "title": "tên sáng kiến",
    "problem": "thực trạng",
    "solution": "giải pháp",
    "effect": "hiệu quả",
}

# --- Normalisation --------------------------------------------------------------------------------


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[^\W_]+")
# A sentence ends at . ! ? ; or a line break (not a dot between digits: 1.234, 4.0); a bullet
# at the start of a line also starts one.
_SENTENCE_END = re.compile(r"[!?;\n\r…]|\.(?!\d)")


@cache
def _fold_char(char: str) -> str:
    """One character folded like `fold` does (one letter for a letter, "" for a combining mark)."""
    if unicodedata.combining(char):
        return ""
    folded = fold(char)
    return folded if len(folded) == 1 else (folded[:1] if folded else " ")


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the character it came from
    in `text` (so that spans found in the folded text highlight the text as typed)."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        if folded:
            chars.append(folded)
            offsets.append(index)
    return "".join(chars), offsets


# --- The canonical table of the register ------------------------------------------------------------

# Each line: the canonical form, then the folded phrases that mean the same in an initiative's
# text. Longest phrase wins; a canonical form may be several words (its words are then features).
_SYNONYMS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("benh_nhan", ("benh nhan", "nguoi benh", "bn", "nguoi kham", "nguoi den kham")),
    ("thoi_gian_cho", ("thoi gian cho", "thoi gian doi", "thoi gian cho doi", "cho doi")),
    ("giam", ("giam", "rut ngan", "cat giam", "giam thieu", "han che")),
    ("ap_dung", ("ap dung", "trien khai", "ung dung", "su dung", "dua vao su dung", "van hanh")),
    ("benh_an_dien_tu", ("benh an dien tu", "emr", "ho so benh an dien tu")),
    ("sms", ("sms", "tin nhan", "nhan tin", "tin nhan sms", "tin nhan dien thoai")),
    ("truc_tuyen", ("truc tuyen", "online", "qua mang", "qua internet")),
    ("dat_lich", ("dat lich", "dat hen", "hen kham", "dang ky kham")),
    ("kham_tu_xa", ("kham chua benh tu xa", "kham benh tu xa", "tu van tu xa", "telemedicine")),
    ("qr", ("ma qr", "qr code", "qr")),
    ("khao_sat", ("khao sat", "lay y kien", "phieu khao sat", "thu thap y kien")),
    ("hai_long", ("su hai long", "muc do hai long", "hai long")),
    ("nhan_vien", ("nhan vien y te", "can bo y te", "nhan vien", "vien chuc", "nvyt")),
    ("dieu_duong", ("dieu duong", "y ta", "dieu duong vien")),
    ("kiem_soat_nhiem_khuan", ("kiem soat nhiem khuan", "ksnk", "phong ngua nhiem khuan")),
    ("chat_thai", ("chat thai", "rac thai", "rac")),
    ("xet_nghiem", ("xet nghiem", "xn")),
    ("dao_tao", ("dao tao", "tap huan", "boi duong", "huan luyen")),
    ("nang_cao", ("nang cao", "cai thien", "tang cuong")),
    ("sai_sot", ("sai sot", "nham lan", "sai lech")),
    ("dien_thoai", ("dien thoai thong minh", "smartphone", "dien thoai di dong", "dien thoai")),
    ("bhyt", ("bao hiem y te", "bhyt")),
    ("cccd", ("can cuoc cong dan", "cccd", "can cuoc")),
    ("tiep_don", ("tiep don", "don tiep")),
    ("thanh_toan_khong_tien_mat", ("thanh toan khong dung tien mat", "thanh toan dien tu")),
)

# Function words: no meaning of their own in these texts (folded, so "cho" is both "cho" and
# "chờ" — the phrases that need "chờ" are canonicalised above before this list applies).
_STOPWORDS: Final = _wordset(
    """
    va cua cac nhung la duoc cho trong tai voi de mot nay do thi ma se da dang co khong nhu
    theo ve tu den khi neu hay hoac bang qua ra vao len rat nhieu moi cung con viec nham giup
    nen vi boi sau truoc tren duoi giua ca tat cac cung nhat hon van dong thoi ngay nhung
    nao ai gi dieu nhu vay cach ben phai sang lai roi deu chi tung moi vua
    """
)

# Words every initiative of the sector uses: they weigh little.
_GENERIC: Final = _wordset(
    """
    benh_nhan benh vien khoa phong nhan_vien ap_dung nang_cao chat luong hieu qua thuc hien
    cong tac hoat dong don vi quan ly he thong giai phap sang kien tinh trang van de
    """
)
_GENERIC_WEIGHT: Final = 0.3
_NUMBER_WEIGHT: Final = 1.5


@cache
def _phrase_table() -> tuple[dict[tuple[str, ...], str], int]:
    table: dict[tuple[str, ...], str] = {}
    for canonical, phrases in _SYNONYMS:
        for phrase in phrases:
            table[tuple(phrase.split())] = canonical
    return table, max(len(key) for key in table)


def word_weight(word: str) -> float:
    """How telling a canonical word is."""
    if word in _GENERIC:
        return _GENERIC_WEIGHT
    if word.isdigit():
        return _NUMBER_WEIGHT
    return 1.0


# --- Analysis ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence of one field: its span in the field's text, its canonical content words and,
    for each, the span of the words it came from."""

    field: str
    start: int
    end: int
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Analysis:
    """A text as typed, cut into sentences of canonical words (with spans, for explanations)."""

    texts: Mapping[str, str]
    sentences: tuple[Sentence, ...]

    @property
    def profile(self) -> Profile:
        return Profile.of([(s.field, s.words) for s in self.sentences])


def _canonical_words(
    raw: Sequence[tuple[str, int, int]],
) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """Longest-phrase canonicalisation, then function words dropped."""
    table, longest = _phrase_table()
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(raw):
        for size in range(min(longest, len(raw) - index), 0, -1):
            key = tuple(word for word, _, _ in raw[index : index + size])
            canonical = table.get(key)
            if canonical is not None:
                words.append(canonical)
                spans.append((raw[index][1], raw[index + size - 1][2]))
                index += size
                break
        else:
            word, start, end = raw[index]
            if word not in _STOPWORDS:
                words.append(word)
                spans.append((start, end))
            index += 1
    return tuple(words), tuple(spans)


def _sentences_of(field: str, text: str) -> list[Sentence]:
    folded, offsets = fold_with_offsets(text)
    sentences: list[Sentence] = []
    start = 0
    bounds = [m.end() for m in _SENTENCE_END.finditer(folded)]
    if not bounds or bounds[-1] != len(folded):
        bounds.append(len(folded))
    for end in bounds:
        raw = [
            (m.group(), offsets[m.start()], offsets[m.end() - 1] + 1)
            for m in _WORD.finditer(folded, start, end)
        ]
        if raw:
            words, spans = _canonical_words(raw)
            if words:
                sentences.append(Sentence(field, raw[0][1], raw[-1][2], words, spans))
        start = end
    return sentences


def analyse(
    *, title: str = "", problem: str = "", solution: str = "", effect: str = ""
) -> Analysis:
    """The initiative's text, analysed field by field."""
    texts = {"title": title, "problem": problem, "solution": solution, "effect": effect}
    sentences: list[Sentence] = []
    for field in FIELDS:
        sentences.extend(_sentences_of(field, texts[field]))
    return Analysis(texts=texts, sentences=tuple(sentences))


def analyse_text(text: str) -> Analysis:
    """A single free text (the API's `text`), analysed as the solution of an initiative."""
    return analyse(solution=text)


# --- Profiles: what is stored and scored ------------------------------------------------------------


def _bigrams(words: Sequence[str]) -> Iterable[str]:
    return (f"{a} {b}" for a, b in itertools.pairwise(words))


@dataclass(frozen=True)
class Profile:
    """The scoring view of a text: per sentence its field and canonical words; the weighted sets
    of unigrams and bigrams of the whole text."""

    sentences: tuple[tuple[str, tuple[str, ...]], ...]
    unigrams: Mapping[str, float]
    bigrams: Mapping[str, float]
    unigram_total: float
    bigram_total: float

    @classmethod
    def of(cls, sentences: Iterable[tuple[str, Sequence[str]]]) -> Profile:
        kept = tuple((field, tuple(words)) for field, words in sentences if words)
        unigrams: dict[str, float] = {}
        bigrams: dict[str, float] = {}
        for _, words in kept:
            for word in words:
                unigrams[word] = word_weight(word)
            for a, b in itertools.pairwise(words):
                bigrams[f"{a} {b}"] = min(word_weight(a), word_weight(b))
        return cls(
            sentences=kept,
            unigrams=unigrams,
            bigrams=bigrams,
            unigram_total=sum(unigrams.values()),
            bigram_total=sum(bigrams.values()),
        )

    def to_data(self) -> dict[str, object]:
        """JSON-ready: what `InitiativeFingerprint.features` stores."""
        return {
            "v": ALGORITHM,
            "s": [[FIELDS.index(field), " ".join(words)] for field, words in self.sentences],
        }

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Profile:
        """Back from `to_data` (an empty profile for data of another algorithm version)."""
        rows = data.get("s")
        if data.get("v") != ALGORITHM or not isinstance(rows, list):
            return cls.of([])
        return cls.of((FIELDS[int(row[0])], str(row[1]).split()) for row in rows)

    @property
    def normalised(self) -> str:
        """The canonical words, one sentence a line (stored for reading, not for scoring)."""
        return "\n".join(" ".join(words) for _, words in self.sentences)

    @property
    def is_empty(self) -> bool:
        return not self.sentences


def index_keys(profile: Profile) -> set[str]:
    """The features a candidate index files this text under (telling unigrams)."""
    return {word for word, weight in profile.unigrams.items() if weight >= 1.0}


# --- Scoring ----------------------------------------------------------------------------------------

# The shorter text's weight (in telling words) from which its containment in the longer is
# fully trusted: a title alone is contained in many texts without being a duplicate.
_CONTAINMENT_FULL_WEIGHT: Final = 30.0


def _overlap(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight for key, weight in a.items() if key in b)


def _ratios(inter: float, total_a: float, total_b: float) -> tuple[float, float]:
    if total_a <= 0 or total_b <= 0:
        return 0.0, 0.0
    return inter / math.sqrt(total_a * total_b), inter / min(total_a, total_b)


def score(a: Profile, b: Profile) -> float:
    """How alike two texts are, from 0 (nothing in common) to 1 (the same canonical text)."""
    if a.is_empty or b.is_empty:
        return 0.0
    cos_u, cont_u = _ratios(_overlap(a.unigrams, b.unigrams), a.unigram_total, b.unigram_total)
    cos_b, cont_b = _ratios(_overlap(a.bigrams, b.bigrams), a.bigram_total, b.bigram_total)
    cosine = (cos_u + cos_b) / 2
    containment = (cont_u + cont_b) / 2
    trust = min(1.0, min(a.unigram_total, b.unigram_total) / _CONTAINMENT_FULL_WEIGHT)
    value = max(cosine, containment * trust)
    return max(0.0, min(1.0, value))


# --- Explanation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchedPassage:
    """A sentence of the query and the sentence of the other text it matches, with the spans
    (in each field's text) of the sentence and of the words they share."""

    query_field: str
    query_span: tuple[int, int]
    query_marks: tuple[tuple[int, int], ...]
    match_field: str
    match_span: tuple[int, int]
    match_marks: tuple[tuple[int, int], ...]
    similarity: float


@dataclass(frozen=True)
class Explanation:
    passages: tuple[MatchedPassage, ...]
    coverage: Mapping[str, float]  # per field of the other text: share of its weight matched

    def reason(self) -> str:
        """In plain words: "Trùng 3 đoạn, 78 % nội dung giải pháp"."""
        if not self.passages:
            return "Không có đoạn nào trùng rõ rệt; giống nhau ở một số từ ngữ."
        text = f"Trùng {len(self.passages)} đoạn"
        best = max(self.coverage.items(), key=lambda item: item[1], default=None)
        if best is not None and best[1] > 0:
            percent = round(best[1] * 100)
            text += f", {percent} % nội dung {FIELD_LABELS[best[0]]}"
        return text


_PASSAGE_MIN_SIMILARITY: Final = 0.5


def _sentence_similarity(a: Sentence, b: Sentence) -> float:
    wa = {w: word_weight(w) for w in a.words}
    wb = {w: word_weight(w) for w in b.words}
    inter = _overlap(wa, wb)
    total_a, total_b = sum(wa.values()), sum(wb.values())
    if total_a <= 0 or total_b <= 0:
        return 0.0
    # Dice on weights: a short sentence fully inside a long one is a partial match.
    return 2 * inter / (total_a + total_b)


def explain(query: Analysis, match: Analysis, *, limit: int = 6) -> Explanation:
    """The passages of `query` that match passages of `match`, best first (each sentence of
    either side used once), and how much of each field of `match` they cover."""
    pairs: list[tuple[float, int, int]] = []
    for i, qs in enumerate(query.sentences):
        for j, ms in enumerate(match.sentences):
            if not set(qs.words) & set(ms.words):
                continue
            similarity = _sentence_similarity(qs, ms)
            if similarity >= _PASSAGE_MIN_SIMILARITY:
                pairs.append((similarity, i, j))
    pairs.sort(key=lambda item: (-item[0], item[1], item[2]))
    used_q: set[int] = set()
    used_m: set[int] = set()
    chosen: list[tuple[float, int, int]] = []
    for similarity, i, j in pairs:
        if i in used_q or j in used_m:
            continue
        used_q.add(i)
        used_m.add(j)
        chosen.append((similarity, i, j))
    field_totals: dict[str, float] = {}
    field_matched: dict[str, float] = {}
    for j, ms in enumerate(match.sentences):
        weight = sum(word_weight(w) for w in set(ms.words))
        field_totals[ms.field] = field_totals.get(ms.field, 0.0) + weight
        if j in used_m:
            shared = set(ms.words) & set(query.sentences[_partner(chosen, j)].words)
            field_matched[ms.field] = field_matched.get(ms.field, 0.0) + sum(
                word_weight(w) for w in shared
            )
    coverage = {
        field: field_matched.get(field, 0.0) / total
        for field, total in field_totals.items()
        if total > 0 and field != "title"
    }
    passages = []
    for similarity, i, j in chosen[:limit]:
        qs, ms = query.sentences[i], match.sentences[j]
        shared = set(qs.words) & set(ms.words)
        passages.append(
            MatchedPassage(
                query_field=qs.field,
                query_span=(qs.start, qs.end),
                query_marks=_merge(
                    span for w, span in zip(qs.words, qs.spans, strict=True) if w in shared
                ),
                match_field=ms.field,
                match_span=(ms.start, ms.end),
                match_marks=_merge(
                    span for w, span in zip(ms.words, ms.spans, strict=True) if w in shared
                ),
                similarity=round(similarity, 4),
            )
        )
    return Explanation(passages=tuple(passages), coverage=coverage)


def _partner(chosen: Sequence[tuple[float, int, int]], j: int) -> int:
    return next(i for _, i, jj in chosen if jj == j)


def _merge(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted spans, neighbours (a space or punctuation apart) merged into one mark."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start - merged[-1][1] <= 2:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
