"""Issuing the movements app's documents: the Kế hoạch of a movement's year (by the organising
unit) and the Báo cáo đăng ký thi đua of a round (the units' registrations, by the organising
unit; a unit's personal registrations, by that unit).

Each service reads what the document prints, takes the wording in force at the issuing unit,
builds the document and hands it to `issue_document`, which checks "documents.issue_document"
at the unit, numbers, renders, stores and audits it. Refusals are DomainError subclasses with
Vietnamese messages.
"""

from django.contrib.auth.models import AbstractBaseUser

from thidua.core.errors import DomainError
from thidua.documents.models import IssuedDocument
from thidua.documents.services.issuing import Renderer, issue_document
from thidua.documents.services.templates import template_texts
from thidua.movements.documents.plan import build_plan
from thidua.movements.documents.registrations import (
    build_personal_registrations,
    build_unit_registrations,
)
from thidua.movements.documents.specs import PLAN, REGISTRATIONS
from thidua.movements.models import Movement, RegistrationRound
from thidua.movements.selectors.documents import (
    listed_personal_registrations,
    listed_unit_registrations,
    plan_data,
    plan_source,
    round_source,
    unit_round_source,
)
from thidua.movements.selectors.registrations import movement_years
from thidua.organizations.documents import head_name, issuer_for
from thidua.organizations.models import Unit


def issue_movement_plan(
    *, by: AbstractBaseUser, movement: Movement, year: int, render: Renderer | None = None
) -> IssuedDocument:
    """Issue the Kế hoạch tổ chức phong trào thi đua of `year`, by the organising unit.

    Refuses a year outside the movement, a movement without content areas (nothing to plan),
    and whatever `issue_document` refuses (the permission at the organising unit, a missing
    abbreviation or signer)."""
    if year not in movement_years(movement):
        raise DomainError(f"Năm {year} không thuộc thời gian của phong trào.", field="year")
    data = plan_data(movement, year)
    if not data.areas:
        raise DomainError("Phong trào chưa có nội dung thi đua nào để đưa vào kế hoạch.")
    owner = movement.owner
    document = build_plan(
        data,
        issuer=issuer_for(owner),
        texts=template_texts(PLAN, unit_path=owner.path),
        head=head_name(owner),
    )
    return issue_document(
        by=by,
        document=document,
        unit_path=owner.path,
        source=plan_source(movement, year),
        render=render,
    )


def issue_round_registrations(
    *, by: AbstractBaseUser, round_: RegistrationRound, render: Renderer | None = None
) -> IssuedDocument:
    """Issue the Báo cáo of the round's units' registrations (sent ones), by the organising
    unit. Refuses a round where no unit has sent its registration yet."""
    movement = round_.movement
    registrations = listed_unit_registrations(round_)
    if not registrations:
        raise DomainError(
            f"Chưa có đơn vị nào gửi đăng ký thi đua năm {round_.year}: danh sách còn trống."
        )
    owner = movement.owner
    document = build_unit_registrations(
        movement=movement,
        round_=round_,
        registrations=registrations,
        issuer=issuer_for(owner),
        texts=template_texts(REGISTRATIONS, unit_path=owner.path),
        head=head_name(owner),
    )
    return issue_document(
        by=by, document=document, unit_path=owner.path, source=round_source(round_), render=render
    )


def issue_unit_registrations(
    *,
    by: AbstractBaseUser,
    round_: RegistrationRound,
    unit: Unit,
    render: Renderer | None = None,
) -> IssuedDocument:
    """Issue a unit's Báo cáo of its people's registrations (sent ones), by that unit, signed by
    its head. Refuses a unit none of whose people has sent a registration."""
    registrations = listed_personal_registrations(round_, unit)
    if not registrations:
        raise DomainError(
            f"Chưa có cá nhân nào của {unit.name} gửi đăng ký thi đua năm {round_.year}."
        )
    document = build_personal_registrations(
        movement=round_.movement,
        round_=round_,
        registrations=registrations,
        issuer=issuer_for(unit),
        texts=template_texts(REGISTRATIONS, unit_path=unit.path),
        head=head_name(unit),
    )
    return issue_document(
        by=by,
        document=document,
        unit_path=unit.path,
        source=unit_round_source(round_, unit),
        render=render,
    )
