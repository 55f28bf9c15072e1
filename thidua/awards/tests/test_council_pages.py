"""Pages of the council, its sessions and the award decisions: scope (another hospital's council,
session, ballot and decision are 404s; an action without its right a 403, never a 500), the
refusals shown as messages (a vote twice, after the close, without quorum; a session on a round
not handed to the council; the drafter reviewing their own decision), the ballot page that never
tells what anyone chose, the tally against the whole membership, the decision's list with its
amounts in đồng, and pinned query counts."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.awards.enums import RoundStatus
from thidua.awards.models import (
    AwardCouncil,
    AwardDecision,
    AwardRecord,
    AwardRound,
    BallotMark,
    CouncilSession,
)
from thidua.awards.models.councils import SessionStatus
from thidua.awards.models.decisions import DecisionStatus
from thidua.awards.services.councils import (
    cast_ballot,
    close_session,
    open_session,
    record_attendance,
)
from thidua.awards.services.decisions import draft_decision, issue_award_decision, review_decision
from thidua.awards.tests.council_support import MEETING, Setup, council_setup
from thidua.conftest import Cast, Org
from thidua.organizations.tests.factories import UserFactory, grant


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _open(setup: Setup, *, present: int) -> CouncilSession:
    session = open_session(
        setup.council, round_=setup.round, meeting_date=MEETING, by=setup.officer, place="Phòng A"
    )
    record_attendance(session, present={m.pk for m in setup.members[:present]}, by=setup.officer)
    return session


def _ballot(session: CouncilSession, agree: bool) -> dict[str, str]:
    value = "dong-y" if agree else "khong-dong-y"
    return {f"phieu-{item.pk}": value for item in session.agenda.all()}


def _closed(setup: Setup, *, approvals: int) -> CouncilSession:
    """All ten present; the first `approvals` agree to everyone, the others disagree."""
    session = _open(setup, present=10)
    items = list(session.agenda.all())
    for index, member in enumerate(setup.members):
        cast_ballot(session, choices={item.pk: index < approvals for item in items}, by=member.user)
    close_session(session, by=setup.officer)
    return session


def _without(page: str, user: User) -> str:
    """The page without what differs by reader: their name and the CSRF tokens."""
    page = re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", page)
    return page.replace(user.display_name, "X").replace(user.username, "x")


def _other_hospital_officer(org: Org) -> User:
    user = UserFactory(username="bvb_officer")
    grant(user, Role.UNIT_OFFICER, org.b)
    return user


# -- Councils ------------------------------------------------------------------------------------


def test_council_list_creates_a_council_and_adds_a_member(org: Org, cast: Cast) -> None:
    officer = cast[Role.UNIT_OFFICER]
    client = _client(officer)

    response = client.post(
        reverse("awards:councils"),
        {"unit": org.a.pk, "name": "Hội đồng TĐKT Bệnh viện A", "decision_number": "15/QĐ-BVA"},
    )
    council = AwardCouncil.objects.get()
    added = client.post(
        reverse("awards:member_add", args=[council.pk]),
        {"user": cast[Role.UNIT_HEAD].pk, "role": "chair"},
        follow=True,
    )

    assert response.status_code == 302
    assert council.name == "Hội đồng TĐKT Bệnh viện A"
    assert [(m.user_id, m.role) for m in council.members.all()] == [
        (cast[Role.UNIT_HEAD].pk, "chair")
    ]
    assert "Đã thêm" in _messages(added)[-1]


def test_a_second_chair_is_refused_as_a_message(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)

    response = _client(setup.officer).post(
        reverse("awards:member_add", args=[setup.council.pk]),
        {"user": cast[Role.UNIT_HEAD].pk, "role": "chair"},
        follow=True,
    )

    assert response.status_code == 200
    assert _messages(response) == ["Hội đồng đã có Chủ tịch."]


def test_a_session_is_not_opened_before_the_round_reaches_the_council(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    AwardRound.objects.filter(pk=setup.round.pk).update(status=RoundStatus.DISCLOSURE)

    response = _client(setup.officer).post(
        reverse("awards:session_open", args=[setup.council.pk]),
        {"round": setup.round.pk, "meeting_date": "10/12/2026"},
        follow=True,
    )

    assert CouncilSession.objects.count() == 0
    assert response.status_code == 200
    assert _messages(response) == [
        "Đợt xét “Đợt xét khen thưởng năm 2026” chưa trình Hội đồng (đang ở trạng thái "
        "“Đang công khai”): Hội đồng chỉ họp sau khi công khai xong và mọi ý kiến đã được trả "
        "lời."
    ]


def test_opening_a_session_leads_to_its_page(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)

    response = _client(setup.officer).post(
        reverse("awards:session_open", args=[setup.council.pk]),
        {"round": setup.round.pk, "meeting_date": "10/12/2026", "place": "Phòng họp A"},
    )

    session = CouncilSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:session", args=[session.pk])
    assert (session.meeting_date, session.place, session.members_total) == (
        dt.date(2026, 12, 10),
        "Phòng họp A",
        10,
    )


def test_a_round_before_the_council_leads_to_the_council_that_meets_on_it(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    setup = council_setup(org, cast)
    session = open_session(
        setup.council, round_=setup.round, meeting_date=MEETING, by=setup.officer
    )

    with django_assert_max_num_queries(31):
        response = _client(setup.officer).get(reverse("awards:round_detail", args=[setup.round.pk]))

    html = response.content.decode()
    section = html[
        html.index("data-round-council") : html.index(
            "</section>", html.index("data-round-council")
        )
    ]
    assert re.findall(r'href="([^"]+)"', section) == [
        reverse("awards:council_detail", args=[setup.council.pk]),
        reverse("awards:session", args=[session.pk]),
    ]
    assert "Phiên họp ngày 10/12/2026" in section


def test_a_round_still_in_disclosure_has_no_council_links(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    AwardRound.objects.filter(pk=setup.round.pk).update(status=RoundStatus.DISCLOSURE)

    response = _client(setup.officer).get(reverse("awards:round_detail", args=[setup.round.pk]))

    assert response.status_code == 200
    assert "data-round-council" not in response.content.decode()


# -- A session -----------------------------------------------------------------------------------


def test_session_page_shows_quorum_and_each_candidates_evaluation_and_justification(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=7)
    client = _client(setup.officer)
    url = reverse("awards:session", args=[session.pk])
    client.get(url)

    with django_assert_max_num_queries(20):
        response = client.get(url)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Có mặt <strong>7/10</strong> · cần ít nhất <strong>8</strong>" in text
    assert "Chưa đủ điều kiện họp" in text
    assert "Nghỉ điều trị bệnh nghề nghiệp 3 tháng, thành tích vẫn nổi bật." in text
    assert [name in text for name in ("Lê Thị Thu Hà", "Đỗ Quang Vinh", "Khoa Nội A1")] == [
        True,
        True,
        True,
    ]


def test_session_page_queries_do_not_grow_with_members(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    setup = council_setup(org, cast, members=25)
    session = _open(setup, present=25)
    client = _client(setup.officer)
    url = reverse("awards:session", args=[session.pk])

    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_attendance_is_recorded_from_the_check_boxes(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=0)
    present = [m.pk for m in setup.members[:8]]

    response = _client(setup.secretary.user).post(
        reverse("awards:attendance", args=[session.pk]), {"co_mat": present}, follow=True
    )

    assert sorted(session.attendance.filter(present=True).values_list("member_id", flat=True)) == (
        sorted(present)
    )
    assert _messages(response) == ["Đã ghi danh sách dự họp: 8/10 thành viên có mặt."]


def test_a_member_votes_once_and_the_second_vote_is_a_message(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=10)
    client = _client(setup.members[3].user)
    url = reverse("awards:ballot", args=[session.pk])

    first = client.post(url, _ballot(session, True), follow=True)
    second = client.post(url, _ballot(session, True), follow=True)

    assert _messages(first) == ["Đã ghi nhận phiếu bầu kín của bạn (3 người, tập thể)."]
    assert _messages(second) == [
        "Thành viên 04 đã bỏ phiếu cho người, tập thể này: mỗi thành viên chỉ bỏ phiếu một lần."
    ]
    assert BallotMark.objects.count() == 3


def test_a_vote_after_the_close_is_a_message(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=10)
    close_session(session, by=setup.officer)

    response = _client(setup.members[3].user).post(
        reverse("awards:ballot", args=[session.pk]), _ballot(session, True), follow=True
    )

    assert response.status_code == 200
    assert _messages(response) == ["Phiên họp đã kết thúc: không bỏ phiếu, không thay đổi nữa."]
    assert "Phiên họp đã kết thúc: không bỏ phiếu nữa." in response.content.decode()
    assert BallotMark.objects.count() == 0


def test_a_vote_without_quorum_is_a_message(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=7)

    response = _client(setup.members[0].user).post(
        reverse("awards:ballot", args=[session.pk]), _ballot(session, True), follow=True
    )

    assert _messages(response) == [
        "Hội đồng không đủ số thành viên dự họp để biểu quyết. Dự họp 7/10 thành viên; khi xét "
        "khen thưởng cần ít nhất 80% tổng số thành viên (8/10): không đủ điều kiện họp."
    ]
    assert BallotMark.objects.count() == 0


def test_the_ballot_page_never_tells_what_a_member_chose(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    """Two members vote opposite ways: their ballot pages differ only by their names."""
    setup = council_setup(org, cast)
    session = _open(setup, present=10)
    yes, no = setup.members[3], setup.members[4]
    url = reverse("awards:ballot", args=[session.pk])
    yes_client, no_client = _client(yes.user), _client(no.user)
    yes_client.post(url, _ballot(session, True))
    no_client.post(url, _ballot(session, False))

    with django_assert_max_num_queries(20):
        yes_page = yes_client.get(url).content.decode()
    no_page = no_client.get(url).content.decode()

    assert yes_page.count("Đã bỏ phiếu") == 3
    assert 'type="radio"' not in yes_page
    assert _without(yes_page, yes.user) == _without(no_page, no.user)


def test_the_secretary_enters_an_absent_members_written_vote(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=9)
    absent = setup.members[9]

    response = _client(setup.secretary.user).post(
        reverse("awards:written_ballot", args=[session.pk]),
        {"thanh_vien": absent.pk, **_ballot(session, True)},
        follow=True,
    )

    assert _messages(response) == [
        "Đã nhập phiếu bằng văn bản của Thành viên 10 (3 người, tập thể)."
    ]
    assert list(BallotMark.objects.values_list("member_id", "written").distinct()) == [
        (absent.pk, True)
    ]


def test_a_plain_member_cannot_enter_written_votes_nor_close(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=9)
    client = _client(setup.members[4].user)

    written = client.post(
        reverse("awards:written_ballot", args=[session.pk]),
        {"thanh_vien": setup.members[9].pk, **_ballot(session, True)},
    )
    close = client.post(reverse("awards:session_close", args=[session.pk]))

    assert (written.status_code, close.status_code) == (403, 403)
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN


def test_after_the_close_the_tally_is_shown_against_the_whole_membership(
    org: Org, cast: Cast
) -> None:
    """8 of 10 agree: Chiến sĩ thi đua cơ sở needs 80 % (8/10), passed; the others need more
    than half and pass too."""
    setup = council_setup(org, cast)
    session = _closed(setup, approvals=8)

    text = _client(setup.officer).get(reverse("awards:session", args=[session.pk])).content
    page = text.decode()

    assert "Kết quả kiểm phiếu (3)" in page
    assert "Tỷ lệ tính trên tổng số 10 thành viên Hội đồng. Đạt: <strong>3/3</strong>." in page
    assert page.count("8/10") >= 1
    assert "Phát hành biên bản kiểm phiếu và biên bản họp (Word, PDF)" in page
    assert "Dự thảo quyết định khen thưởng (3 người, tập thể đạt)" in page


def test_the_ballot_paper_is_a_pdf(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=10)

    response = _client(setup.members[5].user).get(reverse("awards:ballot_paper", args=[session.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# -- Scope ---------------------------------------------------------------------------------------


def test_another_hospitals_council_session_ballot_and_decision_are_404(
    org: Org, cast: Cast
) -> None:
    setup = council_setup(org, cast)
    session = _closed(setup, approvals=10)
    decision = draft_decision(session, by=setup.officer)
    client = _client(_other_hospital_officer(org))

    codes = [
        client.get(reverse("awards:council_detail", args=[setup.council.pk])).status_code,
        client.get(reverse("awards:session", args=[session.pk])).status_code,
        client.get(reverse("awards:ballot", args=[session.pk])).status_code,
        client.get(reverse("awards:ballot_paper", args=[session.pk])).status_code,
        client.post(reverse("awards:session_close", args=[session.pk])).status_code,
        client.post(reverse("awards:decision_draft", args=[session.pk])).status_code,
        client.get(reverse("awards:decision", args=[decision.pk])).status_code,
        client.post(reverse("awards:decision_issue", args=[decision.pk])).status_code,
    ]

    assert codes == [404] * 8


def test_a_staff_member_gets_403_on_the_council_list(org: Org, cast: Cast) -> None:
    council_setup(org, cast)

    response = _client(cast[Role.STAFF]).get(reverse("awards:councils"))

    assert response.status_code == 403


def test_a_reader_of_the_hospital_cannot_close_nor_draft(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=10)
    client = _client(cast[Role.UNIT_HEAD])

    close = client.post(reverse("awards:session_close", args=[session.pk]))

    assert client.get(reverse("awards:session", args=[session.pk])).status_code == 200
    assert close.status_code == 403


# -- Decisions -----------------------------------------------------------------------------------


def test_the_decision_lists_register_numbers_and_amounts_in_dong(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    setup = council_setup(org, cast)
    session = _closed(setup, approvals=10)
    response = _client(setup.officer).post(reverse("awards:decision_draft", args=[session.pk]))
    decision = AwardDecision.objects.get()
    client = _client(setup.officer)
    url = reverse("awards:decision", args=[decision.pk])
    client.get(url)

    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()

    assert response["Location"] == url
    assert '<td class="text-end">2.340.000</td>' in page
    assert '<td class="text-end">710.000</td>' in page
    assert '<td class="text-end">1.880.000</td>' in page
    assert '<td class="text-end fw-semibold" data-total>4.930.000</td>' in page
    assert "Nghỉ điều trị bệnh nghề nghiệp 3 tháng" in page


def test_the_drafter_reviewing_their_own_decision_is_refused(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    session = _closed(setup, approvals=10)
    decision = draft_decision(session, by=setup.officer)
    grant(setup.officer, Role.UNIT_HEAD, org.a)

    response = _client(setup.officer).post(
        reverse("awards:decision_review", args=[decision.pk]), follow=True
    )

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert _messages(response) == ["Người dự thảo không tự rà soát quyết định của mình."]


def test_review_then_issue_shows_the_number_and_downloads(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    session = _closed(setup, approvals=10)
    decision = draft_decision(session, by=setup.officer)

    _client(setup.head).post(
        reverse("awards:decision_review", args=[decision.pk]), {"note": "Đồng ý"}
    )
    response = _client(setup.officer).post(
        reverse("awards:decision_issue", args=[decision.pk]), follow=True
    )

    decision.refresh_from_db()
    page = response.content.decode()
    assert decision.status == DecisionStatus.ISSUED
    assert _messages(response)[-1].startswith(f"Đã phát hành Quyết định số {decision.number} ngày ")
    assert f"Số <strong>{decision.number}</strong>" in page
    assert reverse("documents:download", args=[decision.document_id, "pdf"]) in page
    assert "Tạo giấy khen, bằng" in page


def test_an_issued_award_is_revoked_with_its_ground_and_reason(org: Org, cast: Cast) -> None:
    setup = council_setup(org, cast)
    session = _closed(setup, approvals=10)
    decision = draft_decision(session, by=setup.officer)
    review_decision(decision, by=setup.head)
    issue_award_decision(decision, by=setup.officer)
    recipient = decision.recipients.get(register_number=1)
    url = reverse("awards:recipient_revoke", args=[decision.pk, recipient.pk])
    client = _client(setup.officer)

    missing = client.post(url, {"ground": "false_declaration", "reason": " "}, follow=True)
    response = client.post(
        url, {"ground": "false_declaration", "reason": "Kê khai sai số sáng kiến"}, follow=True
    )

    record = AwardRecord.objects.get(pk=recipient.record_id)
    assert _messages(missing) == ["Hãy ghi rõ lý do hủy bỏ."]
    assert _messages(response) == ["Đã hủy bỏ khen thưởng của Lê Thị Thu Hà."]
    assert record.revoked
    assert "Kê khai sai số sáng kiến" in response.content.decode()
