"""Reviewer assignment for a review round: who may not score what (conflicts of interest), and a
balanced plan of who scores what. Pure: plain data in, plain data out, no Django.

**Conflicts of interest** (`conflict_reason`). A reviewer may not score an initiative when:

1. they are one of its authors or co-authors;
2. their unit and one of the *author units* are in one line of the tree below the Sở: the same
   unit, or one unit's path is a prefix of the other's where the upper unit is not the Sở root.
   A reviewer working in Bệnh viện A itself is conflicted with every initiative of its khoa/phòng
   (and the reverse); a reviewer in Khoa A2 is not conflicted with an initiative of Khoa A1
   (siblings), nor a reviewer of a Sở office with a hospital's initiative (they meet only at the
   root). Two people attached to the root itself are the same unit, hence conflicted;
3. they head (`Unit.head`) an author unit or one of its ancestors below the root: an author's
   manager, wherever the manager's own record sits;
4. they declared a conflict on it in this round, or an officer recorded one for them
   (`ConflictDeclaration`): given to the planner as `declared` pairs.

The *author units* of an initiative are the unit it was submitted by and the current unit of each
author or co-author with a record in the system (external co-authors have none).

**The plan** (`plan_assignments`). Each initiative should have `per_initiative` reviewers, no
reviewer more than `max_per_reviewer` initiatives, no conflicted pair. Assignments that already
exist are kept and counted (they are never moved or removed here). The plan is built in three
steps, each deterministic (ids sorted, ties broken by the reviewer's current load, then id):

1. round-robin: each initiative, most constrained first (fewest reviewers it may have), takes
   its next reviewer among those it may have, the least loaded first;
2. completion: an initiative still short looks for a chain of moves that frees a place
   (initiative ← reviewer who is full ← another initiative of theirs takes someone else …), so
   the number of assignments is the largest the conflicts and limits allow;
3. balance: while a reviewer has two or more initiatives more than another who could take one of
   theirs (directly or through a chain), one moves; each initiative keeps its count.

Initiatives that still lack reviewers are reported as `Shortfall`s with the reason, never
dropped in silence.
"""

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


def _depth(path: str) -> int:
    return path.strip("/").count("/")


def in_one_line(first: str, second: str) -> bool:
    """Whether two unit paths are the same unit, or one is below the other with the upper one
    below the root ("/1/7/" and "/1/7/42/": yes; "/1/7/" and "/1/8/": no; "/1/" and "/1/7/":
    no, the Sở root is above everyone)."""
    if first == second:
        return True
    upper, lower = (first, second) if len(first) < len(second) else (second, first)
    return lower.startswith(upper) and _depth(upper) >= 1


@dataclass(frozen=True, slots=True)
class ReviewerProfile:
    """What the organisation says about a reviewer: their person (if the account has one), the
    unit that person works in, and the units they head."""

    user_id: int
    person_id: int | None = None
    unit_path: str | None = None
    headed_paths: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InitiativeProfile:
    """An initiative's authors (people in the system) and author units (see the module)."""

    initiative_id: int
    author_person_ids: frozenset[int] = frozenset()
    author_unit_paths: tuple[str, ...] = ()


REASON_AUTHOR = "Là tác giả hoặc đồng tác giả của sáng kiến"
REASON_SAME_LINE = "Cùng đơn vị, hoặc đơn vị cấp trên, cấp dưới của đơn vị tác giả"
REASON_MANAGER = "Là thủ trưởng, trưởng khoa, phòng của đơn vị tác giả"


def conflict_reason(reviewer: ReviewerProfile, initiative: InitiativeProfile) -> str | None:
    """Why `reviewer` may not score `initiative` from the organisation (rules 1–3 of the
    module), or None. Declared conflicts are not seen here."""
    if reviewer.person_id is not None and reviewer.person_id in initiative.author_person_ids:
        return REASON_AUTHOR
    if reviewer.unit_path is not None and any(
        in_one_line(reviewer.unit_path, path) for path in initiative.author_unit_paths
    ):
        return REASON_SAME_LINE
    for headed in reviewer.headed_paths:
        if _depth(headed) >= 1 and any(
            path.startswith(headed) for path in initiative.author_unit_paths
        ):
            return REASON_MANAGER
    return None


def conflicted_pairs(
    reviewers: Iterable[ReviewerProfile], initiatives: Iterable[InitiativeProfile]
) -> dict[tuple[int, int], str]:
    """{(initiative_id, reviewer user_id): reason} for every pair the organisation rules out."""
    initiative_list = list(initiatives)
    result: dict[tuple[int, int], str] = {}
    for reviewer in reviewers:
        for initiative in initiative_list:
            reason = conflict_reason(reviewer, initiative)
            if reason is not None:
                result[(initiative.initiative_id, reviewer.user_id)] = reason
    return result


@dataclass(frozen=True, slots=True)
class Shortfall:
    """An initiative left with fewer reviewers than the round asks for."""

    initiative_id: int
    wanted: int
    assigned: int
    # Reviewers of the round it may have at all (not conflicted), whatever their load.
    eligible: int

    def message(self, code: str) -> str:
        text = (
            f"Không đủ người chấm không xung đột cho {code}: cần {self.wanted}, "
            f"mới phân công {self.assigned}"
        )
        if self.eligible < self.wanted:
            return f"{text} (chỉ có {self.eligible} người chấm không xung đột lợi ích)."
        return f"{text} (những người chấm không xung đột đã nhận đủ số sáng kiến tối đa)."


@dataclass(frozen=True, slots=True)
class AssignmentPlan:
    """The pairs to add (initiative_id, reviewer user_id), the loads after them (existing
    assignments included) and the initiatives still short."""

    new: tuple[tuple[int, int], ...]
    loads: Mapping[int, int]
    shortfalls: tuple[Shortfall, ...] = field(default=())


def plan_assignments(
    *,
    initiatives: Sequence[int],
    reviewers: Sequence[int],
    per_initiative: int,
    max_per_reviewer: int,
    existing: Iterable[tuple[int, int]] = (),
    conflicts: Iterable[tuple[int, int]] = (),
) -> AssignmentPlan:
    """A balanced plan (see the module). `existing` and `conflicts` are (initiative_id,
    reviewer_id) pairs; an existing pair of a reviewer or initiative outside the lists still
    counts towards the load and the count it belongs to."""
    initiative_ids = sorted(set(initiatives))
    reviewer_ids = sorted(set(reviewers))
    ruled_out = set(conflicts)
    assigned: dict[int, set[int]] = {i: set() for i in initiative_ids}
    load: dict[int, int] = dict.fromkeys(reviewer_ids, 0)
    for initiative_id, reviewer_id in existing:
        assigned.setdefault(initiative_id, set()).add(reviewer_id)
        load[reviewer_id] = load.get(reviewer_id, 0) + 1
    fixed = {(i, r) for i, rs in assigned.items() for r in rs}
    eligible: dict[int, list[int]] = {
        i: [r for r in reviewer_ids if (i, r) not in ruled_out] for i in initiative_ids
    }
    state = _State(assigned, load, fixed, eligible, max_per_reviewer)

    # 1. Round-robin, most constrained first.
    order = sorted(initiative_ids, key=lambda i: (len(eligible[i]), i))
    for _ in range(per_initiative):
        for initiative_id in order:
            if len(assigned[initiative_id]) >= per_initiative:
                continue
            candidates = [r for r in eligible[initiative_id] if state.may_take(initiative_id, r)]
            if candidates:
                chosen = min(candidates, key=lambda r: (load[r], r))
                state.add(initiative_id, chosen)

    # 2. Completion by chains of moves (largest number of assignments).
    for initiative_id in order:
        while len(assigned[initiative_id]) < per_initiative and state.augment(initiative_id):
            pass

    # 3. Balance: move from the most loaded to one at least two below, through chains.
    state.balance(reviewer_ids)

    new = tuple(sorted((i, r) for i, rs in assigned.items() for r in rs if (i, r) not in fixed))
    shortfalls = tuple(
        Shortfall(
            initiative_id=i,
            wanted=per_initiative,
            assigned=len(assigned[i]),
            eligible=len(set(eligible[i]) | assigned[i]),
        )
        for i in initiative_ids
        if len(assigned[i]) < per_initiative
    )
    return AssignmentPlan(new=new, loads=dict(load), shortfalls=shortfalls)


class _State:
    """The plan being built: who is assigned to what, the loads, and the moves on them."""

    def __init__(
        self,
        assigned: dict[int, set[int]],
        load: dict[int, int],
        fixed: set[tuple[int, int]],
        eligible: dict[int, list[int]],
        cap: int,
    ) -> None:
        self.assigned = assigned
        self.load = load
        self.fixed = fixed
        self.eligible = eligible
        self.cap = cap
        # Each reviewer's movable (new) initiatives.
        self.movable: dict[int, set[int]] = {r: set() for r in load}

    def may_take(self, initiative_id: int, reviewer_id: int) -> bool:
        return reviewer_id not in self.assigned[initiative_id] and self.load[reviewer_id] < self.cap

    def add(self, initiative_id: int, reviewer_id: int) -> None:
        self.assigned[initiative_id].add(reviewer_id)
        self.load[reviewer_id] += 1
        self.movable[reviewer_id].add(initiative_id)

    def remove(self, initiative_id: int, reviewer_id: int) -> None:
        self.assigned[initiative_id].discard(reviewer_id)
        self.load[reviewer_id] -= 1
        self.movable[reviewer_id].discard(initiative_id)

    def augment(self, start: int) -> bool:
        """Give `start` one more reviewer through a chain: start takes r1 (full), r1 gives one
        of its initiatives j1 up, j1 takes r2, … until a reviewer with room. False if none."""
        # BFS over initiatives; parent links record (reviewer taken, initiative giving it up).
        parent: dict[int, tuple[int, int] | None] = {start: None}
        seen_reviewers: set[int] = set()
        queue = deque([start])
        while queue:
            initiative_id = queue.popleft()
            for reviewer_id in self.eligible[initiative_id]:
                if reviewer_id in seen_reviewers or reviewer_id in self.assigned[initiative_id]:
                    continue
                seen_reviewers.add(reviewer_id)
                if self.load[reviewer_id] < self.cap:
                    self._apply_chain(parent, initiative_id, reviewer_id)
                    return True
                for other in sorted(self.movable[reviewer_id]):
                    if other not in parent:
                        parent[other] = (reviewer_id, initiative_id)
                        queue.append(other)
        return False

    def _apply_chain(
        self, parent: dict[int, tuple[int, int] | None], last: int, free_reviewer: int
    ) -> None:
        # `last` takes the free reviewer; walking back, each initiative gives its reviewer to
        # the initiative before it in the chain.
        self.add(last, free_reviewer)
        current = last
        link = parent[current]
        while link is not None:
            reviewer_id, previous = link
            self.remove(current, reviewer_id)
            self.add(previous, reviewer_id)
            current = previous
            link = parent[current]

    def balance(self, reviewer_ids: list[int]) -> None:
        improved = True
        while improved:
            improved = False
            for high in sorted(reviewer_ids, key=lambda r: (-self.load[r], r)):
                if self._move_down(high):
                    improved = True
                    break

    def _move_down(self, high: int) -> bool:
        """Move one of `high`'s initiatives to a reviewer at least two below, through a chain of
        reviewers each passing one of theirs on. False if none."""
        target_load = self.load[high] - 2
        if target_load < 0:
            return False
        # BFS over reviewers; parent links record (initiative moved, reviewer giving it).
        parent: dict[int, tuple[int, int] | None] = {high: None}
        queue = deque([high])
        while queue:
            giver = queue.popleft()
            for initiative_id in sorted(self.movable[giver]):
                for taker in self.eligible[initiative_id]:
                    if taker in parent or taker in self.assigned[initiative_id]:
                        continue
                    parent[taker] = (initiative_id, giver)
                    if self.load[taker] <= target_load:
                        self._apply_moves(parent, taker)
                        return True
                    queue.append(taker)
        return False

    def _apply_moves(self, parent: dict[int, tuple[int, int] | None], taker: int) -> None:
        # Collect the moves first: applying one changes who holds what further up the chain.
        moves: list[tuple[int, int, int]] = []
        current = taker
        link = parent[current]
        while link is not None:
            initiative_id, giver = link
            moves.append((initiative_id, giver, current))
            current = giver
            link = parent[current]
        for initiative_id, giver, receiver in moves:
            self.remove(initiative_id, giver)
            self.add(initiative_id, receiver)
