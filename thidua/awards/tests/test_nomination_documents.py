"""The nomination documents opened as their readers open them: the tờ trình (Mẫu số 01) of a
unit's list — its table against the nominations, the justification of a failing candidate —
and the báo cáo thành tích of a nomination; Word fonts, PDF text with diacritics and embedded
Liberation Serif, number and symbol; attached to the dossier; scope."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.accounts.roles import Role
from thidua.awards.enums import AttachmentKind
from thidua.awards.models import NominationAttachment
from thidua.awards.services.nomination_documents import issue_achievement_report, issue_proposal
from thidua.awards.services.nominations import create_nomination
from thidua.awards.tests.rounds_support import make_people, make_round, prepare_issuing
from thidua.conftest import Cast, Org
from thidua.core.errors import PermissionDeniedError
from thidua.movements.tests.documents_support import (
    LIBERATION_SERIF,
    open_issued,
    png_of,
    table_headed,
)

pytestmark = pytest.mark.usefixtures("rulebook")


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path, org: Org) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False
    prepare_issuing(org)


def test_proposal_mau_01_lists_the_units_nominations_with_the_justification(
    org: Org, cast: Cast, tmp_path: Path
) -> None:
    people = make_people(org)
    round_ = make_round(org)
    officer = cast[Role.UNIT_OFFICER]
    create_nomination(
        by=officer, round_=round_, unit=org.a, award_code="cstdcs", person=people.good
    )
    create_nomination(
        by=officer,
        round_=round_,
        unit=org.a,
        award_code="ldtt",
        person=people.weak,
        justification="Thành tích đột xuất trong cấp cứu hàng loạt.",
    )

    issued = issue_proposal(by=officer, round_=round_, unit=org.a)

    opened = open_issued(issued, tmp_path)
    # The page prints the Decree 30 abbreviation (“TTr”); the register keeps its codes uppercased.
    assert issued.number_text == "01/TTr-BVA"
    assert table_headed(opened, "STT") == [
        ("STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Danh hiệu, hình thức", "Giải trình"),
        ("1", "Nguyễn Thị Hoa Xuân", "Điều dưỡng, Khoa Nội A1", "Chiến sĩ thi đua cơ sở", "—"),
        (
            "2",
            "Lê Văn Cường",
            "Điều dưỡng, Khoa Ngoại A2",
            "Lao động tiên tiến",
            "Thành tích đột xuất trong cấp cứu hàng loạt.",
        ),
    ]
    assert opened.docx_fonts() == {"Times New Roman"}
    text = opened.pdf_text()
    assert "TỜ TRÌNH" in text
    assert "Về việc đề nghị xét tặng danh hiệu thi đua, hình thức khen thưởng năm 2024" in text
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng Sở Y tế Hà Nội." in text
    assert "hình thức khen thưởng cho 2 cá nhân có thành tích năm 2024" in text
    assert "Số: 01/TTr-BVA" in text
    assert "Đỗ Quang Vinh" in text
    fonts, embedded = opened.pdf_fonts()
    assert (sorted(set(fonts)) == sorted(set(fonts) & set(LIBERATION_SERIF)), embedded) == (
        True,
        {"yes"},
    )
    png_of(opened, "awards-to-trinh-mau-01")
    assert list(
        NominationAttachment.objects.filter(kind=AttachmentKind.PROPOSAL).values_list(
            "document_id", flat=True
        )
    ) == [issued.pk, issued.pk]


def test_achievement_report_carries_the_rules_and_the_justification(
    org: Org, cast: Cast, tmp_path: Path
) -> None:
    people = make_people(org)
    officer = cast[Role.UNIT_OFFICER]
    item = create_nomination(
        by=officer,
        round_=make_round(org),
        unit=org.a,
        award_code="ldtt",
        person=people.weak,
        justification="Thành tích đột xuất trong cấp cứu hàng loạt.",
        achievement_summary="Tham gia cấp cứu 120 ca trong đợt ngộ độc tháng 9/2024.",
    )

    issued = issue_achievement_report(by=officer, nomination=item)

    opened = open_issued(issued, tmp_path)
    rules = table_headed(opened, "STT")
    assert [row[:3] for row in rules] == [
        ("STT", "Tiêu chí", "Kết quả"),
        ("1", "xep_loai", "Chưa đạt"),
    ]
    text = opened.pdf_text()
    assert "Số: 01/BC-BVA" in text
    assert "Tham gia cấp cứu 120 ca trong đợt ngộ độc tháng 9/2024." in text
    assert "Giải trình đề nghị khi chưa đủ điều kiện:" in text
    assert "Thành tích đột xuất trong cấp cứu hàng loạt." in text
    # The factory's people are women: “bà”.
    assert (
        "Theo bộ quy tắc Thử nghiệm 2000, bà Lê Văn Cường chưa đủ điều kiện “Lao động tiên tiến” "
        "năm 2024:" in text
    )
    png_of(opened, "awards-bao-cao-thanh-tich")
    assert item.attachments.get().document_id == issued.pk


def test_unit_officer_cannot_issue_the_proposal_of_another_hospital(org: Org, cast: Cast) -> None:
    make_people(org)
    round_ = make_round(org)

    with pytest.raises(PermissionDeniedError):
        issue_proposal(by=cast[Role.UNIT_OFFICER], round_=round_, unit=org.b)


def test_proposal_of_bv_b_cannot_be_downloaded_from_bv_a(org: Org, cast: Cast) -> None:
    people = make_people(org)
    round_ = make_round(org)
    dept = cast[Role.DEPT_OFFICER]
    create_nomination(
        by=dept, round_=round_, unit=org.b, award_code="ldtt", person=people.other_branch
    )
    issued = issue_proposal(by=dept, round_=round_, unit=org.b)
    client = Client()
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(reverse("documents:download", args=[issued.pk, "pdf"]))

    assert response.status_code == 404


def test_proposal_button_issues_and_says_the_number(org: Org, cast: Cast) -> None:
    people = make_people(org)
    round_ = make_round(org)
    officer = cast[Role.UNIT_OFFICER]
    create_nomination(by=officer, round_=round_, unit=org.a, award_code="ldtt", person=people.fair)
    client = Client()
    client.force_login(officer)

    response = client.post(
        reverse("awards:proposal_issue", args=[round_.pk, org.a.pk]), follow=True
    )

    assert "Đã phát hành tờ trình số 01/TTr-BVA" in response.content.decode()
