"""Models of awards: the rulebook (dated versions, the base salary inside) and the inputs its rules
read, per person or per collective (a Unit) and year; award rounds, nominations and their
disclosure."""

from thidua.awards.models.inputs import (
    AwardRecord,
    DisciplineRecord,
    Hold,
    MaternityLeave,
    ResearchProject,
    YearlyRating,
)
from thidua.awards.models.rounds import (
    AwardRound,
    DisclosureFeedback,
    Nomination,
    NominationAction,
    NominationAttachment,
)
from thidua.awards.models.rulebook import RulebookVersion

__all__ = [
    "AwardRecord",
    "AwardRound",
    "DisciplineRecord",
    "DisclosureFeedback",
    "Hold",
    "MaternityLeave",
    "Nomination",
    "NominationAction",
    "NominationAttachment",
    "ResearchProject",
    "RulebookVersion",
    "YearlyRating",
]
