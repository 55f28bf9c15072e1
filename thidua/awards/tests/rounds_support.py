"""A round of the small rulebook's year (2024, see `support.small_rulebook`) organised by the Sở,
open until ten days from now; people of Bệnh viện A and B with their ratings."""

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.accounts.models import User
from thidua.awards.enums import AttachmentKind, RoundKind, RoundStatus
from thidua.awards.models import AwardRound, Nomination, YearlyRating
from thidua.awards.services.nominations import add_attachment
from thidua.conftest import Org
from thidua.organizations.models import Person
from thidua.organizations.tests.factories import PersonFactory

YEAR = 2024
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_round(org: Org, *, status: str = RoundStatus.OPEN, **extra: object) -> AwardRound:
    fields: dict[str, object] = {
        "name": "Đợt xét khen thưởng năm 2024",
        "kind": RoundKind.ANNUAL,
        "year": YEAR,
        "organiser": org.root,
        "award_codes": ["ldtt", "cstdcs", "ttldtt"],
        "nomination_deadline": timezone.localdate() + dt.timedelta(days=10),
        "status": status,
    }
    fields.update(extra)
    return AwardRound.objects.create(**fields)


@dataclass
class People:
    good: Person  # HTXSNV 2024: ldtt and cstdcs
    fair: Person  # HTTNV 2024: ldtt only
    weak: Person  # HTNV 2024: nothing
    other_branch: Person  # Bệnh viện B, HTXSNV


def make_people(org: Org) -> People:
    people = People(
        good=PersonFactory(unit=org.a1, full_name="Nguyễn Thị Hoa Xuân"),
        fair=PersonFactory(unit=org.a1, full_name="Trần Văn Bình"),
        weak=PersonFactory(unit=org.a2, full_name="Lê Văn Cường"),
        other_branch=PersonFactory(unit=org.b1, full_name="Phạm Thị Dung"),
    )
    for person, rating in (
        (people.good, "HTXSNV"),
        (people.fair, "HTTNV"),
        (people.weak, "HTNV"),
        (people.other_branch, "HTXSNV"),
    ):
        YearlyRating.objects.create(person=person, year=YEAR, rating=rating)
    return people


def pdf_upload(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def attach_dossier(nomination: Nomination, *, by: User) -> None:
    """Upload a tờ trình and a báo cáo thành tích (files, not generated)."""
    for kind in (AttachmentKind.PROPOSAL, AttachmentKind.ACHIEVEMENT_REPORT):
        add_attachment(by=by, nomination=nomination, kind=kind, upload=pdf_upload(f"{kind}.pdf"))


def prepare_issuing(org: Org) -> None:
    """Abbreviations and heads so the units can issue documents."""
    for unit, abbreviation, head in (
        (org.root, "SYT", "Nguyễn Văn An"),
        (org.a, "BVA", "Đỗ Quang Vinh"),
        (org.b, "BVB", "Hoàng Minh Tuấn"),
    ):
        unit.abbreviation = abbreviation
        unit.head = PersonFactory(unit=unit, full_name=head)
        unit.save()
