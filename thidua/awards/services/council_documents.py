"""The documents of a session through the documents engine: the blank ballot paper (a draft,
never numbered: the same form for every member), and, once the session is closed, its
Biên bản kiểm phiếu and Biên bản họp (issued, numbered in the council unit's series).

Wording comes from the templates in force at the council's unit (`template_texts`); a document
is found again by its `source`, so nothing is issued twice."""

from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.awards.council_documents.builders import build_ballot, build_minutes, build_tally
from thidua.awards.council_documents.specs import BALLOT_KEY, MINUTES_KEY, TALLY_KEY
from thidua.awards.models import CouncilSession
from thidua.awards.selectors.council_documents import (
    agenda_items,
    candidate_line,
    count_lines,
    issued_by_source,
    member_lines,
    minutes_source,
    session_facts,
    tally_source,
)
from thidua.awards.selectors.rulebook import spec_of
from thidua.awards.services.councils import deny, refuse
from thidua.documents.content import OfficialDocument
from thidua.documents.models import IssuedDocument
from thidua.documents.services.issuing import Renderer, issue_document
from thidua.documents.services.templates import template_texts


def ballot_document(session: CouncilSession) -> OfficialDocument:
    """The session's ballot paper as a draft document: its candidates, no voter."""
    facts = session_facts(session)
    spec = spec_of(session.rulebook_version)
    candidates = [candidate_line(item.nomination, spec) for item in agenda_items(session)]
    return build_ballot(facts, candidates, template_texts(BALLOT_KEY, unit_path=facts.unit_path))


def ballot_pdf(session: CouncilSession) -> bytes:
    """The ballot paper as PDF (printed for members who vote on paper or in writing)."""
    from thidua.documents.render import render_pdf

    return render_pdf(ballot_document(session))


def issue_session_records(
    session: CouncilSession, *, by: User, render: Renderer | None = None
) -> list[IssuedDocument]:
    """Issue the Biên bản kiểm phiếu and the Biên bản họp of a closed session ("03/BB-SYT",
    "04/BB-SYT"). Refuses: a user without "documents.issue_document" at the council's unit; a
    session still open; records already issued (naming their numbers)."""
    unit_path = session.council.unit.path
    if not by.has_perm(Perm.ISSUE_DOCUMENT.value, session.council.unit):
        deny("Bạn không có quyền phát hành văn bản của đơn vị có Hội đồng này.", by=by)
    if session.is_open:
        refuse("Phiên họp chưa kết thúc: biên bản lập sau khi kiểm phiếu.", by=by)
    with transaction.atomic():
        CouncilSession.objects.select_for_update().get(pk=session.pk)
        existing = issued_by_source([tally_source(session.pk), minutes_source(session.pk)])
        if existing:
            numbers = ", ".join(doc.number_text for doc in existing.values())
            refuse(f"Biên bản của phiên họp đã được phát hành: số {numbers}.", by=by)
        facts = session_facts(session)
        counts = count_lines(session)
        tally_doc = build_tally(facts, counts, template_texts(TALLY_KEY, unit_path=unit_path))
        minutes_doc = build_minutes(
            facts,
            member_lines(session),
            counts,
            template_texts(MINUTES_KEY, unit_path=unit_path),
        )
        return [
            issue_document(
                by=by,
                document=tally_doc,
                unit_path=unit_path,
                source=tally_source(session.pk),
                render=render,
                issued_on=session.meeting_date,
            ),
            issue_document(
                by=by,
                document=minutes_doc,
                unit_path=unit_path,
                source=minutes_source(session.pk),
                render=render,
                issued_on=session.meeting_date,
            ),
        ]
