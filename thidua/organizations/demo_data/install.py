"""Writing a demo plan to the database, fast: bulk inserts, one transaction, one audit entry.

The 40.000 people of the `hanoi` scale do not go through `create_person` (that would be 40.000
audit entries and a minute of work): the seed is one bulk write, recorded as one IMPORT entry
"Khởi tạo dữ liệu demo" with its counts (plus the two-factor enrolments of the demo accounts,
audited by `enroll_totp`). Derived columns (paths, depths, search columns) are
computed with the same helpers the services use, so the data is indistinguishable from data
entered through the application.
"""

import base64
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from thidua.accounts.models import User
from thidua.accounts.roles import ROLE_LABELS, Role
from thidua.accounts.services.two_factor import enroll_totp
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError
from thidua.core.models import DEMO_DATA_FLAG, AuditAction
from thidua.core.services import refresh_query_planner_statistics, set_system_flag
from thidua.core.text import fold
from thidua.organizations import tree
from thidua.organizations.demo_data.plan import (
    ACCOUNTS,
    DEFAULT_SEED,
    DemoPlan,
    SourceUnit,
    UnitPlan,
    build_demo_plan,
    builtin_units,
    read_units_csv,
    unit_abbreviations,
)
from thidua.organizations.models import (
    Cluster,
    ClusterMember,
    Membership,
    Person,
    RoleAssignment,
    Unit,
)
from thidua.organizations.services.people import person_search_fields

DEMO_PASSWORD = "ThiDua@2026"  # noqa: S105 (public on purpose: printed by make demo, in the README)
# The authenticator-app secret of the demo accounts that require two-factor sign-in. Public on
# purpose (the README prints it); enroll_totp refuses a fixed secret in production.
DEMO_TOTP_SECRET = b"ThiDuaSo-Demo-2026!!"
DEMO_TOTP_SECRET_HEX = DEMO_TOTP_SECRET.hex()
DEMO_TOTP_SECRET_BASE32 = base64.b32encode(DEMO_TOTP_SECRET).decode()
DEMO_EMAIL_DOMAIN = "demo.thiduaso.example"
UNITS_CSV_ENV = "THIDUA_UNITS_CSV"
BUNDLED_UNITS_CSV = Path(__file__).resolve().parent / "hanoi_health_units.csv"
BATCH_SIZE = 2000


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role_label: str
    scope: str
    person_name: str
    requires_totp: bool


@dataclass(frozen=True)
class SeedSummary:
    scale: str
    seed: int
    units_source: str
    units: int
    collectives: int
    people: int
    memberships: int
    movers: int
    clusters: int
    accounts: tuple[DemoAccount, ...]
    seconds: float = 0.0


def units_csv_path() -> Path | None:
    """The list of real units: $THIDUA_UNITS_CSV (refused if missing), else shared/data next to
    the project when present (the maintained list), else the copy shipped with the code (so a
    clone anywhere shows the real units), else None (the built-in list)."""
    configured = os.environ.get(UNITS_CSV_ENV, "").strip()
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise DomainError(f"Không tìm thấy tệp danh sách đơn vị {path} ({UNITS_CSV_ENV}).")
        return path
    shared = Path(settings.BASE_DIR).parent / "shared" / "data" / "hanoi_health_units.csv"
    if shared.is_file():
        return shared
    return BUNDLED_UNITS_CSV if BUNDLED_UNITS_CSV.is_file() else None


def load_source_units() -> tuple[list[SourceUnit], str]:
    """The units to start from and a description of where they came from."""
    path = units_csv_path()
    if path is None:
        return builtin_units(), "danh sách dựng sẵn (không tìm thấy tệp đơn vị)"
    return read_units_csv(path), str(path)


def _check_can_seed() -> None:
    if settings.THIDUA_IS_PRODUCTION:
        raise DomainError(
            "Không được tạo dữ liệu demo trong môi trường sản xuất (mật khẩu demo là công khai)."
        )
    if Unit.objects.exists():
        raise DomainError(
            "Cơ sở dữ liệu đã có đơn vị: không tạo thêm dữ liệu demo. Dùng --if-empty để bỏ qua "
            "khi đã có dữ liệu, hoặc xóa dữ liệu demo (make clean-demo) rồi chạy lại."
        )
    taken = list(
        User.objects.filter(username__in=[username for username, *_ in ACCOUNTS])
        .order_by("username")
        .values_list("username", flat=True)
    )
    if taken:
        raise DomainError(f"Tài khoản demo đã tồn tại: {', '.join(taken)}. Không tạo dữ liệu demo.")


def _first_free_pk(model: type[Unit] | type[Person]) -> int:
    return int(model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def _reset_sequences(*models: type[Unit] | type[Person]) -> None:
    """After inserting explicit primary keys, let the database continue after them."""
    for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
        with connection.cursor() as cursor:
            cursor.execute(statement)


def _write_units_and_people(
    plan: DemoPlan,
) -> tuple[dict[str, Unit], dict[str, Person], int]:
    """The tree, its people and their memberships, in three bulk inserts.

    Primary keys are assigned here, so that each unit is inserted with its final path, depth and
    head (a person inserted just after it: the foreign keys are checked at commit).
    """
    person_pks = {
        p.staff_code: pk for pk, p in enumerate(plan.people, start=_first_free_pk(Person))
    }
    unit_plans: list[UnitPlan] = [plan.root, *plan.units, *plan.collectives]
    units: dict[str, Unit] = {}
    abbreviations = unit_abbreviations(plan.root, plan.units)
    for pk, u in enumerate(unit_plans, start=_first_free_pk(Unit)):
        parent = units[u.parent_code] if u.parent_code else None
        path = tree.path_for(parent.path if parent else None, pk)
        head = plan.heads.get(u.code)
        units[u.code] = Unit(
            pk=pk,
            code=u.code,
            name=u.name,
            abbreviation=abbreviations.get(u.code, ""),
            kind=u.kind,
            parent_id=parent.pk if parent else None,
            path=path,
            depth=tree.depth_of(path),
            head_id=person_pks[head] if head else None,
            sort_order=u.sort_order,
            name_folded=fold(u.name),
        )
    people = {
        p.staff_code: Person(
            pk=person_pks[p.staff_code],
            staff_code=p.staff_code,
            full_name=p.full_name,
            gender=p.gender,
            date_of_birth=p.date_of_birth,
            position=p.position,
            employment_kind=p.employment_kind,
            unit_id=units[p.unit_code].pk,
            phone=p.phone,
            **person_search_fields(p.full_name, p.staff_code, p.position),
        )
        for p in plan.people
    }
    memberships: list[Membership] = []
    for p in plan.people:
        if p.past_post is not None:
            memberships.append(
                Membership(
                    person_id=person_pks[p.staff_code],
                    unit_id=units[p.past_post.unit_code].pk,
                    position=p.past_post.position,
                    start_date=p.past_post.start_date,
                    end_date=p.past_post.end_date,
                    note="Chuyển công tác",
                )
            )
        memberships.append(
            Membership(
                person_id=person_pks[p.staff_code],
                unit_id=units[p.unit_code].pk,
                position=p.position,
                start_date=p.start_date,
            )
        )
    Unit.objects.bulk_create(units.values(), batch_size=BATCH_SIZE)
    Person.objects.bulk_create(people.values(), batch_size=BATCH_SIZE)
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    _reset_sequences(Unit, Person)
    return units, people, len(memberships)


def _write_clusters(plan: DemoPlan, units: dict[str, Unit]) -> None:
    members: list[ClusterMember] = []
    for c in plan.clusters:
        cluster = Cluster.objects.create(
            year=c.year,
            code=c.code,
            name=c.name,
            description=c.description,
            head_unit=units[c.head_code],
            deputy_unit=units[c.deputy_code] if c.deputy_code else None,
        )
        members.extend(
            ClusterMember(cluster=cluster, unit=units[code], year=c.year) for code in c.member_codes
        )
    ClusterMember.objects.bulk_create(members, batch_size=BATCH_SIZE)


def _write_accounts(
    plan: DemoPlan, units: dict[str, Unit], people: dict[str, Person], password: str
) -> tuple[DemoAccount, ...]:
    """One account per role; the roles that require two-factor sign-in get the demo TOTP device."""
    totp_roles = set(settings.THIDUA_2FA_REQUIRED_ROLES)
    # One hash for the shared demo password: Argon2 is slow on purpose, nine times would show.
    password_hash = make_password(password)
    accounts: list[DemoAccount] = []
    for a in plan.accounts:
        person = people.get(a.staff_code) if a.staff_code else None
        email = f"{a.username}@{DEMO_EMAIL_DOMAIN}"
        user = User.objects.create(
            username=a.username,
            full_name=person.full_name if person else "",
            email=email,
            password=password_hash,
        )
        if person is not None:
            person.user = user
            person.email = email
            person.save(update_fields=["user", "email"])
        unit = units[a.unit_code]
        RoleAssignment.objects.create(
            user=user, role=a.role, unit=unit, include_subtree=a.include_subtree
        )
        requires_totp = a.role in totp_roles
        if requires_totp:
            enroll_totp(user, secret_hex=DEMO_TOTP_SECRET_HEX)
        scope = unit.name + (" và các đơn vị trực thuộc" if a.include_subtree else "")
        if unit.parent_id is None and a.include_subtree:
            scope = "Toàn Sở"
        accounts.append(
            DemoAccount(
                username=a.username,
                role_label=ROLE_LABELS[Role(a.role)],
                scope=scope,
                person_name=person.full_name if person else "",
                requires_totp=requires_totp,
            )
        )
    return tuple(accounts)


@transaction.atomic
def install_demo_plan(plan: DemoPlan, *, password: str = DEMO_PASSWORD) -> SeedSummary:
    """Write the whole plan in one transaction: the tree, people with their memberships, unit
    heads, clusters, the demo accounts (pre-enrolled TOTP where the role requires it), one
    audit entry, the default movement (`create_default_movement`) with its demo registrations,
    targets and pledges (`seed_movement_demo`), its reports with scores and rankings
    (`seed_reporting_demo`), its initiatives with councils, decisions and adoptions
    (`seed_initiatives_demo`), the draft sơ kết report of phase 1 (`seed_summaries_demo`), and
    the demo-data flag (which production refuses to start on).

    Refuses: production settings, and a database that already has units (DomainError).
    """
    _check_can_seed()
    units, people, membership_count = _write_units_and_people(plan)
    _write_clusters(plan, units)
    accounts = _write_accounts(plan, units, people, password)
    counts = {
        "units": len(plan.units),
        "collectives": len(plan.collectives),
        "people": len(plan.people),
        "memberships": membership_count,
        "clusters": len(plan.clusters),
        "accounts": len(accounts),
    }
    root = units[plan.root.code]
    record_audit(
        actor=None,
        action=AuditAction.IMPORT,
        target=root,
        target_repr="Khởi tạo dữ liệu demo",
        unit_path=root.path,
        changes={key: [0, value] for key, value in counts.items()},
        reason=f"Dữ liệu demo quy mô “{plan.scale.name}”, seed {plan.seed}.",
    )
    # The default movement (KH 190/KH-UBND, with its own audit entry), through its management
    # command: a fresh install runs the same command, and organizations may not import movements.
    call_command("create_default_movement", owner=root.code, verbosity=0)
    # Demo only: registrations of 2026, targets, pledges and the next round, open today (the
    # movements app's `seed_movement_demo`; a production install never runs it).
    call_command("seed_movement_demo", seed=plan.seed, verbosity=0)
    # Demo only: reports of the closed periods and the current one, scored and ranked.
    call_command("seed_reporting_demo", seed=plan.seed, verbosity=0)
    # Demo only: initiatives, councils with their rounds, decisions and adoptions.
    call_command("seed_initiatives_demo", seed=plan.seed, verbosity=0)
    # Demo only: the draft sơ kết report of phase 1 (not issued: that is the user's click).
    call_command("seed_summaries_demo", verbosity=0)
    # Demo only: yearly ratings and awards held (the inputs of eligibility).
    call_command("seed_awards_demo", seed=plan.seed, verbosity=0)
    set_system_flag(key=DEMO_DATA_FLAG, value=plan.scale.name)
    return SeedSummary(
        scale=plan.scale.name,
        seed=plan.seed,
        units_source="",
        units=len(plan.units),
        collectives=len(plan.collectives),
        people=len(plan.people),
        memberships=membership_count,
        movers=plan.movers,
        clusters=len(plan.clusters),
        accounts=accounts,
    )


def seed_demo_data(scale: str = "hanoi", *, seed: int = DEFAULT_SEED) -> SeedSummary:
    """Build the plan for `scale` from the units file (or the built-in list) and install it;
    the summary says where the units came from and how long it took. Refuses as
    `install_demo_plan` does."""
    started = time.perf_counter()
    _check_can_seed()
    source, origin = load_source_units()
    summary = install_demo_plan(build_demo_plan(scale, seed=seed, source_units=source))
    refresh_query_planner_statistics()
    return replace(summary, units_source=origin, seconds=time.perf_counter() - started)
