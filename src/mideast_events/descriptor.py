"""Reading a data package descriptor (``datapackage.json``) safely, and the rule that keeps every
resource path inside the package folder.

The path rule (the Data Package spec's, enforced before any file is opened):

- a resource ``path`` is one string, written POSIX-style relative to the descriptor's folder;
- no absolute path (``/etc/passwd``, ``C:\\x``, ``\\\\server\\x``), no ``~``, no backslash, no ``..`` segment
  (even one that would land back inside), no NUL byte;
- the file it names, symlinks followed, must lie inside the package folder;
- a URL (``https://...``) is a remote resource: refused unless the caller passes ``allow_remote=True``,
  and then only ``http``/``https``; ``file://`` and every other scheme are always refused.

Every refusal is a :class:`DescriptorError` (a ``ValueError``: the CLI prints its one line and exits 2).
"""
from __future__ import annotations

import errno
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

# A descriptor is a few kilobytes; one this large is not a descriptor (and would cost memory).
MAX_DESCRIPTOR_BYTES = 64 * 1024 * 1024
REMOTE_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


class InputError(ValueError):
    """A path or file that cannot be used, in one line (exit code 2)."""


class DescriptorError(InputError):
    """The descriptor is not a usable data package descriptor, or a resource path breaks the rule."""


@dataclass(frozen=True)
class Resource:
    """One resource of a descriptor: its name, its confined local path (or URL) and its entry."""

    name: str | None
    path: Path | str
    entry: dict[str, Any] = field(repr=False)

    @property
    def remote(self) -> bool:
        return isinstance(self.path, str)


@dataclass(frozen=True)
class Package:
    """A loaded descriptor: the file, its folder, the parsed object and its resources (paths resolved)."""

    file: Path
    meta: dict[str, Any] = field(repr=False)
    resources: tuple[Resource, ...]

    @property
    def folder(self) -> Path:
        return self.file.parent

    def resource(self, name: str) -> Resource | None:
        return next((r for r in self.resources if r.name == name), None)


def existing(path: str | Path, what: str = "file") -> Path:
    """``path`` if something is there to read; otherwise an :class:`InputError` that says why:
    no such file, a dangling symlink, a symlink loop, a path too long, a folder in the way."""
    p = Path(path)
    try:
        os.stat(p)
    except OSError as e:
        raise InputError(f"{p}: {explain(p, e, what)}") from None
    except ValueError:  # an embedded NUL byte
        raise InputError(f"{p!r}: not a usable path (NUL byte)") from None
    return p


def explain(p: str | Path, e: OSError, what: str = "file") -> str:
    """Why ``p`` could not be used, in a few words, from the error the system gave."""
    if e.errno == errno.ELOOP:
        return "symlink loop (a link that leads back to itself)"
    if e.errno == errno.ENAMETOOLONG:
        return "path too long"
    if e.errno == errno.ENOTDIR:
        return f"no such {what} (a part of the path is not a folder)"
    if e.errno == errno.ENOENT:
        if os.path.islink(p):
            return f"dangling symlink (it points to {os.readlink(p)!r}, which does not exist)"
        return f"no such {what}"
    if e.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if e.errno == errno.EEXIST:
        return "a file is in the way where a folder should be"
    if e.errno == errno.ENOSPC:
        return "no space left on the device"
    if e.errno == errno.EROFS:
        return "read-only file system"
    return f"cannot be read ({e.strerror or e.__class__.__name__})"


def descriptor_file(path: str | Path) -> Path:
    """The descriptor ``path`` names: the file itself, or ``datapackage.json`` in a folder."""
    p = existing(path)
    return p / "datapackage.json" if p.is_dir() else p


def read_json(file: str | Path) -> Any:
    """Parse a JSON file, turning every way it can fail into one :class:`DescriptorError` line."""
    p = existing(file)
    try:
        with open(p, "rb") as fh:
            data = fh.read(MAX_DESCRIPTOR_BYTES + 1)
    except IsADirectoryError:
        raise DescriptorError(f"{p}: a folder, not a descriptor file") from None
    except OSError as e:
        raise DescriptorError(f"{p}: {explain(p, e)}") from None
    if len(data) > MAX_DESCRIPTOR_BYTES:
        raise DescriptorError(f"{p}: over {MAX_DESCRIPTOR_BYTES // 2**20} MiB; not a data package descriptor")
    try:
        # NaN/Infinity are not JSON: refuse them rather than let them into numbers
        return json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise DescriptorError(f"{p}: not UTF-8 text; a descriptor is a UTF-8 JSON file") from None
    except (json.JSONDecodeError, RecursionError, ValueError) as e:
        where = f" at line {e.lineno} column {e.colno}" if isinstance(e, json.JSONDecodeError) else ""
        raise DescriptorError(f"{p}: not valid JSON{where}; not a data package descriptor") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def load(path: str | Path, *, allow_remote: bool = False) -> Package:
    """Read the descriptor ``path`` names (a ``datapackage.json`` or a folder holding one), check its
    shape and resolve every resource path under the rule above. Raises :class:`DescriptorError`."""
    file = descriptor_file(path)
    meta = read_json(file)
    if not isinstance(meta, dict):
        raise DescriptorError(f"{file}: the descriptor is {_kind(meta)}, not a JSON object")
    entries = meta.get("resources")
    if not isinstance(entries, list):
        what = "missing" if entries is None else f"{_kind(entries)}, not a list"
        raise DescriptorError(f"{file}: 'resources' is {what}")
    out = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise DescriptorError(f"{file}: resource {n} is {_kind(entry)}, not an object")
        name = entry.get("name")
        if name is not None and not isinstance(name, str):
            raise DescriptorError(f"{file}: resource {n} has a 'name' that is {_kind(name)}, not a string")
        label = f"resource {name!r}" if name else f"resource {n}"
        if "path" not in entry:
            raise DescriptorError(f"{file}: {label} has no 'path' (inline 'data' is not read)")
        try:
            out.append(Resource(name, resolve(file.parent, entry["path"], allow_remote=allow_remote), entry))
        except DescriptorError as e:
            raise DescriptorError(f"{file}: {label}: {e}") from None
    return Package(file, meta, tuple(out))


def resolve(folder: str | Path, path: Any, *, allow_remote: bool = False) -> Path | str:
    """The file a resource ``path`` names, confined to ``folder`` (see the module's rule): a local
    :class:`~pathlib.Path`, or the URL itself when ``allow_remote`` and it is http(s).
    Raises :class:`DescriptorError` naming the broken rule."""
    if isinstance(path, list):
        raise DescriptorError("'path' is a list (a multipart resource); one file per resource is read")
    if not isinstance(path, str):
        raise DescriptorError(f"'path' is {_kind(path)}, not a string")
    if not path or "\x00" in path:
        raise DescriptorError("'path' is empty" if not path else "'path' holds a NUL byte")
    scheme = _SCHEME.match(path)
    if scheme and "://" in path and len(scheme.group(1)) > 1:
        s = scheme.group(1).lower()
        if s in REMOTE_SCHEMES and allow_remote:
            return path
        if s in REMOTE_SCHEMES:
            raise DescriptorError(f"'path' {path!r} is a URL; remote resources are read only when allowed")
        raise DescriptorError(f"'path' {path!r} is a {s}: URL; only local paths (or http(s) when allowed) are read")
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute() or PureWindowsPath(path).drive:
        raise DescriptorError(f"'path' {path!r} is absolute; resource paths are relative to the descriptor's folder")
    if path.startswith("~"):
        raise DescriptorError(f"'path' {path!r} starts with '~'; resource paths are relative to the descriptor's folder")
    if "\\" in path:
        raise DescriptorError(f"'path' {path!r} holds a backslash; resource paths use '/'")
    if ".." in PurePosixPath(path).parts:
        raise DescriptorError(f"'path' {path!r} has a '..' segment; resource paths stay inside the package folder")
    base = Path(os.path.realpath(folder))
    target = Path(os.path.realpath(Path(folder) / path))
    if not target.is_relative_to(base):
        raise DescriptorError(f"'path' {path!r} leads outside the package folder (through a symlink)")
    return Path(folder) / path


def _kind(v: Any) -> str:
    if v is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "an object"}.get(type(v), type(v).__name__)
