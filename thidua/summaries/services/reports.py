"""Writing phase reports: create the report of a phase (sơ kết) or of the whole movement
(tổng kết) with its sections' default wording, and save the officer's edits of a section.

Both check EDIT_PHASE_REPORT at the movement's organising unit, run in one transaction and
write an audit entry; a section's edits are versioned by `revision` (a save over a revision the
editor did not see is refused, nothing is overwritten) and audited with the text before and
after.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from thidua.accounts.roles import Perm
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditAction
from thidua.documents.placeholders import check_field
from thidua.documents.services.templates import template_texts
from thidua.movements.models import Movement, Phase
from thidua.organizations.scoping import can
from thidua.summaries.models import PhaseReport, PhaseReportSection, ReportKind
from thidua.summaries.template import KEY, PLACEHOLDERS, SECTION_KEYS, section_named


def _check_can_edit(by: AbstractBaseUser, movement: Movement) -> None:
    if not can(by, Perm.EDIT_PHASE_REPORT, movement.owner.path):
        raise PermissionDeniedError("Bạn không có quyền soạn báo cáo sơ kết, tổng kết.")


@transaction.atomic
def create_phase_report(
    *, by: AbstractBaseUser, movement: Movement, phase: Phase | None
) -> PhaseReport:
    """Create the sơ kết report of `phase`, or the tổng kết report of the whole movement when
    `phase` is None, its six sections worded as the template in force at the organising unit.

    Refuses: a user without EDIT_PHASE_REPORT there; a phase of another movement; a second
    report of the same phase (or a second tổng kết).
    """
    _check_can_edit(by, movement)
    if phase is not None and phase.movement_id != movement.pk:
        raise DomainError("Giai đoạn không thuộc phong trào này.", field="phase")
    existing = PhaseReport.objects.filter(movement=movement, phase=phase)
    if existing.exists():
        what = "giai đoạn này" if phase is not None else "toàn phong trào"
        raise DomainError(f"Đã có báo cáo của {what}.", field="phase")
    if phase is None:
        first, last = movement.start_date.year, movement.end_date.year
        report_year = last
        kind = ReportKind.FINAL
    else:
        first, last = phase.start_date.year, phase.end_date.year
        report_year = (phase.review_date or phase.end_date).year
        kind = ReportKind.PRELIMINARY
    report = PhaseReport.objects.create(
        movement=movement,
        phase=phase,
        kind=kind,
        first_year=first,
        last_year=last,
        report_year=report_year,
        created_by_id=by.pk,
    )
    texts = template_texts(KEY, unit_path=movement.owner.path)
    PhaseReportSection.objects.bulk_create(
        PhaseReportSection(report=report, key=key, text=texts[key], updated_by_id=by.pk)
        for key in SECTION_KEYS
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=report,
        unit_path=movement.owner.path,
        changes={"kind": [None, kind.value], "years": [None, f"{first}–{last}"]},
        reason="Tạo báo cáo sơ kết, tổng kết",
    )
    return report


@transaction.atomic
def save_section(
    *, by: AbstractBaseUser, report: PhaseReport, key: str, text: str, revision: int
) -> PhaseReportSection:
    """Save the officer's wording of one section; `revision` is the one the editor saw.

    Refuses: a user without EDIT_PHASE_REPORT at the organising unit; an unknown section; an
    empty text, one too long, or one with an unknown or malformed placeholder
    (ValidationFailedError naming the section); a section changed by someone else since the
    editor opened it.
    """
    _check_can_edit(by, report.movement)
    if key not in SECTION_KEYS:
        raise DomainError("Không có mục này trong báo cáo.", field="key")
    cleaned = text.strip().replace("\r\n", "\n")
    problems = check_field(cleaned, allowed=PLACEHOLDERS)
    if problems:
        raise ValidationFailedError({key: " ".join(problems)})
    row = PhaseReportSection.objects.select_for_update().filter(report=report, key=key).first()
    if row is None:
        row = PhaseReportSection(report=report, key=key, text="", revision=0)
    if row.revision != revision:
        raise DomainError(
            f"Mục “{section_named(key).title}” vừa được người khác sửa. Hãy tải lại trang để "
            "xem nội dung mới rồi sửa tiếp.",
            field=key,
        )
    if row.text == cleaned:
        return row
    before = row.text
    row.text = cleaned
    row.revision += 1
    row.updated_by_id = by.pk
    row.save()
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=report,
        unit_path=report.movement.owner.path,
        changes={f"section.{key}": [before, cleaned]},
        reason=f"Sửa mục “{section_named(key).title}”",
    )
    return row
