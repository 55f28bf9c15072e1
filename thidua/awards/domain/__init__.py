"""The pure engine of commendation by the Law: facts in, rule-by-rule evaluations out. No Django.

- `facts`: the plain data the rules read (ratings, awards held, initiatives, discipline …).
- `rules`: the rulebook as data (awards, rules with parameters and citations) and the results.
- `rule_kinds`: what each kind of rule checks, and `validate_rulebook`.
- `default_rulebook`: the catalogue of LEGAL.md §1 (Luật 06/2022/QH15, NĐ 152/2025/NĐ-CP).
- `eligibility`: evaluating one subject or a whole department; tie-breaks.
- `votes`: quorum and the council's secret ballot counted against the whole membership.
"""
