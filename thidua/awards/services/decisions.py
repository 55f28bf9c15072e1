"""Award decisions: drafted from a closed session (the candidates who passed the vote), reviewed
by the unit's head or a leader, issued through the documents engine — which writes the history
(`AwardRecord`) and marks the initiatives the awards rest on as used —, then the certificates in
a batch; an award can be revoked with its legal ground (Luật Thi đua, khen thưởng 2022,
Chương VII), which takes it out of every chain (the engine ignores revoked records).

Every write is one transaction, audited; every refusal is logged."""

import datetime as dt
import logging
from collections.abc import Iterator, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.awards import clock
from thidua.awards.council_documents.builders import (
    IssuedDecision,
    build_certificate,
    build_decision,
)
from thidua.awards.council_documents.specs import CERTIFICATE_KEY, DECISION_KEY
from thidua.awards.domain.competence import decides
from thidua.awards.enums import RoundKind, RoundStatus
from thidua.awards.models import (
    AgendaItem,
    AwardDecision,
    AwardRecord,
    AwardRound,
    CouncilSession,
    DecisionRecipient,
)
from thidua.awards.models.decisions import DecisionStatus, RevocationGround
from thidua.awards.selectors.competence import organiser_level
from thidua.awards.selectors.council_documents import (
    CERTIFICATES_BUILDER,
    certificate_source,
    decision_facts,
    decision_source,
    issued_by_source,
    recipient_line,
    recipients_of,
)
from thidua.awards.selectors.rulebook import spec_of
from thidua.awards.services.councils import deny, refuse
from thidua.core.audit import record_audit
from thidua.core.models import AuditAction
from thidua.documents.models import GenerationJob, IssuedDocument, JobStatus
from thidua.documents.services.batches import BatchItem, start_generation
from thidua.documents.services.issuing import Renderer, issue_document
from thidua.documents.services.templates import template_texts
from thidua.initiatives.models import Initiative
from thidua.initiatives.services.decisions import mark_used_for_award
from thidua.organizations.scoping import can

logger = logging.getLogger(__name__)

REVOCATION_CITATION = "Luật Thi đua, khen thưởng năm 2022, Chương VII"
_USED_MARK = "đã dùng làm căn cứ"


def _check(by: User, perm: Perm, decision_or_unit_path: str, message: str) -> None:
    if not can(by, perm, decision_or_unit_path):
        deny(message, by=by)


# -- Draft and review ----------------------------------------------------------------------------


def draft_decision(session: CouncilSession, *, by: User) -> AwardDecision:
    """Draft the decision of a closed session: one line per candidate who passed the vote for
    an award the council's unit decides (a higher level's award goes into the tờ trình đề nghị
    cấp trên, `services.upward`), in the agenda's order, numbered 1, 2, … (the số sổ vàng, NĐ 98/2023 Điều 104), each with its
    reward — the award's multiple × the base salary of the session's rulebook, rounded up as it
    says (NĐ 152/2025/NĐ-CP Điều 50). Refuses: no PREPARE_AWARD_DECISION at the council's unit;
    a session still open; a decision already drafted; nobody passed, or only for awards a higher
    level decides."""
    unit = session.council.unit
    _check(
        by,
        Perm.PREPARE_AWARD_DECISION,
        unit.path,
        "Bạn không có quyền dự thảo quyết định khen thưởng của đơn vị này.",
    )
    if session.is_open:
        refuse("Phiên họp chưa kết thúc, chưa có kết quả bỏ phiếu.", by=by)
    if AwardDecision.objects.filter(session=session).exists():
        refuse("Phiên họp này đã có dự thảo quyết định khen thưởng.", by=by)
    passed = list(
        AgendaItem.objects.filter(session=session, passed=True)
        .select_related("nomination__person", "nomination__subject_unit")
        .order_by("order", "id")
    )
    if not passed:
        refuse("Không có cá nhân, tập thể nào đạt tỷ lệ phiếu bầu tại phiên họp.", by=by)
    spec = spec_of(session.rulebook_version)
    level = organiser_level(unit)
    upward = [item for item in passed if not decides(spec, item.nomination.award_code, level=level)]
    passed = [item for item in passed if item not in upward]
    if not passed:
        refuse(
            "Các cá nhân, tập thể đạt tỷ lệ phiếu bầu đều được đề nghị danh hiệu, hình thức do cấp "
            "trên quyết định: lập tờ trình đề nghị cấp trên khen thưởng, không lập quyết định.",
            by=by,
        )
    with transaction.atomic():
        decision = AwardDecision.objects.create(
            session=session,
            round=session.round,
            unit=unit,
            rulebook_version=session.rulebook_version,
            base_salary=spec.base_salary,
            created_by=by,
        )
        DecisionRecipient.objects.bulk_create(
            DecisionRecipient(
                decision=decision,
                nomination=item.nomination,
                agenda_item=item,
                person=item.nomination.person,
                subject_unit=item.nomination.subject_unit,
                award_code=item.nomination.award_code,
                award_name=spec.award(item.nomination.award_code).name,
                award_kind=spec.award(item.nomination.award_code).kind,
                register_number=number,
                reward_multiple=spec.award(item.nomination.award_code).reward_multiple,
                amount=spec.reward_amount(item.nomination.award_code),
            )
            for number, item in enumerate(passed, start=1)
        )
        record_audit(
            actor=by,
            action=AuditAction.CREATE,
            target=decision,
            unit_path=unit.path,
            changes={
                "recipients": [None, len(passed)],
                "proposed_upward": [None, len(upward)],
                "base_salary": [None, str(spec.base_salary)],
            },
        )
    return decision


@transaction.atomic
def review_decision(decision: AwardDecision, *, by: User, note: str = "") -> AwardDecision:
    """The head's or leader's review of a draft (REVIEW_AWARD_DECISION at its unit): it may then
    be issued. Refuses: no permission, a decision not in draft, the drafter reviewing their own."""
    _check(
        by,
        Perm.REVIEW_AWARD_DECISION,
        decision.unit.path,
        "Bạn không có quyền rà soát quyết định khen thưởng của đơn vị này.",
    )
    if decision.status != DecisionStatus.DRAFT:
        refuse(
            f"Quyết định đang ở trạng thái “{decision.get_status_display()}”, không rà soát lại.",
            by=by,
        )
    if decision.created_by_id == by.pk:
        refuse("Người dự thảo không tự rà soát quyết định của mình.", by=by)
    decision.status = DecisionStatus.REVIEWED
    decision.reviewed_by = by
    decision.reviewed_at = timezone.now()
    decision.review_note = note.strip()
    decision.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"]
    )
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=decision,
        unit_path=decision.unit.path,
        changes={"status": [DecisionStatus.DRAFT, DecisionStatus.REVIEWED]},
        reason=decision.review_note,
    )
    return decision


# -- Issue ---------------------------------------------------------------------------------------


def initiative_codes(evaluation: object) -> list[str]:
    """The codes of the recognised initiatives an evaluation (its JSON) counted as a usable
    basis: the "Sáng kiến <code>" facts of its rule results, except those already used for
    another award. Pure."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, Mapping):
            facts = value.get("facts_used")
            if isinstance(facts, Mapping):
                for label, text in facts.items():
                    if (
                        isinstance(label, str)
                        and label.startswith("Sáng kiến ")
                        and _USED_MARK not in str(text)
                    ):
                        code = label.removeprefix("Sáng kiến ").strip()
                        if code and code not in found:
                            found.append(code)
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(evaluation)
    return found


def _subject_filter(recipient: DecisionRecipient) -> dict[str, Any]:
    if recipient.person_id is not None:
        return {"person_id": recipient.person_id}
    return {"unit_id": recipient.subject_unit_id}


def issue_award_decision(
    decision: AwardDecision,
    *,
    by: User,
    render: Renderer | None = None,
    issued_on: dt.date | None = None,
) -> IssuedDocument:
    """Issue a reviewed decision through the documents engine ("12/QĐ-SYT", with the list), then
    in the same transaction: an `AwardRecord` per recipient (the history: award, year of the
    round, the decision's number, date and issuer; thematic when the round is), the initiatives
    each award rests on marked used (Công văn 5007/BNV-TĐKT năm 2023: one use per initiative),
    the round marked decided.

    Refuses, with nothing written: a decision not reviewed or already issued; a recipient who
    already holds that award for the year (naming it); an initiative already used; whatever the
    document lacks or the issuing permission (from the engine)."""
    if decision.status == DecisionStatus.ISSUED:
        refuse(f"Quyết định đã được ban hành: số {decision.number}.", by=by)
    if decision.status != DecisionStatus.REVIEWED:
        refuse("Quyết định chưa được rà soát: lãnh đạo rà soát trước khi phát hành.", by=by)
    unit_path = decision.unit.path
    with transaction.atomic():
        locked = AwardDecision.objects.select_for_update().get(pk=decision.pk)
        if locked.status != DecisionStatus.REVIEWED:
            refuse("Quyết định đã được ban hành.", by=by)
        round_: AwardRound = decision.round
        recipients = list(recipients_of(decision))
        for recipient in recipients:
            held = AwardRecord.objects.filter(
                award_code=recipient.award_code,
                year=round_.year,
                revoked=False,
                **_subject_filter(recipient),
            ).first()
            if held is not None:
                refuse(
                    f"{recipient.subject_name} đã có “{recipient.award_name}” năm {round_.year}"
                    + (f" (Quyết định {held.decision_number})" if held.decision_number else "")
                    + ": không khen thưởng hai lần.",
                    by=by,
                )
        facts = decision_facts(decision)
        document = build_decision(
            facts,
            [recipient_line(item) for item in recipients],
            template_texts(DECISION_KEY, unit_path=unit_path),
        )
        issued = issue_document(
            by=by,
            document=document,
            unit_path=unit_path,
            source=decision_source(decision.pk),
            render=render,
            issued_on=issued_on or clock.today(),
        )
        thematic = round_.kind == RoundKind.THEMATIC
        for recipient in recipients:
            record = AwardRecord.objects.create(
                person=recipient.person,
                unit=recipient.subject_unit,
                award_code=recipient.award_code,
                year=round_.year,
                decision_number=issued.number_text,
                decision_date=issued.issued_on,
                issuer=decision.unit.name,
                thematic=thematic,
                created_by=by,
            )
            DecisionRecipient.objects.filter(pk=recipient.pk).update(record=record)
            record_audit(
                actor=by,
                action=AuditAction.CREATE,
                target=record,
                unit_path=recipient.person.unit.path
                if recipient.person
                else recipient.subject_unit.path,  # type: ignore[union-attr]
                changes={"award_code": [None, record.award_code], "year": [None, record.year]},
                reason=f"Quyết định {issued.number_text}",
            )
            evaluation = recipient.nomination.check_evaluation or recipient.nomination.evaluation
            codes = initiative_codes(evaluation)
            for initiative in Initiative.objects.filter(code__in=codes, used_for_award=""):
                mark_used_for_award(
                    initiative,
                    award_ref=f"{recipient.award_name} năm {round_.year}, Quyết định {issued.number_text}",
                    by=by,
                )
        AwardDecision.objects.filter(pk=decision.pk).update(
            status=DecisionStatus.ISSUED,
            document=issued,
            number=issued.number_text,
            issued_on=issued.issued_on,
            updated_at=timezone.now(),
        )
        if round_.status != RoundStatus.DECIDED:
            AwardRound.objects.filter(pk=round_.pk).update(status=RoundStatus.DECIDED)
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=decision,
            unit_path=unit_path,
            changes={
                "status": [DecisionStatus.REVIEWED, DecisionStatus.ISSUED],
                "number": ["", issued.number_text],
                "round.status": [round_.status, RoundStatus.DECIDED],
            },
        )
    decision.refresh_from_db()
    return issued


# -- Certificates --------------------------------------------------------------------------------


def certificate_items(params: Mapping[str, Any]) -> Iterator[BatchItem]:
    """The batch builder of "awards.certificates": the certificate of every recipient of the
    issued decision `params["decision"]` whose award is not revoked, but those already issued (a
    batch stopped half-way resumes, never doubles)."""
    decision = AwardDecision.objects.select_related(
        "unit__parent", "unit__head", "round", "session__council"
    ).get(pk=int(params["decision"]))
    if not decision.is_issued or decision.issued_on is None:
        refuse("Quyết định chưa ban hành: giấy khen, bằng ghi số quyết định.", by=None)
    facts = decision_facts(decision)
    texts = template_texts(CERTIFICATE_KEY, unit_path=facts.unit_path)
    reference = IssuedDecision(number=decision.number, issued_on=decision.issued_on)
    recipients = [r for r in recipients_of(decision) if not (r.record and r.record.revoked)]
    done = issued_by_source([certificate_source(decision.pk, r.pk) for r in recipients])
    for recipient in recipients:
        source = certificate_source(decision.pk, recipient.pk)
        if source in done:
            continue
        yield BatchItem(
            document=build_certificate(
                facts, recipient_line(recipient), decision=reference, texts=texts
            ),
            unit_path=facts.unit_path,
            source=source,
        )


def start_award_certificates(decision: AwardDecision, *, by: User) -> GenerationJob:
    """Queue the certificates of an issued decision (Giấy khen, Bằng khen, the certificate of a
    title — "TẶNG DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ"), each with its verification code; the
    documents' job page shows the progress and offers the ZIP. Refuses: no permission, a decision
    not issued, a batch still running, every certificate already issued."""
    if not by.has_perm(Perm.ISSUE_DOCUMENT.value, decision.unit):
        deny("Bạn không có quyền phát hành văn bản của đơn vị này.", by=by)
    if not decision.is_issued:
        refuse("Hãy phát hành quyết định trước: giấy khen, bằng ghi số quyết định.", by=by)
    running = GenerationJob.objects.filter(
        builder=CERTIFICATES_BUILDER,
        params__decision=decision.pk,
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
    ).exists()
    if running:
        refuse("Giấy khen, bằng của quyết định đang được tạo: hãy chờ lượt tạo xong.", by=by)
    if not any(True for _ in certificate_items({"decision": decision.pk})):
        refuse("Đã tạo đủ giấy khen, bằng của quyết định.", by=by)
    return start_generation(
        by=by,
        builder=CERTIFICATES_BUILDER,
        params={"decision": decision.pk},
        unit_path=decision.unit.path,
        title=f"Giấy khen, bằng — Quyết định {decision.number}",
    )


# -- Revocation ----------------------------------------------------------------------------------


@transaction.atomic
def revoke_recipient(
    recipient: DecisionRecipient, *, ground: str, reason: str, by: User
) -> AwardRecord:
    """Hủy bỏ one recipient's award (Luật Thi đua, khen thưởng 2022, Chương VII; LEGAL.md
    §1.11): its `AwardRecord` is marked revoked with the ground, the reason and the decision —
    it stays in the history, showing why, and counts in no chain or criterion any more.
    By PREPARE_AWARD_DECISION at the decision's unit. Refuses: a ground outside the law's list,
    no reason, a decision not issued, an award already revoked."""
    decision = recipient.decision
    _check(
        by,
        Perm.PREPARE_AWARD_DECISION,
        decision.unit.path,
        "Bạn không có quyền hủy bỏ khen thưởng của đơn vị này.",
    )
    if ground not in RevocationGround.values:
        refuse(f"Hãy chọn căn cứ hủy bỏ theo {REVOCATION_CITATION}.", by=by, field="ground")
    reason = reason.strip()
    if not reason:
        refuse("Hãy ghi rõ lý do hủy bỏ.", by=by, field="reason")
    record = recipient.record
    if record is None or not decision.is_issued:
        refuse("Quyết định chưa ban hành: chưa có khen thưởng để hủy bỏ.", by=by)
    record = AwardRecord.objects.select_for_update().get(pk=record.pk)
    if record.revoked:
        refuse("Khen thưởng này đã bị hủy bỏ.", by=by)
    label = RevocationGround(ground).label
    record.revoked = True
    record.revoked_reason = f"{label} ({REVOCATION_CITATION}): {reason}"
    record.revoked_at = timezone.now()
    record.save(update_fields=["revoked", "revoked_reason", "revoked_at", "updated_at"])
    DecisionRecipient.objects.filter(pk=recipient.pk).update(
        revocation_ground=ground, revoked_by=by
    )
    recipient.revocation_ground = ground
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=record,
        unit_path=recipient.person.unit.path if recipient.person else decision.unit.path,
        changes={"revoked": [False, True], "ground": [None, ground]},
        reason=record.revoked_reason,
    )
    return record
