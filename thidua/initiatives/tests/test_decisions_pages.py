"""The council's pages: the round's results (members and managers only, pinned query count),
votes on the page (own, paper ballots, twice refused), the decision form, the notice of a
non-recognition, the Excel export."""

import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.initiatives.enums import RoundStatus
from thidua.initiatives.models import CouncilVote, Decision
from thidua.initiatives.services.decisions import decide_initiative
from thidua.initiatives.tests.council_factories import enter
from thidua.initiatives.tests.decision_factories import (
    cast_votes,
    make_authored,
    make_closed_round,
    make_decision,
    officer_of,
    score,
)

TODAY = timezone.localdate()
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def setup(org, cast):
    return make_closed_round(org.a)


def _url(setup, suffix: str = "ket-qua/") -> str:
    return f"/sang-kien/dot-cham/{setup.round.pk}/{suffix}"


def _vote_url(setup, initiative) -> str:
    return _url(setup, f"sang-kien/{initiative.pk}/bieu-quyet/")


def _decide_url(setup, initiative) -> str:
    return _url(setup, f"sang-kien/{initiative.pk}/quyet-dinh/")


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# -- The results page ----------------------------------------------------------------------------


def test_results_show_statistics_raw_and_normalised_scores_and_outliers(
    client: Client, setup
) -> None:
    first = setup.initiatives[0]
    score(setup, first, ["80", "78", "45"])
    cast_votes(setup, first, yes=3, no=1)
    client.force_login(setup.users[1])

    response = client.get(_url(setup))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kết quả Đợt chấm" in html
    assert "Số phiếu chấm: <strong>3</strong> · Điểm trung bình: <strong>67,7</strong>" in html
    assert "Trung vị: <strong>78,0</strong>" in html
    assert "Điểm thấp hơn trung vị của sáng kiến (78,0) 33,0 điểm, vượt ngưỡng 20,0 điểm." in html
    assert (
        "đồng ý 3 · không đồng ý 1 · chưa biểu quyết 3 · cần 5 trong 7 phiếu đồng ý "
        "(2/3 tổng số thành viên) — còn thiếu 2"
    ) in html
    assert 'class="table-warning"' in html


def test_results_readable_by_the_councils_manager(client: Client, setup, cast) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(_url(setup))

    assert response.status_code == 200
    assert "Ra quyết định…" in response.content.decode()


@pytest.mark.parametrize("who", ["staff", "other_unit_officer", "council_member_role_no_seat"])
def test_results_hidden_from_non_members(client: Client, setup, cast, org, who: str) -> None:
    # The council_member role on the unit is not a seat on this council: membership is a row.
    users = {
        "staff": lambda: cast[Role.STAFF],
        "other_unit_officer": lambda: officer_of(org.b, "can_bo_b"),
        "council_member_role_no_seat": lambda: cast[Role.COUNCIL_MEMBER],
    }
    client.force_login(users[who]())

    response = client.get(_url(setup))
    export = client.get(_url(setup, "ket-qua/xuat-excel/"))

    assert (response.status_code, export.status_code) == (404, 404)


def test_results_anonymous_is_sent_to_sign_in(client: Client, setup) -> None:
    response = client.get(_url(setup))

    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_results_page_query_count_is_constant_in_rows(
    client: Client, org, cast, django_assert_num_queries
) -> None:
    small = make_closed_round(org.a, titles=["Một"], prefix="nho")
    score(small, small.initiatives[0], ["70", "80"])
    cast_votes(small, small.initiatives[0], yes=2)
    big = make_closed_round(org.a, titles=[f"Sáng kiến {i}" for i in range(6)], prefix="lon")
    for initiative in big.initiatives:
        score(big, initiative, ["60", "70", "80", "90"])
        cast_votes(big, initiative, yes=4, no=2)
    make_decision(big, big.initiatives[0], recognised=True)
    make_decision(big, big.initiatives[1], recognised=False)
    counts = []
    for setup in (small, big):
        client.force_login(setup.users[1])
        with django_assert_num_queries(12) as captured:
            response = client.get(_url(setup))
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))

    # Session, user, round, grants, membership, entries, reviews, members, votes, decisions,
    # rule, the navbar's person.
    assert counts == [12, 12]


# -- Votes ---------------------------------------------------------------------------------------


def test_member_votes_on_the_page(client: Client, setup) -> None:
    initiative = setup.initiatives[0]
    client.force_login(setup.users[2])

    response = client.post(_vote_url(setup, initiative), {"choice": "for"}, follow=True)

    assert _messages(response) == [
        f"Đã ghi nhận biểu quyết của bạn: đồng ý công nhận ({initiative.code})."
    ]
    assert list(CouncilVote.objects.values_list("member__user__username", "choice")) == [
        ("uv2", "for")
    ]
    assert "Bạn đã biểu quyết: <strong>đồng ý công nhận</strong>." in response.content.decode()


def test_member_votes_with_htmx_gets_the_card_back(client: Client, setup) -> None:
    initiative = setup.initiatives[0]
    client.force_login(setup.users[2])

    response = client.post(_vote_url(setup, initiative), {"choice": "against"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section class="td-card p-3 mb-3" id="sk-{initiative.pk}"')
    assert f"Đã ghi nhận biểu quyết của bạn: không đồng ý ({initiative.code})." in html
    assert "đồng ý 0 · không đồng ý 1 · chưa biểu quyết 6" in html


def test_member_voting_twice_is_told_and_nothing_changes(client: Client, setup) -> None:
    initiative = setup.initiatives[0]
    client.force_login(setup.users[2])
    client.post(_vote_url(setup, initiative), {"choice": "for"})

    response = client.post(_vote_url(setup, initiative), {"choice": "against"}, **HTMX)

    assert "Thành viên Phạm Quốc Bảo đã biểu quyết sáng kiến này." in response.content.decode()
    assert list(CouncilVote.objects.values_list("choice", flat=True)) == ["for"]


def test_secretary_records_a_paper_ballot(client: Client, setup) -> None:
    initiative = setup.initiatives[0]
    absent = setup.members[3]
    client.force_login(setup.secretary)

    response = client.post(
        _vote_url(setup, initiative), {"choice": "for", "member": absent.pk}, follow=True
    )

    assert _messages(response) == [
        f"Đã ghi phiếu biểu quyết của Đỗ Thu Trang: đồng ý công nhận ({initiative.code})."
    ]
    vote = CouncilVote.objects.get()
    assert (vote.member, vote.recorded_by) == (absent, setup.secretary)


def test_non_member_cannot_vote(client: Client, setup, cast) -> None:
    client.force_login(cast[Role.STAFF])

    response = client.post(_vote_url(setup, setup.initiatives[0]), {"choice": "for"})

    assert response.status_code == 404
    assert CouncilVote.objects.count() == 0


def test_vote_on_an_open_round_is_refused_with_the_reason(client: Client, org, cast) -> None:
    setup = make_closed_round(org.a, status=RoundStatus.OPEN)
    client.force_login(setup.users[0])

    response = client.post(_vote_url(setup, setup.initiatives[0]), {"choice": "for"}, follow=True)

    assert _messages(response)[0].startswith("Chỉ biểu quyết, ra quyết định khi đợt chấm đã đóng")
    assert CouncilVote.objects.count() == 0


def test_vote_on_an_initiative_outside_the_round_is_404(client: Client, setup, org) -> None:
    other = make_authored(org.a, "Không thuộc đợt")
    client.force_login(setup.users[0])

    response = client.post(_vote_url(setup, other), {"choice": "for"})

    assert response.status_code == 404


# -- The decision form ---------------------------------------------------------------------------


def test_decide_form_recognises_when_the_share_is_reached(client: Client, setup, cast) -> None:
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=5)
    client.force_login(cast[Role.UNIT_OFFICER])
    page = client.get(_decide_url(setup, initiative))

    response = client.post(
        _decide_url(setup, initiative),
        {"level": "base", "number": "21/QĐ-BVA", "date": TODAY.strftime("%d/%m/%Y")},
        follow=True,
    )

    assert (
        "Đạt tỷ lệ thông qua: sáng kiến <strong>được công nhận</strong>." in page.content.decode()
    )
    assert _messages(response) == [
        f"Đã công nhận sáng kiến {initiative.code} cấp cơ sở, quyết định số 21/QĐ-BVA."
    ]
    initiative.refresh_from_db()
    assert (initiative.status, initiative.decision_number) == ("recognised", "21/QĐ-BVA")


def test_decide_form_without_the_share_asks_for_reasons(client: Client, setup, cast) -> None:
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=4, no=3)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        _decide_url(setup, initiative), {"number": "", "date": TODAY.strftime("%d/%m/%Y")}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Hãy nêu lý do không công nhận để thông báo cho tác giả." in html
    assert Decision.objects.count() == 0


def test_decide_form_refused_to_a_member_who_is_not_a_manager(client: Client, setup) -> None:
    client.force_login(setup.users[0])

    response = client.get(_decide_url(setup, setup.initiatives[0]))

    assert response.status_code == 403


def test_decide_form_of_another_units_council_is_404(client: Client, setup, org) -> None:
    client.force_login(officer_of(org.b, "can_bo_b"))

    response = client.post(
        _decide_url(setup, setup.initiatives[0]),
        {"number": "1", "date": TODAY.strftime("%d/%m/%Y"), "reasons": "x"},
    )

    assert response.status_code == 404
    assert Decision.objects.count() == 0


# -- The decision's page (the notice) ------------------------------------------------------------


def _not_recognised(setup, cast):
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=2, no=5)
    return decide_initiative(
        setup.round,
        initiative,
        number="03/TB-HĐSK",
        date=TODAY,
        reasons="Giải pháp đã là quy trình bắt buộc của Bộ Y tế.",
        by=cast[Role.UNIT_OFFICER],
    )


def test_notice_readable_by_the_author(client: Client, setup, cast) -> None:
    decision = _not_recognised(setup, cast)
    client.force_login(decision.initiative.authors.get().person.user)

    response = client.get(f"/sang-kien/quyet-dinh/{decision.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Thông báo không công nhận sáng kiến" in html
    assert "Giải pháp đã là quy trình bắt buộc của Bộ Y tế." in html
    assert "Số: 03/TB-HĐSK" in html
    assert "Kính gửi: Nguyễn Thị Hoa — Bệnh viện A." in html
    assert "2/7 thành viên hội đồng đồng ý, 5 không đồng ý" in html
    assert '<div class="mt-5">Trần Văn Minh</div>' in html


def test_notice_hidden_from_another_unit(client: Client, setup, cast, org) -> None:
    decision = _not_recognised(setup, cast)
    client.force_login(officer_of(org.b, "can_bo_b"))

    response = client.get(f"/sang-kien/quyet-dinh/{decision.pk}/")

    assert response.status_code == 404


# -- Excel ---------------------------------------------------------------------------------------


def test_results_export_opens_with_one_row_per_review(client: Client, setup, cast) -> None:
    first, second = setup.initiatives
    score(setup, first, ["80", "70"])
    cast_votes(setup, first, yes=5)
    make_decision(setup, first, recognised=True)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(_url(setup, "ket-qua/xuat-excel/"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã sáng kiến", "Tên sáng kiến", "Đơn vị", "Số phiếu chấm")
    assert [(r[0], r[3], r[4], r[8], r[9], r[12], r[16], r[17]) for r in rows[1:]] == [
        (first.code, 2, 75.0, "Lê Thị Hồng", 70.0, 5, "Công nhận", "12/QĐ-HĐSK"),
        (first.code, 2, 75.0, "Trần Văn Minh", 80.0, 5, "Công nhận", "12/QĐ-HĐSK"),
        (second.code, 0, None, None, None, 0, "Chưa quyết định", None),
    ]


def test_entered_initiative_without_reviews_still_listed(client: Client, setup, org) -> None:
    late = make_authored(org.a, "Bổ sung muộn")
    enter(setup.round, late)
    client.force_login(setup.users[0])

    response = client.get(_url(setup))

    assert "Chưa có phiếu chấm nào được nộp." in response.content.decode()


def test_results_of_an_open_round_hide_the_scores_from_members(client: Client, org, cast) -> None:
    # A member who also reviews must not read the others' scores before submitting their own.
    setup = make_closed_round(org.a, status=RoundStatus.OPEN)
    score(setup, setup.initiatives[0], ["80", "45"])
    client.force_login(setup.users[2])

    response = client.get(_url(setup))

    html = response.content.decode()
    assert "Điểm chấm được công bố cho thành viên hội đồng sau khi đóng chấm." in html
    assert "80,0" not in html
    assert "Trần Văn Minh</td>" not in html


def test_results_of_an_open_round_show_the_scores_to_the_manager(client: Client, org, cast) -> None:
    setup = make_closed_round(org.a, status=RoundStatus.OPEN)
    score(setup, setup.initiatives[0], ["80", "45"])
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(_url(setup))

    assert "Điểm trung bình: <strong>62,5</strong>" in response.content.decode()
