"""Reads of awards: access and scope, inputs, facts for the engine, the rulebook, eligibility."""
