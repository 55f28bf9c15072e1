"""`manage.py seed_demo`: writes the demo data set (small scale here), once, never in production."""

import collections
import io
from unittest.mock import ANY

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import User
from thidua.core.models import DEMO_DATA_FLAG, AuditAction, AuditEntry, SystemFlag
from thidua.organizations import tree
from thidua.organizations.demo_data import install
from thidua.organizations.demo_data.install import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET_HEX,
    load_source_units,
)
from thidua.organizations.demo_data.plan import build_demo_plan
from thidua.organizations.models import (
    Cluster,
    ClusterMember,
    Membership,
    Person,
    RoleAssignment,
    Unit,
)
from thidua.organizations.selectors.people import PeopleFilter, search_people
from thidua.organizations.services.units import create_unit
from thidua.organizations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Accounts of the people the initiatives demo seats on its councils (initiatives/demo.py).
COUNCIL_PREFIX = "hdsk."


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--scale", "small", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed()


def test_seed_demo_small_writes_the_counts_per_kind(seeded):
    plan = build_demo_plan("small", source_units=load_source_units()[0])
    planned = collections.Counter(c.kind for c in plan.collectives)

    kinds = dict(Unit.objects.values_list("kind").annotate(n=Count("pk")).order_by())

    assert kinds == {
        "department": 1,
        "hospital": 4,
        "centre": 2,
        "district_centre": 3,
        "department_office": 3,
        **planned,
    }
    assert sum(planned.values()) == 60
    assert sorted(planned) == ["clinical_department", "health_station", "office"]
    assert Person.objects.count() == 600


def test_seed_demo_every_unit_has_a_consistent_path_and_depth(seeded):
    units = {u.pk: u for u in Unit.objects.all()}

    wrong = [
        u.code
        for u in units.values()
        if u.path != tree.path_for(units[u.parent_id].path if u.parent_id else None, u.pk)
        or u.depth != tree.depth_of(u.path)
    ]
    assert wrong == []
    assert sorted({u.depth for u in units.values()}) == [0, 1, 2]


def test_seed_demo_root_is_the_department_of_health(seeded):
    root = Unit.objects.get(parent__isnull=True)

    assert (root.code, root.name, root.kind) == ("SYT_HN", "Sở Y tế Hà Nội", "department")
    assert root.head.position == "Giám đốc"


def test_seed_demo_every_head_works_in_the_unit_they_head(seeded):
    heads = Unit.objects.select_related("head__unit")

    assert [u.code for u in heads if u.head is None] == []
    assert [u.code for u in heads if u.head.unit_id != u.pk] == []


def test_seed_demo_every_person_has_exactly_one_open_membership(seeded):
    open_counts = Person.objects.annotate(
        open=Count("memberships", filter=Q(memberships__end_date__isnull=True))
    ).values_list("open", flat=True)

    assert set(open_counts) == {1}
    assert Membership.objects.filter(end_date__isnull=True).count() == 600
    assert (
        Membership.objects.filter(end_date__isnull=True)
        .exclude(unit_id=F("person__unit_id"))
        .count()
        == 0
    )


def test_seed_demo_movers_have_a_closed_membership_in_another_unit(seeded):
    movers = Person.objects.annotate(n=Count("memberships")).filter(n=2)

    assert movers.count() == 30
    assert Person.objects.annotate(n=Count("memberships")).filter(n__gt=2).count() == 0
    for person in movers.select_related("unit"):
        closed, current = sorted(person.memberships.all(), key=lambda m: m.start_date)
        assert closed.end_date is not None
        assert closed.unit_id != current.unit_id
        assert current.end_date is None
        assert closed.end_date < current.start_date


def test_seed_demo_search_finds_every_nguyen_van_an_without_diacritics(seeded):
    officer = RoleAssignment.objects.get(user__username="thuongtruc").user

    found = list(
        search_people(officer, PeopleFilter(query="nguyen van an")).values_list(
            "full_name", flat=True
        )
    )
    found_giang = list(
        search_people(officer, PeopleFilter(query="duc giang")).values_list("full_name", flat=True)
    )

    assert found.count("Nguyễn Văn An") == Person.objects.filter(full_name="Nguyễn Văn An").count()
    assert found.count("Nguyễn Văn An") >= 1
    assert found_giang.count("Nguyễn Đức Giang") >= 1


def test_seed_demo_unit_officer_sees_only_people_of_xanh_pon(seeded):
    officer = RoleAssignment.objects.get(user__username="tdkt.xanhpon").user
    xanh_pon = Unit.objects.get(code="BV_XANHPON")

    visible = search_people(officer, PeopleFilter())

    assert visible.count() == Person.objects.filter(unit__path__startswith=xanh_pon.path).count()
    assert visible.exclude(unit__path__startswith=xanh_pon.path).count() == 0
    assert visible.count() > 0


def test_seed_demo_accounts_have_the_right_grants(seeded):
    grants = list(
        RoleAssignment.objects.exclude(user__username__startswith=COUNCIL_PREFIX)
        .order_by("pk")
        .values_list("user__username", "role", "unit__code", "include_subtree")
    )

    assert grants == [
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


def test_seed_demo_accounts_share_the_demo_password_and_are_linked_to_people(seeded):
    people = {
        p.user.username: p
        for p in Person.objects.filter(user__isnull=False)
        .exclude(user__username__startswith=COUNCIL_PREFIX)
        .select_related("user", "unit")
    }

    assert sorted(people) == sorted(
        [
            "quantri",
            "thuongtruc",
            "lanhdao",
            "kiemtra",
            "hoidong",
            "chamsk",
            "tdkt.xanhpon",
            "giamdoc.xanhpon",
            "nhanvien",
        ]
    )
    assert all(p.user.check_password(DEMO_PASSWORD) for p in people.values())
    assert [p.user.full_name == p.full_name for p in people.values()] == [True] * 9
    assert people["nhanvien"].unit.code == "BV_XANHPON.K01"
    assert people["giamdoc.xanhpon"].pk == Unit.objects.get(code="BV_XANHPON").head_id
    assert people["lanhdao"].pk == Unit.objects.get(code="SYT_HN").head_id


def test_seed_demo_enrolls_totp_for_roles_that_require_it(seeded):
    devices = TOTPDevice.objects.filter(confirmed=True).order_by("user__username")

    assert [(d.user.username, d.key) for d in devices] == [
        ("lanhdao", DEMO_TOTP_SECRET_HEX),
        ("quantri", DEMO_TOTP_SECRET_HEX),
        ("thuongtruc", DEMO_TOTP_SECRET_HEX),
    ]


def test_seed_demo_sets_the_demo_flag(seeded):
    assert list(SystemFlag.objects.values_list("key", "value")) == [(DEMO_DATA_FLAG, "small")]


def test_seed_demo_council_members_of_the_initiatives_demo_cannot_sign_in(seeded):
    # The initiatives demo seats people of the units on its two councils: accounts without a
    # password (an administrator sets one), holding the council-member role where they sit.
    members = User.objects.filter(username__startswith=COUNCIL_PREFIX)
    grants = RoleAssignment.objects.filter(user__in=members)

    assert members.count() == 7
    assert not any(user.has_usable_password() for user in members)
    assert set(grants.values_list("role", flat=True)) == {"council_member"}
    assert all(hasattr(user, "person") for user in members)


def test_seed_demo_writes_one_import_audit_entry_with_the_counts(seeded):
    entries = AuditEntry.objects.filter(action=AuditAction.IMPORT, target_type="organizations.unit")

    assert [(e.target_repr, e.changes) for e in entries] == [
        (
            "Khởi tạo dữ liệu demo",
            {
                "units": [0, 12],
                "collectives": [0, 60],
                "people": [0, 600],
                "memberships": [0, 630],
                "clusters": [0, 10],
                "accounts": [0, 9],
            },
        )
    ]
    # Besides: the default movement's one entry (movements/services/defaults.py), the one of
    # its demo registrations (movements/demo.py), the one of its demo reports
    # (reporting/demo.py), then per year scored the freezing of the scoring version used and
    # the recomputation of the scores and rankings (reporting/services/standings.py).
    movement = "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số"
    # The initiatives demo, the demo's issued documents, its draft sơ kết report and its awards
    # round go through the services, audited as real use would be: not here.
    assert list(
        AuditEntry.objects.exclude(action=AuditAction.TWO_FACTOR_ENABLE)
        .exclude(target_type="organizations.unit")
        .exclude(target_type__startswith="initiatives.")
        .exclude(target_type__startswith="documents.")
        .exclude(target_type__startswith="summaries.")
        .exclude(target_type__startswith="awards.")
        .order_by("pk")
        .values_list("action", "target_type", "target_repr", "reason")
    ) == [
        (
            AuditAction.CREATE,
            "movements.movement",
            movement,
            "Khởi tạo phong trào mặc định theo Kế hoạch số 190/KH-UBND ngày 18/7/2025",
        ),
        (
            AuditAction.IMPORT,
            "movements.movement",
            "Khởi tạo dữ liệu demo đăng ký thi đua",
            "Dữ liệu demo năm 2026, seed 2026.",
        ),
        (
            AuditAction.IMPORT,
            "movements.movement",
            "Khởi tạo dữ liệu demo báo cáo định kỳ",
            "Dữ liệu demo báo cáo định kỳ, seed 2026.",
        ),
        (AuditAction.UPDATE, "movements.scoringversion", ANY, "Tính lại điểm năm 2025"),
        (AuditAction.UPDATE, "movements.movement", movement, "Tính lại điểm, xếp hạng năm 2025"),
        (AuditAction.UPDATE, "movements.scoringversion", ANY, "Tính lại điểm năm 2026"),
        (AuditAction.UPDATE, "movements.movement", movement, "Tính lại điểm, xếp hạng năm 2026"),
    ]


def test_seed_demo_clusters_for_2025_and_2026(seeded):
    years = dict(Cluster.objects.values_list("year").annotate(n=Count("pk")).order_by())
    head = Cluster.objects.get(year=2026, code="BVDK_NT")

    assert years == {2025: 5, 2026: 5}
    assert (head.head_unit.code, head.deputy_unit.code) == ("BV_THANHNHAN", "BV_DUCGIANG")
    assert ClusterMember.objects.filter(year=2026).count() == 12


def test_seed_demo_prints_the_accounts_and_how_to_get_a_code(seeded):
    assert "quantri" in seeded
    assert f"mật khẩu chung: {DEMO_PASSWORD}" in seeded
    assert "uv run python manage.py demo_totp quantri" in seeded
    assert "12 đơn vị, 60 khoa/phòng/trạm, 600 cán bộ" in seeded


def test_seed_demo_if_empty_second_run_changes_nothing(seeded):
    before = (Unit.objects.count(), Person.objects.count(), AuditEntry.objects.count())

    output = seed("--if-empty")

    assert (Unit.objects.count(), Person.objects.count(), AuditEntry.objects.count()) == before
    assert "giữ nguyên" in output


def test_seed_demo_without_if_empty_refuses_a_database_with_units(seeded):
    with pytest.raises(CommandError, match="đã có đơn vị"):
        seed()

    assert Unit.objects.count() == 73


def test_seed_demo_refuses_in_production(db, settings):
    settings.THIDUA_IS_PRODUCTION = True

    with pytest.raises(CommandError, match="môi trường sản xuất"):
        seed()

    assert (Unit.objects.count(), SystemFlag.objects.count()) == (0, 0)


def test_seed_demo_refuses_when_a_demo_username_is_taken(db):
    UserFactory(username="quantri")

    with pytest.raises(CommandError, match="Tài khoản demo đã tồn tại: quantri"):
        seed()

    assert Unit.objects.count() == 0


def test_seed_demo_without_shared_data_uses_the_copy_shipped_with_the_code(db, settings, tmp_path):
    settings.BASE_DIR = tmp_path / "project"

    output = seed()

    assert "demo_data/hanoi_health_units.csv" in output
    assert Unit.objects.filter(code__in=["BV_XANHPON", "TT_115"]).count() == 2


def test_seed_demo_without_any_units_file_uses_the_builtin_list(
    db, settings, tmp_path, monkeypatch
):
    settings.BASE_DIR = tmp_path / "project"
    monkeypatch.setattr(install, "BUNDLED_UNITS_CSV", tmp_path / "missing.csv")

    output = seed()

    assert "danh sách dựng sẵn" in output
    assert Unit.objects.filter(code__in=["BV_XANHPON", "PS_TCCB"]).count() == 2


def test_seed_demo_reads_the_units_file_named_by_the_environment(db, monkeypatch, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(
        "name,kind,short_code,source_url\n"
        "Bệnh viện Đa khoa Xanh Pôn,benh_vien,BV_XANHPON,\n"
        '"Trung tâm Kiểm nghiệm thuốc, mỹ phẩm, thực phẩm Hà Nội",trung_tam,TT_KIEMNGHIEM,\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("THIDUA_UNITS_CSV", str(path))

    output = seed()

    assert f"Nguồn danh sách đơn vị: {path}" in output
    assert Unit.objects.get(code="TT_KIEMNGHIEM").name == (
        "Trung tâm Kiểm nghiệm thuốc, mỹ phẩm, thực phẩm Hà Nội"
    )
    assert Unit.objects.filter(depth=1).count() == 12


def test_seed_demo_refuses_a_missing_units_file_named_by_the_environment(db, monkeypatch, tmp_path):
    monkeypatch.setenv("THIDUA_UNITS_CSV", str(tmp_path / "missing.csv"))

    with pytest.raises(CommandError, match="Không tìm thấy tệp danh sách đơn vị"):
        seed()

    assert Unit.objects.count() == 0


def test_seed_demo_same_seed_gives_the_same_names(db):
    source, _ = load_source_units()
    expected = [p.full_name for p in build_demo_plan("small", seed=5, source_units=source).people]

    seed("--seed", "5")

    assert (
        list(Person.objects.order_by("staff_code").values_list("full_name", flat=True)) == expected
    )


@pytest.mark.django_db(transaction=True)
def test_seed_demo_commits_and_new_units_get_fresh_keys():
    seed()
    root = Unit.objects.get(code="SYT_HN")

    unit = create_unit(by=None, code="BV_MOI", name="Bệnh viện mới", kind="hospital", parent=root)

    # Above every seeded key (not necessarily the next one: SQLite's AUTOINCREMENT and
    # PostgreSQL's sequences keep counting through units other tests created and flushed).
    assert unit.pk > Unit.objects.exclude(code="BV_MOI").order_by("-pk").first().pk
    assert unit.path == f"{root.path}{unit.pk}/"
