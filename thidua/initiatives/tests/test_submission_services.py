"""Submission services: the draft with its authors, submission with the duplicate check,
withdrawal and the unit's screening — every step and every refusal the issue names (shares
not adding to 100 %, an author outside the system without a name, the same person twice, huge
or empty texts), nothing half-written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditAction, AuditEntry, Notification
from thidua.initiatives.authorship import AuthorEntry
from thidua.initiatives.enums import ActionKind, InitiativeStatus
from thidua.initiatives.models import (
    Authorship,
    Initiative,
    InitiativeAction,
    InitiativeFingerprint,
)
from thidua.initiatives.services.similarity import refresh_fingerprint
from thidua.initiatives.services.submission import (
    AuthorsInvalidError,
    InitiativeText,
    admit_initiative,
    create_initiative,
    return_initiative,
    submit_initiative,
    update_initiative,
    withdraw_initiative,
)
from thidua.initiatives.tests.factories import make_areas, make_initiative
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

YEAR = timezone.localdate().year

PROBLEM = (
    "Hồ sơ bệnh án giấy của khoa Nội được lưu trong tủ, tìm lại mất nhiều thời gian và hay "
    "thất lạc khi người bệnh tái khám."
)
SOLUTION = (
    "Số hóa hồ sơ bệnh án bằng máy quét tại khoa, đặt tên tệp theo mã người bệnh và lưu trên "
    "máy chủ của bệnh viện, tra cứu bằng phần mềm quản lý."
)
EFFECT = "Thời gian tìm hồ sơ giảm từ 20 phút xuống 2 phút; không còn hồ sơ thất lạc."


@pytest.fixture(autouse=True)
def _fresh_similarity_index():
    from thidua.initiatives.selectors.similarity import forget_index

    forget_index()
    yield
    forget_index()


def _text(**changes) -> InitiativeText:
    fields = {
        "title": "Số hóa hồ sơ bệnh án giấy tại khoa Nội",
        "problem": PROBLEM,
        "solution": SOLUTION,
        "applied_where": "Khoa Nội A1",
        "applied_since": dt.date(YEAR, 1, 2)
        if dt.date(YEAR, 1, 2) <= timezone.localdate()
        else None,
        "effect": EFFECT,
        **changes,
    }
    return InitiativeText(**fields)


def _me(person, share="100") -> AuthorEntry:
    return AuthorEntry(person_id=person.pk, share=Decimal(share))


@pytest.fixture
def staff(cast):
    return cast[Role.STAFF]


@pytest.fixture
def officer(cast):
    return cast[Role.UNIT_OFFICER]


@pytest.fixture
def colleague(org):
    user = UserFactory(username="dongnghiep")
    grant(user, Role.STAFF, org.a1, subtree=False)
    return PersonFactory(unit=org.a1, user=user, full_name="Trần Văn Bình")


# -- Draft ---------------------------------------------------------------------------------------


def test_create_initiative_draft_for_oneself(org, cast, staff):
    initiative = create_initiative(by=staff, data=_text(), authors=[_me(cast.staff_person)])

    assert initiative.code == f"SK-{YEAR}-00001"
    assert (initiative.status, initiative.unit, initiative.year) == (
        InitiativeStatus.DRAFT,
        org.a1,
        YEAR,
    )
    assert [(a.person_id, a.share, a.is_main) for a in initiative.authors.all()] == [
        (cast.staff_person.pk, Decimal(100), True)
    ]
    assert list(InitiativeAction.objects.values_list("kind", "by")) == [
        (ActionKind.CREATE, staff.pk)
    ]
    assert (
        AuditEntry.objects.get(
            target_type="initiatives.initiative", target_id=str(initiative.pk)
        ).action
        == AuditAction.CREATE
    )
    assert InitiativeFingerprint.objects.filter(initiative=initiative).exists()
    assert initiative.search_text.startswith(f" sk-{YEAR}-00001 so hoa ho so benh an")
    assert " nguyen thi hoa " in initiative.search_text


def test_create_initiative_codes_follow_each_other(cast, staff):
    first = create_initiative(by=staff, data=_text(), authors=[_me(cast.staff_person)])
    second = create_initiative(by=staff, data=_text(title="Khác"), authors=[_me(cast.staff_person)])

    assert [first.code, second.code] == [f"SK-{YEAR}-00001", f"SK-{YEAR}-00002"]


def test_create_initiative_with_internal_and_external_co_authors(org, cast, staff, colleague):
    authors = [
        _me(cast.staff_person, "60"),
        AuthorEntry(person_id=colleague.pk, share=Decimal("30")),
        AuthorEntry(
            external_name="Lê Văn Cường",
            external_workplace="Trường Đại học Y Hà Nội",
            share=Decimal("10"),
        ),
    ]

    initiative = create_initiative(by=staff, data=_text(), authors=authors)

    rows = [(a.display_name, a.is_external, a.share, a.is_main) for a in initiative.authors.all()]
    assert rows == [
        ("Nguyễn Thị Hoa", False, Decimal(60), True),
        ("Trần Văn Bình", False, Decimal(30), False),
        ("Lê Văn Cường", True, Decimal(10), False),
    ]
    assert " le van cuong " in initiative.search_text


def test_create_initiative_shares_not_adding_to_100_writes_nothing(cast, staff, colleague):
    authors = [_me(cast.staff_person, "60"), AuthorEntry(person_id=colleague.pk, share=Decimal(30))]

    with pytest.raises(AuthorsInvalidError) as refused:
        create_initiative(by=staff, data=_text(), authors=authors)

    assert refused.value.errors == {
        "authors": "Tổng tỷ lệ đóng góp phải bằng 100 % (hiện là 90 %)."
    }
    assert Initiative.objects.count() == 0
    assert Authorship.objects.count() == 0


def test_create_initiative_external_co_author_without_name_is_refused_at_its_row(cast, staff):
    authors = [
        _me(cast.staff_person, "80"),
        AuthorEntry(external_name="", external_workplace="", share=Decimal(20)),
    ]

    with pytest.raises(AuthorsInvalidError) as refused:
        create_initiative(by=staff, data=_text(), authors=authors)

    assert refused.value.errors == {
        "authors.1.external_name": (
            "Hãy chọn cán bộ trong hệ thống hoặc nhập họ tên đồng tác giả ngoài hệ thống."
        )
    }


def test_create_initiative_same_person_twice_is_refused(cast, staff):
    authors = [_me(cast.staff_person, "50"), _me(cast.staff_person, "50")]

    with pytest.raises(AuthorsInvalidError) as refused:
        create_initiative(by=staff, data=_text(), authors=authors)

    assert refused.value.errors == {
        "authors.1.person": "Người này đã có trong danh sách tác giả, đồng tác giả."
    }


def test_create_initiative_unknown_person_is_refused_at_its_row(cast, staff):
    authors = [_me(cast.staff_person, "50"), AuthorEntry(person_id=999_999, share=Decimal(50))]

    with pytest.raises(AuthorsInvalidError) as refused:
        create_initiative(by=staff, data=_text(), authors=authors)

    assert refused.value.errors == {
        "authors.1.person": "Không tìm thấy cán bộ này (hoặc người này đã thôi công tác)."
    }


def test_create_initiative_huge_text_is_refused_with_the_limit(cast, staff):
    with pytest.raises(ValidationFailedError) as refused:
        create_initiative(
            by=staff, data=_text(solution="x" * 20_001), authors=[_me(cast.staff_person)]
        )

    assert refused.value.errors == {
        "solution": "Nội dung giải pháp không được dài quá 20.000 ký tự."
    }
    assert Initiative.objects.count() == 0


def test_create_initiative_empty_title_is_refused(cast, staff):
    with pytest.raises(ValidationFailedError) as refused:
        create_initiative(by=staff, data=_text(title="   "), authors=[_me(cast.staff_person)])

    assert refused.value.errors == {"title": "Hãy nhập tên sáng kiến."}


def test_create_initiative_application_date_in_the_future_is_refused(cast, staff):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ValidationFailedError) as refused:
        create_initiative(
            by=staff, data=_text(applied_since=tomorrow), authors=[_me(cast.staff_person)]
        )

    assert list(refused.value.errors) == ["applied_since"]


def test_create_initiative_staff_cannot_name_a_colleague_as_main_author(staff, colleague):
    with pytest.raises(AuthorsInvalidError) as refused:
        create_initiative(by=staff, data=_text(), authors=[_me(colleague)])

    assert list(refused.value.errors) == ["authors.0.person"]
    assert Initiative.objects.count() == 0


def test_create_initiative_officer_writes_for_a_person_of_their_scope(org, cast, officer):
    initiative = create_initiative(by=officer, data=_text(), authors=[_me(cast.staff_person)])

    assert (initiative.unit, initiative.created_by) == (org.a1, officer)


def test_create_initiative_officer_cannot_write_for_another_unit(org, officer):
    other = PersonFactory(unit=org.b1, full_name="Phạm Thu Trang")

    with pytest.raises(AuthorsInvalidError):
        create_initiative(by=officer, data=_text(), authors=[_me(other)])


def test_create_initiative_area_of_the_units_movement_sets_the_movement(org, cast, staff):
    areas = make_areas(org.root)

    initiative = create_initiative(
        by=staff, data=_text(area=areas[0]), authors=[_me(cast.staff_person)]
    )

    assert (initiative.area, initiative.movement) == (areas[0], areas[0].movement)


def test_create_initiative_area_of_a_movement_the_unit_is_not_in_is_refused(org, cast, staff):
    areas = make_areas(org.b)

    with pytest.raises(DomainError) as refused:
        create_initiative(by=staff, data=_text(area=areas[0]), authors=[_me(cast.staff_person)])

    assert refused.value.field == "area"


def test_create_initiative_without_area_takes_the_running_movement(org, cast, staff):
    areas = make_areas(org.root)

    initiative = create_initiative(by=staff, data=_text(), authors=[_me(cast.staff_person)])

    assert initiative.movement == areas[0].movement


# -- Update --------------------------------------------------------------------------------------


def test_update_initiative_by_its_author_changes_text_and_authors(cast, staff, colleague):
    initiative = create_initiative(by=staff, data=_text(), authors=[_me(cast.staff_person)])

    update_initiative(
        initiative,
        by=staff,
        data=_text(title="Số hóa hồ sơ bệnh án toàn bệnh viện"),
        authors=[
            _me(cast.staff_person, "70"),
            AuthorEntry(person_id=colleague.pk, share=Decimal(30)),
        ],
    )

    initiative.refresh_from_db()
    assert initiative.title == "Số hóa hồ sơ bệnh án toàn bệnh viện"
    assert [a.share for a in initiative.authors.all()] == [Decimal(70), Decimal(30)]
    assert " tran van binh " in initiative.search_text
    entry = AuditEntry.objects.get(
        target_type="initiatives.initiative",
        target_id=str(initiative.pk),
        action=AuditAction.UPDATE,
    )
    assert entry.changes["title"] == [
        "Số hóa hồ sơ bệnh án giấy tại khoa Nội",
        "Số hóa hồ sơ bệnh án toàn bệnh viện",
    ]


def test_update_initiative_colleague_cannot_change_someone_elses_draft(cast, staff, colleague):
    initiative = create_initiative(by=staff, data=_text(), authors=[_me(cast.staff_person)])

    with pytest.raises(PermissionDeniedError):
        update_initiative(initiative, by=colleague.user, data=_text(title="Của tôi"))


def test_update_initiative_submitted_is_refused(cast, staff):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)

    with pytest.raises(DomainError) as refused:
        update_initiative(initiative, by=staff, data=_text())

    assert refused.value.message == "Chỉ sửa được sáng kiến đang là bản nháp hoặc bị trả lại."


def test_update_initiative_bad_shares_leave_the_initiative_unchanged(cast, staff, colleague):
    initiative = create_initiative(by=staff, data=_text(), authors=[_me(cast.staff_person)])

    with pytest.raises(AuthorsInvalidError):
        update_initiative(
            initiative,
            by=staff,
            data=_text(title="Tên mới"),
            authors=[
                _me(cast.staff_person, "70"),
                AuthorEntry(person_id=colleague.pk, share=Decimal(20)),
            ],
        )

    initiative.refresh_from_db()
    assert initiative.title == "Số hóa hồ sơ bệnh án giấy tại khoa Nội"
    assert [a.share for a in initiative.authors.all()] == [Decimal(100)]


# -- Submission ----------------------------------------------------------------------------------


def test_submit_initiative_incomplete_names_every_missing_field(cast, staff):
    initiative = create_initiative(
        by=staff,
        data=InitiativeText(title="Chỉ có tên"),
        authors=[_me(cast.staff_person)],
    )

    with pytest.raises(ValidationFailedError) as refused:
        submit_initiative(initiative, by=staff)

    assert list(refused.value.errors) == [
        "problem",
        "solution",
        "applied_where",
        "applied_since",
        "effect",
    ]
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.DRAFT


def test_submit_initiative_moves_to_screening_and_tells_the_units_screeners(org, cast, staff):
    initiative = create_initiative(by=staff, data=_text(), authors=[_me(cast.staff_person)])

    submit_initiative(initiative, by=staff)

    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED
    assert (initiative.submitted_by, initiative.year) == (staff, YEAR)
    assert initiative.duplicate_matches == []
    assert initiative.duplicate_max_score is None
    assert list(InitiativeAction.objects.values_list("kind", flat=True)) == [
        ActionKind.CREATE,
        ActionKind.SUBMIT,
    ]
    told = sorted(Notification.objects.values_list("user__username", flat=True))
    assert told == ["unit_head", "unit_officer"]


def test_submit_initiative_same_as_an_existing_one_needs_an_explanation(org, cast, staff):
    earlier = make_initiative(
        org.b1,
        PersonFactory(unit=org.b1, full_name="Phạm Thu Trang"),
        title="Số hóa hồ sơ bệnh án giấy tại khoa Nội",
        problem=PROBLEM,
        solution=SOLUTION,
        effect=EFFECT,
        year=YEAR - 1,
    )
    refresh_fingerprint(earlier)
    initiative = create_initiative(by=staff, data=_text(), authors=[_me(cast.staff_person)])

    with pytest.raises(DomainError) as refused:
        submit_initiative(initiative, by=staff)

    assert refused.value.field == "duplicate_explanation"
    assert refused.value.message == (
        f"Sáng kiến có nội dung tương tự {earlier.code}. "
        "Hãy giải trình điểm khác biệt trước khi nộp."
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.DRAFT


def test_submit_initiative_with_an_explanation_keeps_what_the_author_saw(org, cast, staff):
    earlier = make_initiative(
        org.b1,
        PersonFactory(unit=org.b1, full_name="Phạm Thu Trang"),
        title="Số hóa hồ sơ bệnh án giấy tại khoa Nội",
        problem=PROBLEM,
        solution=SOLUTION,
        effect=EFFECT,
        year=YEAR - 1,
    )
    refresh_fingerprint(earlier)
    initiative = create_initiative(by=staff, data=_text(), authors=[_me(cast.staff_person)])

    submit_initiative(
        initiative, by=staff, duplicate_explanation="Áp dụng cho khoa Nội, quy trình khác."
    )

    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED
    assert initiative.duplicate_explanation == "Áp dụng cho khoa Nội, quy trình khác."
    assert [m["code"] for m in initiative.duplicate_matches] == [earlier.code]
    assert initiative.duplicate_max_score is not None
    assert initiative.duplicate_max_score >= Decimal("0.5")


def test_submit_initiative_colleague_cannot_submit_someone_elses_draft(cast, staff, colleague):
    initiative = create_initiative(by=staff, data=_text(), authors=[_me(cast.staff_person)])

    with pytest.raises(PermissionDeniedError):
        submit_initiative(initiative, by=colleague.user)


def test_submit_initiative_returned_one_goes_back_to_screening(cast, staff, officer):
    initiative = make_initiative(
        None, cast.staff_person, status=InitiativeStatus.RETURNED, screen_note="Thiếu số liệu"
    )

    submit_initiative(initiative, by=staff)

    initiative.refresh_from_db()
    assert (initiative.status, initiative.screen_note) == (InitiativeStatus.SUBMITTED, "")


# -- Withdrawal ----------------------------------------------------------------------------------


def test_withdraw_initiative_by_its_author(cast, staff):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.ADMITTED)

    withdraw_initiative(initiative, by=staff, reason="Chưa đủ số liệu")

    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.WITHDRAWN
    assert InitiativeAction.objects.get(kind=ActionKind.WITHDRAW).note == "Chưa đủ số liệu"


def test_withdraw_initiative_in_review_is_refused(cast, staff):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.IN_REVIEW)

    with pytest.raises(DomainError) as refused:
        withdraw_initiative(initiative, by=staff)

    assert refused.value.message == "Không rút được sáng kiến đã đưa vào chấm hoặc đã có kết quả."


def test_withdraw_initiative_by_a_colleague_is_refused(cast, colleague):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)

    with pytest.raises(PermissionDeniedError):
        withdraw_initiative(initiative, by=colleague.user)


# -- Screening -----------------------------------------------------------------------------------


def test_admit_initiative_by_the_unit_tells_the_author(cast, officer):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)

    admit_initiative(initiative, by=officer)

    initiative.refresh_from_db()
    assert (initiative.status, initiative.screened_by) == (InitiativeStatus.ADMITTED, officer)
    assert list(Notification.objects.values_list("user__username", "title")) == [
        ("staff", f"Sáng kiến {initiative.code} đủ điều kiện xét")
    ]
    assert (
        AuditEntry.objects.get(
            target_type="initiatives.initiative", target_id=str(initiative.pk)
        ).action
        == AuditAction.APPROVE
    )


def test_return_initiative_without_reason_is_refused(cast, officer):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)

    with pytest.raises(DomainError) as refused:
        return_initiative(initiative, by=officer, reason="  ")

    assert (refused.value.field, refused.value.message) == (
        "reason",
        "Hãy ghi lý do trả lại để tác giả biết cần sửa gì.",
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED


def test_return_initiative_with_reason_tells_the_author_why(cast, officer):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)

    return_initiative(initiative, by=officer, reason="Chưa có số liệu hiệu quả.")

    initiative.refresh_from_db()
    assert (initiative.status, initiative.screen_note) == (
        InitiativeStatus.RETURNED,
        "Chưa có số liệu hiệu quả.",
    )
    assert list(Notification.objects.values_list("user__username", "body")) == [
        ("staff", "Lý do: Chưa có số liệu hiệu quả.")
    ]
    assert InitiativeAction.objects.get(kind=ActionKind.RETURN).note == "Chưa có số liệu hiệu quả."


def test_admit_initiative_by_staff_is_refused(cast, colleague):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)

    with pytest.raises(PermissionDeniedError):
        admit_initiative(initiative, by=colleague.user)


def test_admit_initiative_of_another_unit_is_refused(org, officer):
    initiative = make_initiative(
        None, PersonFactory(unit=org.b1), status=InitiativeStatus.SUBMITTED
    )

    with pytest.raises(PermissionDeniedError):
        admit_initiative(initiative, by=officer)


def test_admit_initiative_ones_own_is_refused(org, cast, officer):
    own_person = PersonFactory(unit=org.a2, user=officer, full_name="Đỗ Minh Quân")
    initiative = make_initiative(None, own_person, status=InitiativeStatus.SUBMITTED)

    with pytest.raises(DomainError) as refused:
        admit_initiative(initiative, by=officer)

    assert refused.value.message == "Bạn không thể tự sàng lọc sáng kiến của chính mình."


def test_admit_initiative_twice_is_refused(cast, officer):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.ADMITTED)

    with pytest.raises(DomainError) as refused:
        admit_initiative(initiative, by=officer)

    assert refused.value.message == "Chỉ sàng lọc được sáng kiến đã nộp và đang chờ sàng lọc."


def test_withdraw_initiative_by_the_units_officer_is_refused(cast, officer):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)

    with pytest.raises(PermissionDeniedError):
        withdraw_initiative(initiative, by=officer)


def test_admit_initiative_the_screener_sets_the_year(cast, officer):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)

    admit_initiative(initiative, by=officer, year=YEAR + 1)

    initiative.refresh_from_db()
    assert initiative.year == YEAR + 1
    entry = AuditEntry.objects.get(target_type="initiatives.initiative", action=AuditAction.APPROVE)
    assert entry.changes["year"] == [YEAR, YEAR + 1]


def test_admit_initiative_year_out_of_range_is_refused(cast, officer):
    initiative = make_initiative(None, cast.staff_person, status=InitiativeStatus.SUBMITTED)

    with pytest.raises(DomainError) as refused:
        admit_initiative(initiative, by=officer, year=1990)

    assert (refused.value.field, refused.value.message) == (
        "year",
        f"Năm xét phải từ 2000 đến {YEAR + 1}.",
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED
