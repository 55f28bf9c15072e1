"""Reads of the duplicate detector: the initiatives most like a text, with the passages they
share, and the content area a text suggests.

Every unit and every year are candidates (the warning is about re-submitting an idea anywhere),
but only initiatives past the draft: not DRAFT, not WITHDRAWN. What is shown of them is their
code, title, unit, year, status and the matched passages.

Speed: the fingerprints are held in a process-level index (`_INDEX`): the canonical profile of
every initiative and, per telling word, the initiatives that use it. Before each check one query
reads the fingerprints' count and latest change; changed rows are read again, and a count that
still does not match (a deletion) reads the stored ids to drop the missing ones. A check then
gathers candidates through the word lists, scores the best exactly (`similarity.score`), reads
those initiatives in one query (status filter, unit name, texts for the passages) and explains
the few it returns: two queries whatever the number of initiatives (more only after a change).
"""

import datetime as dt
import heapq
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max

from thidua.initiatives import area_suggestion, similarity
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.models import Initiative, InitiativeFingerprint
from thidua.movements.models import ContentArea, Movement

NOT_CANDIDATES = (InitiativeStatus.DRAFT, InitiativeStatus.WITHDRAWN)
MAX_LIMIT = 50
# Candidates scored exactly after the word-list pass, and read from the database after scoring.
_RESCORED = 300
_READ_FACTOR = 4
# A word used by more than this share of a large corpus adds little and costs a long list: its
# list is skipped in the gathering pass (the exact score still counts it).
_COMMON_SHARE = 0.2
_COMMON_MIN_CORPUS = 200
# Below this score an initiative is not shown at all (different ideas of the sector share
# words: their scores run up to about 0.3 on the evaluation set, other topics included).
MIN_SHOWN_SCORE = 0.35


# --- The in-process index ---------------------------------------------------------------------------


@dataclass
class _Index:
    count: int = -1
    latest: dt.datetime | None = None
    profiles: dict[int, similarity.Profile] = field(default_factory=dict)
    postings: dict[str, set[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _remove(self, initiative_id: int) -> None:
        old = self.profiles.pop(initiative_id, None)
        if old is None:
            return
        for key in similarity.index_keys(old):
            ids = self.postings.get(key)
            if ids is not None:
                ids.discard(initiative_id)
                if not ids:
                    del self.postings[key]

    def _add(self, initiative_id: int, profile: similarity.Profile) -> None:
        self.profiles[initiative_id] = profile
        for key in similarity.index_keys(profile):
            self.postings.setdefault(key, set()).add(initiative_id)

    def _load(self, rows: Iterable[tuple[int, dict[str, object]]]) -> None:
        for initiative_id, data in rows:
            self._remove(initiative_id)
            self._add(initiative_id, similarity.Profile.from_data(data))

    def refresh(self) -> None:
        """Bring the index up to date with the stored fingerprints: one query when nothing
        changed; the changed rows read again; the ids read when rows were deleted."""
        fingerprints = InitiativeFingerprint.objects.all()
        state = fingerprints.aggregate(count=Count("pk"), latest=Max("updated_at"))
        count, latest = state["count"], state["latest"]
        with self.lock:
            if count == self.count and latest == self.latest:
                return
            changed = fingerprints
            if self.latest is not None and latest is not None and latest >= self.latest:
                changed = fingerprints.filter(updated_at__gte=self.latest)
            self._load(changed.values_list("initiative_id", "features").iterator(2000))
            if len(self.profiles) != count:
                stored = set(fingerprints.values_list("initiative_id", flat=True))
                for gone in set(self.profiles) - stored:
                    self._remove(gone)
                missing = stored - set(self.profiles)
                if missing:
                    self._load(
                        fingerprints.filter(initiative_id__in=missing).values_list(
                            "initiative_id", "features"
                        )
                    )
            self.count, self.latest = count, latest

    def best(
        self, query: similarity.Profile, *, exclude_id: int | None, size: int
    ) -> list[tuple[float, int]]:
        """The `size` best (score, initiative id), best first, scored exactly (under the lock:
        another thread's refresh must not change the lists being read)."""
        with self.lock:
            return self._best(query, exclude_id=exclude_id, size=size)

    def _best(
        self, query: similarity.Profile, *, exclude_id: int | None, size: int
    ) -> list[tuple[float, int]]:
        if query.is_empty or not self.profiles:
            return []
        corpus = len(self.profiles)
        common = corpus * _COMMON_SHARE if corpus >= _COMMON_MIN_CORPUS else math.inf
        shared: dict[int, float] = {}
        for key in similarity.index_keys(query):
            ids = self.postings.get(key)
            if not ids or len(ids) > common:
                continue
            weight = query.unigrams[key]
            for initiative_id in ids:
                shared[initiative_id] = shared.get(initiative_id, 0.0) + weight
        shared.pop(exclude_id or 0, None)
        profiles = self.profiles
        total = query.unigram_total
        # A rough score from the telling words alone (cosine + containment), to pick the few
        # that are scored exactly.
        rough = [
            (
                value / max(1.0, min(total, other)) + value / math.sqrt(max(1.0, total * other)),
                initiative_id,
            )
            for initiative_id, value in shared.items()
            for other in (profiles[initiative_id].unigram_total,)
        ]
        scored = [
            (similarity.score(query, profiles[initiative_id]), initiative_id)
            for _, initiative_id in heapq.nlargest(_RESCORED, rough)
        ]
        return heapq.nlargest(size, scored)


_INDEX = _Index()


def forget_index() -> None:
    """Empty the process-level index (tests that swap databases; the next check reloads)."""
    global _INDEX
    _INDEX = _Index()


# --- The check --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A sentence of the text being written and the sentence of the existing initiative that
    it matches; `*_marks` are the spans (within `*_text`) of the words they share."""

    query_text: str
    match_text: str
    query_field: str
    match_field: str
    query_span: tuple[int, int]  # within the query's field text
    match_span: tuple[int, int]  # within the existing initiative's field text
    query_marks: tuple[tuple[int, int], ...]
    match_marks: tuple[tuple[int, int], ...]
    similarity: float

    @property
    def query_field_label(self) -> str:
        return similarity.FIELD_LABELS[self.query_field]

    @property
    def match_field_label(self) -> str:
        return similarity.FIELD_LABELS[self.match_field]

    @property
    def query_segments(self) -> list[tuple[str, bool]]:
        """The query's sentence cut into (text, is shared) pieces, for `<mark>`."""
        return _segments(self.query_text, self.query_marks)

    @property
    def match_segments(self) -> list[tuple[str, bool]]:
        return _segments(self.match_text, self.match_marks)


def _segments(text: str, marks: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in marks:
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


@dataclass(frozen=True)
class SimilarInitiative:
    initiative_id: int
    code: str
    title: str
    unit_name: str
    year: int
    status: str
    status_label: str
    score: float  # 0..1
    is_duplicate: bool
    passages: list[Passage]
    reason: str

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    def as_json(self) -> dict[str, object]:
        """What the submission keeps of the warning the author saw (Initiative.duplicate_matches)."""
        return {
            "id": self.initiative_id,
            "code": self.code,
            "title": self.title,
            "unit": self.unit_name,
            "year": self.year,
            "score": round(self.score, 4),
            "reason": self.reason,
        }


def _passages(query: similarity.Analysis, match: similarity.Analysis) -> tuple[list[Passage], str]:
    explanation = similarity.explain(query, match)
    passages = []
    for item in explanation.passages:
        q_start, q_end = item.query_span
        m_start, m_end = item.match_span
        passages.append(
            Passage(
                query_text=query.texts[item.query_field][q_start:q_end],
                match_text=match.texts[item.match_field][m_start:m_end],
                query_field=item.query_field,
                match_field=item.match_field,
                query_span=item.query_span,
                match_span=item.match_span,
                query_marks=tuple((s - q_start, e - q_start) for s, e in item.query_marks),
                match_marks=tuple((s - m_start, e - m_start) for s, e in item.match_marks),
                similarity=item.similarity,
            )
        )
    return passages, explanation.reason()


def similar_initiatives(
    *,
    title: str,
    problem: str = "",
    solution: str = "",
    effect: str = "",
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[SimilarInitiative]:
    """The initiatives (past the draft, any unit, any year) most like the given text, best
    first, at most `limit` (1..50), those scoring under `MIN_SHOWN_SCORE` left out;
    `is_duplicate` from `similarity.DUPLICATE_THRESHOLD`."""
    limit = max(1, min(limit, MAX_LIMIT))
    query = similarity.analyse(title=title, problem=problem, solution=solution, effect=effect)
    profile = query.profile
    if profile.is_empty:
        return []
    _INDEX.refresh()
    best = [
        (value, initiative_id)
        for value, initiative_id in _INDEX.best(
            profile, exclude_id=exclude_id, size=limit * _READ_FACTOR
        )
        if value >= MIN_SHOWN_SCORE
    ]
    if not best:
        return []
    rows = {
        initiative.pk: initiative
        for initiative in Initiative.objects.filter(pk__in=[pk for _, pk in best])
        .exclude(status__in=NOT_CANDIDATES)
        .select_related("unit")
        .only(
            "code",
            "title",
            "year",
            "status",
            "problem",
            "solution",
            "effect",
            "unit__name",
        )
    }
    found: list[SimilarInitiative] = []
    for value, initiative_id in best:
        initiative = rows.get(initiative_id)
        if initiative is None:
            continue
        match = similarity.analyse(
            title=initiative.title,
            problem=initiative.problem,
            solution=initiative.solution,
            effect=initiative.effect,
        )
        passages, reason = _passages(query, match)
        found.append(
            SimilarInitiative(
                initiative_id=initiative.pk,
                code=initiative.code,
                title=initiative.title,
                unit_name=initiative.unit.name,
                year=initiative.year,
                status=initiative.status,
                status_label=initiative.get_status_display(),
                score=round(value, 4),
                is_duplicate=value >= similarity.DUPLICATE_THRESHOLD,
                passages=passages,
                reason=reason,
            )
        )
        if len(found) == limit:
            break
    return found


# --- Area suggestion --------------------------------------------------------------------------------


def _movement_for_areas(movement_id: int | None) -> int | None:
    if movement_id is not None:
        return movement_id
    latest = Movement.objects.filter(areas__isnull=False).order_by("-start_date", "-pk").first()
    return latest.pk if latest is not None else None


def suggest_area(*, movement_id: int | None, text: str) -> list[area_suggestion.AreaSuggestion]:
    """The content areas of the movement (the latest movement with areas when none is given)
    that the text suggests, best first; empty when nothing matches."""
    chosen = _movement_for_areas(movement_id)
    if chosen is None or not text.strip():
        return []
    areas = [
        area_suggestion.AreaChoice(
            id=area.pk, code=area.code, name=area.name, keywords=area.keywords
        )
        for area in ContentArea.objects.filter(movement_id=chosen).order_by("kind", "order")
    ]
    return area_suggestion.suggest(text, areas)
