"""Bytes of an input file, read safely, and their text.

Only regular files are read (a FIFO would block forever, ``/dev/zero`` never ends), at most
``limit + 1`` bytes of them, so a huge file is one clear message, not a machine out of memory.
Text is UTF-8 (with or without a BOM) or UTF-16/32 with a BOM, or UTF-16 without one (Windows
tools write it); anything else is a one-line error rather than a guess.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import unicodedata
from pathlib import Path

from kg.errors import InputError

MAX_INPUT_BYTES = 64 * 1024 * 1024  # a 10-hour word-level JSON export is ~30 MB; plain text is far smaller
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _oserror(path: Path, exc: OSError) -> InputError:
    if exc.errno == errno.ENOENT:
        return InputError(f"{path}: no such file")
    if exc.errno == errno.EISDIR:
        return InputError(f"{path}: is a folder, not a transcript")
    if exc.errno == errno.ENAMETOOLONG:
        return InputError(f"{str(path)[:80]}...: file name too long")
    return InputError(f"{path}: cannot read ({exc.strerror or exc})")


def read_bytes(path: str | Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them; :class:`InputError` otherwise.

    The file is opened without blocking and checked on its descriptor, so a FIFO, a device or a
    socket is refused before anything is read, and a file swapped in after a check is seen too.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _oserror(path, exc) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path}: is a folder, not a transcript")
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: not a regular file (a pipe, device or socket), not read")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise _oserror(path, exc) from None
    finally:
        os.close(fd)
    if size > limit:
        raise InputError(f"{path}: larger than the input limit of {_megabytes(limit)} (--max-input-size)")
    return b"".join(chunks)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte of the start is NUL, as in ASCII text in UTF-16."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def _encoding(data: bytes) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return _utf16_without_bom(data) or "utf-8"


def decode(path: str | Path, data: bytes) -> str:
    """The text of an input file's bytes; :class:`InputError` for empty, binary or undecodable input."""
    if not data.strip():
        raise InputError(f"{path}: empty file")
    encoding = _encoding(data)
    if encoding == "utf-8" and b"\x00" in data[:4096]:
        raise InputError(f"{path}: binary file, not a transcript")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        what = "UTF-8" if encoding == "utf-8" else encoding.upper()
        raise InputError(f"{path}: not valid {what} (byte {exc.start}); save it as UTF-8") from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    if _control_share(text[:65536]) > 0.02:
        raise InputError(f"{path}: binary file, not a transcript")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_share(sample: str) -> float:
    """Share of characters that are control or unassigned code points (not tab, newline, CR)."""
    bad = sum(1 for ch in sample if ch not in "\t\n\r\f" and unicodedata.category(ch) in ("Cc", "Cn", "Cs", "Co"))
    return bad / max(1, len(sample))
