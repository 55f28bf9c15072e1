"""Writes of awards: the inputs (one module), their Excel import, the rulebook."""
