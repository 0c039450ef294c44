"""ccgov: governance-as-code for contact-center technology."""

from __future__ import annotations

__version__ = "0.1.0"
