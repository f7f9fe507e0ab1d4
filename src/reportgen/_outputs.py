"""Writes the files a command makes: all or none, each atomically, and never over a file a person changed.

Reviewers annotate report.docx in Word. A folder's manifest (.reportgen-manifest.json) records the SHA-256
of every file reportgen wrote there; a file whose bytes no longer match (or that reportgen did not write)
is left alone, and the whole new set is written under the first free version name instead: report-2.docx
and report-2.pdf beside the reviewed report.docx. When told to replace such a file (`build --force`), its
changed bytes are first kept under a new name (report.reviewed-1.docx), so nothing a reviewer saved is lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputError

MANIFEST = ".reportgen-manifest.json"
_PART = ".part"


@dataclass
class Written:
    paths: list[Path]
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (file left as it was, its new version)
    reviewed: list[tuple[Path, Path]] = field(default_factory=list)  # (file replaced by force, copy of its changes)


def write_outputs(folder: Path, blobs: dict[str, bytes]) -> list[Path]:
    """Write every blob as `folder`/name; nothing is replaced until all of them are on disk."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError.of("output.cannot_create_folder", folder, reason=exc.strerror) from exc
    _remove_parts(folder)
    temps: dict[str, str] = {}
    name = ""
    try:
        for name, data in blobs.items():  # every file complete and on disk first …
            fd, temps[name] = tempfile.mkstemp(prefix=f".{name}.", suffix=_PART, dir=folder)
            os.chmod(temps[name], 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        written = []
        for name in list(temps):  # … then each renamed over the old one (atomic), one after the other
            os.replace(temps[name], folder / name)
            del temps[name]
            written.append(folder / name)
        _sync_folder(folder)
    except OSError as exc:
        for tmp in temps.values():
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise OutputError.of("output.cannot_write", folder / name, reason=exc.strerror) from exc
    return written


def write_protected(folder: Path, blobs: dict[str, bytes], force: bool = False) -> Written:
    """Like write_outputs, but a file changed since reportgen wrote it is kept and a new version written.

    All blobs share one version, so report-2.docx and report-2.pdf always come from the same build.
    `force` replaces the files whatever happened to them, after keeping each changed one under a new name
    (see keep_copy): `Written.reviewed` says where.
    """
    manifest = _load_manifest(folder)
    version = 1
    while not force and not all(_replaceable(folder / versioned(n, version), manifest) for n in blobs):
        version += 1
    targets = {versioned(n, version): data for n, data in blobs.items()}
    kept = [(folder / n, folder / versioned(n, version)) for n in blobs
            if version > 1 and not _replaceable(folder / n, manifest)]
    reviewed = [(folder / n, keep_copy(folder / n)) for n in targets
                if force and (folder / n).exists() and not _replaceable(folder / n, manifest)]
    paths = write_outputs(folder, targets)
    manifest.update({n: hashlib.sha256(data).hexdigest() for n, data in targets.items()})
    _write_manifest(folder, manifest)
    return Written(paths, kept, reviewed)


def written_names(folder: Path) -> set[str]:
    """The names of the files the manifest of `folder` says reportgen wrote there."""
    return set(_load_manifest(folder))


def remove_written(folder: Path, names: set[str]) -> tuple[list[Path], list[Path]]:
    """Delete those of `names` that reportgen wrote in `folder` and nobody changed since, and forget them (and
    any that are gone) in the manifest. Returns the files removed, and those left because someone changed them."""
    manifest = _load_manifest(folder)
    removed, changed = [], []
    for name in sorted(names & set(manifest)):
        path = folder / name
        if not path.exists():
            del manifest[name]
        elif _replaceable(path, manifest):
            try:
                path.unlink()
            except OSError as exc:
                raise OutputError.of("output.cannot_remove", path, reason=exc.strerror) from exc
            del manifest[name]
            removed.append(path)
        else:
            changed.append(path)
    if len(manifest) != len(_load_manifest(folder)):
        _write_manifest(folder, manifest)
    return removed, changed


def _write_manifest(folder: Path, manifest: dict[str, str]) -> None:
    record = {"note": "SHA-256 of the files reportgen wrote here; a file that differs was changed by someone "
                      "and is never replaced (reportgen build --force replaces it)", "files": manifest}
    write_outputs(folder, {MANIFEST: json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode()})


def last_reviewed(folder: Path, name: str) -> Path | None:
    """The latest version of `name` in `folder` (report.docx, report-2.docx …) that someone changed since reportgen
    wrote it: the draft reviewers worked on last, whose comments the next draft carries. None when there is none."""
    manifest = _load_manifest(folder)
    stem, dot, ext = name.rpartition(".")
    versions = {1: folder / name}
    for p in folder.glob(f"{stem}-*.{ext}" if dot else f"{name}-*"):
        n = p.name[len(stem) + 1:len(p.name) - len(ext) - 1] if dot else p.name[len(name) + 1:]
        if n.isdigit() and versioned(name, int(n)) == p.name:
            versions[int(n)] = p
    changed = [p for n, p in sorted(versions.items()) if p.is_file() and not _replaceable(p, manifest)]
    return changed[-1] if changed else None


def reviewed_name(name: str, n: int) -> str:
    """report.docx → report.reviewed-1.docx, report.reviewed-2.docx …"""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.reviewed-{n}.{ext}" if dot else f"{name}.reviewed-{n}"


def keep_copy(path: Path) -> Path:
    """Keep `path` as it is now under the first free name report.reviewed-<n>.docx beside it; return that name.

    Done before `path` is replaced, and durably: a hard link (the same bytes under a second name, made in one
    step and never over an existing file), else a complete copy renamed into place. A copy with the same bytes
    kept earlier (a --force build that then failed) is used again rather than made twice.
    """
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        digest = ""
    n = 1
    while True:
        copy = path.with_name(reviewed_name(path.name, n))
        if not copy.exists():
            break
        try:
            if digest and hashlib.sha256(copy.read_bytes()).hexdigest() == digest:
                return copy
        except OSError:
            pass
        n += 1
    try:
        try:
            os.link(path, copy)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (FAT, some network shares): copy, then rename the complete copy
            fd, tmp = tempfile.mkstemp(prefix=f".{copy.name}.", suffix=_PART, dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f, path.open("rb") as src:
                    shutil.copyfileobj(src, f)
                    f.flush()
                    os.fsync(f.fileno())
                shutil.copystat(path, tmp)
                if copy.exists():
                    raise FileExistsError(copy)
                os.rename(tmp, copy)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        _sync_folder(path.parent)
    except OSError as exc:
        raise OutputError.of("output.cannot_keep_copy", path, reason=exc.strerror or exc) from exc
    return copy


def versioned(name: str, version: int) -> str:
    """report.docx, report-2.docx, report-3.docx …"""
    if version == 1:
        return name
    stem, dot, ext = name.rpartition(".")
    return f"{stem}-{version}.{ext}" if dot else f"{name}-{version}"


def _replaceable(path: Path, manifest: dict[str, str]) -> bool:
    if not path.exists():
        return True
    try:
        return manifest.get(path.name) == hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return False


def _load_manifest(folder: Path) -> dict[str, str]:
    try:
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}  # no record: every existing file counts as changed by someone
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def _remove_parts(folder: Path) -> None:
    # Temporary files of a run that was killed while writing (the only moment one can be left behind).
    for p in folder.glob(f".*{_PART}"):
        try:
            p.unlink()
        except OSError:
            pass


def _sync_folder(folder: Path) -> None:
    # Make the renames themselves durable (POSIX); elsewhere the rename is all there is.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
