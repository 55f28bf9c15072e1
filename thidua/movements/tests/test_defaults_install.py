"""Installing the default movement: the service, the command, the button on the movement list."""

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements import defaults
from thidua.movements.models import (
    ContentArea,
    Criterion,
    Indicator,
    Movement,
    Period,
    Phase,
    RegistrationRound,
    ScoringRule,
    ScoringVersion,
    TitleBand,
    YearlyTarget,
)
from thidua.movements.services.defaults import install_default_movement

D = Decimal


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def _row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Movement,
            Phase,
            Period,
            ContentArea,
            Criterion,
            Indicator,
            YearlyTarget,
            ScoringVersion,
            ScoringRule,
            TitleBand,
            RegistrationRound,
            AuditEntry,
        )
    }


def test_install_creates_the_launched_thematic_movement_of_the_owner(org: Org) -> None:
    result = install_default_movement(owner=org.root)

    movement = result.movement
    assert result.created is True
    assert (movement.code, movement.name, movement.kind, movement.status) == (
        "CDS_2025_2030",
        "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số",
        "thematic",
        "launched",
    )
    assert (movement.owner, movement.start_date, movement.end_date) == (
        org.root,
        dt.date(2025, 7, 18),
        dt.date(2030, 12, 31),
    )
    assert "190/KH-UBND ngày 18/7/2025" in movement.legal_basis


def test_install_writes_phases_with_their_reviews(org: Org) -> None:
    movement = install_default_movement(owner=org.root).movement

    phases = list(
        movement.phases.order_by("number").values_list(
            "number", "start_date", "end_date", "review_kind", "review_date"
        )
    )

    assert phases == [
        (1, dt.date(2025, 7, 18), dt.date(2027, 6, 30), "preliminary", dt.date(2027, 7, 15)),
        (2, dt.date(2027, 7, 1), dt.date(2030, 12, 31), "final", dt.date(2030, 12, 15)),
    ]


def test_install_writes_quarter_half_year_and_year_periods(org: Org) -> None:
    movement = install_default_movement(owner=org.root).movement

    counts = dict(movement.periods.values_list("kind").annotate(n=Count("pk")).order_by())
    first = movement.periods.order_by("start_date", "end_date").first()

    assert counts == {"quarter": 22, "half_year": 11, "year": 6}
    assert first is not None
    assert (first.name, first.start_date, first.end_date) == (
        "Quý III/2025",
        dt.date(2025, 7, 18),
        dt.date(2025, 9, 30),
    )
    assert (first.opens_on, first.due_on, first.locks_on) == (
        dt.date(2025, 9, 20),
        dt.date(2025, 10, 10),
        dt.date(2025, 10, 30),
    )


def test_install_writes_five_content_areas_and_four_solution_groups_with_keywords(
    org: Org,
) -> None:
    movement = install_default_movement(owner=org.root).movement

    areas = list(movement.areas.order_by("kind", "order").values_list("code", "kind"))
    society = movement.areas.get(code="ND3")

    assert areas == [
        ("ND1", "content"),
        ("ND2", "content"),
        ("ND3", "content"),
        ("ND4", "content"),
        ("ND5", "content"),
        ("GP1", "solution"),
        ("GP2", "solution"),
        ("GP3", "solution"),
        ("GP4", "solution"),
    ]
    assert society.keywords.startswith("binh dan hoc vu so ky nang")
    assert society.keywords == society.keywords.lower()


def test_install_writes_a_100_point_criteria_tree(org: Org) -> None:
    movement = install_default_movement(owner=org.root).movement

    top = movement.criteria.filter(parent__isnull=True).aggregate(total=Sum("max_points"))
    nd1 = movement.criteria.get(code="TC1")

    assert top["total"] == D(100)
    assert movement.criteria.count() == len(defaults.CRITERIA)
    assert sorted(nd1.children.values_list("code", flat=True)) == [
        "TC1_1",
        "TC1_2",
        "TC1_3",
        "TC1_4",
        "TC1_5",
    ]
    assert sum(nd1.children.values_list("max_points", flat=True)) == nd1.max_points


def test_install_writes_indicators_with_formulas_and_yearly_targets(org: Org) -> None:
    movement = install_default_movement(owner=org.root).movement

    cashless = movement.indicators.get(code="TL_KHONG_TIEN_MAT")
    skills = movement.indicators.get(code="TL_CB_BDHVS")

    assert movement.indicators.count() == len(defaults.INDICATORS)
    assert cashless.formula == "SO_GD_KHONG_TIEN_MAT / TONG_GD * 100"
    assert cashless.is_computed is True
    assert cashless.criterion.code == "TC1_3"
    assert list(skills.yearly.order_by("year").values_list("year", "value")) == [
        (2025, D(80)),
        (2026, D(100)),
        (2027, D(100)),
        (2028, D(100)),
        (2029, D(100)),
        (2030, D(100)),
    ]


def test_install_writes_the_2026_scoring_table_with_rules_and_title_bands(org: Org) -> None:
    movement = install_default_movement(owner=org.root).movement

    table = movement.tables.get()
    version = table.versions.get()
    rules = dict(version.rules.values_list("indicator__code", "method"))
    scored = [i.code for i in defaults.INDICATORS if i.rule is not None]

    assert (table.name, table.total_points) == ("Bảng chấm điểm chuyển đổi số 2026", D(100))
    assert (version.number, version.effective_from, version.is_frozen) == (
        1,
        dt.date(2026, 1, 1),
        False,
    )
    assert sorted(rules) == sorted(scored)
    assert (rules["SO_KHEN_CAP_TREN"], rules["SO_SU_CO_DO_DON_VI"]) == ("bonus", "penalty")
    assert version.rules.get(indicator__code="TL_BENH_AN_DIEN_TU").params["bands"][-1] == {
        "from": "95",
        "to": None,
        "points": "8",
    }
    assert list(version.bands.order_by("-min_total").values_list("min_total", "label")) == [
        (D(90), "Xuất sắc"),
        (D(80), "Tốt"),
        (D(65), "Khá"),
        (D(50), "Trung bình"),
        (D(0), "Chưa đạt"),
    ]


def test_install_writes_the_2026_registration_round(org: Org) -> None:
    movement = install_default_movement(owner=org.root).movement

    assert list(movement.rounds.values_list("year", "opens_on", "deadline")) == [
        (2026, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    ]


def test_install_for_another_year_names_the_table_and_round_for_it(org: Org) -> None:
    movement = install_default_movement(owner=org.root, year=2027).movement

    assert movement.tables.get().name == "Bảng chấm điểm chuyển đổi số 2027"
    assert movement.tables.get().versions.get().effective_from == dt.date(2027, 1, 1)
    assert list(movement.rounds.values_list("year", "deadline")) == [(2027, dt.date(2027, 3, 31))]


def test_install_is_audited_with_one_entry_with_the_counts(org: Org, cast: Cast) -> None:
    officer = cast[Role.DEPT_OFFICER]

    movement = install_default_movement(owner=org.root, by=officer).movement

    entries = list(AuditEntry.objects.filter(target_type="movements.movement"))
    assert [(e.actor, e.action, e.target_id, e.unit_path) for e in entries] == [
        (officer, AuditAction.CREATE, str(movement.pk), org.root.path)
    ]
    assert entries[0].changes == {
        "phases": [0, 2],
        "periods": [0, 39],
        "areas": [0, 9],
        "criteria": [0, 18],
        "indicators": [0, 22],
        "yearly_targets": [0, 102],
        "scoring_tables": [0, 1],
        "scoring_rules": [0, 18],
        "title_bands": [0, 5],
        "registration_rounds": [0, 1],
    }
    assert AuditEntry.objects.filter(target_type__startswith="movements.").count() == 1


def test_install_twice_changes_nothing_the_second_time(org: Org) -> None:
    first = install_default_movement(owner=org.root)
    before = _row_counts()

    second = install_default_movement(owner=org.root)

    assert (second.created, second.movement) == (False, first.movement)
    assert _row_counts() == before


def test_install_refuses_a_caller_without_planning_rights_at_the_owner(
    org: Org, cast: Cast
) -> None:
    with pytest.raises(PermissionDeniedError):
        install_default_movement(owner=org.root, by=cast[Role.UNIT_OFFICER])

    assert Movement.objects.count() == 0


def test_install_refuses_a_year_outside_the_movement(org: Org) -> None:
    with pytest.raises(DomainError, match=r"^Năm của bảng chấm điểm và đợt đăng ký phải trong"):
        install_default_movement(owner=org.root, year=2031)

    assert Movement.objects.count() == 0


# --- The management command -----------------------------------------------------------------------


def test_command_creates_the_movement_at_the_root_then_changes_nothing(org: Org) -> None:
    first, second = StringIO(), StringIO()

    call_command("create_default_movement", stdout=first)
    call_command("create_default_movement", stdout=second)

    assert Movement.objects.get().owner == org.root
    assert first.getvalue() == (
        "Đã tạo phong trào “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số” (CDS_2025_2030) "
        "do Sở Y tế Hà Nội tổ chức.\n"
    )
    assert second.getvalue() == (
        "Phong trào mặc định (CDS_2025_2030) đã có sẵn: không thay đổi gì.\n"
    )


def test_command_with_an_owner_code(org: Org) -> None:
    call_command("create_default_movement", "--owner", "bv_a", stdout=StringIO())

    assert Movement.objects.get().owner == org.a


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--owner", "KHONG_CO"], "Không có đơn vị mã “KHONG_CO”."),
        (["--year", "2024"], "Năm của bảng chấm điểm và đợt đăng ký phải trong khoảng 2025–2030."),
    ],
)
def test_command_refusals(org: Org, arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError) as error:
        call_command("create_default_movement", *arguments, stdout=StringIO())

    assert str(error.value) == message


def test_command_without_units_asks_for_them(db: None) -> None:
    with pytest.raises(CommandError) as error:
        call_command("create_default_movement", stdout=StringIO())

    assert str(error.value) == (
        "Chưa có đơn vị nào: hãy nhập danh sách đơn vị (trang “Nhập Excel”) trước."
    )


# --- The button on the movement list -------------------------------------------------------------


def test_movement_list_offers_the_default_movement_to_a_dept_officer_without_any(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get("/phong-trao/")

    assert response.context["offer_default"] is True
    assert "Tạo phong trào mặc định (KH 190/KH-UBND)" in response.content.decode()


def test_movement_list_does_not_offer_it_to_readers_or_once_there_is_one(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.DEPT_LEADER])
    reader = client.get("/phong-trao/")
    install_default_movement(owner=org.root)
    client.force_login(cast[Role.DEPT_OFFICER])
    officer = client.get("/phong-trao/")

    assert reader.context["offer_default"] is False
    assert officer.context["offer_default"] is False
    assert "Tạo phong trào mặc định" not in officer.content.decode()


def test_install_button_creates_it_and_opens_its_overview(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post("/phong-trao/tao-mac-dinh/")

    movement = Movement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/phong-trao/{movement.pk}/"
    entry = AuditEntry.objects.get(target_type="movements.movement")
    assert (movement.owner, entry.actor) == (org.root, cast[Role.DEPT_OFFICER])


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.DEPT_LEADER, Role.STAFF])
def test_install_button_is_403_without_planning_rights(
    client: Client, cast: Cast, role: Role
) -> None:
    client.force_login(cast[role])

    response = client.post("/phong-trao/tao-mac-dinh/")

    assert response.status_code == 403
    assert Movement.objects.count() == 0
