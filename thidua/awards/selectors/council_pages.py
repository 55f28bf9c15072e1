"""What the council and decision pages read beyond `selectors.councils`: the councils, sessions
and decisions a reader may open (404 otherwise), the rounds a council may meet on, the people
who may join it, the quorum of a session as the rulebook counts it, each agenda item's stored
evaluation, and a decision's recipients with its issued documents.

Nothing here reads a choice of a ballot: choices are never stored with a voter
(`models.councils`)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from thidua.accounts.models import User
from thidua.awards.domain.rules import Evaluation
from thidua.awards.domain.snapshots import evaluation_from_json
from thidua.awards.domain.votes import QuorumResult, quorum
from thidua.awards.enums import RoundStatus
from thidua.awards.models import (
    AgendaItem,
    AwardCouncil,
    AwardDecision,
    AwardRound,
    CouncilSession,
    DecisionRecipient,
)
from thidua.awards.selectors.council_documents import (
    CERTIFICATES_BUILDER,
    award_name,
    certificate_source,
    issued_by_source,
    minutes_source,
    recipients_of,
    subject_detail,
    tally_source,
)
from thidua.awards.selectors.councils import councils_visible_to, sessions_visible_to
from thidua.awards.selectors.rulebook import spec_of
from thidua.documents.models import GenerationJob, IssuedDocument
from thidua.organizations.scoping import AnyUser


def council_for(user: AnyUser, pk: int) -> AwardCouncil | None:
    """The council `pk` when the reader may see it (None: a 404)."""
    return councils_visible_to(user).select_related("unit").filter(pk=pk).first()


def session_for(user: AnyUser, pk: int) -> CouncilSession | None:
    return (
        sessions_visible_to(user)
        .select_related("council__unit", "round", "rulebook_version")
        .filter(pk=pk)
        .first()
    )


def decision_for(user: AnyUser, pk: int) -> AwardDecision | None:
    """A decision is read by whoever reads its session."""
    return (
        AwardDecision.objects.filter(session__in=sessions_visible_to(user).values("pk"), pk=pk)
        .select_related(
            "unit", "round", "session__council", "created_by", "reviewed_by", "document"
        )
        .first()
    )


def council_rounds(council: AwardCouncil) -> QuerySet[AwardRound]:
    """The rounds of the council's unit handed to the council (a session may open on them)."""
    return AwardRound.objects.filter(organiser=council.unit, status=RoundStatus.COUNCIL).order_by(
        "-year", "name"
    )


def member_candidates(council: AwardCouncil) -> QuerySet[User]:
    """Active users holding a role in the council's unit or below, not yet members."""
    return (
        User.objects.filter(
            is_active=True, role_assignments__unit__path__startswith=council.unit.path
        )
        .exclude(award_councils__council=council)
        .distinct()
        .order_by("full_name", "username")
    )


def session_quorum(session: CouncilSession, present: int) -> QuorumResult:
    """Present against required, with the rulebook in force on the meeting date."""
    spec = spec_of(session.rulebook_version)
    return quorum(session.members_total, present, spec.council)


@dataclass(frozen=True)
class AgendaLine:
    """An agenda item as the session page shows it: who, which award, the evaluation stored at
    thẩm định (or at submission) and the override justification, which stays visible."""

    item: AgendaItem
    award_name: str
    detail: str
    evaluation: Evaluation | None
    override: str
    marks: int
    voted_by_me: bool

    @property
    def failures(self) -> int:
        return 0 if self.evaluation is None else len(self.evaluation.failures)


def agenda_lines(
    session: CouncilSession, rows: list[tuple[AgendaItem, int, bool]]
) -> list[AgendaLine]:
    spec = spec_of(session.rulebook_version)
    lines = []
    for item, marks, mine in rows:
        nomination = item.nomination
        stored = nomination.check_evaluation or nomination.evaluation
        try:
            evaluation = evaluation_from_json(stored) if stored else None
        except (KeyError, TypeError, ValueError):
            evaluation = None
        lines.append(
            AgendaLine(
                item=item,
                award_name=award_name(spec, nomination.award_code),
                detail=subject_detail(nomination),
                evaluation=evaluation,
                override=nomination.override_justification.strip(),
                marks=marks,
                voted_by_me=mine,
            )
        )
    return lines


def session_records(session: CouncilSession) -> list[IssuedDocument]:
    """The Biên bản kiểm phiếu and the Biên bản họp, once issued (in that order)."""
    found = issued_by_source([tally_source(session.pk), minutes_source(session.pk)])
    return [
        found[source]
        for source in (tally_source(session.pk), minutes_source(session.pk))
        if source in found
    ]


def decision_of(session: CouncilSession) -> AwardDecision | None:
    return AwardDecision.objects.filter(session=session).first()


@dataclass(frozen=True)
class DecisionPage:
    decision: AwardDecision
    recipients: list[DecisionRecipient]
    total: Decimal
    certificates: int  # issued so far
    job: GenerationJob | None  # the latest batch of certificates


def decision_page(decision: AwardDecision) -> DecisionPage:
    recipients = list(recipients_of(decision))
    done = issued_by_source([certificate_source(decision.pk, r.pk) for r in recipients])
    job = (
        GenerationJob.objects.filter(builder=CERTIFICATES_BUILDER, params__decision=decision.pk)
        .order_by("-id")
        .first()
    )
    return DecisionPage(
        decision=decision,
        recipients=recipients,
        total=sum(
            (r.amount for r in recipients if not (r.record and r.record.revoked)), Decimal(0)
        ),
        certificates=len(done),
        job=job,
    )
