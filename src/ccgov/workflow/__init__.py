"""Use cases that change the repository: the RFC workflow."""
