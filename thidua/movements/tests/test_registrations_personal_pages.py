"""Personal registration pages: "Đăng ký của tôi" by identity, the head's list with approval of
all ticked registrations, scoped (a head of BV_A never sees nor decides BV_B's people)."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.movements.enums import ApprovalStatus, EmulationTitle, MovementStatus
from thidua.movements.models import Movement, PersonalRegistration, RegistrationRound
from thidua.movements.tests.factories import (
    make_movement,
    make_personal_registration,
    open_round_today,
)
from thidua.organizations.tests.factories import PersonFactory, UserFactory

YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org) -> Movement:
    return make_movement(org.root, status=MovementStatus.LAUNCHED)


@pytest.fixture
def round_(movement: Movement) -> RegistrationRound:
    return open_round_today(movement)


def _mine(movement: Movement) -> str:
    return f"/phong-trao/{movement.pk}/dang-ky/{YEAR}/cua-toi/"


def _list(movement: Movement, query: str = "") -> str:
    return f"/phong-trao/{movement.pk}/dang-ky/{YEAR}/ca-nhan/{query}"


def _decide(movement: Movement) -> str:
    return f"/phong-trao/{movement.pk}/dang-ky/{YEAR}/ca-nhan/quyet-dinh/"


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Đăng ký của tôi ----------------------------------------------------------------------------


def test_my_registrations_lists_the_rounds_of_my_unit(
    client: Client, cast: Cast, movement: Movement, round_: RegistrationRound
) -> None:
    make_personal_registration(round_, cast.staff_person, status=ApprovalStatus.DRAFT)
    client.force_login(cast[Role.STAFF])

    response = client.get("/dang-ky-cua-toi/")

    assert response.status_code == 200
    assert [(item.round.year, item.registration.status) for item in response.context["rounds"]] == [
        (YEAR, "draft")
    ]


def test_staff_registers_and_sends_own_commitment(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    client.force_login(cast[Role.STAFF])

    page = client.get(_mine(movement))
    response = client.post(
        _mine(movement),
        {
            "title": EmulationTitle.EMULATION_SOLDIER_BASE,
            "commitments": "Hoàn thành xuất sắc nhiệm vụ; một sáng kiến cấp cơ sở.",
            "action": "submit",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    registration = PersonalRegistration.objects.get()
    assert (registration.person, registration.unit, registration.status) == (
        cast.staff_person,
        org.a1,
        ApprovalStatus.SUBMITTED,
    )
    assert _messages(client.get(response["Location"])) == [
        "Đã gửi đăng ký; chờ thủ trưởng đơn vị duyệt."
    ]


def test_a_person_without_any_role_registers_by_identity(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    user = UserFactory(username="chua-phan-quyen")
    PersonFactory(unit=org.b1, user=user)
    client.force_login(user)

    response = client.post(
        _mine(movement),
        {"title": EmulationTitle.LABOR_ADVANCED, "commitments": "", "action": "save"},
    )

    assert response.status_code == 302
    assert PersonalRegistration.objects.get().status == ApprovalStatus.DRAFT


def test_my_registration_refuses_a_collective_title_at_the_field(
    client: Client, cast: Cast, movement: Movement, round_: RegistrationRound
) -> None:
    client.force_login(cast[Role.STAFF])

    response = client.post(
        _mine(movement),
        {"title": EmulationTitle.COLLECTIVE_ADVANCED, "commitments": "x", "action": "submit"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title": ["Hãy chọn một danh hiệu cá nhân trong danh sách."]
    }
    assert PersonalRegistration.objects.count() == 0


def test_my_registration_without_a_linked_person_is_refused(
    client: Client, cast: Cast, movement: Movement, round_: RegistrationRound
) -> None:
    client.force_login(cast.nobody)

    response = client.get(_mine(movement))

    assert response.status_code == 403
    assert "chưa gắn với hồ sơ cán bộ" in response.content.decode()


def test_staff_sees_only_own_registration(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    colleague = make_personal_registration(round_, PersonFactory(unit=org.a1))
    client.force_login(cast[Role.STAFF])

    mine = client.get(_mine(movement))
    the_list = client.get(_list(movement))

    assert mine.context["registration"] is None
    assert the_list.status_code == 403
    assert colleague.person.full_name not in mine.content.decode()


# --- The head's list ----------------------------------------------------------------------------


def test_head_lists_the_registrations_of_own_unit_only(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    mine = make_personal_registration(round_, cast.staff_person)
    other = make_personal_registration(round_, PersonFactory(unit=org.b1, full_name="Phạm Văn B"))
    client.force_login(cast[Role.UNIT_HEAD])

    response = client.get(_list(movement))

    assert response.status_code == 200
    assert [(r.pk, decidable) for r, decidable in response.context["rows"]] == [(mine.pk, True)]
    assert "Phạm Văn B" not in response.content.decode()
    assert other.status == ApprovalStatus.SUBMITTED


def test_head_approves_every_ticked_registration(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    first = make_personal_registration(round_, cast.staff_person)
    second = make_personal_registration(round_, PersonFactory(unit=org.a2))
    client.force_login(cast[Role.UNIT_HEAD])

    response = client.post(
        _decide(movement),
        {"ids": [first.pk, second.pk], "action": "approve", "back": "trang_thai=submitted"},
    )

    assert response.status_code == 302
    assert response["Location"] == _list(movement, "?trang_thai=submitted")
    assert set(PersonalRegistration.objects.values_list("status", flat=True)) == {
        ApprovalStatus.APPROVED
    }
    assert _messages(client.get(response["Location"])) == ["Đã duyệt 2 đăng ký."]


def test_head_cannot_approve_a_person_of_another_unit(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    own = make_personal_registration(round_, cast.staff_person)
    other = make_personal_registration(round_, PersonFactory(unit=org.b1))
    client.force_login(cast[Role.UNIT_HEAD])

    response = client.post(_decide(movement), {"ids": [own.pk, other.pk], "action": "approve"})

    assert response.status_code == 404
    assert set(PersonalRegistration.objects.values_list("status", flat=True)) == {
        ApprovalStatus.SUBMITTED
    }


def test_head_returns_with_a_reason_only(
    client: Client, cast: Cast, movement: Movement, round_: RegistrationRound
) -> None:
    registration = make_personal_registration(round_, cast.staff_person)
    client.force_login(cast[Role.UNIT_HEAD])

    empty = client.post(
        _decide(movement), {"ids": [registration.pk], "action": "return", "reason": ""}, follow=True
    )
    registration.refresh_from_db()
    after_empty = registration.status
    given = client.post(
        _decide(movement),
        {"ids": [registration.pk], "action": "return", "reason": "Cam kết chưa cụ thể."},
    )

    assert _messages(empty) == ["Hãy nêu lý do trả lại để đơn vị, cá nhân biết cần sửa gì."]
    assert after_empty == ApprovalStatus.SUBMITTED
    assert given.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.return_reason) == (
        ApprovalStatus.RETURNED,
        "Cam kết chưa cụ thể.",
    )


def test_unit_officer_lists_but_cannot_decide(
    client: Client, cast: Cast, movement: Movement, round_: RegistrationRound
) -> None:
    registration = make_personal_registration(round_, cast.staff_person)
    client.force_login(cast[Role.UNIT_OFFICER])

    page = client.get(_list(movement))
    decide = client.post(_decide(movement), {"ids": [registration.pk], "action": "approve"})

    assert [(r.pk, decidable) for r, decidable in page.context["rows"]] == [
        (registration.pk, False)
    ]
    assert decide.status_code == 403


@pytest.mark.parametrize("count", [3, 30])
def test_personal_list_query_count_does_not_grow_with_rows(
    client: Client,
    cast: Cast,
    org: Org,
    movement: Movement,
    round_: RegistrationRound,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    for _ in range(count):
        make_personal_registration(round_, PersonFactory(unit=org.a2))
    client.force_login(cast[Role.UNIT_HEAD])

    # session, user, grants, movement, round, count, page, status counts, base.html's link
    with django_assert_num_queries(9):
        response = client.get(_list(movement))

    assert len(response.context["rows"]) == count
