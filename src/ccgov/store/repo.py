"""The governed repository on disk: finding its root, discovering and loading
every record. Reading files is the only side effect; parsing is delegated to
the pure :func:`ccgov.store.loader.load_record`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ccgov.errors import NotARepositoryError
from ccgov.findings import Finding
from ccgov.records.config import RepoConfig
from ccgov.records.kinds import CONFIG_FILE, KIND_BY_DIRECTORY, KINDS, Kind, KindName
from ccgov.store.loader import LoadedRecord, load_record
from ccgov.store.yamlio import MAX_BYTES


@dataclass(slots=True)
class Repository:
    root: Path
    config: RepoConfig | None
    config_record: LoadedRecord | None
    records: dict[KindName, list[LoadedRecord]]
    findings: list[Finding] = field(default_factory=list)
    # Ids of record files that exist but did not load: references to them are
    # not "dangling", the file's own findings say what is wrong.
    unloaded: set[str] = field(default_factory=set)

    def of(self, kind: KindName) -> list[LoadedRecord]:
        return self.records.get(kind, [])


def find_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` that holds ccgov.yaml."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate
    raise NotARepositoryError(
        f"{start} is not inside a governed repository (no {CONFIG_FILE} here or above)",
        hint="run `ccgov init` to create one, or pass -C PATH",
    )


def read_inside(root: Path, relative: str) -> tuple[bytes | None, Finding | None]:
    """Read a file of the repository, refusing directories, special files and
    links that leave it. Never reads more than a record may hold."""
    path = root / relative

    def refuse(code: str, message: str) -> tuple[None, Finding]:
        return None, Finding(relative, 0, 0, code, "error", message)

    try:
        # Resolve the whole path, not just its last part: a linked directory
        # (items -> /elsewhere) leaves the repository as surely as a linked file.
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            return refuse("YAML008", f"is a link to {target}, outside the repository; "
                                     "records must live in the repository")
        if path.is_dir():
            return refuse("YAML008", "is a directory, not a record file; rename or remove it")
        if not path.exists():
            return refuse("YAML008", f"is a broken link (to {target}); fix or remove it")
        if not path.is_file():
            # A FIFO or device would block or never end: never open it.
            return refuse("YAML008", "is not a regular file; records are plain files")
        with path.open("rb") as handle:
            # Read one byte past the limit: enough to know a file is too big
            # without reading 50 MB of it.
            data = handle.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                size = os.fstat(handle.fileno()).st_size
                return refuse("YAML004", f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte "
                                         "limit for a record")
        return data, None
    except RuntimeError:  # Python < 3.13 reports a symlink loop this way
        return refuse("YAML008", "is a symbolic link loop; fix or remove it")
    except OSError as exc:
        return refuse("YAML008", f"cannot be read: {exc.strerror or exc}")


def discover(root: Path) -> tuple[list[tuple[str, Kind]], list[Finding]]:
    """Record files under each kind's directory (direct children, ``*.yaml``)."""
    found: list[tuple[str, Kind]] = []
    findings: list[Finding] = []
    for kind in KINDS:
        directory = root / kind.directory
        if not directory.is_dir():
            continue
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            findings.append(Finding(kind.directory, 0, 0, "YAML008", "error",
                                    f"cannot be listed: {exc.strerror or exc}"))
            continue
        for entry in entries:
            relative = f"{kind.directory}/{entry.name}"
            if entry.name.startswith("."):
                continue
            if entry.name.endswith(".yaml"):
                found.append((relative, kind))
            elif entry.name.endswith(".yml"):
                findings.append(Finding(relative, 0, 0, "FILE001", "warning",
                                        "ignored: record files end in .yaml; rename it"))
            else:
                findings.append(Finding(relative, 0, 0, "FILE001", "warning",
                                        f"ignored: not a record file; only *.yaml belongs in "
                                        f"{kind.directory}/"))
    return found, findings


def load_config(
    root: Path, overrides: Mapping[str, bytes] | None = None
) -> tuple[LoadedRecord | None, list[Finding]]:
    if overrides and CONFIG_FILE in overrides:
        data, problem = overrides[CONFIG_FILE], None
    else:
        data, problem = read_inside(root, CONFIG_FILE)
    if data is None:
        return None, [problem] if problem else []
    return load_record(CONFIG_FILE, data, RepoConfig, id_field=None)


def load_repository(root: Path, overrides: Mapping[str, bytes] | None = None) -> Repository:
    """Load ccgov.yaml and every record; problems become findings, never exceptions.

    ``overrides`` maps repository-relative paths to content that replaces (or
    adds to) what is on disk, so a mutation can be validated before anything
    is written.
    """
    overrides = overrides or {}
    config_record, findings = load_config(root, overrides)
    files, discovery_findings = discover(root)
    known = {relative for relative, _ in files}
    for relative in sorted(set(overrides) - known):
        kind = KIND_BY_DIRECTORY.get(relative.split("/", 1)[0])
        if kind is not None and relative.count("/") == 1 and relative.endswith(".yaml"):
            files.append((relative, kind))
    findings.extend(discovery_findings)
    records: dict[KindName, list[LoadedRecord]] = {kind.name: [] for kind in KINDS}
    unloaded: set[str] = set()
    for relative, kind in files:
        if relative in overrides:
            data, problem = overrides[relative], None
        else:
            data, problem = read_inside(root, relative)
        if data is None:
            if problem:
                findings.append(problem)
            unloaded.add(PurePosixPath(relative).stem)
            continue
        loaded, record_findings = load_record(relative, data, kind.model, id_field=kind.id_field)
        findings.extend(record_findings)
        if loaded is not None:
            records[kind.name].append(loaded)
        else:
            unloaded.add(PurePosixPath(relative).stem)
    config = config_record.record if config_record is not None else None
    return Repository(root, config, config_record, records, findings, unloaded)
