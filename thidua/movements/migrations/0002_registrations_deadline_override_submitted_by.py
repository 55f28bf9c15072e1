# Registrations (helper R): who submitted a unit registration (they may not approve it too) and a
# per-unit deadline the department may grant after the round's deadline.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("movements", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="unitregistration",
            name="deadline_override",
            field=models.DateField(blank=True, null=True, verbose_name="Gia hạn đăng ký đến"),
        ),
        migrations.AddField(
            model_name="unitregistration",
            name="submitted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
