"""How alike two initiatives are, and why: the duplicate detector's text analysis and scoring.

Pure: no Django. The services store each initiative's profile (`Profile.to_data`: its canonical
words per sentence, in `InitiativeFingerprint.features`) and the selectors score a typed text
against every stored profile; both call this module only.

Method (docs/decisions/0006-initiative-similarity.md):

1. Normalise: fold (`thidua.core.text.fold`: lower case, no diacritics, đ→d) character by
   character, so that every word keeps its span in the text as typed; split into sentences
   (., !, ?, ; and line breaks, not a dot inside a figure) and words (a figure is one word).
2. Canonicalise: a table of the health-administration register maps synonyms and paraphrases to
   one form ("người bệnh" → "bệnh nhân", "rút ngắn thời gian đợi" → "giảm thời gian chờ",
   "triển khai" → "áp dụng", "EMR" → "bệnh án điện tử"), longest phrase first, and joins the
   sector's generic compounds ("tỷ lệ", "phần mềm") into one word; function words are dropped.
3. Features: the canonical words (unigrams) and the pairs of neighbouring words (bigrams) of each
   sentence, each weighted by how telling it is (generic words little, figures more) and by its
   field (the problem less than the solution: different ideas share a problem).
4. Score (0..1): the weighted overlap of the two sets of features, relative to both texts (a
   cosine: two texts saying the same) and relative to the shorter (a containment: an abridged or
   expanded version, trusted only once the shorter text is long enough to mean something), the
   larger of the two, square-rooted to read as a percentage. `explain` aligns sentences to give
   the passages shown to the user, with the shared words marked.
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

ALGORITHM: Final = 2  # bump when the stored profile's format or the canonical table changes

# Score at or above which two initiatives are reported as probable duplicates. Tuned on the
# training split of bench/initiatives_eval (see bench/initiatives.py and the decision record).
DUPLICATE_THRESHOLD: Final = 0.49

FIELDS: Final = ("title", "problem", "solution", "effect")
# The problem of a topic is shared by many different ideas; the solution is the idea.
FIELD_WEIGHTS: Final = {"title": 1.0, "problem": 0.6, "solution": 1.0, "effect": 1.0}
FIELD_LABELS: Final = {
    "title": "tên sáng kiến",
    "problem": "thực trạng",
    "solution": "giải pháp",
    "effect": "hiệu quả",
}

# --- Normalisation --------------------------------------------------------------------------------


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A word: letters, or a number with its group and decimal separators ("12.000", "4,5").
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
# A sentence ends at . ! ? ; or a line break (not a dot between digits: 1.234, 4.0); a bullet
# at the start of a line also starts one.
_SENTENCE_END = re.compile(r"[!?;\n\r…]|\.(?!\d)")


@cache
def _fold_char(char: str) -> str:
    """One character folded like `fold` does (one letter for a letter, "" for a combining mark)."""
    if unicodedata.combining(char):
        return ""
    if char in "\n\r\u2028\u2029":
        return "\n"  # a line break ends a sentence
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

# The register's synonyms, one group a line: "canonical: phrase | phrase | …" (folded). Longest
# phrase wins; a canonical form is one feature. Written from the sector's usage (general words of
# the register and the health administration's terms), not from the evaluation's held-out texts.
_REGISTER_TABLE: Final = """
benh_nhan: benh nhan | nguoi benh | bn | nguoi kham | nguoi den kham | nguoi di kham | ba con
thoi_gian_cho: thoi gian cho | thoi gian doi | thoi gian cho doi | cho doi | phai cho | phai doi
giam: giam | rut ngan | cat giam | giam thieu | han che | bot | it di | con
tang: tang | nang len | tang len | nhieu hon
ap_dung: ap dung | trien khai | ung dung | su dung | dua vao su dung | van hanh | dung | app
benh_an_dien_tu: benh an dien tu | emr | ho so benh an dien tu | ho so dien tu
sms: sms | tin nhan | nhan tin | tin nhan sms | tin nhan dien thoai | tin nhan dien thoai di dong
truc_tuyen: truc tuyen | online | qua mang | tren mang | qua internet
duong_dan: duong dan | link | duong link | lien ket
dat_lich: dat lich | dat hen | hen kham | dang ky kham | hen lich
kham_tu_xa: kham chua benh tu xa | kham benh tu xa | tu van tu xa | telemedicine | kham tu xa
qr: ma qr | qr code | qr
ma_vach: ma vach | barcode
khao_sat: khao sat | lay y kien | phieu khao sat | thu thap y kien | hoi y kien
hai_long: su hai long | muc do hai long | hai long
nhan_vien: nhan vien y te | can bo y te | nhan vien | vien chuc | nvyt | anh chi em | nguoi lao dong
dieu_duong: dieu duong | y ta | dieu duong vien
bac_si: bac si | bs
kiem_soat_nhiem_khuan: kiem soat nhiem khuan | ksnk | phong ngua nhiem khuan
nhiem_khuan: nhiem khuan | nhiem trung
ve_sinh_tay: ve sinh tay | rua tay | sat khuan tay nhanh | sat khuan tay
chat_thai: chat thai | rac thai | rac
xet_nghiem: xet nghiem | xn
dao_tao: dao tao | tap huan | boi duong | huan luyen | day
nang_cao: nang cao | cai thien | tang cuong
sai_sot: sai sot | nham lan | sai lech | nham | sai
dien_thoai: dien thoai thong minh | smartphone | dien thoai di dong | dien thoai
may_tinh_bang: may tinh bang | tablet | ipad
website: website | trang web | trang thong tin dien tu
bhyt: bao hiem y te | bhyt | bao hiem
cccd: can cuoc cong dan | cccd | can cuoc | the can cuoc
tiep_don: tiep don | don tiep | dang ky kham benh
thanh_toan_khong_tien_mat: thanh toan khong dung tien mat | thanh toan dien tu | khong dung tien mat
thanh_toan: thanh toan | tra tien | nop tien | dong tien
tri_tue_nhan_tao: tri tue nhan tao | ai
tang_huyet_ap: tang huyet ap | cao huyet ap | huyet ap cao
dai_thao_duong: dai thao duong | tieu duong
duong_huyet: duong huyet | duong mau
nga: te nga | nga
dieu_hoa: dieu hoa | may lanh | may dieu hoa
bao_duong: bao duong | bao tri
nguoi_cao_tuoi: nguoi cao tuoi | nguoi gia | nguoi lon tuoi | cac cu
nguoi_nha: nguoi nha | than nhan | gia dinh nguoi benh
gio: gio | tieng | tieng dong ho
hang_ngay: hang ngay | moi ngay | ngay nao cung
hang_tuan: hang tuan | moi tuan | tuan nao cung
hang_thang: hang thang | moi thang | thang nao cung
hang_nam: hang nam | moi nam | nam nao cung | mot nam
tiet_kiem: tiet kiem | do ton
ky_so: ky so | chu ky so
canh_bao: canh bao | bao dong
theo_doi: theo doi | giam sat
tai_kham: tai kham | kham lai
nhap_vien: nhap vien | vao vien
ra_vien: ra vien | xuat vien
het_han: het han | qua han | het han dung | het han su dung | qua han su dung
phan_anh: phan anh | phan nan | than phien | khieu nai | gop y
duong_day_nong: duong day nong | hotline
tiem: tiem | chich
tiem_chung: tiem chung | tiem phong | chich ngua | tiem ngua
vac_xin: vac xin | vaccine | vacxin
xe_cap_cuu: xe cap cuu | xe cuu thuong | xe 115
phong_mo: phong mo | phong phau thuat
ct: chup cat lop vi tinh | cat lop vi tinh | chup cat lop | ct scan | ct
mri: cong huong tu | mri
don_thuoc: don thuoc | toa thuoc
nha_thuoc: nha thuoc | hieu thuoc | quay thuoc
ong_thong: ong thong | sonde
may_theo_doi: may theo doi benh nhan | may theo doi | monitor
tieu_huyet_khoi: tieu huyet khoi | tieu soi huyet
tu_vong: tu vong | chet
thiet_bi: thiet bi | trang thiet bi | may moc
xuat_toan: xuat toan | tu choi thanh toan
tre_em: tre em | tre nho | chau be
chung_toi: chung toi | chung ta | tui minh | tui toi
"""


@cache
def _register() -> tuple[tuple[str, tuple[str, ...]], ...]:
    groups = []
    for line in _REGISTER_TABLE.strip().splitlines():
        canonical, phrases = line.split(":", 1)
        groups.append((canonical.strip(), tuple(p.strip() for p in phrases.split("|"))))
    return tuple(groups)


# Function words: no meaning of their own in these texts (folded, so "cho" is both "cho" and
# "chờ" — the phrases that need "chờ" are canonicalised above before this list applies).
_STOPWORDS: Final = _wordset(
    """
    va cua cac nhung la duoc cho trong tai voi de mot nay do thi ma se da dang co khong nhu
    theo ve tu den khi neu hay hoac bang qua ra vao len rat nhieu moi cung con viec nham giup
    nen vi boi sau truoc tren duoi giua ca tat cac cung nhat hon van dong thoi ngay nhung
    nao gi dieu nhu vay cach ben phai sang lai roi deu chi tung moi vua
    bi nua luon toi minh chung_toi
    """
)

# Words and compounds every initiative of the sector uses: they weigh little. A compound (its
# syllables joined by "_") is one word, so that "tỷ lệ", "phần mềm", "kết quả" do not count as
# two telling syllables each. Canonical forms of the table above that are this common too.
_GENERIC_COMPOUNDS: Final = """
ty le | phan mem | he thong | ket qua | thong tin | tong hop | so lieu | du lieu | tu dong
cap nhat | quy trinh | kiem tra | thoi gian | thuc hien | hieu qua | chat luong | cong nghe
cong nghe thong tin | dien tu | nguoi dung | trung binh | khoang | cong tac | hoat dong | don vi
quan ly | giai phap | sang kien | tinh trang | van de | nhu cau | ke hoach | nhiem vu
trach nhiem | phoi hop | to chuc | xay dung | bo sung | dam bao | phu hop | kip thoi | chinh xac
nhanh chong | de dang | thuan tien | ro ret | dang ke | ngay cang | hien nay | truoc day
bao gom | tuong ung | lien quan | cu the | nhat la | dac biet | nhieu lan | mot so | so luong
lanh dao | ban giam doc | benh vien | trung tam | y te | suc khoe | kham chua benh | kham benh
dieu tri | gia tri | chi phi | trieu dong | ty dong | dong | phut | ngay | tuan | thang | nam
truoc het | tren | toan bo | tat ca | moi nguoi | thuc te | so voi | tiep theo | sau do
phong cong nghe thong tin | phong ke hoach tong hop | nguoi | khoa | phong | lan | luot
thu tuc | dang ky | giay to | ho so
"""
_GENERIC: Final = frozenset(
    {
        "benh_nhan",
        "nhan_vien",
        "ap_dung",
        "nang_cao",
        "giam",
        "tang",
        "tiet_kiem",
        "gio",
        "hang_ngay",
        "hang_tuan",
        "hang_thang",
        "hang_nam",
        *(
            phrase.strip().replace(" ", "_")
            for line in _GENERIC_COMPOUNDS.strip().splitlines()
            for phrase in line.split("|")
        ),
    }
)
_GENERIC_WEIGHT: Final = 0.3
_NUMBER_WEIGHT: Final = 1.5  # a figure of three characters or more ("48", "4,5" less, "5" little)


@cache
def _phrase_table() -> tuple[dict[tuple[str, ...], str], int]:
    table: dict[tuple[str, ...], str] = {}
    for compound in _GENERIC:
        if "_" in compound and compound not in table.values():
            table[tuple(compound.split("_"))] = compound
    for canonical, phrases in _register():
        for phrase in phrases:
            table[tuple(phrase.split())] = canonical
    return table, max(len(key) for key in table)


def word_weight(word: str) -> float:
    """How telling a canonical word is."""
    if word in _GENERIC:
        return _GENERIC_WEIGHT
    if word[:1].isdigit():
        digits = sum(ch.isdigit() for ch in word)
        return _NUMBER_WEIGHT if digits >= 3 else (1.0 if digits == 2 else 0.5)
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
                if canonical not in _STOPWORDS:
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
        for field, words in kept:
            factor = FIELD_WEIGHTS[field]
            for word in words:
                unigrams[word] = max(unigrams.get(word, 0.0), factor * word_weight(word))
            for a, b in itertools.pairwise(words):
                key = f"{a} {b}"
                weight = factor * min(word_weight(a), word_weight(b))
                bigrams[key] = max(bigrams.get(key, 0.0), weight)
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
# Containment counts for less than a cosine of the same value: a long text covers much of its
# topic's vocabulary, so that a different idea of the topic is partly "contained" in it, while a
# true summary is contained far more (most of its weight).
_CONTAINMENT_DISCOUNT: Final = 0.75
# Single words against pairs of neighbouring words in the score.
_UNIGRAM_SHARE: Final = 0.5


def _overlap(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(min(weight, b[key]) for key, weight in a.items() if key in b)


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
    # Texts of one-word sentences have no pairs: their words alone decide.
    share = _UNIGRAM_SHARE if a.bigram_total > 0 and b.bigram_total > 0 else 1.0
    cosine = share * cos_u + (1 - share) * cos_b
    containment = share * cont_u + (1 - share) * cont_b
    trust = min(1.0, min(a.unigram_total, b.unigram_total) / _CONTAINMENT_FULL_WEIGHT)
    overlap = max(cosine, containment * trust * _CONTAINMENT_DISCOUNT)
    # The square root spreads the low overlaps that different texts of the sector share anyway
    # (0.04–0.25) from the overlaps of one idea written twice (0.25–1) on a 0–1 scale that reads
    # as a percentage; it changes no ranking.
    return math.sqrt(max(0.0, min(1.0, overlap)))


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
