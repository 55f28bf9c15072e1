"""Reading the rulebook: the version in force on a date, the upcoming ones, the award codes."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from thidua.awards.domain.rules import RulebookSpec, from_json
from thidua.awards.enums import RulebookStatus
from thidua.awards.models import RulebookVersion


def published_versions() -> QuerySet[RulebookVersion]:
    return RulebookVersion.objects.filter(status=RulebookStatus.PUBLISHED)


def rulebook_in_force(on: dt.date) -> RulebookVersion | None:
    """The published version with the latest start on or before `on` (None before the first)."""
    return published_versions().filter(effective_from__lte=on).order_by("-effective_from").first()


def spec_of(version: RulebookVersion) -> RulebookSpec:
    """The engine's rulebook of a stored version (published versions were checked when stored)."""
    return from_json(version.spec)


def spec_in_force(on: dt.date) -> tuple[RulebookVersion, RulebookSpec] | None:
    version = rulebook_in_force(on)
    return None if version is None else (version, spec_of(version))


@dataclass(frozen=True)
class VersionRow:
    version: RulebookVersion
    state: str  # "in_force" | "upcoming" | "past" | "draft"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


STATE_LABELS: Mapping[str, str] = {
    "in_force": "Đang áp dụng",
    "upcoming": "Sắp áp dụng",
    "past": "Đã hết hiệu lực",
    "draft": "Bản nháp (chưa ban hành)",
}


def rulebook_versions(today: dt.date) -> list[VersionRow]:
    """Every version, newest start first, each marked in force, upcoming, past or draft: one
    query."""
    versions = list(
        RulebookVersion.objects.select_related("published_by").order_by("-effective_from", "-id")
    )
    in_force = next(
        (v for v in versions if v.status == RulebookStatus.PUBLISHED and v.effective_from <= today),
        None,
    )
    rows: list[VersionRow] = []
    for version in versions:
        if version.status != RulebookStatus.PUBLISHED:
            state = "draft"
        elif version is in_force:
            state = "in_force"
        elif version.effective_from > today:
            state = "upcoming"
        else:
            state = "past"
        rows.append(VersionRow(version, state))
    return rows


def known_award_codes(*, person: bool) -> frozenset[str]:
    """Codes of the awards for individuals (`person`) or collectives in any published version:
    what an award held may be recorded as (history reaches back before the current version)."""
    wanted = "individual" if person else "collective"
    codes: set[str] = set()
    for spec in published_versions().values_list("spec", flat=True):
        for award in spec.get("awards", []) if isinstance(spec, dict) else []:
            if isinstance(award, dict) and award.get("subject") == wanted:
                codes.add(str(award.get("code", "")))
    return frozenset(codes)


def award_names() -> dict[str, str]:
    """Code → name over every published version (the newest name wins)."""
    names: dict[str, str] = {}
    for spec in published_versions().order_by("effective_from").values_list("spec", flat=True):
        for award in spec.get("awards", []) if isinstance(spec, dict) else []:
            if isinstance(award, dict):
                names[str(award.get("code", ""))] = str(award.get("name", ""))
    return names
