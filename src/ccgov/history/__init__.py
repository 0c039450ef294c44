"""History as the audit trail: a record's log, who implemented what, and the audit."""
