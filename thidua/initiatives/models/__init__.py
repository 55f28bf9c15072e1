"""Initiatives (sáng kiến): submission with authors and attachments, the duplicate detector's
fingerprints, councils with rounds, assignments, reviews, votes and decisions, and adoptions."""

from thidua.initiatives.models.adoption import Adoption, AdoptionIndicator
from thidua.initiatives.models.councils import (
    Assignment,
    ConflictDeclaration,
    CouncilMember,
    CouncilVote,
    Decision,
    InitiativeCouncil,
    RecognitionRule,
    Review,
    ReviewRound,
    ReviewScore,
    RoundEntry,
    Rubric,
    RubricCriterion,
    RubricLevel,
)
from thidua.initiatives.models.similarity import InitiativeFingerprint
from thidua.initiatives.models.submission import (
    Attachment,
    AttachmentFile,
    Authorship,
    Initiative,
    InitiativeAction,
)

__all__ = [
    "Adoption",
    "AdoptionIndicator",
    "Assignment",
    "Attachment",
    "AttachmentFile",
    "Authorship",
    "ConflictDeclaration",
    "CouncilMember",
    "CouncilVote",
    "Decision",
    "Initiative",
    "InitiativeAction",
    "InitiativeCouncil",
    "InitiativeFingerprint",
    "RecognitionRule",
    "Review",
    "ReviewRound",
    "ReviewScore",
    "RoundEntry",
    "Rubric",
    "RubricCriterion",
    "RubricLevel",
]
