"""Writes of targets per unit, registration rounds, unit and personal registrations, pledges and
their Excel imports. One module per subject:

- `targets`: the department assigns a unit's targets, a unit proposes its own, the department
  approves or returns a proposal;
- `rounds`: the registration round of a year, the deadline a unit may be granted;
- `unit_registrations`: a unit's registration, its submission and the department's decision;
- `personal`: a person's own registration and the unit head's decision;
- `pledges`: a cluster's giao ước thi đua and its signatories;
- `target_sheets`, `personal_sheets` (sharing `sheets`): the Excel templates and all-or-nothing
  imports of targets and of personal registrations;
- `exports`: the registration progress as Excel.

Rules shared by all (in `common`): nothing changes in a movement that has closed; years lie
within the movement; a registration is written between the round's opening and its deadline (or
the later deadline granted to the unit), except a returned one, which the unit or person may
correct and send again at any time because the return invited them to.
"""
