"""Score pages: the scorecard with its inline appraisal, rankings, heat map, exports,
recomputation; scope; query counts that do not grow with units or periods."""

import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from thidua.accounts.roles import Perm, Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import PeriodKind
from thidua.movements.models import MovementScope
from thidua.movements.selectors.registrations import participant_units
from thidua.movements.tests.factories import make_movement, make_period
from thidua.organizations.models import ClusterMember
from thidua.organizations.scoping import scope_q
from thidua.organizations.tests.factories import UserFactory, grant
from thidua.reporting.enums import JobStatus
from thidua.reporting.models import CriterionScore, RecomputeJob, ReportScore
from thidua.reporting.selectors.scores import (
    clusters_visible,
    score_movement,
    score_movements,
    scorecard_unit,
)
from thidua.reporting.services.standings import recompute_year
from thidua.reporting.tests.scores_support import (
    FULL,
    GOOD,
    WEAK,
    ScoredYear,
    add_unit,
    approved,
    scored_year,
)

D = Decimal
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def world(org: Org) -> ScoredYear:
    return scored_year(org)


def _scorecard_url(world: ScoredYear, unit_pk: int) -> str:
    return f"/bao-cao/diem/{world.plan.movement.pk}/don-vi/{unit_pk}/"


def _appraisal_url(world: ScoredYear, code: str, quarter: str = "q3", unit: str = "BV_A") -> str:
    report = world.reports[(unit, quarter)]
    criterion = world.plan.criteria[code]
    return f"/bao-cao/diem/{world.plan.movement.pk}/bao-cao/{report.pk}/tieu-chi/{criterion.pk}/tham-dinh/"


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


# --- The scorecard ---------------------------------------------------------------------------


def test_scorecard_shows_periods_year_and_criteria(
    client: Client, world: ScoredYear, org: Org, cast: Cast
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(_scorecard_url(world, org.a.pk))

    assert response.status_code == 200
    card = response.context["card"]
    assert [(line.period.name, line.score.appraised_total) for line in card.periods] == [
        ("Quý II/2026", D("85.00")),
        ("Quý III/2026", D("80.00")),
    ]
    assert (card.year_standing.total, card.year_standing.rank_in_cluster) == (D("82.50"), 1)
    assert card.year_cluster_average == D("66.25")
    assert card.selected.period == world.plan.current
    assert [(line.criterion.code, line.self_points) for b in card.areas for line in b.lines] == [
        ("TC1", D("40.00")),
        ("TC2", D("40.00")),
    ]
    assert response.context["appraisable"] is False
    content = response.content.decode()
    assert "<svg" in content
    assert "Trung bình cụm, khối" in content
    assert "Điều chỉnh</a>" not in content


def test_scorecard_and_rankings_leave_out_kinds_of_period_units_do_not_report(
    client: Client, world: ScoredYear, org: Org, cast: Cast
) -> None:
    year = world.plan.current.year
    half = make_period(
        world.plan.movement,
        PeriodKind.HALF_YEAR,
        year,
        1,
        world.plan.previous.start_date,
        world.plan.previous.end_date,
    )
    client.force_login(cast[Role.DEPT_OFFICER])

    card = client.get(_scorecard_url(world, org.a.pk)).context["card"]
    ranking = client.get(_ranking_url(world))

    assert half.pk not in [line.period.pk for line in card.periods]
    assert f"p:{half.pk}" not in [span.key for span in ranking.context["spans"]]


def test_scorecard_of_a_chosen_period(
    client: Client, world: ScoredYear, org: Org, cast: Cast
) -> None:
    client.force_login(cast[Role.UNIT_HEAD])

    response = client.get(_scorecard_url(world, org.a.pk), {"ky": world.plan.previous.pk})

    card = response.context["card"]
    assert card.selected.period == world.plan.previous
    assert card.selected.score.penalty == D("5.00")


def test_scorecard_of_another_unit_is_404(
    client: Client, world: ScoredYear, org: Org, cast: Cast
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    assert client.get(_scorecard_url(world, org.b.pk)).status_code == 404
    assert client.get(_scorecard_url(world, org.b.pk) + "excel/").status_code == 404


@pytest.mark.parametrize("role", [Role.STAFF, Role.COUNCIL_MEMBER])
def test_scorecard_without_view_report_is_403(
    client: Client, world: ScoredYear, org: Org, cast: Cast, role: Role
) -> None:
    client.force_login(cast[role])

    assert client.get(_scorecard_url(world, org.a.pk)).status_code == 403


def test_scorecard_export_opens_with_periods_and_criteria(
    client: Client, world: ScoredYear, org: Org, cast: Cast
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(_scorecard_url(world, org.a.pk) + "excel/")

    rows = _sheet(response)
    assert response["Content-Disposition"] == 'attachment; filename="diem-thi-dua-BV_A-2026.xlsx"'
    assert rows[0][:6] == ("Loại", "Kỳ, năm", "Nội dung", "Điểm tối đa", "Tự chấm", "Thẩm định")
    assert [row[:2] + row[4:6] for row in rows[1:]] == [
        ("Kỳ", "Quý II/2026", 85, 85),
        ("Kỳ", "Quý III/2026", 80, 80),
        ("Năm", "2026", 82.5, 82.5),
        ("Giai đoạn", "Giai đoạn 1", 82.5, 82.5),
        ("Tiêu chí", "Quý III/2026", 40, 40),
        ("Tiêu chí", "Quý III/2026", 40, 40),
    ]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, unit_path=org.a.path).count() == 1


# --- Appraisal ---------------------------------------------------------------------------------


def test_appraisal_inline_form_saves_and_redraws_the_table(
    client: Client, world: ScoredYear, org: Org, cast: Cast
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])
    page = client.get(_scorecard_url(world, org.a.pk))
    form = client.get(_appraisal_url(world, "TC1"), headers=HTMX)

    saved = client.post(
        _appraisal_url(world, "TC1"),
        {"points": "30,5", "reason": "Tỉ lệ trực tuyến chưa xác minh"},
        headers=HTMX,
    )

    assert page.context["appraisable"] is True
    assert 'hx-target="#tc-' in page.content.decode()
    assert form.status_code == 200
    assert 'name="points" id="diem-' in form.content.decode()
    assert (saved.status_code, saved["HX-Retarget"]) == (200, "#bang-diem")
    content = saved.content.decode()
    assert "Đã lưu điểm thẩm định tiêu chí TC1." in content
    assert "Tỉ lệ trực tuyến chưa xác minh" in content
    score = ReportScore.objects.get(report=world.reports[("BV_A", "q3")])
    assert (score.self_total, score.appraised_total) == (D("80.00"), D("70.50"))


def test_appraisal_form_errors_stay_in_the_row(
    client: Client, world: ScoredYear, cast: Cast
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    bad = client.post(_appraisal_url(world, "TC1"), {"points": "70", "reason": "x"}, headers=HTMX)
    text = client.post(
        _appraisal_url(world, "TC1"), {"points": "nhiều", "reason": "x"}, headers=HTMX
    )
    no_reason = client.post(
        _appraisal_url(world, "TC1"), {"points": "10", "reason": ""}, headers=HTMX
    )

    assert "Điểm thẩm định phải từ 0 đến 60 (điểm tối đa của tiêu chí TC1)." in bad.content.decode()
    assert "Hãy nhập một số, ví dụ 12,5." in text.content.decode()
    assert "Hãy ghi lý do điều chỉnh điểm." in no_reason.content.decode()
    assert not CriterionScore.objects.filter(appraised_points__isnull=False).exists()


def test_appraisal_cancel_and_clear(client: Client, world: ScoredYear, cast: Cast) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])
    client.post(
        _appraisal_url(world, "TC2"), {"points": "0", "reason": "Chưa diễn tập"}, headers=HTMX
    )

    cancel = client.get(_appraisal_url(world, "TC2"), {"huy": "1"}, headers=HTMX)
    form = client.get(_appraisal_url(world, "TC2"), headers=HTMX)
    cleared = client.post(
        _appraisal_url(world, "TC2").replace("tham-dinh", "bo-tham-dinh"),
        {"bo-reason": "Đã có biên bản"},
        headers=HTMX,
    )

    assert "đã điều chỉnh" in cancel.content.decode()
    assert "Bỏ điều chỉnh" in form.content.decode()
    assert cleared["HX-Retarget"] == "#bang-diem"
    score = ReportScore.objects.get(report=world.reports[("BV_A", "q3")])
    assert score.appraised_total == D("80.00")


def test_appraisal_without_javascript_is_a_page(
    client: Client, world: ScoredYear, cast: Cast
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    form = client.get(_appraisal_url(world, "TC1"))
    saved = client.post(_appraisal_url(world, "TC1"), {"points": "50", "reason": "Xác minh"})

    assert form.status_code == 200
    assert "Quay lại bảng điểm" in form.content.decode()
    assert saved.status_code == 302
    assert saved["Location"].endswith("#bang-diem")


@pytest.mark.parametrize(("role", "status"), [(Role.UNIT_HEAD, 403), (Role.DEPT_LEADER, 403)])
def test_appraisal_needs_manage_reporting(
    client: Client, world: ScoredYear, cast: Cast, role: Role, status: int
) -> None:
    client.force_login(cast[role])

    assert client.get(_appraisal_url(world, "TC1"), headers=HTMX).status_code == status
    assert (
        client.post(_appraisal_url(world, "TC1"), {"points": "1", "reason": "x"}).status_code
        == status
    )


def test_appraisal_outside_a_local_managers_scope_is_404(
    client: Client, world: ScoredYear, org: Org
) -> None:
    manager = UserFactory(username="quan_ly_a")
    grant(manager, Role.DEPT_OFFICER, org.a)
    client.force_login(manager)

    assert client.get(_appraisal_url(world, "TC1", unit="BV_B"), headers=HTMX).status_code == 404


# --- Rankings and the heat map -----------------------------------------------------------------


def _ranking_url(world: ScoredYear) -> str:
    return f"/bao-cao/diem/{world.plan.movement.pk}/xep-hang/"


def _ranks(response: Any) -> list[tuple[int, str, Decimal]]:
    return [
        (row.rank, row.standing.unit.code, row.standing.total)
        for row in response.context["ranking"].rows
    ]


def test_unit_user_sees_their_cluster_only(client: Client, world: ScoredYear, cast: Cast) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    default = client.get(_ranking_url(world))
    other = client.get(_ranking_url(world), {"cum": world.k2.pk})
    overall_export = client.get(_ranking_url(world) + "excel/", {"cum": world.k2.pk})

    assert default.context["cluster"] == world.k1
    assert _ranks(default) == [(1, "BV_A", D("82.50")), (2, "BV_B", D("50.00"))]
    assert [row.opens for row in default.context["ranking"].rows] == [True, False]
    content = default.content.decode()
    assert "Xếp hạng chung</a>" not in content
    assert "Bản đồ nhiệt" not in content
    assert (other.status_code, overall_export.status_code) == (404, 404)


def test_unit_user_without_a_cluster_cannot_see_rankings(
    client: Client, world: ScoredYear, org: Org
) -> None:
    officer = UserFactory(username="van_thu_c2")
    unit = add_unit(org, world.plan, "BV_D", "Bệnh viện D", world.k2)
    grant(officer, Role.UNIT_OFFICER, unit)
    world.k2.members.filter(unit=unit).delete()
    client.force_login(officer)

    assert client.get(_ranking_url(world)).status_code == 403


def test_overall_ranking_of_a_period_for_the_department(
    client: Client, world: ScoredYear, cast: Cast
) -> None:
    client.force_login(cast[Role.DEPT_LEADER])

    response = client.get(_ranking_url(world), {"ky": f"p:{world.plan.previous.pk}"})

    assert response.context["cluster"] is None
    assert _ranks(response) == [
        (1, "BV_A", D("85.00")),
        (2, "BV_B", D("80.00")),
        (3, "BV_C", D("20.00")),
    ]
    assert response.context["can_recompute"] is False


def test_ranking_export_opens(client: Client, world: ScoredYear, cast: Cast) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(_ranking_url(world) + "excel/", {"cum": world.k1.pk})

    rows = _sheet(response)
    assert rows[0][:9] == (
        "Hạng trong cụm",
        "Hạng chung",
        "Mã đơn vị",
        "Tên đơn vị",
        "Cụm, khối",
        "Tổng điểm",
        "Tự chấm",
        "Điểm trừ",
        "Xếp loại",
    )
    assert [row[:4] + row[5:6] for row in rows[1:]] == [
        (1, 1, "BV_A", "Bệnh viện A", 82.5),
        (2, 3, "BV_B", "Bệnh viện B", 50),
    ]


def test_heat_map_colours_areas_by_share_of_their_maximum(
    client: Client, world: ScoredYear, cast: Cast
) -> None:
    client.force_login(cast[Role.INSPECTOR])

    response = client.get(f"/bao-cao/diem/{world.plan.movement.pk}/ban-do-nhiet/")

    heat = response.context["heat"]
    assert [area.code for area, _ in heat.areas] == ["ND1", "ND2"]
    assert [
        (row.standing.unit.code, [(c.points, c.share, c.level) for c in row.cells])
        for row in heat.rows
    ] == [
        ("BV_A", [(D("45.00"), 75, 2), (D("40.00"), 100, 4)]),
        ("BV_B", [(D("30.00"), 50, 1), (D("20.00"), 50, 1)]),
        ("BV_C", [(D("35.00"), 58, 1), (D("20.00"), 50, 1)]),
    ]
    content = response.content.decode()
    assert 'class="num td-heat td-heat-4"' in content
    assert "Tỉ lệ so với điểm tối đa của nội dung" in content


def test_heat_map_export_opens(client: Client, world: ScoredYear, cast: Cast) -> None:
    client.force_login(cast[Role.DEPT_LEADER])

    response = client.get(f"/bao-cao/diem/{world.plan.movement.pk}/ban-do-nhiet/excel/")

    rows = _sheet(response)
    assert rows[0] == (
        "Mã đơn vị",
        "Tên đơn vị",
        "Tổng điểm",
        "ND1 (tối đa 60)",
        "ND1 (%)",
        "ND2 (tối đa 40)",
        "ND2 (%)",
    )
    assert rows[1] == ("BV_A", "Bệnh viện A", 82.5, 45, 75, 40, 100)


@pytest.mark.parametrize("path", ["ban-do-nhiet/", "ban-do-nhiet/excel/", "xep-hang/excel/"])
def test_overall_views_need_every_unit_in_scope(
    client: Client, world: ScoredYear, cast: Cast, path: str
) -> None:
    client.force_login(cast[Role.UNIT_HEAD])

    response = client.get(f"/bao-cao/diem/{world.plan.movement.pk}/{path}")

    assert response.status_code == (403 if "ban-do" in path else 200)


def test_scores_home_sends_each_user_to_their_page(
    client: Client, world: ScoredYear, org: Org, cast: Cast
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])
    department = client.get("/bao-cao/diem/")
    client.force_login(cast[Role.UNIT_OFFICER])
    unit = client.get("/bao-cao/diem/")
    client.force_login(cast[Role.STAFF])
    staff = client.get("/bao-cao/diem/")

    assert department["Location"] == _ranking_url(world)
    assert unit["Location"] == _scorecard_url(world, org.a.pk)
    assert staff.status_code == 403


# --- Rows built in Python (templatetags/score_tables.py) ------------------------------------------


def test_rows_built_in_python_escape_names_and_reasons(
    client: Client, world: ScoredYear, org: Org, cast: Cast
) -> None:
    org.b.name = 'Bệnh viện <b>B</b> & "Bắc"'
    org.b.save(update_fields=["name"])
    client.force_login(cast[Role.DEPT_OFFICER])
    client.post(
        _appraisal_url(world, "TC1", unit="BV_B"),
        {"points": "10", "reason": "Thiếu <i>minh chứng</i> & biên bản"},
        headers=HTMX,
    )
    pages = {
        "scorecard": client.get(_scorecard_url(world, org.b.pk)),
        "cluster": client.get(_ranking_url(world), {"cum": world.k1.pk}),
        "overall": client.get(_ranking_url(world)),
        "heat": client.get(f"/bao-cao/diem/{world.plan.movement.pk}/ban-do-nhiet/"),
    }

    escaped = "Bệnh viện &lt;b&gt;B&lt;/b&gt; &amp; &quot;Bắc&quot;"
    contents = {name: page.content.decode() for name, page in pages.items()}
    assert {name: (escaped in text, "<b>B</b>" in text) for name, text in contents.items()} == {
        "scorecard": (True, False),
        "cluster": (True, False),
        "overall": (True, False),
        "heat": (True, False),
    }
    assert "Thiếu &lt;i&gt;minh chứng&lt;/i&gt; &amp; biên bản" in contents["scorecard"]
    assert "<i>minh chứng</i>" not in contents["scorecard"]
    assert f'<desc id="xu-huong-mo-ta">{escaped}: Quý II/2026' in contents["scorecard"]


# --- Recomputation -----------------------------------------------------------------------------


def test_recompute_button_queues_a_job_and_the_page_polls_it(
    client: Client, world: ScoredYear, cast: Cast
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(f"/bao-cao/diem/{world.plan.movement.pk}/tinh-lai/", {"year": "2026"})
    job = RecomputeJob.objects.get()
    page = client.get(response["Location"])
    progress = client.get(f"/bao-cao/diem/tinh-lai/{job.pk}/tien-do/", headers=HTMX)

    assert response["Location"] == f"/bao-cao/diem/tinh-lai/{job.pk}/"
    assert (job.status, job.year, job.created_by) == (
        JobStatus.PENDING,
        2026,
        cast[Role.DEPT_OFFICER],
    )
    assert 'hx-trigger="every 1s"' in page.content.decode()
    assert "Đang chờ tiến trình nền nhận việc" in progress.content.decode()


def test_recompute_link_leads_to_the_form(client: Client, world: ScoredYear, cast: Cast) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(f"/bao-cao/diem/{world.plan.movement.pk}/tinh-lai/")

    assert response["Location"] == _ranking_url(world) + "#tinh-lai"
    assert 'id="tinh-lai"' in client.get(_ranking_url(world)).content.decode()


@pytest.mark.parametrize("role", [Role.DEPT_LEADER, Role.UNIT_OFFICER])
def test_recompute_needs_manage_reporting(
    client: Client, world: ScoredYear, cast: Cast, role: Role
) -> None:
    job = RecomputeJob.objects.create(movement=world.plan.movement, year=2026)
    client.force_login(cast[role])

    assert (
        client.post(
            f"/bao-cao/diem/{world.plan.movement.pk}/tinh-lai/", {"year": "2026"}
        ).status_code
        == 403
    )
    assert client.get(f"/bao-cao/diem/tinh-lai/{job.pk}/").status_code == 403


# --- Query counts ----------------------------------------------------------------------------


def _grow(world: ScoredYear, org: Org) -> None:
    """More units in both clusters, a third period with reports: the pages must not notice."""
    plan = world.plan
    q1 = make_period(
        plan.movement,
        PeriodKind.QUARTER,
        2026,
        1,
        plan.previous.start_date.replace(month=1),
        plan.previous.start_date.replace(month=3, day=31),
    )
    for number in range(4):
        unit = add_unit(
            org, plan, f"BV_X{number}", f"Bệnh viện X{number}", world.k1 if number % 2 else world.k2
        )
        for period, values in ((q1, FULL), (plan.previous, GOOD), (plan.current, WEAK)):
            approved(plan, unit, period, values)
    approved(plan, org.a, q1, GOOD)
    recompute_year(movement=plan.movement, year=2026)


def _count(client: Client, url: str, params: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("role", "page", "expected", "plan_read"),
    # The scorecard and the rankings read the documents issued from them (one query each).
    # `plan_read`: the first request of the process reads the movement's plan (criteria,
    # indicators, scoring versions: `structure_of`), kept for the next requests.
    [
        (Role.DEPT_OFFICER, "scorecard", 15, 3),
        (Role.UNIT_OFFICER, "scorecard", 15, 3),
        (Role.DEPT_OFFICER, "ranking", 12, 3),
        (Role.UNIT_OFFICER, "cluster", 13, 3),
        (Role.DEPT_LEADER, "heat", 10, 0),
    ],
)
def test_page_queries_are_pinned_and_do_not_grow(
    client: Client,
    world: ScoredYear,
    org: Org,
    cast: Cast,
    role: Role,
    page: str,
    expected: int,
    plan_read: int,
) -> None:
    client.force_login(cast[role])
    url = {
        "scorecard": _scorecard_url(world, org.a.pk),
        "ranking": _ranking_url(world),
        "cluster": _ranking_url(world),
        "heat": f"/bao-cao/diem/{world.plan.movement.pk}/ban-do-nhiet/",
    }[page]
    first = _count(client, url)
    before = _count(client, url)

    _grow(world, org)

    assert (first, before, _count(client, url)) == (expected + plan_read, expected, expected)


def test_a_movements_scores_open_to_exactly_the_users_of_score_movements(
    world: ScoredYear, cast: Cast, org: Org
) -> None:
    """`score_movement` (one movement by id, judged on its row) agrees with the scoped list
    `score_movements` for every role, and for a unit's officer whose grant sits below it."""
    other = make_movement(org.a)  # a hospital's own movement: the Sở above, hospital B aside
    in_b = UserFactory()
    grant(in_b, Role.UNIT_OFFICER, org.b)
    users = [*cast.users.values(), cast.nobody, UserFactory(), in_b]
    seen: set[bool] = set()
    for user in users:
        for movement in (world.plan.movement, other):
            listed = score_movements(user).filter(pk=movement.pk).exists()
            assert (score_movement(user, movement.pk) is not None) == listed, (user, movement)
            seen.add(listed)
    assert seen == {True, False}
    assert score_movement(in_b, other.pk) is None
    assert score_movement(cast[Role.DEPT_OFFICER], 0) is None


def test_a_scorecard_opens_for_exactly_the_participants_the_scoped_list_gives(
    world: ScoredYear, cast: Cast, org: Org
) -> None:
    """`scorecard_unit` (one unit by id, judged on its row) agrees with the scoped list of
    participants for every role and unit: a movement over the whole Sở, and one whose scope
    is hospital A alone (with its khoa) and B without its khoa; an inactive unit never opens."""
    scoped = make_movement(org.root)
    MovementScope.objects.create(movement=scoped, unit=org.a, include_subtree=True)
    MovementScope.objects.create(movement=scoped, unit=org.b, include_subtree=False)
    org.a2.is_active = False
    org.a2.save(update_fields=["is_active"])
    units = [org.root, org.a, org.a1, org.a2, org.b, org.b1, org.office]
    users = [*cast.users.values(), cast.nobody, UserFactory()]
    seen: set[bool] = set()
    for movement in (world.plan.movement, scoped):
        for user in users:
            listed = set(
                participant_units(movement, include_sub_units=True)
                .filter(scope_q(user, Perm.VIEW_REPORT, "path"))
                .values_list("pk", flat=True)
            )
            for unit in units:
                opened = scorecard_unit(user, movement, unit.pk)
                assert (opened is not None) == (unit.pk in listed), (movement, user, unit)
                seen.add(opened is not None)
    assert seen == {True, False}
    assert scorecard_unit(cast[Role.DEPT_OFFICER], scoped, org.b1.pk) is None  # B without khoa
    assert scorecard_unit(cast[Role.DEPT_OFFICER], scoped, 0) is None


def test_who_sees_every_unit_ranks_the_clusters_with_a_member_under_the_organiser(
    world: ScoredYear, cast: Cast, org: Org
) -> None:
    """The clusters of a year for the overall reader (a query compiled once): those with a
    member under the movement's organising unit (itself included) — all for the Sở's
    movement, hospital A's for a movement organised by A — and none of another year."""
    officer = cast[Role.DEPT_OFFICER]
    assert [c.code for c in clusters_visible(officer, world.plan.movement, 2026)] == ["K1", "K2"]
    assert clusters_visible(officer, world.plan.movement, 2027) == []
    own = make_movement(org.a)
    assert [c.code for c in clusters_visible(officer, own, 2026)] == ["K1"]  # A is in K1
    ClusterMember.objects.create(cluster=world.k2, unit=org.a1, year=2026)
    assert [c.code for c in clusters_visible(officer, own, 2026)] == ["K1", "K2"]
    ClusterMember.objects.filter(unit=org.a1).delete()
    # Hospital A's officer (not every unit) ranks the clusters with a member in A's scope.
    unit_officer = cast[Role.UNIT_OFFICER]
    assert [c.code for c in clusters_visible(unit_officer, world.plan.movement, 2026)] == ["K1"]


@pytest.mark.parametrize(
    "path",
    [
        "/bao-cao/{huge}/nhap/",
        "/bao-cao/diem/{movement}/don-vi/{huge}/",
        "/bao-cao/diem/{huge}/xep-hang/",
        "/bao-cao/diem/{huge}/don-vi/{unit}/",
    ],
)
def test_an_id_too_large_for_the_database_is_not_found(
    client: Client, world: ScoredYear, org: Org, cast: Cast, path: str
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])
    url = path.format(huge=10**20, movement=world.plan.movement.pk, unit=org.a.pk)
    assert client.get(url).status_code == 404
