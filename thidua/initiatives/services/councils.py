"""Councils (Hội đồng sáng kiến) and their members.

A council sits at a unit: the department's council at the Sở (the root of the tree), a unit's
council (cấp cơ sở) at a hospital or centre (a unit right below the Sở). It is managed by the
holders of MANAGE_INITIATIVE_COUNCILS at that unit. Its members are people with an account,
working in the council's unit or below it (anywhere for the department's council), each with a
role; `reviews` says who may be assigned initiatives to score. Every member counts towards the
whole membership the recognition vote is measured against (rulebook: two thirds).

Every write is audited; a refusal is a DomainError with its Vietnamese message.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.initiatives.enums import CouncilLevel, MemberRole, ReviewStatus, RoundStatus
from thidua.initiatives.models import Assignment, CouncilMember, CouncilVote, InitiativeCouncil
from thidua.organizations import tree
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import can

MAX_NAME = 255
MSG_NO_MANAGE = "Bạn không có quyền quản lý hội đồng sáng kiến của đơn vị này."
# One holder at a time for these roles; the others may be several.
SINGLE_ROLES = {MemberRole.CHAIR: "Chủ tịch", MemberRole.SECRETARY: "Thư ký"}
COUNCIL_FIELDS = ("name", "level", "unit", "year", "decision_number", "is_active")
MEMBER_FIELDS = ("user", "role", "reviews", "order")


def check_manages(user: User, council: InitiativeCouncil) -> None:
    """Refuse unless `user` holds MANAGE_INITIATIVE_COUNCILS at the council's unit."""
    if not can(user, Perm.MANAGE_INITIATIVE_COUNCILS, council.unit.path):
        raise PermissionDeniedError(MSG_NO_MANAGE)


def _check_level(level: str, unit: Unit) -> None:
    depth = tree.depth_of(unit.path)
    if level == CouncilLevel.DEPARTMENT and depth != 0:
        raise DomainError("Hội đồng sáng kiến cấp Sở đặt tại Sở (gốc cây đơn vị).", field="unit")
    if level == CouncilLevel.UNIT and depth != 1:
        raise DomainError(
            "Hội đồng sáng kiến cấp cơ sở đặt tại một đơn vị trực thuộc Sở (bệnh viện, trung "
            "tâm), không đặt tại Sở hay tại khoa, phòng.",
            field="unit",
        )
    if level not in CouncilLevel.values:
        raise DomainError("Cấp hội đồng không hợp lệ.", field="level")


def _clean_name(name: str) -> str:
    text = (name or "").strip()
    if not text:
        raise DomainError("Hãy nhập tên hội đồng.", field="name")
    if len(text) > MAX_NAME:
        raise DomainError(f"Tên hội đồng dài quá {MAX_NAME} ký tự.", field="name")
    return text


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise DomainError("Năm không hợp lệ (từ 2000 đến 2100).", field="year")


@transaction.atomic
def create_council(
    *,
    unit: Unit,
    name: str,
    level: str,
    year: int,
    decision_number: str = "",
    by: User,
) -> InitiativeCouncil:
    """A new council at `unit`. Refused without MANAGE_INITIATIVE_COUNCILS there, or when the
    level does not fit the unit (cấp Sở at the root, cấp cơ sở right below it)."""
    if not can(by, Perm.MANAGE_INITIATIVE_COUNCILS, unit.path):
        raise PermissionDeniedError(MSG_NO_MANAGE)
    _check_level(level, unit)
    _check_year(year)
    council = InitiativeCouncil.objects.create(
        unit=unit,
        name=_clean_name(name),
        level=level,
        year=year,
        decision_number=(decision_number or "").strip()[:64],
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=council,
        unit_path=unit.path,
        changes=diff({}, snapshot(council, COUNCIL_FIELDS)),
    )
    return council


@transaction.atomic
def update_council(
    council: InitiativeCouncil,
    *,
    name: str,
    year: int,
    decision_number: str,
    is_active: bool,
    by: User,
) -> InitiativeCouncil:
    """Change the council's name, year, decision number or whether it is active (its unit and
    level never change: the rounds and decisions rest on them)."""
    check_manages(by, council)
    _check_year(year)
    before = snapshot(council, COUNCIL_FIELDS)
    council.name = _clean_name(name)
    council.year = year
    council.decision_number = (decision_number or "").strip()[:64]
    council.is_active = is_active
    council.save()
    changes = diff(before, snapshot(council, COUNCIL_FIELDS))
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=council,
            unit_path=council.unit.path,
            changes=changes,
        )
    return council


def _check_candidate(council: InitiativeCouncil, user: User) -> None:
    if not user.is_active:
        raise DomainError("Tài khoản này đã bị khóa; không thể làm thành viên hội đồng.")
    person = Person.objects.filter(user=user).select_related("unit").first()
    if person is None:
        raise DomainError(
            "Chỉ chọn được cán bộ đã có hồ sơ và tài khoản trong hệ thống.", field="user"
        )
    if not tree.is_within(person.unit.path, council.unit.path):
        raise DomainError(
            f"{person.full_name} không công tác tại {council.unit.name}; chỉ chọn được cán bộ "
            "của đơn vị có hội đồng.",
            field="user",
        )


def _check_single_role(council: InitiativeCouncil, role: str, *, except_pk: int | None) -> None:
    if role not in MemberRole.values:
        raise DomainError("Vai trò không hợp lệ.", field="role")
    label = SINGLE_ROLES.get(MemberRole(role))
    if label is None:
        return
    holders = CouncilMember.objects.filter(council=council, role=role)
    if except_pk is not None:
        holders = holders.exclude(pk=except_pk)
    holder = holders.select_related("user").first()
    if holder is not None:
        raise DomainError(
            f"Hội đồng đã có {label} là {holder.user.display_name}; hãy đổi vai trò người đó "
            "trước.",
            field="role",
        )


@transaction.atomic
def add_council_member(
    council: InitiativeCouncil,
    *,
    user: User,
    role: str,
    reviews: bool = True,
    by: User,
) -> CouncilMember:
    """Add `user` to the council with `role`. Refused: a locked account, a user without a
    person record or working outside the council's unit, a member already there, a second
    chair or secretary."""
    check_manages(by, council)
    _check_candidate(council, user)
    if CouncilMember.objects.filter(council=council, user=user).exists():
        raise DomainError(f"{user.display_name} đã là thành viên hội đồng.", field="user")
    _check_single_role(council, role, except_pk=None)
    order = (CouncilMember.objects.filter(council=council).aggregate(m=Max("order"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            member = CouncilMember.objects.create(
                council=council, user=user, role=role, reviews=reviews, order=order
            )
    except IntegrityError as race:
        raise DomainError(f"{user.display_name} đã là thành viên hội đồng.", field="user") from race
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=member,
        target_repr=f"{council.name}: {user.display_name} ({member.get_role_display()})",
        unit_path=council.unit.path,
        changes=diff({}, snapshot(member, MEMBER_FIELDS)),
    )
    return member


@transaction.atomic
def change_council_member(
    member: CouncilMember, *, role: str, reviews: bool, by: User
) -> CouncilMember:
    """Change a member's role, or whether they score. Refused: a second chair or secretary;
    taking scoring away from a member who still has reviews to finish."""
    council = member.council
    check_manages(by, council)
    _check_single_role(council, role, except_pk=member.pk)
    if member.reviews and not reviews and _pending_assignments(member).exists():
        raise DomainError(
            f"{member.user.display_name} còn phiếu chấm chưa nộp trong đợt chấm đang diễn ra; "
            "hãy bỏ phân công trước.",
            field="reviews",
        )
    before = snapshot(member, MEMBER_FIELDS)
    member.role = role
    member.reviews = reviews
    member.save(update_fields=["role", "reviews"])
    changes = diff(before, snapshot(member, MEMBER_FIELDS))
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=member,
            target_repr=f"{council.name}: {member.user.display_name}",
            unit_path=council.unit.path,
            changes=changes,
        )
    return member


def _pending_assignments(member: CouncilMember) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        round__council_id=member.council_id,
        round__status__in=[RoundStatus.DRAFT, RoundStatus.OPEN],
        reviewer_id=member.user_id,
    ).exclude(review__status=ReviewStatus.SUBMITTED)


@transaction.atomic
def remove_council_member(member: CouncilMember, *, by: User) -> None:
    """Remove a member. Refused while they have reviews to finish in a round under way, or once
    they have voted (the count of a decision rests on the membership)."""
    council = member.council
    check_manages(by, council)
    if _pending_assignments(member).exists():
        raise DomainError(
            f"{member.user.display_name} còn phiếu chấm chưa nộp trong đợt chấm đang diễn ra; "
            "hãy bỏ phân công trước."
        )
    if CouncilVote.objects.filter(member=member).exists():
        raise DomainError(
            f"{member.user.display_name} đã biểu quyết trong hội đồng; không xóa được thành "
            "viên này."
        )
    before = snapshot(member, MEMBER_FIELDS)
    label = f"{council.name}: {member.user.display_name}"
    pk = member.pk
    member.delete()
    record_audit(
        actor=by,
        action=AuditAction.DELETE,
        target_type="initiatives.councilmember",
        target_id=pk,
        target_repr=label,
        unit_path=council.unit.path,
        changes=diff(before, {}),
    )
