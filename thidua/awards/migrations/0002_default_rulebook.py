from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The engine's default rulebook as a published version, unless one of that label exists
    (what services.rulebook.install_default_awards_rulebook writes, with historical models)."""
    from thidua.awards.domain.default_rulebook import default_rulebook
    from thidua.awards.domain.rules import to_json

    RulebookVersion = apps.get_model("awards", "RulebookVersion")
    spec = default_rulebook()
    if RulebookVersion.objects.filter(label=spec.version).exists():
        return
    RulebookVersion.objects.create(
        label=spec.version,
        effective_from=spec.effective_from,
        status="published",
        spec=to_json(spec),
        citation=spec.citation[:500],
        note="Bộ quy tắc mặc định.",
    )


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
