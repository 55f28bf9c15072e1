"""Pure domain module of initiatives (no Django): review_stats."""
