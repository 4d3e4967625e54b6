"""Atomic file writes: a temp file in the target folder, then rename, so nothing half written remains."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kg.errors import InputError


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8) through a temp file and a rename."""
    write_all({Path(path): text})


def write_all(texts: dict[Path, str]) -> None:
    """Write several files all or none: each to a temp file beside it, then every rename.

    A full disk or any other write error leaves every target as it was (no temp file behind) and
    raises :class:`InputError` with one line naming the file and the reason."""
    done: list[tuple[str, Path]] = []
    try:
        for path, text in texts.items():
            done.append((_write_temp(Path(path), text), Path(path)))
        for tmp, path in done:
            os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        for tmp, _ in done:
            Path(tmp).unlink(missing_ok=True)


def _write_temp(path: Path, text: str) -> str:
    """``text`` in a new temp file in ``path``'s folder; its name. Nothing is left behind on error."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(f"{path.parent}: cannot write there ({exc.strerror})") from None
    try:
        # errors="replace": a lone surrogate (a file name's byte that was not UTF-8) cannot be UTF-8
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="\n") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def prepare_output_dir(path: Path) -> Path:
    """Create the output folder if needed and check that it is writable; one-line error otherwise."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: exists and is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot create output folder ({exc.strerror})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise InputError(f"{path}: output folder is not writable")
    return path
