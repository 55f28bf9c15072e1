"""Nhân rộng pages: recording an adoption (Vietnamese numbers, scope of the adopting unit), the
list scoped to the viewer's units and their initiatives, the Excel export, and the decisions and
adoptions panel of an initiative's page."""

import io
from decimal import Decimal
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.initiatives.forms.adoption import parse_vn_number
from thidua.initiatives.models import Adoption, AdoptionIndicator
from thidua.initiatives.selectors.decisions import decision_panels
from thidua.initiatives.tests.decision_factories import (
    make_adoption,
    make_closed_round,
    make_decision,
    make_recognised,
)

D = Decimal


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def initiative(org):
    return make_recognised(org.b, "Phần mềm nhắc lịch tái khám")


def _form(unit_pk: int, **rows: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "unit": unit_pk,
        "adopted_on": "01/03/2025",
        "description": "Áp dụng tại khoa Khám bệnh.",
        "chi-so-TOTAL_FORMS": "4",
        "chi-so-INITIAL_FORMS": "0",
        "chi-so-MIN_NUM_FORMS": "0",
        "chi-so-MAX_NUM_FORMS": "30",
    }
    data.update(rows)
    return data


def test_parse_vn_number_reads_vietnamese_numbers() -> None:
    assert [
        parse_vn_number(t) for t in ("1.234,5", "12,5", "1.234.567", "1.234", "12.5", "-3", "")
    ] == [
        D("1234.5"),
        D("12.5"),
        D("1234567"),
        D("1234"),
        D("12.5"),
        D("-3"),
        None,
    ]


@pytest.mark.parametrize("text", ["1,2,3", "12.34,5", "abc", "1.2.3"])
def test_parse_vn_number_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError, match=text.replace(".", r"\.")):
        parse_vn_number(text)


def test_officer_records_an_adoption_with_vietnamese_numbers(
    client: Client, initiative, org, cast
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])
    url = f"/sang-kien/{initiative.pk}/nhan-rong/them/"
    page = client.get(url)

    response = client.post(
        url,
        _form(
            org.a.pk,
            **{
                "chi-so-0-name": "Chi phí in phiếu hẹn",
                "chi-so-0-measure_unit": "nghìn đồng/tháng",
                "chi-so-0-before": "1.234,5",
                "chi-so-0-after": "300",
                "chi-so-2-name": "Tỷ lệ tái khám đúng hẹn",
                "chi-so-2-measure_unit": "%",
                "chi-so-2-before": "62,5",
                "chi-so-2-after": "88",
            },
        ),
        follow=True,
    )

    assert page.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        f"Đã ghi nhận Bệnh viện A nhân rộng sáng kiến {initiative.code}."
    ]
    assert list(
        AdoptionIndicator.objects.order_by("pk").values_list("name", "before", "after")
    ) == [
        ("Chi phí in phiếu hẹn", D("1234.50"), D("300.00")),
        ("Tỷ lệ tái khám đúng hẹn", D("62.50"), D("88.00")),
    ]


def test_adoption_form_marks_a_bad_number_and_saves_nothing(
    client: Client, initiative, org, cast
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        f"/sang-kien/{initiative.pk}/nhan-rong/them/",
        _form(
            org.a.pk,
            **{
                "chi-so-0-name": "Thời gian chờ",
                "chi-so-0-before": "bốn lăm",
                "chi-so-0-after": "15",
            },
        ),
    )

    assert (
        "“bốn lăm” không phải là một số (ví dụ đúng: 45 hoặc 1.234,5)." in response.content.decode()
    )
    assert Adoption.objects.count() == 0


def test_adoption_form_without_any_indicator_is_refused(
    client: Client, initiative, org, cast
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(f"/sang-kien/{initiative.pk}/nhan-rong/them/", _form(org.a.pk))

    assert "Hãy nhập ít nhất một chỉ số trước và sau khi áp dụng" in response.content.decode()
    assert Adoption.objects.count() == 0


def test_adoption_form_refuses_a_unit_outside_the_officers_scope(
    client: Client, initiative, org, cast
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        f"/sang-kien/{initiative.pk}/nhan-rong/them/",
        _form(
            org.office.pk,
            **{"chi-so-0-name": "Thời gian chờ", "chi-so-0-before": "45", "chi-so-0-after": "15"},
        ),
    )

    assert "Bạn không ghi nhận nhân rộng được cho đơn vị này." in response.content.decode()
    assert Adoption.objects.count() == 0


def test_adoption_form_of_an_initiative_not_recognised_is_404(client: Client, org, cast) -> None:
    setup = make_closed_round(org.b)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(f"/sang-kien/{setup.initiatives[0].pk}/nhan-rong/them/")

    assert response.status_code == 404


def test_adoption_form_refused_without_record_adoption(client: Client, initiative, cast) -> None:
    client.force_login(cast[Role.STAFF])

    response = client.get(f"/sang-kien/{initiative.pk}/nhan-rong/them/")

    assert response.status_code == 403


def test_adoption_list_is_scoped_to_the_viewers_units_and_their_initiatives(
    client: Client, org, cast
) -> None:
    of_b = make_recognised(org.b, "Sáng kiến của B")
    of_a = make_recognised(org.a, "Sáng kiến của A")
    make_adoption(of_b, org.a1)  # at A's unit: seen
    make_adoption(of_a, org.b)  # A's initiative spread to B: seen
    make_adoption(of_b, org.office)  # neither: hidden
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get("/sang-kien/nhan-rong/")

    lines = response.context["lines"]
    assert sorted((line.adoption.initiative.title, line.adoption.unit.code) for line in lines) == [
        ("Sáng kiến của A", "BV_B"),
        ("Sáng kiến của B", "BV_A_K1"),
    ]
    assert "45 → 15" in response.content.decode()


def test_adoption_list_query_count_is_constant(
    client: Client, org, cast, django_assert_num_queries
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])
    counts = []
    for batch in (1, 6):
        for i in range(batch):
            source = make_recognised(org.b, f"Sáng kiến {batch}-{i}")
            make_adoption(source, org.a, indicators=[("A", "phút", "1", "2"), ("B", "%", "3", "1")])
        with django_assert_num_queries(7) as captured:
            client.get("/sang-kien/nhan-rong/")
        counts.append(len(captured.captured_queries))

    # Session, user, grants, count, page, indicators, the navbar's person.
    assert counts == [7, 7]


def test_adoption_export_opens_with_one_row_per_indicator(client: Client, org, cast) -> None:
    source = make_recognised(org.b, "Sáng kiến của B")
    make_adoption(
        source,
        org.a,
        indicators=[("Thời gian chờ", "phút", "45", "15"), ("Hài lòng", "%", "80", "92")],
    )
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get("/sang-kien/nhan-rong/xuat-excel/")

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [(r[0], r[3], r[5], r[7], r[8], r[9]) for r in rows[1:]] == [
        (source.code, "Bệnh viện A", "Thời gian chờ", 45, 15, -66.7),
        (source.code, "Bệnh viện A", "Hài lòng", 80, 92, 15),
    ]


def test_adoption_list_refused_to_a_user_without_either_permission(client: Client, cast) -> None:
    client.force_login(cast[Role.STAFF])

    assert client.get("/sang-kien/nhan-rong/").status_code == 403


# -- The initiative page's panels ----------------------------------------------------------------


def test_decision_panels_show_decisions_and_where_it_spread(
    org, cast, django_assert_num_queries
) -> None:
    setup = make_closed_round(org.b, titles=["Nhắc lịch tái khám"])
    initiative = setup.initiatives[0]
    make_decision(setup, initiative, recognised=True)
    make_adoption(initiative, org.a, indicators=[("Thời gian chờ khám", "phút", "45", "15")])
    make_adoption(initiative, org.office, indicators=[("Tỷ lệ đúng hẹn", "%", "0", "70")])

    with django_assert_num_queries(3):
        panels = decision_panels(initiative)
    request = RequestFactory().get("/")
    request.user = cast[Role.UNIT_OFFICER]
    html = render_to_string(
        "initiatives/decisions/_detail_panels.html", {"panels": panels}, request=request
    )

    assert "Quyết định số <strong>12/QĐ-HĐSK</strong> ngày 20/12/2025" in html
    assert "Nhân rộng: 2 đơn vị áp dụng" in html
    assert "Thời gian chờ khám (phút): 45 → 15" in html
    assert 'title="giảm">↓ -66,7 %</span>' in html
    assert 'title="tăng">↑</span>' in html
