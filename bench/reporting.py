"""Benchmarks of periodic reporting at the `hanoi` scale with several years of reports.

Called by bench/run.py after the demo seed (Django set up on the bench database):

1. `prepare_first_year()` replaces the demo's reports with one year, this year (2026 when run
   in 2026: Quý I–III approved, the current quarter partly filled, as the demo on the real
   day), of the 150 units and about a quarter of their 2.500 khoa/phòng (`KHOA_SHARE`), with the
   demo generator (`thidua.reporting.demo`); `count_queries(pages(…))` then counts each page's
   queries on one year of data.
2. `add_other_years()` adds the movement's other years (2025, 2027–2030) as if it had run
   (every period closed: the generator's `today` is 01/03/2031): about 20.000 reports in all
   (DESIGN.md §6), scored and ranked; the queries are counted again (they must not grow) and
   bench/run.py times the pages through gunicorn against the trivial view.
3. `time_recompute()`: `services.standings.recompute_year` of a full year (2028), median of 3.
4. `time_import()`: the Excel bulk entry of this year's yearly report ("Năm 2026") for every
   unit (150 rows × every entered indicator, each unit's report started by the import; its
   entry opened today as the demo opens the current quarter), as the department officer:
   `build_values_template`, fill, then `create_values_import` + `run_values_import` timed.

Run alone on an existing bench database (`python -m bench.run --reuse` is the usual way).
"""

import datetime as dt
import io
import statistics
import time
from dataclasses import dataclass
from typing import Any

KHOA_SHARE = 0.23  # of every unit's khoa/phòng reporting their part: ≈ 20.000 reports in 6 years
LATER_DAY = dt.date(2031, 3, 1)  # every period of 2025–2030 is locked on that day
RECOMPUTE_YEAR = 2028
RECOMPUTE_RUNS = 3
SEED = 2026
OFFICER = "thuongtruc"  # department officer on the Sở: every unit, every page
UNIT_OFFICER = "tdkt.xanhpon"  # enters Bệnh viện Xanh Pôn's reports
SHOWCASE = "BV_XANHPON"


@dataclass(frozen=True)
class Volume:
    years: tuple[int, ...]
    reports: int
    khoa_reports: int
    values: int
    seconds: float
    current_period: str = ""  # the period partly filled (its entry open today)


def _movement() -> Any:
    from thidua.movements import defaults
    from thidua.movements.models import Movement

    return Movement.objects.get(code=defaults.MOVEMENT_CODE)


def first_year() -> int:
    """This year, within the movement's years (2025–2030)."""
    from django.utils import timezone

    movement = _movement()
    return min(max(timezone.localdate().year, movement.start_date.year), movement.end_date.year)


def other_years() -> tuple[int, ...]:
    movement = _movement()
    years = range(movement.start_date.year, movement.end_date.year + 1)
    return tuple(year for year in years if year != first_year())


def _volume(seconds: float, current_period: str = "") -> Volume:
    from thidua.reporting.models import Report, ReportValue

    movement = _movement()
    reports = Report.objects.filter(movement=movement)
    return Volume(
        years=tuple(sorted(set(reports.values_list("period__year", flat=True)))),
        reports=reports.count(),
        khoa_reports=reports.filter(unit__depth__gt=movement.owner.depth + 1).count(),
        values=ReportValue.objects.filter(report__movement=movement).count(),
        seconds=seconds,
        current_period=current_period,
    )


def prepare_first_year() -> Volume:
    """The demo's reports replaced by one year of the bench's (khoa/phòng included)."""
    from django.db import transaction
    from django.utils import timezone

    from thidua.core.services import refresh_query_planner_statistics
    from thidua.reporting.demo import install_demo_reports
    from thidua.reporting.models import Report, Standing

    movement = _movement()
    started = time.perf_counter()
    with transaction.atomic():
        Standing.objects.filter(movement=movement).delete()
        Report.objects.filter(movement=movement).delete()
    result = install_demo_reports(
        movement,
        today=timezone.localdate(),
        seed=SEED,
        years=(first_year(),),
        khoa_share=KHOA_SHARE,
        evidence=False,
    )
    refresh_query_planner_statistics()
    return _volume(time.perf_counter() - started, result.current_period)


def add_other_years() -> Volume:
    """The movement's other years, every period closed, scored and ranked."""
    from thidua.core.services import refresh_query_planner_statistics
    from thidua.reporting.demo import install_demo_reports

    started = time.perf_counter()
    install_demo_reports(
        _movement(),
        today=LATER_DAY,
        seed=SEED + 1,
        years=other_years(),
        khoa_share=KHOA_SHARE,
        evidence=False,
    )
    refresh_query_planner_statistics()
    return _volume(time.perf_counter() - started)


def pages(current_period: str) -> dict[str, tuple[str, str]]:
    """name → (URL, username): the data entry page of Bệnh viện Xanh Pôn's report of the current
    period (a draft, open today) as its unit officer; its scorecard of this year and its
    cluster's ranking of this year as the department officer."""
    from django.urls import reverse

    from thidua.organizations.models import ClusterMember, Unit
    from thidua.reporting.models import Report

    movement = _movement()
    unit = Unit.objects.get(code=SHOWCASE)
    year = first_year()
    report = Report.objects.get(movement=movement, unit=unit, period__name=current_period)
    cluster = ClusterMember.objects.get(unit=unit, year=year).cluster_id
    return {
        "entry": (reverse("reporting:report_entry", args=[report.pk]), UNIT_OFFICER),
        "scorecard": (
            reverse("reporting:scorecard", args=[movement.pk, unit.pk]) + f"?nam={year}",
            OFFICER,
        ),
        "ranking": (
            reverse("reporting:ranking", args=[movement.pk]) + f"?nam={year}&cum={cluster}",
            OFFICER,
        ),
    }


def count_queries(urls: dict[str, tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """name → (HTTP status, number of queries) of each page, fetched in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from thidua.accounts.models import User

    counts: dict[str, tuple[int, int]] = {}
    clients: dict[str, Client] = {}
    for name, (url, username) in urls.items():
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client()
            client.force_login(User.objects.get(username=username))
        client.get(url)  # warm the caches of the process (templates, URL resolver)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        counts[name] = (status, len(captured.captured_queries))
    return counts


def time_recompute(year: int = RECOMPUTE_YEAR) -> tuple[float, int, int]:
    """(median seconds, reports scored, standings written) of recomputing `year`."""
    from thidua.reporting.services.standings import recompute_year

    movement = _movement()
    samples: list[float] = []
    reports = standings = 0
    for _ in range(RECOMPUTE_RUNS):
        started = time.perf_counter()
        result = recompute_year(movement=movement, year=year)
        samples.append(time.perf_counter() - started)
        reports, standings = result.reports, result.standings
    return statistics.median(samples), reports, standings


def _fill(workbook: Any) -> int:
    """Values in every entered indicator's cell of every unit row (a part never above its whole,
    people counts small); returns the number of rows filled."""
    from thidua.reporting.demo import SHARE_OF

    sheet = workbook["Số liệu"]
    header = [cell.value for cell in sheet[1]]
    indicators = _entered_types()
    rows = 0
    for number, row in enumerate(sheet.iter_rows(min_row=3), start=3):
        if not row[0].value:
            continue
        rows += 1
        for index, code in enumerate(header):
            if code not in indicators:
                continue
            value_type = indicators[code]
            if value_type == "percentage":
                value: object = 70 + number % 30
            elif value_type == "boolean":
                value = "Có"
            elif value_type == "text":
                value = "Đã triển khai theo kế hoạch."
            elif code in {whole for whole, _ in SHARE_OF.values()}:
                value = 2 + number % 5
            else:
                value = 1 + number % 2
            row[index].value = value
        for part, (whole, _) in SHARE_OF.items():
            if part in header and whole in header:
                row[header.index(part)].value = row[header.index(whole)].value
    return rows


def _entered_types() -> dict[str, str]:
    from thidua.movements.models import Indicator

    return dict(
        Indicator.objects.filter(movement=_movement(), formula="").values_list("code", "value_type")
    )


def time_import() -> tuple[float, str, int, int, str]:
    """(seconds, job status, rows, values written, message) of importing this year's yearly
    report for every unit, its entry opened today (moved, as the demo opens the current
    quarter)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from openpyxl import load_workbook

    from thidua.accounts.models import User
    from thidua.movements.models import Period
    from thidua.reporting.services.imports import (
        build_values_template,
        create_values_import,
        run_values_import,
    )

    officer = User.objects.get(username=OFFICER)
    period = Period.objects.select_related("movement").get(
        movement=_movement(), kind="year", year=first_year()
    )
    today = timezone.localdate()
    if period.opens_on > today:
        period.opens_on = max(period.start_date, today)
        period.save(update_fields=["opens_on"])
    name, content = build_values_template(by=officer, period=period)
    workbook = load_workbook(io.BytesIO(content))
    rows = _fill(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile(name, buffer.getvalue())
    started = time.perf_counter()
    job = create_values_import(by=officer, period=period, upload=upload)
    job = run_values_import(job, by=officer)
    seconds = time.perf_counter() - started
    message = job.message or (str(job.errors[:2]) if job.errors else "")
    return seconds, job.status, rows, job.written_values, message
