"""The pure reviewer-assignment module: conflicts of interest from the organisation, and the
balanced plan (property-tested: limits, conflicts, largest coverage, balance, determinism)."""

from collections import deque

from hypothesis import given
from hypothesis import strategies as st

from thidua.initiatives.assignment import (
    REASON_AUTHOR,
    REASON_MANAGER,
    REASON_SAME_LINE,
    AssignmentPlan,
    InitiativeProfile,
    ReviewerProfile,
    Shortfall,
    conflict_reason,
    conflicted_pairs,
    in_one_line,
    plan_assignments,
)

# The conftest tree as paths: Sở /1/, BV_A /1/2/ (khoa /1/2/4/, /1/2/5/), BV_B /1/3/ (/1/3/6/),
# Phòng TCCB /1/7/.
ROOT, A, A1, A2, B, B1, OFFICE = "/1/", "/1/2/", "/1/2/4/", "/1/2/5/", "/1/3/", "/1/3/6/", "/1/7/"


# -- Conflicts of interest ----------------------------------------------------------------------


def test_in_one_line_same_unit_and_below_a_hospital():
    assert in_one_line(A1, A1) is True
    assert in_one_line(A, A1) is True
    assert in_one_line(A1, A) is True
    assert in_one_line(ROOT, ROOT) is True


def test_in_one_line_siblings_and_the_root_are_not():
    assert in_one_line(A1, A2) is False
    assert in_one_line(ROOT, A1) is False
    assert in_one_line(OFFICE, A) is False
    # "/1/2/" is not a prefix of "/1/23/": paths end with a slash.
    assert in_one_line("/1/2/", "/1/23/") is False


def _initiative(*units: str, authors: frozenset[int] = frozenset({100})) -> InitiativeProfile:
    return InitiativeProfile(initiative_id=1, author_person_ids=authors, author_unit_paths=units)


def test_conflict_reason_author_or_co_author():
    reviewer = ReviewerProfile(user_id=9, person_id=100, unit_path=B1)

    assert conflict_reason(reviewer, _initiative(A1)) == REASON_AUTHOR


def test_conflict_reason_same_unit_or_hospital_above():
    in_khoa = ReviewerProfile(user_id=9, person_id=1, unit_path=A1)
    in_hospital = ReviewerProfile(user_id=8, person_id=2, unit_path=A)

    assert conflict_reason(in_khoa, _initiative(A1)) == REASON_SAME_LINE
    assert conflict_reason(in_hospital, _initiative(A1)) == REASON_SAME_LINE
    # The reverse: a khoa reviewer and an initiative submitted by the hospital itself.
    assert conflict_reason(in_khoa, _initiative(A)) == REASON_SAME_LINE


def test_conflict_reason_none_for_sibling_khoa_other_hospital_or_so_office():
    initiative = _initiative(A1)

    for path in (A2, B, B1, OFFICE, ROOT):
        reviewer = ReviewerProfile(user_id=9, person_id=1, unit_path=path)
        assert conflict_reason(reviewer, initiative) is None, path


def test_conflict_reason_head_of_an_author_unit_or_its_ancestor():
    # The director of BV_A whose own record sits at the Sở office, and a head of Khoa A1.
    director = ReviewerProfile(user_id=9, person_id=1, unit_path=OFFICE, headed_paths=(A,))
    khoa_head = ReviewerProfile(user_id=8, person_id=2, unit_path=B1, headed_paths=(A1,))
    so_head = ReviewerProfile(user_id=7, person_id=3, unit_path=OFFICE, headed_paths=(ROOT,))

    assert conflict_reason(director, _initiative(A1)) == REASON_MANAGER
    assert conflict_reason(khoa_head, _initiative(A1)) == REASON_MANAGER
    assert conflict_reason(khoa_head, _initiative(A2)) is None
    # The head of the Sở is not "the manager" of every author: the root is above everyone.
    assert conflict_reason(so_head, _initiative(A1)) is None


def test_conflict_reason_any_author_unit_counts():
    reviewer = ReviewerProfile(user_id=9, person_id=1, unit_path=B1)

    assert conflict_reason(reviewer, _initiative(A1, B1)) == REASON_SAME_LINE


def test_conflict_reason_account_without_person_only_by_declaration():
    reviewer = ReviewerProfile(user_id=9)

    assert conflict_reason(reviewer, _initiative(A1)) is None


def test_conflicted_pairs_maps_initiative_and_reviewer():
    reviewers = [ReviewerProfile(user_id=9, person_id=1, unit_path=A2)]
    initiatives = [
        InitiativeProfile(initiative_id=1, author_unit_paths=(A1,)),
        InitiativeProfile(initiative_id=2, author_unit_paths=(A2,)),
    ]

    assert conflicted_pairs(reviewers, initiatives) == {(2, 9): REASON_SAME_LINE}


# -- The plan: examples ------------------------------------------------------------------------


def test_plan_three_initiatives_two_reviewers_each_balanced():
    plan = plan_assignments(
        initiatives=[1, 2, 3], reviewers=[10, 11, 12], per_initiative=2, max_per_reviewer=5
    )

    assert plan == AssignmentPlan(
        new=((1, 11), (1, 12), (2, 10), (2, 11), (3, 10), (3, 12)),
        loads={10: 2, 11: 2, 12: 2},
        shortfalls=(),
    )


def test_plan_never_assigns_a_conflicted_pair_and_reports_the_shortfall():
    plan = plan_assignments(
        initiatives=[1, 2],
        reviewers=[10, 11],
        per_initiative=2,
        max_per_reviewer=5,
        conflicts=[(1, 10)],
    )

    assert plan.new == ((1, 11), (2, 10), (2, 11))
    assert plan.shortfalls == (Shortfall(initiative_id=1, wanted=2, assigned=1, eligible=1),)
    assert plan.shortfalls[0].message("SK-2026-00001") == (
        "Không đủ người chấm không xung đột cho SK-2026-00001: cần 2, mới phân công 1 "
        "(chỉ có 1 người chấm không xung đột lợi ích)."
    )


def test_plan_keeps_existing_assignments_and_counts_them():
    plan = plan_assignments(
        initiatives=[1, 2],
        reviewers=[10, 11, 12],
        per_initiative=2,
        max_per_reviewer=1,
        existing=[(1, 10)],
    )

    assert plan.new == ((1, 11), (2, 12))
    assert plan.loads == {10: 1, 11: 1, 12: 1}
    assert plan.shortfalls == (Shortfall(initiative_id=2, wanted=2, assigned=1, eligible=3),)
    assert (
        plan.shortfalls[0]
        .message("SK-2026-00002")
        .endswith("(những người chấm không xung đột đã nhận đủ số sáng kiến tối đa).")
    )


def test_plan_moves_a_place_to_complete_a_constrained_initiative():
    # Initiative 2 may only have reviewer 10. Whatever the first step gives 1, the plan ends
    # with 1 → 11 and 2 → 10 (one place each).
    plan = plan_assignments(
        initiatives=[1, 2],
        reviewers=[10, 11],
        per_initiative=1,
        max_per_reviewer=1,
        conflicts=[(2, 11)],
    )

    assert plan.new == ((1, 11), (2, 10))
    assert plan.shortfalls == ()


def test_plan_nothing_to_do_when_every_initiative_is_full():
    plan = plan_assignments(
        initiatives=[1],
        reviewers=[10, 11],
        per_initiative=1,
        max_per_reviewer=3,
        existing=[(1, 11)],
    )

    assert plan.new == ()
    assert plan.loads == {10: 0, 11: 1}


# -- The plan: properties ----------------------------------------------------------------------


@st.composite
def problems(draw: st.DrawFn) -> dict:  # type: ignore[type-arg]
    initiatives = list(range(1, draw(st.integers(0, 9)) + 1))
    reviewers = list(range(100, 100 + draw(st.integers(0, 7))))
    pairs = [(i, r) for i in initiatives for r in reviewers]
    conflicts = draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))
    free = [p for p in pairs if p not in set(conflicts)]
    existing = draw(
        st.lists(st.sampled_from(free), unique=True, max_size=4) if free else st.just([])
    )
    return {
        "initiatives": initiatives,
        "reviewers": reviewers,
        "per_initiative": draw(st.integers(1, 4)),
        "max_per_reviewer": draw(st.integers(1, 6)),
        "existing": existing,
        "conflicts": conflicts,
    }


def _all_pairs(problem: dict, plan: AssignmentPlan) -> set[tuple[int, int]]:  # type: ignore[type-arg]
    return set(problem["existing"]) | set(plan.new)


@given(problems())
def test_plan_respects_limits_conflicts_and_existing(problem):
    plan = plan_assignments(**problem)

    pairs = _all_pairs(problem, plan)
    assert len(pairs) == len(problem["existing"]) + len(plan.new)  # nothing assigned twice
    assert not set(plan.new) & set(problem["conflicts"])
    for reviewer in problem["reviewers"]:
        load = sum(1 for _, r in pairs if r == reviewer)
        assert plan.loads[reviewer] == load
        new_load = sum(1 for _, r in plan.new if r == reviewer)
        assert new_load == 0 or load <= problem["max_per_reviewer"]
    for initiative in problem["initiatives"]:
        count = sum(1 for i, _ in pairs if i == initiative)
        new_count = sum(1 for i, _ in plan.new if i == initiative)
        assert new_count == 0 or count <= problem["per_initiative"]


@given(problems())
def test_plan_reports_exactly_the_initiatives_left_short(problem):
    plan = plan_assignments(**problem)

    pairs = _all_pairs(problem, plan)
    short = {
        i: sum(1 for j, _ in pairs if j == i)
        for i in problem["initiatives"]
        if sum(1 for j, _ in pairs if j == i) < problem["per_initiative"]
    }
    assert {s.initiative_id: s.assigned for s in plan.shortfalls} == short


@given(problems())
def test_plan_is_largest_no_chain_of_moves_adds_a_place(problem):
    # An independent check: in the flow network (initiative → reviewer → limit) the plan leaves
    # no augmenting path, so no other plan has more assignments.
    plan = plan_assignments(**problem)

    assert _augmenting_path_exists(problem, plan) is False


@given(problems())
def test_plan_no_single_move_evens_the_loads(problem):
    plan = plan_assignments(**problem)

    pairs = _all_pairs(problem, plan)
    conflicts = set(problem["conflicts"])
    for high in problem["reviewers"]:
        for low in problem["reviewers"]:
            if plan.loads[high] < plan.loads[low] + 2:
                continue
            movable = [i for i, r in plan.new if r == high]
            takeable = [i for i in movable if (i, low) not in conflicts and (i, low) not in pairs]
            assert takeable == [], (high, low)


@given(
    st.integers(1, 12),
    st.integers(1, 8),
    st.integers(1, 4),
    st.integers(1, 10),
)
def test_plan_without_conflicts_loads_differ_by_at_most_one(
    initiative_count, reviewer_count, per_initiative, max_per_reviewer
):
    plan = plan_assignments(
        initiatives=range(initiative_count),
        reviewers=range(reviewer_count),
        per_initiative=per_initiative,
        max_per_reviewer=max_per_reviewer,
    )

    assert max(plan.loads.values()) - min(plan.loads.values()) <= 1
    wanted = initiative_count * min(per_initiative, reviewer_count)
    assert len(plan.new) == min(wanted, reviewer_count * max_per_reviewer)


@given(problems())
def test_plan_with_ample_capacity_gives_each_min_of_n_and_eligible(problem):
    problem["max_per_reviewer"] = len(problem["initiatives"]) + 1
    problem["existing"] = []

    plan = plan_assignments(**problem)

    conflicts = set(problem["conflicts"])
    for initiative in problem["initiatives"]:
        eligible = sum(1 for r in problem["reviewers"] if (initiative, r) not in conflicts)
        count = sum(1 for i, _ in plan.new if i == initiative)
        assert count == min(problem["per_initiative"], eligible)


@given(problems())
def test_plan_is_deterministic_whatever_the_input_order(problem):
    first = plan_assignments(**problem)
    shuffled = {
        **problem,
        "initiatives": list(reversed(problem["initiatives"])),
        "reviewers": list(reversed(problem["reviewers"])),
        "conflicts": list(reversed(problem["conflicts"])),
        "existing": list(reversed(problem["existing"])),
    }

    assert plan_assignments(**shuffled) == first


def _augmenting_path_exists(problem: dict, plan: AssignmentPlan) -> bool:  # type: ignore[type-arg]
    """Breadth-first search in the residual graph of source → initiative → reviewer → sink,
    existing assignments fixed (their places are neither given up nor moved)."""
    per, cap = problem["per_initiative"], problem["max_per_reviewer"]
    pairs = _all_pairs(problem, plan)
    conflicts = set(problem["conflicts"])
    fixed = set(problem["existing"])
    count = {i: sum(1 for j, _ in pairs if j == i) for i in problem["initiatives"]}
    load = plan.loads
    starts = [("i", i) for i in problem["initiatives"] if count[i] < per]
    seen = set(starts)
    queue = deque(starts)
    while queue:
        kind, node = queue.popleft()
        if kind == "i":
            for reviewer in problem["reviewers"]:
                if (node, reviewer) in conflicts or (node, reviewer) in pairs:
                    continue
                if load[reviewer] < cap:
                    return True
                if ("r", reviewer) not in seen:
                    seen.add(("r", reviewer))
                    queue.append(("r", reviewer))
        else:
            for initiative, reviewer in pairs:
                movable = reviewer == node and (initiative, reviewer) not in fixed
                if movable and ("i", initiative) not in seen:
                    seen.add(("i", initiative))
                    queue.append(("i", initiative))
    return False
