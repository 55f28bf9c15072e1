from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from thidua.initiatives.rulebook import DEFAULT_PASS_SHARE, DEFAULT_RUBRIC, DEFAULT_RUBRIC_NAME

    RecognitionRule = apps.get_model("initiatives", "RecognitionRule")
    Rubric = apps.get_model("initiatives", "Rubric")
    RubricCriterion = apps.get_model("initiatives", "RubricCriterion")
    RubricLevel = apps.get_model("initiatives", "RubricLevel")
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


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
