"""Setting up a governed repository: `ccgov init`."""
