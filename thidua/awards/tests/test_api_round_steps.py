"""API v1 of a round's lifecycle (create, edit, open, thẩm định, disclosure, council, close) and
the list of decisions: each step as the pages take it — the service's Vietnamese refusal as a
400 at its field, a round of another unit a 404, a round seen but not managed a 403 — and
every step audited."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.awards import clock
from thidua.awards.enums import NominationStatus, RoundStatus
from thidua.awards.models import (
    AwardCouncil,
    AwardDecision,
    AwardRound,
    CouncilSession,
    Nomination,
    RulebookVersion,
)
from thidua.awards.selectors.rounds import disclosure_period
from thidua.awards.services.decisions import draft_decision
from thidua.awards.tests.api_support import audited, put
from thidua.awards.tests.rounds_support import make_people, make_round
from thidua.awards.tests.test_award_decisions import voted
from thidua.conftest import Cast, Org
from thidua.organizations.tests.api_client import ApiClient
from thidua.organizations.tests.factories import UserFactory, grant

pytestmark = pytest.mark.usefixtures("rulebook")

NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def manager_a(org: Org) -> User:
    """Runs Bệnh viện A's own rounds."""
    user = UserFactory(username="manager_a")
    grant(user, Role.DEPT_OFFICER, org.a)
    return user


@pytest.fixture
def manager_b(org: Org) -> User:
    """Runs Bệnh viện B's own rounds."""
    user = UserFactory(username="manager_b")
    grant(user, Role.DEPT_OFFICER, org.b)
    return user


def _body(**extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Đợt xét khen thưởng năm 2024",
        "kind": "annual",
        "year": 2024,
        "award_codes": ["ldtt", "cstdcs"],
        "nomination_deadline": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
    }
    body.update(extra)
    return body


def _accepted(org: Org, round_: AwardRound) -> Nomination:
    return Nomination.objects.create(
        round=round_,
        unit=org.a,
        person=make_people(org).fair,
        award_code="ldtt",
        status=NominationStatus.ACCEPTED,
        eligible=True,
    )


# -- Create and edit ------------------------------------------------------------------------------


def test_the_department_creates_a_draft_round_audited(org: Org, cast: Cast) -> None:
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.post("/awards/rounds", _body(organiser_id=org.root.pk, disclosure_public=True))

    body = response.json()
    round_ = AwardRound.objects.get()
    assert response.status_code == 201
    assert (body["id"], body["status"], body["organiser"]["id"]) == (
        round_.pk,
        "draft",
        org.root.pk,
    )
    assert [a["name"] for a in body["awards"]] == ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"]
    assert (body["manages"], body["disclosure_public"]) == (True, True)
    assert audited(round_) == [("create", "")]


def test_an_award_the_rulebook_lacks_is_refused_at_its_field_and_nothing_is_written(
    org: Org, cast: Cast
) -> None:
    response = ApiClient(cast[Role.DEPT_OFFICER]).post(
        "/awards/rounds", _body(organiser_id=org.root.pk, award_codes=["ldtt", "khong-co"])
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "Bộ quy tắc Thử nghiệm 2000 không có danh hiệu, hình thức: khong-co.",
            "field": "award_codes",
        },
    )
    assert not AwardRound.objects.exists()


def test_a_thematic_round_without_its_phase_is_refused_at_phase_id(org: Org, cast: Cast) -> None:
    response = ApiClient(cast[Role.DEPT_OFFICER]).post(
        "/awards/rounds", _body(organiser_id=org.root.pk, kind="thematic")
    )

    assert response.status_code == 400
    assert response.json()["field"] == "phase_id"
    assert response.json()["detail"].startswith(
        "Đợt khen thưởng theo chuyên đề phải gắn với giai đoạn phong trào"
    )


def test_an_unknown_phase_is_refused_at_phase_id(org: Org, cast: Cast) -> None:
    response = ApiClient(cast[Role.DEPT_OFFICER]).post(
        "/awards/rounds", _body(organiser_id=org.root.pk, kind="thematic", phase_id=999999)
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Không có giai đoạn phong trào này.", "field": "phase_id"},
    )


def test_a_bad_date_is_refused_by_the_schema_in_vietnamese(org: Org, cast: Cast) -> None:
    response = ApiClient(cast[Role.DEPT_OFFICER]).post(
        "/awards/rounds", _body(organiser_id=org.root.pk, nomination_deadline="31/12/2024")
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "nomination_deadline"
    assert error["msg"].startswith("Ngày không hợp lệ")


def test_a_unit_officer_may_not_create_a_round(org: Org, cast: Cast) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).post(
        "/awards/rounds", _body(organiser_id=org.a.pk)
    )

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Bạn không có quyền quản lý đợt xét khen thưởng của Bệnh viện A."},
    )
    assert not AwardRound.objects.exists()


def test_a_round_for_another_hospital_is_404(org: Org, manager_a: User) -> None:
    response = ApiClient(manager_a).post("/awards/rounds", _body(organiser_id=org.b.pk))

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_the_department_edits_an_open_round_audited(org: Org, cast: Cast) -> None:
    round_ = make_round(org)

    response = put(
        ApiClient(cast[Role.DEPT_OFFICER]),
        f"/awards/rounds/{round_.pk}",
        _body(name="Đợt xét năm 2024 (sửa)", award_codes=["ldtt", "cstdcs", "ttldtt"]),
    )

    round_.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["name"] == round_.name == "Đợt xét năm 2024 (sửa)"
    assert audited(round_) == [("update", "")]


def test_a_round_at_the_council_is_not_edited(org: Org, cast: Cast) -> None:
    round_ = make_round(org, status=RoundStatus.COUNCIL)

    response = put(ApiClient(cast[Role.DEPT_OFFICER]), f"/awards/rounds/{round_.pk}", _body())

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Đợt xét đang ở bước “Trình Hội đồng”: không sửa được nữa.", "field": None},
    )
    assert audited(round_) == []


# -- Steps ----------------------------------------------------------------------------------------


def test_the_whole_lifecycle_through_the_api_each_step_audited(
    org: Org, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = ApiClient(cast[Role.DEPT_OFFICER])
    round_ = make_round(org, status=RoundStatus.DRAFT)
    base = f"/awards/rounds/{round_.pk}"
    today = timezone.localdate()

    opened = api.post(f"{base}/open", {})
    checking = api.post(f"{base}/start-checking", {})
    _accepted(org, round_)
    disclosed = api.post(f"{base}/open-disclosure", {"start": today.isoformat()})
    round_.refresh_from_db()
    period = disclosure_period(round_)
    assert period is not None
    monkeypatch.setattr(clock, "today", lambda: period.end + dt.timedelta(days=1))
    council = api.post(f"{base}/send-to-council", {})
    closed = api.post(f"{base}/close", {"reason": "Đã ban hành quyết định."})

    assert [r.status_code for r in (opened, checking, disclosed, council, closed)] == [200] * 5
    assert [r.json()["status"] for r in (opened, checking, disclosed, council, closed)] == [
        "open",
        "checking",
        "disclosure",
        "council",
        "closed",
    ]
    assert disclosed.json()["disclosure_start"] == today.isoformat()
    assert disclosed.json()["disclosure_end"] == period.end.isoformat()
    entries = audited(round_)
    assert [action for action, _ in entries] == ["update"] * 5
    assert entries[2][1].startswith(f"Công khai từ {today:%d/%m/%Y} đến hết {period.end:%d/%m/%Y}")
    assert entries[4][1] == "Đã ban hành quyết định."


def test_opening_with_the_deadline_past_is_refused_at_the_deadline(org: Org, cast: Cast) -> None:
    round_ = make_round(org, status=RoundStatus.DRAFT, nomination_deadline=dt.date(2024, 12, 31))

    response = ApiClient(cast[Role.DEPT_OFFICER]).post(f"/awards/rounds/{round_.pk}/open", {})

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "Hạn gửi đề nghị (31/12/2024) đã qua: sửa hạn trước khi mở đợt xét.",
            "field": "nomination_deadline",
        },
    )
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT


def test_a_step_the_state_does_not_allow_is_refused(org: Org, cast: Cast) -> None:
    round_ = make_round(org, status=RoundStatus.DRAFT)

    response = ApiClient(cast[Role.DEPT_OFFICER]).post(
        f"/awards/rounds/{round_.pk}/start-checking", {}
    )

    assert (response.status_code, response.json()["detail"]) == (
        400,
        "Đợt xét đang ở bước “Đang soạn”: không chuyển sang thẩm định được.",
    )


def test_disclosure_waits_for_thẩm_định_and_refuses_a_past_start(org: Org, cast: Cast) -> None:
    round_ = make_round(org, status=RoundStatus.CHECKING)
    item = _accepted(org, round_)
    api = ApiClient(cast[Role.DEPT_OFFICER])
    url = f"/awards/rounds/{round_.pk}/open-disclosure"
    Nomination.objects.filter(pk=item.pk).update(status=NominationStatus.SUBMITTED)

    waiting = api.post(url, {"start": timezone.localdate().isoformat()})
    Nomination.objects.filter(pk=item.pk).update(status=NominationStatus.ACCEPTED)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    past = api.post(url, {"start": yesterday.isoformat()})

    assert (waiting.status_code, waiting.json()["detail"]) == (
        400,
        "Còn 1 đề nghị chưa thẩm định xong: thẩm định hết trước khi công khai.",
    )
    assert (past.status_code, past.json()) == (
        400,
        {"detail": "Ngày bắt đầu công khai không được trước hôm nay.", "field": "start"},
    )
    assert audited(round_) == []


def test_the_council_waits_for_the_period_to_end(org: Org, cast: Cast) -> None:
    round_ = make_round(org, status=RoundStatus.CHECKING)
    _accepted(org, round_)
    api = ApiClient(cast[Role.DEPT_OFFICER])
    api.post(
        f"/awards/rounds/{round_.pk}/open-disclosure", {"start": timezone.localdate().isoformat()}
    )

    response = api.post(f"/awards/rounds/{round_.pk}/send-to-council", {})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Thời gian công khai chưa kết thúc")


def test_a_unit_officer_sees_the_round_but_may_not_move_it(org: Org, cast: Cast) -> None:
    round_ = make_round(org)
    api = ApiClient(cast[Role.UNIT_OFFICER])

    checking = api.post(f"/awards/rounds/{round_.pk}/start-checking", {})
    edited = put(api, f"/awards/rounds/{round_.pk}", _body())

    expected = {"detail": "Bạn không có quyền quản lý đợt xét khen thưởng của Sở Y tế Hà Nội."}
    assert (checking.status_code, checking.json()) == (403, expected)
    assert (edited.status_code, edited.json()) == (403, expected)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN


def test_another_hospital_can_neither_read_nor_move_a_hospital_s_round(
    org: Org, manager_a: User, manager_b: User
) -> None:
    round_ = make_round(org, organiser=org.a, status=RoundStatus.DRAFT)
    theirs = ApiClient(manager_b)
    base = f"/awards/rounds/{round_.pk}"

    answers = [
        theirs.get(base),
        put(theirs, base, _body()),
        theirs.post(f"{base}/open", {}),
        theirs.post(f"{base}/start-checking", {}),
        theirs.post(f"{base}/open-disclosure", {"start": timezone.localdate().isoformat()}),
        theirs.post(f"{base}/send-to-council", {}),
        theirs.post(f"{base}/close", {"reason": "x"}),
    ]

    assert [(a.status_code, a.json()) for a in answers] == [(404, NOT_FOUND)] * 7
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT
    assert audited(round_) == []
    assert ApiClient(manager_a).post(f"{base}/open", {}).status_code == 200


def test_a_closed_round_is_not_closed_again(org: Org, cast: Cast) -> None:
    round_ = make_round(org, status=RoundStatus.CLOSED)

    response = ApiClient(cast[Role.DEPT_OFFICER]).post(f"/awards/rounds/{round_.pk}/close", {})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Đợt xét đang ở bước")


# -- Decisions ------------------------------------------------------------------------------------


def _bare_decision(org: Org, unit: Any) -> AwardDecision:
    """A draft decision of `unit` without recipients, arranged directly."""
    round_ = make_round(org, organiser=unit, status=RoundStatus.COUNCIL)
    council = AwardCouncil.objects.create(unit=unit, name=f"Hội đồng {unit.name}")
    version = RulebookVersion.objects.get(label="Thử nghiệm 2000")
    session = CouncilSession.objects.create(
        council=council,
        round=round_,
        meeting_date=dt.date(2024, 12, 10),
        members_total=5,
        rulebook_version=version,
    )
    return AwardDecision.objects.create(
        session=session, round=round_, unit=unit, rulebook_version=version, base_salary=2340000
    )


def test_decisions_listed_in_scope_newest_first_with_pinned_queries(
    org: Org, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    setup, session = voted(org, cast)
    drafted = draft_decision(session, by=setup.officer)
    newer = _bare_decision(org, org.a1)
    _bare_decision(org, org.b)
    api = ApiClient(cast[Role.UNIT_OFFICER])

    with django_assert_max_num_queries(8):
        response = api.get("/awards/decisions")

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 2
    assert [
        (d["id"], d["unit"]["name"], d["recipients"], d["status_label"]) for d in body["items"]
    ] == [
        (newer.pk, "Khoa Nội A1", 0, "Dự thảo"),
        (drafted.pk, "Bệnh viện A", 3, "Dự thảo"),
    ]


def test_decisions_of_another_hospital_are_not_listed(org: Org, manager_b: User) -> None:
    _bare_decision(org, org.a)
    theirs = _bare_decision(org, org.b)

    response = ApiClient(manager_b).get("/awards/decisions")

    assert [d["id"] for d in response.json()["items"]] == [theirs.pk]


def test_decisions_list_is_empty_for_staff(org: Org, cast: Cast) -> None:
    _bare_decision(org, org.a)

    response = ApiClient(cast[Role.STAFF]).get("/awards/decisions")

    assert (response.status_code, response.json()["count"]) == (200, 0)


def test_openapi_shows_every_awards_write_with_a_vietnamese_summary(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()

    writes = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, operations in schema["paths"].items()
        if path.startswith("/api/v1/awards/")
        for method in operations
        if method != "get"
    }
    summaries = [
        operation["summary"]
        for path, operations in schema["paths"].items()
        if path.startswith("/api/v1/awards/")
        for operation in operations.values()
    ]
    assert {
        ("POST", "/awards/rounds"),
        ("PUT", "/awards/rounds/{round_id}"),
        ("POST", "/awards/rounds/{round_id}/open"),
        ("POST", "/awards/rounds/{round_id}/start-checking"),
        ("POST", "/awards/rounds/{round_id}/open-disclosure"),
        ("POST", "/awards/rounds/{round_id}/send-to-council"),
        ("POST", "/awards/rounds/{round_id}/close"),
        ("POST", "/awards/nominations/{nomination_id}/attachments"),
        ("DELETE", "/awards/nominations/{nomination_id}/attachments/{attachment_id}"),
        ("POST", "/awards/nominations/{nomination_id}/achievement-report"),
        ("POST", "/awards/rounds/{round_id}/units/{unit_id}/proposal"),
        ("POST", "/awards/rounds/{round_id}/units/{unit_id}/submit"),
        ("PUT", "/awards/nominations/{nomination_id}"),
        ("POST", "/awards/people/{person_id}/inputs/ratings"),
        ("POST", "/awards/units/{unit_id}/inputs/ratings"),
        ("PUT", "/awards/inputs/ratings/{row_id}"),
        ("DELETE", "/awards/inputs/maternity-leave/{row_id}"),
        ("POST", "/awards/inputs/awards/{row_id}/revoke"),
    } <= writes
    # Every summary is Vietnamese: each has a letter with a diacritic.
    assert all(re.search(r"[à-ỹÀ-Ỹđ]", summary) for summary in summaries), summaries
