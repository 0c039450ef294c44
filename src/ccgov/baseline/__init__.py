"""Baselines: the documented state of the controlled environment at a moment,
snapshotted, compared, verified against git, and checked against the live
platform."""
