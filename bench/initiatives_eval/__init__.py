"""The labelled Vietnamese evaluation set of the initiatives' duplicate detector (data and its
loader; measured by bench/initiatives.py and thidua/initiatives/tests/test_similarity_eval.py).

Files (UTF-8 text, written by hand):

- `originals_*.txt`: 61 initiatives of health units on 25 topics. Block `@ <id> <topic> <area>`,
  then `T:` title, `P:` problem, `S:` solution, `E:` effect. Originals of one topic are
  DIFFERENT ideas on the same subject (two EMR initiatives): the hard negatives.
- `variants_*.txt`: hand-written near-duplicates, block `@ <original id>/<kind>`: `para`
  (paraphrase: synonyms, other sentence structure), `plain` (another register: administrative ↔
  spoken), `short` (abridged, summarised), `extra` (expanded: `X+:` lines are appended to the
  original's field X, fields not given are the original's).

Generated near-duplicates (deterministic, `generated_variants`): `nodiac` (typed without
diacritics), `reorder` (sentences of each field shuffled, problem and solution swapped),
`cut` (about half of the sentences kept), `para_nodiac` (a paraphrase typed without diacritics).

Pairs (`pairs`): positives are (original, each of its variants); negatives are (original,
original) of the same topic, (original, a variant of another original of the same topic) —
both hard — and a fixed sample of originals of different topics. The split is by topic (every
pair of a topic in the same split), so that nothing of the held-out topics is seen while
tuning: `train` (the threshold and weights are chosen on it) and `test` (reported).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
FIELDS = ("title", "problem", "solution", "effect")
_PREFIX = {"T": "title", "P": "problem", "S": "solution", "E": "effect"}
HAND_KINDS = ("para", "plain", "short", "extra", "rewrite")
GENERATED_KINDS = ("nodiac", "reorder", "cut", "para_nodiac")
SEED = 20260


@dataclass(frozen=True)
class Text:
    id: str  # "O01" for an original, "O01/para" for a variant
    topic: str
    area: str
    title: str = ""
    problem: str = ""
    solution: str = ""
    effect: str = ""

    @property
    def original_id(self) -> str:
        return self.id.split("/")[0]

    @property
    def kind(self) -> str:
        return self.id.split("/")[1] if "/" in self.id else "original"

    def fields(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FIELDS}

    @property
    def full_text(self) -> str:
        return "\n".join(part for part in self.fields().values() if part)


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    label: bool  # True: the same initiative (a duplicate)
    kind: str  # the variant kind for a positive; "same_topic", "variant_same_topic", "other_topic"
    split: str  # "train" or "test"


def _blocks(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    blocks: list[tuple[str, list[tuple[str, str]]]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            blocks.append((line[1:].strip(), []))
            continue
        match = re.match(r"^([TPSE])(\+?):\s*(.*)$", line)
        if match is None or not blocks:
            raise ValueError(f"{path.name}: dòng không đúng định dạng: {line[:60]}")
        blocks[-1][1].append((match.group(1) + match.group(2), match.group(3)))
    return blocks


def load_originals() -> dict[str, Text]:
    originals: dict[str, Text] = {}
    for path in sorted(DATA_DIR.glob("originals_*.txt")):
        for header, lines in _blocks(path):
            ident, topic, area = header.split()
            fields = {_PREFIX[key]: value for key, value in lines}
            originals[ident] = Text(ident, topic, area, **fields)
    return originals


def load_hand_variants(originals: dict[str, Text]) -> dict[str, Text]:
    variants: dict[str, Text] = {}
    for path in sorted(DATA_DIR.glob("variants_*.txt")):
        for header, lines in _blocks(path):
            original = originals[header.split("/")[0]]
            kind = header.split("/")[1]
            if kind not in HAND_KINDS:
                raise ValueError(f"{header}: loại bản gần trùng không biết: {kind}")
            fields = original.fields() if kind == "extra" else dict.fromkeys(FIELDS, "")
            for key, value in lines:
                name = _PREFIX[key[0]]
                fields[name] = f"{fields[name]} {value}".strip() if key.endswith("+") else value
            variants[header] = Text(header, original.topic, original.area, **fields)
    return variants


# --- Generated variants -----------------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?;])\s+")


def strip_diacritics(text: str) -> str:
    """As typed on a keyboard without Vietnamese input: marks gone, đ → d, case kept."""
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE.split(text) if part.strip()]


def generated_variants(originals: dict[str, Text], hand: dict[str, Text]) -> dict[str, Text]:
    rng = random.Random(SEED)
    made: dict[str, Text] = {}
    for original in originals.values():
        if not original.id.startswith("O"):
            continue  # the near-miss originals (N..) only serve as negatives
        made[f"{original.id}/nodiac"] = replace(
            original,
            id=f"{original.id}/nodiac",
            **{name: strip_diacritics(value) for name, value in original.fields().items()},
        )
        shuffled = {}
        for name, value in original.fields().items():
            parts = _sentences(value)
            rng.shuffle(parts)
            shuffled[name] = " ".join(parts)
        made[f"{original.id}/reorder"] = replace(
            original,
            id=f"{original.id}/reorder",
            title=shuffled["title"],
            problem=shuffled["solution"],
            solution=shuffled["problem"],
            effect=shuffled["effect"],
        )
        cut = {}
        for name, value in original.fields().items():
            parts = _sentences(value)
            if name == "title" or len(parts) <= 1:
                cut[name] = value if name != "problem" else ""
                continue
            keep = sorted(rng.sample(range(len(parts)), max(1, len(parts) // 2)))
            cut[name] = " ".join(parts[i] for i in keep)
        made[f"{original.id}/cut"] = replace(original, id=f"{original.id}/cut", **cut)
        para = hand.get(f"{original.id}/para")
        if para is not None:
            made[f"{original.id}/para_nodiac"] = replace(
                para,
                id=f"{original.id}/para_nodiac",
                **{name: strip_diacritics(value) for name, value in para.fields().items()},
            )
    return made


# --- Pairs ----------------------------------------------------------------------------------------


def topic_split(originals: dict[str, Text]) -> dict[str, str]:
    """Topics in order of first appearance, alternately train and test."""
    topics: list[str] = []
    for text in originals.values():
        if text.topic not in topics:
            topics.append(text.topic)
    return {topic: ("train" if index % 2 == 0 else "test") for index, topic in enumerate(topics)}


OTHER_TOPIC_PAIRS_PER_ORIGINAL = 2
# Variants of one original paired with the other originals of its topic, as hard negatives.
NEGATIVE_VARIANT_KINDS = ("para", "plain", "rewrite", "nodiac")


def load() -> tuple[dict[str, Text], list[Pair]]:
    """Every text (originals and variants) by id, and the labelled pairs."""
    originals = load_originals()
    hand = load_hand_variants(originals)
    generated = generated_variants(originals, hand)
    texts: dict[str, Text] = {**originals, **hand, **generated}
    split = topic_split(originals)
    variants_of: dict[str, list[Text]] = {}
    for text in [*hand.values(), *generated.values()]:
        variants_of.setdefault(text.original_id, []).append(text)
    pairs: list[Pair] = []
    for original in originals.values():
        for variant in sorted(variants_of.get(original.id, []), key=lambda t: t.id):
            pairs.append(Pair(original.id, variant.id, True, variant.kind, split[original.topic]))
    ids = list(originals)
    for i, first in enumerate(ids):
        for second in ids[i + 1 :]:
            a, b = originals[first], originals[second]
            if a.topic != b.topic:
                continue
            pairs.append(Pair(a.id, b.id, False, "same_topic", split[a.topic]))
            for variant in sorted(variants_of.get(b.id, []), key=lambda t: t.id):
                if variant.kind in NEGATIVE_VARIANT_KINDS:
                    pairs.append(
                        Pair(a.id, variant.id, False, "variant_same_topic", split[a.topic])
                    )
            for variant in sorted(variants_of.get(a.id, []), key=lambda t: t.id):
                if variant.kind in NEGATIVE_VARIANT_KINDS:
                    pairs.append(
                        Pair(b.id, variant.id, False, "variant_same_topic", split[a.topic])
                    )
    rng = random.Random(SEED + 1)
    for original in originals.values():
        others = [o for o in originals.values() if split[o.topic] == split[original.topic]]
        others = [o for o in others if o.topic != original.topic]
        for other in rng.sample(others, OTHER_TOPIC_PAIRS_PER_ORIGINAL):
            pairs.append(Pair(original.id, other.id, False, "other_topic", split[original.topic]))
    return texts, pairs


# --- The hard set (independent writer) --------------------------------------------------------

HARD_KINDS = ("para", "retell", "plain", "short", "expand")
# Topics of the hard set kept out of any tuning: the final held-out figure.
HARD_FINAL_TOPICS = ("sepsis", "waste", "stroke", "lab", "mental", "discharge")


def load_hard() -> tuple[dict[str, Text], list[Pair]]:
    """The hard set (`hard_originals.txt`, `hard_variants.txt`), written by another author than
    the detector's table, without reading it first: `H..` originals with hand-written
    near-duplicates of the kinds `para` (retold by another person at another unit, own words
    and sentences, figures may differ), `plain` (register changed), `short` (a 2–3 sentence
    summary), `expand` (rewritten longer with added context), each possibly `_nodiac` (typed
    without diacritics: stripped on loading); `K..` originals are different ideas on the topic
    of the `H..` of the same number, sharing its vocabulary (hard negatives).

    Pairs: positives (H, each of its variants); negatives (H, K) "same_topic", (K, each variant
    of H) "variant_same_topic", and two originals of other topics per original "other_topic".
    Split: "hard_final" for the topics of HARD_FINAL_TOPICS (never looked at while tuning),
    "hard" for the rest."""
    originals: dict[str, Text] = {}
    for header, lines in _blocks(DATA_DIR / "hard_originals.txt"):
        ident, topic, area = header.split()
        fields = {_PREFIX[key]: value for key, value in lines}
        originals[ident] = Text(ident, topic, area, **fields)
    variants: dict[str, Text] = {}
    for header, lines in _blocks(DATA_DIR / "hard_variants.txt"):
        ident, kind = header.split("/")
        original = originals[ident]
        base = kind.removesuffix("_nodiac")
        if base not in HARD_KINDS:
            raise ValueError(f"{header}: loại bản gần trùng không biết: {kind}")
        fields = dict.fromkeys(FIELDS, "")
        for key, value in lines:
            fields[_PREFIX[key[0]]] = value
        if kind.endswith("_nodiac"):
            fields = {name: strip_diacritics(value) for name, value in fields.items()}
        variants[header] = Text(header, original.topic, original.area, **fields)

    def split_of(text: Text) -> str:
        return "hard_final" if text.topic in HARD_FINAL_TOPICS else "hard"

    pairs: list[Pair] = []
    for original in originals.values():
        if not original.id.startswith("H"):
            continue
        mine = sorted(
            (v for v in variants.values() if v.original_id == original.id), key=lambda t: t.id
        )
        split = split_of(original)
        for variant in mine:
            pairs.append(Pair(original.id, variant.id, True, variant.kind, split))
        negative = originals.get("K" + original.id[1:])
        if negative is not None:
            pairs.append(Pair(original.id, negative.id, False, "same_topic", split))
            for variant in mine:
                pairs.append(Pair(negative.id, variant.id, False, "variant_same_topic", split))
    rng = random.Random(SEED + 2)
    for original in originals.values():
        others = [
            o
            for o in originals.values()
            if o.topic != original.topic and split_of(o) == split_of(original)
        ]
        for other in rng.sample(others, OTHER_TOPIC_PAIRS_PER_ORIGINAL):
            pairs.append(Pair(original.id, other.id, False, "other_topic", split_of(original)))
    return {**originals, **variants}, pairs
