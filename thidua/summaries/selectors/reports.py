"""Reads of phase reports: which reports a user may read or edit, their sections, the documents
issued from them, and what a new report may be made for.

A report is read and edited at its movement's organising unit (the Sở): VIEW_PHASE_REPORT and
EDIT_PHASE_REPORT there. A unit officer holds neither, so the list is refused (403) and a
report's page is not found (404).
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from thidua.accounts.roles import Perm, has_anywhere
from thidua.documents.models import IssuedDocument
from thidua.movements.models import Movement, Phase
from thidua.organizations.scoping import AnyUser, can, grants_for, scope_q
from thidua.summaries.models import PhaseReport, PhaseReportSection
from thidua.summaries.template import SECTIONS, Section


def can_view_any(user: AnyUser) -> bool:
    return has_anywhere(grants_for(user), Perm.VIEW_PHASE_REPORT)


def reports_visible_to(user: AnyUser) -> QuerySet[PhaseReport]:
    """Reports of the movements whose organising unit the user may read reports at."""
    return PhaseReport.objects.filter(
        scope_q(user, Perm.VIEW_PHASE_REPORT, "movement__owner__path")
    ).select_related("movement__owner", "phase", "last_job")


def report_for(user: AnyUser, pk: int) -> PhaseReport | None:
    return reports_visible_to(user).filter(pk=pk).first()


def can_edit(user: AnyUser, report: PhaseReport) -> bool:
    return can(user, Perm.EDIT_PHASE_REPORT, report.movement.owner.path)


@dataclass(frozen=True)
class ReportRow:
    report: PhaseReport
    issued: IssuedDocument | None


def report_rows(user: AnyUser) -> list[ReportRow]:
    """The user's reports, newest year first, each with its latest issued document (two
    queries)."""
    reports = list(reports_visible_to(user).order_by("movement__code", "first_year", "pk"))
    documents: dict[str, IssuedDocument] = {}
    for item in IssuedDocument.objects.filter(
        source__in=[report.source for report in reports]
    ).order_by("issued_on", "pk"):
        documents[item.source] = item  # the latest wins
    return [ReportRow(report, documents.get(report.source)) for report in reports]


def issued_documents_of(report: PhaseReport) -> list[IssuedDocument]:
    """Documents issued from the report, latest first (a corrected report is issued anew)."""
    return list(IssuedDocument.objects.filter(source=report.source).order_by("-issued_on", "-pk"))


def sections_of(report: PhaseReport) -> list[tuple[Section, PhaseReportSection | None]]:
    """The six sections in order, each with its saved row (None: not written yet)."""
    rows = {row.key: row for row in PhaseReportSection.objects.filter(report=report)}
    return [(section, rows.get(section.key)) for section in SECTIONS]


def movements_to_report_on(user: AnyUser) -> list[Movement]:
    """Movements the user may write a report for (EDIT at their organising unit)."""
    return list(
        Movement.objects.filter(scope_q(user, Perm.EDIT_PHASE_REPORT, "owner__path"))
        .select_related("owner")
        .order_by("-start_date", "code")
    )


def phases_of(movement: Movement) -> list[Phase]:
    return list(Phase.objects.filter(movement=movement).order_by("number"))


def report_targets(movement: Movement) -> tuple[list[Phase], bool]:
    """What a report can still be started for: the phases without their sơ kết report, and
    whether the tổng kết report of the whole movement is still to be started (one of each)."""
    started = set(PhaseReport.objects.filter(movement=movement).values_list("phase_id", flat=True))
    phases = [phase for phase in phases_of(movement) if phase.pk not in started]
    return phases, None not in started
