"""Demo data of the council's side, for the demo seed to call after the rounds are scored:
every member's vote on each initiative of a closed round (recorded as paper ballots by the
council's manager, leaning on the initiative's normalised mean), the decisions (recognised, or
refused with a reason), the round's documents issued on the platform (the decision recognising
its initiatives, the notices of non-recognition), and a few adoptions of the recognised ones by
other units, with indicators before and after.

Everything goes through the services (permissions, audit, history, notifications), so the demo
shows exactly what a real council leaves behind. Deterministic from the seed. Never in
production.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from thidua.accounts.models import User
from thidua.core.errors import DomainError
from thidua.initiatives.enums import RoundStatus, VoteChoice
from thidua.initiatives.models import CouncilMember, Decision, Initiative, ReviewRound
from thidua.initiatives.selectors.decisions import round_results
from thidua.initiatives.services.adoption import IndicatorInput, record_adoption
from thidua.initiatives.services.decisions import cast_vote, decide_initiative
from thidua.initiatives.services.official_documents import (
    issue_non_recognition_notices,
    issue_recognition_decision,
)
from thidua.organizations.models import Unit

DEFAULT_SEED = 2026
# An initiative whose normalised mean reaches this is voted for by most members.
GOOD_SCORE = Decimal(55)
REFUSAL_REASONS = (
    "Giải pháp chưa được áp dụng thử tại đơn vị; chưa có số liệu trước – sau để đánh giá hiệu quả.",
    "Nội dung trùng với quy trình chuyên môn bắt buộc đã được Bộ Y tế ban hành.",
    "Phạm vi ảnh hưởng hẹp, chưa chứng minh được khả năng áp dụng rộng trong đơn vị.",
)
# (name, measure unit, before, after): what a hospital typically measures when it adopts.
INDICATORS = (
    ("Thời gian chờ khám trung bình", "phút", Decimal(45), Decimal(18)),
    ("Tỷ lệ hồ sơ bệnh án điện tử", "%", Decimal(35), Decimal("91.5")),
    ("Chi phí in ấn, văn phòng phẩm", "triệu đồng/năm", Decimal(120), Decimal(38)),
    ("Tỷ lệ người bệnh hài lòng", "%", Decimal("82.4"), Decimal("93.1")),
    ("Số lượt thanh toán không dùng tiền mặt", "lượt/tháng", Decimal(1250), Decimal(6830)),
)


@dataclass(frozen=True)
class DemoDecisions:
    votes: int
    recognised: int
    refused: int


def install_demo_decisions(
    round_: ReviewRound,
    *,
    manager: User,
    today: dt.date,
    seed: int = DEFAULT_SEED,
    leave_undecided: int = 0,
) -> DemoDecisions:
    """Votes and decisions on every initiative of `round_` (which must be closed for scoring;
    `manager` holds MANAGE_INITIATIVE_COUNCILS at the council's unit). Recognitions carry no
    typed number: the round's decision is issued on the platform afterwards
    (`install_demo_documents`). The last `leave_undecided` initiatives keep their votes but no
    decision, so the demo shows a round still being decided."""
    if settings.THIDUA_IS_PRODUCTION:
        raise DomainError("Không được tạo dữ liệu demo trong môi trường sản xuất.")
    if round_.status != RoundStatus.CLOSED:
        raise DomainError("Đợt chấm phải ở trạng thái đã đóng chấm để tạo biểu quyết demo.")
    rng = random.Random(seed)  # noqa: S311 (deterministic demo data, nothing secret)
    results = round_results(round_, manager, on=today)
    members = list(CouncilMember.objects.filter(council=round_.council).select_related("user"))
    votes = recognised = refused = 0
    with transaction.atomic():
        for index, row in enumerate(results.rows):
            mean = row.stats.normalised_mean if row.stats else Decimal(0)
            lean = 0.9 if mean >= GOOD_SCORE else 0.25
            votes_for = 0
            for member in members:
                if rng.random() < 0.1:  # absent, did not send a ballot
                    continue
                choice = VoteChoice.FOR if rng.random() < lean else VoteChoice.AGAINST
                cast_vote(round_, row.initiative, choice=choice, by=manager, member=member)
                votes += 1
                votes_for += choice == VoteChoice.FOR
            if index >= len(results.rows) - leave_undecided or results.rule is None:
                continue
            passes = votes_for * results.rule.pass_denominator >= results.rule.pass_numerator * len(
                members
            )
            decision = decide_initiative(
                round_,
                row.initiative,
                number="",
                date=today,
                reasons="" if passes else rng.choice(REFUSAL_REASONS),
                by=manager,
            )
            if decision.recognised:
                recognised += 1
            else:
                refused += 1
    return DemoDecisions(votes=votes, recognised=recognised, refused=refused)


def install_demo_documents(round_: ReviewRound, *, by: User, issued_on: dt.date) -> int:
    """Issue the official documents of a decided round, as its officer would from the results
    page: the decision recognising its initiatives and the notices of non-recognition (the
    certificates are a background batch, left for the officer to start). `by` holds
    "documents.issue_document" at the council's unit; the documents are dated `issued_on`.
    Returns how many were issued."""
    if settings.THIDUA_IS_PRODUCTION:
        raise DomainError("Không được tạo dữ liệu demo trong môi trường sản xuất.")
    issued = 0
    if Decision.objects.filter(round=round_, recognised=True).exists():
        issue_recognition_decision(round_, by=by, issued_on=issued_on)
        issued += 1
    if Decision.objects.filter(round=round_, recognised=False).exists():
        issued += len(issue_non_recognition_notices(round_, by=by, issued_on=issued_on))
    return issued


def install_demo_adoptions(
    initiatives: Sequence[Initiative],
    units: Sequence[Unit],
    *,
    by: User,
    today: dt.date,
    seed: int = DEFAULT_SEED,
    per_initiative: int = 2,
) -> int:
    """Up to `per_initiative` adoptions of each recognised initiative by units of `units`
    other than its own (`by` holds RECORD_ADOPTION there), each with two indicators; returns
    how many were written."""
    if settings.THIDUA_IS_PRODUCTION:
        raise DomainError("Không được tạo dữ liệu demo trong môi trường sản xuất.")
    rng = random.Random(seed)  # noqa: S311 (deterministic demo data, nothing secret)
    written = 0
    for initiative in initiatives:
        if not initiative.is_recognised:
            continue
        others = [u for u in units if not u.path.startswith(initiative.unit.path)]
        start = initiative.decision_date or today
        for unit in rng.sample(others, min(per_initiative, len(others))):
            rows = rng.sample(INDICATORS, 2)
            spread = max((today - start).days, 0)
            record_adoption(
                initiative,
                unit=unit,
                adopted_on=start + dt.timedelta(days=rng.randint(0, spread)),
                description=f"{unit.name} triển khai theo hướng dẫn của đơn vị tác giả.",
                indicators=[IndicatorInput(n, m, b, a) for n, m, b, a in rows],
                by=by,
            )
            written += 1
    return written
