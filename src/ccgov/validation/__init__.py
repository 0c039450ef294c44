"""The validate use case: load the repository, run the rules, filter."""
