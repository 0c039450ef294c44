"""The one error hierarchy of ccgov.

The core raises these; only the CLI's error handler turns them into exit
codes and messages, so the core never prints or exits.
"""

from __future__ import annotations

from typing import ClassVar

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class CcgovError(Exception):
    """Base class: a problem the user can act on, with an optional hint."""

    exit_code: ClassVar[int] = EXIT_FINDINGS

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        # Things that happened before the failure and the user should know
        # about (e.g. an interrupted command that was settled first).
        self.notes: list[str] = []


class UsageError(CcgovError):
    """The command line or its arguments are wrong."""

    exit_code = EXIT_USAGE


class NotARepositoryError(UsageError):
    """The directory is not a governed repository."""


class RefusedError(CcgovError):
    """A valid request that ccgov refuses (illegal transition, dirty tree, ...)."""


class GitError(CcgovError):
    """git failed; the message carries what git said."""
