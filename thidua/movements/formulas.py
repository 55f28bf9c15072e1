"""SCAFFOLD: pure module formulas (issue 3)."""
