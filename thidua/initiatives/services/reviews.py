"""A reviewer's scoring sheet (phiếu chấm): save a draft, submit.

The reviewer chooses one labelled level per criterion of the round's rubric; the total out of
100 is `Σ weight × level / top level of the criterion` (the default rubric's weights add up to
100), kept on the review. Comments go to the council and, separately, to the author.

Refused, with nothing written: scoring an initiative not assigned to you; before the round is
opened or before its start date; once the round is closed; a sheet already submitted; a level
that is not one of the criterion's; on submission, a criterion left unscored. Past the deadline
(`closes_on`) a round still open takes reviews, marked late on the round's page, until the
council's officer closes it.
"""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditAction
from thidua.initiatives.enums import ReviewStatus
from thidua.initiatives.models import (
    Assignment,
    Review,
    ReviewScore,
    RubricCriterion,
    RubricLevel,
)
from thidua.initiatives.selectors.reviews import criterion_field, scoring_refusal, weighted_total

MAX_COMMENT = 5000
MSG_NOT_YOURS = "Bạn không được phân công chấm sáng kiến này."
MSG_SUBMITTED = "Phiếu chấm đã nộp; không sửa được nữa."


def _clean_comment(text: str, field: str) -> str:
    value = (text or "").strip()
    if len(value) > MAX_COMMENT:
        raise DomainError(f"Nhận xét dài quá {MAX_COMMENT} ký tự.", field=field)
    return value


@transaction.atomic
def save_review(
    assignment: Assignment,
    *,
    levels: Mapping[int, int],
    comment_to_council: str = "",
    comment_to_author: str = "",
    submit: bool = False,
    by: User,
) -> Review:
    """Save the reviewer's sheet (`levels`: criterion id → level id, the criteria not given
    left unscored) as a draft, or submit it (`submit`: every criterion scored). See the module
    for what is refused."""
    if assignment.reviewer_id != by.pk:
        raise PermissionDeniedError(MSG_NOT_YOURS)
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("round__council__unit", "round__rubric", "initiative")
        .get(pk=assignment.pk)
    )
    round_ = locked.round
    refusal = scoring_refusal(round_)
    if refusal is not None:
        raise DomainError(refusal)
    review = Review.objects.filter(assignment=locked).first()
    if review is not None and review.status == ReviewStatus.SUBMITTED:
        raise DomainError(MSG_SUBMITTED)
    criteria = list(
        RubricCriterion.objects.filter(rubric_id=round_.rubric_id)
        .prefetch_related("levels")
        .order_by("order", "id")
    )
    by_id = {criterion.pk: criterion for criterion in criteria}
    chosen: dict[int, RubricLevel] = {}
    errors: dict[str, str] = {}
    for criterion_id, level_id in levels.items():
        criterion = by_id.get(criterion_id)
        if criterion is None:
            errors[criterion_field(criterion_id)] = "Tiêu chí không thuộc phiếu chấm của đợt."
            continue
        level = next((lv for lv in criterion.levels.all() if lv.pk == level_id), None)
        if level is None:
            errors[criterion_field(criterion_id)] = (
                f"Mức điểm đã chọn không thuộc tiêu chí “{criterion.name}”."
            )
            continue
        chosen[criterion_id] = level
    if submit:
        for criterion in criteria:
            if criterion.pk not in chosen and criterion_field(criterion.pk) not in errors:
                errors[criterion_field(criterion.pk)] = (
                    f"Chưa chấm tiêu chí “{criterion.name}”: hãy chọn một mức trước khi nộp."
                )
    if errors:
        raise ValidationFailedError(errors)
    to_council = _clean_comment(comment_to_council, "comment_to_council")
    to_author = _clean_comment(comment_to_author, "comment_to_author")

    before_scores: dict[str, int] = {}
    if review is None:
        review = Review(assignment=locked)
    else:
        before_scores = {
            code: score
            for code, score in ReviewScore.objects.filter(review=review).values_list(
                "criterion__code", "level__score"
            )
        }
    before_total = str(review.total) if review.total is not None else None
    review.comment_to_council = to_council
    review.comment_to_author = to_author
    review.total = weighted_total(criteria, chosen)
    if submit:
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    ReviewScore.objects.filter(review=review).delete()
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion_id=criterion_id, level=level)
        for criterion_id, level in chosen.items()
    )
    after_scores = {by_id[cid].code: level.score for cid, level in chosen.items()}
    changes: dict[str, list[object]] = {}
    if before_scores != after_scores:
        changes["scores"] = [before_scores, after_scores]
    if before_total != str(review.total):
        changes["total"] = [before_total, str(review.total)]
    if submit:
        changes["status"] = [ReviewStatus.DRAFT, ReviewStatus.SUBMITTED]
    record_audit(
        actor=by,
        action=AuditAction.SUBMIT if submit else AuditAction.UPDATE,
        target=review,
        target_repr=f"Phiếu chấm {locked.initiative.code} — {round_.name}",
        unit_path=round_.council.unit.path,
        changes=changes,
    )
    return review


def submit_review(
    assignment: Assignment,
    *,
    levels: Mapping[int, int],
    comment_to_council: str = "",
    comment_to_author: str = "",
    by: User,
) -> Review:
    """Save and submit the sheet (every criterion scored); after this it no longer changes."""
    return save_review(
        assignment,
        levels=levels,
        comment_to_council=comment_to_council,
        comment_to_author=comment_to_author,
        submit=True,
        by=by,
    )
