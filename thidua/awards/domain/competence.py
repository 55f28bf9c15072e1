"""Who decides which award (thẩm quyền, LEGAL.md §1.4) applied to a round and its decision.
Pure: no Django.

A round's organiser decides the awards of its level and below (`rules.level_decides`); an award
of a higher level is only proposed upward: the round marks it "đề nghị cấp trên", its decision
leaves it out and the candidates who passed the vote go into a tờ trình to the level above.
"""

from collections.abc import Iterable

from thidua.awards.domain.rules import RulebookSpec, level_decides


def decides(spec: RulebookSpec, code: str, *, level: str) -> bool:
    """Whether the head at `level` decides award `code` (False for a code the rulebook lacks)."""
    return spec.has_award(code) and level_decides(level, spec.award(code).decided_by)


def competence_problems(
    spec: RulebookSpec,
    award_codes: Iterable[str],
    upward_codes: Iterable[str],
    *,
    level: str,
    organiser: str,
) -> list[str]:
    """The Vietnamese problems of a round's awards for an organiser at `level`: an award above
    its competence not marked "đề nghị cấp trên", one marked though the organiser decides it,
    one marked that the round does not offer. Empty: the round may be saved."""
    offered = list(dict.fromkeys(award_codes))
    upward = list(dict.fromkeys(upward_codes))
    problems: list[str] = []
    for code in upward:
        if code not in offered:
            problems.append(
                f"“{code}” được đánh dấu đề nghị cấp trên nhưng không có trong danh hiệu, hình "
                "thức xét của đợt."
            )
    for code in offered:
        if not spec.has_award(code):
            continue
        award = spec.award(code)
        own = level_decides(level, award.decided_by)
        if not own and code not in upward:
            problems.append(
                f"“{award.name}” do {award.decided_by_label} quyết định, {organiser} không có "
                "thẩm quyền: đánh dấu “đề nghị cấp trên” để lập tờ trình đề nghị cấp trên khen "
                "thưởng, hoặc bỏ khỏi đợt xét."
            )
        elif own and code in upward:
            problems.append(
                f"“{award.name}” thuộc thẩm quyền quyết định của {organiser}: không đánh dấu "
                "“đề nghị cấp trên”."
            )
    return problems
