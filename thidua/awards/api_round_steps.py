"""API v1 of an award round's lifecycle: create and edit a round, open it to the units'
nominations, start thẩm định, open the disclosure from a date, send the accepted list to the
council, close it.

Each endpoint is a thin wrapper on `services.rounds`, so the pages' checks, audit and Vietnamese
refusals apply as they are: a round outside the caller's reach is a 404 (`round_for`, as GET
/awards/rounds/{id}); a caller who sees the round but does not manage it gets the service's 403;
a step the round's state or data refuses is a 400 with the message and, where it has one, the
field (named as in the request body). Every step answers with the round as GET returns it.
"""

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Field, Schema
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.awards.api import router
from thidua.awards.api_rounds import RoundDetailOut, get_round
from thidua.awards.enums import RoundKind
from thidua.awards.models import AwardRound
from thidua.awards.selectors.rounds import round_for
from thidua.awards.services import rounds as round_services
from thidua.awards.services.rounds import MAX_DISCLOSURE_DAYS, RoundData
from thidua.core.errors import DomainError
from thidua.movements.models import Phase
from thidua.organizations.api.common import acting_user, api_field_names
from thidua.organizations.models import Unit
from thidua.organizations.scoping import scope_q

MSG_NO_PHASE = "Không có giai đoạn phong trào này."
# The service names the fields as the page's form does; the API body names them with `_id`.
ROUND_FIELD_NAMES = {"phase": "phase_id", "organiser": "organiser_id"}


class RoundIn(Schema):
    name: str = Field(max_length=300, description="Tên đợt xét")
    kind: RoundKind = Field(description="annual (hằng năm) | thematic (theo chuyên đề)")
    year: int = Field(ge=1990, le=2999, description="Năm xét")
    award_codes: list[str] = Field(description="Mã các danh hiệu, hình thức được xét")
    upward_codes: list[str] = Field(
        [], description="Mã các danh hiệu, hình thức do cấp trên quyết định (đề nghị cấp trên)"
    )
    nomination_deadline: dt.date = Field(description="Hạn gửi đề nghị")
    disclosure_working_days: int = Field(
        5, description=f"Số ngày làm việc công khai (1–{MAX_DISCLOSURE_DAYS})"
    )
    disclosure_public: bool = Field(
        False, description="Công khai danh sách trên trang công cộng (không cần đăng nhập)"
    )
    phase_id: int | None = Field(
        None, description="Giai đoạn phong trào (bắt buộc với đợt theo chuyên đề)"
    )
    note: str = Field("", max_length=4000, description="Ghi chú, căn cứ")


class RoundCreateIn(RoundIn):
    organiser_id: int = Field(description="Đơn vị tổ chức đợt xét (nơi người gọi quản lý)")


class DisclosureIn(Schema):
    start: dt.date = Field(description="Ngày bắt đầu công khai (từ hôm nay trở đi)")


class CloseIn(Schema):
    reason: str = Field("", max_length=4000, description="Lý do kết thúc")


def _phase(phase_id: int | None) -> Phase | None:
    if phase_id is None:
        return None
    phase = Phase.objects.filter(pk=phase_id).first()
    if phase is None:
        raise DomainError(MSG_NO_PHASE, field="phase_id")
    return phase


def _data(payload: RoundIn) -> RoundData:
    return RoundData(
        name=payload.name,
        kind=payload.kind.value,
        year=payload.year,
        award_codes=tuple(payload.award_codes),
        upward_codes=tuple(payload.upward_codes),
        nomination_deadline=payload.nomination_deadline,
        disclosure_working_days=payload.disclosure_working_days,
        disclosure_public=payload.disclosure_public,
        phase=_phase(payload.phase_id),
        note=payload.note,
    )


def _round(user: User, round_id: int) -> AwardRound:
    found = round_for(user, round_id)
    if found is None:
        raise Http404
    return found


@router.post(
    "/awards/rounds",
    response={201: RoundDetailOut},
    summary="Tạo một đợt xét khen thưởng (bản nháp)",
)
def create_round(request: HttpRequest, payload: RoundCreateIn) -> Status[RoundDetailOut]:
    """The department officer's new round, as the page's form makes it. The organiser is a unit
    the caller sees (else 404); without MANAGE_AWARD_ROUNDS there, 403. Refused (400): an empty
    name, awards the rulebook of the year does not have or the organiser may not decide unless
    marked in `upward_codes`, a thematic round without its phase, a disclosure outside 1–30
    working days."""
    user = acting_user(request)
    organiser = Unit.objects.filter(scope_q(user, Perm.VIEW_UNIT, "path"), pk=payload.organiser_id)
    found = organiser.first()
    if found is None:
        raise Http404
    with api_field_names(ROUND_FIELD_NAMES):
        round_ = round_services.create_round(by=user, organiser=found, data=_data(payload))
    return Status(201, get_round(request, round_.pk))


@router.put(
    "/awards/rounds/{round_id}", response=RoundDetailOut, summary="Sửa một đợt xét khen thưởng"
)
def update_round(request: HttpRequest, round_id: int, payload: RoundIn) -> RoundDetailOut:
    """Every field replaced, while the round is a draft or open. Refused (400) past that, when
    dropping an award a unit has nominated for, changing the year of an open round, and as at
    creation."""
    user = acting_user(request)
    round_ = _round(user, round_id)
    with api_field_names(ROUND_FIELD_NAMES):
        round_services.update_round(by=user, round_=round_, data=_data(payload))
    return get_round(request, round_id)


@router.post(
    "/awards/rounds/{round_id}/open",
    response=RoundDetailOut,
    summary="Mở đợt xét: nhận đề nghị của các đơn vị",
)
def open_round(request: HttpRequest, round_id: int) -> RoundDetailOut:
    """Refused (400) unless the round is a draft, or when its deadline has passed."""
    user = acting_user(request)
    round_services.open_round(by=user, round_=_round(user, round_id))
    return get_round(request, round_id)


@router.post(
    "/awards/rounds/{round_id}/start-checking",
    response=RoundDetailOut,
    summary="Chuyển đợt xét sang thẩm định (thôi nhận đề nghị mới)",
)
def start_checking(request: HttpRequest, round_id: int) -> RoundDetailOut:
    """Refused (400) unless the round is open."""
    user = acting_user(request)
    round_services.start_checking(by=user, round_=_round(user, round_id))
    return get_round(request, round_id)


@router.post(
    "/awards/rounds/{round_id}/open-disclosure",
    response=RoundDetailOut,
    summary="Công khai danh sách đạt thẩm định từ một ngày",
)
def open_disclosure(request: HttpRequest, round_id: int, payload: DisclosureIn) -> RoundDetailOut:
    """For the round's working days from `start`. Refused (400) while a nomination waits for
    thẩm định, with nothing accepted, a start before today or beyond the holiday table."""
    user = acting_user(request)
    round_services.open_disclosure(by=user, round_=_round(user, round_id), start=payload.start)
    return get_round(request, round_id)


@router.post(
    "/awards/rounds/{round_id}/send-to-council",
    response=RoundDetailOut,
    summary="Trình Hội đồng danh sách đã công khai",
)
def send_to_council(request: HttpRequest, round_id: int) -> RoundDetailOut:
    """Refused (400) before the disclosure period ends and while an opinion is unanswered."""
    user = acting_user(request)
    round_services.send_to_council(by=user, round_=_round(user, round_id))
    return get_round(request, round_id)


@router.post("/awards/rounds/{round_id}/close", response=RoundDetailOut, summary="Kết thúc đợt xét")
def close_round(request: HttpRequest, round_id: int, payload: CloseIn) -> RoundDetailOut:
    """Nothing more is taken or changed; the reason is kept in the audit trail. Refused (400)
    during the disclosure and once closed."""
    user = acting_user(request)
    round_services.close_round(by=user, round_=_round(user, round_id), reason=payload.reason)
    return get_round(request, round_id)
