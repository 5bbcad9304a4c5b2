"""Writing files so that readers see either the old bytes or the new ones, never half of them.

- :func:`atomic_write`: one file. The bytes go into an unnamed file (Linux ``O_TMPFILE``; elsewhere a
  hidden ``.NAME.XXXX.tmp``) that is given a name only once it is whole, then renamed over the target.
- :func:`replace_files`: several files of one folder as one transaction. The whole new folder is
  built in a staging folder beside it (``.NAME.staging``; unchanged files hard-linked), flushed, then
  switched in with one atomic exchange of the two folders (Linux ``renameat2(RENAME_EXCHANGE)``).
  Where that call is missing the switch is two renames journalled by the staging folder's name
  (``.NAME.ready`` = complete, ``.NAME.old`` = the previous release), which :func:`recover` completes.
- :func:`recover`: what a killed transaction left beside the folder is rolled back (an unfinished
  staging folder) or completed (a ready one whose switch had begun); every transaction starts with it.
- :func:`leftovers`: what a kill left behind (stray ``.*.tmp`` files inside, staging folders beside),
  for ``build --check``.

Written files take the ordinary mode of new files (0666 less the umask), never a temp file's 0600.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from mideast_events.descriptor import InputError, explain

# Hidden temp files: ours (".events.csv.1a2b3c4d.tmp") and tempfile.mkstemp's alike.
TEMP_NAME = re.compile(r"^\..+\.tmp$")
_STATES = ("staging", "ready", "old")


class WriteInProgress(InputError):
    """Another process is writing the same folder right now (exit 2: try again when it is done)."""


class WriteFailed(InputError):
    """The system refused a write (no space, read-only, permissions...); nothing was changed."""


def is_temp_name(name: str) -> bool:
    return bool(TEMP_NAME.match(name))


def _temp_name(out: Path) -> Path:
    return out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its renames are durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _new_file(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist) holding ``data``, flushed, mode 0666 less the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        _write_all(fd, data)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


def _unnamed_then_linked(out: Path, data: bytes) -> Path | None:
    """Linux: write into an O_TMPFILE (no name, so a kill leaves nothing), then give it a temp
    name. None where the platform or file system cannot."""
    if not hasattr(os, "O_TMPFILE") or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        fd = os.open(out.parent, os.O_TMPFILE | os.O_WRONLY, 0o666)
    except OSError:
        return None
    try:
        _write_all(fd, data)
        tmp = _temp_name(out)
        try:
            os.link(f"/proc/self/fd/{fd}", tmp, follow_symlinks=True)
        except OSError:
            return None
        return tmp
    finally:
        os.close(fd)


def atomic_write(out: Path, data: bytes) -> Path:
    """Write ``data`` to ``out`` so that a reader (or a kill) sees the old bytes or the new, whole.

    A symlink is followed (the file it names is replaced, the link stays); a device, FIFO or socket
    (``/dev/stdout``) is written into, never replaced; a folder is refused."""
    out = Path(out)
    try:
        st = os.stat(out)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise InputError(f"{out}: {explain(out, e)}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError(f"{out}: a folder; give a file name")
    try:
        if st is not None and not stat.S_ISREG(st.st_mode):
            with open(out, "wb") as fh:  # a device or a pipe: there is nothing to replace
                fh.write(data)
            return out
        if st is not None and out.is_symlink():
            out = Path(os.path.realpath(out))
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = _unnamed_then_linked(out, data)
        if tmp is None:
            tmp = _temp_name(out)
            _new_file(tmp, data)
        try:
            os.replace(tmp, out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as e:
        raise WriteFailed(f"{e.filename or out}: cannot write ({explain(e.filename or out, e, 'folder')})") from None
    _fsync_dir(out.parent)
    return out


# ------------------------------------------------------------------ multi-file transactions


def _beside(folder: Path, state: str) -> Path:
    return folder.parent / f".{folder.name}.{state}"


@contextlib.contextmanager
def _locked(folder: Path, wait: bool = True) -> Iterator[bool]:
    """An exclusive advisory lock on ``folder`` (POSIX flock on the folder itself); yields whether
    it was taken (always True where flock does not exist)."""
    try:
        import fcntl
    except ImportError:
        yield True
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield True
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock


def _real(folder: str | Path) -> Path:
    # the folder itself, not a symlink to it: the exchange must swap the real folder
    return Path(os.path.realpath(folder))


def recover(folder: str | Path) -> list[str]:
    """Roll back or complete a transaction on ``folder`` that a kill interrupted; returns what it
    did, one phrase each (empty: there was nothing to do). Raises :class:`WriteInProgress` when the
    leftover belongs to a process still running."""
    folder = _real(folder)
    done = []
    for state in _STATES:
        side = _beside(folder, state)
        if not side.is_dir() or side.is_symlink():
            continue
        with _locked(side, wait=False) as mine:
            if not mine:
                raise WriteInProgress(f"{folder}: another mideast-events process is writing it; try again when it ends")
            if state == "ready" and not folder.exists():
                os.rename(side, folder)  # the switch had begun: complete it
                done.append(f"completed the interrupted write of {folder.name}")
            elif state == "old" and not folder.exists():
                os.rename(side, folder)  # nothing newer to put in place: the previous release returns
                done.append(f"restored {folder.name} from its previous release")
            else:
                shutil.rmtree(side)
                done.append(f"removed {side.name} (an interrupted write)")
    if done:
        _fsync_dir(folder.parent)
    return done


def leftovers(folder: str | Path) -> list[Path]:
    """Debris of interrupted writes: hidden ``.*.tmp`` files in ``folder`` and staging folders beside it."""
    folder = Path(folder)
    inside = sorted(p for p in folder.iterdir() if is_temp_name(p.name)) if folder.is_dir() else []
    return inside + [_beside(_real(folder), s) for s in _STATES if _beside(_real(folder), s).exists()]


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)  # the old folder goes away after the switch: sharing the file is safe
    except OSError:
        shutil.copy2(src, dst)


def _copy_in(src: os.DirEntry, dst: Path) -> None:
    if src.is_symlink():
        os.symlink(os.readlink(src.path), dst)
    elif src.is_dir():
        shutil.copytree(src.path, dst, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(src.path, str(dst))


# A hook for the kill tests: called between steps with the step's name.
_step = None


def replace_files(folder: str | Path, files: Mapping[str, bytes], *, exchange: bool = True) -> None:
    """Replace (or add) the files ``files`` names in ``folder`` as one transaction: readers and a
    kill see the folder as it was or as it will be, whole. Stray temp files are not carried over.
    ``exchange=False`` forces the portable two-rename switch (for tests)."""
    folder = _real(folder)
    bad = [n for n in files if not n or "/" in n or os.sep in n or n in (".", "..")]
    if bad:
        raise ValueError(f"replace_files takes plain file names, not {bad[0]!r}")
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    try:
        _transaction(folder, files, exchange)
    except OSError as e:
        where = e.filename or folder
        raise WriteFailed(f"{where}: cannot write the new release ({explain(where, e, 'folder')}); "
                          f"{folder.name} is unchanged") from None


def _transaction(folder: Path, files: Mapping[str, bytes], exchange: bool) -> None:
    recover(folder)
    staging = _beside(folder, "staging")
    try:
        os.mkdir(staging)
    except FileExistsError:
        raise WriteInProgress(f"{folder}: another mideast-events process is writing it; try again when it ends") from None
    with _locked(staging):
        try:
            shutil.copymode(folder, staging)
            for entry in os.scandir(folder):
                if entry.name not in files and not is_temp_name(entry.name):
                    _copy_in(entry, staging / entry.name)
            for name, data in files.items():
                _new_file(staging / name, data)
                _step and _step("file")
            _fsync_dir(staging)
            _step and _step("staged")
            if exchange and _exchange(staging, folder):
                _step and _step("switched")
                _fsync_dir(folder.parent)
                shutil.rmtree(staging, ignore_errors=True)  # now the previous release (recover() retries)
                return
            ready, old = _beside(folder, "ready"), _beside(folder, "old")
            os.rename(staging, ready)  # the journal: from here on, recover() completes the switch
            _step and _step("ready")
            os.rename(folder, old)
            _step and _step("moved-old")
            os.rename(ready, folder)
            _fsync_dir(folder.parent)
            _step and _step("switched")
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            # a failure (not a kill): put the previous release back if it was moved, drop the new one
            old = _beside(folder, "old")
            if not folder.exists() and old.is_dir():
                os.rename(old, folder)
            for state in ("staging", "ready"):
                shutil.rmtree(_beside(folder, state), ignore_errors=True)
            raise
