"""Models of awards: the rulebook (dated versions, the base salary inside) and the inputs its rules
read, per person or per collective (a Unit) and year; award rounds, nominations and their
disclosure."""

from thidua.awards.models.councils import (
    AgendaItem,
    AwardCouncil,
    AwardCouncilMember,
    BallotBox,
    BallotMark,
    CouncilSession,
    SessionAttendance,
)
from thidua.awards.models.decisions import AwardDecision, DecisionRecipient
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
    "AgendaItem",
    "AwardCouncil",
    "AwardCouncilMember",
    "AwardDecision",
    "AwardRecord",
    "AwardRound",
    "BallotBox",
    "BallotMark",
    "CouncilSession",
    "DecisionRecipient",
    "DisciplineRecord",
    "DisclosureFeedback",
    "Hold",
    "MaternityLeave",
    "Nomination",
    "NominationAction",
    "NominationAttachment",
    "ResearchProject",
    "RulebookVersion",
    "SessionAttendance",
    "YearlyRating",
]
