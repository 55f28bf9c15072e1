"""Nominations (đề nghị khen thưởng): a unit builds its list for a round, attaches the dossier
and sends it; the department checks it (thẩm định): accepts, returns it with reasons, or accepts
a candidate who fails a rule only with a written justification.

A unit acts with NOMINATE at the nominating unit, on subjects of its own subtree; the department
with MANAGE_AWARD_ROUNDS at the round's organiser. The engine's Evaluation is stored when a
nomination is made and sent (with its rulebook version), and again at thẩm định. Every write is
audited and recorded in the nomination's history; every refusal is a Vietnamese DomainError,
logged.
"""

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.awards import clock
from thidua.awards.domain.eligibility import EligibilityError
from thidua.awards.domain.rules import SUBJECT_LABELS, Evaluation
from thidua.awards.domain.snapshots import evaluation_to_json
from thidua.awards.enums import AttachmentKind, NominationActionKind, NominationStatus, RoundStatus
from thidua.awards.models import (
    AwardRound,
    Nomination,
    NominationAction,
    NominationAttachment,
    RulebookVersion,
)
from thidua.awards.selectors.rounds import LIVE, evaluate_subject, rulebook_of
from thidua.awards.services.inputs import refuse
from thidua.awards.services.rounds import refuse_permission
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.models import AuditAction
from thidua.core.uploads import check_office_package, check_upload, sha256_of
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import can

NOMINATION_FIELDS = (
    "status",
    "achievement_summary",
    "override_justification",
    "return_reason",
    "check_note",
    "eligible",
    "check_eligible",
)
ATTACHMENT_EXTENSIONS = frozenset({".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg"})
# The dossier a nomination needs before it is sent (Luật TĐKT Điều 84.1 a, b).
REQUIRED_KINDS = (AttachmentKind.PROPOSAL, AttachmentKind.ACHIEVEMENT_REPORT)
EDITABLE = (NominationStatus.DRAFT, NominationStatus.RETURNED)


@dataclass(frozen=True)
class Judged:
    evaluation: Evaluation
    version: RulebookVersion


def _check_nominator(by: User, unit: Unit) -> None:
    if not can(by, Perm.NOMINATE, unit.path):
        refuse_permission(f"Bạn không có quyền lập đề nghị khen thưởng của {unit.name}.", by=by)


def _check_manager(by: User, round_: AwardRound) -> None:
    if not can(by, Perm.MANAGE_AWARD_ROUNDS, round_.organiser.path):
        refuse_permission(
            f"Bạn không có quyền thẩm định đề nghị của đợt xét “{round_.name}”.", by=by
        )


def _judge(
    round_: AwardRound, award_code: str, *, person: Person | None, unit: Unit | None, by: User
) -> Judged:
    rulebook = rulebook_of(round_)
    if rulebook is None:
        refuse(f"Chưa có bộ quy tắc khen thưởng nào áp dụng cho năm {round_.year}.", by=by)
    try:
        evaluation = evaluate_subject(
            rulebook.spec, award_code, round_.year, person=person, unit=unit
        )
    except EligibilityError as error:
        refuse(error.message, by=by, field="award_code")
    return Judged(evaluation, rulebook.version)


def _record(nomination: Nomination, kind: str, *, by: User, note: str = "") -> None:
    NominationAction.objects.create(nomination=nomination, kind=kind, by=by, note=note)


def _audit(
    nomination: Nomination, *, by: User, action: str, before: dict[str, object], reason: str = ""
) -> None:
    record_audit(
        actor=by,
        action=action,
        target=nomination,
        unit_path=nomination.unit.path,
        changes=diff(before, snapshot(nomination, NOMINATION_FIELDS)),
        reason=reason,
    )


def _failures_text(evaluation: Evaluation) -> str:
    return "; ".join(result.explanation_vi for result in evaluation.failures)


def create_nomination(
    *,
    by: User,
    round_: AwardRound,
    unit: Unit,
    award_code: str,
    person: Person | None = None,
    subject_unit: Unit | None = None,
    justification: str = "",
    achievement_summary: str = "",
) -> Nomination:
    """Put a person or a collective on `unit`'s list for an award of the round (a draft).

    Refuses: a round not open or past its deadline; a user without NOMINATE at `unit`; a unit
    outside the round's organiser; a subject outside `unit`'s subtree; an award the round does
    not offer, or for the other kind of subject; the same subject and award already in the round
    (by any unit); a subject who fails a rule without a written justification."""
    if (person is None) == (subject_unit is None):
        raise ValueError("A nomination is for one person or one collective.")
    _check_nominator(by, unit)
    if round_.status != RoundStatus.OPEN:
        refuse(
            f"Đợt xét “{round_.name}” không nhận đề nghị (đang ở bước “{round_.get_status_display()}”).",
            by=by,
        )
    if clock.today() > round_.nomination_deadline:
        refuse(
            f"Đã quá hạn gửi đề nghị của đợt xét (hết ngày {round_.nomination_deadline:%d/%m/%Y}).",
            by=by,
        )
    if not unit.path.startswith(round_.organiser.path):
        refuse(f"{unit.name} không thuộc phạm vi của đợt xét.", by=by)
    subject_path = person.unit.path if person is not None else subject_unit.path  # type: ignore[union-attr]
    subject_name = person.full_name if person is not None else subject_unit.name  # type: ignore[union-attr]
    if not subject_path.startswith(unit.path):
        refuse(
            f"{subject_name} không thuộc {unit.name}: đơn vị chỉ đề nghị khen thưởng cá nhân, "
            "tập thể của mình.",
            by=by,
            field="subject",
        )
    if award_code not in round_.award_codes:
        refuse("Đợt xét không xét danh hiệu, hình thức này.", by=by, field="award_code")
    judged = _judge(round_, award_code, person=person, unit=subject_unit, by=by)
    award = rulebook_of(round_).spec.award(award_code)  # type: ignore[union-attr]
    expected = "individual" if person is not None else "collective"
    if award.subject != expected:
        refuse(
            f"“{award.name}” dành cho {SUBJECT_LABELS[award.subject]}.", by=by, field="award_code"
        )
    existing = Nomination.objects.filter(LIVE, round=round_, award_code=award_code)
    existing = (
        existing.filter(person=person) if person else existing.filter(subject_unit=subject_unit)
    )
    other = existing.select_related("unit").first()
    if other is not None:
        refuse(
            f"{subject_name} đã có trong đợt xét với “{award.name}” (do {other.unit.name} đề nghị).",
            by=by,
            field="subject",
        )
    text = justification.strip()
    if not judged.evaluation.eligible and not text:
        refuse(
            f"{subject_name} chưa đủ điều kiện “{award.name}” ({_failures_text(judged.evaluation)}): "
            "chỉ đề nghị được khi có giải trình bằng văn bản.",
            by=by,
            field="justification",
        )
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                round=round_,
                unit=unit,
                person=person,
                subject_unit=subject_unit,
                award_code=award_code,
                achievement_summary=achievement_summary.strip(),
                override_justification=text if not judged.evaluation.eligible else "",
                eligible=judged.evaluation.eligible,
                evaluation=evaluation_to_json(judged.evaluation),
                rulebook_version=judged.version,
                created_by=by,
            )
            _record(
                nomination,
                NominationActionKind.CREATE,
                by=by,
                note=nomination.override_justification,
            )
            _audit(nomination, by=by, action=AuditAction.CREATE, before={})
    except IntegrityError:
        refuse(f"{subject_name} đã có trong đợt xét với “{award.name}”.", by=by, field="subject")
    return nomination


def update_nomination(
    *, by: User, nomination: Nomination, achievement_summary: str, justification: str
) -> Nomination:
    """The unit's edit of a draft or returned nomination: its achievement summary and its
    justification. Refuses emptying the justification of a candidate who fails a rule."""
    _check_nominator(by, nomination.unit)
    if nomination.status not in EDITABLE:
        refuse("Chỉ sửa được đề nghị đang lập hoặc bị trả lại.", by=by)
    text = justification.strip()
    if nomination.eligible is False and not text:
        refuse(
            "Đối tượng chưa đủ điều kiện: phải giữ giải trình bằng văn bản.",
            by=by,
            field="justification",
        )
    with transaction.atomic():
        before = snapshot(nomination, NOMINATION_FIELDS)
        nomination.achievement_summary = achievement_summary.strip()
        nomination.override_justification = text
        nomination.save()
        _record(nomination, NominationActionKind.EDIT, by=by)
        _audit(nomination, by=by, action=AuditAction.UPDATE, before=before)
    return nomination


def missing_dossier(nomination: Nomination) -> list[str]:
    """The labels of the dossier parts the nomination still lacks."""
    present = set(nomination.attachments.values_list("kind", flat=True))
    return [AttachmentKind(kind).label for kind in REQUIRED_KINDS if kind not in present]


def submit_nomination(*, by: User, nomination: Nomination) -> Nomination:
    """Send a draft (before the deadline) or resend a returned nomination (while the round is
    open or being checked). The evaluation is made again and stored with its rulebook version.
    Refuses a dossier lacking its tờ trình or báo cáo thành tích, and a subject now failing a
    rule without a justification."""
    _check_nominator(by, nomination.unit)
    round_ = nomination.round
    name = nomination.subject_name
    if nomination.status == NominationStatus.DRAFT:
        if round_.status != RoundStatus.OPEN:
            refuse(
                f"Đợt xét không nhận đề nghị (đang ở bước “{round_.get_status_display()}”).", by=by
            )
        if clock.today() > round_.nomination_deadline:
            refuse(
                f"Đã quá hạn gửi đề nghị của đợt xét (hết ngày {round_.nomination_deadline:%d/%m/%Y}).",
                by=by,
            )
    elif nomination.status == NominationStatus.RETURNED:
        if round_.status not in (RoundStatus.OPEN, RoundStatus.CHECKING):
            refuse(
                f"Đợt xét đang ở bước “{round_.get_status_display()}”: không gửi lại được.", by=by
            )
    else:
        refuse(
            f"Đề nghị của {name} đã gửi (trạng thái “{nomination.get_status_display()}”).", by=by
        )
    missing = missing_dossier(nomination)
    if missing:
        refuse(f"Hồ sơ đề nghị của {name} còn thiếu: {', '.join(missing)}.", by=by)
    judged = _judge(
        round_, nomination.award_code, person=nomination.person, unit=nomination.subject_unit, by=by
    )
    if not judged.evaluation.eligible and not nomination.override_justification.strip():
        refuse(
            f"{name} chưa đủ điều kiện ({_failures_text(judged.evaluation)}): nhập giải trình "
            "trước khi gửi.",
            by=by,
            field="justification",
        )
    resent = nomination.status == NominationStatus.RETURNED
    with transaction.atomic():
        before = snapshot(nomination, NOMINATION_FIELDS)
        nomination.status = NominationStatus.SUBMITTED
        nomination.eligible = judged.evaluation.eligible
        nomination.evaluation = evaluation_to_json(judged.evaluation)
        nomination.rulebook_version = judged.version
        nomination.submitted_by = by
        nomination.submitted_at = timezone.now()
        nomination.save()
        _record(
            nomination,
            NominationActionKind.SUBMIT,
            by=by,
            note="Gửi lại sau khi sửa" if resent else "",
        )
        _audit(nomination, by=by, action=AuditAction.SUBMIT, before=before)
    return nomination


def submit_unit_list(*, by: User, round_: AwardRound, unit: Unit) -> list[Nomination]:
    """Send every draft of `unit` in the round, all or none (the first refusal stops them all)."""
    _check_nominator(by, unit)
    drafts = list(
        Nomination.objects.filter(round=round_, unit=unit, status=NominationStatus.DRAFT)
        .select_related(
            "round", "round__organiser", "unit", "person", "person__unit", "subject_unit"
        )
        .order_by("id")
    )
    if not drafts:
        refuse("Danh sách không có đề nghị nào đang lập để gửi.", by=by)
    with transaction.atomic():
        return [submit_nomination(by=by, nomination=item) for item in drafts]


def withdraw_nomination(*, by: User, nomination: Nomination, reason: str = "") -> Nomination:
    """The unit takes a nomination back (not after it was accepted)."""
    _check_nominator(by, nomination.unit)
    if nomination.status not in (*EDITABLE, NominationStatus.SUBMITTED):
        refuse(
            f"Không rút được đề nghị đang ở trạng thái “{nomination.get_status_display()}”.", by=by
        )
    with transaction.atomic():
        before = snapshot(nomination, NOMINATION_FIELDS)
        nomination.status = NominationStatus.WITHDRAWN
        nomination.save()
        _record(nomination, NominationActionKind.WITHDRAW, by=by, note=reason.strip())
        _audit(nomination, by=by, action=AuditAction.UPDATE, before=before, reason=reason.strip())
    return nomination


def _check_checkable(by: User, nomination: Nomination) -> None:
    _check_manager(by, nomination.round)
    if nomination.round.status not in (RoundStatus.OPEN, RoundStatus.CHECKING):
        refuse(
            f"Đợt xét đang ở bước “{nomination.round.get_status_display()}”: không thẩm định được.",
            by=by,
        )
    if nomination.status != NominationStatus.SUBMITTED:
        refuse(
            f"Đề nghị đang ở trạng thái “{nomination.get_status_display()}”: không thẩm định được.",
            by=by,
        )


def return_nomination(*, by: User, nomination: Nomination, reason: str) -> Nomination:
    """Send a nomination back to its unit with the reasons to fix. Refuses an empty reason."""
    _check_checkable(by, nomination)
    text = reason.strip()
    if not text:
        refuse("Nhập lý do trả lại để đơn vị biết cần sửa gì.", by=by, field="reason")
    with transaction.atomic():
        before = snapshot(nomination, NOMINATION_FIELDS)
        nomination.status = NominationStatus.RETURNED
        nomination.return_reason = text
        nomination.checked_by = by
        nomination.checked_at = timezone.now()
        nomination.save()
        _record(nomination, NominationActionKind.RETURN, by=by, note=text)
        _audit(nomination, by=by, action=AuditAction.RETURN, before=before, reason=text)
    return nomination


def _store_check(nomination: Nomination, judged: Judged) -> None:
    nomination.check_eligible = judged.evaluation.eligible
    nomination.check_evaluation = evaluation_to_json(judged.evaluation)
    nomination.check_rulebook_version = judged.version
    nomination.checked_at = timezone.now()


def accept_nomination(*, by: User, nomination: Nomination, note: str = "") -> Nomination:
    """Accept a nomination whose subject meets every rule when checked again now (the rulebook
    in force, the facts known now; stored). Refuses one failing a rule: that is accepted only
    with a justification (`accept_with_override`)."""
    _check_checkable(by, nomination)
    judged = _judge(
        nomination.round,
        nomination.award_code,
        person=nomination.person,
        unit=nomination.subject_unit,
        by=by,
    )
    if not judged.evaluation.eligible:
        refuse(
            f"{nomination.subject_name} chưa đủ điều kiện khi thẩm định "
            f"({_failures_text(judged.evaluation)}): chỉ chấp nhận được kèm giải trình.",
            by=by,
            field="justification",
        )
    with transaction.atomic():
        before = snapshot(nomination, NOMINATION_FIELDS)
        nomination.status = NominationStatus.ACCEPTED
        nomination.check_note = note.strip()
        nomination.checked_by = by
        _store_check(nomination, judged)
        nomination.save()
        _record(nomination, NominationActionKind.ACCEPT, by=by, note=note.strip())
        _audit(nomination, by=by, action=AuditAction.APPROVE, before=before)
    return nomination


def accept_with_override(*, by: User, nomination: Nomination, justification: str) -> Nomination:
    """Accept a nomination whose subject fails a rule, with the department's written
    justification: it is kept (with the unit's) and shown on every later screen and document.
    Refuses an empty justification."""
    _check_checkable(by, nomination)
    text = justification.strip()
    if not text:
        refuse(
            "Chấp nhận đối tượng chưa đủ điều kiện phải có giải trình bằng văn bản.",
            by=by,
            field="justification",
        )
    judged = _judge(
        nomination.round,
        nomination.award_code,
        person=nomination.person,
        unit=nomination.subject_unit,
        by=by,
    )
    with transaction.atomic():
        before = snapshot(nomination, NOMINATION_FIELDS)
        nomination.status = NominationStatus.ACCEPTED_WITH_OVERRIDE
        nomination.check_note = text
        # The unit's justification stays; the department's follows it, so the one field every
        # later screen and document reads carries both.
        unit_text = nomination.override_justification.strip()
        nomination.override_justification = "\n".join(
            part for part in (unit_text, f"Thẩm định: {text}") if part
        )
        nomination.checked_by = by
        _store_check(nomination, judged)
        nomination.save()
        _record(nomination, NominationActionKind.ACCEPT_WITH_OVERRIDE, by=by, note=text)
        _audit(nomination, by=by, action=AuditAction.APPROVE, before=before, reason=text)
    return nomination


# --- dossier ---------------------------------------------------------------------------------


def add_attachment(
    *,
    by: User,
    nomination: Nomination,
    kind: str,
    upload: UploadedFile[bytes],
    description: str = "",
    votes_for: int | None = None,
    votes_total: int | None = None,
) -> NominationAttachment:
    """Attach a file to a draft or returned nomination's dossier, checked by content, size and
    name. The bình xét minutes carry the vote result (agreeing votes of the members)."""
    _check_nominator(by, nomination.unit)
    if nomination.status not in EDITABLE:
        refuse("Chỉ bổ sung hồ sơ cho đề nghị đang lập hoặc bị trả lại.", by=by)
    if kind not in AttachmentKind.values:
        refuse("Loại hồ sơ không hợp lệ.", by=by, field="kind")
    if kind == AttachmentKind.REVIEW_MINUTES:
        if votes_for is None or votes_total is None or votes_total < 1:
            refuse(
                "Biên bản bình xét phải kèm kết quả bỏ phiếu (số phiếu đồng ý, tổng số thành viên).",
                by=by,
                field="votes_for",
            )
        if votes_for > votes_total:
            refuse(
                "Số phiếu đồng ý không được lớn hơn tổng số thành viên.", by=by, field="votes_for"
            )
    elif votes_for is not None or votes_total is not None:
        votes_for = votes_total = None
    check_upload(upload, allowed_extensions=ATTACHMENT_EXTENSIONS)
    name = upload.name or ""
    check_office_package(upload, name[name.rfind(".") :].lower())
    digest = sha256_of(upload)
    with transaction.atomic():
        item = NominationAttachment(
            nomination=nomination,
            kind=kind,
            original_name=name,
            sha256=digest,
            size=upload.size or 0,
            content_type=upload.content_type or "",
            description=description.strip()[:255],
            votes_for=votes_for,
            votes_total=votes_total,
            uploaded_by=by,
        )
        item.file.save(name, upload, save=False)
        item.save()
        record_audit(
            actor=by,
            action=AuditAction.UPLOAD,
            target=item,
            unit_path=nomination.unit.path,
            changes={"kind": [None, kind], "original_name": [None, name], "sha256": [None, digest]},
        )
    return item


def remove_attachment(*, by: User, attachment: NominationAttachment) -> None:
    """Take a file out of a draft or returned nomination's dossier."""
    nomination = attachment.nomination
    _check_nominator(by, nomination.unit)
    if nomination.status not in EDITABLE:
        refuse("Chỉ bỏ hồ sơ của đề nghị đang lập hoặc bị trả lại.", by=by)
    with transaction.atomic():
        record_audit(
            actor=by,
            action=AuditAction.DELETE,
            target=attachment,
            unit_path=nomination.unit.path,
            changes={"kind": [attachment.kind, None]},
        )
        attachment.delete()
