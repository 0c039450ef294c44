"""Pydantic models of every record kind, and the registry that maps kinds to
directories, id styles and models."""
