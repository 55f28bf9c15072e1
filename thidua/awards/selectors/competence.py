"""The deciding level of a unit (thẩm quyền, LEGAL.md §1.4): the Sở is "department", a unit of
the Sở (bệnh viện, trung tâm, …) "unit". No unit of the tree is the city: the city's awards are
always proposed upward."""

from collections.abc import Iterable
from dataclasses import dataclass

from thidua.awards.domain.competence import decides
from thidua.awards.domain.rules import DecidingLevel
from thidua.awards.models import AgendaItem, CouncilSession
from thidua.awards.selectors.rulebook import spec_of
from thidua.documents.models import IssuedDocument
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Unit


def organiser_level(unit: Unit) -> DecidingLevel:
    return "department" if unit.kind == UnitKind.DEPARTMENT else "unit"


def upward_proposal_source(session_id: int) -> str:
    """The register source of a session's Tờ trình đề nghị khen thưởng cấp trên."""
    return f"awards.upward_proposal:{session_id}"


@dataclass(frozen=True)
class UpwardState:
    """For a closed session's page: how many passed the vote for an award a higher level
    decides, and the tờ trình proposing them once issued."""

    count: int
    document: IssuedDocument | None


def upward_state(session: CouncilSession, items: Iterable[AgendaItem]) -> UpwardState:
    """`items`: the session's agenda, each with its nomination loaded. Two queries."""
    spec = spec_of(session.rulebook_version)
    level = organiser_level(session.council.unit)
    count = sum(
        1
        for item in items
        if item.passed and not decides(spec, item.nomination.award_code, level=level)
    )
    source = upward_proposal_source(session.pk)
    document = IssuedDocument.objects.filter(source=source).first() if count else None
    return UpwardState(count=count, document=document)
