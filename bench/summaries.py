"""Benchmark of the tổng kết report at the bench database's scale (`hanoi`: 150 units, their
reports of every year when bench/reporting.py ran first, the demo initiatives).

`measure()` creates (or reuses) the tổng kết report of the default movement as the department
officer, then times, in one run: the baseline — rendering the sample decision of the documents
app (samples.py, Word and PDF) — and the report: reading its figures (`phase_figures`), drawing
its charts and composing it (`report_document`), rendering Word and PDF. The figure is the
report's whole time (budget 15 s), printed with its ratio to the baseline of the same run.
"""

import io
import time
from dataclasses import dataclass

OFFICER = "thuongtruc"
BUDGET_SECONDS = 15.0


@dataclass(frozen=True)
class Timing:
    figures_seconds: float
    compose_seconds: float
    render_seconds: float
    baseline_seconds: float
    units: int
    reports: int
    pages: int

    @property
    def total_seconds(self) -> float:
        return self.compose_seconds + self.render_seconds


def _final_report() -> object:
    from thidua.accounts.models import User
    from thidua.movements import defaults
    from thidua.movements.models import Movement
    from thidua.summaries.models import PhaseReport
    from thidua.summaries.services.reports import create_phase_report

    movement = Movement.objects.select_related("owner").get(code=defaults.MOVEMENT_CODE)
    report = PhaseReport.objects.filter(movement=movement, phase=None).first()
    if report is None:
        report = create_phase_report(
            by=User.objects.get(username=OFFICER), movement=movement, phase=None
        )
    return PhaseReport.objects.select_related(
        "movement__owner__parent", "movement__owner__head", "phase"
    ).get(pk=report.pk)


def measure() -> Timing:
    from pypdf import PdfReader

    from thidua.documents.render import render_docx, render_pdf
    from thidua.documents.samples import decision_recognising_initiatives
    from thidua.summaries.selectors.figures import phase_figures
    from thidua.summaries.services.generation import report_document

    report = _final_report()
    render_pdf(decision_recognising_initiatives())  # fonts loaded once, outside the timings
    started = time.perf_counter()
    sample = decision_recognising_initiatives()
    render_docx(sample)
    render_pdf(sample)
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    figures = phase_figures(report)  # type: ignore[arg-type]
    figures_seconds = time.perf_counter() - started
    started = time.perf_counter()
    document = report_document(report)  # type: ignore[arg-type]  # figures again, charts, blocks
    compose = time.perf_counter() - started
    started = time.perf_counter()
    render_docx(document)
    pdf = render_pdf(document)
    render = time.perf_counter() - started
    return Timing(
        figures_seconds=figures_seconds,
        compose_seconds=compose,
        render_seconds=render,
        baseline_seconds=baseline,
        units=len(figures.units),
        reports=figures.reports,
        pages=len(PdfReader(io.BytesIO(pdf)).pages),
    )
