"""The demo reports (`reporting/demo.py`, `manage.py seed_reporting_demo`): what they write, that
they pass the app's own rules, that they are scored, deterministic, written once, never in
production.

Most tests run on the conftest tree with the default movement and a "Bệnh viện Đa khoa Xanh Pôn"
(the showcase unit of the demo accounts) added, on a fixed day (27/11/2026): fast. One test runs
the whole demo seed at the `small` scale.
"""

import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.uploads import check_upload
from thidua.documents.models import IssuedDocument
from thidua.movements.enums import ValueType
from thidua.movements.formulas import evaluate_all, parse
from thidua.movements.models import Indicator, Movement, Period, ScoringTable
from thidua.movements.services.defaults import install_default_movement
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Person, Unit
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant, make_unit
from thidua.reporting import validation
from thidua.reporting.demo import DemoReports, install_demo_reports, tiny_pdf
from thidua.reporting.enums import NOT_STARTED, ActionKind, ReportStatus
from thidua.reporting.models import (
    Evidence,
    EvidenceFile,
    Report,
    ReportAction,
    ReportScore,
    ReportValue,
    Standing,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)
CLOSED = ["Quý III/2025", "Quý IV/2025", "Năm 2025", "Quý I/2026", "Quý II/2026", "Quý III/2026"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def movement(org) -> Movement:
    """The default movement over the conftest tree plus Bệnh viện Xanh Pôn (4 khoa, 40 people,
    its unit officer and head) and a department officer on the Sở."""
    xanh_pon = make_unit("BV_XANHPON", "Bệnh viện Đa khoa Xanh Pôn", parent=org.root)
    for number in range(1, 5):
        khoa = make_unit(f"BV_XANHPON.K0{number}", f"Khoa {number}", parent=xanh_pon)
        PersonFactory.create_batch(8, unit=khoa)
    PersonFactory.create_batch(8, unit=xanh_pon)
    for unit in (org.a, org.b, org.office):
        PersonFactory.create_batch(5, unit=unit)
    grant(UserFactory(username="tdkt.xanhpon"), Role.UNIT_OFFICER, xanh_pon)
    grant(UserFactory(username="giamdoc.xanhpon"), Role.UNIT_HEAD, xanh_pon)
    grant(UserFactory(username="thuongtruc"), Role.DEPT_OFFICER, org.root)
    return install_default_movement(owner=org.root).movement


def install(movement: Movement, **options: Any) -> DemoReports:
    return install_demo_reports(movement, today=TODAY, **options)


def test_demo_reports_cover_every_closed_period_of_every_unit_approved(movement):
    result = install(movement)

    closed = Counter(
        Report.objects.filter(unit__depth=1, period__name__in=CLOSED).values_list(
            "period__name", "status"
        )
    )
    assert closed == {(name, ReportStatus.APPROVED): 4 for name in CLOSED}
    assert result.years == (2025, 2026)
    assert result.unit_reports == Report.objects.filter(unit__depth=1).count()


def test_demo_reports_current_quarter_is_opened_today_and_partly_filled(movement):
    result = install(movement)

    current = Period.objects.get(movement=movement, name="Quý IV/2026")
    assert result.current_period == "Quý IV/2026"
    assert current.opens_on == TODAY - dt.timedelta(days=10) <= TODAY <= current.due_on
    assert sum(result.current_statuses.values()) == 4
    started = Report.objects.filter(period=current, unit__depth=1).count()
    assert started == 4 - result.current_statuses.get(NOT_STARTED, 0)
    assert not Report.objects.filter(period__name="Năm 2026").exists()


def test_demo_reports_showcase_hospital_drafts_and_three_khoa_report_their_part(movement):
    install(movement)

    current = Report.objects.filter(period__name="Quý IV/2026", unit__code__startswith="BV_XANHPON")
    assert list(current.order_by("unit__code").values_list("unit__code", "status")) == [
        ("BV_XANHPON", ReportStatus.DRAFT),
        ("BV_XANHPON.K01", ReportStatus.SUBMITTED),
        ("BV_XANHPON.K02", ReportStatus.DRAFT),
        ("BV_XANHPON.K03", ReportStatus.APPROVED),
    ]
    waiting = current.get(unit__code="BV_XANHPON.K01")
    assert waiting.pending_level.depth == 1  # the đơn vị approves its khoa's part
    assert Report.objects.filter(unit__depth=2).count() == 3 * (len(CLOSED) + 1)


def test_demo_reports_history_matches_each_status(movement):
    install(movement)

    for report in Report.objects.prefetch_related("actions__level"):
        steps = [(a.kind, a.level.depth if a.level else None) for a in report.actions.all()]
        final = [(ActionKind.APPROVE, 1), (ActionKind.APPROVE, 0)]
        if report.unit.depth == 2:
            final = [(ActionKind.APPROVE, 1)]
        if report.status == ReportStatus.APPROVED:
            assert steps[0] == (ActionKind.SUBMIT, None)
            assert steps[-len(final) :] == final
            assert report.approved_at == report.actions.all()[len(steps) - 1].at
        elif report.status == ReportStatus.DRAFT:
            assert steps == []
        elif report.status == ReportStatus.RETURNED:
            assert steps[-1][0] == ActionKind.RETURN
        else:
            assert steps[0] == (ActionKind.SUBMIT, None)
            assert report.pending_level is not None
        times = [a.at for a in report.actions.all()]
        assert times == sorted(times)


def test_demo_reports_returned_ones_carry_a_reason_and_late_ones_came_after_the_due_date(
    movement,
):
    install(movement, seed=7)

    returns = ReportAction.objects.filter(kind=ActionKind.RETURN)
    assert [a for a in returns if not a.reason.strip()] == []
    for report in Report.objects.filter(is_late=True).select_related("period"):
        assert report.first_submitted_at.date() > report.period.due_on
    for report in Report.objects.filter(is_late=False, first_submitted_at__isnull=False):
        assert report.first_submitted_at.date() <= report.period.due_on


def test_demo_reports_values_pass_the_rules_of_submission(movement):
    install(movement)

    indicators = list(Indicator.objects.filter(movement=movement))
    checks = [
        validation.IndicatorCheck(
            code=i.code,
            name=i.name,
            value_type=i.value_type,
            unit_label=i.unit_label,
            min_value=i.min_value,
            max_value=i.max_value,
            is_computed=bool(i.formula),
            is_people_count=validation.is_people_label(i.unit_label),
            evidence_required=i.evidence_required,
        )
        for i in indicators
    ]
    staff = {
        unit.pk: Person.objects.filter(unit__path__startswith=unit.path, is_active=True).count()
        for unit in Unit.objects.all()
    }
    values: dict[int, dict[str, Decimal | None]] = {}
    explanations: dict[int, dict[str, str]] = {}
    for report_id, code, value, explanation in ReportValue.objects.values_list(
        "report_id", "indicator__code", "value", "explanation"
    ):
        values.setdefault(report_id, {})[code] = value
        explanations.setdefault(report_id, {})[code] = explanation
    evidence_codes: dict[int, set[str]] = {}
    for report_id, code in Evidence.objects.values_list("report_id", "indicator__code"):
        evidence_codes.setdefault(report_id, set()).add(code)
    problems = []
    previous: dict[tuple[int, str], int] = {}  # (unit, kind) → the report before
    for report in Report.objects.select_related("period").order_by("unit_id", "period__start_date"):
        before = previous.get((report.unit_id, report.period.kind))
        previous[(report.unit_id, report.period.kind)] = report.pk
        if report.status == ReportStatus.DRAFT:
            continue
        issues = validation.check_report(
            checks,
            values[report.pk],
            {},
            values[before] if before else {},
            staff[report.unit_id],
            evidence_codes.get(report.pk, set()),
            explanations[report.pk],
            Decimal(3),
        )
        problems += [(report.pk, i.message) for i in issues]
    assert problems == []


def test_demo_reports_computed_values_are_their_formulas(movement):
    install(movement)

    formulas = {
        i.code: parse(i.formula) for i in Indicator.objects.filter(movement=movement) if i.formula
    }
    for report in Report.objects.exclude(status=ReportStatus.DRAFT)[:10]:
        stored = {v.indicator.code: v for v in report.values.select_related("indicator")}
        entered = {code: v.value for code, v in stored.items() if not v.is_computed}
        expected = evaluate_all(formulas, entered)
        assert {code: stored[code].value for code in formulas} == {
            code: value.quantize(Decimal("0.0001")) for code, value in expected.items()
        }
        assert sorted(code for code, v in stored.items() if v.is_computed) == sorted(formulas)


def test_demo_reports_percentages_mostly_between_60_and_100_and_units_rank_differently(movement):
    install(movement)

    percentages = list(
        ReportValue.objects.filter(
            indicator__value_type=ValueType.PERCENTAGE, is_computed=False
        ).values_list("value", flat=True)
    )
    high = [v for v in percentages if Decimal(60) <= v <= Decimal(100)]
    assert len(high) >= 0.8 * len(percentages)
    totals = list(Standing.objects.filter(span_key="y:2026").values_list("total", flat=True))
    assert len(set(totals)) == 4


def test_demo_reports_are_scored_and_ranked_for_2025_and_2026(movement):
    result = install(movement)

    scored = Report.objects.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED])
    assert ReportScore.objects.count() == scored.count() > 0
    assert (
        sorted(Standing.objects.filter(span_kind="year").values_list("year", flat=True))
        == [2025] * 4 + [2026] * 4
    )
    assert sorted(
        Standing.objects.filter(span_key="y:2026").values_list("rank_overall", flat=True)
    ) == [1, 2, 3, 4]
    # The default movement's table starts on 01/01/2026: the demo adds one for 2025.
    assert result.scoring_tables == 1
    assert ScoringTable.objects.filter(movement=movement).count() == 2


def test_demo_reports_attach_small_valid_pdfs_to_every_submitted_report(movement):
    result = install(movement)

    evidence = Evidence.objects.select_related("report__unit", "blob")
    submitted = Report.objects.exclude(status=ReportStatus.DRAFT)
    assert set(submitted.values_list("pk", flat=True)) <= {e.report_id for e in evidence}
    # The showcase hospital's files name it; the other units share one file per indicator.
    showcase = evidence.filter(report__unit__code__startswith="BV_XANHPON")
    others = evidence.exclude(report__unit__code__startswith="BV_XANHPON")
    assert not {e.blob_id for e in showcase} & {e.blob_id for e in others}
    assert (
        result.evidence == evidence.count() > result.evidence_files == EvidenceFile.objects.count()
    )
    blob = EvidenceFile.objects.first()
    with blob.file.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"%PDF-1.4")
    assert content.endswith(b"%%EOF\n")
    check_upload(SimpleUploadedFile("minh-chung.pdf", content), allowed_extensions={".pdf"})
    assert len(content) == blob.size < 2000


def test_tiny_pdf_points_its_cross_reference_at_each_object():
    content = tiny_pdf("Bệnh viện Đa khoa Xanh Pôn", "Kế hoạch diễn tập 2026")

    start = int(content.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    offsets = [int(line[:10]) for line in content[start:].split(b"\n")[3:8]]
    assert content[start:].startswith(b"xref\n0 6\n")
    assert [content[o : o + 7] for o in offsets] == [b"%d 0 obj" % n for n in range(1, 6)]
    assert b"(Benh vien Da khoa Xanh Pon) Tj" in content
    assert b"(Ke hoach dien tap 2026) Tj" in content


def test_demo_reports_same_seed_same_data_other_seed_other_data(movement):
    def snapshot(seed: int) -> list[tuple[object, ...]]:
        with transaction.atomic():
            install(movement, seed=seed, scores=False)
            rows = list(
                ReportValue.objects.values_list(
                    "report__unit__code", "report__period__name", "report__status",
                    "indicator__code", "value",
                ).order_by("report__unit__code", "report__period_id", "indicator__code")
            )  # fmt: skip
            transaction.set_rollback(True)
        return rows

    first, again, other = snapshot(1), snapshot(1), snapshot(2)

    assert first == again
    assert first != other
    assert len(first) > 500


def test_demo_reports_write_one_audit_entry_with_the_counts(movement):
    result = install(movement, scores=False)

    entry = AuditEntry.objects.get(action=AuditAction.IMPORT, target_type="movements.movement")
    assert entry.target_repr == "Khởi tạo dữ liệu demo báo cáo định kỳ"
    assert entry.changes == {key: [0, value] for key, value in result.counts().items()}


def test_demo_reports_refuse_a_movement_that_has_reports(movement):
    install(movement, scores=False)
    count = Report.objects.count()

    with pytest.raises(DomainError, match="đã có báo cáo"):
        install(movement)

    assert Report.objects.count() == count


def test_demo_reports_refuse_production(movement, settings):
    settings.THIDUA_IS_PRODUCTION = True

    with pytest.raises(DomainError, match="môi trường sản xuất"):
        install(movement)

    assert Report.objects.count() == 0


def test_seed_reporting_demo_command_runs_once(movement):
    out = io.StringIO()
    call_command("seed_reporting_demo", stdout=out)
    count, entries = Report.objects.count(), AuditEntry.objects.count()

    call_command("seed_reporting_demo", stdout=out)

    assert (Report.objects.count(), AuditEntry.objects.count()) == (count, entries)
    assert "giữ nguyên" in out.getvalue()
    assert "báo cáo của đơn vị" in out.getvalue()


def test_seed_reporting_demo_command_refuses_production(movement, settings):
    settings.THIDUA_IS_PRODUCTION = True

    with pytest.raises(CommandError, match="môi trường sản xuất"):
        call_command("seed_reporting_demo")

    assert Report.objects.count() == 0


def test_seed_reporting_demo_command_needs_the_default_movement(org):
    with pytest.raises(CommandError, match="Chưa có phong trào mặc định"):
        call_command("seed_reporting_demo")


def test_seed_demo_small_includes_scored_reports(db, settings, tmp_path):
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())

    units = Unit.objects.filter(depth=1).exclude(kind=UnitKind.DEPARTMENT).count()
    approved = Report.objects.filter(unit__depth=1, status=ReportStatus.APPROVED)
    assert approved.filter(period__year=2025).count() == 3 * units
    assert Standing.objects.filter(span_key="y:2026").count() == units
    assert Report.objects.filter(unit__code__startswith="BV_XANHPON.").count() > 0
    issued = {
        (d.kind_code, d.issuer_code, d.source.split(":")[0]) for d in IssuedDocument.objects.all()
    }
    assert issued == {
        ("KH", "SYT", "movements.plan"),
        ("TB", "SYT", "reporting.ranking"),
        ("BC", "BVXP", "reporting.periodic_report"),
        ("BC", "BVXP", "reporting.scorecard"),
    } | {item for item in issued if not item[2].startswith(("movements.", "reporting."))}
    assert (
        not Evidence.objects.filter(report__status=ReportStatus.DRAFT)
        .exclude(report__unit__code__startswith="BV_XANHPON")
        .exists()
    )
