"""Councils and members: who may create and change them, the level fitting the unit, members
chosen among people with accounts of the council's unit, one chair and one secretary, audit."""

import pytest

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditEntry
from thidua.initiatives.enums import CouncilLevel, MemberRole
from thidua.initiatives.models import CouncilMember, InitiativeCouncil
from thidua.initiatives.services.councils import (
    add_council_member,
    change_council_member,
    create_council,
    remove_council_member,
    update_council,
)
from thidua.initiatives.tests.council_factories import make_assignment, make_round
from thidua.initiatives.tests.council_support import build_scene, person_with_account
from thidua.organizations.tests.factories import UserFactory, grant


def test_create_council_unit_level_at_a_hospital_audited(org, cast):
    officer = cast[Role.UNIT_OFFICER]

    council = create_council(
        unit=org.a,
        name="Hội đồng sáng kiến Bệnh viện A năm 2026",
        level=CouncilLevel.UNIT,
        year=2026,
        decision_number="12/QĐ-BVA",
        by=officer,
    )

    assert (council.unit, council.level, council.year, council.decision_number) == (
        org.a,
        CouncilLevel.UNIT,
        2026,
        "12/QĐ-BVA",
    )
    entry = AuditEntry.objects.get(target_type="initiatives.initiativecouncil")
    assert (entry.actor, entry.action, entry.unit_path) == (officer, "create", org.a.path)
    assert entry.changes["name"] == [None, "Hội đồng sáng kiến Bệnh viện A năm 2026"]


def test_create_council_department_level_at_the_root(org, cast):
    council = create_council(
        unit=org.root,
        name="Hội đồng sáng kiến Sở Y tế",
        level=CouncilLevel.DEPARTMENT,
        year=2026,
        by=cast[Role.DEPT_OFFICER],
    )

    assert council.level == CouncilLevel.DEPARTMENT


def test_create_council_another_units_refused(org, cast):
    with pytest.raises(PermissionDeniedError):
        create_council(
            unit=org.b,
            name="Hội đồng sáng kiến Bệnh viện B",
            level=CouncilLevel.UNIT,
            year=2026,
            by=cast[Role.UNIT_OFFICER],
        )

    assert InitiativeCouncil.objects.count() == 0


@pytest.mark.parametrize(
    ("unit_name", "level"),
    [("root", CouncilLevel.UNIT), ("a", CouncilLevel.DEPARTMENT), ("a1", CouncilLevel.UNIT)],
)
def test_create_council_level_not_fitting_the_unit_refused(org, cast, unit_name, level):
    with pytest.raises(DomainError) as refused:
        create_council(
            unit=getattr(org, unit_name),
            name="Hội đồng",
            level=level,
            year=2026,
            by=cast[Role.SYSTEM_ADMIN],
        )

    assert refused.value.field == "unit"
    assert InitiativeCouncil.objects.count() == 0


def test_create_council_empty_name_refused(org, cast):
    with pytest.raises(DomainError) as refused:
        create_council(
            unit=org.a, name="  ", level=CouncilLevel.UNIT, year=2026, by=cast[Role.UNIT_HEAD]
        )

    assert (refused.value.message, refused.value.field) == ("Hãy nhập tên hội đồng.", "name")


def test_update_council_records_the_changes(org, cast):
    scene = build_scene(org, cast)

    update_council(
        scene.council,
        name="Hội đồng sáng kiến BV A",
        year=2026,
        decision_number="15/QĐ-BVA",
        is_active=True,
        by=scene.manager,
    )

    entry = AuditEntry.objects.get(action="update", target_type="initiatives.initiativecouncil")
    assert entry.changes == {
        "name": ["Hội đồng sáng kiến Bệnh viện A năm 2026", "Hội đồng sáng kiến BV A"],
        "decision_number": ["", "15/QĐ-BVA"],
    }


def test_add_council_member_of_the_unit_with_a_role(org, cast):
    scene = build_scene(org, cast)
    newcomer = person_with_account(org.a1, "dd_a1", "Ngô Thị Mai").user

    member = add_council_member(
        scene.council, user=newcomer, role=MemberRole.STANDING, reviews=True, by=scene.manager
    )

    assert (member.role, member.reviews, member.order) == (MemberRole.STANDING, True, 5)
    entry = AuditEntry.objects.get(target_type="initiatives.councilmember")
    assert entry.target_repr == (
        "Hội đồng sáng kiến Bệnh viện A năm 2026: Ngô Thị Mai (Ủy viên thường trực)"
    )


def test_add_council_member_outside_the_unit_refused(org, cast):
    scene = build_scene(org, cast)
    elsewhere = person_with_account(org.b1, "bs_b1", "Trần Văn Bắc").user

    with pytest.raises(DomainError) as refused:
        add_council_member(scene.council, user=elsewhere, role=MemberRole.MEMBER, by=scene.manager)

    assert refused.value.message == (
        "Trần Văn Bắc không công tác tại Bệnh viện A; chỉ chọn được cán bộ của đơn vị có hội đồng."
    )


def test_add_council_member_without_person_record_refused(org, cast):
    scene = build_scene(org, cast)

    with pytest.raises(DomainError) as refused:
        add_council_member(
            scene.council, user=UserFactory(), role=MemberRole.MEMBER, by=scene.manager
        )

    assert refused.value.message == "Chỉ chọn được cán bộ đã có hồ sơ và tài khoản trong hệ thống."


def test_add_council_member_second_chair_refused(org, cast):
    scene = build_scene(org, cast)
    newcomer = person_with_account(org.a1, "dd_a1", "Ngô Thị Mai").user

    with pytest.raises(DomainError) as refused:
        add_council_member(scene.council, user=newcomer, role=MemberRole.CHAIR, by=scene.manager)

    assert refused.value.message == (
        "Hội đồng đã có Chủ tịch là Phạm Văn Giám; hãy đổi vai trò người đó trước."
    )
    assert scene.council.members.count() == 5


def test_add_council_member_twice_refused(org, cast):
    scene = build_scene(org, cast)

    with pytest.raises(DomainError) as refused:
        add_council_member(scene.council, user=scene.r_a1, role=MemberRole.MEMBER, by=scene.manager)

    assert refused.value.message == "Đỗ Minh Khoa đã là thành viên hội đồng."


def test_add_council_member_by_another_units_officer_refused(org, cast):
    scene = build_scene(org, cast)
    other = UserFactory()
    grant(other, Role.UNIT_OFFICER, org.b)

    with pytest.raises(PermissionDeniedError):
        add_council_member(scene.council, user=scene.r_a1, role=MemberRole.MEMBER, by=other)


def test_change_council_member_stop_scoring_with_pending_review_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])
    make_assignment(round_, scene.sk_a1, scene.r_a2)
    member = CouncilMember.objects.get(council=scene.council, user=scene.r_a2)

    with pytest.raises(DomainError) as refused:
        change_council_member(member, role=MemberRole.MEMBER, reviews=False, by=scene.manager)

    assert refused.value.field == "reviews"
    member.refresh_from_db()
    assert member.reviews is True


def test_remove_council_member_audited(org, cast):
    scene = build_scene(org, cast)
    member = CouncilMember.objects.get(council=scene.council, user=scene.secretary)

    remove_council_member(member, by=scene.manager)

    assert not CouncilMember.objects.filter(pk=member.pk).exists()
    entry = AuditEntry.objects.get(action="delete", target_type="initiatives.councilmember")
    assert entry.changes["role"] == [MemberRole.SECRETARY, None]


def test_remove_council_member_with_pending_review_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])
    make_assignment(round_, scene.sk_a1, scene.r_a2)
    member = CouncilMember.objects.get(council=scene.council, user=scene.r_a2)

    with pytest.raises(DomainError) as refused:
        remove_council_member(member, by=scene.manager)

    assert refused.value.message == (
        "Vũ Thị Lan còn phiếu chấm chưa nộp trong đợt chấm đang diễn ra; hãy bỏ phân công trước."
    )
