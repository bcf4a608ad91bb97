"""The loaded bank kept between starts, so the app opens without parsing every quiz file again.

Reading and validating the shipped bank costs about a tenth of a second, a third of the
app's start-up. ``load_bank_cached`` keeps what ``load_bank`` returned (the bank and its
problems) in one file in the user's cache directory, under a key made of everything the
result depends on: the bytes and names of every quiz file, the source of quizapp itself
(each module's name, size and modification time), the version of Python and those of the
libraries that parse and validate quiz files (pydantic, and the files of PyYAML and
pydantic-core).
Any change to any of them makes a new key, and the next start loads the bank afresh and
replaces the file. So a cached bank is the bank a fresh load would give, never an older one.

The cache is only a shortcut: a file that is missing, damaged, of another key, not a
regular file, not the user's own, or writable by others (it or its directory) is ignored
(and replaced), and a cache directory that cannot be written leaves every start a fresh
load. Nothing here ever stops the app. ``quizapp validate`` never uses it: an author always gets a full check.
"""

import hashlib
import importlib.util
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import platformdirs
import pydantic

from quizapp.core.bank.loaded_bank import BankLoad, find_quiz_files
from quizapp.core.bank.yaml_document import MAX_FILE_BYTES
from quizapp.core.records.regular_files import UnreadableFileError, read_regular_file

CACHE_FILE = "bank.pickle"
"""The cache's one file in its directory (a different bank replaces it)."""
_MAGIC = b"quizapp-bank-cache-1\n"
_KEY_BYTES = 32
_MOST_CACHE_BYTES = 512 * 1024 * 1024
_LIBRARIES = ("yaml", "_yaml", "pydantic_core")
"""Libraries that read and validate quiz files, found (not imported) to key the cache."""
_PACKAGE = Path(__file__).resolve().parents[2]
"""The ``quizapp`` package directory, whose source is part of the key."""


CACHE_ENV = "QUIZAPP_CACHE_DIR"
"""Environment variable naming the cache directory; set but empty, nothing is cached."""


def default_cache_dir() -> Path | None:
    """``$QUIZAPP_CACHE_DIR`` (None when it is set but empty), else the user's cache directory."""
    if (from_env := os.environ.get(CACHE_ENV)) is not None:
        return Path(from_env) if from_env else None
    return Path(platformdirs.user_cache_dir("quizapp", appauthor=False))


def load_bank_cached(paths: Sequence[Path], cache_dir: Path | None) -> BankLoad:
    """``load_bank(paths, check_snippet_syntax=False)``, served from ``cache_dir`` when nothing changed.

    Args:
        paths: Quiz files and directories, as for ``load_bank``.
        cache_dir: Where the cache file lives (made, private to the user, on first use);
            None loads afresh and keeps nothing.

    Raises:
        BankError: A path does not exist (as ``load_bank``).
    """
    key = None if cache_dir is None else _key(paths)
    if cache_dir is not None and key is not None and (cached := _read(cache_dir / CACHE_FILE, key)):
        return cached
    loaded = _load_afresh(paths)
    if cache_dir is not None and key is not None:
        _write(cache_dir, key, loaded)
    return loaded


def _load_afresh(paths: Sequence[Path]) -> BankLoad:
    """Read and validate the bank: the loader, its YAML readers and validators load only here."""
    from quizapp.core.bank.bank_loader import load_bank  # noqa: PLC0415 - not needed on a cache hit

    return load_bank(paths, check_snippet_syntax=False)


def _key(paths: Sequence[Path]) -> bytes | None:
    """What the loaded bank depends on, hashed; None if a quiz file is not a plain readable file.

    Such a file (a FIFO, a device, one too large or unreadable) is left to ``load_bank``,
    which reports it, and nothing is cached.
    """
    digest = hashlib.blake2b(digest_size=_KEY_BYTES)
    digest.update(_MAGIC)
    digest.update(f"{sys.version}\0{pydantic.VERSION}\0".encode())
    for library in _LIBRARIES:  # an upgrade of a parser or validator changes its files
        spec = importlib.util.find_spec(library)
        origin = None if spec is None else spec.origin
        info = Path(origin).stat() if origin else None
        digest.update(f"{library}\0{origin}\0{info and (info.st_size, info.st_mtime_ns)}\0".encode())
    for module, info in _package_sources():
        digest.update(f"{module}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    digest.update(b"\0banks\0")
    for path in paths:
        digest.update(os.fsencode(path) + b"\0")
    for file in find_quiz_files(paths):
        data = _quiz_file_bytes(file)
        if data is None:
            return None
        name = os.fsencode(file)
        digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.digest()


def _package_sources() -> list[tuple[str, os.stat_result]]:
    """Each module of quizapp (its path within the package) and its ``stat``, in a fixed order.

    ``os.scandir`` finds them in a third of the time ``Path.rglob`` takes, paid on every start.
    """
    found: list[tuple[str, os.stat_result]] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        with os.scandir(_PACKAGE / folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(f"{folder}{entry.name}/")
                elif entry.name.endswith(".py"):
                    found.append((f"{folder}{entry.name}", entry.stat()))
    return sorted(found, key=lambda item: item[0])


def _quiz_file_bytes(path: Path) -> bytes | None:
    """The bytes of a quiz file, or None where ``load_bank`` will report it (a FIFO, too large…)."""
    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except UnreadableFileError:
        return None


def _private(path: Path) -> bool:
    """Whether ``path`` is itself (no link) this user's own and writable by nobody else."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(cache_file: Path, key: bytes) -> BankLoad | None:
    """The cached load under ``key``, or None if the file holds none that can be trusted."""
    if not (_private(cache_file.parent) and _private(cache_file)):
        return None
    try:
        data = read_regular_file(cache_file, _MOST_CACHE_BYTES)
    except UnreadableFileError:
        return None
    header = _MAGIC + key
    if not data.startswith(header):
        return None
    try:
        loaded = pickle.loads(data[len(header) :])  # the user's own private file, checked above
    except Exception:  # a damaged cache is only a missed shortcut
        return None
    return loaded if isinstance(loaded, BankLoad) else None


def _write(cache_dir: Path, key: bytes, loaded: BankLoad) -> None:
    """Keep ``loaded`` under ``key``, replacing the file at once; any failure keeps nothing."""
    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=".bank-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(_MAGIC + key)
            pickle.dump(loaded, stream, protocol=pickle.HIGHEST_PROTOCOL)
        Path(temporary).replace(cache_dir / CACHE_FILE)
    except Exception:  # a cache that cannot be written is only a missed shortcut
        Path(temporary).unlink(missing_ok=True)
