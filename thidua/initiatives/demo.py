"""Demo data of initiatives, for `manage.py seed_initiatives_demo` (run by the demo seed after the
reports): the 43 texts of `demo_texts` written, submitted and screened through the services at
Bệnh viện Xanh Pôn (the showcase unit, where `nhanvien` is an author) and at other units; a unit
council at Xanh Pôn and the department's council, each with a round scored, voted and decided
and a round under way (where `chamsk` and `hoidong` have sheets to fill); adoptions of the
recognised initiatives by other units.

Deterministic from the seed; refused in production; everything audited as a real use would be.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.core.errors import DomainError
from thidua.initiatives.authorship import AuthorEntry
from thidua.initiatives.demo_councils import install_demo_council
from thidua.initiatives.demo_decisions import (
    install_demo_adoptions,
    install_demo_decisions,
    install_demo_documents,
)
from thidua.initiatives.demo_texts import DEMO_INITIATIVES, DemoInitiative
from thidua.initiatives.enums import ActionKind, InitiativeStatus, MemberRole, RoundStatus
from thidua.initiatives.models import Initiative, InitiativeAction
from thidua.initiatives.services.rulebook import install_default_rulebook
from thidua.initiatives.services.submission import (
    InitiativeText,
    admit_initiative,
    create_initiative,
    return_initiative,
    submit_initiative,
)
from thidua.movements import defaults
from thidua.movements.models import ContentArea
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Person, RoleAssignment, Unit

DEFAULT_SEED = 2026
DUPLICATE_EXPLANATION = (
    "Ý tưởng đã được đơn vị khác áp dụng; sáng kiến này điều chỉnh cho quy trình và phần mềm "
    "của đơn vị chúng tôi, với số liệu hiệu quả riêng."
)
RETURN_REASON = (
    "Chưa có số liệu trước – sau khi áp dụng; đề nghị bổ sung minh chứng hiệu quả và thời gian "
    "áp dụng thử."
)
# Where the texts go: in the showcase unit (Xanh Pôn) the ones it would council itself.
SHOWCASE_SHARE = 3  # one text in three of the hospital ones
DECIDED_DAYS_AGO = 10
# The decision and the notices are signed a few days after the council met.
ISSUED_DAYS_AFTER = 3
OWN_STATUSES = (None, InitiativeStatus.RETURNED, InitiativeStatus.DRAFT)
COUNCIL_STATUSES = {
    InitiativeStatus.RECOGNISED,
    InitiativeStatus.NOT_RECOGNISED,
    InitiativeStatus.IN_REVIEW,
}


@dataclass(frozen=True)
class DemoInitiatives:
    initiatives: int
    councils: int
    decided: int
    adoptions: int


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _showcase() -> Unit:
    assignment = (
        RoleAssignment.objects.filter(user__username="tdkt.xanhpon", role=Role.UNIT_OFFICER)
        .select_related("unit")
        .first()
    )
    if assignment is None:
        raise DomainError("Chưa có dữ liệu demo đơn vị (tài khoản tdkt.xanhpon).")
    return assignment.unit


def _authors_at(unit: Unit, rng: random.Random, count: int) -> list[Person]:
    people = list(
        Person.objects.filter(unit__path__startswith=unit.path, is_active=True, unit__depth__gt=1)
        .exclude(user__isnull=False)
        .order_by("id")[:400]
    )
    return rng.sample(people, min(count, len(people)))


def _member_accounts(unit: Unit, prefix: str, count: int) -> list[User]:
    """Accounts (no password: they sign in once an administrator resets it) for people heading
    the khoa/phòng of `unit` or working at it: the members a council is made of."""
    people = list(
        Person.objects.filter(unit__path__startswith=unit.path, is_active=True, user__isnull=True)
        .filter(unit__depth__lte=2)
        .order_by("unit__depth", "id")[: count * 3]
    )[::3][:count]
    users: list[User] = []
    for index, person in enumerate(people, start=1):
        user = User.objects.create(
            username=f"{prefix}{index}",
            full_name=person.full_name,
            password=make_password(None),
        )
        person.user = user
        person.save(update_fields=["user"])
        RoleAssignment.objects.create(
            user=user, role=Role.COUNCIL_MEMBER, unit=unit, include_subtree=True
        )
        users.append(user)
    return users


def _with_person(*members: tuple[User, str]) -> list[tuple[User, str]]:
    """The members that have a person record (a council seats people; with a small units file
    a demo account may have none)."""
    ids = set(
        Person.objects.filter(user__in=[u for u, _ in members]).values_list("user", flat=True)
    )
    return [(user, role) for user, role in members if user.pk in ids]


def _text(item: DemoInitiative, area: ContentArea | None, since: dt.date) -> InitiativeText:
    return InitiativeText(
        title=item.title,
        area=area,
        kind=item.kind,
        problem=item.problem,
        solution=item.solution,
        applied_where="Toàn đơn vị" if item.key.endswith(("1", "5")) else "Khoa, phòng của tác giả",
        applied_since=since,
        effect_kind=item.effect_kind,
        effect=item.effect,
    )


def _write(
    item: DemoInitiative,
    *,
    author: Person,
    co_author: Person | None,
    by: User,
    screener: User,
    areas: dict[str, ContentArea],
    today: dt.date,
    rng: random.Random,
    status: str | None = None,
) -> Initiative:
    status = status or item.status
    since = today - dt.timedelta(days=rng.randint(120, 400))
    authors = [AuthorEntry(person_id=author.pk, share=Decimal(70 if co_author else 100))]
    if co_author is not None:
        authors.append(AuthorEntry(person_id=co_author.pk, share=Decimal(30)))
    initiative = create_initiative(
        by=by, data=_text(item, areas.get(item.area_code), since), authors=authors
    )
    if status == InitiativeStatus.DRAFT:
        return initiative
    submit_initiative(
        initiative,
        by=by,
        duplicate_explanation=DUPLICATE_EXPLANATION if item.duplicate_of else "",
    )
    if status == InitiativeStatus.SUBMITTED:
        return initiative
    if status == InitiativeStatus.RETURNED:
        return return_initiative(initiative, by=screener, reason=RETURN_REASON)
    return admit_initiative(initiative, by=screener, year=today.year + min(item.year_offset, 0))


def install_demo_initiatives(
    *, today: dt.date | None = None, seed: int = DEFAULT_SEED
) -> DemoInitiatives:
    """Write the demo initiatives, councils, reviews, decisions and adoptions (see the module).

    Refuses: production settings; a database without the demo units and accounts."""
    if settings.THIDUA_IS_PRODUCTION:
        raise DomainError("Không được tạo dữ liệu demo trong môi trường sản xuất.")
    today = today or timezone.localdate()
    install_default_rulebook()
    rng = random.Random(seed)  # noqa: S311 (deterministic demo data, nothing secret)
    showcase = _showcase()
    root = Unit.objects.get(depth=0)
    areas = {
        area.code: area
        for area in ContentArea.objects.filter(movement__code=defaults.MOVEMENT_CODE)
    }
    others = list(
        Unit.objects.filter(depth=1, is_active=True)
        .exclude(pk=showcase.pk)
        .exclude(kind=UnitKind.DEPARTMENT_OFFICE)
        .order_by("id")
    )
    hospitals = [u for u in others if u.kind == UnitKind.HOSPITAL] or others
    centres = [u for u in others if u.kind != UnitKind.HOSPITAL] or others
    officer, head = _user("tdkt.xanhpon"), _user("giamdoc.xanhpon")
    dept_officer, admin = _user("thuongtruc"), _user("quantri")
    staff = _user("nhanvien")
    showcase_authors = _authors_at(showcase, rng, 24)
    with transaction.atomic():
        at_showcase: list[Initiative] = []
        elsewhere: list[Initiative] = []
        hospital_index = 0
        for index, item in enumerate(DEMO_INITIATIVES):
            to_showcase = item.unit_kind == "hospital" and hospital_index % SHOWCASE_SHARE == 0
            hospital_index += item.unit_kind == "hospital"
            if to_showcase:
                # `nhanvien` authors the first three: one goes to the council, one is returned
                # for more evidence, one is still a draft (their "Sáng kiến của tôi" shows all).
                own = len(at_showcase) < len(OWN_STATUSES) and staff.person is not None
                author = staff.person if own else showcase_authors[index % len(showcase_authors)]
                initiative = _write(
                    item,
                    author=author,
                    co_author=showcase_authors[(index + 7) % len(showcase_authors)],
                    by=staff if own else officer,
                    screener=head,
                    areas=areas,
                    today=today,
                    rng=rng,
                    status=OWN_STATUSES[len(at_showcase)] if own else None,
                )
                at_showcase.append(initiative)
                continue
            unit = rng.choice(hospitals if item.unit_kind == "hospital" else centres)
            people = _authors_at(unit, rng, 2)
            if not people:
                continue
            initiative = _write(
                item,
                author=people[0],
                co_author=people[1] if len(people) > 1 and index % 2 else None,
                by=dept_officer,
                screener=admin,
                areas=areas,
                today=today,
                rng=rng,
            )
            elsewhere.append(initiative)
        targets = {
            initiative.pk: item.status for initiative, item in _pairs(at_showcase + elsewhere)
        }
        unit_council = install_demo_council(
            unit=showcase,
            manager=officer,
            members=_with_person(
                (head, MemberRole.CHAIR),
                *[(user, MemberRole.MEMBER) for user in _member_accounts(showcase, "hdsk.xp", 4)],
                (officer, MemberRole.SECRETARY),
            ),
            initiatives=_council_order(at_showcase, targets),
            today=today,
            seed=seed,
        )
        dept_council = install_demo_council(
            unit=root,
            manager=dept_officer,
            members=_with_person(
                (_user("lanhdao"), MemberRole.CHAIR),
                (_user("hoidong"), MemberRole.VICE_CHAIR),
                (_user("chamsk"), MemberRole.MEMBER),
                *[(user, MemberRole.MEMBER) for user in _member_accounts(root, "hdsk.so", 3)],
                (dept_officer, MemberRole.SECRETARY),
            ),
            initiatives=_council_order(elsewhere, targets),
            today=today,
            seed=seed + 1,
            name=f"Hội đồng sáng kiến Sở Y tế năm {today.year}",
        )
        decided = 0
        for demo, manager in ((unit_council, officer), (dept_council, dept_officer)):
            if demo.closed_round is None:
                continue
            # The council met after the round closed (15 days ago), not today.
            result = install_demo_decisions(
                demo.closed_round,
                manager=manager,
                today=today - dt.timedelta(days=DECIDED_DAYS_AGO),
                seed=seed,
            )
            decided += result.recognised + result.refused
            demo.closed_round.refresh_from_db()
            if demo.closed_round.status == RoundStatus.DECIDED:
                # The officer issues the decision and the notices (register “Văn bản”).
                install_demo_documents(
                    demo.closed_round,
                    by=manager,
                    issued_on=today - dt.timedelta(days=DECIDED_DAYS_AGO - ISSUED_DAYS_AFTER),
                )
        # Last: the services above save the initiatives they touch, with the stamps they hold.
        for initiative, item in _pairs(at_showcase + elsewhere):
            _backdate(initiative, item, today=today, rng=rng)
        recognised = list(
            Initiative.objects.filter(status=InitiativeStatus.RECOGNISED).select_related("unit")
        )
        adoptions = install_demo_adoptions(
            recognised, [showcase, *others[:20]], by=admin, today=today, seed=seed
        )
    return DemoInitiatives(
        initiatives=len(at_showcase) + len(elsewhere),
        councils=2,
        decided=decided,
        adoptions=adoptions,
    )


def _backdate(
    initiative: Initiative, item: DemoInitiative, *, today: dt.date, rng: random.Random
) -> None:
    """Spread the demo over the past months, as a real year would have it: what a council
    decided was written before its round opened (45 days ago), the rest in recent weeks or,
    for last year's texts not yet judged, last year. Services stamp "now"; only the demo moves
    the stamps."""
    if item.status in COUNCIL_STATUSES:
        days = rng.randint(60, 110)
    elif item.year_offset < 0:
        days = (today - today.replace(year=today.year - 1, month=11, day=1)).days
        days += rng.randint(0, 20)
    else:
        days = rng.randint(4, 40)
    written = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=days), dt.time(9, rng.randint(0, 59)))
    )
    submitted = written + dt.timedelta(days=2, hours=rng.randint(0, 6))
    screened = submitted + dt.timedelta(days=rng.randint(3, 9))
    initiative.refresh_from_db()
    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=written,
        submitted_at=submitted if initiative.submitted_at else None,
        screened_at=screened if initiative.screened_at else None,
    )
    stamps = {
        ActionKind.CREATE: written,
        ActionKind.SUBMIT: submitted,
        ActionKind.ADMIT: screened,
        ActionKind.RETURN: screened,
    }
    for kind, when in stamps.items():
        InitiativeAction.objects.filter(initiative=initiative, kind=kind).update(at=when)


def _pairs(initiatives: Sequence[Initiative]) -> list[tuple[Initiative, DemoInitiative]]:
    by_title = {item.title: item for item in DEMO_INITIATIVES}
    return [(initiative, by_title[initiative.title]) for initiative in initiatives]


def _council_order(initiatives: Sequence[Initiative], targets: dict[int, str]) -> list[Initiative]:
    """The admitted initiatives meant for a council, those to be decided first (the council's
    demo puts the first half in the closed round, the rest in the round under way)."""
    chosen = [i for i in initiatives if targets[i.pk] in COUNCIL_STATUSES]
    return sorted(chosen, key=lambda i: targets[i.pk] == InitiativeStatus.IN_REVIEW)
