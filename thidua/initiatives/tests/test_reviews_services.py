"""The scoring sheet: drafts and submission, the weighted total, and every refusal (not your
assignment, round not open or closed, a level of another criterion, a criterion missing on
submission, a sheet already submitted) leaving nothing written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditEntry
from thidua.initiatives.enums import ReviewStatus, RoundStatus
from thidua.initiatives.models import Review, ReviewScore, RubricCriterion
from thidua.initiatives.services.reviews import save_review, submit_review
from thidua.initiatives.tests.council_factories import (
    default_rubric,
    make_assignment,
    make_review,
    make_round,
)
from thidua.initiatives.tests.council_support import build_scene

TODAY = timezone.localdate()


def _levels(**scores: int) -> dict[int, int]:
    """{criterion id: level id} of the default rubric from {code: score}."""
    chosen = {}
    for criterion in RubricCriterion.objects.filter(rubric=default_rubric()).prefetch_related(
        "levels"
    ):
        if criterion.code in scores:
            level = next(lv for lv in criterion.levels.all() if lv.score == scores[criterion.code])
            chosen[criterion.pk] = level.pk
    return chosen


ALL = {"novelty": 4, "applicability": 2, "effectiveness": 3, "scope": 0}


@pytest.fixture
def setup(org, cast):  # type: ignore[no-untyped-def]
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN)
    assignment = make_assignment(round_, scene.sk_a1, scene.r_a2)
    return scene, round_, assignment


def test_save_review_draft_keeps_levels_comments_and_partial_total(setup):
    scene, _, assignment = setup

    review = save_review(
        assignment,
        levels=_levels(novelty=4, scope=2),
        comment_to_council="Giải pháp có tính mới trong đơn vị.",
        comment_to_author="Nên bổ sung số liệu sau 6 tháng.",
        by=scene.r_a2,
    )

    assert review.status == ReviewStatus.DRAFT
    assert review.submitted_at is None
    # 30·4/4 + 15·2/4
    assert review.total == Decimal("37.50")
    assert sorted(review.scores.values_list("criterion__code", "level__score")) == [
        ("novelty", 4),
        ("scope", 2),
    ]
    assert review.comment_to_author == "Nên bổ sung số liệu sau 6 tháng."


def test_submit_review_weighted_total_out_of_100_audited(setup):
    scene, _, assignment = setup

    review = submit_review(assignment, levels=_levels(**ALL), by=scene.r_a2)

    # 30·4/4 + 25·2/4 + 30·3/4 + 15·0/4 = 30 + 12,5 + 22,5 + 0
    assert (review.status, review.total) == (ReviewStatus.SUBMITTED, Decimal("65.00"))
    assert review.submitted_at is not None
    entry = AuditEntry.objects.get(target_type="initiatives.review")
    assert entry.action == "submit"
    assert entry.changes["scores"] == [
        {},
        {"novelty": 4, "applicability": 2, "effectiveness": 3, "scope": 0},
    ]


def test_save_review_again_replaces_the_levels(setup):
    scene, _, assignment = setup
    save_review(assignment, levels=_levels(novelty=1, scope=1), by=scene.r_a2)

    save_review(assignment, levels=_levels(novelty=3), by=scene.r_a2)

    assert list(ReviewScore.objects.values_list("criterion__code", "level__score")) == [
        ("novelty", 3)
    ]
    assert Review.objects.get().total == Decimal("22.50")


def test_save_review_not_your_assignment_refused(setup):
    scene, _, assignment = setup

    with pytest.raises(PermissionDeniedError) as refused:
        save_review(assignment, levels=_levels(**ALL), by=scene.r_a2b)

    assert refused.value.message == "Bạn không được phân công chấm sáng kiến này."
    assert Review.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "opens_in", "message"),
    [
        (RoundStatus.DRAFT, -1, "Đợt chấm chưa mở; chưa chấm được."),
        (RoundStatus.CLOSED, -1, "Đợt chấm đã đóng; không chấm, sửa phiếu chấm được nữa."),
        (RoundStatus.DECIDED, -1, "Đợt chấm đã đóng; không chấm, sửa phiếu chấm được nữa."),
        (RoundStatus.OPEN, 3, "Đợt chấm bắt đầu từ ngày {date}; chưa chấm được."),
    ],
)
def test_save_review_outside_the_round_window_refused(org, cast, status, opens_in, message):
    scene = build_scene(org, cast)
    opens_on = TODAY + dt.timedelta(days=opens_in)
    round_ = make_round(
        scene.council,
        initiatives=[scene.sk_a1],
        status=status,
        opens_on=opens_on,
        closes_on=opens_on + dt.timedelta(days=10),
    )
    assignment = make_assignment(round_, scene.sk_a1, scene.r_a2)

    with pytest.raises(DomainError) as refused:
        save_review(assignment, levels=_levels(**ALL), by=scene.r_a2)

    assert refused.value.message == message.format(date=opens_on.strftime("%d/%m/%Y"))
    assert Review.objects.count() == 0


def test_save_review_past_the_deadline_of_an_open_round_accepted(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(
        scene.council,
        initiatives=[scene.sk_a1],
        status=RoundStatus.OPEN,
        opens_on=TODAY - dt.timedelta(days=20),
        closes_on=TODAY - dt.timedelta(days=1),
    )
    assignment = make_assignment(round_, scene.sk_a1, scene.r_a2)

    review = submit_review(assignment, levels=_levels(**ALL), by=scene.r_a2)

    assert review.status == ReviewStatus.SUBMITTED


def test_save_review_level_of_another_criterion_refused_nothing_written(setup):
    scene, _, assignment = setup
    chosen = _levels(**ALL)
    criteria = list(RubricCriterion.objects.filter(rubric=default_rubric()).order_by("order"))
    novelty, scope = criteria[0], criteria[3]
    chosen[novelty.pk] = chosen[scope.pk]

    with pytest.raises(ValidationFailedError) as refused:
        submit_review(assignment, levels=chosen, by=scene.r_a2)

    assert refused.value.errors == {
        f"tieu_chi_{novelty.pk}": "Mức điểm đã chọn không thuộc tiêu chí “Tính mới”."
    }
    assert Review.objects.count() == 0
    assert ReviewScore.objects.count() == 0


def test_submit_review_missing_criteria_refused_nothing_written(setup):
    scene, _, assignment = setup
    save_review(assignment, levels=_levels(novelty=2), by=scene.r_a2)
    criteria = list(RubricCriterion.objects.filter(rubric=default_rubric()).order_by("order"))

    with pytest.raises(ValidationFailedError) as refused:
        submit_review(assignment, levels=_levels(novelty=4, effectiveness=3), by=scene.r_a2)

    assert refused.value.errors == {
        f"tieu_chi_{criteria[1].pk}": (
            "Chưa chấm tiêu chí “Khả năng áp dụng”: hãy chọn một mức trước khi nộp."
        ),
        f"tieu_chi_{criteria[3].pk}": (
            "Chưa chấm tiêu chí “Phạm vi ảnh hưởng”: hãy chọn một mức trước khi nộp."
        ),
    }
    review = Review.objects.get()
    assert review.status == ReviewStatus.DRAFT
    assert list(review.scores.values_list("level__score", flat=True)) == [2]


def test_save_review_after_submission_refused(setup):
    scene, _, assignment = setup
    make_review(assignment, levels=ALL)

    with pytest.raises(DomainError) as refused:
        save_review(assignment, levels=_levels(novelty=0), by=scene.r_a2)

    assert refused.value.message == "Phiếu chấm đã nộp; không sửa được nữa."
    assert Review.objects.get().total == Decimal("65.00")


def test_save_review_comment_too_long_refused(setup):
    scene, _, assignment = setup

    with pytest.raises(DomainError) as refused:
        save_review(assignment, levels={}, comment_to_author="x" * 5001, by=scene.r_a2)

    assert (refused.value.message, refused.value.field) == (
        "Nhận xét dài quá 5000 ký tự.",
        "comment_to_author",
    )
    assert Review.objects.count() == 0
