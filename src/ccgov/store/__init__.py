"""Storage: YAML in and out, record loading, the governed repository, git."""
