"""The Tờ trình đề nghị khen thưởng cấp trên of a closed council session: the candidates who
passed the vote for an award the council's unit does not decide (thẩm quyền, LEGAL.md §1.4) —
left out of its own decision (`services.decisions.draft_decision`) — proposed to the level
above through the documents engine ("07/TTr-BVA"), which numbers, renders, stores and audits
it. Every refusal is logged."""

from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.awards import clock
from thidua.awards.council_documents.upward import (
    UPWARD_PROPOSAL_KEY,
    UpwardLine,
    build_upward_proposal,
)
from thidua.awards.domain.competence import decides
from thidua.awards.models import CouncilSession
from thidua.awards.selectors.competence import organiser_level, upward_proposal_source
from thidua.awards.selectors.council_documents import (
    agenda_items,
    award_name,
    issued_by_source,
    session_facts,
    subject_detail,
)
from thidua.awards.selectors.rulebook import spec_of
from thidua.awards.services.councils import deny, refuse
from thidua.documents.models import IssuedDocument
from thidua.documents.services.issuing import Renderer, issue_document
from thidua.documents.services.templates import template_texts
from thidua.organizations.documents import head_name
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Unit

CITY_CHAIRMAN = "Chủ tịch Ủy ban nhân dân Thành phố Hà Nội"


def superior_of(unit: Unit) -> str:
    """Who the tờ trình is addressed to: the Director of the Sở for a unit of the Sở, the
    city's Chairman for the Sở."""
    parent = unit.parent
    if organiser_level(unit) == "department" or parent is None:
        return CITY_CHAIRMAN
    if parent.kind == UnitKind.DEPARTMENT:
        return f"Giám đốc {parent.name}"
    return f"Thủ trưởng {parent.name}"


def upward_lines(session: CouncilSession) -> list[UpwardLine]:
    """The candidates of `session` who passed the vote for an award its unit does not decide,
    in the agenda's order."""
    spec = spec_of(session.rulebook_version)
    level = organiser_level(session.council.unit)
    lines: list[UpwardLine] = []
    for item in agenda_items(session).filter(passed=True):
        nomination = item.nomination
        code = nomination.award_code
        if decides(spec, code, level=level):
            continue
        lines.append(
            UpwardLine(
                name=nomination.subject_name,
                detail=subject_detail(nomination),
                award_name=award_name(spec, code),
                decided_by=spec.award(code).decided_by_label if spec.has_award(code) else "",
                approve=item.approve or 0,
                members_total=session.members_total,
                collective=nomination.subject_unit_id is not None,
            )
        )
    return lines


def issue_upward_proposal(
    session: CouncilSession, *, by: User, render: Renderer | None = None
) -> IssuedDocument:
    """Issue the council unit's tờ trình to the level above, listing who passed the vote for an
    award that level decides, each with the vote. Refuses: no "documents.issue_document" at the
    council's unit; a session still open; nobody to propose upward; a tờ trình already issued
    (naming its number)."""
    unit = session.council.unit
    if not by.has_perm(Perm.ISSUE_DOCUMENT.value, unit):
        deny("Bạn không có quyền phát hành văn bản của đơn vị có Hội đồng này.", by=by)
    if session.is_open:
        refuse("Phiên họp chưa kết thúc: tờ trình lập sau khi kiểm phiếu.", by=by)
    lines = upward_lines(session)
    if not lines:
        refuse(
            "Không có cá nhân, tập thể nào đạt tỷ lệ phiếu bầu cho danh hiệu, hình thức do cấp "
            "trên quyết định: không cần tờ trình đề nghị cấp trên.",
            by=by,
        )
    source = upward_proposal_source(session.pk)
    with transaction.atomic():
        CouncilSession.objects.select_for_update().get(pk=session.pk)
        existing = issued_by_source([source]).get(source)
        if existing is not None:
            refuse(
                f"Tờ trình đề nghị cấp trên của phiên họp đã được phát hành: số "
                f"{existing.number_text}.",
                by=by,
            )
        document = build_upward_proposal(
            session_facts(session),
            lines,
            template_texts(UPWARD_PROPOSAL_KEY, unit_path=unit.path),
            superior=superior_of(unit),
            head=head_name(unit),
        )
        return issue_document(
            by=by,
            document=document,
            unit_path=unit.path,
            source=source,
            render=render,
            issued_on=clock.today(),
        )
