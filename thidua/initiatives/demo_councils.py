"""Demo data of councils and reviews, for the demo seed to call once admitted initiatives exist:
a council at a unit with its members, a round scored and closed (ready for the decisions area's
`demo_decisions.install_demo_decisions`), and a round under way with a mix of sheets submitted,
in draft and not started — so the round's page shows progress and the reviewers' pages work.

Everything goes through the services (permissions, conflicts of interest, audit, history,
notifications), so the demo shows what a real council leaves behind. Each reviewer scores with a
tendency of their own (strict, lenient), which the results page normalises. Deterministic from
the seed. Never in production.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from thidua.accounts.models import User
from thidua.core.errors import DomainError
from thidua.initiatives.enums import CouncilLevel, InitiativeStatus, MemberRole
from thidua.initiatives.models import (
    Assignment,
    Initiative,
    InitiativeCouncil,
    ReviewRound,
    RubricCriterion,
)
from thidua.initiatives.services.councils import add_council_member, create_council
from thidua.initiatives.services.reviews import save_review
from thidua.initiatives.services.rounds import (
    add_initiatives,
    auto_assign,
    close_round,
    create_round,
    open_round,
)
from thidua.organizations import tree
from thidua.organizations.models import Unit

DEFAULT_SEED = 2026
COMMENTS_TO_AUTHOR = (
    "Nên bổ sung số liệu trước – sau ít nhất 6 tháng để chứng minh hiệu quả.",
    "Giải pháp rõ ràng, dễ áp dụng; đề nghị mô tả thêm chi phí triển khai.",
    "Cần làm rõ điểm mới so với quy trình hiện hành của đơn vị.",
    "",
)
COMMENTS_TO_COUNCIL = (
    "Đề nghị công nhận.",
    "Đạt yêu cầu, hiệu quả chưa được xác nhận độc lập.",
    "Chưa đủ căn cứ về hiệu quả.",
    "",
)


@dataclass(frozen=True)
class DemoCouncil:
    council: InitiativeCouncil
    closed_round: ReviewRound | None
    open_round: ReviewRound | None
    submitted: int
    drafts: int


def _levels(criteria: list[RubricCriterion], rng: random.Random, bias: int) -> dict[int, int]:
    """A level per criterion around 2–3, moved by the reviewer's tendency (−1 strict, +1
    lenient)."""
    chosen: dict[int, int] = {}
    for criterion in criteria:
        levels = sorted(criterion.levels.all(), key=lambda lv: lv.score)
        index = min(len(levels) - 1, max(0, rng.choice((1, 2, 2, 3, 3, 4)) + bias))
        chosen[criterion.pk] = levels[index].pk
    return chosen


def _score(
    assignment: Assignment,
    *,
    criteria: list[RubricCriterion],
    rng: random.Random,
    bias: int,
    submit: bool,
) -> None:
    save_review(
        assignment,
        levels=_levels(criteria, rng, bias),
        comment_to_council=rng.choice(COMMENTS_TO_COUNCIL),
        comment_to_author=rng.choice(COMMENTS_TO_AUTHOR),
        submit=submit,
        by=assignment.reviewer,
    )


def _round(
    council: InitiativeCouncil,
    *,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    initiatives: Sequence[Initiative],
    reviewers_per_initiative: int,
    manager: User,
) -> ReviewRound:
    round_ = create_round(
        council=council,
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        blind=True,
        reviewers_per_initiative=reviewers_per_initiative,
        max_per_reviewer=max(10, len(initiatives)),
        by=manager,
    )
    add_initiatives(round_, initiatives=initiatives, by=manager)
    open_round(round_, by=manager)
    auto_assign(round_, by=manager)
    return round_


def install_demo_council(
    *,
    unit: Unit,
    manager: User,
    members: Sequence[tuple[User, str]],
    initiatives: Sequence[Initiative],
    today: dt.date,
    seed: int = DEFAULT_SEED,
    name: str = "",
    decision_number: str = "",
) -> DemoCouncil:
    """A council at `unit` (the Sở: cấp Sở; a unit below it: cấp cơ sở) managed by `manager`
    (MANAGE_INITIATIVE_COUNCILS there), with `members` (user, MemberRole) in order — people
    with an account of the unit; a secretary does not score. The admitted `initiatives` (of
    the unit or below) are split: the first half goes to a round scored by every reviewer and
    closed before `today`, the rest to a round opened three days ago, due in two weeks, where
    about half the sheets are submitted and a quarter in draft."""
    if settings.THIDUA_IS_PRODUCTION:
        raise DomainError("Không được tạo dữ liệu demo trong môi trường sản xuất.")
    admitted = [i for i in initiatives if i.status == InitiativeStatus.ADMITTED]
    rng = random.Random(seed)  # noqa: S311 (deterministic demo data, nothing secret)
    level = CouncilLevel.DEPARTMENT if tree.depth_of(unit.path) == 0 else CouncilLevel.UNIT
    with transaction.atomic():
        council = create_council(
            unit=unit,
            name=name or f"Hội đồng sáng kiến {unit.name} năm {today.year}",
            level=level,
            year=today.year,
            decision_number=decision_number or f"{rng.randint(10, 99)}/QĐ-{unit.code}",
            by=manager,
        )
        for user, role in members:
            add_council_member(
                council,
                user=user,
                role=role,
                reviews=role != MemberRole.SECRETARY,
                by=manager,
            )
        scoring = sum(1 for _, role in members if role != MemberRole.SECRETARY)
        per_initiative = max(1, min(3, scoring))
        bias = {user.pk: rng.choice((-1, 0, 0, 1)) for user, _ in members}
        criteria: list[RubricCriterion] = []
        half = (len(admitted) + 1) // 2
        closed = current = None
        submitted = drafts = 0
        if admitted[:half]:
            closed = _round(
                council,
                name=f"Đợt chấm sáng kiến đợt 1 năm {today.year}",
                opens_on=today - dt.timedelta(days=45),
                closes_on=today - dt.timedelta(days=15),
                initiatives=admitted[:half],
                reviewers_per_initiative=per_initiative,
                manager=manager,
            )
            criteria = list(
                RubricCriterion.objects.filter(rubric_id=closed.rubric_id).prefetch_related(
                    "levels"
                )
            )
            for assignment in _assignments(closed):
                _score(
                    assignment,
                    criteria=criteria,
                    rng=rng,
                    bias=bias[assignment.reviewer_id],
                    submit=True,
                )
                submitted += 1
            close_round(closed, by=manager)
        if admitted[half:]:
            current = _round(
                council,
                name=f"Đợt chấm sáng kiến đợt 2 năm {today.year}",
                opens_on=today - dt.timedelta(days=3),
                closes_on=today + dt.timedelta(days=14),
                initiatives=admitted[half:],
                reviewers_per_initiative=per_initiative,
                manager=manager,
            )
            criteria = criteria or list(
                RubricCriterion.objects.filter(rubric_id=current.rubric_id).prefetch_related(
                    "levels"
                )
            )
            for index, assignment in enumerate(_assignments(current)):
                if index % 4 == 3:
                    continue  # not started
                submit = index % 4 != 2
                _score(
                    assignment,
                    criteria=criteria,
                    rng=rng,
                    bias=bias[assignment.reviewer_id],
                    submit=submit,
                )
                submitted += submit
                drafts += not submit
    return DemoCouncil(
        council=council,
        closed_round=closed,
        open_round=current,
        submitted=submitted,
        drafts=drafts,
    )


def _assignments(round_: ReviewRound) -> list[Assignment]:
    return list(
        Assignment.objects.filter(round=round_)
        .select_related("reviewer")
        .order_by("initiative_id", "id")
    )
