"""Hand-built data for the phase report tests: the default movement (KH 190) on the test tree,
then, for `n` hospitals, an approved yearly report of 2026 with a value for every numeric
indicator, a year standing, a recognised initiative and an adoption by the next hospital."""

import datetime as dt
import io
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from thidua.initiatives.enums import InitiativeStatus, RecognitionLevel
from thidua.initiatives.models import Adoption, Initiative
from thidua.movements import defaults
from thidua.movements.enums import PeriodKind, ValueType
from thidua.movements.models import ContentArea, Indicator, Movement, Period, Phase
from thidua.organizations.models import Cluster, Unit
from thidua.organizations.tests.factories import make_unit
from thidua.reporting.enums import ReportStatus, SpanKind
from thidua.reporting.models import Report, ReportValue, Standing

YEAR = 2026


def default_movement(root: Unit) -> Movement:
    call_command("create_default_movement", owner=root.code, verbosity=0, stdout=io.StringIO())
    return Movement.objects.select_related("owner").get(code=defaults.MOVEMENT_CODE)


def phase_one(movement: Movement) -> Phase:
    return Phase.objects.get(movement=movement, number=1)


def add_hospitals(movement: Movement, root: Unit, count: int, *, start: int = 0) -> list[Unit]:
    """`count` hospitals with 2026 data (see the module docstring); the i-th scores 60 + i."""
    period = Period.objects.get(movement=movement, kind=PeriodKind.YEAR, year=YEAR)
    indicators = list(
        Indicator.objects.filter(movement=movement).exclude(value_type=ValueType.TEXT)
    )
    area = ContentArea.objects.filter(movement=movement).order_by("kind", "order").first()
    cluster, _ = Cluster.objects.get_or_create(
        code="CUM_1", year=YEAR, defaults={"name": "Cụm bệnh viện 1"}
    )
    units = []
    now = timezone.now()
    for i in range(start, start + count):
        unit = make_unit(f"BV_T{i:03d}", f"Bệnh viện Thử {i:03d}", parent=root)
        units.append(unit)
        report = Report.objects.create(
            movement=movement, period=period, unit=unit, status=ReportStatus.APPROVED
        )
        ReportValue.objects.bulk_create(
            ReportValue(report=report, indicator=indicator, value=Decimal(50 + i))
            for indicator in indicators
        )
        Standing.objects.create(
            movement=movement,
            span_kind=SpanKind.YEAR,
            span_key=f"y:{YEAR}",
            year=YEAR,
            unit=unit,
            cluster=cluster,
            total=Decimal(60 + i),
            self_total=Decimal(60 + i),
            area_points={"1": str(10 + i)},
            rank_overall=1,
            computed_at=now,
        )
        initiative = Initiative.objects.create(
            code=f"SK-T{i:03d}",
            title=f"Sáng kiến thử số {i}",
            movement=movement,
            area=area,
            unit=unit,
            year=YEAR,
            status=InitiativeStatus.RECOGNISED,
            level=RecognitionLevel.CITY if i % 2 else RecognitionLevel.BASE,
        )
        if units[:-1]:
            Adoption.objects.create(
                initiative=initiative, unit=units[-2], adopted_on=dt.date(YEAR, 6, 1)
            )
    return units
