"""Helpers shared by tests (importable as `helpers`; conftest re-exports them)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "northwind"


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    ).stdout


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def examples(default: int) -> int:
    """Hypothesis examples per property: fewer under `make mutation`, which runs
    the property tests once per mutant (CCGOV_PROPERTY_EXAMPLES)."""
    return int(os.environ.get("CCGOV_PROPERTY_EXAMPLES", default))


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def known_facts() -> Any:
    """What the workflow tests' repository holds, for converting exports without
    git: four people, CI-0001 and CI-0002, RFC-0001, SLA-0001 (severities 1-4)
    and SLA-0002 (1 and 2)."""
    from ccgov.imports.incident_rows import Known

    return Known(
        people={"alice", "bob", "carol", "dave"},
        items={"CI-0001", "CI-0002"},
        changes={"RFC-0001"},
        slas={"SLA-0001": {1, 2, 3, 4}, "SLA-0002": {1, 2}},
    )


class Terminal:
    """ccgov run on a real pseudo-terminal, as a person at a shell runs it:
    ``expect`` waits for text to appear, ``send`` types a line, ``finish``
    reads to the end and gives the exit code; ``transcript`` is everything
    the terminal showed."""

    def __init__(self, *args: str, cwd: Path | None = None) -> None:
        import pty
        import sys

        self.transcript = b""
        self._unread = b""
        pid, fd = pty.fork()
        if pid == 0:  # the child runs ccgov on the terminal side
            if cwd is not None:
                os.chdir(cwd)
            os.environ["COLUMNS"] = "160"
            os.execv(sys.executable, [sys.executable, "-m", "ccgov", *args])
        self.pid, self.fd = pid, fd

    def _read(self, timeout: float) -> bool:
        """Read what is there; False once the program has closed the terminal."""
        import select

        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 4096)
        except OSError:
            return False
        self.transcript += chunk
        self._unread += chunk
        return bool(chunk)

    def expect(self, text: str, timeout: float = 30) -> None:
        """Wait until ``text`` appears after what earlier calls waited for."""
        import time

        deadline = time.monotonic() + timeout
        wanted = text.encode()
        while wanted not in self._unread:
            if time.monotonic() > deadline or not self._read(0.2):
                raise AssertionError(f"never saw {text!r} in {self.text!r}")
        self._unread = self._unread[self._unread.index(wanted) + len(wanted) :]

    def send(self, line: str) -> None:
        os.write(self.fd, (line + "\n").encode())

    def finish(self, timeout: float = 60) -> int:
        """Read to the end and return the exit code."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._read(0.2):
            pass
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)

    @property
    def text(self) -> str:
        return self.transcript.decode(errors="replace").replace("\r\n", "\n")


# --- runnable documentation ------------------------------------------------------


@dataclass
class DocStep:
    """One command from a Markdown page: the shell text, the exit code the
    page says it ends with (a trailing ``# exits N``; 0 otherwise)."""

    command: str
    expect: int = 0


@dataclass
class Ran:
    step: DocStep
    exit_code: int
    stdout: str
    stderr: str


def doc_steps(markdown: str) -> list[DocStep]:
    """Every command of the page's ``sh`` blocks, in order, and a step that
    writes each ``yaml`` block starting with ``# file: PATH`` to that path."""
    import re

    steps: list[DocStep] = []
    blocks = re.findall(r"^```(\w*)\n(.*?)^```\s*$", markdown, re.M | re.S)
    for language, body in blocks:
        if language == "yaml":
            first = body.split("\n", 1)[0]
            found = re.match(r"# file: (\S+)$", first)
            if found:
                steps.append(DocStep(f"cat > {found.group(1)} <<'CCGOV_DOC'\n{body}CCGOV_DOC"))
            continue
        if language != "sh":
            continue
        lines = body.splitlines()
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            command = [line]
            while command[-1].endswith("\\") and index < len(lines):
                command.append(lines[index])
                index += 1
            heredoc = re.search(r"<<-?'?(\w+)'?", line)
            if heredoc:
                while index < len(lines):
                    command.append(lines[index])
                    index += 1
                    if command[-1].strip() == heredoc.group(1):
                        break
            expect = re.search(r"#.*\bexits (\d+)", command[0])
            steps.append(DocStep("\n".join(command), int(expect.group(1)) if expect else 0))
    return steps


def run_doc_steps(steps: list[DocStep], cwd: Path, env: dict[str, str]) -> list[Ran]:
    """Run the steps in one bash, in order (``cd`` and variables carry over),
    each with its own exit code and output."""
    import tempfile

    with tempfile.TemporaryDirectory() as logs:
        script = []
        for number, step in enumerate(steps):
            out = f"{logs}/{number}"
            script.append(f"{{ {step.command}\n}} >{out}.out 2>{out}.err </dev/null")
            script.append(f"echo $? >{out}.rc")
        subprocess.run(
            ["bash", "--noprofile", "--norc", "-c", "\n".join(script)],
            cwd=cwd,
            env=env,
            check=True,
            timeout=1800,
        )
        ran = []
        for number, step in enumerate(steps):
            base = Path(logs) / str(number)
            ran.append(
                Ran(
                    step,
                    int(base.with_suffix(".rc").read_text()),
                    base.with_suffix(".out").read_text(errors="replace"),
                    base.with_suffix(".err").read_text(errors="replace"),
                )
            )
        return ran


def shim_ccgov(directory: Path) -> Path:
    """A ``ccgov`` on PATH that runs this checkout's ccgov with this Python."""
    import sys

    directory.mkdir(parents=True, exist_ok=True)
    shim = directory / "ccgov"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ccgov "$@"\n')
    shim.chmod(0o755)
    return directory
