"""The one line a team's CI installs ccgov from (``.ccgov/requirements.txt``).

It defaults to how *this* ccgov was installed, read from the installed
distribution's metadata (PEP 610 ``direct_url.json``): a VCS URL at its
commit, an archive URL, a local checkout (its git remote at its commit when
it has one) or, from a package index, the exact version.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from ccgov import __version__

REQUIREMENTS_FILE = ".ccgov/requirements.txt"


@dataclass(frozen=True, slots=True)
class Pin:
    line: str  # a pip requirement line
    # Why CI may not be able to use it (a path on this machine), or None.
    caveat: str | None = None


def _git(directory: Path, *args: str) -> str | None:
    completed = subprocess.run(
        ["git", *args], cwd=directory, capture_output=True, text=True, check=False
    )
    return completed.stdout.strip() or None if completed.returncode == 0 else None


def pin_from(direct_url: dict[str, object] | None, version: str = __version__) -> Pin:
    """The requirement line for an installation described by ``direct_url.json``."""
    if not direct_url:
        return Pin(f"ccgov=={version}")
    url = str(direct_url.get("url", ""))
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, dict):
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        return Pin(f"ccgov @ {vcs.get('vcs', 'git')}+{url}@{commit}")
    archive = direct_url.get("archive_info")
    if isinstance(archive, dict):
        digest = archive.get("hash")
        return Pin(f"ccgov @ {url}" + (f"#{digest}" if digest else ""))
    if url.startswith("file://"):
        source = Path(unquote(urlparse(url).path))
        remote = _git(source, "remote", "get-url", "origin")
        commit = _git(source, "rev-parse", "HEAD")
        if remote and commit:
            return Pin(f"ccgov @ git+{remote}@{commit}")
        return Pin(
            f"ccgov @ {url}",
            f"ccgov was installed from {source}, a folder on this machine: CI cannot install "
            f"from it; put a VCS URL or a package version in {REQUIREMENTS_FILE}",
        )
    return Pin(f"ccgov @ {url}")


def current_pin() -> Pin:
    """How the running ccgov was installed, as a requirement line."""
    try:
        distribution = metadata.distribution("ccgov")
    except metadata.PackageNotFoundError:
        return Pin(f"ccgov=={__version__}", "ccgov is not installed as a package here")
    text = distribution.read_text("direct_url.json")
    return pin_from(json.loads(text) if text else None, distribution.version)


def requirements_text(pin: Pin) -> str:
    lines = [
        "# The one line CI installs ccgov from (.github/workflows/ccgov.yml).",
        "# Pin it (a version, or a VCS URL at a commit) and change it in a reviewed commit.",
    ]
    if pin.caveat:
        lines.append(f"# NOTE: {pin.caveat}")
    return "\n".join([*lines, pin.line]) + "\n"


def read_pin(text: str) -> str | None:
    """The requirement line of a requirements file (None: there is none)."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return stripped
    return None
