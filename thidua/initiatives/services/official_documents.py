"""Issuing the official documents of a decided round through the documents engine: the round's
Quyết định công nhận sáng kiến, a Giấy chứng nhận per author (a background batch), and a
Thông báo không công nhận per refused initiative.

Each is issued by an officer holding "documents.issue_document" at the council's unit (the
engine checks it again), only once the council has decided every initiative of the round, and
only once: a decision already issued — or whose number was typed when deciding — is refused with
its number. The number and date a document gets are written back onto the round's `Decision`
rows (and the recognised initiatives), audited. Wording comes from the templates in force at
the council's unit (`template_texts`), which officers edit on the documents' template pages.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.documents.content import OfficialDocument
from thidua.documents.models import GenerationJob, IssuedDocument
from thidua.documents.placeholders import fill
from thidua.documents.services.batches import BatchItem, start_generation
from thidua.documents.services.issuing import Renderer, issue_document
from thidua.documents.services.templates import template_texts
from thidua.initiatives.enums import RoundStatus
from thidua.initiatives.models import Decision, Initiative, ReviewRound
from thidua.initiatives.official_documents import (
    DecisionReference,
    build_certificate,
    build_non_recognition_notice,
    build_recognition_decision,
    round_values,
)
from thidua.initiatives.official_templates import (
    CERTIFICATE_KEY,
    DECISION_KEY,
    NON_RECOGNITION_KEY,
)
from thidua.initiatives.selectors.official_documents import (
    CERTIFICATES_BUILDER,
    certificate_source,
    decision_source,
    issued_certificate_sources,
    issued_decision,
    notice_source,
    recognised_decisions,
    refused_decisions,
    round_facts,
    round_for_documents,
    undecided_count,
    unfinished_certificate_job,
)


def check_can_issue(round_: ReviewRound, *, by: User) -> None:
    """Refuses (PermissionDeniedError) a user without "documents.issue_document" at the
    council's unit, and (DomainError) a round the council has not decided in full."""
    if not by.has_perm(Perm.ISSUE_DOCUMENT.value, round_.council.unit):
        raise PermissionDeniedError(
            "Bạn không có quyền phát hành văn bản của đơn vị có hội đồng sáng kiến này."
        )
    if round_.status != RoundStatus.DECIDED:
        left = undecided_count(round_)
        raise DomainError(
            f"Đợt chấm “{round_.name}” chưa có quyết định của hội đồng cho mọi sáng kiến"
            + (f" (còn {left} sáng kiến chưa quyết định)" if left else "")
            + ": chỉ phát hành văn bản khi hội đồng đã quyết định xong cả đợt."
        )


def _lock(round_: ReviewRound) -> ReviewRound:
    """The round's row locked until the transaction ends: two officers issuing at once are
    served one after the other, and the second is told the first issued."""
    locked = ReviewRound.objects.select_for_update().get(pk=round_.pk)
    fresh = round_for_documents(locked.pk)
    assert fresh is not None  # noqa: S101 (the row was just locked)
    return fresh


def _write_back(decision: Decision, document: IssuedDocument, *, by: User, what: str) -> None:
    """The issued number and date onto the decision (and onto its initiative when it carries
    this decision), audited."""
    before = (decision.number, decision.date)
    Decision.objects.filter(pk=decision.pk).update(
        number=document.number_text, date=document.issued_on
    )
    initiative_changes: dict[str, list[Any]] = {}
    if decision.recognised:
        initiative = decision.initiative
        carries = (
            initiative.is_recognised
            and initiative.level == decision.level
            and not initiative.decision_number
        )
        if carries:
            Initiative.objects.filter(pk=initiative.pk).update(
                decision_number=document.number_text, decision_date=document.issued_on
            )
            initiative_changes = {
                "initiative.decision_number": ["", document.number_text],
                "initiative.decision_date": [
                    initiative.decision_date.isoformat() if initiative.decision_date else None,
                    document.issued_on.isoformat(),
                ],
            }
    decision.number, decision.date = document.number_text, document.issued_on
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=decision,
        target_repr=f"{what} sáng kiến {decision.initiative.code}",
        unit_path=decision.round.council.unit.path,
        changes={
            "number": [before[0], document.number_text],
            "date": [before[1].isoformat(), document.issued_on.isoformat()],
            **initiative_changes,
        },
        reason=f"Phát hành {what.lower()} số {document.number_text}",
    )


# -- The decision --------------------------------------------------------------------------------


def recognition_decision_document(round_: ReviewRound) -> OfficialDocument:
    """The round's decision as it would be issued now (a draft: no number, no date)."""
    facts = round_facts(round_)
    items = [item for _, item, _ in recognised_decisions(round_)]
    return build_recognition_decision(
        facts, items, template_texts(DECISION_KEY, unit_path=facts.unit_path)
    )


def issue_recognition_decision(
    round_: ReviewRound,
    *,
    by: User,
    render: Renderer | None = None,
    issued_on: dt.date | None = None,
) -> IssuedDocument:
    """Issue the Quyết định công nhận sáng kiến of `round_`: one decision listing every
    initiative the council recognised in it, numbered in the council's unit's series
    ("05/QĐ-SYT"), its number and date then written onto each recognised `Decision`.

    Refuses: no permission or a round not decided (`check_can_issue`); a round without any
    recognised initiative; a decision already issued (naming its number and date) or whose
    number was typed when deciding; whatever the document lacks (ValidationFailedError from the
    engine, e.g. the unit's abbreviation or the signer's name). Nothing is numbered on a refusal.
    Dated `issued_on` (today by default).
    """
    check_can_issue(round_, by=by)
    with transaction.atomic():
        round_ = _lock(round_)
        existing = issued_decision(round_)
        if existing is not None:
            raise DomainError(
                f"Quyết định công nhận sáng kiến của đợt đã được phát hành: số "
                f"{existing.number_text} ngày {existing.issued_on:%d/%m/%Y}."
            )
        recognised = recognised_decisions(round_)
        if not recognised:
            raise DomainError("Đợt chấm không có sáng kiến nào được công nhận.")
        typed = sorted({decision.number for decision, _, _ in recognised if decision.number})
        if typed:
            raise DomainError(
                "Các sáng kiến của đợt đã có số quyết định nhập khi ra quyết định ("
                + ", ".join(typed)
                + "): quyết định đã ban hành ngoài hệ thống, không phát hành thêm."
            )
        facts = round_facts(round_)
        document = build_recognition_decision(
            facts,
            [item for _, item, _ in recognised],
            template_texts(DECISION_KEY, unit_path=facts.unit_path),
        )
        issued = issue_document(
            by=by,
            document=document,
            unit_path=facts.unit_path,
            source=decision_source(round_.pk),
            render=render,
            issued_on=issued_on,
        )
        for decision, _, _ in recognised:
            _write_back(decision, issued, by=by, what="Quyết định công nhận")
    return issued


# -- The certificates ----------------------------------------------------------------------------


def certificate_items(params: Mapping[str, Any]) -> list[BatchItem]:
    """The batch builder of "initiatives.certificates": a Giấy chứng nhận for every author of
    every initiative the round's issued decision recognised, but those already issued (a batch
    stopped half-way is resumed, never doubled).

    One certificate per author, not per initiative: the certificate names its holder (LEGAL.md
    §1.12: recipient, post and unit, achievement), each co-author keeps their own for their
    file (a CSTĐCS or Bằng khen dossier cites it), and the share they contributed is printed on
    it; the initiative's row in the decision is its số sổ vàng."""
    round_ = round_for_documents(int(params["round"]))
    if round_ is None:
        raise DomainError("Không còn đợt chấm này.")
    decision_document = issued_decision(round_)
    if decision_document is None:
        raise DomainError(
            "Chưa phát hành quyết định công nhận của đợt: giấy chứng nhận ghi số quyết định."
        )
    facts = round_facts(round_)
    texts = template_texts(CERTIFICATE_KEY, unit_path=facts.unit_path)
    # The decision is cited as issued by whom its authority line names ("Giám đốc Sở Y tế").
    decision_texts = template_texts(DECISION_KEY, unit_path=facts.unit_path)
    reference = DecisionReference(
        number=decision_document.number_text,
        issued_on=decision_document.issued_on,
        signed_by=fill(decision_texts["authority_line"], round_values(facts)),
    )
    done = issued_certificate_sources(round_)
    items: list[BatchItem] = []
    for order, (decision, item, authorship_ids) in enumerate(recognised_decisions(round_), start=1):
        for authorship_id, author in zip(authorship_ids, item.authors, strict=True):
            source = certificate_source(round_.pk, decision.pk, authorship_id)
            if source in done:
                continue
            document = build_certificate(
                facts, item, author, order=order, decision=reference, texts=texts
            )
            items.append(BatchItem(document=document, unit_path=facts.unit_path, source=source))
    return items


def start_certificates(round_: ReviewRound, *, by: User) -> GenerationJob:
    """Queue the certificates of `round_` (see `certificate_items`); the documents' job page
    shows the progress and offers the ZIP.

    Refuses: no permission or a round not decided; the decision not issued yet; a batch of the
    round still running; every certificate already issued."""
    check_can_issue(round_, by=by)
    with transaction.atomic():
        round_ = _lock(round_)
        if issued_decision(round_) is None:
            raise DomainError(
                "Hãy phát hành quyết định công nhận của đợt trước: giấy chứng nhận ghi số "
                "quyết định."
            )
        running = unfinished_certificate_job(round_)
        if running is not None:
            raise DomainError("Giấy chứng nhận của đợt đang được tạo: hãy chờ lượt tạo xong.")
        recognised = recognised_decisions(round_)
        total = sum(len(ids) for _, _, ids in recognised)
        if total and len(issued_certificate_sources(round_)) >= total:
            raise DomainError(f"Đã tạo đủ {total} giấy chứng nhận của đợt.")
        return start_generation(
            by=by,
            builder=CERTIFICATES_BUILDER,
            params={"round": round_.pk},
            unit_path=round_.council.unit.path,
            title=f"Giấy chứng nhận sáng kiến — {round_.name}",
        )


# -- The notices ---------------------------------------------------------------------------------


def issue_non_recognition_notices(
    round_: ReviewRound,
    *,
    by: User,
    render: Renderer | None = None,
    issued_on: dt.date | None = None,
) -> list[IssuedDocument]:
    """Issue a Thông báo không công nhận sáng kiến ("07/TB-SYT") to the authors of each
    initiative the council refused in `round_` that has none yet, with the council's reasons;
    each notice's number and date are written onto its `Decision`.

    Refuses: no permission or a round not decided; a round whose refusals all have their notice
    (issued here, or numbered when deciding)."""
    check_can_issue(round_, by=by)
    with transaction.atomic():
        round_ = _lock(round_)
        refused = refused_decisions(round_)
        issued_sources = set(
            IssuedDocument.objects.filter(
                source__in=[notice_source(d.pk) for d, _ in refused]
            ).values_list("source", flat=True)
        )
        pending = [
            (decision, item)
            for decision, item in refused
            if notice_source(decision.pk) not in issued_sources and not decision.number
        ]
        if not pending:
            raise DomainError(
                "Mọi sáng kiến không được công nhận của đợt đã có thông báo."
                if refused
                else "Đợt chấm không có sáng kiến nào bị từ chối công nhận."
            )
        facts = round_facts(round_)
        texts = template_texts(NON_RECOGNITION_KEY, unit_path=facts.unit_path)
        issued: list[IssuedDocument] = []
        for decision, item in pending:
            document = issue_document(
                by=by,
                document=build_non_recognition_notice(facts, item, texts),
                unit_path=facts.unit_path,
                source=notice_source(decision.pk),
                render=render,
                issued_on=issued_on,
            )
            _write_back(decision, document, by=by, what="Thông báo không công nhận")
            issued.append(document)
    return issued
