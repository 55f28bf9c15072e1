"""What the registration endpoints share: the lookups that scope them, the value names,
the bodies of a decision (a note, a reason)."""

from typing import Literal

from django.http import Http404
from ninja import Field, Schema

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.movements.models import Movement, RegistrationRound
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.selectors.registrations import movement_years, participant_units, round_of
from thidua.organizations.api.common import get_in_scope, require_anywhere
from thidua.organizations.models import Unit
from thidua.organizations.scoping import scope_q

TAGS = ["Chỉ tiêu, đăng ký thi đua"]

TargetStatusName = Literal["proposed", "approved", "returned"]
RegistrationStatusName = Literal["draft", "submitted", "approved", "returned"]
ProgressStatusName = Literal["not_started", "draft", "submitted", "approved", "returned"]
CollectiveTitle = Literal[
    "", "tap_the_lao_dong_tien_tien", "tap_the_lao_dong_xuat_sac", "co_thi_dua_thanh_pho"
]
IndividualTitle = Literal[
    "lao_dong_tien_tien", "chien_si_thi_dua_co_so", "chien_si_thi_dua_thanh_pho"
]
AnyTitle = Literal[
    "lao_dong_tien_tien",
    "chien_si_thi_dua_co_so",
    "chien_si_thi_dua_thanh_pho",
    "tap_the_lao_dong_tien_tien",
    "tap_the_lao_dong_xuat_sac",
    "co_thi_dua_thanh_pho",
]


def movement_in_scope(user: User, movement_id: int) -> Movement:
    require_anywhere(user, Perm.VIEW_MOVEMENT)
    return get_in_scope(movements_visible_to(user), movement_id)


def year_in(movement: Movement, year: int) -> int:
    if year not in movement_years(movement):
        raise Http404
    return year


def round_in(movement: Movement, year: int) -> RegistrationRound:
    round_ = round_of(movement, year_in(movement, year))
    if round_ is None:
        raise Http404
    return round_


def unit_in_scope(user: User, movement: Movement, unit_id: int) -> Unit:
    """A participating unit in the user's VIEW_MOVEMENT scope (sub-units included), else 404."""
    units = participant_units(movement, include_sub_units=True).filter(
        scope_q(user, Perm.VIEW_MOVEMENT, "path")
    )
    return get_in_scope(units, unit_id)


class NoteIn(Schema):
    note: str = Field("", max_length=2000, description="Ghi chú vào nhật ký")


class ReasonIn(Schema):
    reason: str = Field(max_length=2000, description="Lý do trả lại (bắt buộc)")
