"""Governance policy as pure functions of ccgov.yaml and a record."""
