"""SCAFFOLD: pure module scoring (issue 3)."""
