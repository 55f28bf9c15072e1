"""Reads behind the official documents of a round: its facts and its recognised and refused
initiatives as the pure builders take them (`official_documents`), and what has been issued
already (the documents engine's register, found by the `source` each document was issued with).

Sources: "initiatives.decision:<round>" (the round's decision), "initiatives.certificate:
<round>:<decision>:<authorship>" (one certificate per author), "initiatives.non_recognition:
<decision>" (one notice per refused initiative).
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Max, Prefetch, QuerySet

from thidua.accounts.roles import Perm
from thidua.documents.models import GenerationJob, IssuedDocument, JobStatus
from thidua.initiatives.enums import CouncilLevel, RoundStatus, SolutionKind
from thidua.initiatives.models import Authorship, Decision, ReviewRound, RoundEntry
from thidua.initiatives.official_documents import (
    AuthorLine,
    RecognisedItem,
    RefusedItem,
    RoundFacts,
)
from thidua.initiatives.selectors.decisions import chair_name
from thidua.organizations.documents import head_name, issuer_for

CERTIFICATES_BUILDER = "initiatives.certificates"
_UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)


def decision_source(round_pk: int) -> str:
    return f"initiatives.decision:{round_pk}"


def certificate_source(round_pk: int, decision_pk: int, authorship_pk: int) -> str:
    return f"initiatives.certificate:{round_pk}:{decision_pk}:{authorship_pk}"


def notice_source(decision_pk: int) -> str:
    return f"initiatives.non_recognition:{decision_pk}"


def round_for_documents(pk: int) -> ReviewRound | None:
    """The round with what its documents print: the council's unit, its parent (the superior
    agency) and head."""
    return (
        ReviewRound.objects.select_related("council__unit__parent", "council__unit__head", "rubric")
        .filter(pk=pk)
        .first()
    )


def round_facts(round_: ReviewRound) -> RoundFacts:
    """The round's facts; the meeting date is the council's latest decision date among the
    decisions not yet carried by an issued document (issuing replaces a decision's date with
    the document's)."""
    council = round_.council
    unit = council.unit
    pending = Decision.objects.filter(round=round_, number="").aggregate(last=Max("date"))["last"]
    meeting = pending or Decision.objects.filter(round=round_).aggregate(last=Max("date"))["last"]
    return RoundFacts(
        round_id=round_.pk,
        round_name=round_.name,
        council_name=council.name,
        department_level=council.level == CouncilLevel.DEPARTMENT,
        year=council.year,
        unit_name=unit.name,
        unit_path=unit.path,
        meeting_date=meeting,
        issuer=issuer_for(unit),
        head_name=head_name(unit),
        chair_name=chair_name(council),
    )


def _authors_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "initiative__authors",
        queryset=Authorship.objects.select_related("person__unit").order_by("order", "pk"),
    )


def _decisions(round_: ReviewRound, *, recognised: bool) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(round=round_, recognised=recognised)
        .select_related("initiative__unit", "initiative__area", "rule")
        .prefetch_related(_authors_prefetch())
        .order_by("initiative__code", "pk")
    )


def _author_line(authorship: Authorship, initiative_unit: str) -> AuthorLine:
    person = authorship.person
    if person is None:
        return AuthorLine(
            name=authorship.external_name,
            share=authorship.share,
            workplace=authorship.external_workplace,
        )
    parts = [person.position, person.unit.name]
    if person.unit.name != initiative_unit:
        parts.append(initiative_unit)
    return AuthorLine(
        name=person.full_name,
        share=authorship.share,
        workplace=", ".join(part for part in parts if part),
    )


def _authors(decision: Decision) -> tuple[tuple[int, AuthorLine], ...]:
    unit = decision.initiative.unit.name
    return tuple((a.pk, _author_line(a, unit)) for a in decision.initiative.authors.all())


def recognised_decisions(
    round_: ReviewRound,
) -> list[tuple[Decision, RecognisedItem, tuple[int, ...]]]:
    """Each recognised decision of the round, with the item the decision's table lists and the
    authorship ids (in the order of its authors), in the list's order (by initiative code)."""
    result = []
    for decision in _decisions(round_, recognised=True):
        initiative = decision.initiative
        authors = _authors(decision)
        item = RecognisedItem(
            decision_id=decision.pk,
            code=initiative.code,
            title=initiative.title,
            authors=tuple(line for _, line in authors),
            unit_name=initiative.unit.name,
            field=initiative.area.name
            if initiative.area is not None
            else SolutionKind(initiative.kind).label,
            level=decision.get_level_display(),
            scope=initiative.get_scope_display(),
            mean_score=decision.mean_score,
        )
        result.append((decision, item, tuple(pk for pk, _ in authors)))
    return result


def refused_decisions(round_: ReviewRound) -> list[tuple[Decision, RefusedItem]]:
    result = []
    for decision in _decisions(round_, recognised=False):
        initiative = decision.initiative
        result.append(
            (
                decision,
                RefusedItem(
                    decision_id=decision.pk,
                    code=initiative.code,
                    title=initiative.title,
                    authors=tuple(line for _, line in _authors(decision)),
                    unit_name=initiative.unit.name,
                    reasons=decision.reasons,
                    votes_for=decision.votes_for,
                    members_total=decision.members_total,
                    share=f"{decision.rule.pass_numerator}/{decision.rule.pass_denominator}",
                    decided_on=decision.date,
                ),
            )
        )
    return result


def issued_decision(round_: ReviewRound) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(source=decision_source(round_.pk)).first()


def issued_certificate_sources(round_: ReviewRound) -> set[str]:
    prefix = certificate_source(round_.pk, 0, 0).rsplit(":", 2)[0] + ":"
    return set(
        IssuedDocument.objects.filter(source__startswith=prefix).values_list("source", flat=True)
    )


def unfinished_certificate_job(round_: ReviewRound) -> GenerationJob | None:
    return (
        GenerationJob.objects.filter(
            builder=CERTIFICATES_BUILDER, params__round=round_.pk, status__in=_UNFINISHED
        )
        .order_by("-pk")
        .first()
    )


def undecided_count(round_: ReviewRound) -> int:
    entries = RoundEntry.objects.filter(round=round_).count()
    return max(entries - Decision.objects.filter(round=round_).count(), 0)


@dataclass(frozen=True)
class NoticeLine:
    decision: Decision
    document: IssuedDocument | None


@dataclass(frozen=True)
class RoundPapers:
    """What the round's results page shows of its documents, and which buttons it offers."""

    round: ReviewRound
    decided: bool
    can_issue: bool
    can_download: bool
    decision_document: IssuedDocument | None
    # Numbers typed when deciding (a decision issued outside the system): nothing to issue.
    typed_numbers: list[str]
    recognised: int
    certificates_total: int
    certificates_issued: int
    last_certificate_job: GenerationJob | None
    notices: list[NoticeLine]

    @property
    def certificates_pending(self) -> int:
        return self.certificates_total - self.certificates_issued

    @property
    def notices_pending(self) -> int:
        return sum(1 for line in self.notices if line.document is None and not line.decision.number)

    @property
    def job_running(self) -> bool:
        job = self.last_certificate_job
        return job is not None and job.status in _UNFINISHED


def round_papers(round_: ReviewRound, user: Any, decisions: Sequence[Decision]) -> RoundPapers:
    """The documents of `round_` for its results page (`decisions`: the round's, as the page
    loaded them, each with its initiative). No query for a user who may neither issue nor
    download the council's documents, or while the round is undecided; four otherwise, whatever
    the number of initiatives."""
    ordered = sorted(decisions, key=lambda d: (d.initiative.code, d.pk))
    recognised = [d for d in ordered if d.recognised]
    refused = [d for d in ordered if not d.recognised]
    # Judged by the grants the request already loaded (has_perm), not by a query each.
    unit = round_.council.unit
    can_issue = bool(user.has_perm(Perm.ISSUE_DOCUMENT.value, unit))
    can_download = bool(user.has_perm(Perm.VIEW_DOCUMENT.value, unit))
    decided = round_.status == RoundStatus.DECIDED
    papers = RoundPapers(
        round=round_,
        decided=decided,
        can_issue=can_issue,
        can_download=can_download,
        decision_document=None,
        typed_numbers=sorted({d.number for d in recognised if d.number}),
        recognised=len(recognised),
        certificates_total=0,
        certificates_issued=0,
        last_certificate_job=None,
        notices=[NoticeLine(d, None) for d in refused],
    )
    if not decided or not (can_issue or can_download):
        return papers
    sources = {notice_source(d.pk) for d in refused} | {decision_source(round_.pk)}
    documents = {doc.source: doc for doc in IssuedDocument.objects.filter(source__in=sources)}
    decision_document = documents.get(decision_source(round_.pk))
    return replace(
        papers,
        decision_document=decision_document,
        typed_numbers=[] if decision_document is not None else papers.typed_numbers,
        certificates_total=Authorship.objects.filter(
            initiative_id__in=[d.initiative_id for d in recognised]
        ).count(),
        certificates_issued=len(issued_certificate_sources(round_)),
        last_certificate_job=GenerationJob.objects.filter(
            builder=CERTIFICATES_BUILDER, params__round=round_.pk
        )
        .order_by("-pk")
        .first(),
        notices=[NoticeLine(d, documents.get(notice_source(d.pk))) for d in refused],
    )
