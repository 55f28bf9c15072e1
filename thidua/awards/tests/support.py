"""A small rulebook for the app's tests (the engine's default one is tested by the engine), and
helpers to build inputs."""

from typing import Any

from thidua.awards.domain.rules import from_json
from thidua.awards.enums import RulebookStatus
from thidua.awards.models import RulebookVersion
from thidua.awards.services.rulebook import check_rulebook


def rule(
    code: str, kind: str, params: dict[str, Any], citation: str = "Luật 06/2022/QH15"
) -> dict[str, Any]:
    return {"code": code, "kind": kind, "params": params, "citation": citation, "description": code}


def small_rulebook(
    version: str = "Thử nghiệm 2000", effective_from: str = "2000-01-01"
) -> dict[str, Any]:
    """ldtt (HTTNV or better), cstdcs (HTXSNV), ttldtt (collective, HTTNV or better)."""
    return {
        "version": version,
        "effective_from": effective_from,
        "citation": "Luật Thi đua, khen thưởng số 06/2022/QH15",
        "base_salary": "2340000",
        "base_salary_from": "2024-07-01",
        "base_salary_citation": "Nghị định 73/2024/NĐ-CP",
        "awards": [
            {
                "code": "ldtt",
                "name": "Lao động tiên tiến",
                "subject": "individual",
                "kind": "title",
                "vote_share": None,
                "reward_multiple": "0.3",
                "citation": "Luật 06/2022/QH15 Điều 24",
                "rules": [rule("xep_loai", "rating_at_least", {"min_rating": "HTTNV"})],
            },
            {
                "code": "cstdcs",
                "name": "Chiến sĩ thi đua cơ sở",
                "subject": "individual",
                "kind": "title",
                "vote_share": "4/5",
                "reward_multiple": "1",
                "citation": "Luật 06/2022/QH15 Điều 23",
                "rules": [rule("xep_loai", "rating_at_least", {"min_rating": "HTXSNV"})],
            },
            {
                "code": "ttldtt",
                "name": "Tập thể lao động tiên tiến",
                "subject": "collective",
                "kind": "title",
                "vote_share": None,
                "reward_multiple": "0.8",
                "citation": "Luật 06/2022/QH15 Điều 28",
                "rules": [rule("xep_loai", "rating_at_least", {"min_rating": "HTTNV"})],
            },
        ],
    }


def install_small_rulebook() -> RulebookVersion:
    data = small_rulebook()
    spec = check_rulebook(data)
    version, _ = RulebookVersion.objects.get_or_create(
        label=spec.version,
        defaults={
            "effective_from": spec.effective_from,
            "status": RulebookStatus.PUBLISHED,
            "spec": data,
            "citation": spec.citation,
        },
    )
    from_json(version.spec)
    return version
