"""Commendation by the Law (issue 7): the rulebook as dated data, the inputs the rules read
(yearly ratings, awards held, research, discipline, holds, maternity leave), the facts built
from them in bulk, and eligibility rule by rule with its citation. The pure engine lives in
`domain/`; this app stores, scopes and shows."""
