"""The round's documents on its results page: the buttons for the officer who may issue at the
council's unit, the numbers and download links once issued, the refusals as messages, and the
scope (another unit's officer gets a 404 on the page, the buttons and the files)."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from thidua.documents.models import GenerationJob, IssuedDocument
from thidua.initiatives.tests.decision_factories import officer_of
from thidua.initiatives.tests.documents_support import decided_round


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def decided(org, cast):
    return decided_round(org, cast)


def _url(decided, suffix: str = "ket-qua/") -> str:
    return f"/sang-kien/dot-cham/{decided.round.pk}/{suffix}"


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_decided_round_offers_the_three_documents(client: Client, decided) -> None:
    client.force_login(decided.officer)

    html = client.get(_url(decided)).content.decode()

    assert "Phát hành quyết định công nhận (2 sáng kiến)" in html
    assert "Giấy chứng nhận (3) được tạo sau khi phát hành quyết định công nhận." in html
    assert "Phát hành thông báo không công nhận (1)" in html


def test_round_not_decided_offers_no_button(client: Client, org, cast) -> None:
    decided = decided_round(org, cast, decide_all=False)
    client.force_login(decided.officer)

    html = client.get(_url(decided)).content.decode()

    assert "khi hội đồng đã quyết định mọi sáng kiến của đợt" in html
    assert "Phát hành quyết định công nhận" not in html


def test_issue_button_issues_then_shows_the_number_and_links(client: Client, decided) -> None:
    client.force_login(decided.officer)

    response = client.post(_url(decided, "van-ban/quyet-dinh/"), follow=True)

    issued = IssuedDocument.objects.get()
    html = response.content.decode()
    assert _messages(response) == [
        f"Đã phát hành Quyết định số 01/QĐ-BVA ngày {issued.issued_on:%d/%m/%Y} công nhận "
        "sáng kiến của đợt."
    ]
    assert "Quyết định công nhận sáng kiến số <strong>01/QĐ-BVA</strong>" in html
    assert f'href="/van-ban/{issued.pk}/tai-ve/pdf/"' in html
    assert "Phát hành quyết định công nhận (" not in html
    assert "Tạo giấy chứng nhận (3)" in html


def test_issuing_twice_is_a_message_not_a_second_document(client: Client, decided) -> None:
    client.force_login(decided.officer)
    client.post(_url(decided, "van-ban/quyet-dinh/"))

    response = client.post(_url(decided, "van-ban/quyet-dinh/"), follow=True)

    assert _messages(response)[-1].startswith(
        "Quyết định công nhận sáng kiến của đợt đã được phát hành: số 01/QĐ-BVA"
    )
    assert IssuedDocument.objects.count() == 1


def test_issuing_a_round_not_decided_is_a_message(client: Client, org, cast) -> None:
    decided = decided_round(org, cast, decide_all=False)
    client.force_login(decided.officer)

    response = client.post(_url(decided, "van-ban/quyet-dinh/"), follow=True)

    assert response.status_code == 200
    assert "chỉ phát hành văn bản khi hội đồng đã quyết định xong cả đợt." in _messages(response)[0]
    assert IssuedDocument.objects.count() == 0


def test_certificates_button_opens_the_job_page(client: Client, decided) -> None:
    client.force_login(decided.officer)
    client.post(_url(decided, "van-ban/quyet-dinh/"))

    response = client.post(_url(decided, "van-ban/giay-chung-nhan/"))

    job = GenerationJob.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/van-ban/tao/{job.pk}/")
    assert job.params == {"round": decided.round.pk}


def test_notices_button_issues_each_notice(client: Client, decided) -> None:
    client.force_login(decided.officer)

    response = client.post(_url(decided, "van-ban/thong-bao/"), follow=True)

    assert _messages(response) == ["Đã phát hành 1 thông báo không công nhận sáng kiến: 01/TB-BVA."]
    assert "Thông báo không công nhận" in response.content.decode()
    assert "Phát hành thông báo không công nhận (" not in response.content.decode()


def test_member_without_the_issue_permission_is_refused(client: Client, decided) -> None:
    client.force_login(decided.setup.users[1])  # a council member, no role at the unit

    page = client.get(_url(decided)).content.decode()
    response = client.post(_url(decided, "van-ban/quyet-dinh/"))

    assert "Phát hành quyết định công nhận" not in page
    assert response.status_code == 403
    assert IssuedDocument.objects.count() == 0


@pytest.mark.parametrize(
    "suffix", ["van-ban/quyet-dinh/", "van-ban/giay-chung-nhan/", "van-ban/thong-bao/"]
)
def test_officer_of_another_unit_gets_404(client: Client, decided, org, suffix: str) -> None:
    client.force_login(officer_of(org.b, "can_bo_b"))

    response = client.post(_url(decided, suffix))

    assert response.status_code == 404
    assert IssuedDocument.objects.count() == 0


def test_officer_of_another_unit_cannot_download_the_files(client: Client, decided, org) -> None:
    client.force_login(decided.officer)
    client.post(_url(decided, "van-ban/quyet-dinh/"))
    issued = IssuedDocument.objects.get()
    client.force_login(officer_of(org.b, "can_bo_b"))

    answers = [
        client.get(f"/van-ban/{issued.pk}/tai-ve/{kind}/").status_code for kind in ("pdf", "docx")
    ]

    assert answers == [404, 404]


def test_results_page_queries_do_not_grow_with_documents(
    client: Client, decided, django_assert_max_num_queries
) -> None:
    client.force_login(decided.officer)
    client.post(_url(decided, "van-ban/quyet-dinh/"))
    client.post(_url(decided, "van-ban/thong-bao/"))

    # The results page (session, user, round, grants, entries, reviews, members, votes,
    # decisions, rule, people) and the documents: issued ones, authors, certificates, last job.
    with django_assert_max_num_queries(15):
        response = client.get(_url(decided))

    assert response.status_code == 200
