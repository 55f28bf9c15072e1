"""The demo data of the movement (`movements/demo.py`, `manage.py seed_movement_demo`): 2026
registrations of units and people, targets, pledges and the next round, open today; never in a
production install."""

import datetime as dt
import io
from collections import Counter
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.core.errors import DomainError
from thidua.movements import defaults
from thidua.movements.demo import install_demo_registrations
from thidua.movements.enums import ApprovalStatus, EmulationTitle, TargetStatus
from thidua.movements.models import (
    Movement,
    PersonalRegistration,
    Pledge,
    PledgeSignatory,
    RegistrationRound,
    Target,
    UnitRegistration,
)
from thidua.movements.selectors.registrations import counts_from_people, participant_units
from thidua.movements.services.registrations.personal import save_personal_registration
from thidua.movements.services.registrations.unit_registrations import (
    UnitRegistrationData,
    approve_unit_registration,
    save_unit_registration,
)
from thidua.organizations.models import Cluster, ClusterMember, Person, Unit
from thidua.organizations.tests.factories import UserFactory, grant, make_unit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def seeded(db: None) -> Movement:
    """The small demo (12 units, 600 people) with its movement demo data of today."""
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
    return Movement.objects.get(code=defaults.MOVEMENT_CODE)


def _clear(movement: Movement) -> None:
    """Remove what the movement demo wrote (to install it again)."""
    PersonalRegistration.objects.all().delete()
    UnitRegistration.objects.all().delete()
    Target.objects.all().delete()
    Pledge.objects.all().delete()
    RegistrationRound.objects.filter(movement=movement).exclude(year=2026).delete()


def _snapshot() -> dict[str, list[Any]]:
    return {
        "units": list(
            UnitRegistration.objects.order_by("unit__code").values_list(
                "unit__code", "status", "collective_title", "commitments", "individual_counts"
            )
        ),
        "people": list(
            PersonalRegistration.objects.order_by("person__staff_code").values_list(
                "person__staff_code", "title", "status"
            )
        ),
        "targets": list(
            Target.objects.order_by("unit__code", "indicator__code").values_list(
                "unit__code", "indicator__code", "value", "status"
            )
        ),
        "rounds": list(RegistrationRound.objects.order_by("year").values_list("year", "opens_on")),
    }


# --- Unit registrations of 2026 -------------------------------------------------------------


def test_demo_registers_about_85_percent_of_the_units_of_the_so(seeded: Movement) -> None:
    units = participant_units(seeded)
    registrations = UnitRegistration.objects.filter(round__year=2026)

    assert units.count() == 12
    assert registrations.count() == 10
    assert not registrations.filter(unit__kind__in=["clinical_department", "office"]).exists()
    assert set(registrations.values_list("status", flat=True)) == {
        ApprovalStatus.APPROVED,
        ApprovalStatus.SUBMITTED,
        ApprovalStatus.RETURNED,
    }
    assert registrations.filter(status=ApprovalStatus.APPROVED).count() >= 6


def test_demo_returned_registrations_say_why_and_decided_ones_name_the_officer(
    seeded: Movement,
) -> None:
    officer = User.objects.get(username="thuongtruc")
    registrations = UnitRegistration.objects.filter(round__year=2026)

    returned = registrations.filter(status=ApprovalStatus.RETURNED)
    decided = registrations.filter(status__in=[ApprovalStatus.APPROVED, ApprovalStatus.RETURNED])
    assert returned.exists()
    assert all(
        r.return_reason.startswith(("Đề nghị", "Nội dung", "Số cá nhân", "Năm trước"))
        for r in returned
    )
    assert (
        not registrations.filter(status=ApprovalStatus.APPROVED).exclude(return_reason="").exists()
    )
    assert set(decided.values_list("decided_by", flat=True)) == {officer.pk}
    assert not registrations.filter(
        status=ApprovalStatus.SUBMITTED, decided_at__isnull=False
    ).exists()
    round_ = RegistrationRound.objects.get(movement=seeded, year=2026)
    assert all(
        round_.opens_on <= timezone.localtime(r.submitted_at).date() <= round_.deadline
        for r in registrations
    )


def test_demo_collective_titles_flag_only_for_a_few_cluster_heads(seeded: Movement) -> None:
    titles = Counter(
        UnitRegistration.objects.filter(round__year=2026).values_list("collective_title", flat=True)
    )
    flags = UnitRegistration.objects.filter(collective_title=EmulationTitle.CITY_FLAG)
    heads = set(Cluster.objects.filter(year=2026).values_list("head_unit_id", flat=True))

    assert set(titles) <= {
        EmulationTitle.COLLECTIVE_ADVANCED,
        EmulationTitle.COLLECTIVE_EXCELLENT,
        EmulationTitle.CITY_FLAG,
    }
    assert 1 <= titles[EmulationTitle.CITY_FLAG] <= 3
    assert {r.unit_id for r in flags} <= heads


def test_demo_commitments_are_vietnamese_and_name_the_unit_and_title(seeded: Movement) -> None:
    registration = UnitRegistration.objects.filter(round__year=2026).order_by("unit__code")[0]

    first_line, *items = registration.commitments.splitlines()

    assert first_line == (
        f"Năm 2026, {registration.unit.name} đăng ký danh hiệu "
        f"“{registration.get_collective_title_display()}” và cam kết:"
    )
    assert [item[:3] for item in items] == ["1. ", "2. ", "3. ", "4. ", "5. "][: len(items)]
    assert len(items) in (4, 5)


def test_demo_individual_counts_are_counted_from_the_people(seeded: Movement) -> None:
    for registration in UnitRegistration.objects.filter(round__year=2026).select_related(
        "round", "unit"
    ):
        assert registration.individual_counts == counts_from_people(
            registration.round, registration.unit
        )
    assert UnitRegistration.objects.exclude(individual_counts={}).count() == 10


def test_demo_unit_of_the_demo_accounts_is_approved_with_four_eyes(seeded: Movement) -> None:
    registration = UnitRegistration.objects.get(round__year=2026, unit__code="BV_XANHPON")

    assert registration.status == ApprovalStatus.APPROVED
    assert registration.submitted_by.username == "tdkt.xanhpon"
    assert registration.decided_by.username == "thuongtruc"


# --- Personal registrations ------------------------------------------------------------------


def test_demo_about_30_percent_of_the_people_of_registered_units_registered(
    seeded: Movement,
) -> None:
    registered = list(
        UnitRegistration.objects.filter(round__year=2026).values_list("unit__path", flat=True)
    )
    people = [
        path
        for path in Person.objects.filter(is_active=True).values_list("unit__path", flat=True)
        if any(path.startswith(top) for top in registered)
    ]
    personal = PersonalRegistration.objects.filter(round__year=2026)
    statuses = Counter(personal.values_list("status", flat=True))
    titles = Counter(personal.values_list("title", flat=True))

    assert 0.25 <= personal.count() / len(people) <= 0.35
    assert statuses[ApprovalStatus.APPROVED] / personal.count() >= 0.75
    assert set(titles) == {EmulationTitle.LABOR_ADVANCED, EmulationTitle.EMULATION_SOLDIER_BASE}
    assert titles[EmulationTitle.LABOR_ADVANCED] > 3 * titles[EmulationTitle.EMULATION_SOLDIER_BASE]
    assert not personal.exclude(unit=F("person__unit")).exists()


def test_demo_personal_registrations_follow_the_persons_unit_and_approver(seeded: Movement) -> None:
    head = User.objects.get(username="giamdoc.xanhpon")
    nurse = Person.objects.get(user__username="nhanvien")

    mine = PersonalRegistration.objects.get(round__year=2026, person=nurse)
    decided = PersonalRegistration.objects.filter(
        round__year=2026,
        unit__path__startswith=Unit.objects.get(code="BV_XANHPON").path,
        status=ApprovalStatus.APPROVED,
    ).exclude(person__user=head)

    assert (mine.unit_id, mine.status, mine.registered_by.username) == (
        nurse.unit_id,
        ApprovalStatus.APPROVED,
        "nhanvien",
    )
    assert set(decided.values_list("decided_by", flat=True)) == {head.pk}
    assert not PersonalRegistration.objects.filter(person__user=head, decided_by=head).exists()


# --- Targets, pledges -------------------------------------------------------------------------


def test_demo_targets_some_assigned_by_the_so_some_proposed_by_units(seeded: Movement) -> None:
    officer = User.objects.get(username="thuongtruc")
    targets = Target.objects.filter(year=2026, indicator__movement=seeded)

    assigned = targets.filter(status=TargetStatus.APPROVED)
    proposed = targets.filter(status=TargetStatus.PROPOSED)

    assert assigned.exists()
    assert proposed.exists()
    assert set(assigned.values_list("decided_by", flat=True)) == {officer.pk}
    assert set(proposed.values_list("decided_by", flat=True)) == {None}
    assert not targets.filter(indicator__value_type="percentage", value__gt=100).exists()
    assert not targets.exclude(indicator__value_type__in=["number", "percentage", "count"]).exists()


def test_demo_pledge_of_each_2026_cluster_signed_by_its_members(seeded: Movement) -> None:
    clusters = Cluster.objects.filter(year=2026).order_by("code")

    for cluster in clusters:
        pledge = Pledge.objects.get(movement=seeded, cluster=cluster)
        members = [
            m.unit
            for m in ClusterMember.objects.filter(cluster=cluster)
            .select_related("unit__head")
            .order_by("pk")
        ]
        signatories = list(
            PledgeSignatory.objects.filter(pledge=pledge)
            .order_by("pk")
            .values_list("unit_id", "signer_name", "signer_position")
        )
        assert pledge.title == f"Giao ước thi đua năm 2026 — {cluster.name}"
        assert pledge.signed_on.year == 2026
        assert signatories == [(u.pk, u.head.full_name, u.head.position) for u in members]
    assert Pledge.objects.count() == clusters.count() == 5
    assert not Pledge.objects.filter(cluster__year=2025).exists()


# --- The next round, open today ---------------------------------------------------------------


def test_demo_opens_the_next_round_today_for_45_days(seeded: Movement) -> None:
    _clear(seeded)

    result = install_demo_registrations(seeded, today=TODAY)

    assert result.next_round_year == 2027
    assert list(
        RegistrationRound.objects.filter(movement=seeded)
        .order_by("year")
        .values_list("year", "opens_on", "deadline")
    ) == [
        (2026, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (2027, TODAY, dt.date(2027, 1, 11)),
    ]
    assert not UnitRegistration.objects.filter(round__year=2027).exists()


def test_demo_run_in_a_later_year_opens_the_round_after_it(seeded: Movement) -> None:
    _clear(seeded)

    result = install_demo_registrations(seeded, today=dt.date(2027, 12, 1))

    assert result.next_round_year == 2028
    assert RegistrationRound.objects.get(movement=seeded, year=2028).deadline == dt.date(
        2028, 1, 15
    )


def test_demo_in_the_last_year_of_the_movement_opens_no_round(seeded: Movement) -> None:
    _clear(seeded)

    result = install_demo_registrations(seeded, today=dt.date(2030, 6, 1))

    assert result.next_round_year is None
    assert list(
        RegistrationRound.objects.filter(movement=seeded).values_list("year", flat=True)
    ) == [2026]


def test_demo_accounts_can_register_and_approve_in_the_open_round(seeded: Movement) -> None:
    round_ = RegistrationRound.objects.get(movement=seeded, year=timezone.localdate().year + 1)
    officer, head = (
        User.objects.get(username="tdkt.xanhpon"),
        User.objects.get(username="giamdoc.xanhpon"),
    )
    nurse = User.objects.get(username="nhanvien")
    unit = Unit.objects.get(code="BV_XANHPON")

    sent = save_unit_registration(
        by=officer,
        round_=round_,
        unit=unit,
        data=UnitRegistrationData(
            collective_title=EmulationTitle.COLLECTIVE_EXCELLENT, commitments="Cam kết năm mới."
        ),
        submit=True,
    )
    approved = approve_unit_registration(sent, by=User.objects.get(username="thuongtruc"))
    mine = save_personal_registration(
        by=nurse,
        round_=round_,
        person=nurse.person,
        title=EmulationTitle.LABOR_ADVANCED,
        commitments="Hoàn thành tốt nhiệm vụ.",
        submit=True,
    )

    assert approved.status == ApprovalStatus.APPROVED
    assert mine.status == ApprovalStatus.SUBMITTED
    assert head.has_perm("movements.approve_personal_registration", mine)


# --- Determinism, refusals, production ----------------------------------------------------------


def test_demo_same_seed_and_day_give_the_same_data(seeded: Movement) -> None:
    _clear(seeded)
    install_demo_registrations(seeded, today=TODAY, seed=7)
    first = _snapshot()
    _clear(seeded)

    install_demo_registrations(seeded, today=TODAY, seed=7)
    same = _snapshot()
    _clear(seeded)
    install_demo_registrations(seeded, today=TODAY, seed=8)

    assert same == first
    assert _snapshot()["people"] != first["people"]


def test_demo_refuses_a_round_that_has_registrations(seeded: Movement) -> None:
    before = PersonalRegistration.objects.count()

    with pytest.raises(DomainError, match="đã có dữ liệu"):
        install_demo_registrations(seeded, today=TODAY)
    output = io.StringIO()
    call_command("seed_movement_demo", stdout=output)

    assert "giữ nguyên" in output.getvalue()
    assert PersonalRegistration.objects.count() == before


def test_seed_movement_demo_refuses_production_settings(seeded: Movement, settings: Any) -> None:
    _clear(seeded)
    settings.THIDUA_IS_PRODUCTION = True

    with pytest.raises(CommandError, match="môi trường sản xuất"):
        call_command("seed_movement_demo")
    with pytest.raises(DomainError, match="môi trường sản xuất"):
        install_demo_registrations(seeded, today=TODAY)

    assert not UnitRegistration.objects.exists()


def test_fresh_install_of_the_default_movement_has_no_demo_data(db: None) -> None:
    root = make_unit("SYT", "Sở Y tế Hà Nội", parent=None)
    make_unit("BV_A", "Bệnh viện A", parent=root)
    grant(UserFactory(username="thuong_truc"), Role.DEPT_OFFICER, root)

    call_command("create_default_movement", verbosity=0)

    assert list(RegistrationRound.objects.values_list("year", flat=True)) == [2026]
    assert not UnitRegistration.objects.exists()
    assert not PersonalRegistration.objects.exists()
    assert not Target.objects.exists()
    assert not Pledge.objects.exists()


def test_seed_movement_demo_without_the_default_movement_says_what_to_run(db: None) -> None:
    with pytest.raises(CommandError, match="create_default_movement"):
        call_command("seed_movement_demo")
