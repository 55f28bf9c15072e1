"""Issuing the reporting app's documents: a unit's Báo cáo định kỳ and its Báo cáo kết quả
chấm điểm of a period (by that unit, signed by its head), and the Thông báo of a ranking (by the
movement's organising unit, the Sở: it organises the clusters through its Hội đồng Thi đua -
Khen thưởng and appraises the scores the ranking is made of; a cluster's head unit is one of the
ranked units and publishes nobody's appraised results).

Each service reads what the document prints with the pages' own selectors, takes the wording in
force at the issuing unit and hands the document to `issue_document`, which checks
"documents.issue_document" there, numbers, renders, stores and audits it.
"""

from django.contrib.auth.models import AbstractBaseUser

from thidua.core.errors import DomainError
from thidua.documents.models import IssuedDocument
from thidua.documents.services.issuing import Renderer, issue_document
from thidua.documents.services.templates import template_texts
from thidua.movements.models import Movement
from thidua.organizations.documents import head_name, issuer_for
from thidua.organizations.models import Cluster
from thidua.reporting.documents.builders import (
    build_periodic_report,
    build_ranking,
    build_scorecard,
)
from thidua.reporting.documents.specs import PERIODIC_REPORT, RANKING, SCORECARD
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import Report
from thidua.reporting.selectors.entry import entry_sheet
from thidua.reporting.selectors.scores import Span, ranking_of, scorecard_of

ISSUABLE_REPORTS = frozenset({ReportStatus.SUBMITTED, ReportStatus.APPROVED})


def report_source(report: Report) -> str:
    return f"reporting.periodic_report:{report.pk}"


def scorecard_source(report: Report) -> str:
    return f"reporting.scorecard:{report.pk}"


def ranking_source(movement: Movement, span: Span, cluster: Cluster | None) -> str:
    return f"reporting.ranking:{movement.pk}:{span.key}:{cluster.pk if cluster else 'chung'}"


def issue_periodic_report(
    *, by: AbstractBaseUser, report: Report, render: Renderer | None = None
) -> IssuedDocument:
    """Issue the unit's Báo cáo định kỳ of the report's period, by the report's unit.

    Refuses a report not yet submitted (a draft or a returned report is still being written)."""
    if report.status not in ISSUABLE_REPORTS:
        raise DomainError(
            "Chỉ phát hành được báo cáo đã nộp hoặc đã duyệt; báo cáo này "
            f"đang ở trạng thái “{report.get_status_display()}”."
        )
    unit = report.unit
    document = build_periodic_report(
        entry_sheet(report, by),
        issuer=issuer_for(unit),
        texts=template_texts(PERIODIC_REPORT, unit_path=unit.path),
        head=head_name(unit),
    )
    return issue_document(
        by=by, document=document, unit_path=unit.path, source=report_source(report), render=render
    )


def issue_scorecard(
    *, by: AbstractBaseUser, report: Report, render: Renderer | None = None
) -> IssuedDocument:
    """Issue the unit's Báo cáo kết quả chấm điểm of the report's period, by the report's unit,
    with the figures of its scorecard page. Refuses a report that has not been scored."""
    card = scorecard_of(
        report.movement, report.unit, report.period.year, selected_period=report.period_id
    )
    selected = card.selected
    if selected is None or selected.period.pk != report.period_id or selected.score is None:
        raise DomainError(
            f"Báo cáo {report.period.name} của {report.unit.name} chưa được chấm điểm."
        )
    unit = report.unit
    document = build_scorecard(
        card,
        issuer=issuer_for(unit),
        texts=template_texts(SCORECARD, unit_path=unit.path),
        head=head_name(unit),
    )
    return issue_document(
        by=by,
        document=document,
        unit_path=unit.path,
        source=scorecard_source(report),
        render=render,
    )


def issue_ranking(
    *,
    by: AbstractBaseUser,
    movement: Movement,
    span: Span,
    cluster: Cluster | None,
    render: Renderer | None = None,
) -> IssuedDocument:
    """Issue the Thông báo of a span's ranking, of a cluster (or of every unit), by the
    movement's organising unit. Refuses a span with no standings yet."""
    ranking = ranking_of(by, movement, span, cluster)
    if not ranking.rows:
        raise DomainError(
            f"Chưa có kết quả xếp hạng {span.label}: hãy tính lại điểm trước khi phát hành."
        )
    owner = movement.owner
    document = build_ranking(
        ranking,
        movement_name=movement.name,
        issuer=issuer_for(owner),
        texts=template_texts(RANKING, unit_path=owner.path),
        head=head_name(owner),
    )
    return issue_document(
        by=by,
        document=document,
        unit_path=owner.path,
        source=ranking_source(movement, span, cluster),
        render=render,
    )
