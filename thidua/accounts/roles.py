"""Roles, named permissions and which role grants what: the vocabulary of access, as data.

Pure: no Django. A role is always held *on a unit* (optionally with its subtree); whether a
grant reaches a given unit is decided by `Grant.covers`. DESIGN.md §2 is the source.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    SYSTEM_ADMIN = "system_admin"
    DEPT_OFFICER = "dept_officer"
    DEPT_LEADER = "dept_leader"
    UNIT_OFFICER = "unit_officer"
    UNIT_HEAD = "unit_head"
    COUNCIL_MEMBER = "council_member"
    REVIEWER = "reviewer"
    INSPECTOR = "inspector"
    STAFF = "staff"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: Mapping[Role, str] = {
    Role.SYSTEM_ADMIN: "Quản trị hệ thống",
    Role.DEPT_OFFICER: "Thường trực Hội đồng TĐKT / Phòng TCCB Sở",
    Role.DEPT_LEADER: "Lãnh đạo Sở",
    Role.UNIT_OFFICER: "Cán bộ phụ trách TĐKT đơn vị",
    Role.UNIT_HEAD: "Thủ trưởng đơn vị",
    Role.COUNCIL_MEMBER: "Ủy viên Hội đồng",
    Role.REVIEWER: "Thành viên chấm sáng kiến",
    Role.INSPECTOR: "Đoàn kiểm tra",
    Role.STAFF: "Cán bộ, viên chức, người lao động",
}

ROLE_CHOICES: list[tuple[str, str]] = [(role.value, ROLE_LABELS[role]) for role in Role]


class Perm(StrEnum):
    """Named permissions, checked the same way by views, templates and the API."""

    VIEW_UNIT = "organizations.view_unit"
    CHANGE_UNIT = "organizations.change_unit"
    VIEW_CLUSTER = "organizations.view_cluster"
    MANAGE_CLUSTERS = "organizations.manage_clusters"
    VIEW_PERSON = "organizations.view_person"
    CHANGE_PERSON = "organizations.change_person"
    EXPORT_PEOPLE = "organizations.export_people"
    IMPORT_DATA = "organizations.import_data"
    MANAGE_USERS = "organizations.manage_users"
    VIEW_AUDIT = "core.view_audit"
    # Movements (issue 3): the plan, targets, registrations, pledges.
    VIEW_MOVEMENT = "movements.view_movement"
    MANAGE_MOVEMENT = "movements.manage_movement"
    MANAGE_TARGETS = "movements.manage_targets"
    REGISTER_UNIT = "movements.register_unit"
    APPROVE_PERSONAL_REGISTRATION = "movements.approve_personal_registration"
    APPROVE_UNIT_REGISTRATION = "movements.approve_unit_registration"
    # Reporting (issue 4): periodic reports, evidence, approval, scores and rankings.
    VIEW_REPORT = "reporting.view_report"
    ENTER_REPORT = "reporting.enter_report"
    APPROVE_REPORT = "reporting.approve_report"
    MANAGE_REPORTING = "reporting.manage_reporting"
    # Initiatives (issue 5). Authors act on their own initiatives by identity, reviewers on their
    # assignments and council members on their council's rounds by membership; these permissions
    # are what a unit-scoped role adds on top.
    VIEW_INITIATIVE = "initiatives.view_initiative"
    SUBMIT_INITIATIVE_FOR_OTHERS = "initiatives.submit_for_others"
    SCREEN_INITIATIVE = "initiatives.screen_initiative"
    MANAGE_INITIATIVE_COUNCILS = "initiatives.manage_councils"
    RECORD_ADOPTION = "initiatives.record_adoption"
    # Documents (issue 6): the register of issued documents is read, and documents issued, at the
    # unit whose data they carry; templates are the department's.
    VIEW_DOCUMENT = "documents.view_document"
    ISSUE_DOCUMENT = "documents.issue_document"
    MANAGE_DOCUMENT_TEMPLATES = "documents.manage_templates"
    # Phase reports (issue 6): the sơ kết / tổng kết reports, at the movement's organising unit.
    VIEW_PHASE_REPORT = "summaries.view_phase_report"
    EDIT_PHASE_REPORT = "summaries.edit_phase_report"
    # Awards (issue 7): the inputs the Law's rules read, eligibility, and the rulebook (the
    # department's, managed by the system administrator). Staff read their own by identity.
    VIEW_AWARD_INPUTS = "awards.view_award_inputs"
    EDIT_AWARD_INPUTS = "awards.edit_award_inputs"
    VIEW_ELIGIBILITY = "awards.view_eligibility"
    MANAGE_RULEBOOK = "awards.manage_rulebook"
    # Award rounds: units nominate at their unit; the department (at the round's organiser)
    # opens rounds, checks nominations (thẩm định) and answers disclosure feedback.
    VIEW_NOMINATIONS = "awards.view_nominations"
    NOMINATE = "awards.nominate"
    MANAGE_AWARD_ROUNDS = "awards.manage_rounds"
    # The Hội đồng Thi đua – Khen thưởng (its standing body manages members and sessions; members
    # vote by membership, never by a role) and the award decisions: prepared by the standing
    # body, reviewed by the head or leader, issued with documents.issue_document.
    MANAGE_AWARD_COUNCILS = "awards.manage_councils"
    PREPARE_AWARD_DECISION = "awards.prepare_decision"
    REVIEW_AWARD_DECISION = "awards.review_decision"


_ALL = frozenset(Perm)
_READ_ORG = frozenset({Perm.VIEW_UNIT, Perm.VIEW_CLUSTER, Perm.VIEW_PERSON, Perm.EXPORT_PEOPLE})
_PLAN_MANAGER = frozenset(
    {Perm.MANAGE_MOVEMENT, Perm.MANAGE_TARGETS, Perm.APPROVE_UNIT_REGISTRATION}
)
# Approving a report at a level is judged at the unit of that level (reporting/rules.py): a
# unit head approves at their unit, the department officer at the Sở.
_REPORT_MANAGER = frozenset({Perm.VIEW_REPORT, Perm.APPROVE_REPORT, Perm.MANAGE_REPORTING})
_INITIATIVE_OFFICER = frozenset(
    {
        Perm.VIEW_INITIATIVE,
        Perm.SUBMIT_INITIATIVE_FOR_OTHERS,
        Perm.SCREEN_INITIATIVE,
        Perm.MANAGE_INITIATIVE_COUNCILS,
        Perm.RECORD_ADOPTION,
    }
)
_AWARD_INPUTS_OFFICER = frozenset(
    {
        Perm.VIEW_AWARD_INPUTS,
        Perm.EDIT_AWARD_INPUTS,
        Perm.VIEW_ELIGIBILITY,
        Perm.VIEW_NOMINATIONS,
        Perm.NOMINATE,
    }
)
_AWARD_READER = frozenset({Perm.VIEW_AWARD_INPUTS, Perm.VIEW_ELIGIBILITY, Perm.VIEW_NOMINATIONS})
_AWARD_COUNCIL_OFFICER = frozenset({Perm.MANAGE_AWARD_COUNCILS, Perm.PREPARE_AWARD_DECISION})

ROLE_PERMISSIONS: Mapping[Role, frozenset[Perm]] = {
    Role.SYSTEM_ADMIN: _ALL,
    Role.DEPT_OFFICER: _READ_ORG
    | _PLAN_MANAGER
    | {
        Perm.CHANGE_UNIT,
        Perm.CHANGE_PERSON,
        Perm.IMPORT_DATA,
        Perm.MANAGE_CLUSTERS,
        Perm.VIEW_AUDIT,
        Perm.VIEW_MOVEMENT,
    }
    | _REPORT_MANAGER
    | _INITIATIVE_OFFICER
    | {Perm.VIEW_DOCUMENT, Perm.ISSUE_DOCUMENT, Perm.MANAGE_DOCUMENT_TEMPLATES}
    | {Perm.VIEW_PHASE_REPORT, Perm.EDIT_PHASE_REPORT}
    | _AWARD_INPUTS_OFFICER
    | {Perm.MANAGE_AWARD_ROUNDS}
    | _AWARD_COUNCIL_OFFICER,
    Role.DEPT_LEADER: _READ_ORG
    | {
        Perm.VIEW_MOVEMENT,
        Perm.VIEW_REPORT,
        Perm.VIEW_INITIATIVE,
        Perm.VIEW_DOCUMENT,
        Perm.VIEW_PHASE_REPORT,
    }
    | _AWARD_READER
    | {Perm.REVIEW_AWARD_DECISION},
    Role.UNIT_OFFICER: _READ_ORG
    | {
        Perm.CHANGE_UNIT,
        Perm.CHANGE_PERSON,
        Perm.IMPORT_DATA,
        Perm.MANAGE_USERS,
        Perm.VIEW_MOVEMENT,
        Perm.REGISTER_UNIT,
        Perm.VIEW_REPORT,
        Perm.ENTER_REPORT,
        Perm.VIEW_DOCUMENT,
        Perm.ISSUE_DOCUMENT,
    }
    | _INITIATIVE_OFFICER
    | _AWARD_INPUTS_OFFICER
    | _AWARD_COUNCIL_OFFICER,
    Role.UNIT_HEAD: _READ_ORG
    | {
        Perm.VIEW_MOVEMENT,
        Perm.APPROVE_PERSONAL_REGISTRATION,
        Perm.VIEW_REPORT,
        Perm.APPROVE_REPORT,
        Perm.VIEW_INITIATIVE,
        Perm.SCREEN_INITIATIVE,
        Perm.MANAGE_INITIATIVE_COUNCILS,
        Perm.VIEW_DOCUMENT,
        Perm.ISSUE_DOCUMENT,
    }
    | _AWARD_READER
    | {Perm.REVIEW_AWARD_DECISION},
    Role.COUNCIL_MEMBER: frozenset(
        {Perm.VIEW_UNIT, Perm.VIEW_CLUSTER, Perm.VIEW_MOVEMENT, Perm.VIEW_INITIATIVE}
    ),
    Role.REVIEWER: frozenset({Perm.VIEW_UNIT, Perm.VIEW_MOVEMENT}),
    Role.INSPECTOR: _READ_ORG
    | {
        Perm.VIEW_AUDIT,
        Perm.VIEW_MOVEMENT,
        Perm.VIEW_REPORT,
        Perm.VIEW_INITIATIVE,
        Perm.VIEW_DOCUMENT,
        Perm.VIEW_AWARD_INPUTS,
    },
    # Staff see their own profile by identity, not through a unit scope; they read the plan of
    # the movements their unit takes part in and register their own commitments (by identity).
    Role.STAFF: frozenset({Perm.VIEW_MOVEMENT}),
}

# Which roles a holder of MANAGE_USERS may hand out (within the scope of their own grant).
ASSIGNABLE_ROLES: Mapping[Role, frozenset[Role]] = {
    Role.SYSTEM_ADMIN: frozenset(Role),
    Role.UNIT_OFFICER: frozenset({Role.STAFF}),
}


@dataclass(frozen=True, slots=True)
class Grant:
    """One role assignment, reduced to what access decisions need.

    `unit_path` is the materialised path of the unit ("/1/7/"); a grant with its subtree
    reaches every unit whose path starts with it, a grant without reaches that unit only.
    """

    role: Role
    unit_id: int
    unit_path: str
    include_subtree: bool

    def covers(self, path: str) -> bool:
        if self.include_subtree:
            return path.startswith(self.unit_path)
        return path == self.unit_path

    def allows(self, perm: Perm) -> bool:
        return perm in ROLE_PERMISSIONS[self.role]


def grants_allowing(grants: Iterable[Grant], perm: Perm) -> list[Grant]:
    return [grant for grant in grants if grant.allows(perm)]


def is_permitted(grants: Iterable[Grant], perm: Perm, unit_path: str) -> bool:
    """Whether any grant gives `perm` on the unit at `unit_path` (the union of assignments)."""
    return any(grant.allows(perm) and grant.covers(unit_path) for grant in grants)


def has_anywhere(grants: Iterable[Grant], perm: Perm) -> bool:
    """Whether any grant gives `perm` on some unit (e.g. to show a menu entry)."""
    return any(grant.allows(perm) for grant in grants)


def roles_assignable_by(grants: Iterable[Grant], unit_path: str) -> frozenset[Role]:
    """Roles the holder of `grants` may assign on the unit at `unit_path`."""
    allowed: set[Role] = set()
    for grant in grants:
        if grant.allows(Perm.MANAGE_USERS) and grant.covers(unit_path):
            allowed |= ASSIGNABLE_ROLES.get(grant.role, frozenset())
    return frozenset(allowed)
