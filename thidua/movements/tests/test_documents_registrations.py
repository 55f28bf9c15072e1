"""The Báo cáo đăng ký thi đua of a round: the units' registrations (issued by the Sở from the
progress page, on landscape pages) and a unit's personal registrations (issued by the unit from
its registration page). Rows against the registrations sent; scope between units."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from docx.enum.section import WD_ORIENT

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.documents.models import IssuedDocument
from thidua.movements.enums import ApprovalStatus, EmulationTitle, MovementStatus
from thidua.movements.models import Movement, RegistrationRound
from thidua.movements.services.documents import (
    issue_round_registrations,
    issue_unit_registrations,
)
from thidua.movements.tests.documents_support import (
    LIBERATION_SERIF,
    open_issued,
    png_of,
    table_headed,
)
from thidua.movements.tests.factories import (
    make_movement,
    make_personal_registration,
    make_unit_registration,
    open_round_today,
)
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org) -> Movement:
    for unit, abbreviation in ((org.root, "SYT"), (org.a, "BVA"), (org.b, "BVB")):
        unit.abbreviation = abbreviation
        unit.head = PersonFactory(unit=unit, full_name=f"Thủ trưởng {abbreviation}")
        unit.save()
    return make_movement(org.root, code="CDS", status=MovementStatus.LAUNCHED)


@pytest.fixture
def round_(movement: Movement, org: Org) -> RegistrationRound:
    round_ = open_round_today(movement)
    make_unit_registration(
        round_,
        org.a,
        status=ApprovalStatus.APPROVED,
        collective_title=EmulationTitle.COLLECTIVE_EXCELLENT,
        individual_counts={"lao_dong_tien_tien": 120, "chien_si_thi_dua_co_so": 12},
    )
    make_unit_registration(
        round_,
        org.b,
        status=ApprovalStatus.SUBMITTED,
        collective_title=EmulationTitle.COLLECTIVE_ADVANCED,
        individual_counts={"lao_dong_tien_tien": 80},
    )
    make_unit_registration(round_, org.office, status=ApprovalStatus.DRAFT)
    return round_


@pytest.fixture
def people(round_: RegistrationRound, org: Org) -> list[Any]:
    registrations = [
        make_personal_registration(
            round_, PersonFactory(unit=org.a1, full_name="Trần Thị Bích Ngọc", staff_code="A001")
        ),
        make_personal_registration(
            round_,
            PersonFactory(unit=org.a2, full_name="Lê Văn Đức", staff_code="A002"),
            title=EmulationTitle.EMULATION_SOLDIER_BASE,
            status=ApprovalStatus.APPROVED,
        ),
        make_personal_registration(
            round_,
            PersonFactory(unit=org.a1, full_name="Phạm Thị Hường", staff_code="A003"),
            status=ApprovalStatus.DRAFT,
        ),
        make_personal_registration(
            round_, PersonFactory(unit=org.b1, full_name="Đỗ Quốc Khánh", staff_code="B001")
        ),
    ]
    return registrations


@pytest.mark.django_db
def test_round_list_rows_are_the_units_registrations_sent(
    round_: RegistrationRound, cast: Cast, org: Org, tmp_path: Path
) -> None:
    item = issue_round_registrations(by=cast[Role.DEPT_OFFICER], round_=round_)

    opened = open_issued(item, tmp_path)
    assert (item.number_text, item.unit_path) == ("01/BC-SYT", org.root.path)
    assert table_headed(opened, "STT") == [
        (
            "STT",
            "Đơn vị",
            "Danh hiệu tập thể đăng ký",
            "Số đăng ký Lao động tiên tiến",
            "Số đăng ký Chiến sĩ thi đua cơ sở",
            "Số đăng ký Chiến sĩ thi đua Thành phố",
            "Trạng thái",
            "Ngày gửi",
        ),
        ("1", "Bệnh viện A", "Tập thể lao động xuất sắc", "120", "12", "0", "Đã duyệt", "—"),
        ("2", "Bệnh viện B", "Tập thể lao động tiên tiến", "80", "0", "0", "Chờ duyệt", "—"),
    ]
    assert opened.docx.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert opened.docx_fonts() == {"Times New Roman"}
    assert "Tổng số đăng ký: 2 (tập thể)" in opened.docx_text()


@pytest.mark.django_db
def test_round_list_pdf_is_landscape_in_liberation_serif(
    round_: RegistrationRound, cast: Cast, tmp_path: Path
) -> None:
    item = issue_round_registrations(by=cast[Role.DEPT_OFFICER], round_=round_)

    opened = open_issued(item, tmp_path)
    text = opened.pdf_text()
    assert "Số: 01/BC-SYT" in text
    assert "Tập thể lao động xuất sắc" in text
    assert "Danh sách đăng ký thi đua năm" in text
    assert opened.page_sizes() == {(842, 595)}
    assert opened.pdf_fonts() == (LIBERATION_SERIF, {"yes"})
    assert png_of(opened, "movements-registrations").exists()


@pytest.mark.django_db
def test_unit_list_rows_are_its_peoples_registrations_sent(
    people: list[Any], round_: RegistrationRound, cast: Cast, org: Org, tmp_path: Path
) -> None:
    item = issue_unit_registrations(by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.a)

    opened = open_issued(item, tmp_path)
    assert (item.number_text, item.unit_path, item.signer_name) == (
        "01/BC-BVA",
        org.a.path,
        "Thủ trưởng BVA",
    )
    assert table_headed(opened, "STT") == [
        ("STT", "Họ và tên", "Mã cán bộ", "Khoa, phòng", "Danh hiệu đăng ký", "Trạng thái"),
        ("1", "Trần Thị Bích Ngọc", "A001", "Khoa Nội A1", "Lao động tiên tiến", "Chờ duyệt"),
        ("2", "Lê Văn Đức", "A002", "Khoa Ngoại A2", "Chiến sĩ thi đua cơ sở", "Đã duyệt"),
    ]
    assert opened.page_sizes() == {(595, 842)}
    assert "Tổng số đăng ký: 2 (cá nhân)" in opened.pdf_text()
    assert png_of(opened, "movements-personal-registrations").exists()


@pytest.mark.django_db
def test_round_list_without_any_registration_sent_is_refused(
    movement: Movement, cast: Cast
) -> None:
    from thidua.core.errors import DomainError

    empty = open_round_today(movement)

    with pytest.raises(DomainError) as refused:
        issue_round_registrations(by=cast[Role.DEPT_OFFICER], round_=empty)

    assert refused.value.message.startswith("Chưa có đơn vị nào gửi đăng ký thi đua năm")
    assert IssuedDocument.objects.count() == 0


# --- Pages and scope ---------------------------------------------------------------------------


def _unit_page(round_: RegistrationRound, unit_pk: int) -> str:
    return f"/phong-trao/{round_.movement_id}/dang-ky/{round_.year}/don-vi/{unit_pk}/"


@pytest.mark.django_db
def test_progress_page_button_issues_the_round_list(
    client: Client, round_: RegistrationRound, cast: Cast
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])
    url = f"/phong-trao/{round_.movement_id}/dang-ky/{round_.year}/"

    before = client.get(url).content.decode()
    response = client.post(url + "van-ban/", follow=True)

    item = IssuedDocument.objects.get()
    assert "Phát hành báo cáo đăng ký (Word, PDF)" in before
    assert response.redirect_chain == [(url, 302)]
    assert f"/van-ban/{item.pk}/tai-ve/docx/" in response.content.decode()


@pytest.mark.django_db
def test_unit_page_button_issues_the_units_personal_list(
    client: Client, people: list[Any], round_: RegistrationRound, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    before = client.get(_unit_page(round_, org.a.pk)).content.decode()
    response = client.post(_unit_page(round_, org.a.pk) + "van-ban/", follow=True)

    item = IssuedDocument.objects.get()
    assert "Phát hành báo cáo đăng ký cá nhân (Word, PDF)" in before
    assert item.source == f"movements.registrations:{round_.pk}:{org.a.pk}"
    assert f"/van-ban/{item.pk}/tai-ve/pdf/" in response.content.decode()


@pytest.mark.django_db
def test_other_units_officer_cannot_issue_or_download_the_units_list(
    client: Client, people: list[Any], round_: RegistrationRound, cast: Cast, org: Org
) -> None:
    item = issue_unit_registrations(by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.a)
    officer_b = UserFactory(username="can-bo-b")
    grant(officer_b, Role.UNIT_OFFICER, org.b)
    client.force_login(officer_b)

    page = client.get(_unit_page(round_, org.a.pk))
    issued = client.post(_unit_page(round_, org.a.pk) + "van-ban/")
    pdf = client.get(f"/van-ban/{item.pk}/tai-ve/pdf/")
    docx = client.get(f"/van-ban/{item.pk}/tai-ve/docx/")

    assert (page.status_code, issued.status_code, pdf.status_code, docx.status_code) == (
        404,
        404,
        404,
        404,
    )
    assert IssuedDocument.objects.count() == 1


@pytest.mark.django_db
def test_unit_officer_cannot_issue_the_round_list(
    client: Client, round_: RegistrationRound, cast: Cast
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(f"/phong-trao/{round_.movement_id}/dang-ky/{round_.year}/van-ban/")

    assert response.status_code == 403
    assert IssuedDocument.objects.count() == 0
