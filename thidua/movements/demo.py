"""Demo data of the default movement: unit and personal registrations of 2026, targets of some
units, the pledges of the 2026 clusters and the next year's registration round, open today.

Only `manage.py seed_movement_demo` calls this, and only the demo seed (`seed_demo`) runs that
command: a production install never gets any of it. Like the organizations seed, it writes in
bulk (about 10.000 personal registrations at the `hanoi` scale) in one transaction with one
audit entry, deterministic from the seed: the same seed and day give the same data.

What a visitor of the demo sees:
- 2026 (its round closed on 31/03/2026): about 85% of the units of the Sở (not their khoa,
  phòng) registered; most were approved, some wait for the Sở, a few were returned with a
  reason; about 30% of the people of those units registered a title, mostly approved.
  The units where a demo account works (Bệnh viện Xanh Pôn) registered and were approved.
- Targets: the Sở assigned its own targets to some units; others proposed theirs (waiting).
- The giao ước of every 2026 cluster, signed by its member units.
- The next year's round (2027) opens today for 45 days, so the demo accounts can register,
  send and approve (`tdkt.xanhpon`, `giamdoc.xanhpon`, `nhanvien`, `thuongtruc`).
"""

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError
from thidua.core.models import AuditAction
from thidua.movements import defaults
from thidua.movements.enums import (
    INDIVIDUAL_TITLES,
    ApprovalStatus,
    Direction,
    EmulationTitle,
    TargetStatus,
    ValueType,
)
from thidua.movements.models import (
    Indicator,
    Movement,
    PersonalRegistration,
    Pledge,
    PledgeSignatory,
    RegistrationRound,
    Target,
    UnitRegistration,
    YearlyTarget,
)
from thidua.movements.selectors.registrations import (
    COUNTED_STATUSES,
    numeric_indicators,
    participant_units,
)
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Cluster, ClusterMember, Person, RoleAssignment, Unit

DEMO_YEAR = defaults.DEFAULT_YEAR  # the year whose registrations the demo fills (2026)
DEFAULT_SEED = 2026
REGISTERED_SHARE = 0.85  # of the units of the Sở
PERSONAL_SHARE = 0.30  # of the people of the registered units
NEXT_ROUND_DAYS = 45  # the demo's next round: open today, deadline 45 days later
FLAGS = 3  # units aiming for the city's flag (heads of their cluster)
BATCH_SIZE = 2000

LEADER_WORDS = ("giám đốc", "trưởng", "chánh", "chi cục")

COMMITMENTS_COMMON = (
    "Hoàn thành 100% chỉ tiêu chuyên môn, kế hoạch tài chính được Sở Y tế giao năm {year}.",
    "Triển khai Kế hoạch số 190/KH-UBND của UBND Thành phố; 100% cán bộ, viên chức, người lao "
    "động được phổ biến, tham gia phong trào thi đua đổi mới sáng tạo và chuyển đổi số.",
    "Có ít nhất một sáng kiến, giải pháp cải tiến được Hội đồng sáng kiến cấp cơ sở công nhận.",
    "Không để xảy ra sự cố mất an toàn thông tin; tổ chức ít nhất một cuộc diễn tập ứng cứu sự "
    "cố an toàn thông tin mạng.",
    "Thực hiện tốt quy tắc ứng xử; chỉ số hài lòng của người dân đạt từ 90% trở lên.",
    "Giữ vững đoàn kết nội bộ, không có cán bộ, viên chức vi phạm kỷ luật từ khiển trách trở lên.",
    "Xây dựng và nhân rộng ít nhất hai điển hình tiên tiến trong phong trào thi đua.",
)
COMMITMENTS_BY_KIND: dict[str, tuple[str, ...]] = {
    UnitKind.HOSPITAL: (
        "Triển khai bệnh án điện tử toàn viện, tỷ lệ hồ sơ bệnh án điện tử đạt từ 95% trở lên.",
        "Thanh toán viện phí không dùng tiền mặt đạt từ 60% số giao dịch trở lên.",
        "100% người bệnh đăng ký khám bằng căn cước công dân gắn chip hoặc VNeID.",
        "Triển khai ít nhất một ứng dụng trí tuệ nhân tạo hỗ trợ chẩn đoán hình ảnh.",
    ),
    UnitKind.DISTRICT_CENTRE: (
        "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt từ 95% trở lên.",
        "100% trạm y tế xã, phường sử dụng hồ sơ sức khỏe điện tử cho người dân.",
        "Quản lý, điều trị người bệnh tăng huyết áp, đái tháo đường tại trạm y tế theo kế hoạch.",
    ),
    UnitKind.CENTRE: (
        "Số hóa 100% hồ sơ chuyên môn, kết quả xét nghiệm trả cho người dân qua ứng dụng.",
        "Giám sát, phát hiện sớm và xử lý kịp thời các ổ dịch trên địa bàn được giao.",
        "Tổ chức truyền thông trực tuyến, đạt ít nhất 12 tin, bài trên cổng thông tin điện tử.",
    ),
    UnitKind.DEPARTMENT_OFFICE: (
        "100% văn bản, hồ sơ công việc được xử lý trên môi trường mạng, có chữ ký số.",
        "Giải quyết thủ tục hành chính đúng và trước hạn; không có hồ sơ quá hạn.",
        "Tham mưu kịp thời các văn bản chỉ đạo, hướng dẫn thuộc lĩnh vực được giao.",
    ),
}
PERSONAL_COMMITMENTS = (
    "Hoàn thành xuất sắc nhiệm vụ chuyên môn được giao; chấp hành tốt nội quy, quy chế.",
    "Tham gia học tập, bồi dưỡng kỹ năng số; sử dụng thành thạo bệnh án điện tử.",
    "Có sáng kiến cải tiến quy trình làm việc, được đơn vị công nhận.",
    "Thực hiện tốt quy tắc ứng xử, không để người bệnh phàn nàn về thái độ phục vụ.",
    "Hướng dẫn ít nhất 50 người dân cài đặt, sử dụng VNeID và ứng dụng đặt lịch khám.",
)
RETURN_REASONS = (
    "Đề nghị bổ sung chỉ tiêu cụ thể về chuyển đổi số (tỷ lệ hồ sơ bệnh án điện tử, thanh toán "
    "không dùng tiền mặt) và gửi lại.",
    "Nội dung cam kết còn chung chung, chưa có số liệu; đề nghị ghi rõ chỉ tiêu và thời hạn.",
    "Số cá nhân đăng ký danh hiệu chưa khớp với danh sách đăng ký cá nhân của đơn vị; đề nghị "
    "rà soát và gửi lại.",
)
# For a unit aiming higher than last year allows (Luật Thi đua, khen thưởng 2022 Điều 27).
RETURN_REASON_EXCELLENT = (
    "Năm trước đơn vị chưa đạt danh hiệu Tập thể lao động tiên tiến, chưa đủ điều kiện đăng ký "
    "Tập thể lao động xuất sắc; đề nghị xem lại danh hiệu đăng ký."
)
PERSONAL_RETURN_REASON = "Đề nghị ghi rõ sáng kiến, giải pháp dự kiến thực hiện trong năm."
PROPOSAL_NOTES = (
    "Đơn vị đang nâng cấp hệ thống HIS, đề nghị điều chỉnh chỉ tiêu năm {year}.",
    "Đơn vị có quy mô nhỏ, số lượt khám ít; đề nghị chỉ tiêu phù hợp với thực tế.",
    "Đơn vị đề xuất chỉ tiêu cao hơn chỉ tiêu chung vì đã hoàn thành sớm năm trước.",
)
ASSIGN_NOTE = "Sở giao theo quy mô, năng lực của đơn vị."
PLEDGE_CONTENT = (
    "Thực hiện Kế hoạch số 190/KH-UBND của UBND thành phố Hà Nội về phong trào thi đua “Cả nước "
    "thi đua đổi mới sáng tạo và chuyển đổi số” giai đoạn 2025–2030, các đơn vị thành viên "
    "{cluster} thống nhất ký giao ước thi đua năm {year} với các nội dung:\n"
    "1. Hoàn thành toàn diện các chỉ tiêu chuyên môn, tài chính được Sở Y tế giao năm {year}.\n"
    "2. Đẩy mạnh chuyển đổi số: bệnh án điện tử, thanh toán không dùng tiền mặt, dịch vụ công "
    "trực tuyến toàn trình; bảo đảm an toàn thông tin mạng.\n"
    "3. Mỗi đơn vị có ít nhất một sáng kiến, giải pháp đổi mới sáng tạo được công nhận.\n"
    "4. Nâng cao chất lượng phục vụ, chỉ số hài lòng của người dân đạt từ 90% trở lên.\n"
    "5. Thường xuyên trao đổi, học tập kinh nghiệm, nhân rộng điển hình tiên tiến giữa các đơn "
    "vị trong khối; sơ kết 6 tháng, tổng kết năm và bình xét, suy tôn đơn vị dẫn đầu khối."
)


@dataclass(frozen=True)
class DemoRegistrations:
    unit_registrations: int
    personal_registrations: int
    targets: int
    pledges: int
    signatories: int
    next_round_year: int | None  # the round opened today, None when there was none to open

    def counts(self) -> dict[str, int]:
        return {
            "unit_registrations": self.unit_registrations,
            "personal_registrations": self.personal_registrations,
            "targets": self.targets,
            "pledges": self.pledges,
            "pledge_signatories": self.signatories,
            "registration_rounds": 1 if self.next_round_year else 0,
        }


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    """A time of the working day on `day`, in the local time zone."""
    hour, minute = rng.randint(7, 16), rng.randint(0, 59)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _day_between(first: dt.date, last: dt.date, rng: random.Random) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _users_by_unit(role: Role, unit_ids: Sequence[int]) -> dict[int, int]:
    """The first user holding `role` on each unit (one query)."""
    rows = (
        RoleAssignment.objects.filter(role=role, unit_id__in=unit_ids)
        .order_by("pk")
        .values_list("unit_id", "user_id")
    )
    found: dict[int, int] = {}
    for unit_id, user_id in rows:
        found.setdefault(unit_id, user_id)
    return found


def _department_officer(movement: Movement) -> int | None:
    """A department officer of the organising unit (who approves the units' registrations)."""
    owner_path = movement.owner.path
    for user_id, path in (
        RoleAssignment.objects.filter(role=Role.DEPT_OFFICER)
        .order_by("unit__depth", "pk")
        .values_list("user_id", "unit__path")
    ):
        if owner_path.startswith(path):
            return int(user_id)
    return None


def _commitments(unit: Unit, title: str, year: int, rng: random.Random) -> str:
    specific = list(COMMITMENTS_BY_KIND.get(unit.kind, ()))
    chosen = rng.sample(specific, min(2, len(specific))) + rng.sample(
        list(COMMITMENTS_COMMON), 3 if specific else 4
    )
    label = EmulationTitle(title).label
    lines = [f"{n}. {text.format(year=year)}" for n, text in enumerate(chosen, start=1)]
    return f"Năm {year}, {unit.name} đăng ký danh hiệu “{label}” và cam kết:\n" + "\n".join(lines)


def _is_leader(position: str) -> bool:
    folded = position.lower()
    return any(word in folded for word in LEADER_WORDS)


@dataclass
class _UnitPick:
    unit: Unit
    status: str
    title: str


def _pick_units(
    units: Sequence[Unit], showcase: set[int], heads: set[int], rng: random.Random
) -> list[_UnitPick]:
    """Which units registered, with which status and collective title: the units of the demo
    accounts are always approved; a few are returned, some wait for the Sở."""
    wanted = round(len(units) * REGISTERED_SHARE)
    others = [u for u in units if u.pk not in showcase]
    chosen_ids = {u.pk for u in units if u.pk in showcase}
    chosen_ids |= {
        u.pk for u in rng.sample(others, max(0, min(len(others), wanted - len(chosen_ids))))
    }
    picks: list[_UnitPick] = []
    for unit in units:
        if unit.pk not in chosen_ids:
            continue
        draw = rng.random()
        if unit.pk in showcase or draw >= 0.2:
            status = ApprovalStatus.APPROVED
        elif draw < 0.04:
            status = ApprovalStatus.RETURNED
        else:
            status = ApprovalStatus.SUBMITTED
        title = (
            EmulationTitle.COLLECTIVE_EXCELLENT
            if rng.random() < 0.4
            else EmulationTitle.COLLECTIVE_ADVANCED
        )
        picks.append(_UnitPick(unit, status, title))
    candidates = [p for p in picks if p.unit.pk not in showcase]
    # At least one of each waiting state, whatever the draw (the small scale has 15 units).
    for status in (ApprovalStatus.RETURNED, ApprovalStatus.SUBMITTED):
        if candidates and not any(p.status == status for p in picks):
            target = next(
                (p for p in reversed(candidates) if p.status == ApprovalStatus.APPROVED), None
            )
            if target is not None:
                target.status = status
    # The city's flag: a few units heading their cluster.
    leading = [p for p in picks if p.unit.pk in heads]
    for pick in rng.sample(leading, min(FLAGS, len(leading))):
        pick.title = EmulationTitle.CITY_FLAG
    return picks


def _write_unit_registrations(
    round_: RegistrationRound,
    picks: Sequence[_UnitPick],
    officers: dict[int, int],
    approver: int | None,
    rng: random.Random,
) -> dict[int, UnitRegistration]:
    registrations: dict[int, UnitRegistration] = {}
    for pick in picks:
        submitted = _moment(_day_between(round_.opens_on, round_.deadline, rng), rng)
        decided = submitted + dt.timedelta(days=rng.randint(2, 20), hours=rng.randint(0, 5))
        registration = UnitRegistration(
            round=round_,
            unit=pick.unit,
            collective_title=pick.title,
            commitments=_commitments(pick.unit, pick.title, round_.year, rng),
            status=pick.status,
            submitted_at=submitted,
            submitted_by_id=officers.get(pick.unit.pk),
        )
        if pick.status in (ApprovalStatus.APPROVED, ApprovalStatus.RETURNED):
            registration.decided_at = decided
            registration.decided_by_id = approver
        if pick.status == ApprovalStatus.RETURNED:
            registration.return_reason = (
                RETURN_REASON_EXCELLENT
                if pick.title == EmulationTitle.COLLECTIVE_EXCELLENT and rng.random() < 0.5
                else rng.choice(RETURN_REASONS)
            )
        registrations[pick.unit.pk] = registration
    return registrations


def _write_personal_registrations(
    round_: RegistrationRound,
    registrations: dict[int, UnitRegistration],
    officers: dict[int, int],
    unit_heads: dict[int, int],
    rng: random.Random,
) -> list[PersonalRegistration]:
    """About 30% of the people of each registered unit (its khoa/phòng included), every person
    with a demo account among them; counts them into the unit's registration."""
    rows = (
        Person.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "unit_id", "unit__path", "position", "user_id")
    )
    counted: dict[int, Counter[str]] = {pk: Counter() for pk in registrations}
    personal: list[PersonalRegistration] = []
    for person_id, unit_id, path, position, user_id in rows:
        top = next((int(i) for i in path.strip("/").split("/") if int(i) in registrations), None)
        if top is None:
            continue
        if user_id is None and rng.random() >= PERSONAL_SHARE:
            continue
        leader = _is_leader(position)
        title = (
            EmulationTitle.EMULATION_SOLDIER_BASE
            if rng.random() < (0.35 if leader else 0.1)
            else EmulationTitle.LABOR_ADVANCED
        )
        draw = rng.random()
        if user_id is not None or draw < 0.82:
            status = ApprovalStatus.APPROVED
        elif draw < 0.93:
            status = ApprovalStatus.SUBMITTED
        elif draw < 0.97:
            status = ApprovalStatus.DRAFT
        else:
            status = ApprovalStatus.RETURNED
        registration = PersonalRegistration(
            round=round_,
            person_id=person_id,
            unit_id=unit_id,
            title=title,
            commitments=rng.choice(PERSONAL_COMMITMENTS),
            status=status,
            registered_by_id=user_id or officers.get(top),
        )
        if status != ApprovalStatus.DRAFT:
            submitted = _moment(_day_between(round_.opens_on, round_.deadline, rng), rng)
            registration.submitted_at = submitted
            if status in (ApprovalStatus.APPROVED, ApprovalStatus.RETURNED):
                head = unit_heads.get(top)
                registration.decided_at = submitted + dt.timedelta(days=rng.randint(1, 10))
                # Nobody approves their own registration.
                registration.decided_by_id = head if head != user_id else None
            if status == ApprovalStatus.RETURNED:
                registration.return_reason = PERSONAL_RETURN_REASON
        if status in COUNTED_STATUSES:
            counted[top][title] += 1
        personal.append(registration)
    for unit_pk, counts in counted.items():
        if counts:
            registrations[unit_pk].individual_counts = {
                str(title): counts.get(title, 0) for title in INDIVIDUAL_TITLES
            }
    return personal


def _target_value(indicator: Indicator, default: Decimal, factor: Decimal) -> Decimal | None:
    """The default moved by `factor`: whole for counts (at least 1), one decimal otherwise,
    within the indicator's bounds (100 at most for a percentage); None when it is the default."""
    if indicator.value_type == ValueType.COUNT:
        value = max((default * factor).quantize(Decimal(1), ROUND_HALF_UP), Decimal(1))
    else:
        value = (default * factor).quantize(Decimal("0.1"), ROUND_HALF_UP)
    if indicator.value_type == ValueType.PERCENTAGE:
        value = min(value, Decimal(100))
    if indicator.max_value is not None:
        value = min(value, indicator.max_value)
    return None if value == default else value


def _write_targets(
    movement: Movement,
    year: int,
    units: Sequence[Unit],
    approver: int | None,
    rng: random.Random,
) -> list[Target]:
    """The Sở's own targets for about a third of the units; proposals of about one unit in
    eight, waiting for the Sở."""
    indicators = [
        i for i in numeric_indicators(movement) if i.direction != Direction.LOWER_IS_BETTER
    ]
    defaults_by_id = dict(
        YearlyTarget.objects.filter(
            indicator__in=[i.pk for i in indicators], year=year
        ).values_list("indicator_id", "value")
    )
    with_default = [i for i in indicators if defaults_by_id.get(i.pk)]
    if not with_default:
        return []
    decided = _moment(dt.date(year, 2, 15), rng)
    targets: list[Target] = []
    for unit in units:
        draw = rng.random()
        factors: tuple[str, ...]
        if draw < 0.35:
            status, factors = TargetStatus.APPROVED, ("1.05", "1.1", "1.2", "1.5", "0.9")
            count = min(rng.randint(2, 4), len(with_default))
        elif draw < 0.5:
            status, factors = TargetStatus.PROPOSED, ("0.8", "0.9", "1.1")
            count = min(rng.randint(1, 2), len(with_default))
        else:
            continue
        for indicator in rng.sample(with_default, count):
            value = _target_value(
                indicator, defaults_by_id[indicator.pk], Decimal(rng.choice(factors))
            )
            if value is None:
                continue
            approved = status == TargetStatus.APPROVED
            targets.append(
                Target(
                    indicator=indicator,
                    unit=unit,
                    year=year,
                    value=value,
                    status=status,
                    note=ASSIGN_NOTE if approved else rng.choice(PROPOSAL_NOTES).format(year=year),
                    decided_by_id=approver if approved else None,
                    decided_at=decided if approved else None,
                )
            )
    return targets


def _write_pledges(movement: Movement, year: int, rng: random.Random) -> tuple[int, int]:
    """The giao ước of every cluster of `year` that has none, signed by its member units (their
    head, with their position, where known)."""
    clusters = list(
        Cluster.objects.filter(year=year)
        .exclude(pledges__movement=movement)
        .select_related("head_unit")
        .order_by("code")
    )
    members: dict[int, list[Unit]] = {}
    for member in (
        ClusterMember.objects.filter(cluster__in=[c.pk for c in clusters])
        .select_related("unit__head")
        .order_by("pk")
    ):
        members.setdefault(member.cluster_id, []).append(member.unit)
    signatories: list[PledgeSignatory] = []
    pledges = 0
    for number, cluster in enumerate(clusters):
        units = members.get(cluster.pk, [])
        if not units:
            continue
        host = cluster.head_unit or units[0]
        pledge = Pledge.objects.create(
            movement=movement,
            cluster=cluster,
            title=f"Giao ước thi đua năm {year} — {cluster.name}",
            content=PLEDGE_CONTENT.format(cluster=cluster.name, year=year),
            signed_on=dt.date(year, 2, 24) + dt.timedelta(days=number * 2 + rng.randint(0, 1)),
            place=f"Hội trường {host.name}"[:200],
        )
        pledges += 1
        for unit in units:
            head = unit.head
            signatories.append(
                PledgeSignatory(
                    pledge=pledge,
                    unit=unit,
                    signer_name=head.full_name if head else f"Đại diện lãnh đạo {unit.name}"[:150],
                    signer_position=(
                        head.position if head and head.position else "Thủ trưởng đơn vị"
                    ),
                )
            )
    PledgeSignatory.objects.bulk_create(signatories, batch_size=BATCH_SIZE)
    return pledges, len(signatories)


def _open_next_round(movement: Movement, today: dt.date) -> int | None:
    """The round of the year after `today` (2027 when run in 2026), opening today with a
    deadline 45 days later; None when that year is outside the movement or has its round."""
    year = today.year + 1
    if year > movement.end_date.year:
        return None
    if RegistrationRound.objects.filter(movement=movement, year=year).exists():
        return None
    RegistrationRound.objects.create(
        movement=movement,
        year=year,
        opens_on=today,
        deadline=today + dt.timedelta(days=NEXT_ROUND_DAYS),
    )
    return year


@transaction.atomic
def install_demo_registrations(
    movement: Movement, *, today: dt.date, seed: int = DEFAULT_SEED
) -> DemoRegistrations:
    """Fill the movement's 2026 round with registrations, give some units their own targets,
    record the pledges of the 2026 clusters and open the next year's round today (see the
    module's docstring). One audit entry with the counts.

    Refuses (DomainError): production settings, a movement without its 2026 round, and a 2026
    round that already has registrations (the demo data is there already).
    """
    if settings.THIDUA_IS_PRODUCTION:
        raise DomainError("Không được tạo dữ liệu demo trong môi trường sản xuất.")
    round_ = RegistrationRound.objects.filter(movement=movement, year=DEMO_YEAR).first()
    if round_ is None:
        raise DomainError(f"Phong trào “{movement.name}” chưa có đợt đăng ký năm {DEMO_YEAR}.")
    if UnitRegistration.objects.filter(round=round_).exists():
        raise DomainError(f"Đợt đăng ký năm {DEMO_YEAR} đã có dữ liệu: không tạo thêm.")
    rng = random.Random(seed)  # noqa: S311 (deterministic demo data, nothing secret)
    units = list(participant_units(movement).select_related("head").order_by("sort_order", "code"))
    unit_ids = [u.pk for u in units]
    officers = _users_by_unit(Role.UNIT_OFFICER, unit_ids)
    unit_heads = _users_by_unit(Role.UNIT_HEAD, unit_ids)
    approver = _department_officer(movement)
    cluster_heads = set(
        Cluster.objects.filter(year=DEMO_YEAR, head_unit__isnull=False).values_list(
            "head_unit_id", flat=True
        )
    )
    picks = _pick_units(units, set(officers) | set(unit_heads), cluster_heads, rng)
    registrations = _write_unit_registrations(round_, picks, officers, approver, rng)
    personal = _write_personal_registrations(round_, registrations, officers, unit_heads, rng)
    UnitRegistration.objects.bulk_create(registrations.values(), batch_size=BATCH_SIZE)
    PersonalRegistration.objects.bulk_create(personal, batch_size=BATCH_SIZE)
    targets = _write_targets(movement, DEMO_YEAR, [p.unit for p in picks], approver, rng)
    Target.objects.bulk_create(targets, batch_size=BATCH_SIZE)
    pledges, signatories = _write_pledges(movement, DEMO_YEAR, rng)
    result = DemoRegistrations(
        unit_registrations=len(registrations),
        personal_registrations=len(personal),
        targets=len(targets),
        pledges=pledges,
        signatories=signatories,
        next_round_year=_open_next_round(movement, today),
    )
    record_audit(
        actor=None,
        action=AuditAction.IMPORT,
        target=movement,
        target_repr="Khởi tạo dữ liệu demo đăng ký thi đua",
        unit_path=movement.owner.path,
        changes={key: [0, value] for key, value in result.counts().items()},
        reason=f"Dữ liệu demo năm {DEMO_YEAR}, seed {seed}.",
    )
    return result
