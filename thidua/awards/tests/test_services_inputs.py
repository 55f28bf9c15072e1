"""Input services: scoped by unit, audited, refusals in Vietnamese."""

import datetime as dt

import pytest

from thidua.accounts.roles import Role
from thidua.awards.enums import Rating
from thidua.awards.models import AwardRecord, YearlyRating
from thidua.awards.services.inputs import (
    AwardData,
    HoldData,
    RatingData,
    ResearchData,
    Subject,
    create_input,
    delete_input,
    revoke_award,
    update_input,
)
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditEntry
from thidua.organizations.models import Membership
from thidua.organizations.tests.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("rulebook")


def test_create_rating_by_unit_officer_is_stored_and_audited(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)

    row = create_input(
        by=cast[Role.UNIT_OFFICER], subject=Subject(person=person), data=RatingData(2025, "HTXSNV")
    )

    assert (row.person_id, row.year, row.rating) == (person.pk, 2025, Rating.HTXSNV)
    entry = AuditEntry.objects.get(target_type="awards.yearlyrating", target_id=str(row.pk))
    assert (entry.action, entry.unit_path, entry.changes["rating"]) == (
        "create",
        org.a1.path,
        [None, "HTXSNV"],
    )


def test_create_rating_out_of_scope_is_refused(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.b1)

    with pytest.raises(PermissionDeniedError, match="không có quyền"):
        create_input(
            by=cast[Role.UNIT_OFFICER],
            subject=Subject(person=person),
            data=RatingData(2025, "HTTNV"),
        )

    assert YearlyRating.objects.count() == 0


def test_create_rating_for_year_without_membership_is_refused(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)  # member from 01/01/2020

    with pytest.raises(DomainError, match="không có quá trình công tác nào trong năm 2018"):
        create_input(
            by=cast[Role.UNIT_OFFICER],
            subject=Subject(person=person),
            data=RatingData(2018, "HTTNV"),
        )

    assert YearlyRating.objects.count() == 0


def test_old_unit_officer_rates_the_year_the_person_worked_there(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.b1)
    Membership.objects.filter(person=person).update(start_date=dt.date(2024, 1, 1))
    Membership.objects.create(
        person=person, unit=org.a1, start_date=dt.date(2022, 1, 1), end_date=dt.date(2023, 12, 31)
    )

    row = create_input(
        by=cast[Role.UNIT_OFFICER], subject=Subject(person=person), data=RatingData(2023, "HTTNV")
    )

    assert row.year == 2023
    with pytest.raises(PermissionDeniedError):
        create_input(
            by=cast[Role.UNIT_OFFICER],
            subject=Subject(person=person),
            data=RatingData(2024, "HTTNV"),
        )


def test_second_rating_of_the_year_is_refused_as_duplicate(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)
    officer = cast[Role.UNIT_OFFICER]
    create_input(by=officer, subject=Subject(person=person), data=RatingData(2025, "HTTNV"))

    with pytest.raises(DomainError, match="đã có xếp loại năm 2025"):
        create_input(by=officer, subject=Subject(person=person), data=RatingData(2025, "HTXSNV"))

    assert list(YearlyRating.objects.values_list("rating", flat=True)) == ["HTTNV"]


def test_award_with_unknown_code_is_refused(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)

    with pytest.raises(DomainError, match="“xyz” không có trong bộ quy tắc"):
        create_input(
            by=cast[Role.UNIT_OFFICER], subject=Subject(person=person), data=AwardData("xyz", 2024)
        )


def test_collective_award_code_on_a_person_is_refused(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)

    with pytest.raises(DomainError, match="cho cá nhân"):
        create_input(
            by=cast[Role.UNIT_OFFICER],
            subject=Subject(person=person),
            data=AwardData("ttldtt", 2024),
        )


def test_duplicate_award_refused_but_allowed_after_revocation(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)
    officer = cast[Role.UNIT_OFFICER]
    first = create_input(by=officer, subject=Subject(person=person), data=AwardData("ldtt", 2024))
    assert isinstance(first, AwardRecord)

    with pytest.raises(DomainError, match="đã có ldtt năm 2024"):
        create_input(by=officer, subject=Subject(person=person), data=AwardData("ldtt", 2024))
    revoke_award(first, by=officer, reason="Kê khai không trung thực")
    second = create_input(by=officer, subject=Subject(person=person), data=AwardData("ldtt", 2024))

    assert AwardRecord.objects.filter(person=person).count() == 2
    assert second.pk != first.pk


def test_revoke_award_needs_a_reason_and_keeps_the_row(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)
    officer = cast[Role.UNIT_OFFICER]
    record = create_input(by=officer, subject=Subject(person=person), data=AwardData("ldtt", 2024))
    assert isinstance(record, AwardRecord)

    with pytest.raises(DomainError, match="lý do"):
        revoke_award(record, by=officer, reason="  ")
    revoke_award(record, by=officer, reason="Xét trái quy định")
    record.refresh_from_db()

    assert (record.revoked, record.revoked_reason) == (True, "Xét trái quy định")
    with pytest.raises(DomainError, match="không xóa được"):
        delete_input(record, by=officer)
    with pytest.raises(DomainError, match="không sửa được"):
        update_input(record, by=officer, data=AwardData("ldtt", 2023))


def test_research_on_a_collective_is_refused(org: Org, cast: Cast) -> None:
    with pytest.raises(DomainError, match="chỉ ghi cho cá nhân"):
        create_input(
            by=cast[Role.UNIT_OFFICER],
            subject=Subject(unit=org.a1),
            data=ResearchData("Đề tài", "base", 2024),
        )


def test_hold_ending_before_it_starts_is_refused(org: Org, cast: Cast) -> None:
    with pytest.raises(DomainError, match="Ngày kết thúc"):
        create_input(
            by=cast[Role.UNIT_OFFICER],
            subject=Subject(unit=org.a1),
            data=HoldData("inspection", dt.date(2025, 3, 1), dt.date(2025, 2, 1)),
        )


def test_update_and_delete_are_audited(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)
    officer = cast[Role.DEPT_OFFICER]
    row = create_input(by=officer, subject=Subject(person=person), data=RatingData(2025, "HTTNV"))

    update_input(row, by=officer, data=RatingData(2025, "HTXSNV"))
    delete_input(row, by=officer)

    actions = list(
        AuditEntry.objects.filter(target_type="awards.yearlyrating")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]
    assert YearlyRating.objects.count() == 0


def test_unit_head_may_not_edit_inputs(org: Org, cast: Cast) -> None:
    person = PersonFactory(unit=org.a1)

    with pytest.raises(PermissionDeniedError):
        create_input(
            by=cast[Role.UNIT_HEAD], subject=Subject(person=person), data=RatingData(2025, "HTTNV")
        )
