"""Factories for councils, rounds, assignments and reviews, written straight to the database (no
service, no audit entry, no notification): tests of a service arrange with these, then call the
service under test.

    council = make_council(org.a, chair_user, (secretary_user, MemberRole.SECRETARY), reviewer)
    round_ = make_round(council, initiatives=[sk1, sk2], status=RoundStatus.OPEN)
    assignment = make_assignment(round_, sk1, reviewer)
    review = make_review(assignment, levels={"novelty": 3, "applicability": 2, ...})

The default rubric is the one migration 0002 seeds (novelty 30, applicability 25,
effectiveness 30, scope 15; levels 0–4).
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone

from thidua.accounts.models import User
from thidua.initiatives.enums import (
    AssignmentMethod,
    CouncilLevel,
    InitiativeStatus,
    MemberRole,
    ReviewStatus,
    RoundStatus,
)
from thidua.initiatives.models import (
    Assignment,
    CouncilMember,
    Initiative,
    InitiativeCouncil,
    Review,
    ReviewRound,
    ReviewScore,
    RoundEntry,
    Rubric,
    RubricCriterion,
    RubricLevel,
)
from thidua.initiatives.rulebook import DEFAULT_RUBRIC, DEFAULT_RUBRIC_NAME
from thidua.organizations.models import Unit

MemberSpec = User | tuple[User, str] | tuple[User, str, bool]


def default_rubric() -> Rubric:
    """The rubric migration 0002 seeded — written again from the rulebook when a transactional
    test (a browser test) emptied the tables before this one."""
    rubric = Rubric.objects.filter(is_default=True).first()
    if rubric is not None:
        return rubric
    rubric = Rubric.objects.create(name=DEFAULT_RUBRIC_NAME, is_default=True)
    for order, item in enumerate(DEFAULT_RUBRIC):
        criterion = RubricCriterion.objects.create(
            rubric=rubric, code=item.code, name=item.name, weight=item.weight, order=order
        )
        RubricLevel.objects.bulk_create(
            RubricLevel(criterion=criterion, score=score, label=label)
            for score, label in item.levels
        )
    return rubric


def make_council(
    unit: Unit,
    *members: MemberSpec,
    level: str | None = None,
    year: int | None = None,
    name: str | None = None,
    decision_number: str = "",
) -> InitiativeCouncil:
    """A council at `unit` (level: department at the root, unit elsewhere unless told) with its
    members in order. A member is a user (role ủy viên, scores), `(user, role)` or
    `(user, role, reviews)`."""
    if level is None:
        level = CouncilLevel.DEPARTMENT if unit.parent_id is None else CouncilLevel.UNIT
    year = year or timezone.localdate().year
    council = InitiativeCouncil.objects.create(
        name=name or f"Hội đồng sáng kiến {unit.name} năm {year}",
        level=level,
        unit=unit,
        year=year,
        decision_number=decision_number,
    )
    for spec in members:
        if isinstance(spec, tuple):
            add_member(council, spec[0], role=spec[1], reviews=spec[2] if len(spec) > 2 else True)
        else:
            add_member(council, spec)
    return council


def add_member(
    council: InitiativeCouncil,
    user: User,
    *,
    role: str = MemberRole.MEMBER,
    reviews: bool = True,
) -> CouncilMember:
    order = council.members.count()
    return CouncilMember.objects.create(
        council=council, user=user, role=role, reviews=reviews, order=order
    )


def make_round(
    council: InitiativeCouncil,
    *,
    initiatives: Iterable[Initiative] = (),
    name: str | None = None,
    status: str = RoundStatus.DRAFT,
    blind: bool = True,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    reviewers_per_initiative: int = 3,
    max_per_reviewer: int = 10,
    rubric: Rubric | None = None,
) -> ReviewRound:
    """A round of `council`; by default it opened yesterday and closes in 14 days. Each of
    `initiatives` is entered and set in review (as adding them through the service does)."""
    today = timezone.localdate()
    round_ = ReviewRound.objects.create(
        council=council,
        name=name or f"Đợt chấm {council.year}",
        rubric=rubric or default_rubric(),
        opens_on=opens_on or today - dt.timedelta(days=1),
        closes_on=closes_on or today + dt.timedelta(days=14),
        blind=blind,
        reviewers_per_initiative=reviewers_per_initiative,
        max_per_reviewer=max_per_reviewer,
        status=status,
    )
    for initiative in initiatives:
        enter(round_, initiative)
    return round_


def enter(round_: ReviewRound, initiative: Initiative) -> RoundEntry:
    """Put `initiative` before `round_` and set it in review."""
    entry = RoundEntry.objects.create(round=round_, initiative=initiative)
    if initiative.status != InitiativeStatus.IN_REVIEW:
        initiative.status = InitiativeStatus.IN_REVIEW
        initiative.save(update_fields=["status"])
    return entry


def make_assignment(
    round_: ReviewRound,
    initiative: Initiative,
    reviewer: User,
    *,
    method: str = AssignmentMethod.MANUAL,
    assigned_by: User | None = None,
) -> Assignment:
    return Assignment.objects.create(
        round=round_,
        initiative=initiative,
        reviewer=reviewer,
        method=method,
        assigned_by=assigned_by,
    )


def make_review(
    assignment: Assignment,
    *,
    levels: Mapping[str, int] | None = None,
    submitted: bool = True,
    comment_to_council: str = "",
    comment_to_author: str = "",
    **fields: Any,
) -> Review:
    """A review of `assignment` with the level score chosen per criterion code (all criteria at
    level 2 unless told; a criterion left out of `levels` is not scored). `total` is the
    weighted score out of 100 of the levels given, as the review service computes it."""
    criteria = list(assignment.round.rubric.criteria.prefetch_related("levels"))
    chosen = levels if levels is not None else {c.code: 2 for c in criteria}
    review = Review.objects.create(
        assignment=assignment,
        status=ReviewStatus.SUBMITTED if submitted else ReviewStatus.DRAFT,
        comment_to_council=comment_to_council,
        comment_to_author=comment_to_author,
        submitted_at=timezone.now() if submitted else None,
        **fields,
    )
    total = Decimal(0)
    for criterion in criteria:
        if criterion.code not in chosen:
            continue
        by_score: dict[int, RubricLevel] = {level.score: level for level in criterion.levels.all()}
        level = by_score[chosen[criterion.code]]
        ReviewScore.objects.create(review=review, criterion=criterion, level=level)
        top = max(by_score)
        total += criterion.weight * Decimal(level.score) / Decimal(top)
    if "total" not in fields:
        review.total = total.quantize(Decimal("0.01"))
        review.save(update_fields=["total"])
    return review
