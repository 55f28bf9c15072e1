"""Pure domain module of initiatives (no Django): area_suggestion."""
