"""The initiative lists: scope (officers see their units' submitted initiatives, staff their
own, everyone the recognised ones), search without diacritics, filters, sort by date, Excel
export of the filtered list, and query counts that do not grow with the rows."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.core.models import AuditAction, AuditEntry
from thidua.initiatives.enums import CouncilLevel, InitiativeStatus, MemberRole, RecognitionLevel
from thidua.initiatives.models import CouncilMember, InitiativeCouncil
from thidua.initiatives.tests.factories import make_areas, make_initiative
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

YEAR = timezone.localdate().year
LIST = reverse("initiatives:initiative_list")
MINE = reverse("initiatives:my_initiatives")
RECOGNISED = reverse("initiatives:recognised_list")
EXPORT = reverse("initiatives:initiative_export")


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def people(org, cast):
    return {
        "hoa": cast.staff_person,
        "binh": PersonFactory(unit=org.a2, full_name="Trần Văn Bình"),
        "trang": PersonFactory(unit=org.b1, full_name="Phạm Thu Trang"),
    }


@pytest.fixture
def initiatives(people):
    return {
        "draft": make_initiative(
            None, people["hoa"], status=InitiativeStatus.DRAFT, title="Bản nháp của Hoa"
        ),
        "hoa": make_initiative(None, people["hoa"], title="Số hóa hồ sơ bệnh án giấy"),
        "binh": make_initiative(None, people["binh"], title="Đặt lịch khám qua tin nhắn"),
        "binh_draft": make_initiative(
            None, people["binh"], status=InitiativeStatus.DRAFT, title="Nháp của Bình"
        ),
        "trang": make_initiative(
            None,
            people["trang"],
            status=InitiativeStatus.RECOGNISED,
            title="Quầy tiếp đón người cao tuổi",
            year=YEAR - 1,
        ),
    }


def _codes(response) -> list[str]:
    return [item.code for item in response.context["page"].object_list]


def test_officer_list_holds_the_units_submitted_initiatives_not_drafts(client, cast, initiatives):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(LIST)

    assert sorted(_codes(response)) == sorted([initiatives["hoa"].code, initiatives["binh"].code])


def test_staff_list_holds_their_own_only(client, cast, initiatives):
    client.force_login(cast[Role.STAFF])

    response = client.get(LIST)

    assert sorted(_codes(response)) == sorted([initiatives["draft"].code, initiatives["hoa"].code])


def test_staff_own_list_includes_drafts(client, cast, initiatives):
    client.force_login(cast[Role.STAFF])

    response = client.get(MINE)

    assert sorted(_codes(response)) == sorted([initiatives["draft"].code, initiatives["hoa"].code])


def test_another_units_officer_sees_none_of_bv_a(client, org, initiatives):
    user = UserFactory(username="can_bo_b")
    grant(user, Role.UNIT_OFFICER, org.b)
    client.force_login(user)

    response = client.get(LIST)

    assert _codes(response) == [initiatives["trang"].code]


def test_recognised_list_is_read_by_staff_and_shows_recognised_only(client, cast, initiatives):
    client.force_login(cast[Role.STAFF])

    response = client.get(RECOGNISED)

    assert _codes(response) == [initiatives["trang"].code]
    html = response.content.decode()
    assert "Quầy tiếp đón người cao tuổi" in html
    assert "Cấp cơ sở" in html


def test_search_ignores_diacritics_and_matches_author_names(client, cast, initiatives):
    client.force_login(cast[Role.DEPT_OFFICER])

    by_title = client.get(LIST, {"q": "so hoa ho so"})
    by_author = client.get(LIST, {"q": "tran van binh"})
    by_code = client.get(LIST, {"q": initiatives["trang"].code.lower()})

    assert _codes(by_title) == [initiatives["hoa"].code]
    assert _codes(by_author) == [initiatives["binh"].code]
    assert _codes(by_code) == [initiatives["trang"].code]


def test_filters_by_unit_year_status_and_level(client, org, cast, initiatives):
    client.force_login(cast[Role.DEPT_OFFICER])

    by_unit = client.get(LIST, {"don_vi": org.a.pk})
    by_year = client.get(LIST, {"nam": YEAR - 1})
    by_status = client.get(LIST, {"trang_thai": "recognised"})
    by_level = client.get(LIST, {"cap": RecognitionLevel.BASE})

    assert sorted(_codes(by_unit)) == sorted([initiatives["hoa"].code, initiatives["binh"].code])
    assert _codes(by_year) == [initiatives["trang"].code]
    assert _codes(by_status) == [initiatives["trang"].code]
    assert _codes(by_level) == [initiatives["trang"].code]


def test_filter_by_area(client, org, cast, people):
    areas = make_areas(org.root)
    digital = make_initiative(None, people["hoa"], area=areas[0], movement=areas[0].movement)
    make_initiative(None, people["binh"], area=areas[1], movement=areas[1].movement)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(LIST, {"linh_vuc": areas[0].pk})

    assert _codes(response) == [digital.code]


def test_sort_by_submission_date_both_ways(client, cast, people):
    older = make_initiative(None, people["hoa"], title="Cũ")
    newer = make_initiative(None, people["binh"], title="Mới")
    older.submitted_at = timezone.now() - dt.timedelta(days=10)
    older.save()
    client.force_login(cast[Role.DEPT_OFFICER])

    newest_first = client.get(LIST)
    oldest_first = client.get(LIST, {"sap_xep": "ngay"})

    assert _codes(newest_first) == [newer.code, older.code]
    assert _codes(oldest_first) == [older.code, newer.code]


def test_list_is_paginated_by_50(client, cast, people):
    for index in range(51):
        make_initiative(None, people["hoa"], title=f"Sáng kiến {index}")
    client.force_login(cast[Role.DEPT_OFFICER])

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 1


def test_htmx_search_answers_the_results_fragment(client, cast, initiatives):
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(LIST, {"q": "dat lich"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "Đặt lịch khám qua tin nhắn" in html
    assert "<form" not in html


@pytest.mark.parametrize("count", [1, 12])
def test_list_queries_do_not_grow_with_rows(client, cast, people, count, django_assert_num_queries):
    for index in range(count):
        make_initiative(
            None, people["hoa"], title=f"Sáng kiến {index}", co_authors=[("Lê Cường", 10)]
        )
    client.force_login(cast[Role.UNIT_OFFICER])
    client.get(LIST)

    with django_assert_num_queries(12):
        response = client.get(LIST)

    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [1, 12])
def test_recognised_list_queries_do_not_grow_with_rows(
    client, cast, people, count, django_assert_num_queries
):
    for index in range(count):
        make_initiative(
            None, people["trang"], status=InitiativeStatus.RECOGNISED, title=f"SK {index}"
        )
    client.force_login(cast[Role.STAFF])
    client.get(RECOGNISED)

    with django_assert_num_queries(11):
        response = client.get(RECOGNISED)

    assert len(response.context["page"].object_list) == count


def test_tab_bar_offers_councils_and_sheets_to_a_council_member(client, org, cast):
    council = InitiativeCouncil.objects.create(
        name="Hội đồng sáng kiến Bệnh viện A", level=CouncilLevel.UNIT, unit=org.a, year=2026
    )
    CouncilMember.objects.create(council=council, user=cast[Role.STAFF], role=MemberRole.MEMBER)
    client.force_login(cast[Role.STAFF])

    html = client.get(LIST).content.decode()

    assert "Hội đồng sáng kiến</a>" in html
    assert "Phiếu chấm của tôi</a>" in html


def test_tab_bar_of_plain_staff_has_no_council_links(client, cast):
    client.force_login(cast[Role.STAFF])

    html = client.get(LIST).content.decode()

    assert "Nhân rộng</a>" in html
    assert "Hội đồng sáng kiến</a>" not in html
    assert "Phiếu chấm của tôi</a>" not in html


def test_tab_bar_offers_councils_to_their_manager(client, cast):
    client.force_login(cast[Role.UNIT_OFFICER])

    html = client.get(LIST).content.decode()

    assert "Hội đồng sáng kiến</a>" in html
    assert "Phiếu chấm của tôi</a>" not in html


# -- Excel export --------------------------------------------------------------------------------


def _sheet(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


def test_export_of_the_filtered_list_with_vietnamese_headers_and_dates(
    client, cast, people, initiatives
):
    hoa = initiatives["hoa"]
    hoa.submitted_at = dt.datetime(YEAR, 3, 5, 9, 30, tzinfo=dt.UTC)
    hoa.effect_amount = 120_000_000
    hoa.save()
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(EXPORT, {"ds": "scoped", "q": "so hoa"})

    rows = _sheet(response)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert rows[0][:5] == (
        "STT",
        "Mã sáng kiến",
        "Tên sáng kiến",
        "Tác giả, đồng tác giả (tỷ lệ đóng góp)",
        "Đơn vị",
    )
    assert len(rows) == 2
    assert rows[1][:5] == (
        1,
        hoa.code,
        "Số hóa hồ sơ bệnh án giấy",
        "Nguyễn Thị Hoa: 100 %",
        "Khoa Nội A1",
    )
    assert rows[1][8] == "Đã nộp, chờ sàng lọc"
    assert rows[1][9] == f"05/03/{YEAR}"
    assert rows[1][10] == f"15/01/{YEAR}"
    assert rows[1][11] == 120_000_000
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.changes["rows"] == [None, 1]


def test_export_is_scoped_like_the_list(client, org, initiatives):
    user = UserFactory(username="can_bo_b")
    grant(user, Role.UNIT_OFFICER, org.b)
    client.force_login(user)

    rows = _sheet(client.get(EXPORT, {"ds": "scoped"}))

    assert [row[1] for row in rows[1:]] == [initiatives["trang"].code]


def test_export_of_the_recognised_list_names_level_and_decision(client, cast, initiatives):
    trang = initiatives["trang"]
    client.force_login(cast[Role.STAFF])

    rows = _sheet(client.get(EXPORT, {"ds": "recognised"}))

    assert len(rows) == 2
    assert rows[1][1] == trang.code
    assert rows[1][12:15] == ("Cấp cơ sở", trang.decision_number, f"20/12/{YEAR - 1}")


def test_export_external_co_author_is_marked(client, cast, people):
    initiative = make_initiative(None, people["hoa"], co_authors=[("Lê Văn Cường", 20)])
    client.force_login(cast[Role.STAFF])

    rows = _sheet(client.get(EXPORT, {"ds": "own"}))

    assert rows[1][1] == initiative.code
    assert rows[1][3] == (
        "Nguyễn Thị Hoa: 80 %; Lê Văn Cường (ngoài hệ thống, Trường Đại học Y Hà Nội): 20 %"
    )
