"""The demo data plan (pure, no database): deterministic, at the promised scale, plausible."""

import collections
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.organizations.demo_data.plan import (
    SEARCH_EXAMPLE_NAMES,
    UnitsFileError,
    allocate,
    build_demo_plan,
    builtin_units,
    read_units_csv,
)
from thidua.organizations.services.units import UNIT_CODE_PATTERN

UNITS_CSV = """name,kind,short_code,source_url
Bệnh viện Đa khoa Xanh Pôn,benh_vien,BV_XANHPON,https://example.vn/a
"Trung tâm Kiểm nghiệm thuốc, mỹ phẩm, thực phẩm Hà Nội",trung_tam,TT_KIEMNGHIEM,
Trung tâm Y tế quận Ba Đình,ttyt,TTYT_BADINH,
Phòng Tổ chức cán bộ,phong_so,PS_TCCB,
Trường Cao đẳng Y tế Hà Nội,khac,CD_YTEHN,
"""


@pytest.fixture(scope="module")
def small_plan():
    return build_demo_plan("small", seed=7, source_units=builtin_units())


def test_build_demo_plan_same_seed_gives_the_same_people():
    first = build_demo_plan("small", seed=11, source_units=builtin_units())
    second = build_demo_plan("small", seed=11, source_units=builtin_units())

    assert first == second


def test_build_demo_plan_another_seed_gives_other_names():
    first = build_demo_plan("small", seed=11, source_units=builtin_units())
    other = build_demo_plan("small", seed=12, source_units=builtin_units())

    assert [p.full_name for p in first.people] != [p.full_name for p in other.people]


def test_build_demo_plan_small_has_the_counts_of_the_scale(small_plan):
    kinds = collections.Counter(u.kind for u in small_plan.units)

    assert (len(small_plan.units), len(small_plan.collectives), len(small_plan.people)) == (
        12,
        60,
        600,
    )
    assert kinds == {"hospital": 4, "centre": 2, "district_centre": 3, "department_office": 3}


def test_build_demo_plan_codes_are_unique_and_valid(small_plan):
    codes = [small_plan.root.code] + [u.code for u in small_plan.units + small_plan.collectives]

    assert len(codes) == len(set(codes))
    assert [code for code in codes if not UNIT_CODE_PATTERN.match(code)] == []


def test_build_demo_plan_collective_codes_name_their_unit_and_kind(small_plan):
    xanh_pon = [c for c in small_plan.collectives if c.parent_code == "BV_XANHPON"]

    assert [(c.code, c.name, c.kind) for c in xanh_pon[:3]] == [
        ("BV_XANHPON.K01", "Khoa Khám bệnh", "clinical_department"),
        ("BV_XANHPON.P01", "Phòng Tổ chức cán bộ", "office"),
        ("BV_XANHPON.K02", "Khoa Cấp cứu", "clinical_department"),
    ]


def test_build_demo_plan_district_centres_have_real_health_stations(small_plan):
    stations = [c.name for c in small_plan.collectives if c.parent_code == "TTYT_BADINH"][1::2]

    assert stations[:2] == ["Trạm Y tế phường Cống Vị", "Trạm Y tế phường Điện Biên"]


def test_build_demo_plan_staff_codes_are_unique(small_plan):
    codes = [p.staff_code for p in small_plan.people]

    assert len(codes) == len(set(codes)) == 600


def test_build_demo_plan_every_unit_and_collective_has_a_head_working_there(small_plan):
    where = {p.staff_code: p.unit_code for p in small_plan.people}
    every_code = [small_plan.root.code] + [
        u.code for u in small_plan.units + small_plan.collectives
    ]

    assert sorted(small_plan.heads) == sorted(every_code)
    assert [code for code, head in small_plan.heads.items() if where[head] != code] == []


def test_build_demo_plan_heads_have_head_positions(small_plan):
    position = {p.staff_code: p.position for p in small_plan.people}
    heads = collections.Counter(position[small_plan.heads[c.code]] for c in small_plan.collectives)

    assert position[small_plan.heads["BV_XANHPON"]] == "Giám đốc"
    assert position[small_plan.heads["PS_TCCB"]] == "Trưởng phòng"
    assert set(heads) == {"Trưởng khoa", "Trưởng phòng", "Trạm trưởng"}


def test_build_demo_plan_about_five_percent_moved_once_from_another_unit(small_plan):
    movers = [p for p in small_plan.people if p.past_post is not None]

    assert len(movers) == 30
    assert [
        p.staff_code
        for p in movers
        if p.past_post.unit_code.split(".")[0] == p.unit_code.split(".")[0]
        or p.past_post.end_date != p.start_date - dt.timedelta(days=1)
        or p.past_post.start_date >= p.past_post.end_date
    ] == []


def test_build_demo_plan_includes_the_readme_search_examples(small_plan):
    names = [p.full_name for p in small_plan.people]

    assert [names.count(name) >= 1 for name in SEARCH_EXAMPLE_NAMES] == [True, True]


def test_build_demo_plan_people_are_plausible(small_plan):
    people = small_plan.people
    women = sum(p.gender == "female" for p in people) / len(people)
    family = collections.Counter(p.full_name.split()[0] for p in people)

    assert 0.55 <= women <= 0.75
    assert family.most_common(1)[0][0] == "Nguyễn"
    assert min(p.date_of_birth.year for p in people) >= 1965
    assert max(p.date_of_birth.year for p in people) <= 2002
    assert max(p.start_date for p in people) <= dt.date(2025, 12, 31)


def test_build_demo_plan_civil_servants_work_in_the_offices_of_the_department(small_plan):
    offices = {u.code for u in small_plan.units if u.kind == "department_office"} | {"SYT_HN"}
    civil_servants = [p for p in small_plan.people if p.employment_kind == "civil_servant"]

    assert civil_servants != []
    assert {p.unit_code for p in civil_servants} <= offices


def test_build_demo_plan_accounts_one_per_role(small_plan):
    accounts = [(a.username, a.role, a.unit_code, a.include_subtree) for a in small_plan.accounts]

    assert accounts == [
        ("quantri", "system_admin", "SYT_HN", True),
        ("thuongtruc", "dept_officer", "SYT_HN", True),
        ("lanhdao", "dept_leader", "SYT_HN", True),
        ("kiemtra", "inspector", "SYT_HN", True),
        ("hoidong", "council_member", "SYT_HN", True),
        ("chamsk", "reviewer", "SYT_HN", True),
        ("tdkt.xanhpon", "unit_officer", "BV_XANHPON", True),
        ("giamdoc.xanhpon", "unit_head", "BV_XANHPON", True),
        ("nhanvien", "staff", "BV_XANHPON.K01", False),
    ]
    linked = [a.staff_code for a in small_plan.accounts]
    assert None not in linked
    assert len(set(linked)) == len(linked)


def test_build_demo_plan_clusters_rotate_head_each_year(small_plan):
    by_year = {(c.year, c.code): c for c in small_plan.clusters}

    assert by_year[(2025, "BVDK_NT")].member_codes == ("BV_XANHPON", "BV_THANHNHAN", "BV_DUCGIANG")
    assert (by_year[(2025, "BVDK_NT")].head_code, by_year[(2025, "BVDK_NT")].deputy_code) == (
        "BV_XANHPON",
        "BV_THANHNHAN",
    )
    assert (by_year[(2026, "BVDK_NT")].head_code, by_year[(2026, "BVDK_NT")].deputy_code) == (
        "BV_THANHNHAN",
        "BV_DUCGIANG",
    )


def test_build_demo_plan_tops_up_short_lists_with_area_clinics():
    plan = build_demo_plan("small", seed=1, source_units=builtin_units()[:5])

    clinics = [u for u in plan.units if u.code.startswith("PKDK_")]
    assert len(plan.units) == 12
    assert len(clinics) == 7
    assert all(u.name.startswith("Phòng khám đa khoa khu vực ") for u in clinics)


def test_build_demo_plan_unknown_scale_is_refused():
    with pytest.raises(KeyError):
        build_demo_plan("national")


def test_read_units_csv_keeps_a_quoted_name_with_a_comma(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(UNITS_CSV, encoding="utf-8")

    units = read_units_csv(path)

    assert [(u.name, u.kind, u.code) for u in units] == [
        ("Bệnh viện Đa khoa Xanh Pôn", "hospital", "BV_XANHPON"),
        ("Trung tâm Kiểm nghiệm thuốc, mỹ phẩm, thực phẩm Hà Nội", "centre", "TT_KIEMNGHIEM"),
        ("Trung tâm Y tế quận Ba Đình", "district_centre", "TTYT_BADINH"),
        ("Phòng Tổ chức cán bộ", "department_office", "PS_TCCB"),
        ("Trường Cao đẳng Y tế Hà Nội", "other", "CD_YTEHN"),
    ]


def test_read_units_csv_refuses_an_unknown_kind_naming_the_line(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("name,kind,short_code\nBệnh viện X,benh_xa,BV_X\n", encoding="utf-8")

    with pytest.raises(UnitsFileError, match="dòng 2: loại đơn vị không hợp lệ"):
        read_units_csv(path)


def test_read_units_csv_reads_the_list_shipped_with_the_demo():
    path = Path(__file__).resolve().parents[1] / "demo_data" / "hanoi_health_units.csv"

    units = read_units_csv(path)

    assert len(units) == 87
    assert collections.Counter(u.kind for u in units) == {
        "hospital": 41,
        "district_centre": 30,
        "department_office": 7,
        "centre": 5,
        "other": 4,
    }


@given(
    st.lists(
        st.tuples(st.floats(min_value=0, max_value=100), st.integers(0, 5), st.integers(0, 50)),
        min_size=1,
        max_size=30,
    ),
    st.integers(min_value=0, max_value=2000),
)
def test_allocate_is_exact_and_within_bounds(slots, extra):
    weights = [w for w, _, _ in slots]
    lows = [low for _, low, _ in slots]
    highs = [low + room for _, low, room in slots]
    total = min(sum(lows) + extra, sum(highs))

    counts = allocate(total, weights, lows, highs)

    assert sum(counts) == total
    assert all(lo <= c <= hi for c, lo, hi in zip(counts, lows, highs, strict=True))


def test_allocate_refuses_a_total_beyond_the_bounds():
    with pytest.raises(ValueError, match="cannot allocate"):
        allocate(10, [1.0, 1.0], [0, 0], [3, 3])


def test_build_demo_plan_hanoi_from_the_builtin_list_fills_what_it_can_hold():
    plan = build_demo_plan("hanoi", source_units=builtin_units())

    assert (len(plan.units), len(plan.people)) == (150, 40_000)
    assert 2_000 <= len(plan.collectives) <= 2_500
