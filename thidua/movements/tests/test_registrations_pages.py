"""Unit registration pages: progress of a year (with the round's form and the export), one unit's
registration (fill, send, approve, return, extend). Scoped and pinned."""

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import ApprovalStatus, EmulationTitle, MovementStatus
from thidua.movements.models import Movement, RegistrationRound, UnitRegistration
from thidua.movements.tests.factories import (
    make_movement,
    make_unit_registration,
    open_round_today,
)
from thidua.organizations.tests.factories import make_unit

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org) -> Movement:
    return make_movement(org.root, code="CDS", status=MovementStatus.LAUNCHED)


@pytest.fixture
def round_(movement: Movement) -> RegistrationRound:
    return open_round_today(movement)


def _progress_url(movement: Movement, year: int = YEAR, query: str = "") -> str:
    return f"/phong-trao/{movement.pk}/dang-ky/{year}/{query}"


def _unit_url(movement: Movement, unit_pk: int, suffix: str = "") -> str:
    return f"/phong-trao/{movement.pk}/dang-ky/{YEAR}/don-vi/{unit_pk}/{suffix}"


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Progress -----------------------------------------------------------------------------------


def test_registrations_home_redirects_to_this_year(
    client: Client, cast: Cast, movement: Movement
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(f"/phong-trao/{movement.pk}/dang-ky/")

    assert response.status_code == 302
    assert response["Location"] == _progress_url(movement)


def test_progress_lists_every_unit_with_its_status(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    make_unit_registration(
        round_,
        org.a,
        status=ApprovalStatus.RETURNED,
        return_reason="Thiếu cam kết về bệnh án điện tử.",
    )
    make_unit_registration(round_, org.b, status=ApprovalStatus.SUBMITTED)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(_progress_url(movement))
    submitted = client.get(_progress_url(movement, query="?trang_thai=submitted"))

    assert response.status_code == 200
    progress = response.context["progress"]
    assert [(row.unit.code, row.status) for row in progress.rows] == [
        ("BV_A", "returned"),
        ("BV_B", "submitted"),
        ("PS_TCCB", "not_started"),
    ]
    assert progress.counts == {
        "not_started": 1,
        "draft": 0,
        "submitted": 1,
        "approved": 0,
        "returned": 1,
    }
    assert [row.unit.code for row in submitted.context["progress"].rows] == ["BV_B"]
    html = response.content.decode()
    assert "Thiếu cam kết về bệnh án điện tử." in html
    assert response.context["can_manage"] is True


def test_progress_of_a_unit_officer_shows_own_unit_only(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(_progress_url(movement, query="?khoa=1"))

    assert [row.unit.code for row in response.context["progress"].rows] == [
        "BV_A",
        "BV_A_K2",
        "BV_A_K1",
    ]
    assert response.context["can_manage"] is False
    assert "Mở đợt đăng ký" not in response.content.decode()


def test_progress_year_outside_the_movement_is_404(
    client: Client, cast: Cast, movement: Movement
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    assert client.get(_progress_url(movement, year=2031)).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_progress_query_count_does_not_grow_with_units(
    client: Client,
    cast: Cast,
    org: Org,
    movement: Movement,
    round_: RegistrationRound,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    for number in range(count):
        unit = make_unit(f"BV_X{number:02d}", f"Bệnh viện X{number:02d}", parent=org.root)
        make_unit_registration(round_, unit, status=ApprovalStatus.SUBMITTED)
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, movement, round, scope rows, units, registrations,
    # base.html's link
    with django_assert_num_queries(10):  # 9, and the documents issued from the round
        response = client.get(_progress_url(movement))

    assert response.context["progress"].total == count + 3


# --- The round's form ---------------------------------------------------------------------------


def test_round_form_opens_the_round_of_a_year(
    client: Client, cast: Cast, movement: Movement
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/phong-trao/{movement.pk}/dang-ky/2027/dot/",
        {"opens_on": "01/01/2027", "deadline": "31/03/2027"},
    )

    assert response.status_code == 302
    round_ = RegistrationRound.objects.get()
    assert (round_.year, round_.opens_on, round_.deadline) == (
        2027,
        dt.date(2027, 1, 1),
        dt.date(2027, 3, 31),
    )
    assert _messages(client.get(response["Location"])) == ["Đã mở đợt đăng ký thi đua năm 2027."]


def test_round_form_shows_errors_at_the_fields(
    client: Client, cast: Cast, movement: Movement
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/phong-trao/{movement.pk}/dang-ky/2027/dot/",
        {"opens_on": "01/03/2027", "deadline": "31/02/2027"},
    )
    reversed_dates = client.post(
        f"/phong-trao/{movement.pk}/dang-ky/2027/dot/",
        {"opens_on": "01/03/2027", "deadline": "01/02/2027"},
    )

    assert response.status_code == 200
    assert response.context["round_form"].errors == {
        "deadline": ["Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/09/1990."]
    }
    assert reversed_dates.context["round_form"].errors == {
        "deadline": ["Hạn đăng ký phải sau hoặc bằng ngày mở đăng ký."]
    }
    assert RegistrationRound.objects.count() == 0


def test_round_form_refused_to_a_unit_officer(
    client: Client, cast: Cast, movement: Movement
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        f"/phong-trao/{movement.pk}/dang-ky/2027/dot/",
        {"opens_on": "01/01/2027", "deadline": "31/03/2027"},
    )

    assert response.status_code == 403
    assert RegistrationRound.objects.count() == 0


# --- Export -------------------------------------------------------------------------------------


def test_progress_export_has_the_rows_of_the_page_and_is_audited(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    make_unit_registration(
        round_,
        org.a,
        status=ApprovalStatus.SUBMITTED,
        collective_title=EmulationTitle.COLLECTIVE_EXCELLENT,
        individual_counts={"lao_dong_tien_tien": 300},
        commitments="=1+1",
    )
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(_progress_url(movement, query="xuat-excel/"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="dang-ky-thi-dua-cds-{YEAR}.xlsx"'
    )
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert rows[0][:6] == (
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        "Trạng thái",
        "Danh hiệu tập thể đăng ký",
        "Số người đăng ký Lao động tiên tiến",
    )
    assert [row[:7] for row in rows[1:]] == [
        (1, "BV_A", "Bệnh viện A", "Chờ duyệt", "Tập thể lao động xuất sắc", 300, 0)
    ]
    assert rows[1][-1] == "'=1+1"
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.unit_path, entry.changes) == (
        org.a.path,
        {"filters": [None, "không lọc"], "rows": [None, 1]},
    )


# --- One unit's registration --------------------------------------------------------------------


def test_unit_officer_fills_and_sends_the_registration(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])
    data = {
        "collective_title": EmulationTitle.COLLECTIVE_ADVANCED,
        "commitments": "Triển khai bệnh án điện tử toàn viện.",
        "count_lao_dong_tien_tien": "250",
        "count_chien_si_thi_dua_co_so": "12",
        "count_chien_si_thi_dua_thanh_pho": "",
    }

    page = client.get(_unit_url(movement, org.a.pk))
    saved = client.post(_unit_url(movement, org.a.pk), {**data, "action": "save"})
    sent = client.post(_unit_url(movement, org.a.pk), {**data, "action": "submit"})

    assert page.status_code == 200
    assert page.context["can_edit"] is True
    assert saved.status_code == sent.status_code == 302
    registration = UnitRegistration.objects.get()
    assert (registration.status, registration.individual_counts) == (
        ApprovalStatus.SUBMITTED,
        {"lao_dong_tien_tien": 250, "chien_si_thi_dua_co_so": 12},
    )
    followed = client.get(sent["Location"])
    assert _messages(followed) == [
        "Đã lưu bản nháp đăng ký.",
        f"Đã gửi đăng ký thi đua năm {YEAR} của Bệnh viện A; chờ Sở duyệt.",
    ]
    assert followed.context["can_edit"] is False


def test_unit_registration_after_deadline_shows_the_refusal(
    client: Client, cast: Cast, org: Org, movement: Movement
) -> None:
    late = open_round_today(movement, days_left=-1)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        _unit_url(movement, org.a.pk),
        {
            "collective_title": EmulationTitle.COLLECTIVE_ADVANCED,
            "commitments": "x",
            "action": "submit",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"Đã quá hạn đăng ký ({late.deadline:%d/%m/%Y}). Liên hệ Thường trực Hội đồng để được "
        "gia hạn."
    ]
    assert UnitRegistration.objects.count() == 0


def test_unit_registration_of_another_unit_is_404(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    page = client.get(_unit_url(movement, org.b.pk))
    post = client.post(
        _unit_url(movement, org.b.pk), {"collective_title": "", "commitments": "", "action": "save"}
    )

    assert (page.status_code, post.status_code) == (404, 404)
    assert UnitRegistration.objects.count() == 0


def test_unit_registration_readers_cannot_write(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    client.force_login(cast[Role.UNIT_HEAD])

    page = client.get(_unit_url(movement, org.a.pk))
    post = client.post(
        _unit_url(movement, org.a.pk), {"collective_title": "", "commitments": "", "action": "save"}
    )

    assert page.context["can_edit"] is False
    assert post.status_code == 403


def test_department_approves_a_submitted_registration(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    registration = make_unit_registration(
        round_, org.a, status=ApprovalStatus.SUBMITTED, submitted_by=cast[Role.UNIT_OFFICER]
    )
    client.force_login(cast[Role.DEPT_OFFICER])

    page = client.get(_unit_url(movement, org.a.pk))
    response = client.post(_unit_url(movement, org.a.pk, "duyet/"))

    assert page.context["can_decide"] is True
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == ApprovalStatus.APPROVED


def test_who_submitted_cannot_approve_it_on_the_page(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    admin = cast[Role.SYSTEM_ADMIN]
    registration = make_unit_registration(
        round_, org.a, status=ApprovalStatus.SUBMITTED, submitted_by=admin
    )
    client.force_login(admin)

    page = client.get(_unit_url(movement, org.a.pk))
    response = client.post(_unit_url(movement, org.a.pk, "duyet/"), follow=True)

    assert page.context["own_submission"] is True
    assert "không thể tự duyệt" in page.content.decode()
    assert _messages(response) == [
        "Bạn là người đã gửi đăng ký này nên không thể tự duyệt; cần một cán bộ khác của Sở duyệt."
    ]
    registration.refresh_from_db()
    assert registration.status == ApprovalStatus.SUBMITTED


def test_return_needs_a_reason_on_the_page(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    registration = make_unit_registration(round_, org.a, status=ApprovalStatus.SUBMITTED)
    client.force_login(cast[Role.DEPT_OFFICER])

    empty = client.post(_unit_url(movement, org.a.pk, "tra-lai/"), {"reason": ""})
    given = client.post(
        _unit_url(movement, org.a.pk, "tra-lai/"), {"reason": "Bổ sung cam kết an toàn thông tin."}
    )

    assert empty.status_code == 200
    assert empty.context["return_form"].errors == {
        "reason": ["Hãy nêu lý do trả lại để đơn vị, cá nhân biết cần sửa gì."]
    }
    assert given.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.return_reason) == (
        ApprovalStatus.RETURNED,
        "Bổ sung cam kết an toàn thông tin.",
    )


def test_unit_officer_cannot_approve_or_return(
    client: Client, cast: Cast, org: Org, movement: Movement, round_: RegistrationRound
) -> None:
    make_unit_registration(round_, org.a, status=ApprovalStatus.SUBMITTED)
    client.force_login(cast[Role.UNIT_OFFICER])

    approve = client.post(_unit_url(movement, org.a.pk, "duyet/"))
    give_back = client.post(_unit_url(movement, org.a.pk, "tra-lai/"), {"reason": "x"})

    assert (approve.status_code, give_back.status_code) == (403, 403)
    assert UnitRegistration.objects.get().status == ApprovalStatus.SUBMITTED


def test_department_extends_the_deadline_of_one_unit(
    client: Client, cast: Cast, org: Org, movement: Movement
) -> None:
    open_round_today(movement, days_left=-2)
    until = TODAY + dt.timedelta(days=5)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        _unit_url(movement, org.a.pk, "gia-han/"), {"until": until.strftime("%d/%m/%Y")}
    )

    assert response.status_code == 302
    assert UnitRegistration.objects.get().deadline_override == until
    client.force_login(cast[Role.UNIT_OFFICER])
    page = client.get(_unit_url(movement, org.a.pk))
    assert page.context["deadline"] == until
    assert f"Hạn đăng ký: <strong>{until:%d/%m/%Y}</strong> (được gia hạn" in page.content.decode()
