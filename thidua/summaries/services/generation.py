"""Building the report as an official document, and issuing it in the background.

`report_document` gathers the figures (`selectors.figures`), the officer's sections and the
template's wording in force, and composes the `OfficialDocument` (`composition`) — used by the
preview (a draft, unnumbered) and by the batch builder. `start_report_generation` issues it as
a batch of one through the documents engine (kind "Báo cáo", code "BC"): the job page of the
documents app shows its progress and gives the download.
"""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.documents.content import OfficialDocument, Paragraph
from thidua.documents.models import GenerationJob
from thidua.documents.placeholders import signer_from
from thidua.documents.services.batches import BatchItem, start_generation
from thidua.documents.services.issuing import check_issuable
from thidua.documents.services.templates import template_texts
from thidua.organizations.documents import head_name, issuer_for
from thidua.organizations.scoping import can
from thidua.summaries.composition import build_report
from thidua.summaries.models import PhaseReport, PhaseReportSection
from thidua.summaries.selectors.figures import phase_figures
from thidua.summaries.template import KEY, PHASE_REPORT_SPEC

BUILDER = "summaries.phase_report"


def report_document(report: PhaseReport) -> OfficialDocument:
    """The report as a document (unnumbered): figures read now, the sections as saved."""
    owner = report.movement.owner
    texts = template_texts(KEY, unit_path=owner.path)
    sections = dict(PhaseReportSection.objects.filter(report=report).values_list("key", "text"))
    return build_report(
        figures=phase_figures(report),
        sections=sections,
        texts=texts,
        issuer=issuer_for(owner),
        signer=signer_from(texts, name=texts.get("signer_name", "").strip() or head_name(owner)),
    )


def _report(pk: object) -> PhaseReport:
    if not str(pk).isdigit():
        raise DomainError("Báo cáo không còn tồn tại.")
    report = (
        PhaseReport.objects.select_related(
            "movement__owner__parent", "movement__owner__head", "phase"
        )
        .filter(pk=int(str(pk)))
        .first()
    )
    if report is None:
        raise DomainError("Báo cáo không còn tồn tại.")
    return report


def build_batch(params: Mapping[str, Any]) -> list[BatchItem]:
    """The batch builder registered with the documents engine: the one report of the job."""
    report = _report(params.get("report"))
    return [
        BatchItem(
            document=report_document(report),
            unit_path=report.movement.owner.path,
            source=report.source,
        )
    ]


def _missing_before_issuing(report: PhaseReport) -> dict[str, str]:
    """What the report lacks to be issued that is known without building it — the issuing
    unit's abbreviation, a signer (the template's name or the unit's head) —, said before the
    job is queued, with the engine's own messages and where to fix each."""
    owner = report.movement.owner
    texts = template_texts(KEY, unit_path=owner.path)
    signer = signer_from(texts, name=texts.get("signer_name", "").strip() or head_name(owner))
    outline = OfficialDocument(
        issuer=issuer_for(owner),
        kind_name=PHASE_REPORT_SPEC.kind_name,
        kind_code=PHASE_REPORT_SPEC.kind_code,
        summary=report.title,
        body=(Paragraph(report.title),),
        signer=signer,
    )
    problems = check_issuable(outline, unit_path=owner.path)
    where = {
        "issuer.abbreviation": f" Ghi chữ viết tắt ở trang đơn vị “{owner.name}”.",
        "signer.name": (
            f" Chọn Thủ trưởng của “{owner.name}” ở trang đơn vị, hoặc ghi họ tên người ký trong "
            f"mẫu văn bản “{PHASE_REPORT_SPEC.name}”."
        ),
        "signer.titles": f" Ghi chức vụ người ký trong mẫu “{PHASE_REPORT_SPEC.name}”.",
    }
    return {field: message + where.get(field, "") for field, message in problems.items()}


def start_report_generation(*, by: AbstractBaseUser, report: PhaseReport) -> GenerationJob:
    """Queue the issuing of the report (Word and PDF, numbered in the Sở's "BC" series).

    Refuses a user without EDIT_PHASE_REPORT at the organising unit; the documents engine
    refuses one without "documents.issue_document" there. Issuing is audited by the engine.
    """
    if not can(by, Perm.EDIT_PHASE_REPORT, report.movement.owner.path):
        raise PermissionDeniedError("Bạn không có quyền phát hành báo cáo này.")
    problems = _missing_before_issuing(report)
    if problems:
        raise ValidationFailedError(problems)
    job = start_generation(
        by=by,
        builder=BUILDER,
        params={"report": report.pk},
        unit_path=report.movement.owner.path,
        title=report.title,
    )
    PhaseReport.objects.filter(pk=report.pk).update(last_job=job)
    report.last_job = job
    return job
