"""Benchmarks of the initiatives' duplicate detector: quality on the labelled Vietnamese set
(bench/initiatives_eval) and speed against 10.000 initiatives.

Quality (`quality()`, no database): every labelled pair is scored by the detector
(`thidua.initiatives.similarity.score`) and, for comparison, by a plain baseline — TF-IDF of
character 3–5-grams of the folded text (diacritics removed, so that text typed without them is
not lost outright), cosine, IDF from every text of the set. Each method's threshold is chosen
on the `train` split (the best F1; the detector's default is set from that, see
`DUPLICATE_THRESHOLD`), and precision and recall are reported on the held-out `test` split
(topics never seen while tuning), per variant kind too.

Hard set (`quality_hard()`): texts by another writer than the detector's table
(`bench/initiatives_eval/hard_*.txt`: independent retellings, register changes, summaries,
expansions, without diacritics, and a different idea of the same topic for each original), the
detector at its default threshold and the baseline at its threshold from the `train` split; split
`hard` (looked at while improving the detector) and `hard_final` (never looked at while tuning).

Speed (`speed()`, on the bench database, Django set up): 10.000 initiatives at the `hanoi`
scale written in bulk from the set's texts (originals, hand-written variants and recombined
sentences of the same topic, spread over the 150 units and six years), fingerprinted by
`rebuild_fingerprints`; then the median of 30 checks of `similar_initiatives` with realistic
texts (the set's held-out paraphrases, written in another register or without diacritics), the
first (cold) check reported apart.

Alone: `python -m bench.initiatives` (quality only) or `--speed [--db PATH]` (the bench database,
created at the `hanoi` scale when missing); `python -m bench.run` runs both with the rest.
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bench.initiatives_eval import Pair, Text, load, load_hard
from thidua.core.text import fold
from thidua.initiatives import similarity

SPEED_BUDGET_MS = 200.0
SPEED_RUNS = 30
SPEED_INITIATIVES = 10_000
PRECISION_BAR = 0.95
RECALL_BAR = 0.90


# --- Quality ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    threshold: float
    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int


def outcome(scored: list[tuple[float, bool]], threshold: float) -> Outcome:
    tp = sum(1 for value, label in scored if label and value >= threshold)
    fp = sum(1 for value, label in scored if not label and value >= threshold)
    fn = sum(1 for value, label in scored if label and value < threshold)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Outcome(threshold, precision, recall, f1, tp, fp, fn)


def best_threshold(scored: list[tuple[float, bool]]) -> float:
    """The threshold of the best F1 on these pairs: the midpoint between the lowest score kept
    and the highest score below it (ties: the lowest such threshold)."""
    values = sorted({value for value, _ in scored})
    best: tuple[float, float] | None = None
    for low, high in zip([0.0, *values], values, strict=False):
        candidate = (low + high) / 2 if low < high else high
        f1 = outcome(scored, candidate).f1
        if best is None or f1 > best[0] + 1e-12:
            best = (f1, candidate)
    return round(best[1], 3) if best else 0.5


class Detector:
    """The project's detector: analysed profiles cached per text."""

    name = "Bộ phát hiện (similarity.py)"

    def __init__(self, texts: dict[str, Text]) -> None:
        self.profiles = {
            ident: similarity.analyse(**text.fields()).profile for ident, text in texts.items()
        }

    def __call__(self, a: str, b: str) -> float:
        return similarity.score(self.profiles[a], self.profiles[b])


class CharTfidf:
    """Baseline: TF-IDF (sublinear tf, smooth idf) of character 3–5-grams of the folded text,
    padded words, cosine."""

    name = "TF-IDF n-gram ký tự (so sánh)"

    def __init__(self, texts: dict[str, Text]) -> None:
        grams = {ident: self._grams(text.full_text) for ident, text in texts.items()}
        df: Counter[str] = Counter()
        for counts in grams.values():
            df.update(counts.keys())
        n = len(grams)
        idf = {g: math.log((1 + n) / (1 + d)) + 1 for g, d in df.items()}
        self.vectors: dict[str, dict[str, float]] = {}
        for ident, counts in grams.items():
            vector = {g: (1 + math.log(c)) * idf[g] for g, c in counts.items()}
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            self.vectors[ident] = {g: v / norm for g, v in vector.items()}

    @staticmethod
    def _grams(text: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        for word in fold(text).split():
            padded = f" {word.strip('.,;:!?()"')} "
            for size in (3, 4, 5):
                for i in range(len(padded) - size + 1):
                    counts[padded[i : i + size]] += 1
        return counts

    def __call__(self, a: str, b: str) -> float:
        va, vb = self.vectors[a], self.vectors[b]
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(v * vb.get(g, 0.0) for g, v in va.items())


@dataclass(frozen=True)
class MethodResult:
    name: str
    threshold: float
    train: Outcome
    test: Outcome
    test_recall_by_kind: dict[str, tuple[int, int]]  # kind → (found, total)
    test_false_positives_by_kind: dict[str, tuple[int, int]]  # kind → (flagged, total)
    at_default: Outcome | None = None  # the detector at its shipped DUPLICATE_THRESHOLD (test)
    train_at_default: Outcome | None = None


def run_method(
    scorer: Callable[[str, str], float], name: str, pairs: list[Pair], *, default: float | None
) -> MethodResult:
    scored = {pair: scorer(pair.a, pair.b) for pair in pairs}
    train = [(scored[p], p.label) for p in pairs if p.split == "train"]
    test = [(scored[p], p.label) for p in pairs if p.split == "test"]
    threshold = best_threshold(train)
    chosen = default if default is not None else threshold
    by_kind: dict[str, list[int]] = {}
    fp_kind: dict[str, list[int]] = {}
    for pair in pairs:
        if pair.split != "test":
            continue
        bucket = (by_kind if pair.label else fp_kind).setdefault(pair.kind, [0, 0])
        bucket[1] += 1
        if scored[pair] >= chosen:
            bucket[0] += 1
    return MethodResult(
        name=name,
        threshold=threshold,
        train=outcome(train, threshold),
        test=outcome(test, threshold),
        test_recall_by_kind={k: (v[0], v[1]) for k, v in sorted(by_kind.items())},
        test_false_positives_by_kind={k: (v[0], v[1]) for k, v in sorted(fp_kind.items())},
        at_default=outcome(test, default) if default is not None else None,
        train_at_default=outcome(train, default) if default is not None else None,
    )


def quality() -> tuple[MethodResult, MethodResult, dict[str, int]]:
    """(the detector, the baseline, counts of the set)."""
    texts, pairs = load()
    detector = run_method(
        Detector(texts), Detector.name, pairs, default=similarity.DUPLICATE_THRESHOLD
    )
    baseline = run_method(CharTfidf(texts), CharTfidf.name, pairs, default=None)
    counts = {
        "texts": len(texts),
        "originals": sum(1 for t in texts.values() if t.kind == "original"),
        "pairs": len(pairs),
        "positives": sum(1 for p in pairs if p.label),
        "test_pairs": sum(1 for p in pairs if p.split == "test"),
        "test_positives": sum(1 for p in pairs if p.split == "test" and p.label),
    }
    return detector, baseline, counts


@dataclass(frozen=True)
class HardResult:
    """One method on the hard set (bench/initiatives_eval/hard_*.txt, another writer): at the
    detector's default threshold, or the baseline's threshold chosen on the `train` split."""

    name: str
    threshold: float
    by_split: dict[str, Outcome]  # "hard", "hard_final", "all"
    recall_by_kind: dict[str, tuple[int, int]]  # all hard pairs


HARD_SPLITS = ("hard", "hard_final")


def quality_hard() -> tuple[HardResult, HardResult, dict[str, int]]:
    """(the detector, the baseline, counts) on the hard set. Both methods see the texts of both
    sets (the baseline's IDF is computed on all of them); the baseline's threshold is its best F1
    on the pairs of the `train` split, as in `quality()`."""
    texts, pairs = load()
    hard_texts, hard_pairs = load_hard()
    every = {**texts, **hard_texts}
    results = []
    for scorer, name in ((Detector(every), Detector.name), (CharTfidf(every), CharTfidf.name)):
        if isinstance(scorer, Detector):
            threshold = similarity.DUPLICATE_THRESHOLD
        else:
            threshold = best_threshold(
                [(scorer(p.a, p.b), p.label) for p in pairs if p.split == "train"]
            )
        scored = [(pair, scorer(pair.a, pair.b)) for pair in hard_pairs]
        by_split = {
            split: outcome([(v, p.label) for p, v in scored if p.split == split], threshold)
            for split in HARD_SPLITS
        }
        by_split["all"] = outcome([(v, p.label) for p, v in scored], threshold)
        kinds: dict[str, list[int]] = {}
        for pair, value in scored:
            if pair.label:
                bucket = kinds.setdefault(pair.kind.removesuffix("_nodiac"), [0, 0])
                bucket[1] += 1
                bucket[0] += value >= threshold
        results.append(
            HardResult(
                name, threshold, by_split, {k: (v[0], v[1]) for k, v in sorted(kinds.items())}
            )
        )
    counts = {
        "originals": sum(1 for t in hard_texts.values() if t.kind == "original"),
        "texts": len(hard_texts),
        "pairs": len(hard_pairs),
        "positives": sum(1 for p in hard_pairs if p.label),
        **{
            f"{split}_pairs": sum(1 for p in hard_pairs if p.split == split)
            for split in HARD_SPLITS
        },
    }
    return results[0], results[1], counts


def _print_hard(detector: HardResult, baseline: HardResult, counts: dict[str, int]) -> None:
    print(
        f"Tập khó (người viết độc lập): {counts['originals']} bản gốc, {counts['texts']} văn bản, "
        f"{counts['pairs']} cặp ({counts['positives']} trùng; hard {counts['hard_pairs']} cặp, "
        f"hard_final {counts['hard_final_pairs']} cặp chưa từng dùng để chỉnh)"
    )
    for result in (detector, baseline):
        parts = "; ".join(
            f"{split}: precision {o.precision:.3f}, recall {o.recall:.3f} "
            f"(TP {o.tp}, FP {o.fp}, FN {o.fn})"
            for split, o in result.by_split.items()
        )
        print(f"  tập khó — {result.name}, ngưỡng {result.threshold:.3f} → {parts}")
        kinds = ", ".join(f"{k} {f}/{t}" for k, (f, t) in result.recall_by_kind.items())
        print(f"    recall theo loại (tập khó, kể cả bản không dấu): {kinds}")


def _print_quality(detector: MethodResult, baseline: MethodResult, counts: dict[str, int]) -> None:
    print(
        f"Bộ đánh giá: {counts['originals']} bản gốc, {counts['texts']} văn bản, "
        f"{counts['pairs']} cặp ({counts['positives']} trùng); tập kiểm tra (chủ đề giữ riêng): "
        f"{counts['test_pairs']} cặp ({counts['test_positives']} trùng)"
    )
    for result in (detector, baseline):
        shown = result.at_default or result.test
        label = "ngưỡng mặc định" if result.at_default else "ngưỡng chọn trên tập huấn luyện"
        print(
            f"  {result.name}: {label} {shown.threshold:.3f} → kiểm tra: precision "
            f"{shown.precision:.3f}, recall {shown.recall:.3f} (TP {shown.tp}, FP {shown.fp}, "
            f"FN {shown.fn}); huấn luyện: precision {result.train.precision:.3f}, recall "
            f"{result.train.recall:.3f} (ngưỡng tốt nhất {result.threshold:.3f})"
        )
        kinds = ", ".join(f"{k} {f}/{t}" for k, (f, t) in result.test_recall_by_kind.items())
        print(f"    recall theo loại (kiểm tra): {kinds}")
        fps = ", ".join(f"{k} {f}/{t}" for k, (f, t) in result.test_false_positives_by_kind.items())
        print(f"    báo nhầm theo loại cặp âm tính (kiểm tra): {fps}")


# --- Speed --------------------------------------------------------------------------------------


def _corpus_texts(count: int, seed: int = 2026) -> list[dict[str, str]]:
    """`count` initiative texts: the set's originals and hand variants, then recombinations
    (title of one, sentences drawn from the problem, solution and effect of the texts of its
    topic), so that the index holds many texts sharing the sector's wording."""
    texts, _ = load()
    rng = random.Random(seed)
    pool = [t for t in texts.values() if t.kind in ("original", "para", "plain", "short", "extra")]
    by_topic: dict[str, list[Text]] = {}
    for text in pool:
        by_topic.setdefault(text.topic, []).append(text)
    out = [text.fields() for text in pool]

    def sentences(value: str) -> list[str]:
        return [s.strip() for s in value.replace("; ", ". ").split(". ") if s.strip()]

    topics = sorted(by_topic)
    while len(out) < count:
        group = by_topic[rng.choice(topics)]
        fields: dict[str, str] = {"title": rng.choice(group).title}
        for name in ("problem", "solution", "effect"):
            picked = [
                s
                for text in rng.sample(group, min(2, len(group)))
                for s in sentences(getattr(text, name))
            ]
            rng.shuffle(picked)
            fields[name] = ". ".join(picked[: max(1, len(picked) // 2)]) + "."
        out.append(fields)
    return out[:count]


def speed(count: int = SPEED_INITIATIVES) -> dict[str, float]:
    """Write `count` initiatives (if the bench database has fewer), fingerprint them, time the
    check. Django must be set up on the bench database (bench.scale.setup_django)."""
    from django.db import transaction

    from thidua.initiatives.enums import InitiativeStatus
    from thidua.initiatives.models import Initiative
    from thidua.initiatives.selectors.similarity import forget_index, similar_initiatives
    from thidua.initiatives.services.similarity import rebuild_fingerprints
    from thidua.organizations.models import Unit

    figures: dict[str, float] = {}
    existing = Initiative.objects.count()
    if existing < count:
        started = time.perf_counter()
        units = list(Unit.objects.filter(depth=1).values_list("pk", flat=True)) or list(
            Unit.objects.values_list("pk", flat=True)[:150]
        )
        statuses = [
            InitiativeStatus.SUBMITTED,
            InitiativeStatus.ADMITTED,
            InitiativeStatus.IN_REVIEW,
            InitiativeStatus.RECOGNISED,
            InitiativeStatus.RECOGNISED,
            InitiativeStatus.NOT_RECOGNISED,
            InitiativeStatus.DRAFT,
        ]
        rng = random.Random(7)
        rows = []
        for index, fields in enumerate(_corpus_texts(count - existing)):
            year = 2025 + index % 6
            rows.append(
                Initiative(
                    code=f"SK-B{year}-{index:05d}",
                    unit_id=units[index % len(units)],
                    year=year,
                    status=rng.choice(statuses),
                    **fields,
                )
            )
        with transaction.atomic():
            Initiative.objects.bulk_create(rows, batch_size=1000)
        figures["write_seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    figures["fingerprinted"] = rebuild_fingerprints()
    figures["fingerprint_seconds"] = time.perf_counter() - started

    texts, pairs = load()
    queries = [
        texts[p.b].fields()
        for p in pairs
        if p.split == "test" and p.label and p.kind in ("para", "plain", "para_nodiac", "short")
    ]
    random.Random(11).shuffle(queries)
    queries = queries[:SPEED_RUNS]
    forget_index()
    started = time.perf_counter()
    similar_initiatives(**queries[0])
    figures["cold_ms"] = (time.perf_counter() - started) * 1000
    samples = []
    for query in queries:
        started = time.perf_counter()
        similar_initiatives(**query)
        samples.append((time.perf_counter() - started) * 1000)
    figures["median_ms"] = statistics.median(samples)
    figures["max_ms"] = max(samples)
    figures["initiatives"] = Initiative.objects.count()
    return figures


def main(argv: Iterable[str] = ()) -> int:
    args = list(argv)
    detector, baseline, counts = quality()
    _print_quality(detector, baseline, counts)
    hard_detector, hard_baseline, hard_counts = quality_hard()
    _print_hard(hard_detector, hard_baseline, hard_counts)
    ok = detector.at_default is not None and (
        detector.at_default.precision >= PRECISION_BAR and detector.at_default.recall >= RECALL_BAR
    )
    ok = ok and all(
        hard_detector.by_split[split].precision >= PRECISION_BAR
        and hard_detector.by_split[split].recall >= RECALL_BAR
        for split in HARD_SPLITS
    )
    if "--speed" in args:
        from pathlib import Path

        from bench.scale import BENCH_DB, generate, setup_django

        db = Path(args[args.index("--db") + 1]) if "--db" in args else BENCH_DB
        fresh = not db.exists()
        setup_django(db, fresh=fresh)
        if fresh:
            generate("hanoi")
        figures = speed()
        print(
            f"Kiểm tra trùng lặp với {figures['initiatives']:.0f} sáng kiến: trung vị "
            f"{figures['median_ms']:.1f} ms (lần đầu {figures['cold_ms']:.0f} ms)"
        )
        ok = ok and figures["median_ms"] <= SPEED_BUDGET_MS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
