"""The default rows of the initiatives rulebook (the 2/3 rule, the default rubric), written
where they are missing: what migration 0002 seeds, for an installer (the demo) that may run on a
database whose rows were removed."""

from django.db import transaction

from thidua.initiatives.models import (
    RecognitionRule,
    Rubric,
    RubricCriterion,
    RubricLevel,
)
from thidua.initiatives.rulebook import DEFAULT_PASS_SHARE, DEFAULT_RUBRIC, DEFAULT_RUBRIC_NAME


@transaction.atomic
def install_default_rulebook() -> None:
    """Write the default recognition rule and the default rubric unless they are there; a
    department's own rows (other dates, other rubrics) are left as they are."""
    RecognitionRule.objects.get_or_create(
        valid_from=DEFAULT_PASS_SHARE.valid_from,
        defaults={
            "pass_numerator": DEFAULT_PASS_SHARE.numerator,
            "pass_denominator": DEFAULT_PASS_SHARE.denominator,
            "citation": DEFAULT_PASS_SHARE.citation,
        },
    )
    if Rubric.objects.filter(is_default=True).exists():
        return
    rubric = Rubric.objects.create(name=DEFAULT_RUBRIC_NAME, is_default=True)
    for order, item in enumerate(DEFAULT_RUBRIC):
        criterion = RubricCriterion.objects.create(
            rubric=rubric, code=item.code, name=item.name, weight=item.weight, order=order
        )
        RubricLevel.objects.bulk_create(
            RubricLevel(criterion=criterion, score=score, label=label)
            for score, label in item.levels
        )
