"""Issuing the nomination documents through the documents engine, by the nominating unit: the
tờ trình (Mẫu số 01) of its list in a round, attached to every nomination of the list, and the
báo cáo thành tích of one nomination, attached to it. `issue_document` checks
"documents.issue_document" at the unit, numbers, renders, stores and audits."""

from django.db import transaction

from thidua.accounts.models import User
from thidua.awards.documents.builders import (
    AchievementFacts,
    ProposalFacts,
    ProposalLine,
    RuleLine,
    build_achievement_report,
    build_proposal,
)
from thidua.awards.documents.specs import ACHIEVEMENT_REPORT, PROPOSAL
from thidua.awards.enums import AttachmentKind, NominationStatus
from thidua.awards.models import AwardRecord, AwardRound, Nomination, NominationAttachment
from thidua.awards.selectors.rounds import rulebook_of, stored_evaluation
from thidua.awards.selectors.rulebook import award_names
from thidua.awards.services.inputs import refuse
from thidua.awards.services.nominations import EDITABLE, _check_nominator
from thidua.core.audit import record_audit
from thidua.core.models import AuditAction
from thidua.documents.models import IssuedDocument
from thidua.documents.services.issuing import Renderer, issue_document
from thidua.documents.services.templates import template_texts
from thidua.organizations.documents import head_name, issuer_for
from thidua.organizations.enums import Gender
from thidua.organizations.models import Unit


def _attach(nomination: Nomination, kind: str, document: IssuedDocument, *, by: User) -> None:
    item = NominationAttachment.objects.create(
        nomination=nomination,
        kind=kind,
        document=document,
        original_name=f"{document.kind_name} số {document.number_text}",
        description=document.summary[:255],
        uploaded_by=by,
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=item,
        unit_path=nomination.unit.path,
        changes={"kind": [None, kind], "document": [None, document.pk]},
    )


def _detail(nomination: Nomination) -> str:
    if nomination.person is not None:
        person = nomination.person
        return ", ".join(part for part in (person.position, person.unit.name) if part)
    return "Tập thể"


def issue_proposal(
    *, by: User, round_: AwardRound, unit: Unit, render: Renderer | None = None
) -> IssuedDocument:
    """Issue the unit's tờ trình for its nominations being prepared or returned in the round
    and attach it to each. Refuses an empty list."""
    _check_nominator(by, unit)
    items = list(
        Nomination.objects.filter(round=round_, unit=unit, status__in=EDITABLE)
        .select_related("person", "person__unit", "subject_unit", "unit")
        .order_by("award_code", "person__sort_name", "subject_unit__path", "id")
    )
    if not items:
        refuse("Danh sách đề nghị của đơn vị đang trống: chưa lập được tờ trình.", by=by)
    names = award_names()
    lines = [
        ProposalLine(
            subject=item.subject_name,
            detail=_detail(item),
            award=names.get(item.award_code, item.award_code),
            justification=item.override_justification,
        )
        for item in items
    ]
    facts = ProposalFacts(
        issuer=issuer_for(unit),
        unit_name=unit.name,
        organiser_name=round_.organiser.name,
        round_name=round_.name,
        year=round_.year,
        head_name=head_name(unit),
        collectives=sum(1 for item in items if item.subject_unit_id),
        individuals=sum(1 for item in items if item.person_id),
    )
    document = build_proposal(facts, lines, template_texts(PROPOSAL, unit_path=unit.path))
    with transaction.atomic():
        issued = issue_document(
            by=by,
            document=document,
            unit_path=unit.path,
            source=f"{PROPOSAL}:{round_.pk}:{unit.pk}",
            render=render,
        )
        for item in items:
            _attach(item, AttachmentKind.PROPOSAL, issued, by=by)
    return issued


def _result_label(passed: bool, council: bool) -> str:
    if council:
        return "Hội đồng xem xét"
    return "Đạt" if passed else "Chưa đạt"


def issue_achievement_report(
    *, by: User, nomination: Nomination, render: Renderer | None = None
) -> IssuedDocument:
    """Issue the báo cáo thành tích of a nomination being prepared or returned (from its data,
    its evaluation and the subject's past awards) and attach it."""
    unit = nomination.unit
    _check_nominator(by, unit)
    if nomination.status not in (NominationStatus.DRAFT, NominationStatus.RETURNED):
        refuse("Chỉ lập báo cáo thành tích cho đề nghị đang lập hoặc bị trả lại.", by=by)
    round_ = nomination.round
    evaluation = stored_evaluation(nomination)
    rulebook = rulebook_of(round_)
    award_name = (
        rulebook.spec.award(nomination.award_code).name
        if rulebook is not None and rulebook.spec.has_award(nomination.award_code)
        else nomination.award_code
    )
    names = award_names()
    profile: tuple[tuple[str, str], ...]
    if nomination.person is not None:
        person = nomination.person
        honorific = "bà" if person.gender == Gender.FEMALE else "ông"
        subject = f"{honorific} {person.full_name}"
        profile = (
            ("Họ và tên", person.full_name),
            ("Giới tính", person.gender_label),
            ("Ngày sinh", f"{person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else "—"),
            ("Chức vụ, chức danh", person.position or "—"),
            ("Đơn vị công tác", person.unit.name),
        )
        records = AwardRecord.objects.filter(person=person, revoked=False)
    else:
        collective = nomination.subject_unit
        assert collective is not None  # noqa: S101
        subject = collective.name
        profile = (("Tên tập thể", collective.name), ("Mã đơn vị", collective.code))
        records = AwardRecord.objects.filter(unit=collective, revoked=False)
    history = tuple(
        (
            str(record.year),
            names.get(record.award_code, record.award_code)
            + (" (chuyên đề)" if record.thematic else ""),
            ", ".join(
                part
                for part in (
                    record.decision_number,
                    f"{record.decision_date:%d/%m/%Y}" if record.decision_date else "",
                )
                if part
            )
            or "—",
        )
        for record in records.order_by("-year", "award_code")[:20]
    )
    facts = AchievementFacts(
        issuer=issuer_for(unit),
        unit_name=unit.name,
        organiser_name=round_.organiser.name,
        year=round_.year,
        head_name=head_name(unit),
        subject=subject,
        award_name=award_name,
        profile=profile,
        achievements=nomination.achievement_summary,
        history=history,
        rules=tuple(
            RuleLine(
                r.description or r.code,
                _result_label(r.passed, r.needs_council),
                r.explanation_vi,
                r.citation,
            )
            for r in (evaluation.results if evaluation is not None else ())
        ),
        rulebook_version=evaluation.rulebook_version if evaluation is not None else "",
        eligible=bool(evaluation and evaluation.eligible),
        justification=nomination.override_justification,
    )
    document = build_achievement_report(
        facts, template_texts(ACHIEVEMENT_REPORT, unit_path=unit.path)
    )
    with transaction.atomic():
        issued = issue_document(
            by=by,
            document=document,
            unit_path=unit.path,
            source=f"{ACHIEVEMENT_REPORT}:{nomination.pk}",
            render=render,
        )
        _attach(nomination, AttachmentKind.ACHIEVEMENT_REPORT, issued, by=by)
    return issued
