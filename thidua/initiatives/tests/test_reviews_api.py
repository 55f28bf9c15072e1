"""API v1 of reviews: a reviewer's own assignments and sheet (blind: no author, unit, code or
initiative id), saving a draft and submitting with the service's refusals, the managers reading
every sheet of their rounds — and nobody else reading any."""

from typing import Any

import pytest

from thidua.initiatives.enums import ReviewStatus, RoundStatus
from thidua.initiatives.models import Review, RubricCriterion
from thidua.initiatives.tests.council_factories import (
    default_rubric,
    make_assignment,
    make_review,
    make_round,
)
from thidua.initiatives.tests.council_support import build_scene
from thidua.organizations.tests.api_client import ApiClient

NOT_FOUND = {"detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."}
ALL = {"novelty": 4, "applicability": 2, "effectiveness": 3, "scope": 0}


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def scene(org, cast):  # type: ignore[no-untyped-def]
    return build_scene(org, cast)


def _scores(**chosen: int) -> list[dict[str, int]]:
    result = []
    for criterion in (
        RubricCriterion.objects.filter(rubric=default_rubric())
        .prefetch_related("levels")
        .order_by("order")
    ):
        if criterion.code in chosen:
            level = next(lv for lv in criterion.levels.all() if lv.score == chosen[criterion.code])
            result.append({"criterion_id": criterion.pk, "level_id": level.pk})
    return result


def _open(scene, *, blind=True):  # type: ignore[no-untyped-def]
    round_ = make_round(
        scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN, blind=blind
    )
    return round_, make_assignment(round_, scene.sk_a1, scene.r_a2)


def test_api_my_reviews_blind_without_code(scene):
    _, assignment = _open(scene)

    response = ApiClient(scene.r_a2).get("/initiatives/reviews/mine")

    [item] = response.json()
    assert (item["assignment_id"], item["label"], item["status"], item["blind"]) == (
        assignment.pk,
        "Sáng kiến số 1",
        "not_started",
        True,
    )
    assert scene.sk_a1.code not in response.content.decode()


def test_api_sheet_blind_no_author_unit_code_or_id(scene):
    _, assignment = _open(scene)

    response = ApiClient(scene.r_a2).get(f"/initiatives/assignments/{assignment.pk}/review")

    body = response.json()
    text = response.content.decode()
    assert response.status_code == 200
    assert body["initiative"]["id"] is None
    assert (body["initiative"]["authors"], body["initiative"]["unit"]) == ([], "")
    assert body["initiative"]["applied_where"] == "[đã ẩn]"
    for revealing in (scene.sk_a1.code, "Nguyễn Thị Hoa", "Khoa Nội A1", "Bệnh viện A"):
        assert revealing not in text, revealing
    assert [c["code"] for c in body["criteria"]] == [
        "novelty",
        "applicability",
        "effectiveness",
        "scope",
    ]


def test_api_sheet_not_blind_shows_authors(scene):
    _, assignment = _open(scene, blind=False)

    body = ApiClient(scene.r_a2).get(f"/initiatives/assignments/{assignment.pk}/review").json()

    assert body["initiative"]["id"] == scene.sk_a1.pk
    assert body["initiative"]["authors"] == ["Nguyễn Thị Hoa (100 %)"]


def test_api_sheet_of_another_reviewer_not_found(scene):
    _, assignment = _open(scene)
    api = ApiClient(scene.r_a2b)

    read = api.get(f"/initiatives/assignments/{assignment.pk}/review")
    written = api.post(
        f"/initiatives/assignments/{assignment.pk}/review/submit", {"scores": _scores(**ALL)}
    )

    assert (read.status_code, read.json()) == (404, NOT_FOUND)
    assert (written.status_code, written.json()) == (404, NOT_FOUND)
    assert Review.objects.count() == 0


def test_api_review_draft_then_submit(scene):
    _, assignment = _open(scene)
    api = ApiClient(scene.r_a2)
    url = f"/initiatives/assignments/{assignment.pk}/review"

    draft = api.client.put(
        "/api/v1" + url,
        {"scores": _scores(novelty=4), "comment_to_author": "Bổ sung số liệu"},
        content_type="application/json",
        headers=api.headers,
    )
    submitted = api.post(url + "/submit", {"scores": _scores(**ALL)})

    assert (draft.status_code, draft.json()["status"], draft.json()["total"]) == (
        200,
        "draft",
        "30.00",
    )
    assert (submitted.json()["status"], submitted.json()["total"]) == ("submitted", "65.00")
    assert submitted.json()["can_edit"] is False


def test_api_review_submit_missing_criteria_refused(scene):
    _, assignment = _open(scene)
    criteria = list(RubricCriterion.objects.filter(rubric=default_rubric()).order_by("order"))

    response = ApiClient(scene.r_a2).post(
        f"/initiatives/assignments/{assignment.pk}/review/submit",
        {"scores": _scores(novelty=4, applicability=2, effectiveness=3)},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        f"tieu_chi_{criteria[3].pk}": (
            "Chưa chấm tiêu chí “Phạm vi ảnh hưởng”: hãy chọn một mức trước khi nộp."
        )
    }
    assert Review.objects.count() == 0


def test_api_review_after_the_round_closed_refused(scene):
    round_, assignment = _open(scene)
    round_.status = RoundStatus.CLOSED
    round_.save()

    response = ApiClient(scene.r_a2).post(
        f"/initiatives/assignments/{assignment.pk}/review/submit", {"scores": _scores(**ALL)}
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Đợt chấm đã đóng; không chấm, sửa phiếu chấm được nữa."


def test_api_round_reviews_for_the_manager_only(scene):
    round_, assignment = _open(scene)
    make_review(assignment, levels=ALL, comment_to_council="Đề nghị công nhận")
    other = make_assignment(round_, scene.sk_a1, scene.r_a2b)
    make_review(other, levels=ALL, submitted=False)

    managed = ApiClient(scene.manager).get(f"/initiatives/rounds/{round_.pk}/reviews")
    by_reviewer = ApiClient(scene.r_a2).get(f"/initiatives/rounds/{round_.pk}/reviews")

    assert [(r["reviewer"], r["status"], r["total"]) for r in managed.json()] == [
        ("Vũ Thị Lan", ReviewStatus.SUBMITTED, "65.00"),
        ("Hoàng Văn Sơn", ReviewStatus.DRAFT, "65.00"),
    ]
    assert managed.json()[0]["scores"] == [
        {"criterion": "novelty", "score": 4},
        {"criterion": "applicability", "score": 2},
        {"criterion": "effectiveness", "score": 3},
        {"criterion": "scope", "score": 0},
    ]
    assert (by_reviewer.status_code, by_reviewer.json()) == (404, NOT_FOUND)
