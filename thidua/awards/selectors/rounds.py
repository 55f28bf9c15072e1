"""Reading award rounds, nominations and disclosure feedback, scoped.

A round belongs to its organiser (the Sở, or a unit running its own round): the department
officer holding MANAGE_AWARD_ROUNDS there sees it in every state. Units see the rounds open to
them — organised at or above a unit where they read nominations — once the round is no longer a
draft, and within them only their own nominations. A nomination is read where
VIEW_NOMINATIONS reaches its nominating unit, or by whoever manages its round.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from thidua.accounts.roles import Perm
from thidua.awards import clock
from thidua.awards.domain.eligibility import compile_rulebook
from thidua.awards.domain.rules import AwardSpec, CalendarRules, Evaluation, RulebookSpec
from thidua.awards.domain.snapshots import RuleChange, evaluation_from_json, rule_changes
from thidua.awards.domain.working_days import HolidayTableError, last_working_day
from thidua.awards.enums import NominationStatus, RoundStatus
from thidua.awards.models import (
    AwardRound,
    DisclosureFeedback,
    Nomination,
    NominationAttachment,
    RulebookVersion,
)
from thidua.awards.models.rounds import ACCEPTED_STATUSES
from thidua.awards.selectors.eligibility import rulebook_for_year
from thidua.awards.selectors.facts import collective_facts_for, person_facts_for
from thidua.awards.selectors.rulebook import spec_in_force
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import AnyUser, can, grants_for, scope_q, subtree_q
from thidua.organizations.tree import ancestor_ids

LIVE = ~Q(status=NominationStatus.WITHDRAWN)


def can_manage_round(user: AnyUser, round_: AwardRound) -> bool:
    return can(user, Perm.MANAGE_AWARD_ROUNDS, round_.organiser.path)


def _ancestor_paths(path: str) -> list[str]:
    ids = ancestor_ids(path)
    return ["/" + "/".join(str(i) for i in ids[: n + 1]) + "/" for n in range(len(ids))]


def rounds_visible_to(user: AnyUser) -> QuerySet[AwardRound]:
    """Rounds the user manages (any state) and rounds organised at or above a unit where the
    user reads nominations (not drafts)."""
    managed = scope_q(user, Perm.MANAGE_AWARD_ROUNDS, "organiser__path")
    reaches: set[str] = set()
    for grant in grants_for(user):
        if grant.allows(Perm.VIEW_NOMINATIONS):
            reaches.update(_ancestor_paths(grant.unit_path))
    open_to_units = Q(organiser__path__in=sorted(reaches)) & ~Q(status=RoundStatus.DRAFT)
    return (
        AwardRound.objects.filter(managed | open_to_units)
        .select_related("organiser", "phase")
        .order_by("-year", "-id")
    )


def round_for(user: AnyUser, pk: int) -> AwardRound | None:
    return rounds_visible_to(user).filter(pk=pk).first()


def nominating_units(user: AnyUser, round_: AwardRound) -> list[Unit]:
    """The units the user may nominate for in the round: the units of their grants giving
    NOMINATE that lie in the organiser's subtree (a unit officer nominates as their hospital;
    the department officer as the Sở itself)."""
    ids = [
        grant.unit_id
        for grant in grants_for(user)
        if grant.allows(Perm.NOMINATE) and grant.unit_path.startswith(round_.organiser.path)
    ]
    return list(Unit.objects.filter(pk__in=ids, is_active=True).order_by("path"))


def nominations_visible_to(user: AnyUser, round_: AwardRound) -> QuerySet[Nomination]:
    """The round's nominations the user reads: all for its manager, else those of units where
    the user reads nominations."""
    rows = Nomination.objects.filter(round=round_)
    if not can_manage_round(user, round_):
        rows = rows.filter(scope_q(user, Perm.VIEW_NOMINATIONS, "unit__path"))
    return rows.select_related("unit", "person", "person__unit", "subject_unit").order_by(
        "unit__path", "award_code", "id"
    )


def nomination_for(user: AnyUser, pk: int) -> Nomination | None:
    """One nomination the user reads, else None (a 404 for the page)."""
    item = (
        Nomination.objects.select_related(
            "round",
            "round__organiser",
            "unit",
            "person",
            "person__unit",
            "subject_unit",
            "rulebook_version",
            "check_rulebook_version",
        )
        .filter(pk=pk)
        .first()
    )
    if item is None:
        return None
    if can_manage_round(user, item.round):
        return item
    readable = can(user, Perm.VIEW_NOMINATIONS, item.unit.path)
    return item if readable and item.round.status != RoundStatus.DRAFT else None


def attachments_of(nomination: Nomination) -> list[NominationAttachment]:
    return list(nomination.attachments.select_related("document").order_by("kind", "-id"))


def status_counts(rows: QuerySet[Nomination]) -> dict[str, int]:
    return {
        row["status"]: row["n"] for row in rows.order_by().values("status").annotate(n=Count("id"))
    }


# --- the rulebook and evaluations of a round -------------------------------------------------


@dataclass(frozen=True)
class RoundRulebook:
    version: RulebookVersion
    spec: RulebookSpec

    def awards_of(self, round_: AwardRound) -> list[AwardSpec]:
        return [self.spec.award(code) for code in round_.award_codes if self.spec.has_award(code)]


def rulebook_of(round_: AwardRound) -> RoundRulebook | None:
    """The rulebook that judges the round's year (in force on its last day)."""
    found = rulebook_for_year(round_.year)
    return None if found is None else RoundRulebook(*found)


def evaluate_subject(
    spec: RulebookSpec, award_code: str, year: int, *, person: Person | None, unit: Unit | None
) -> Evaluation:
    """One subject's evaluation for an award and year, from the facts known now."""
    if person is not None:
        facts = person_facts_for(year, Person.objects.filter(pk=person.pk))[person.pk]
    else:
        assert unit is not None  # noqa: S101
        facts = collective_facts_for(year, Unit.objects.filter(pk=unit.pk))[unit.pk]  # type: ignore[assignment]
    return compile_rulebook(spec).evaluate(award_code, facts, year)


@dataclass(frozen=True)
class Candidate:
    """A subject the platform suggests for an award: eligible ones first."""

    person: Person | None
    unit: Unit | None
    evaluation: Evaluation
    nominated: bool  # already in the round for this award (by any unit)

    @property
    def label(self) -> str:
        return self.person.full_name if self.person is not None else str(self.unit)

    @property
    def subject_key(self) -> str:
        return f"person:{self.person.pk}" if self.person is not None else f"unit:{self.unit_pk}"

    @property
    def unit_pk(self) -> int:
        return self.unit.pk if self.unit is not None else 0


def candidates_for(
    round_: AwardRound, unit: Unit, award: AwardSpec, spec: RulebookSpec
) -> list[Candidate]:
    """Every person (an individual award) or collective (a collective one) of `unit`'s subtree,
    judged for `award` in the round's year in bulk: eligible first, then by name. A fixed number
    of queries whatever the number of subjects."""
    taken_people: set[int] = set()
    taken_units: set[int] = set()
    for person_id, unit_id in Nomination.objects.filter(
        LIVE, round=round_, award_code=award.code
    ).values_list("person_id", "subject_unit_id"):
        if person_id:
            taken_people.add(person_id)
        if unit_id:
            taken_units.add(unit_id)
    book = compile_rulebook(spec)
    out: list[Candidate] = []
    if award.subject == "individual":
        people_qs = Person.objects.filter(
            is_active=True, unit__in=Unit.objects.filter(subtree_q("path", unit.path))
        )
        people = list(people_qs.select_related("unit").order_by("sort_name", "staff_code"))
        facts = person_facts_for(round_.year, people_qs)
        evaluations = book.evaluate_many(award.code, [facts[p.pk] for p in people], round_.year)
        out = [
            Candidate(p, None, e, p.pk in taken_people)
            for p, e in zip(people, evaluations, strict=True)
        ]
    else:
        units_qs = Unit.objects.filter(subtree_q("path", unit.path), is_active=True)
        units = list(units_qs.order_by("path"))
        unit_facts = collective_facts_for(round_.year, units_qs)
        evaluations = book.evaluate_many(award.code, [unit_facts[u.pk] for u in units], round_.year)
        out = [
            Candidate(None, u, e, u.pk in taken_units)
            for u, e in zip(units, evaluations, strict=True)
        ]
    return sorted(out, key=lambda c: not c.evaluation.eligible)


# --- thẩm định ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recheck:
    """The evaluation stored at submission beside the one made now (the rulebook in force, the
    facts known now), with every rule whose answer changed."""

    submitted: Evaluation | None
    now: Evaluation
    version: RulebookVersion
    changes: tuple[RuleChange, ...]


def recheck(nomination: Nomination) -> Recheck | None:
    """Re-run the nomination's evaluation; None when no rulebook judges the round's year."""
    rulebook = rulebook_of(nomination.round)
    if rulebook is None or not rulebook.spec.has_award(nomination.award_code):
        return None
    now = evaluate_subject(
        rulebook.spec,
        nomination.award_code,
        nomination.round.year,
        person=nomination.person,
        unit=nomination.subject_unit,
    )
    submitted = evaluation_from_json(nomination.evaluation) if nomination.evaluation else None
    changes = rule_changes(submitted, now) if submitted is not None else ()
    return Recheck(submitted, now, rulebook.version, changes)


def stored_evaluation(nomination: Nomination) -> Evaluation | None:
    return evaluation_from_json(nomination.evaluation) if nomination.evaluation else None


def stored_check_evaluation(nomination: Nomination) -> Evaluation | None:
    return (
        evaluation_from_json(nomination.check_evaluation) if nomination.check_evaluation else None
    )


# --- disclosure ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisclosurePeriod:
    start: dt.date
    end: dt.date
    working_days: int

    def is_open_on(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def disclosure_end(start: dt.date, working_days: int) -> dt.date:
    """The last day of `working_days` working days opening on `start`: the statutory holidays
    and the calendar changes (hoán đổi ngày làm việc) of the rulebook in force on `start`.
    Raises HolidayTableError beyond the holiday table."""
    found = spec_in_force(start)
    calendar = found[1].calendar if found is not None else CalendarRules()
    return last_working_day(
        start, working_days, extra_off=calendar.days_off, worked=calendar.days_worked
    )


def disclosure_period(round_: AwardRound) -> DisclosurePeriod | None:
    """The period the accepted list is disclosed: from its start for its number of working days
    (None before it is set, or when the holiday table does not cover it)."""
    if round_.disclosure_start is None:
        return None
    try:
        end = disclosure_end(round_.disclosure_start, round_.disclosure_working_days)
    except HolidayTableError:
        return None
    return DisclosurePeriod(round_.disclosure_start, end, round_.disclosure_working_days)


def is_feedback_open(round_: AwardRound, today: dt.date | None = None) -> bool:
    period = disclosure_period(round_)
    day = today or clock.today()
    return round_.status == RoundStatus.DISCLOSURE and period is not None and period.is_open_on(day)


def disclosed_list(round_: AwardRound) -> list[Nomination]:
    """The accepted nominations of the round, by unit, award and name: what is disclosed."""
    return list(
        Nomination.objects.filter(round=round_, status__in=ACCEPTED_STATUSES)
        .select_related("unit", "person", "person__unit", "subject_unit")
        .order_by("unit__path", "award_code", "person__sort_name", "subject_unit__path", "id")
    )


def public_rounds() -> QuerySet[AwardRound]:
    """Rounds whose list is on the public page (no login): public and disclosed or later."""
    return AwardRound.objects.filter(
        disclosure_public=True,
        status__in=[RoundStatus.DISCLOSURE, RoundStatus.COUNCIL, RoundStatus.DECIDED],
    ).select_related("organiser")


def feedback_of(round_: AwardRound) -> list[DisclosureFeedback]:
    return list(
        DisclosureFeedback.objects.filter(round=round_)
        .select_related(
            "nomination", "nomination__person", "nomination__subject_unit", "answered_by"
        )
        .order_by("received_at", "id")
    )


def unanswered_count(round_: AwardRound) -> int:
    return DisclosureFeedback.objects.filter(round=round_, answered_at__isnull=True).count()


def award_names_of(spec: RulebookSpec | None) -> dict[str, str]:
    return {} if spec is None else {award.code: award.name for award in spec.awards}


def subjects_label(items: Sequence[Nomination]) -> str:
    return ", ".join(item.subject_name for item in items)
