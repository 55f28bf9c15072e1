"""A council member finds the session they must vote in: the bell when a session opens (once per
member, in Vietnamese, to the ballot page), "Phiên họp Hội đồng của tôi" (their own sessions
only, open ones first, their attendance and whether they voted — never what), the menu entry
shown to council members only and read with the user's own row (no query on any page)."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.awards.enums import RoundStatus
from thidua.awards.models import AwardRound, CouncilSession
from thidua.awards.services import councils as council_services
from thidua.awards.services.councils import (
    add_member,
    cast_ballot,
    close_session,
    create_council,
    open_session,
    record_attendance,
)
from thidua.awards.tests.council_support import MEETING, Setup, council_setup, nominate
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError
from thidua.core.models import Notification
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

MY_SESSIONS = "/khen-thuong/phien-hop-cua-toi/"
MENU_ENTRY = f'href="{MY_SESSIONS}">Phiên họp Hội đồng của tôi</a>'


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _open(setup: Setup, *, present: int, place: str = "Phòng họp tầng 3") -> CouncilSession:
    session = open_session(
        setup.council, round_=setup.round, meeting_date=MEETING, by=setup.officer, place=place
    )
    if present:
        record_attendance(
            session, present={m.pk for m in setup.members[:present]}, by=setup.officer
        )
    return session


def _all_agree(session: CouncilSession) -> dict[int, bool]:
    return {item.pk: True for item in session.agenda.all()}


def _hospital_b_session(
    org: Org, cast: Cast, *, members: int = 3, also: User | None = None
) -> tuple[User, CouncilSession]:
    """Bệnh viện B's council (its first member returned; `also` a member too) in session on a
    round of BV B."""
    officer = cast[Role.DEPT_OFFICER]
    council = create_council(
        unit=org.b, name="Hội đồng Thi đua - Khen thưởng Bệnh viện B", by=officer
    )
    users = []
    for index in range(members):
        user = UserFactory(username=f"bvb{index}", full_name=f"Thành viên B {index:02d}")
        grant(user, Role.COUNCIL_MEMBER, org.b)
        add_member(council, user=user, role="chair" if index == 0 else "member", by=officer)
        users.append(user)
    if also is not None:
        add_member(council, user=also, role="member", by=officer)
    round_ = AwardRound.objects.create(
        name="Đợt xét khen thưởng năm 2026 của Bệnh viện B",
        kind="annual",
        year=2026,
        organiser=org.b,
        award_codes=["ldtt"],
        nomination_deadline=dt.date(2026, 11, 30),
        status=RoundStatus.COUNCIL,
    )
    nominate(
        round_, person=PersonFactory(unit=org.b1, full_name="Trần Văn Bình"), award_code="ldtt"
    )
    session = open_session(council, round_=round_, meeting_date=dt.date(2026, 12, 12), by=officer)
    return users[0], session


def _rows(html: str) -> list[str]:
    """The data-session ids of the page, in order."""
    return re.findall(r'data-session="(\d+)"', html)


# -- The notification ----------------------------------------------------------------------------


def test_opening_a_session_notifies_every_member_once_with_the_way_to_the_ballot(
    org: Org, cast: Cast
) -> None:
    setup = council_setup(org, cast, members=5)

    session = _open(setup, present=0)

    notes = Notification.objects.filter(key=f"awards.session-open:{session.pk}")
    assert sorted(notes.values_list("user_id", flat=True)) == sorted(
        m.user_id for m in setup.members
    )
    note = notes.first()
    assert note is not None
    assert note.title == "Phiên họp Hội đồng thi đua – khen thưởng ngày 10/12/2026"
    assert (
        note.url
        == reverse("awards:ballot", args=[session.pk])
        == (f"/khen-thuong/phien-hop/{session.pk}/bo-phieu/")
    )
    assert "Hội đồng Thi đua - Khen thưởng Bệnh viện A họp ngày 10/12/2026" in note.body
    assert "tại Phòng họp tầng 3" in note.body
    assert "“Đợt xét khen thưởng năm 2026”" in note.body
    assert "bỏ phiếu kín tại trang phiếu bầu" in note.body
    # Told once: writing the opening notice again (a retry) adds nothing.
    council_services._notify_opened(session, setup.members)
    assert notes.count() == 5


def test_a_session_refused_at_opening_notifies_nobody(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast, members=3)
    AwardRound.objects.filter(pk=setup.round.pk).update(status=RoundStatus.DISCLOSURE)
    setup.round.refresh_from_db()

    with pytest.raises(DomainError):
        _open(setup, present=0)

    assert not Notification.objects.exists()


def test_closing_a_session_tells_the_members_where_the_results_are(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast, members=3)
    session = _open(setup, present=3)
    for member in setup.members:
        cast_ballot(session, choices=_all_agree(session), by=member.user)

    close_session(session, by=setup.officer)

    closed = Notification.objects.filter(key=f"awards.session-closed:{session.pk}")
    assert closed.count() == 3
    note = closed.first()
    assert note is not None
    assert note.title == "Phiên họp Hội đồng thi đua – khen thưởng ngày 10/12/2026 đã kết thúc"
    assert note.url == reverse("awards:session", args=[session.pk])


def test_the_bell_leads_a_member_without_an_officer_role_to_the_ballot(
    org: Org, cast: Cast
) -> None:
    setup = council_setup(org, cast, members=3)
    session = _open(setup, present=3)
    member = setup.members[2].user
    client = _client(member)
    note = Notification.objects.get(user=member)

    opened = client.post(reverse("core:notification_open", args=[note.pk]))
    ballot = client.get(opened["Location"])

    assert opened["Location"] == reverse("awards:ballot", args=[session.pk])
    assert ballot.status_code == 200
    assert "Gửi phiếu bầu" in ballot.content.decode()


# -- "Phiên họp Hội đồng của tôi" ----------------------------------------------------------------


def test_my_sessions_lists_only_my_councils_sessions(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast, members=3)
    session_a = _open(setup, present=0)
    member_b, session_b = _hospital_b_session(org, cast)

    page_a = _client(setup.members[2].user).get(MY_SESSIONS).content.decode()
    page_b = _client(member_b).get(MY_SESSIONS).content.decode()

    assert _rows(page_a) == [str(session_a.pk)]
    assert "Hội đồng Thi đua - Khen thưởng Bệnh viện A" in page_a
    assert "Bệnh viện B" not in page_a
    assert _rows(page_b) == [str(session_b.pk)]
    assert "Bệnh viện A" not in page_b


def test_someone_on_no_council_sees_the_empty_state(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast, members=3)
    _open(setup, present=0)

    for user in (cast[Role.STAFF], setup.officer):
        response = _client(user).get(MY_SESSIONS)

        assert response.status_code == 200
        html = response.content.decode()
        assert _rows(html) == []
        assert "Bạn chưa có phiên họp Hội đồng nào." in html


def test_my_sessions_needs_sign_in(db: None) -> None:
    response = Client().get(MY_SESSIONS)

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_before_attendance_a_member_is_not_yet_marked_and_has_no_ballot_button(
    org: Org, cast: Cast
) -> None:
    setup = council_setup(org, cast, members=3)
    _open(setup, present=0)

    html = _client(setup.members[2].user).get(MY_SESSIONS).content.decode()

    assert "Chưa điểm danh" in html
    assert "Chưa bỏ phiếu" in html
    assert "Bỏ phiếu kín</a>" not in html
    assert "Thư ký chưa ghi danh sách dự họp" in html


def test_a_present_member_gets_the_ballot_button_until_they_vote(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast, members=3)
    session = _open(setup, present=3)
    member = setup.members[2].user
    client = _client(member)
    ballot = reverse("awards:ballot", args=[session.pk])

    before = client.get(MY_SESSIONS).content.decode()
    cast_ballot(session, choices=_all_agree(session), by=member)
    after = client.get(MY_SESSIONS).content.decode()

    assert "Có mặt" in before
    assert "Chưa bỏ phiếu" in before
    assert (
        f'href="{ballot}"><i class="bi bi-check2-square" aria-hidden="true"></i> Bỏ phiếu kín'
        in (before)
    )
    assert "Đã bỏ phiếu" in after
    assert "Chưa bỏ phiếu" not in after
    assert "Bỏ phiếu kín</a>" not in after
    # Whether I voted, never what: no choice, no count on the page.
    assert "Đồng ý" not in after
    assert "Không đồng ý" not in after


def test_an_absent_member_is_told_to_send_a_written_vote_and_others_voting_is_not_mine(
    org: Org, cast: Cast
) -> None:
    setup = council_setup(org, cast, members=5)
    session = _open(setup, present=4)
    cast_ballot(session, choices=_all_agree(session), by=setup.members[0].user)

    html = _client(setup.members[4].user).get(MY_SESSIONS).content.decode()

    assert "Vắng mặt" in html
    assert "Chưa bỏ phiếu" in html
    assert "gửi phiếu bằng văn bản cho thư ký Hội đồng" in html
    assert "Bỏ phiếu kín</a>" not in html


def test_without_quorum_a_present_member_has_no_ballot_button(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast, members=10)
    _open(setup, present=5)

    html = _client(setup.members[0].user).get(MY_SESSIONS).content.decode()

    assert "Có mặt" in html
    assert "Chưa đủ điều kiện họp" in html
    assert "Bỏ phiếu kín</a>" not in html


def test_open_sessions_come_before_past_ones(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast, members=3)
    past = _open(setup, present=3)
    for member in setup.members:
        cast_ballot(past, choices=_all_agree(past), by=member.user)
    close_session(past, by=setup.officer)
    nominate(setup.round, person=PersonFactory(unit=org.a1), award_code="ldtt")
    current = open_session(
        setup.council, round_=setup.round, meeting_date=dt.date(2026, 12, 1), by=setup.officer
    )

    html = _client(setup.members[1].user).get(MY_SESSIONS).content.decode()

    assert _rows(html) == [str(current.pk), str(past.pk)]
    assert "Đang họp (1)" in html
    assert "Đã kết thúc (1)" in html


def test_my_sessions_query_count_does_not_grow_with_sessions_or_members(
    org: Org, cast: Cast, django_assert_num_queries: Any
) -> None:
    setup = council_setup(org, cast, members=3)
    session = _open(setup, present=3)
    member = setup.members[0].user
    client = _client(member)
    client.get(MY_SESSIONS)
    # The session, the user (with the menu's figures), my sessions, the menu's grants, my person.
    with django_assert_num_queries(5) as one:
        client.get(MY_SESSIONS)

    # More sessions (one closed, two open), and another council of mine with 13 members.
    for m in setup.members:
        cast_ballot(session, choices=_all_agree(session), by=m.user)
    close_session(session, by=setup.officer)
    nominate(setup.round, person=PersonFactory(unit=org.a1), award_code="ldtt")
    open_session(setup.council, round_=setup.round, meeting_date=MEETING, by=setup.officer)
    _hospital_b_session(org, cast, members=12, also=member)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(MY_SESSIONS)

    assert len(_rows(response.content.decode())) == 3


# -- The menu ------------------------------------------------------------------------------------


def test_the_menu_entry_is_shown_to_council_members_only(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast, members=3)

    member_home = _client(setup.members[2].user).get("/").content.decode()
    staff_home = _client(cast[Role.STAFF]).get("/").content.decode()
    officer_home = _client(setup.officer).get("/").content.decode()

    assert MENU_ENTRY in member_home
    assert MENU_ENTRY not in staff_home
    assert MENU_ENTRY not in officer_home


def test_the_menu_entry_costs_no_query(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast, members=3)
    member = setup.members[2].user
    plain = UserFactory(username="plain")
    grant(plain, Role.COUNCIL_MEMBER, org.a)
    counts = []
    for user in (member, plain):
        client = _client(user)
        client.get("/")
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("core:notification_list"))
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1]


# -- The home page's card ------------------------------------------------------------------------


def test_the_home_page_tells_a_member_a_ballot_is_waiting_until_they_vote(
    org: Org, cast: Cast
) -> None:
    setup = council_setup(org, cast, members=3)
    session = _open(setup, present=3)
    member = setup.members[2].user
    client = _client(member)
    ballot = reverse("awards:ballot", args=[session.pk])

    before = client.get("/").content.decode()
    cast_ballot(session, choices=_all_agree(session), by=member)
    after = client.get("/").content.decode()

    assert "Bạn có phiên họp Hội đồng đang mở: Bỏ phiếu kín" in before
    assert f'<a class="btn btn-primary" href="{ballot}">Bỏ phiếu kín</a>' in before
    assert "data-council-ballot-card" not in after


def test_the_home_page_card_waits_for_attendance_and_skips_absent_members(
    org: Org, cast: Cast
) -> None:
    setup = council_setup(org, cast, members=5)
    session = _open(setup, present=0)

    unmarked = _client(setup.members[4].user).get("/").content.decode()
    record_attendance(session, present={m.pk for m in setup.members[:4]}, by=setup.officer)
    absent = _client(setup.members[4].user).get("/").content.decode()

    assert "Chờ thư ký ghi danh sách dự họp" in unmarked
    assert "data-council-ballot-card" not in absent


def test_no_card_and_no_query_for_someone_on_no_council(
    org: Org, cast: Cast, django_assert_num_queries: Any
) -> None:
    setup = council_setup(org, cast, members=3)
    _open(setup, present=3)
    client = _client(cast[Role.STAFF])
    client.get("/")

    # session, user, grants, assignments, own person, base.html's "Hồ sơ của tôi" link: the
    # card's provider reads the flag on the user's row.
    with django_assert_num_queries(6):
        html = client.get("/").content.decode()

    assert "data-council-ballot-card" not in html


def test_the_home_page_card_costs_one_query_whatever_the_sessions(
    org: Org, cast: Cast, django_assert_num_queries: Any
) -> None:
    setup = council_setup(org, cast, members=3)
    _open(setup, present=3)
    member = setup.members[0].user
    client = _client(member)
    client.get("/")
    # session, user, grants, assignments, own person, unit figures (a council member reads the
    # units), my sessions (the card), base.html's "Hồ sơ của tôi" link.
    with django_assert_num_queries(8) as one:
        client.get("/")

    _hospital_b_session(org, cast, members=12, also=member)

    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get("/").content.decode()

    assert html.count('data-session="') == 2
