"""The facts the council's and the decisions' documents are built from (`council_documents`),
read in a fixed number of queries."""

from django.db.models import QuerySet

from thidua.awards.council_documents.builders import (
    CandidateLine,
    CountLine,
    DecisionFacts,
    MemberLine,
    RecipientLine,
    SessionFacts,
)
from thidua.awards.domain.rules import RulebookSpec
from thidua.awards.models import (
    AgendaItem,
    AwardDecision,
    BallotMark,
    CouncilSession,
    DecisionRecipient,
    Nomination,
    SessionAttendance,
)
from thidua.awards.models.councils import CouncilRole
from thidua.awards.selectors.rulebook import spec_of
from thidua.documents.models import IssuedDocument
from thidua.organizations.documents import head_name, issuer_for

CERTIFICATES_BUILDER = "awards.certificates"


def tally_source(session_id: int) -> str:
    return f"awards.tally:{session_id}"


def minutes_source(session_id: int) -> str:
    return f"awards.minutes:{session_id}"


def decision_source(decision_id: int) -> str:
    return f"awards.decision:{decision_id}"


def certificate_source(decision_id: int, recipient_id: int) -> str:
    return f"awards.certificate:{decision_id}:{recipient_id}"


def issued_by_source(sources: list[str]) -> dict[str, IssuedDocument]:
    return {doc.source: doc for doc in IssuedDocument.objects.filter(source__in=sources)}


def award_name(spec: RulebookSpec, code: str) -> str:
    return spec.award(code).name if spec.has_award(code) else code


def subject_detail(nomination: Nomination) -> str:
    """ "Điều dưỡng trưởng, Khoa Nội" for a person; the parent unit for a collective."""
    if nomination.person is not None:
        person = nomination.person
        return ", ".join(part for part in (person.position, person.unit.name) if part)
    unit = nomination.subject_unit
    return unit.parent.name if unit is not None and unit.parent is not None else ""


def candidate_line(nomination: Nomination, spec: RulebookSpec) -> CandidateLine:
    return CandidateLine(
        name=nomination.subject_name,
        detail=subject_detail(nomination),
        award_name=award_name(spec, nomination.award_code),
        override=nomination.override_justification.strip(),
    )


def agenda_items(session: CouncilSession) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.filter(session=session)
        .select_related(
            "nomination__person__unit", "nomination__subject_unit__parent", "nomination__unit"
        )
        .order_by("order", "id")
    )


def session_facts(session: CouncilSession) -> SessionFacts:
    council = session.council
    members = list(SessionAttendance.objects.filter(session=session).select_related("member__user"))
    role_name = {
        row.member.role: row.member.user.display_name for row in members if row.member.role
    }
    written = (
        BallotMark.objects.filter(item__session=session, written=True)
        .values("member")
        .distinct()
        .count()
    )
    return SessionFacts(
        session_id=session.pk,
        council_name=council.name,
        unit_name=council.unit.name,
        unit_path=council.unit.path,
        round_name=session.round.name,
        year=session.round.year,
        meeting_date=session.meeting_date,
        place=session.place,
        issuer=issuer_for(council.unit),
        chair_name=role_name.get(CouncilRole.CHAIR, ""),
        secretary_name=role_name.get(CouncilRole.SECRETARY, ""),
        members_total=session.members_total,
        present=sum(1 for row in members if row.present),
        written=written,
    )


def member_lines(session: CouncilSession) -> list[MemberLine]:
    written = set(
        BallotMark.objects.filter(item__session=session, written=True).values_list(
            "member_id", flat=True
        )
    )
    return [
        MemberLine(
            name=row.member.user.display_name,
            role=row.member.get_role_display(),
            present=row.present,
            written=row.member_id in written,
        )
        for row in SessionAttendance.objects.filter(session=session)
        .select_related("member__user")
        .order_by("member__order", "member_id")
    ]


def _rule_text(spec: RulebookSpec, code: str) -> str:
    share = spec.award(code).vote_share if spec.has_award(code) else None
    if share is None:
        return f"trên {round(spec.council.majority * 100)}%"
    return f"từ {round(share * 100)}%"


def count_lines(session: CouncilSession) -> list[CountLine]:
    """The closed session's result per agenda item, as stored when it closed."""
    spec = spec_of(session.rulebook_version)
    return [
        CountLine(
            candidate=candidate_line(item.nomination, spec),
            approve=item.approve or 0,
            reject=item.reject or 0,
            written_approve=item.written_approve or 0,
            needed=item.needed or 0,
            rule=_rule_text(spec, item.nomination.award_code),
            passed=bool(item.passed),
        )
        for item in agenda_items(session)
    ]


def recipients_of(decision: AwardDecision) -> QuerySet[DecisionRecipient]:
    return (
        DecisionRecipient.objects.filter(decision=decision)
        .select_related(
            "person__unit",
            "subject_unit__parent",
            "nomination__person__unit",
            "nomination__subject_unit__parent",
            "record",
        )
        .order_by("register_number")
    )


def recipient_line(recipient: DecisionRecipient) -> RecipientLine:
    return RecipientLine(
        register_number=recipient.register_number,
        name=recipient.subject_name,
        detail=subject_detail(recipient.nomination),
        award_name=recipient.award_name,
        award_kind=recipient.award_kind,
        is_person=recipient.is_person,
        amount=recipient.amount,
        override=recipient.nomination.override_justification.strip(),
    )


def decision_facts(decision: AwardDecision) -> DecisionFacts:
    session = decision.session
    unit = decision.unit
    return DecisionFacts(
        decision_id=decision.pk,
        unit_name=unit.name,
        unit_path=unit.path,
        council_name=session.council.name,
        round_name=decision.round.name,
        year=decision.round.year,
        meeting_date=session.meeting_date,
        issuer=issuer_for(unit),
        head_name=head_name(unit),
        department_level=unit.parent_id is None,
        base_salary=decision.base_salary,
    )
