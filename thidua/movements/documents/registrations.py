"""The Báo cáo kết quả đăng ký thi đua of a round, with its list as a table: the units'
registrations (sent up by the organising unit, the Sở) or the personal registrations of one
unit (sent by that unit).

Nghị định 30/2020/NĐ-CP lists no "danh sách" among the kinds of administrative document: a
list travels as the table of a Báo cáo (or an appendix of a decision). Only registrations that
were sent count (waiting for approval or approved): a draft is not a commitment yet, and a
returned one is being corrected.
"""

from collections.abc import Mapping, Sequence

from django.utils import timezone

from thidua.documents.content import Block, Issuer, OfficialDocument, Paragraph, Table
from thidua.documents.placeholders import fill, lines_of
from thidua.movements.documents.common import DASH, day, signer_of
from thidua.movements.documents.specs import REGISTRATIONS_SPEC
from thidua.movements.enums import INDIVIDUAL_TITLES, EmulationTitle
from thidua.movements.models import (
    Movement,
    PersonalRegistration,
    RegistrationRound,
    UnitRegistration,
)

_TITLES = dict(EmulationTitle.choices)


def unit_rows(registrations: Sequence[UnitRegistration]) -> tuple[tuple[str, ...], ...]:
    """STT, unit, collective title, the number of people per individual title, status, sent."""
    return tuple(
        (
            str(index),
            registration.unit.name,
            registration.get_collective_title_display() or DASH,
            *(
                str(int(registration.individual_counts.get(str(title), 0) or 0))
                for title in INDIVIDUAL_TITLES
            ),
            registration.get_status_display(),
            day(timezone.localdate(registration.submitted_at))
            if registration.submitted_at
            else DASH,
        )
        for index, registration in enumerate(registrations, start=1)
    )


def personal_rows(registrations: Sequence[PersonalRegistration]) -> tuple[tuple[str, ...], ...]:
    """STT, name, staff code, khoa/phòng, title registered, status."""
    return tuple(
        (
            str(index),
            registration.person.full_name,
            registration.person.staff_code,
            registration.unit.name,
            registration.get_title_display(),
            registration.get_status_display(),
        )
        for index, registration in enumerate(registrations, start=1)
    )


def _document(
    *,
    movement: Movement,
    round_: RegistrationRound,
    issuer: Issuer,
    texts: Mapping[str, str],
    head: str,
    who: str,
    table: Table,
    landscape: bool,
) -> OfficialDocument:
    values = {
        "phong_trao": movement.name,
        "nam": str(round_.year),
        "don_vi": issuer.name,
        "so_luong": str(len(table.rows)),
        "doi_tuong": who,
    }
    body: list[Block] = [Paragraph(line) for line in lines_of(fill(texts["intro"], values))]
    body.append(table)
    body.append(Paragraph(fill(texts["closing"], values)))
    return OfficialDocument(
        issuer=issuer,
        kind_name=REGISTRATIONS_SPEC.kind_name,
        kind_code=REGISTRATIONS_SPEC.kind_code,
        summary=fill(texts["summary"], values),
        body=tuple(body),
        signer=signer_of(texts, head=head),
        recipients=lines_of(texts["recipients"]),
        archive_note=texts["archive_note"].strip() or "VT",
        landscape=landscape,
    )


def build_unit_registrations(
    *,
    movement: Movement,
    round_: RegistrationRound,
    registrations: Sequence[UnitRegistration],
    issuer: Issuer,
    texts: Mapping[str, str],
    head: str,
) -> OfficialDocument:
    """The round's units' registrations, one row each (on a landscape page: seven columns)."""
    table = Table(
        header=(
            "STT",
            "Đơn vị",
            "Danh hiệu tập thể đăng ký",
            *(f"Số đăng ký {_TITLES[str(title)]}" for title in INDIVIDUAL_TITLES),
            "Trạng thái",
            "Ngày gửi",
        ),
        rows=unit_rows(registrations),
        widths=(0.05, 0.25, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1),
        caption=f"Danh sách đăng ký thi đua năm {round_.year} của các đơn vị",
        numeric_columns=frozenset({0, 3, 4, 5}),
    )
    return _document(
        movement=movement,
        round_=round_,
        issuer=issuer,
        texts=texts,
        head=head,
        who="tập thể",
        table=table,
        landscape=True,
    )


def build_personal_registrations(
    *,
    movement: Movement,
    round_: RegistrationRound,
    registrations: Sequence[PersonalRegistration],
    issuer: Issuer,
    texts: Mapping[str, str],
    head: str,
) -> OfficialDocument:
    """A unit's personal registrations of the round, one row per person."""
    table = Table(
        header=("STT", "Họ và tên", "Mã cán bộ", "Khoa, phòng", "Danh hiệu đăng ký", "Trạng thái"),
        rows=personal_rows(registrations),
        widths=(0.07, 0.25, 0.13, 0.22, 0.2, 0.13),
        caption=f"Danh sách cá nhân đăng ký thi đua năm {round_.year}",
        numeric_columns=frozenset({0}),
    )
    return _document(
        movement=movement,
        round_=round_,
        issuer=issuer,
        texts=texts,
        head=head,
        who="cá nhân",
        table=table,
        landscape=False,
    )
