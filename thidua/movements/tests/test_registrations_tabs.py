"""The tabs of the registration pages: the movement's bar marks "Chỉ tiêu đơn vị" on the targets
pages, "Giao ước" on the pledges pages and "Đăng ký thi đua" on the others; the pills below mark
the page itself."""

import datetime as dt
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.movements.enums import MovementStatus
from thidua.movements.models import Movement, Pledge
from thidua.movements.services.registrations.pledges import (
    PledgeData,
    SignatoryData,
    create_pledge,
)
from thidua.movements.tests.factories import make_movement, make_round
from thidua.organizations.models import Cluster, ClusterMember

YEAR = 2026
TAB_BARS = ("td-movement-nav", "td-reg-tabs")


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org) -> Movement:
    movement = make_movement(org.root, status=MovementStatus.LAUNCHED)
    make_round(movement, YEAR)
    return movement


@pytest.fixture
def pledge(cast: Cast, org: Org, movement: Movement) -> Pledge:
    cluster = Cluster.objects.create(year=YEAR, code="BV", name="Khối bệnh viện")
    ClusterMember.objects.create(cluster=cluster, unit=org.a, year=YEAR)
    return create_pledge(
        by=cast[Role.DEPT_OFFICER],
        movement=movement,
        cluster=cluster,
        data=PledgeData(
            title="Giao ước thi đua năm 2026",
            content="Các đơn vị cam kết thực hiện phong trào.",
            signed_on=dt.date(YEAR, 3, 3),
            signatories=[
                SignatoryData(unit=org.a, signer_name="Nguyễn Văn Giám", signer_position="GĐ")
            ],
        ),
    )


class _CurrentTabs(HTMLParser):
    """The text of each link marked aria-current="page" in a tab bar, with the bar's class."""

    def __init__(self) -> None:
        super().__init__()
        self.bar: str | None = None
        self.link: list[str] | None = None
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "ul":
            self.bar = next((bar for bar in TAB_BARS if bar in classes), None)
        elif tag == "a" and self.bar and attributes.get("aria-current") == "page":
            self.link = []

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.link.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.link is not None and self.bar is not None:
            self.found.append((self.bar, "".join(self.link).strip()))
            self.link = None
        elif tag == "ul":
            self.bar = None


def _current_tabs(response: Any) -> list[tuple[str, str]]:
    parser = _CurrentTabs()
    parser.feed(response.content.decode())
    return parser.found


TARGETS = [("td-movement-nav", "Chỉ tiêu đơn vị"), ("td-reg-tabs", "Chỉ tiêu")]
UNITS = [("td-movement-nav", "Đăng ký thi đua"), ("td-reg-tabs", "Đăng ký của đơn vị")]
PEOPLE = [("td-movement-nav", "Đăng ký thi đua"), ("td-reg-tabs", "Đăng ký cá nhân")]
PLEDGES = [("td-movement-nav", "Giao ước"), ("td-reg-tabs", "Giao ước")]


@pytest.mark.parametrize(
    ("path", "tabs"),
    [
        ("/phong-trao/{m}/chi-tieu/?nam={y}", TARGETS),
        ("/phong-trao/{m}/chi-tieu/don-vi/{a}/?nam={y}", TARGETS),
        ("/phong-trao/{m}/chi-tieu/nhap-excel/?nam={y}", TARGETS),
        ("/phong-trao/{m}/dang-ky/{y}/", UNITS),
        ("/phong-trao/{m}/dang-ky/{y}/don-vi/{a}/", UNITS),
        ("/phong-trao/{m}/dang-ky/{y}/ca-nhan/", PEOPLE),
        ("/phong-trao/{m}/giao-uoc/?nam={y}", PLEDGES),
        ("/phong-trao/{m}/giao-uoc/them/?nam={y}", PLEDGES),
        ("/giao-uoc/{p}/", PLEDGES),
    ],
)
def test_registration_pages_mark_their_tab_in_both_bars(
    client: Client,
    cast: Cast,
    org: Org,
    movement: Movement,
    pledge: Pledge,
    path: str,
    tabs: list[tuple[str, str]],
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(path.format(m=movement.pk, a=org.a.pk, p=pledge.pk, y=YEAR))

    assert response.status_code == 200
    assert _current_tabs(response) == tabs


def test_my_registration_marks_registrations_and_mine(
    client: Client, cast: Cast, movement: Movement
) -> None:
    client.force_login(cast[Role.STAFF])

    response = client.get(f"/phong-trao/{movement.pk}/dang-ky/{YEAR}/cua-toi/")

    assert response.status_code == 200
    assert _current_tabs(response) == [
        ("td-movement-nav", "Đăng ký thi đua"),
        ("td-reg-tabs", "Đăng ký của tôi"),
    ]
