"""Council and round pages: the list, creating a council, members, a round with its matrix,
adding initiatives, automatic and manual assignment, opening and closing — and what a user of
another unit or a plain member cannot see or change."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.initiatives.enums import AssignmentMethod, InitiativeStatus, MemberRole, RoundStatus
from thidua.initiatives.models import (
    Assignment,
    CouncilMember,
    InitiativeCouncil,
    ReviewRound,
    RoundEntry,
)
from thidua.initiatives.tests.council_factories import (
    make_assignment,
    make_council,
    make_review,
    make_round,
)
from thidua.initiatives.tests.council_support import build_scene, person_with_account
from thidua.initiatives.tests.factories import make_initiative
from thidua.organizations.tests.factories import UserFactory, grant


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def scene(org, cast):  # type: ignore[no-untyped-def]
    return build_scene(org, cast)


@pytest.fixture
def officer_b(org):  # type: ignore[no-untyped-def]
    user = UserFactory(username="officer_b")
    grant(user, Role.UNIT_OFFICER, org.b)
    return user


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# -- Councils ------------------------------------------------------------------------------------


def test_council_list_shows_the_councils_managed(client, scene, org, officer_b):
    make_council(org.b, name="Hội đồng sáng kiến Bệnh viện B")
    client.force_login(scene.manager)

    response = client.get(reverse("initiatives:council_list"))

    assert response.status_code == 200
    body = _text(response)
    assert "Hội đồng sáng kiến Bệnh viện A năm 2026" in body
    assert "Hội đồng sáng kiến Bệnh viện B" not in body


def test_council_list_member_sees_their_council(client, scene):
    client.force_login(scene.r_a2)

    response = client.get(reverse("initiatives:council_list"))

    assert "Hội đồng sáng kiến Bệnh viện A năm 2026" in _text(response)
    assert "Tạo hội đồng" not in _text(response)


def test_council_create_page_creates_and_redirects(client, org, cast):
    client.force_login(cast[Role.UNIT_HEAD])

    response = client.post(
        reverse("initiatives:council_create"),
        {
            "unit": org.a.pk,
            "level": "unit",
            "name": "Hội đồng sáng kiến BV A 2026",
            "year": "2026",
            "decision_number": "01/QĐ-BVA",
        },
    )

    council = InitiativeCouncil.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:council_detail", args=[council.pk])


def test_council_create_page_offers_only_units_managed(client, org, cast):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(reverse("initiatives:council_create"))

    options = re.findall(r'<option value="(\d+)"', _text(response).split('name="level"')[0])
    assert options == [str(org.a.pk)]


def test_council_create_page_level_mismatch_shown_at_the_field(client, org, cast):
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        reverse("initiatives:council_create"),
        {"unit": org.a.pk, "level": "department", "name": "HĐ", "year": "2026"},
    )

    assert response.status_code == 400
    assert "Hội đồng sáng kiến cấp Sở đặt tại Sở (gốc cây đơn vị)." in _text(response)
    assert InitiativeCouncil.objects.count() == 0


def test_council_create_page_without_permission_forbidden(client, scene):
    client.force_login(scene.r_a2)

    response = client.get(reverse("initiatives:council_create"))

    assert response.status_code == 403


def test_council_detail_another_units_manager_not_found(client, scene, officer_b):
    client.force_login(officer_b)

    response = client.get(reverse("initiatives:council_detail", args=[scene.council.pk]))

    assert response.status_code == 404


def test_council_detail_member_reads_without_forms(client, scene):
    client.force_login(scene.r_a2)

    response = client.get(reverse("initiatives:council_detail", args=[scene.council.pk]))

    body = _text(response)
    assert response.status_code == 200
    assert "Phạm Văn Giám" in body
    assert "Thêm thành viên" not in body


def test_council_detail_member_follows_a_round_to_its_results(client, scene):
    round_ = make_round(scene.council, name="Đợt chấm 2026")
    client.force_login(scene.r_a2)

    response = client.get(reverse("initiatives:council_detail", args=[scene.council.pk]))

    results = reverse("initiatives:round_results", args=[round_.pk])
    assert f'<a href="{results}">Đợt chấm 2026</a>' in _text(response)
    assert f'href="{reverse("initiatives:round_detail", args=[round_.pk])}"' not in _text(response)


def test_council_edit_by_a_member_forbidden(client, scene):
    client.force_login(scene.r_a2)

    response = client.post(
        reverse("initiatives:council_edit", args=[scene.council.pk]),
        {"name": "Đổi tên", "year": "2026"},
    )

    assert response.status_code == 403


def test_member_add_page_adds_a_person_of_the_unit(client, scene, org):
    newcomer = person_with_account(org.a1, "dd_a1", "Ngô Thị Mai").user
    client.force_login(scene.manager)

    response = client.post(
        reverse("initiatives:member_add", args=[scene.council.pk]),
        {"thanh-vien-user": newcomer.pk, "thanh-vien-role": "member", "thanh-vien-reviews": "on"},
    )

    assert response.status_code == 302
    assert CouncilMember.objects.get(council=scene.council, user=newcomer).reviews is True


def test_member_add_page_person_of_another_unit_refused(client, scene, org):
    elsewhere = person_with_account(org.b1, "bs_b1", "Trần Văn Bắc").user
    client.force_login(scene.manager)

    response = client.post(
        reverse("initiatives:member_add", args=[scene.council.pk]),
        {"thanh-vien-user": elsewhere.pk, "thanh-vien-role": "member"},
    )

    assert response.status_code == 400
    assert "Cán bộ này không chọn được" in _text(response)
    assert not CouncilMember.objects.filter(user=elsewhere).exists()


def test_member_candidates_search_folded(client, scene, org):
    person_with_account(org.a1, "dd_a1", "Ngô Thị Mai")
    client.force_login(scene.manager)

    response = client.get(
        reverse("initiatives:member_candidates", args=[scene.council.pk]), {"tim": "ngo thi"}
    )

    assert re.findall(r'data-pick-label="([^"]+)"', _text(response)) == ["Ngô Thị Mai"]


def test_member_change_second_chair_shows_the_message(client, scene):
    member = CouncilMember.objects.get(council=scene.council, user=scene.r_a2)
    client.force_login(scene.manager)

    response = client.post(
        reverse("initiatives:member_change", args=[scene.council.pk, member.pk]),
        {"role": MemberRole.CHAIR, "reviews": "on"},
        follow=True,
    )

    assert "Hội đồng đã có Chủ tịch là Phạm Văn Giám" in _text(response)
    member.refresh_from_db()
    assert member.role == MemberRole.MEMBER


# -- Rounds --------------------------------------------------------------------------------------


def test_round_create_page_creates_a_draft(client, scene):
    client.force_login(scene.manager)
    today = timezone.localdate()

    response = client.post(
        reverse("initiatives:round_create", args=[scene.council.pk]),
        {
            "name": "Đợt chấm 2026",
            "rubric": scene.council.rounds.model._meta.get_field("rubric")
            .related_model.objects.get(is_default=True)
            .pk,
            "opens_on": today.strftime("%d/%m/%Y"),
            "closes_on": today.strftime("%d/%m/%Y"),
            "blind": "on",
            "reviewers_per_initiative": "2",
            "max_per_reviewer": "5",
        },
    )

    round_ = ReviewRound.objects.get()
    assert response["Location"] == reverse("initiatives:round_detail", args=[round_.pk])
    assert (round_.status, round_.blind, round_.reviewers_per_initiative) == (
        RoundStatus.DRAFT,
        True,
        2,
    )


def test_round_detail_shows_rubric_matrix_conflicts_and_progress(client, scene):
    round_ = make_round(
        scene.council, initiatives=[scene.sk_a1, scene.sk_a2], status=RoundStatus.OPEN
    )
    make_review(make_assignment(round_, scene.sk_a1, scene.r_a2))
    make_assignment(round_, scene.sk_a1, scene.r_a2b)
    client.force_login(scene.manager)

    response = client.get(reverse("initiatives:round_detail", args=[round_.pk]))

    body = _text(response)
    assert response.status_code == 200
    assert "Tiến độ chấm: 1/2 phiếu đã nộp" in body
    assert "Mới trong ngành y tế Hà Nội trở lên" in body  # a labelled level of the rubric
    assert 'Tính mới <span class="badge text-bg-light">30 %</span>' in body
    # sk_a1 × r_a1 (same khoa) is marked with its reason.
    assert (
        "Xung đột lợi ích: Cùng đơn vị, hoặc đơn vị cấp trên, cấp dưới của đơn vị tác giả" in body
    )
    assert scene.sk_a1.title in body


def test_round_detail_marks_overdue_reviewers_after_the_deadline(client, scene):
    today = timezone.localdate()
    round_ = make_round(
        scene.council,
        initiatives=[scene.sk_a1],
        status=RoundStatus.OPEN,
        opens_on=today - timezone.timedelta(days=10),
        closes_on=today - timezone.timedelta(days=1),
    )
    make_assignment(round_, scene.sk_a1, scene.r_a2)
    make_review(make_assignment(round_, scene.sk_a1, scene.r_a2b))
    client.force_login(scene.manager)

    response = client.get(reverse("initiatives:round_detail", args=[round_.pk]))

    rows = dict(
        re.findall(r'data-progress-row="(\w+)">(.*?)</tr>', _text(response), flags=re.DOTALL)
    )
    assert "Quá hạn" in rows["bs_a2"]
    assert "Đã xong" in rows["bs_a2b"]
    assert "Đã quá hạn chấm" in _text(response)


def test_round_detail_another_units_manager_not_found(client, scene, officer_b):
    round_ = make_round(scene.council)
    client.force_login(officer_b)

    response = client.get(reverse("initiatives:round_detail", args=[round_.pk]))

    assert response.status_code == 404


def test_round_detail_a_reviewer_not_found(client, scene):
    round_ = make_round(scene.council)
    client.force_login(scene.r_a2)

    response = client.get(reverse("initiatives:round_detail", args=[round_.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    ["round_open", "round_close", "round_auto_assign", "round_assign", "round_conflict_add"],
)
def test_round_changes_by_another_units_manager_not_found(client, scene, officer_b, name):
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN)
    client.force_login(officer_b)

    response = client.post(reverse(f"initiatives:{name}", args=[round_.pk]))

    assert response.status_code == 404
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN
    assert Assignment.objects.count() == 0


def test_round_add_initiatives_page_lists_admissible_and_adds(client, scene, org, cast):
    round_ = make_round(scene.council)
    client.force_login(scene.manager)

    page = client.get(reverse("initiatives:round_add_initiatives", args=[round_.pk]))
    response = client.post(
        reverse("initiatives:round_add_initiatives", args=[round_.pk]),
        {"initiatives": [scene.sk_a1.pk, scene.sk_a2.pk]},
    )

    listed = re.findall(r'name="initiatives" value="(\d+)"', _text(page))
    assert listed == [str(scene.sk_a1.pk), str(scene.sk_a2.pk)]  # not sk_b1 (Bệnh viện B)
    assert response.status_code == 302
    assert RoundEntry.objects.filter(round=round_).count() == 2
    scene.sk_a1.refresh_from_db()
    assert scene.sk_a1.status == InitiativeStatus.IN_REVIEW


def test_round_add_initiatives_page_other_units_initiative_refused(client, scene):
    round_ = make_round(scene.council)
    client.force_login(scene.manager)

    response = client.post(
        reverse("initiatives:round_add_initiatives", args=[round_.pk]),
        {"initiatives": [scene.sk_b1.pk]},
    )

    assert response.status_code == 400
    assert "Sáng kiến đã chọn không còn đưa vào đợt chấm được" in _text(response)
    assert RoundEntry.objects.count() == 0


def test_round_auto_assign_page_reports_shortfalls(client, scene):
    round_ = make_round(
        scene.council, initiatives=[scene.sk_a1, scene.sk_a2], reviewers_per_initiative=2
    )
    client.force_login(scene.manager)

    response = client.post(reverse("initiatives:round_auto_assign", args=[round_.pk]), follow=True)

    body = _text(response)
    assert "Đã phân công tự động 3 lượt chấm cho 2 sáng kiến, 3 người chấm." in body
    assert (
        f"Không đủ người chấm không xung đột cho {scene.sk_a2.code}: cần 2, mới phân công 1" in body
    )
    assert set(Assignment.objects.values_list("method", flat=True)) == {AssignmentMethod.AUTO}


def test_round_assign_page_conflict_refused_with_the_reason(client, scene):
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])
    client.force_login(scene.manager)

    response = client.post(
        reverse("initiatives:round_assign", args=[round_.pk]),
        {"phan-cong-initiative": scene.sk_a1.pk, "phan-cong-reviewer": scene.r_a1.pk},
    )

    assert response.status_code == 400
    assert (
        f"Không phân công được: Đỗ Minh Khoa có xung đột lợi ích với {scene.sk_a1.code}"
        in _text(response)
    )
    assert Assignment.objects.count() == 0


def test_round_assign_then_unassign_page(client, scene):
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])
    client.force_login(scene.manager)

    client.post(
        reverse("initiatives:round_assign", args=[round_.pk]),
        {"phan-cong-initiative": scene.sk_a1.pk, "phan-cong-reviewer": scene.r_a2.pk},
    )
    assignment = Assignment.objects.get()
    response = client.post(
        reverse("initiatives:assignment_remove", args=[round_.pk, assignment.pk]), follow=True
    )

    assert f"Đã bỏ phân công Vũ Thị Lan chấm {scene.sk_a1.code}." in _text(response)
    assert Assignment.objects.count() == 0


def test_round_conflict_recorded_by_the_officer_removes_the_assignment(client, scene):
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN)
    make_assignment(round_, scene.sk_a1, scene.r_a2)
    client.force_login(scene.manager)

    response = client.post(
        reverse("initiatives:round_conflict_add", args=[round_.pk]),
        {
            "xung-dot-initiative": scene.sk_a1.pk,
            "xung-dot-reviewer": scene.r_a2.pk,
            "xung-dot-reason": "Vợ của tác giả",
        },
        follow=True,
    )

    assert "Phân công chấm của người này đã được bỏ." in _text(response)
    assert Assignment.objects.count() == 0


def test_round_open_and_close_pages(client, scene):
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])
    client.force_login(scene.manager)

    opened = client.post(reverse("initiatives:round_open", args=[round_.pk]), follow=True)
    closed = client.post(reverse("initiatives:round_close", args=[round_.pk]), follow=True)

    assert "Đã mở đợt chấm" in _text(opened)
    assert "Đã đóng đợt chấm: không nhận thêm phiếu chấm." in _text(closed)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED


# -- Query counts --------------------------------------------------------------------------------


def _fill(scene, org, cast, round_, count):  # type: ignore[no-untyped-def]
    for index in range(count):
        initiative = make_initiative(
            org.a1 if index % 2 else org.a2,
            cast.staff_person if index % 2 else scene.author_a2,
            status=InitiativeStatus.ADMITTED,
            co_authors=[("Chuyên gia ngoài", 10)],
        )
        RoundEntry.objects.create(round=round_, initiative=initiative)
        reviewer = scene.r_a1 if index % 2 == 0 else scene.r_a2
        make_review(make_assignment(round_, initiative, reviewer), submitted=index % 3 == 0)


def test_round_page_queries_constant_in_rows(client, scene, org, cast, django_assert_num_queries):
    few = make_round(scene.council, name="Ít", status=RoundStatus.OPEN)
    many = make_round(scene.council, name="Nhiều", status=RoundStatus.OPEN)
    _fill(scene, org, cast, few, 2)
    _fill(scene, org, cast, many, 12)
    client.force_login(scene.manager)
    client.get(reverse("initiatives:round_detail", args=[few.pk]))  # warm the session

    with django_assert_num_queries(QUERIES_ROUND_PAGE) as few_queries:
        client.get(reverse("initiatives:round_detail", args=[few.pk]))
    with django_assert_num_queries(QUERIES_ROUND_PAGE):
        client.get(reverse("initiatives:round_detail", args=[many.pk]))

    assert len(few_queries.captured_queries) == QUERIES_ROUND_PAGE


QUERIES_ROUND_PAGE = 20
