"""Who decides (thẩm quyền, LEGAL.md §1.4) when a round is set up: a round offers the awards
its organiser decides, and those of a higher level only marked "đề nghị cấp trên". Uses the
default rulebook (in force from 01/7/2025), where the city decides CSTĐ Thành phố, Cờ thi đua,
TTLĐXS and Bằng khen."""

import datetime as dt
from typing import Any

import pytest

from thidua.accounts.roles import Role
from thidua.awards import clock
from thidua.awards.enums import RoundKind
from thidua.awards.models import AwardRound
from thidua.awards.services.rounds import RoundData, create_round, update_round
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError
from thidua.core.models import AuditEntry

YEAR = 2026


def _data(**extra: Any) -> RoundData:
    fields: dict[str, Any] = {
        "name": "Đợt xét khen thưởng năm 2026",
        "kind": RoundKind.ANNUAL,
        "year": YEAR,
        "award_codes": ("ldtt", "cstdcs", "cstd_tp"),
        "nomination_deadline": clock.today() + dt.timedelta(days=5),
    }
    fields.update(extra)
    return RoundData(**fields)


def test_a_hospital_round_offering_cstd_thanh_pho_unmarked_is_refused(org: Org, cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        create_round(by=cast[Role.DEPT_OFFICER], organiser=org.a, data=_data())

    assert caught.value.field == "award_codes"
    assert caught.value.message == (
        "“Chiến sĩ thi đua Thành phố” do Chủ tịch Ủy ban nhân dân Thành phố quyết định, Bệnh "
        "viện A không có thẩm quyền: đánh dấu “đề nghị cấp trên” để lập tờ trình đề nghị cấp "
        "trên khen thưởng, hoặc bỏ khỏi đợt xét."
    )
    assert not AwardRound.objects.exists()


def test_the_department_too_only_proposes_the_city_s_awards(org: Org, cast: Cast) -> None:
    with pytest.raises(DomainError, match="“Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố"):
        create_round(
            by=cast[Role.DEPT_OFFICER],
            organiser=org.root,
            data=_data(award_codes=("ldtt", "bang_khen_ca_nhan")),
        )


def test_a_round_marking_the_city_s_award_upward_is_created_and_audited(
    org: Org, cast: Cast
) -> None:
    round_ = create_round(
        by=cast[Role.DEPT_OFFICER], organiser=org.a, data=_data(upward_codes=("cstd_tp",))
    )

    round_.refresh_from_db()
    assert round_.award_codes == ["ldtt", "cstdcs", "cstd_tp"]
    assert round_.upward_codes == ["cstd_tp"]
    entry = AuditEntry.objects.get(target_type="awards.awardround", action="create")
    assert entry.changes["upward_codes"] == [None, ["cstd_tp"]]


def test_marking_upward_an_award_the_organiser_decides_is_refused(org: Org, cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        create_round(
            by=cast[Role.DEPT_OFFICER],
            organiser=org.a,
            data=_data(upward_codes=("cstd_tp", "cstdcs")),
        )

    assert caught.value.message == (
        "“Chiến sĩ thi đua cơ sở” thuộc thẩm quyền quyết định của Bệnh viện A: không đánh dấu "
        "“đề nghị cấp trên”."
    )


def test_marking_upward_an_award_the_round_does_not_offer_is_refused(org: Org, cast: Cast) -> None:
    with pytest.raises(DomainError, match="“co_thi_dua_tp” được đánh dấu đề nghị cấp trên"):
        create_round(
            by=cast[Role.DEPT_OFFICER],
            organiser=org.a,
            data=_data(upward_codes=("cstd_tp", "co_thi_dua_tp")),
        )


def test_an_update_dropping_the_upward_mark_is_refused(org: Org, cast: Cast) -> None:
    dept = cast[Role.DEPT_OFFICER]
    round_ = create_round(by=dept, organiser=org.a, data=_data(upward_codes=("cstd_tp",)))

    with pytest.raises(DomainError, match="không có thẩm quyền"):
        update_round(by=dept, round_=round_, data=_data())

    round_.refresh_from_db()
    assert round_.upward_codes == ["cstd_tp"]
