"""Compact county census tables (2010, 2020) and the functions deriving rates and shares."""
