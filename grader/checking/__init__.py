"""Checking a value against the expected one: equivalence, exact proof, tolerance, numeric
evaluation, size estimates, and the verdict (judging)."""
