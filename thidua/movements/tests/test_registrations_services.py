"""Registration rounds, unit registrations and personal registrations: the services' rules."""

import datetime as dt

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import ApprovalStatus, EmulationTitle, MovementStatus
from thidua.movements.models import (
    Movement,
    PersonalRegistration,
    RegistrationRound,
    UnitRegistration,
)
from thidua.movements.services.registrations.personal import (
    approve_personal_registrations,
    return_personal_registrations,
    save_personal_registration,
)
from thidua.movements.services.registrations.rounds import (
    extend_registration_deadline,
    open_round,
    update_round,
)
from thidua.movements.services.registrations.unit_registrations import (
    UnitRegistrationData,
    approve_unit_registration,
    return_unit_registration,
    save_unit_registration,
    submit_unit_registration,
)
from thidua.movements.tests.factories import (
    make_movement,
    make_personal_registration,
    make_scope,
    make_unit_registration,
    open_round_today,
)
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

TODAY = timezone.localdate()
FULL = UnitRegistrationData(
    collective_title=EmulationTitle.COLLECTIVE_EXCELLENT,
    commitments="Hoàn thành 100% thủ tục hành chính trực tuyến toàn trình.",
    individual_counts={
        EmulationTitle.LABOR_ADVANCED: 120,
        EmulationTitle.EMULATION_SOLDIER_BASE: 9,
    },
)


def _d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


@pytest.fixture
def movement(org: Org) -> Movement:
    return make_movement(org.root, status=MovementStatus.LAUNCHED)


@pytest.fixture
def round_(movement: Movement) -> RegistrationRound:
    return open_round_today(movement)


@pytest.fixture
def late_round(movement: Movement) -> RegistrationRound:
    return open_round_today(movement, days_left=-1)


# --- Rounds -------------------------------------------------------------------------------------


def test_open_round_by_the_department(cast: Cast, org: Org, movement: Movement) -> None:
    officer = cast[Role.DEPT_OFFICER]

    round_ = open_round(
        by=officer,
        movement=movement,
        year=2027,
        opens_on=dt.date(2027, 1, 1),
        deadline=dt.date(2027, 3, 31),
    )

    assert (round_.year, round_.opens_on, round_.deadline) == (
        2027,
        dt.date(2027, 1, 1),
        dt.date(2027, 3, 31),
    )
    entry = AuditEntry.objects.get(target_type="movements.registrationround")
    assert (entry.action, entry.unit_path, entry.changes) == (
        AuditAction.CREATE,
        org.root.path,
        {
            "year": [None, 2027],
            "opens_on": [None, "2027-01-01"],
            "deadline": [None, "2027-03-31"],
        },
    )


@pytest.mark.parametrize(
    ("year", "opens_on", "deadline", "field", "message"),
    [
        (
            2031,
            dt.date(2031, 1, 1),
            dt.date(2031, 3, 31),
            "year",
            "Năm 2031 nằm ngoài thời gian của phong trào (2025–2030).",
        ),
        (
            2027,
            dt.date(2027, 3, 1),
            dt.date(2027, 2, 1),
            "deadline",
            "Hạn đăng ký phải sau hoặc bằng ngày mở đăng ký.",
        ),
        (
            2027,
            dt.date(2027, 1, 1),
            dt.date(2028, 1, 5),
            "deadline",
            "Hạn đăng ký phải trong năm 2027.",
        ),
        (
            2027,
            dt.date(2025, 12, 1),
            dt.date(2027, 3, 1),
            "opens_on",
            "Ngày mở đăng ký phải trong năm 2027 hoặc cuối năm 2026.",
        ),
    ],
)
def test_open_round_refuses_bad_dates(
    cast: Cast,
    movement: Movement,
    year: int,
    opens_on: dt.date,
    deadline: dt.date,
    field: str,
    message: str,
) -> None:
    with pytest.raises(DomainError) as excinfo:
        open_round(
            by=cast[Role.DEPT_OFFICER],
            movement=movement,
            year=year,
            opens_on=opens_on,
            deadline=deadline,
        )

    assert (excinfo.value.field, excinfo.value.message) == (field, message)
    assert RegistrationRound.objects.count() == 0


def test_open_round_twice_or_by_a_unit_officer_refused(
    cast: Cast, movement: Movement, round_: RegistrationRound
) -> None:
    with pytest.raises(DomainError) as twice:
        open_round(
            by=cast[Role.DEPT_OFFICER],
            movement=movement,
            year=round_.year,
            opens_on=round_.opens_on,
            deadline=round_.deadline,
        )
    with pytest.raises(PermissionDeniedError):
        open_round(
            by=cast[Role.UNIT_OFFICER],
            movement=movement,
            year=2028,
            opens_on=dt.date(2028, 1, 1),
            deadline=dt.date(2028, 3, 31),
        )

    assert twice.value.message == f"Năm {round_.year} đã có đợt đăng ký thi đua."


def test_update_round_moves_the_deadline_audited(cast: Cast, movement: Movement) -> None:
    round_ = RegistrationRound.objects.create(
        movement=movement, year=2027, opens_on=dt.date(2027, 1, 1), deadline=dt.date(2027, 3, 31)
    )

    update_round(
        round_,
        by=cast[Role.DEPT_OFFICER],
        opens_on=dt.date(2027, 1, 1),
        deadline=dt.date(2027, 4, 15),
        reason="Gia hạn chung",
    )

    round_.refresh_from_db()
    assert round_.deadline == dt.date(2027, 4, 15)
    entry = AuditEntry.objects.get(target_type="movements.registrationround")
    assert (entry.changes, entry.reason) == (
        {"deadline": ["2027-03-31", "2027-04-15"]},
        "Gia hạn chung",
    )


# --- Unit registrations -------------------------------------------------------------------------


def test_unit_registration_saved_then_submitted(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    officer = cast[Role.UNIT_OFFICER]

    draft = save_unit_registration(
        by=officer,
        round_=round_,
        unit=org.a,
        data=UnitRegistrationData(collective_title=EmulationTitle.COLLECTIVE_ADVANCED),
    )
    sent = save_unit_registration(by=officer, round_=round_, unit=org.a, data=FULL, submit=True)

    assert draft.pk == sent.pk
    sent.refresh_from_db()
    assert (sent.status, sent.collective_title, sent.individual_counts, sent.submitted_by) == (
        ApprovalStatus.SUBMITTED,
        EmulationTitle.COLLECTIVE_EXCELLENT,
        {"lao_dong_tien_tien": 120, "chien_si_thi_dua_co_so": 9},
        officer,
    )
    entries = list(
        AuditEntry.objects.filter(target_type="movements.unitregistration").order_by("id")
    )
    assert [(e.action, e.reason) for e in entries] == [
        (AuditAction.CREATE, ""),
        (AuditAction.UPDATE, "Gửi đăng ký"),
    ]
    assert entries[1].changes["status"] == ["draft", "submitted"]


def test_unit_registration_after_deadline_refused(
    cast: Cast, org: Org, late_round: RegistrationRound
) -> None:
    with pytest.raises(DomainError) as excinfo:
        save_unit_registration(
            by=cast[Role.UNIT_OFFICER], round_=late_round, unit=org.a, data=FULL, submit=True
        )

    assert excinfo.value.message == (
        f"Đã quá hạn đăng ký ({_d(late_round.deadline)}). Liên hệ Thường trực Hội đồng để được "
        "gia hạn."
    )
    assert UnitRegistration.objects.count() == 0


def test_unit_registration_before_the_round_opens_refused(
    cast: Cast, org: Org, movement: Movement
) -> None:
    round_ = RegistrationRound.objects.create(
        movement=movement,
        year=TODAY.year,
        opens_on=TODAY + dt.timedelta(days=1),
        deadline=TODAY + dt.timedelta(days=5),
    )

    with pytest.raises(DomainError) as excinfo:
        save_unit_registration(by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.a, data=FULL)

    assert excinfo.value.message == (
        f"Đợt đăng ký thi đua năm {TODAY.year} chưa mở (mở từ {_d(round_.opens_on)})."
    )


def test_unit_registration_refuses_an_individual_title(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    with pytest.raises(DomainError) as excinfo:
        save_unit_registration(
            by=cast[Role.UNIT_OFFICER],
            round_=round_,
            unit=org.a,
            data=UnitRegistrationData(collective_title=EmulationTitle.LABOR_ADVANCED),
        )

    assert (excinfo.value.field, excinfo.value.message) == (
        "collective_title",
        "“Lao động tiên tiến” là danh hiệu cá nhân; đơn vị chỉ đăng ký danh hiệu tập thể "
        "(Tập thể lao động tiên tiến, Tập thể lao động xuất sắc, Cờ thi đua của UBND Thành "
        "phố).",
    )


def test_unit_registration_city_flag_not_for_a_khoa(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    with pytest.raises(DomainError) as excinfo:
        save_unit_registration(
            by=cast[Role.UNIT_OFFICER],
            round_=round_,
            unit=org.a1,
            data=UnitRegistrationData(collective_title=EmulationTitle.CITY_FLAG),
        )

    assert excinfo.value.field == "collective_title"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            UnitRegistrationData(commitments="Cam kết"),
            "collective_title",
            "Hãy chọn danh hiệu tập thể đăng ký.",
        ),
        (
            UnitRegistrationData(collective_title=EmulationTitle.COLLECTIVE_ADVANCED),
            "commitments",
            "Hãy nhập nội dung đăng ký, cam kết của đơn vị.",
        ),
        (
            UnitRegistrationData(
                collective_title=EmulationTitle.COLLECTIVE_ADVANCED,
                commitments="Cam kết",
                individual_counts={EmulationTitle.LABOR_ADVANCED: -1},
            ),
            "count_lao_dong_tien_tien",
            "Số người đăng ký “Lao động tiên tiến” phải là số nguyên từ 0 đến 100.000.",
        ),
    ],
)
def test_unit_registration_submit_needs_title_and_commitments(
    cast: Cast,
    org: Org,
    round_: RegistrationRound,
    data: UnitRegistrationData,
    field: str,
    message: str,
) -> None:
    with pytest.raises(DomainError) as excinfo:
        save_unit_registration(
            by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.a, data=data, submit=True
        )

    assert (excinfo.value.field, excinfo.value.message) == (field, message)
    assert UnitRegistration.objects.count() == 0


def test_unit_registration_of_another_unit_refused(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    with pytest.raises(PermissionDeniedError):
        save_unit_registration(by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.b, data=FULL)

    assert UnitRegistration.objects.count() == 0


def test_unit_registration_of_a_unit_not_taking_part_refused(
    cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    make_scope(movement, org.b)

    with pytest.raises(DomainError) as excinfo:
        save_unit_registration(by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.a, data=FULL)

    assert excinfo.value.message == "Đơn vị “Bệnh viện A” không tham gia phong trào này."


def test_unit_registration_submitted_or_approved_is_locked(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    make_unit_registration(round_, org.a, status=ApprovalStatus.SUBMITTED)
    make_unit_registration(round_, org.a1, status=ApprovalStatus.APPROVED)

    with pytest.raises(DomainError) as submitted:
        save_unit_registration(by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.a, data=FULL)
    with pytest.raises(DomainError) as approved:
        save_unit_registration(by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.a1, data=FULL)

    assert submitted.value.message == "Đăng ký đã gửi, đang chờ Sở duyệt; không sửa được."
    assert approved.value.message == "Đăng ký đã được duyệt; không sửa được nữa."


def test_unit_registration_counts_come_from_personal_registrations(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    make_personal_registration(round_, PersonFactory(unit=org.a1))
    make_personal_registration(
        round_, PersonFactory(unit=org.a2), title=EmulationTitle.EMULATION_SOLDIER_BASE
    )
    make_personal_registration(round_, PersonFactory(unit=org.a2), status=ApprovalStatus.DRAFT)
    make_personal_registration(round_, PersonFactory(unit=org.b))

    registration = save_unit_registration(
        by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.a, data=FULL
    )

    assert registration.individual_counts == {
        "lao_dong_tien_tien": 1,
        "chien_si_thi_dua_co_so": 1,
        "chien_si_thi_dua_thanh_pho": 0,
    }


def test_approve_unit_registration_by_the_department(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    registration = save_unit_registration(
        by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.a, data=FULL, submit=True
    )
    officer = cast[Role.DEPT_OFFICER]

    approve_unit_registration(registration, by=officer)

    registration.refresh_from_db()
    assert (registration.status, registration.decided_by) == (ApprovalStatus.APPROVED, officer)
    entry = AuditEntry.objects.filter(target_type="movements.unitregistration").latest("id")
    assert (entry.actor_id, entry.changes, entry.reason) == (
        officer.pk,
        {"status": ["submitted", "approved"]},
        "Duyệt đăng ký",
    )


def test_approve_unit_registration_refused_to_who_submitted_it(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    admin = cast[Role.SYSTEM_ADMIN]  # may register units and approve registrations
    registration = save_unit_registration(
        by=admin, round_=round_, unit=org.b, data=FULL, submit=True
    )

    with pytest.raises(DomainError) as excinfo:
        approve_unit_registration(registration, by=admin)
    approve_unit_registration(registration, by=cast[Role.DEPT_OFFICER])

    assert excinfo.value.message == (
        "Bạn là người đã gửi đăng ký này nên không thể tự duyệt; cần một cán bộ khác của Sở duyệt."
    )
    registration.refresh_from_db()
    assert registration.status == ApprovalStatus.APPROVED


def test_approve_unit_registration_refused_to_the_unit_and_for_drafts(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    draft = make_unit_registration(round_, org.a)

    with pytest.raises(PermissionDeniedError):
        approve_unit_registration(draft, by=cast[Role.UNIT_OFFICER])
    with pytest.raises(DomainError) as excinfo:
        approve_unit_registration(draft, by=cast[Role.DEPT_OFFICER])

    assert excinfo.value.message == (
        "Đăng ký của “Bệnh viện A” không ở trạng thái chờ duyệt (“Đang soạn”)."
    )


def test_returned_registration_may_be_resent_after_the_deadline(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    registration = save_unit_registration(
        by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.a, data=FULL, submit=True
    )
    with pytest.raises(DomainError) as no_reason:
        return_unit_registration(registration, by=cast[Role.DEPT_OFFICER], reason="")
    return_unit_registration(
        registration, by=cast[Role.DEPT_OFFICER], reason="Bổ sung chỉ tiêu chuyển đổi số."
    )
    RegistrationRound.objects.filter(pk=round_.pk).update(deadline=TODAY - dt.timedelta(days=1))
    registration.refresh_from_db()
    returned = (registration.status, registration.return_reason)

    resent = submit_unit_registration(registration, by=cast[Role.UNIT_OFFICER])

    assert no_reason.value.message == "Hãy nêu lý do trả lại để đơn vị, cá nhân biết cần sửa gì."
    assert returned == (ApprovalStatus.RETURNED, "Bổ sung chỉ tiêu chuyển đổi số.")
    assert resent.status == ApprovalStatus.SUBMITTED


def test_extended_deadline_lets_one_unit_register_late(
    cast: Cast, org: Org, late_round: RegistrationRound
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    until = TODAY + dt.timedelta(days=7)

    extended = extend_registration_deadline(
        by=officer, round_=late_round, unit=org.a, until=until, reason="Đơn vị xin gia hạn"
    )
    sent = save_unit_registration(
        by=cast[Role.SYSTEM_ADMIN], round_=late_round, unit=org.a, data=FULL, submit=True
    )
    with pytest.raises(DomainError) as other_unit:
        save_unit_registration(by=officer, round_=late_round, unit=org.b, data=FULL)

    assert (extended.status, extended.deadline_override) == (ApprovalStatus.DRAFT, until)
    assert sent.status == ApprovalStatus.SUBMITTED
    assert isinstance(other_unit.value, PermissionDeniedError)  # a dept officer registers nothing
    entry = AuditEntry.objects.filter(target_type="movements.unitregistration").earliest("id")
    assert (entry.changes, entry.reason) == (
        {"deadline_override": [None, until.isoformat()]},
        "Đơn vị xin gia hạn",
    )


def test_extended_deadline_of_a_unit_covers_its_people(
    cast: Cast, org: Org, late_round: RegistrationRound
) -> None:
    extend_registration_deadline(
        by=cast[Role.DEPT_OFFICER],
        round_=late_round,
        unit=org.a,
        until=TODAY + dt.timedelta(days=3),
    )

    registration = save_personal_registration(
        by=cast[Role.STAFF],
        round_=late_round,
        person=cast.staff_person,
        title=EmulationTitle.LABOR_ADVANCED,
        commitments="Cam kết",
    )

    assert registration.status == ApprovalStatus.DRAFT


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (0, "Ngày gia hạn phải sau hạn chung"),
        (-5, "Ngày gia hạn phải sau hạn chung"),
    ],
)
def test_extension_must_be_after_the_deadline(
    cast: Cast, org: Org, round_: RegistrationRound, days: int, message: str
) -> None:
    with pytest.raises(DomainError) as excinfo:
        extend_registration_deadline(
            by=cast[Role.DEPT_OFFICER],
            round_=round_,
            unit=org.a,
            until=round_.deadline + dt.timedelta(days=days),
        )

    assert excinfo.value.message == f"{message} ({_d(round_.deadline)})."


def test_extension_refused_to_the_unit_officer(
    cast: Cast, org: Org, late_round: RegistrationRound
) -> None:
    with pytest.raises(PermissionDeniedError):
        extend_registration_deadline(
            by=cast[Role.UNIT_OFFICER],
            round_=late_round,
            unit=org.a,
            until=TODAY + dt.timedelta(days=3),
        )

    assert UnitRegistration.objects.count() == 0


# --- Personal registrations ---------------------------------------------------------------------


def test_staff_registers_and_submits_own_commitment(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    staff = cast[Role.STAFF]

    registration = save_personal_registration(
        by=staff,
        round_=round_,
        person=cast.staff_person,
        title=EmulationTitle.EMULATION_SOLDIER_BASE,
        commitments="Có một sáng kiến được công nhận cấp cơ sở.",
        submit=True,
    )

    assert (
        registration.status,
        registration.unit,
        registration.registered_by,
        registration.title,
    ) == (ApprovalStatus.SUBMITTED, org.a1, staff, EmulationTitle.EMULATION_SOLDIER_BASE)
    entry = AuditEntry.objects.get(target_type="movements.personalregistration")
    assert (entry.unit_path, entry.reason) == (org.a1.path, "Gửi đăng ký")


def test_personal_registration_refuses_a_collective_title(
    cast: Cast, round_: RegistrationRound
) -> None:
    with pytest.raises(DomainError) as excinfo:
        save_personal_registration(
            by=cast[Role.STAFF],
            round_=round_,
            person=cast.staff_person,
            title=EmulationTitle.COLLECTIVE_EXCELLENT,
            commitments="",
        )

    assert (excinfo.value.field, excinfo.value.message) == (
        "title",
        "“Tập thể lao động xuất sắc” là danh hiệu tập thể; cá nhân chỉ đăng ký danh hiệu cá "
        "nhân (Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Chiến sĩ thi đua Thành phố).",
    )
    assert PersonalRegistration.objects.count() == 0


def test_personal_registration_after_deadline_refused(
    cast: Cast, late_round: RegistrationRound
) -> None:
    with pytest.raises(DomainError) as excinfo:
        save_personal_registration(
            by=cast[Role.STAFF],
            round_=late_round,
            person=cast.staff_person,
            title=EmulationTitle.LABOR_ADVANCED,
            commitments="Cam kết",
            submit=True,
        )

    assert excinfo.value.message == (
        f"Đã quá hạn đăng ký ({_d(late_round.deadline)}). Liên hệ Thường trực Hội đồng để được "
        "gia hạn."
    )


def test_personal_registration_for_someone_else_refused(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    other = PersonFactory(unit=org.a1)

    with pytest.raises(PermissionDeniedError) as excinfo:
        save_personal_registration(
            by=cast[Role.STAFF],
            round_=round_,
            person=other,
            title=EmulationTitle.LABOR_ADVANCED,
            commitments="",
        )

    assert excinfo.value.message == "Bạn chỉ đăng ký thi đua được cho chính mình."


def test_unit_head_approves_a_staff_registration(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    registration = make_personal_registration(round_, cast.staff_person)
    head = cast[Role.UNIT_HEAD]

    count = approve_personal_registrations(by=head, registrations=[registration])

    registration.refresh_from_db()
    assert count == 1
    assert (registration.status, registration.decided_by) == (ApprovalStatus.APPROVED, head)
    entry = AuditEntry.objects.get(target_type="movements.personalregistration")
    assert (entry.actor_id, entry.unit_path, entry.changes) == (
        head.pk,
        org.a1.path,
        {"status": ["submitted", "approved"]},
    )


def test_unit_head_cannot_approve_another_units_person(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    registration = make_personal_registration(round_, PersonFactory(unit=org.b1))

    with pytest.raises(PermissionDeniedError):
        approve_personal_registrations(by=cast[Role.UNIT_HEAD], registrations=[registration])

    registration.refresh_from_db()
    assert registration.status == ApprovalStatus.SUBMITTED


def test_unit_head_cannot_approve_own_registration(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    head = cast[Role.UNIT_HEAD]
    registration = make_personal_registration(round_, PersonFactory(unit=org.a, user=head))

    with pytest.raises(DomainError) as excinfo:
        approve_personal_registrations(by=head, registrations=[registration])

    assert excinfo.value.message == (
        f"Bạn không tự duyệt được đăng ký của {registration.person.full_name} vì chính bạn đã "
        "lập đăng ký này; cần một người có thẩm quyền khác duyệt."
    )


def test_bulk_approval_is_all_or_nothing(cast: Cast, org: Org, round_: RegistrationRound) -> None:
    waiting = make_personal_registration(round_, PersonFactory(unit=org.a1))
    draft = make_personal_registration(
        round_, PersonFactory(unit=org.a2, full_name="Lê Văn Nam"), status=ApprovalStatus.DRAFT
    )

    with pytest.raises(DomainError) as excinfo:
        approve_personal_registrations(by=cast[Role.UNIT_HEAD], registrations=[waiting, draft])

    assert excinfo.value.message == (
        "Đăng ký của Lê Văn Nam không ở trạng thái chờ duyệt (“Đang soạn”)."
    )
    waiting.refresh_from_db()
    assert waiting.status == ApprovalStatus.SUBMITTED


def test_return_personal_registration_needs_a_reason_then_person_resends(
    cast: Cast, round_: RegistrationRound
) -> None:
    registration = make_personal_registration(round_, cast.staff_person)
    head = cast[Role.UNIT_HEAD]

    with pytest.raises(DomainError):
        return_personal_registrations(by=head, registrations=[registration], reason=" ")
    return_personal_registrations(
        by=head, registrations=[registration], reason="Ghi rõ sáng kiến dự kiến."
    )
    registration.refresh_from_db()
    returned = (registration.status, registration.return_reason)
    resent = save_personal_registration(
        by=cast[Role.STAFF],
        round_=round_,
        person=cast.staff_person,
        title=EmulationTitle.EMULATION_SOLDIER_BASE,
        commitments="Sáng kiến: đặt lịch khám qua ứng dụng.",
        submit=True,
    )

    assert returned == (ApprovalStatus.RETURNED, "Ghi rõ sáng kiến dự kiến.")
    assert resent.status == ApprovalStatus.SUBMITTED


def test_unit_officer_registers_a_person_of_own_unit(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    person = PersonFactory(unit=org.a2)
    outsider = PersonFactory(unit=org.b1)
    officer = cast[Role.UNIT_OFFICER]

    registration = save_personal_registration(
        by=officer, round_=round_, person=person, title="lao_dong_tien_tien", commitments=""
    )
    with pytest.raises(PermissionDeniedError):
        save_personal_registration(
            by=officer, round_=round_, person=outsider, title="lao_dong_tien_tien", commitments=""
        )

    assert registration.registered_by == officer


def test_personal_registration_of_a_person_who_left_refused(
    cast: Cast, org: Org, round_: RegistrationRound
) -> None:
    user = UserFactory(username="da-nghi")
    grant(user, Role.STAFF, org.a1, subtree=False)
    person = PersonFactory(unit=org.a1, user=user, is_active=False, full_name="Trần Văn Cũ")

    with pytest.raises(DomainError) as excinfo:
        save_personal_registration(
            by=user, round_=round_, person=person, title="lao_dong_tien_tien", commitments=""
        )

    assert excinfo.value.message == "Trần Văn Cũ không còn công tác; không đăng ký được."
