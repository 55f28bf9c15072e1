"""Personal registrations: the head's and officer's lists, a person's own rounds."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from thidua.accounts.roles import Perm, has_anywhere
from thidua.core.text import search_tokens
from thidua.movements.enums import ApprovalStatus
from thidua.movements.models import PersonalRegistration, RegistrationRound
from thidua.movements.selectors.registrations.participants import movements_of_person
from thidua.movements.selectors.registrations.rounds import effective_deadline
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import AnyUser, grants_for, scope_q, subtree_q

# Who may list the personal registrations of a unit: its head (approves), its officer (registers
# people in bulk) and the department.
_PERSONAL_LIST_PERMS = (
    Perm.APPROVE_PERSONAL_REGISTRATION,
    Perm.REGISTER_UNIT,
    Perm.APPROVE_UNIT_REGISTRATION,
)


def personal_registrations_visible_to(user: AnyUser) -> QuerySet[PersonalRegistration]:
    """Registrations of people whose registered unit the user heads, registers for or approves
    for the department, plus the user's own."""
    condition = Q(pk__in=[])
    for perm in _PERSONAL_LIST_PERMS:
        condition |= scope_q(user, perm, "unit__path")
    if user.is_authenticated:
        condition |= Q(person__user_id=user.pk)
    return PersonalRegistration.objects.filter(condition)


def personal_registrations_to_decide(user: AnyUser) -> QuerySet[PersonalRegistration]:
    """Registrations of units the user heads (APPROVE_PERSONAL_REGISTRATION scope)."""
    return PersonalRegistration.objects.filter(
        scope_q(user, Perm.APPROVE_PERSONAL_REGISTRATION, "unit__path")
    )


def can_list_personal_registrations(user: AnyUser) -> bool:
    grants = grants_for(user)
    return any(has_anywhere(grants, perm) for perm in _PERSONAL_LIST_PERMS)


def personal_registrations_of_round(
    user: AnyUser,
    round_: RegistrationRound,
    *,
    status: str = "",
    unit: Unit | None = None,
    query: str = "",
) -> QuerySet[PersonalRegistration]:
    """The round's personal registrations the user may list (not their own: the list is for
    heads and officers), by unit then name."""
    condition = Q(pk__in=[])
    for perm in _PERSONAL_LIST_PERMS:
        condition |= scope_q(user, perm, "unit__path")
    registrations = PersonalRegistration.objects.filter(condition, round=round_)
    if status:
        registrations = registrations.filter(status=status)
    if unit is not None:
        registrations = registrations.filter(subtree_q("unit__path", unit.path))
    for token in search_tokens(query)[:6]:
        registrations = registrations.filter(person__search_text__contains=" " + token)
    return registrations.select_related("person", "unit").order_by(
        "unit__path", "person__sort_name", "person__staff_code"
    )


def personal_status_counts(user: AnyUser, round_: RegistrationRound) -> dict[str, int]:
    counts = Counter(personal_registrations_of_round(user, round_).values_list("status", flat=True))
    return {key: counts.get(key, 0) for key, _ in ApprovalStatus.choices}


@dataclass(frozen=True)
class MyRound:
    round: RegistrationRound
    registration: PersonalRegistration | None
    deadline: dt.date


def my_rounds(person: Person) -> list[MyRound]:
    """The registration rounds open to the person (their unit takes part), newest first, with
    their own registration of each."""
    movements = movements_of_person(person)
    rounds = list(
        RegistrationRound.objects.filter(movement__in=movements)
        .select_related("movement")
        .order_by("-year", "movement__name")
    )
    mine = {
        r.round_id: r for r in PersonalRegistration.objects.filter(person=person, round__in=rounds)
    }
    return [
        MyRound(round=r, registration=mine.get(r.pk), deadline=effective_deadline(r, person.unit))
        for r in rounds
    ]


def personal_registration_of(
    round_: RegistrationRound, person: Person
) -> PersonalRegistration | None:
    return (
        PersonalRegistration.objects.filter(round=round_, person=person)
        .select_related("decided_by", "unit")
        .first()
    )
