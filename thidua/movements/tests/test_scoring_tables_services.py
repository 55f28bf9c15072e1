"""Services and selectors of scoring tables: tables, versions, rules, title bands, freezing."""

import datetime as dt
from decimal import Decimal

import pytest

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import Direction, ValueType
from thidua.movements.models import Movement, ScoringRule, ScoringTable, ScoringVersion, TitleBand
from thidua.movements.selectors.scoring import version_in_force, version_sheet
from thidua.movements.services.scoring import (
    FROZEN_MESSAGE,
    BandData,
    FrozenVersionError,
    RuleProblemsError,
    create_table,
    create_version,
    freeze_version,
    lock_version,
    remove_rule,
    set_rule,
    set_title_bands,
    update_table,
    update_version,
)
from thidua.movements.tests.factories import (
    bands_params,
    make_indicators,
    make_movement,
    make_rule,
    make_scoring_table,
)
from thidua.organizations.tests.factories import UserFactory, grant

D = Decimal
GOOD_BANDS = bands_params(("0", "50", "0"), ("50", "80", "5"), ("80", None, "10"))


@pytest.fixture
def movement(org: Org) -> Movement:
    return make_movement(org.root)


@pytest.fixture
def officer(cast: Cast):
    return cast[Role.DEPT_OFFICER]


@pytest.fixture
def version(movement: Movement) -> ScoringVersion:
    return make_scoring_table(movement)[1]


@pytest.fixture
def indicator(movement: Movement):
    return make_indicators(movement, 1)[0]


def _entries(action: str, target_type: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, target_type=target_type).order_by("pk"))


def _rule_state(version: ScoringVersion) -> list[tuple[str, str, str, dict]]:
    return [
        (rule.indicator.code, rule.method, str(rule.max_points), rule.params)
        for rule in ScoringRule.objects.filter(version=version)
        .select_related("indicator")
        .order_by("indicator__code")
    ]


def _band_state(version: ScoringVersion) -> list[tuple[str, str]]:
    return [
        (str(band.min_total), band.label)
        for band in TitleBand.objects.filter(version=version).order_by("-min_total")
    ]


# --- Tables ----------------------------------------------------------------------------------


def test_create_table_makes_version_one_from_the_movement_start(movement, officer, org):
    table = create_table(by=officer, movement=movement, name="  Bảng   chấm điểm 2026 ")

    assert (table.name, table.total_points) == ("Bảng chấm điểm 2026", D(100))
    assert [
        (v.number, v.effective_from, v.frozen_at, v.created_by) for v in table.versions.all()
    ] == [(1, dt.date(2025, 7, 18), None, officer)]
    [entry] = _entries(AuditAction.CREATE, "movements.scoringtable")
    assert (entry.actor, entry.target_id, entry.unit_path) == (
        officer,
        str(table.pk),
        org.root.path,
    )
    assert entry.changes == {
        "name": [None, "Bảng chấm điểm 2026"],
        "total_points": [None, "100"],
        "version_1_effective_from": [None, "2025-07-18"],
    }


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": " "}, "name", "Tên bảng điểm không được để trống."),
        ({"total_points": D(0)}, "total_points", "Tổng điểm phải lớn hơn 0."),
        (
            {"total_points": D("100.005")},
            "total_points",
            "Tổng điểm chỉ được có tối đa 2 chữ số thập phân.",
        ),
        ({"total_points": D(1001)}, "total_points", "Tổng điểm không được vượt quá 1.000."),
        ({"total_points": D("1e30")}, "total_points", "Tổng điểm không được vượt quá 1.000."),
        (
            {"effective_from": dt.date(2031, 1, 1)},
            "effective_from",
            "Ngày áp dụng phải trong thời gian của phong trào (18/07/2025 – 31/12/2030).",
        ),
    ],
)
def test_create_table_refuses_bad_input(movement, officer, fields, field, message):
    arguments = {"name": "Bảng điểm", **fields}

    with pytest.raises(DomainError) as caught:
        create_table(by=officer, movement=movement, **arguments)

    assert (caught.value.field, caught.value.message) == (field, message)
    assert ScoringTable.objects.count() == 0


def test_create_table_refuses_a_name_the_movement_has(movement, officer):
    make_scoring_table(movement, name="Bảng điểm 2026")

    with pytest.raises(DomainError) as caught:
        create_table(by=officer, movement=movement, name="bảng điểm 2026")

    assert caught.value.message == "Phong trào đã có bảng điểm “bảng điểm 2026”."


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.DEPT_LEADER, Role.STAFF])
def test_create_table_refuses_a_user_without_manage_movement(movement, cast, role):
    with pytest.raises(PermissionDeniedError):
        create_table(by=cast[role], movement=movement, name="Bảng điểm")

    assert ScoringTable.objects.count() == 0


def test_create_table_refuses_a_manager_of_a_unit_below_the_owner(movement, org):
    # A department officer role held on Bệnh viện A manages movements of Bệnh viện A, not the
    # Sở's movement (which it may read).
    officer_of_a = UserFactory(username="officer_a")
    grant(officer_of_a, Role.DEPT_OFFICER, org.a)

    with pytest.raises(PermissionDeniedError):
        create_table(by=officer_of_a, movement=movement, name="Bảng điểm")


def test_update_table_renames_and_audits(movement, officer):
    table, _ = make_scoring_table(movement)

    update_table(table, by=officer, name="Bảng mới", total_points=D(100), reason="Đặt lại tên")

    table.refresh_from_db()
    assert table.name == "Bảng mới"
    [entry] = _entries(AuditAction.UPDATE, "movements.scoringtable")
    assert (entry.changes, entry.reason) == (
        {"name": ["Bảng chấm điểm thử nghiệm", "Bảng mới"]},
        "Đặt lại tên",
    )


def test_update_table_refuses_a_new_total_once_a_version_is_frozen(movement, officer, version):
    freeze_version(version, reason="Đã chấm báo cáo")

    with pytest.raises(DomainError) as caught:
        update_table(version.table, by=officer, name=version.table.name, total_points=D(120))

    assert caught.value.field == "total_points"
    assert caught.value.message == (
        "Bảng điểm đã có phiên bản dùng để chấm báo cáo nên không đổi được tổng điểm; "
        "hãy tạo bảng điểm mới."
    )


def test_update_table_refuses_a_total_below_a_rule_maximum(movement, officer, version, indicator):
    make_rule(version, indicator, max_points="30")

    with pytest.raises(DomainError) as caught:
        update_table(version.table, by=officer, name=version.table.name, total_points=D(20))

    assert caught.value.message == "Chỉ tiêu CT_01 có điểm tối đa 30, lớn hơn tổng điểm mới."
    version.table.refresh_from_db()
    assert version.table.total_points == D(100)


# --- Rules -----------------------------------------------------------------------------------


def test_set_rule_saves_normalised_params_and_audits(movement, officer, version, indicator, org):
    params = {
        "bands": [
            {"from": 0, "to": "50.0", "points": "0"},
            {"from": "50", "to": None, "points": 10.0, "x": 1},
        ]
    }

    rule = set_rule(
        version, by=officer, indicator=indicator, method="bands", max_points=D("10"), params=params
    )

    assert _rule_state(version) == [
        (
            "CT_01",
            "bands",
            "10.00",
            {
                "bands": [
                    {"from": "0", "to": "50", "points": "0"},
                    {"from": "50", "to": None, "points": "10"},
                ]
            },
        )
    ]
    [entry] = _entries(AuditAction.CREATE, "movements.scoringrule")
    assert (entry.target_id, entry.unit_path) == (str(rule.pk), org.root.path)
    assert entry.changes["method"] == [None, "bands"]
    assert entry.changes["max_points"] == [None, "10"]


def test_set_rule_keeps_open_ends_of_bands(officer, version, indicator):
    params = bands_params((None, "50", "0"), ("50", "", "10"))

    set_rule(
        version, by=officer, indicator=indicator, method="bands", max_points=D(10), params=params
    )

    assert _rule_state(version)[0][3] == bands_params((None, "50", "0"), ("50", None, "10"))


def test_set_rule_replaces_a_rule_and_audits_only_the_change(movement, officer, version, indicator):
    set_rule(version, by=officer, indicator=indicator, method="linear", max_points=D(10), params={})

    set_rule(
        version,
        by=officer,
        indicator=indicator,
        method="linear",
        max_points=D(15),
        params={"cap_ratio": "1.2"},
        reason="Tăng trọng số",
    )

    assert _rule_state(version) == [("CT_01", "linear", "15.00", {"cap_ratio": "1.2"})]
    [entry] = _entries(AuditAction.UPDATE, "movements.scoringrule")
    assert entry.changes == {
        "max_points": ["10", "15"],
        "params": [{"cap_ratio": "1"}, {"cap_ratio": "1.2"}],
    }
    assert entry.reason == "Tăng trọng số"


@pytest.mark.parametrize(
    ("params", "problems"),
    [
        (
            bands_params(("0", "60", "0"), ("50", "80", "5"), ("80", None, "10")),
            ["Khoảng 2 (50 – 80) chồng lên khoảng 1 (0 – 60)."],
        ),
        (
            bands_params(("0", "50", "0"), ("60", "80", "5"), ("80", None, "10")),
            ["Có khoảng trống giữa 50 và 60."],
        ),
        (
            bands_params(("0", "50", "5"), ("50", "80", "4"), ("80", None, "10")),
            [
                "Điểm phải tăng dần theo giá trị khi chỉ tiêu càng cao càng tốt "
                "(khoảng 2 cho 4 điểm, ít hơn khoảng 1 cho 5 điểm)."
            ],
        ),
        (
            bands_params(("0", "50", "0"), ("50", "80", "5"), ("80", None, "12")),
            ["Điểm của một khoảng (12) vượt điểm tối đa (10)."],
        ),
        (
            bands_params(("0", "50", "0"), ("50", None, "abc")),
            ["Giá trị “abc” ở khoảng 2 không phải là số."],
        ),
    ],
    ids=["overlap", "gap", "not-monotone", "above-max", "not-a-number"],
)
def test_set_rule_refuses_bad_bands_and_saves_nothing(
    movement, officer, version, indicator, params, problems
):
    with pytest.raises(RuleProblemsError) as caught:
        set_rule(
            version,
            by=officer,
            indicator=indicator,
            method="bands",
            max_points=D(10),
            params=params,
        )

    assert (caught.value.field, caught.value.problems) == ("params", problems)
    assert _rule_state(version) == []
    assert AuditEntry.objects.filter(target_type__startswith="movements.").count() == 0


def test_set_rule_bands_of_a_lower_is_better_indicator_must_fall(movement, officer, version):
    [incidents] = make_indicators(
        movement, 1, prefix="SU_CO", value_type=ValueType.COUNT, direction=Direction.LOWER_IS_BETTER
    )
    rising = bands_params(("0", "1", "0"), ("1", None, "10"))
    falling = bands_params(("0", "1", "10"), ("1", "3", "5"), ("3", None, "0"))

    with pytest.raises(RuleProblemsError) as caught:
        set_rule(
            version,
            by=officer,
            indicator=incidents,
            method="bands",
            max_points=D(10),
            params=rising,
        )
    set_rule(
        version, by=officer, indicator=incidents, method="bands", max_points=D(10), params=falling
    )

    assert caught.value.problems == [
        "Điểm phải giảm dần theo giá trị khi chỉ tiêu càng thấp càng tốt "
        "(khoảng 2 cho 10 điểm, nhiều hơn khoảng 1 cho 0 điểm)."
    ]
    assert _rule_state(version)[0][3] == falling


@pytest.mark.parametrize(
    ("value_type", "method", "max_points", "params", "field", "message"),
    [
        (
            ValueType.PERCENTAGE,
            "linear",
            D(101),
            {},
            "max_points",
            "Điểm tối đa (101) vượt tổng điểm của bảng (100).",
        ),
        (ValueType.PERCENTAGE, "linear", D(0), {}, "max_points", "Điểm tối đa phải lớn hơn 0."),
        (
            ValueType.PERCENTAGE,
            "linear",
            D("2.555"),
            {},
            "max_points",
            "Điểm tối đa chỉ được có tối đa 2 chữ số thập phân.",
        ),
        (
            ValueType.PERCENTAGE,
            "linear",
            D(10),
            {"cap_ratio": "0"},
            "params",
            "Hệ số trần phải lớn hơn 0.",
        ),
        (ValueType.COUNT, "bonus", D(10), {}, "params", "Chưa có số điểm thưởng cho mỗi đơn vị."),
        (ValueType.COUNT, "median", D(10), {}, "method", "Cách tính điểm không hợp lệ."),
        (
            ValueType.PERCENTAGE,
            "yes_no",
            D(10),
            {},
            "method",
            "Chỉ tiêu kiểu “Tỉ lệ %” không chấm được theo cách “Có/Không”; chỉ dùng: "
            "theo khoảng (ngưỡng → điểm), tuyến tính tới chỉ tiêu, có trần.",
        ),
        (
            ValueType.TEXT,
            "bands",
            D(10),
            GOOD_BANDS,
            "method",
            "Chỉ tiêu kiểu “Văn bản, kèm minh chứng” không chấm được theo cách “Theo khoảng "
            "(ngưỡng → điểm)”; chỉ dùng: có/không.",
        ),
    ],
)
def test_set_rule_refuses_bad_rules(
    movement, officer, version, value_type, method, max_points, params, field, message
):
    [indicator] = make_indicators(movement, 1, value_type=value_type)

    with pytest.raises(DomainError) as caught:
        set_rule(
            version,
            by=officer,
            indicator=indicator,
            method=method,
            max_points=max_points,
            params=params,
        )

    assert (caught.value.field, caught.value.message) == (field, message)
    assert _rule_state(version) == []


def test_set_rule_refuses_an_indicator_of_another_movement(org, officer, version):
    [foreign] = make_indicators(make_movement(org.root), 1)

    with pytest.raises(DomainError) as caught:
        set_rule(
            version, by=officer, indicator=foreign, method="linear", max_points=D(5), params={}
        )

    assert caught.value.message == "Chỉ tiêu không thuộc phong trào của bảng điểm."


def test_set_rule_refuses_a_unit_officer(cast, version, indicator):
    with pytest.raises(PermissionDeniedError):
        set_rule(
            version,
            by=cast[Role.UNIT_OFFICER],
            indicator=indicator,
            method="linear",
            max_points=D(5),
            params={},
        )


def test_remove_rule_deletes_and_audits(officer, version, indicator):
    rule = make_rule(version, indicator)

    remove_rule(version, by=officer, indicator=indicator, reason="Không chấm nữa")

    assert _rule_state(version) == []
    [entry] = _entries(AuditAction.DELETE, "movements.scoringrule")
    assert (entry.target_id, entry.reason) == (str(rule.pk), "Không chấm nữa")
    assert entry.changes["method"] == ["bands", None]


# --- Frozen versions -------------------------------------------------------------------------


def test_freeze_version_freezes_once_and_audits_once(version):
    freeze_version(version, reason="Báo cáo quý I/2026 đã chấm")
    first = ScoringVersion.objects.get(pk=version.pk).frozen_at

    freeze_version(version, reason="Báo cáo khác")

    assert ScoringVersion.objects.get(pk=version.pk).frozen_at == first is not None
    [entry] = _entries(AuditAction.UPDATE, "movements.scoringversion")
    assert (entry.actor, entry.actor_name, entry.reason) == (
        None,
        "Hệ thống",
        "Báo cáo quý I/2026 đã chấm",
    )


def test_frozen_version_refuses_every_edit(movement, officer, version, indicator):
    make_rule(version, indicator)
    TitleBand.objects.create(version=version, min_total=90, label="Xuất sắc")
    freeze_version(version, reason="Đã chấm")
    before = (_rule_state(version), _band_state(version))
    edits = [
        lambda: set_rule(
            version, by=officer, indicator=indicator, method="linear", max_points=D(5), params={}
        ),
        lambda: remove_rule(version, by=officer, indicator=indicator),
        lambda: set_title_bands(
            version, by=officer, bands=[BandData(min_total=D(80), label="Tốt")]
        ),
        lambda: update_version(version, by=officer, effective_from=dt.date(2026, 1, 1), note="x"),
    ]

    messages = []
    for edit in edits:
        with pytest.raises(FrozenVersionError) as caught:
            edit()
        messages.append(caught.value.message)

    assert messages == [FROZEN_MESSAGE] * 4
    assert FROZEN_MESSAGE == (
        "Phiên bản đã dùng để chấm báo cáo nên không sửa được; "
        "hãy tạo phiên bản mới có hiệu lực từ một ngày sau."
    )
    assert (_rule_state(version), _band_state(version)) == before
    version.refresh_from_db()
    assert version.effective_from == dt.date(2025, 7, 18)


def test_lock_version_freezes_with_the_department_as_actor(officer, version, indicator):
    make_rule(version, indicator)

    lock_version(version, by=officer, reason="Đã ban hành kèm Quyết định 12/QĐ-SYT")

    version.refresh_from_db()
    assert version.is_frozen
    [entry] = _entries(AuditAction.UPDATE, "movements.scoringversion")
    assert (entry.actor, entry.reason) == (officer, "Đã ban hành kèm Quyết định 12/QĐ-SYT")


def test_lock_version_refuses_an_empty_version_a_frozen_one_and_a_reader(
    cast, officer, version, indicator
):
    with pytest.raises(DomainError) as empty:
        lock_version(version, by=officer, reason="Ban hành")
    make_rule(version, indicator)
    with pytest.raises(PermissionDeniedError):
        lock_version(version, by=cast[Role.DEPT_LEADER], reason="Ban hành")
    lock_version(version, by=officer, reason="Ban hành")
    with pytest.raises(FrozenVersionError) as frozen:
        lock_version(version, by=officer, reason="Lần nữa")

    assert (
        empty.value.message
        == "Phiên bản chưa có quy tắc chấm điểm nào; không khóa một phiên bản rỗng."
    )
    assert frozen.value.message.startswith("Phiên bản đã được khóa lúc ")


# --- New versions ----------------------------------------------------------------------------


def test_create_version_copies_rules_and_bands_exactly(movement, officer, version):
    indicators = make_indicators(movement, 2)
    [flag] = make_indicators(movement, 1, prefix="CO", value_type=ValueType.BOOLEAN)
    make_rule(version, indicators[0], max_points="60")
    make_rule(version, indicators[1], method="linear", max_points="40", params={"cap_ratio": "1.2"})
    make_rule(version, flag, method="bonus", max_points="10", params={"per_unit": "5"})
    TitleBand.objects.create(version=version, min_total=90, label="Xuất sắc")
    TitleBand.objects.create(version=version, min_total=70, label="Tốt")
    freeze_version(version, reason="Đã chấm")

    new = create_version(
        version.table, by=officer, effective_from=dt.date(2026, 1, 1), note="Năm 2026"
    )

    assert (new.number, new.effective_from, new.note, new.is_frozen) == (
        2,
        dt.date(2026, 1, 1),
        "Năm 2026",
        False,
    )
    assert _rule_state(new) == _rule_state(version)
    assert len(_rule_state(new)) == 3
    assert _band_state(new) == _band_state(version) == [("90.00", "Xuất sắc"), ("70.00", "Tốt")]
    [entry] = _entries(AuditAction.CREATE, "movements.scoringversion")
    assert entry.changes == {
        "number": [None, 2],
        "effective_from": [None, "2026-01-01"],
        "copied_from": [None, version.pk],
        "rules": [None, 3],
        "bands": [None, 2],
    }


def test_create_version_copies_the_chosen_version(movement, officer, version, indicator):
    make_rule(version, indicator, method="linear", max_points="10", params={"cap_ratio": "1"})
    second = create_version(version.table, by=officer, effective_from=dt.date(2026, 1, 1))
    set_rule(second, by=officer, indicator=indicator, method="linear", max_points=D(20), params={})

    third = create_version(
        version.table, by=officer, effective_from=dt.date(2027, 1, 1), copy_from=version
    )

    assert [row[2] for row in _rule_state(third)] == ["10.00"]
    assert third.number == 3


@pytest.mark.parametrize("day", [dt.date(2025, 12, 31), dt.date(2026, 1, 1)])
def test_create_version_refuses_a_date_not_after_every_version(movement, officer, version, day):
    create_version(version.table, by=officer, effective_from=dt.date(2026, 1, 1))

    with pytest.raises(DomainError) as caught:
        create_version(version.table, by=officer, effective_from=day)

    assert (caught.value.field, caught.value.message) == (
        "effective_from",
        "Ngày áp dụng phải sau ngày áp dụng của mọi phiên bản đã có "
        "(phiên bản 2 áp dụng từ 01/01/2026).",
    )
    assert ScoringVersion.objects.filter(table=version.table).count() == 2


def test_create_version_refuses_a_copy_from_another_table(movement, officer, version):
    _, other = make_scoring_table(movement, name="Bảng khác")

    with pytest.raises(DomainError) as caught:
        create_version(
            version.table, by=officer, effective_from=dt.date(2026, 1, 1), copy_from=other
        )

    assert (caught.value.field, caught.value.message) == (
        "copy_from",
        "Chỉ sao chép được từ một phiên bản của cùng bảng điểm.",
    )


def test_update_version_keeps_versions_in_order(officer, version):
    second = create_version(version.table, by=officer, effective_from=dt.date(2026, 1, 1))
    create_version(version.table, by=officer, effective_from=dt.date(2027, 1, 1))

    update_version(second, by=officer, effective_from=dt.date(2026, 3, 1), note="Lùi ngày")
    with pytest.raises(DomainError) as too_late:
        update_version(second, by=officer, effective_from=dt.date(2027, 1, 1), note="")
    with pytest.raises(DomainError) as too_early:
        update_version(second, by=officer, effective_from=dt.date(2025, 7, 18), note="")

    second.refresh_from_db()
    assert (second.effective_from, second.note) == (dt.date(2026, 3, 1), "Lùi ngày")
    assert too_late.value.message == "Ngày áp dụng phải trước 01/01/2027 (phiên bản 3)."
    assert too_early.value.message == "Ngày áp dụng phải sau 18/07/2025 (phiên bản 1)."
    [entry] = _entries(AuditAction.UPDATE, "movements.scoringversion")
    assert (entry.target_id, entry.changes) == (
        str(second.pk),
        {"effective_from": ["2026-01-01", "2026-03-01"], "note": ["", "Lùi ngày"]},
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 7, 17), None),
        (dt.date(2025, 7, 18), 1),
        (dt.date(2025, 12, 31), 1),
        (dt.date(2026, 1, 1), 2),
        (dt.date(2026, 6, 30), 2),
        (dt.date(2027, 1, 1), 3),
        (dt.date(2030, 12, 31), 3),
    ],
)
def test_version_in_force_before_between_and_after(officer, version, day, expected):
    create_version(version.table, by=officer, effective_from=dt.date(2026, 1, 1))
    create_version(version.table, by=officer, effective_from=dt.date(2027, 1, 1))

    chosen = version_in_force(version.table, day)

    assert (chosen.number if chosen else None) == expected


# --- Title bands -----------------------------------------------------------------------------


def test_set_title_bands_replaces_them_highest_first_and_audits(officer, version):
    TitleBand.objects.create(version=version, min_total=50, label="Cũ")

    set_title_bands(
        version,
        by=officer,
        bands=[
            BandData(min_total=D(65), label="Khá"),
            BandData(min_total=D(90), label=" Xuất   sắc "),
            BandData(min_total=D(80), label="Tốt"),
        ],
    )

    assert _band_state(version) == [("90.00", "Xuất sắc"), ("80.00", "Tốt"), ("65.00", "Khá")]
    [entry] = _entries(AuditAction.UPDATE, "movements.scoringversion")
    assert entry.changes == {
        "bands": [[["50", "Cũ"]], [["90", "Xuất sắc"], ["80", "Tốt"], ["65", "Khá"]]]
    }


def test_set_title_bands_refuses_every_problem_at_once(officer, version):
    TitleBand.objects.create(version=version, min_total=50, label="Trung bình")

    with pytest.raises(RuleProblemsError) as caught:
        set_title_bands(
            version,
            by=officer,
            bands=[
                BandData(min_total=D(90), label="Xuất sắc"),
                BandData(min_total=D(90), label="Tốt"),
                BandData(min_total=D(120), label="Vượt"),
                BandData(min_total=D(40), label=" "),
            ],
        )

    assert caught.value.field == "bands"
    assert caught.value.problems == [
        "Ngưỡng 90 điểm bị trùng.",
        "Ngưỡng 120 điểm phải nằm trong khoảng 0 – 100.",
        "Mức xếp loại từ 40 điểm chưa có tên.",
    ]
    assert _band_state(version) == [("50.00", "Trung bình")]


# --- The version sheet -----------------------------------------------------------------------


def test_version_sheet_sums_and_warnings(movement, version):
    indicators = make_indicators(movement, 3)
    [flag] = make_indicators(movement, 1, prefix="CO", value_type=ValueType.BOOLEAN)
    make_rule(version, indicators[0], max_points="60")
    make_rule(version, indicators[1], method="linear", max_points="30")
    make_rule(version, flag, method="bonus", max_points="10", params={"per_unit": "5"})

    sheet = version_sheet(
        ScoringVersion.objects.select_related("table__movement").get(pk=version.pk)
    )

    assert (sheet.base_points, sheet.bonus_points, sheet.penalty_points) == (D(90), D(10), D(0))
    assert (sheet.rule_count, sheet.indicator_count) == (3, 4)
    assert sheet.warnings == [
        "Tổng điểm tối đa của các quy tắc (không kể điểm thưởng, điểm trừ) là 90, "
        "khác tổng điểm của bảng (100).",
        "1 chỉ tiêu chưa có quy tắc chấm điểm.",
        "Chưa có mức xếp loại theo tổng điểm.",
    ]
    [area] = sheet.areas
    [block] = area.criteria
    assert [(row.indicator.code, row.rule is not None) for row in block.rows] == [
        ("CT_01", True),
        ("CT_02", True),
        ("CT_03", False),
        ("CO_04", True),
    ]
    assert (block.rule_points, block.matches) == (D(90), False)
    assert [(line.low, line.high, line.points) for line in block.rows[0].band_lines] == [
        ("0", "50", "0"),
        ("50", "80", "5"),
        ("80", "", "10"),
    ]
    assert block.rows[1].summary == "Đủ điểm tối đa khi đạt 100% chỉ tiêu"
    assert block.rows[3].summary == "Cộng 5 điểm cho mỗi đơn vị"
