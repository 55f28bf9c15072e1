"""Personal registrations in bulk from Excel: the template pre-filled with the officer's people and
the all-or-nothing import, whose registrations wait for the unit head."""

import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import ApprovalStatus, EmulationTitle, MovementStatus
from thidua.movements.models import Movement, PersonalRegistration, RegistrationRound
from thidua.movements.services.registrations.personal_sheets import (
    build_personal_template,
    import_personal_registrations,
)
from thidua.movements.tests.factories import (
    make_movement,
    make_personal_registration,
    open_round_today,
)
from thidua.organizations.importing.rows import RowError
from thidua.organizations.models import Person
from thidua.organizations.tests.factories import PersonFactory
from thidua.organizations.tests.import_files import upload, xlsx_bytes

YEAR = timezone.localdate().year
HEADERS = ["Mã cán bộ", "Họ và tên", "Danh hiệu đăng ký", "Nội dung cam kết"]


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org) -> Movement:
    return make_movement(org.root, code="CDS", status=MovementStatus.LAUNCHED)


@pytest.fixture
def round_(movement: Movement) -> RegistrationRound:
    return open_round_today(movement)


@pytest.fixture
def people(org: Org) -> dict[str, Person]:
    return {
        "an": PersonFactory(unit=org.a1, staff_code="BVA001", full_name="Nguyễn Văn An"),
        "binh": PersonFactory(unit=org.a2, staff_code="BVA002", full_name="Trần Thị Bình"),
        "cuong": PersonFactory(unit=org.b1, staff_code="BVB001", full_name="Lê Văn Cường"),
    }


def _import(user, round_: RegistrationRound, rows):
    return import_personal_registrations(
        by=user, round_=round_, upload=upload(xlsx_bytes(HEADERS, rows))
    )


def test_personal_template_lists_the_officers_people_with_current_registrations(
    cast: Cast, round_: RegistrationRound, people: dict[str, Person]
) -> None:
    make_personal_registration(
        round_, people["binh"], title=EmulationTitle.EMULATION_SOLDIER_BASE, commitments="SK"
    )

    name, content = build_personal_template(by=cast[Role.UNIT_OFFICER], round_=round_)

    assert name == f"dang-ky-ca-nhan-cds-{YEAR}.xlsx"
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True) if any(row)]
    # Grouped by unit, by given name within a unit (BV_B's people are not the officer's).
    assert rows == [
        HEADERS,
        ["BVA001", "Nguyễn Văn An", None, None],
        [cast.staff_person.staff_code, "Nguyễn Thị Hoa", None, None],
        ["BVA002", "Trần Thị Bình", "Chiến sĩ thi đua cơ sở", "SK"],
    ]
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == (
        '"Lao động tiên tiến,Chiến sĩ thi đua cơ sở,Chiến sĩ thi đua Thành phố"'
    )


def test_import_personal_registrations_sends_every_row_for_approval(
    cast: Cast, round_: RegistrationRound, people: dict[str, Person]
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    make_personal_registration(round_, people["binh"], status=ApprovalStatus.RETURNED)

    result = _import(
        officer,
        round_,
        [
            ["bva001", "nguyen van an", "Lao động tiên tiến", "Hoàn thành tốt nhiệm vụ"],
            ["BVA002", "Trần Thị Bình", "chien si thi dua co so", "Một sáng kiến"],
        ],
    )

    assert (result.ok, result.created, result.updated) == (True, 1, 1)
    assert list(
        PersonalRegistration.objects.order_by("person__staff_code").values_list(
            "person__staff_code", "title", "status", "registered_by", "unit__code"
        )
    ) == [
        ("BVA001", "lao_dong_tien_tien", "submitted", officer.pk, "BV_A_K1"),
        ("BVA002", "chien_si_thi_dua_co_so", "submitted", officer.pk, "BV_A_K2"),
    ]
    assert AuditEntry.objects.filter(target_type="movements.personalregistration").count() == 2
    summary = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert summary.changes == {
        "file": [None, "nhap.xlsx"],
        "created": [None, 1],
        "updated": [None, 1],
    }


def test_import_personal_registrations_all_or_nothing_with_exact_row_errors(
    cast: Cast, round_: RegistrationRound, people: dict[str, Person]
) -> None:
    approved = PersonFactory(unit=cast.staff_person.unit, staff_code="BVA003", full_name="Đỗ Hà")
    make_personal_registration(round_, approved, status=ApprovalStatus.APPROVED)

    result = _import(
        cast[Role.UNIT_OFFICER],
        round_,
        [
            ["BVA001", "Nguyễn Văn An", "Lao động tiên tiến", ""],
            ["BVA002", "Trần Thị Hoa", "Lao động tiên tiến", ""],
            ["BVB001", "Lê Văn Cường", "Lao động tiên tiến", ""],
            ["ZZ999", "Không Có", "Lao động tiên tiến", ""],
            ["BVA003", "Đỗ Hà", "Tập thể lao động xuất sắc", ""],
            [cast.staff_person.staff_code, "Nguyễn Thị Hoa", "Anh hùng lao động", ""],
        ],
    )

    assert result.errors == [
        RowError(
            3,
            "Họ và tên",
            "Họ và tên “Trần Thị Hoa” không khớp với mã cán bộ “BVA002” (trong hệ thống: "
            "Trần Thị Bình).",
        ),
        RowError(
            4, "Mã cán bộ", "Cán bộ “BVB001” thuộc đơn vị ngoài phạm vi bạn được đăng ký thi đua."
        ),
        RowError(5, "Mã cán bộ", "Không tìm thấy cán bộ có mã “ZZ999”."),
        RowError(6, "Mã cán bộ", "Đăng ký của Đỗ Hà đã được duyệt; không nhập đè được."),
        RowError(
            6,
            "Danh hiệu đăng ký",
            "“Tập thể lao động xuất sắc” là danh hiệu tập thể; cá nhân chỉ đăng ký: Lao động "
            "tiên tiến, Chiến sĩ thi đua cơ sở, Chiến sĩ thi đua Thành phố.",
        ),
        RowError(
            7,
            "Danh hiệu đăng ký",
            "Danh hiệu “Anh hùng lao động” không hợp lệ; chọn một trong: Lao động tiên tiến, "
            "Chiến sĩ thi đua cơ sở, Chiến sĩ thi đua Thành phố.",
        ),
    ]
    assert PersonalRegistration.objects.count() == 1  # the approved one, untouched
    assert AuditEntry.objects.filter(target_type__startswith="movements.").count() == 0


def test_import_personal_registrations_after_deadline_refused_by_row(
    cast: Cast, movement: Movement, people: dict[str, Person]
) -> None:
    late = open_round_today(movement, days_left=-1)

    result = _import(
        cast[Role.UNIT_OFFICER], late, [["BVA001", "Nguyễn Văn An", "Lao động tiên tiến", ""]]
    )

    assert result.errors == [
        RowError(
            2,
            "Mã cán bộ",
            f"Đã quá hạn đăng ký ({late.deadline:%d/%m/%Y}). Liên hệ Thường trực Hội đồng để "
            "được gia hạn.",
        )
    ]


def test_import_personal_registrations_refused_to_heads(
    cast: Cast, round_: RegistrationRound
) -> None:
    with pytest.raises(PermissionDeniedError):
        _import(
            cast[Role.UNIT_HEAD], round_, [["BVA001", "Nguyễn Văn An", "Lao động tiên tiến", ""]]
        )


def test_personal_import_page_then_head_approves_all(
    client: Client, cast: Cast, round_: RegistrationRound, people: dict[str, Person]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])
    url = f"/phong-trao/{round_.movement_id}/dang-ky/{YEAR}/ca-nhan/nhap-excel/"
    content = xlsx_bytes(
        HEADERS,
        [
            ["BVA001", "Nguyễn Văn An", "Lao động tiên tiến", ""],
            ["BVA002", "Trần Thị Bình", "Lao động tiên tiến", ""],
        ],
    )

    response = client.post(url, {"file": upload(content)})
    client.force_login(cast[Role.UNIT_HEAD])
    ids = list(PersonalRegistration.objects.values_list("pk", flat=True))
    approved = client.post(
        f"/phong-trao/{round_.movement_id}/dang-ky/{YEAR}/ca-nhan/quyet-dinh/",
        {"ids": ids, "action": "approve"},
    )

    assert response.status_code == 302
    assert approved.status_code == 302
    assert set(PersonalRegistration.objects.values_list("status", flat=True)) == {"approved"}
