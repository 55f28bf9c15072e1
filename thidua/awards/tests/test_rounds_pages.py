"""Pages of rounds and nominations: scope (404 across branches, 403 without the right), the
candidates eligible first, refusals as messages, the thẩm định page with the differences, the
disclosure pages (intranet, public without login), pinned query counts."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.awards.enums import NominationStatus, RoundStatus
from thidua.awards.models import AwardRound, DisclosureFeedback, Nomination, YearlyRating
from thidua.awards.services.nominations import create_nomination, submit_nomination
from thidua.awards.tests.rounds_support import attach_dossier, make_people, make_round
from thidua.conftest import Cast, Org
from thidua.organizations.tests.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("rulebook")


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_unit_list_suggests_eligible_candidates_first(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    people = make_people(org)
    round_ = make_round(org)
    client = _client(cast[Role.UNIT_OFFICER])
    url = reverse("awards:unit_list", args=[round_.pk, org.a.pk]) + "?danh_hieu=ldtt"
    client.get(url)

    with django_assert_max_num_queries(25):
        response = client.get(url)

    text = response.content.decode()
    assert response.status_code == 200
    positions = [text.index(p.full_name) for p in (people.good, people.fair, people.weak)]
    assert positions[2] > max(positions[:2])
    assert people.other_branch.full_name not in text


def test_unit_list_queries_do_not_grow_with_people(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    round_ = make_round(org)
    for _ in range(30):
        person = PersonFactory(unit=org.a1)
        YearlyRating.objects.create(person=person, year=2024, rating="HTTNV")
    client = _client(cast[Role.UNIT_OFFICER])
    url = reverse("awards:unit_list", args=[round_.pk, org.a.pk])
    client.get(url)

    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200


def test_unit_list_of_another_branch_is_404(org: Org, cast: Cast) -> None:
    round_ = make_round(org)

    response = _client(cast[Role.UNIT_OFFICER]).get(
        reverse("awards:unit_list", args=[round_.pk, org.b.pk])
    )

    assert response.status_code == 404


def test_adding_a_failing_candidate_without_justification_shows_the_refusal(
    org: Org, cast: Cast
) -> None:
    people = make_people(org)
    round_ = make_round(org)

    response = _client(cast[Role.UNIT_OFFICER]).post(
        reverse("awards:nomination_add", args=[round_.pk, org.a.pk]),
        {"award_code": "ldtt", "subject": f"person:{people.weak.pk}", "justification": ""},
        follow=True,
    )

    assert "chỉ đề nghị được khi có giải trình bằng văn bản" in response.content.decode()
    assert Nomination.objects.count() == 0


def test_adding_a_person_of_another_branch_is_refused_on_the_page(org: Org, cast: Cast) -> None:
    people = make_people(org)
    round_ = make_round(org)

    response = _client(cast[Role.UNIT_OFFICER]).post(
        reverse("awards:nomination_add", args=[round_.pk, org.a.pk]),
        {"award_code": "ldtt", "subject": f"person:{people.other_branch.pk}"},
        follow=True,
    )

    assert "không thuộc Bệnh viện A" in response.content.decode()
    assert Nomination.objects.count() == 0


def test_unit_head_cannot_nominate(org: Org, cast: Cast) -> None:
    people = make_people(org)
    round_ = make_round(org)

    response = _client(cast[Role.UNIT_HEAD]).post(
        reverse("awards:nomination_add", args=[round_.pk, org.a.pk]),
        {"award_code": "ldtt", "subject": f"person:{people.fair.pk}"},
    )

    assert response.status_code == 403


def _sent(org: Org, cast: Cast, person: Any, round_: AwardRound) -> Nomination:
    officer = cast[Role.UNIT_OFFICER]
    item = create_nomination(
        by=officer, round_=round_, unit=org.a, award_code="ldtt", person=person
    )
    attach_dossier(item, by=officer)
    return submit_nomination(by=officer, nomination=item)


def test_nomination_page_shows_the_differences_at_checking(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    people = make_people(org)
    item = _sent(org, cast, people.fair, make_round(org))
    YearlyRating.objects.filter(person=people.fair).update(rating="HTNV")
    client = _client(cast[Role.DEPT_OFFICER])
    url = reverse("awards:nomination_detail", args=[item.pk])
    client.get(url)

    with django_assert_max_num_queries(30):
        response = client.get(url)

    text = response.content.decode()
    assert "Khác với khi gửi" in text
    assert "Đạt → <strong>Chưa đạt</strong>" in text
    assert "Đạt thẩm định (có giải trình)" in text


def test_nomination_of_another_branch_is_404(org: Org, cast: Cast) -> None:
    people = make_people(org)
    round_ = make_round(org)
    item = Nomination.objects.create(
        round=round_, unit=org.b, person=people.other_branch, award_code="ldtt"
    )

    response = _client(cast[Role.UNIT_OFFICER]).get(
        reverse("awards:nomination_detail", args=[item.pk])
    )

    assert response.status_code == 404


def test_unit_officer_cannot_accept(org: Org, cast: Cast) -> None:
    item = _sent(org, cast, make_people(org).fair, make_round(org))

    response = _client(cast[Role.UNIT_OFFICER]).post(
        reverse("awards:nomination_action", args=[item.pk, "chap-nhan"])
    )

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == NominationStatus.SUBMITTED


def test_return_without_reason_shows_the_message(org: Org, cast: Cast) -> None:
    item = _sent(org, cast, make_people(org).fair, make_round(org))

    response = _client(cast[Role.DEPT_OFFICER]).post(
        reverse("awards:nomination_action", args=[item.pk, "tra-lai"]), {"reason": ""}, follow=True
    )

    assert "Nhập lý do trả lại" in response.content.decode()


def _disclosed(org: Org, *, public: bool) -> AwardRound:
    people = make_people(org)
    round_ = make_round(
        org,
        status=RoundStatus.DISCLOSURE,
        disclosure_start=timezone.localdate(),
        disclosure_public=public,
    )
    Nomination.objects.create(
        round=round_,
        unit=org.a,
        person=people.weak,
        award_code="ldtt",
        status=NominationStatus.ACCEPTED_WITH_OVERRIDE,
        eligible=False,
        override_justification="Thành tích đột xuất trong cấp cứu.",
    )
    return round_


def test_public_page_needs_no_login_and_shows_the_justification(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    round_ = _disclosed(org, public=True)
    client = Client()

    with django_assert_max_num_queries(10):
        response = client.get(reverse("awards:disclosure_public", args=[round_.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Lê Văn Cường" in text
    assert "giải trình: Thành tích đột xuất trong cấp cứu." in text


def test_public_page_of_an_intranet_only_round_is_404(org: Org) -> None:
    round_ = _disclosed(org, public=False)

    assert Client().get(reverse("awards:disclosure_public", args=[round_.pk])).status_code == 404


def test_public_feedback_needs_the_csrf_token(org: Org) -> None:
    round_ = _disclosed(org, public=True)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("awards:disclosure_public", args=[round_.pk]), {"text": "Ý kiến đủ dài để gửi."}
    )

    assert response.status_code == 403
    assert DisclosureFeedback.objects.count() == 0


def test_public_feedback_is_received_and_answered_on_the_intranet(org: Org, cast: Cast) -> None:
    round_ = _disclosed(org, public=True)
    Client().post(
        reverse("awards:disclosure_public", args=[round_.pk]),
        {"text": "Đề nghị làm rõ thành tích cấp cứu.", "sender_name": "Người dân"},
    )
    item = DisclosureFeedback.objects.get()
    client = _client(cast[Role.DEPT_OFFICER])

    client.post(
        reverse("awards:feedback_answer", args=[item.pk]), {"answer": "Đã xác minh với bệnh viện."}
    )
    page = client.get(reverse("awards:disclosure", args=[round_.pk])).content.decode()

    item.refresh_from_db()
    assert (item.answer, item.channel) == ("Đã xác minh với bệnh viện.", "public")
    assert "Đã xác minh với bệnh viện." in page


def test_unit_officer_cannot_answer_feedback(org: Org, cast: Cast) -> None:
    round_ = _disclosed(org, public=True)
    item = DisclosureFeedback.objects.create(round=round_, text="Một ý kiến cần trả lời.")

    response = _client(cast[Role.UNIT_OFFICER]).post(
        reverse("awards:feedback_answer", args=[item.pk]), {"answer": "Không được."}
    )

    assert response.status_code == 403


def test_council_step_with_unanswered_feedback_shows_the_refusal(org: Org, cast: Cast) -> None:
    round_ = _disclosed(org, public=False)
    AwardRound.objects.filter(pk=round_.pk).update(disclosure_start=dt.date(2025, 3, 3))
    DisclosureFeedback.objects.create(round=round_, text="Một ý kiến chưa trả lời.")

    response = _client(cast[Role.DEPT_OFFICER]).post(
        reverse("awards:round_step", args=[round_.pk, "trinh-hoi-dong"]), follow=True
    )

    assert "Còn 1 ý kiến trong thời gian công khai chưa được trả lời" in response.content.decode()


def test_round_list_and_create(org: Org, cast: Cast) -> None:
    client = _client(cast[Role.DEPT_OFFICER])

    response = client.post(
        reverse("awards:round_create"),
        {
            "name": "Đợt xét năm 2024",
            "kind": "annual",
            "year": "2024",
            "award_codes": ["ldtt"],
            "nomination_deadline": (timezone.localdate() + dt.timedelta(days=3)).strftime(
                "%d/%m/%Y"
            ),
            "disclosure_working_days": "5",
        },
    )

    assert response.status_code == 302
    assert AwardRound.objects.get().organiser == org.root
    assert "Đợt xét năm 2024" in client.get(reverse("awards:rounds")).content.decode()


def test_unit_officer_cannot_create_a_round_page(org: Org, cast: Cast) -> None:
    assert _client(cast[Role.UNIT_OFFICER]).get(reverse("awards:round_create")).status_code == 403
