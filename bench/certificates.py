"""Benchmark: 1.000 Giấy chứng nhận sáng kiến issued by the batch builder of the initiatives app.

`measure(count)` sets up (untimed) a decided round of the Sở's council with `count / 2`
recognised initiatives of two authors each, people of the bench database, and issues the round's
decision; then times, in one run:

- the baseline: one certificate, built once, rendered (Word and PDF) `count` times without
  issuing — the renderers' share of the work;
- the batch: `start_certificates` + `run_generation_job` (what the background task runs):
  building every certificate, then numbering, rendering, storing, registering and auditing each.

The figure is the batch's seconds (budget 60 s for 1.000), printed with its ratio to the
baseline: what numbering, storage and the register add on top of rendering.

`python -m bench.certificates [--count N] [--db PATH]` runs it alone (a fresh small database
unless the path exists).
"""

import argparse
import itertools
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

BUDGET_SECONDS = 60.0
COUNT = 1_000
OFFICER = "thuongtruc"  # the dept officer: issues documents of the Sở


@dataclass(frozen=True)
class Timing:
    count: int
    batch_seconds: float
    baseline_seconds: float
    decision_seconds: float
    done: int
    status: str

    @property
    def ratio(self) -> float:
        return self.batch_seconds / self.baseline_seconds if self.baseline_seconds else 0.0


def _decided_round(count: int) -> object:
    """A decided round of the Sở's council: `count // 2` initiatives recognised (two authors
    each, 60 % + 40 %), written in bulk (what the council's pages would leave behind)."""
    from django.db import transaction
    from django.utils import timezone

    from thidua.accounts.models import User
    from thidua.initiatives.enums import (
        CouncilLevel,
        InitiativeStatus,
        MemberRole,
        RecognitionLevel,
        RoundStatus,
    )
    from thidua.initiatives.models import (
        Authorship,
        CouncilMember,
        Decision,
        Initiative,
        InitiativeCouncil,
        RecognitionRule,
        ReviewRound,
        RoundEntry,
        Rubric,
    )
    from thidua.initiatives.services.rulebook import install_default_rulebook
    from thidua.organizations.models import Person, Unit

    install_default_rulebook()
    today = timezone.localdate()
    root = Unit.objects.get(depth=0)
    if not root.abbreviation:
        Unit.objects.filter(pk=root.pk).update(abbreviation="SYT")
    officer = User.objects.get(username=OFFICER)
    stamp = time.strftime("%Y%m%d%H%M%S")
    people = list(Person.objects.filter(unit__depth__gte=1, is_active=True).order_by("id")[:count])
    pairs = list(itertools.islice(itertools.cycle(people), count))
    with transaction.atomic():
        council = InitiativeCouncil.objects.create(
            name=f"Hội đồng sáng kiến Sở Y tế (đo {stamp})",
            level=CouncilLevel.DEPARTMENT,
            unit=root,
            year=today.year,
        )
        CouncilMember.objects.create(council=council, user=officer, role=MemberRole.CHAIR)
        round_ = ReviewRound.objects.create(
            council=council,
            name=f"Đợt chấm đo {stamp}",
            rubric=Rubric.objects.filter(is_default=True).first() or Rubric.objects.first(),
            opens_on=today,
            closes_on=today,
            status=RoundStatus.DECIDED,
        )
        initiatives = Initiative.objects.bulk_create(
            Initiative(
                code=f"SK-GCN-{stamp}-{index:05d}",
                title=f"Cải tiến quy trình chăm sóc người bệnh số {index + 1}",
                unit_id=pairs[2 * index].unit_id,
                year=today.year,
                status=InitiativeStatus.RECOGNISED,
                level=RecognitionLevel.BASE,
            )
            for index in range(count // 2)
        )
        Authorship.objects.bulk_create(
            Authorship(
                initiative=initiative,
                person=pairs[2 * index + offset],
                share=Decimal(60 - 20 * offset),
                is_main=offset == 0,
                order=offset,
            )
            for index, initiative in enumerate(initiatives)
            for offset in (0, 1)
        )
        RoundEntry.objects.bulk_create(
            RoundEntry(round=round_, initiative=initiative) for initiative in initiatives
        )
        rule = RecognitionRule.objects.order_by("valid_from").first()
        Decision.objects.bulk_create(
            Decision(
                round=round_,
                initiative=initiative,
                recognised=True,
                level=RecognitionLevel.BASE,
                date=today,
                votes_for=1,
                votes_against=0,
                members_total=1,
                rule=rule,
                mean_score=Decimal("82.50"),
                decided_by=officer,
            )
            for initiative in initiatives
        )
    return ReviewRound.objects.select_related("council__unit").get(pk=round_.pk)


def measure(count: int = COUNT) -> Timing:
    from thidua.accounts.models import User
    from thidua.documents.services.batches import run_generation_job
    from thidua.documents.services.issuing import render_files
    from thidua.initiatives.services.official_documents import (
        certificate_items,
        issue_recognition_decision,
        start_certificates,
    )

    officer = User.objects.get(username=OFFICER)
    round_ = _decided_round(count)
    started = time.perf_counter()
    issue_recognition_decision(round_, by=officer)  # type: ignore[arg-type]
    decision_seconds = time.perf_counter() - started

    sample = certificate_items({"round": round_.pk})[0].document  # type: ignore[attr-defined]
    started = time.perf_counter()
    for _ in range(count):
        render_files(sample)
    baseline_seconds = time.perf_counter() - started

    started = time.perf_counter()
    job = start_certificates(round_, by=officer)  # type: ignore[arg-type]
    job = run_generation_job(job)
    batch_seconds = time.perf_counter() - started
    return Timing(
        count=count,
        batch_seconds=batch_seconds,
        baseline_seconds=baseline_seconds,
        decision_seconds=decision_seconds,
        done=job.done,
        status=job.status,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.certificates", description=__doc__)
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args(argv)

    from bench.scale import BENCH_DB, generate, setup_django

    db = args.db or BENCH_DB
    fresh = not db.exists()
    setup_django(db, fresh=fresh)
    if fresh:
        generate("small")
    timing = measure(args.count)
    budget = BUDGET_SECONDS * args.count / COUNT
    print(
        f"{timing.done}/{timing.count} giấy chứng nhận ({timing.status}): "
        f"{timing.batch_seconds:.1f} s (ngưỡng {budget:.1f} s); chỉ kết xuất "
        f"{timing.baseline_seconds:.1f} s → {timing.ratio:.2f} ×; quyết định "
        f"{timing.count // 2} dòng {timing.decision_seconds:.1f} s"
    )
    return 0 if timing.done == timing.count and timing.batch_seconds <= budget else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
