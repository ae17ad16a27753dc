"""Who is the one running app (and the one stretch window): exclusive locks on files in private folders.

A holder removes its lock file as it lets go, while it still holds it; whoever locks a file that was
removed under it sees that the path no longer names its file and locks the new one instead. So no file
is left behind, and removing it never lets two holders in (POSIX; on Windows the files stay).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path

from hipbreak.environment import Environment
from hipbreak.ipc.wire import socket_path
from hipbreak.language import _


class InstanceError(Exception):
    """The runtime folder or lock file cannot be used; the message says why and what to do."""


def ensure_private_dir(path: Path, platform: str) -> None:
    """Create `path` readable by its owner only (0700) and check no other user owns it; any thread."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        text = _("cannot create the runtime folder {path}: {reason}")
        raise InstanceError(text.format(path=path, reason=exc.strerror)) from exc
    problem = private_dir_problem(path, platform, repair=True)
    if problem is not None:
        raise InstanceError(problem)


def check_private_dir(path: Path, platform: str) -> bool:
    """Whether `path` exists; raise InstanceError if it is not a private folder of ours. Any thread.

    The CLI's check before it uses a socket or file in the folder: it never creates or repairs it.
    """
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise InstanceError(_cannot_look(path, exc.strerror)) from exc
    problem = private_dir_problem(path, platform, repair=False)
    if problem is not None:
        raise InstanceError(problem)
    return True


def private_dir_problem(path: Path, platform: str, *, repair: bool) -> str | None:
    """One line saying why the existing `path` is not our private folder, or None; any thread.

    With `repair`, a folder of ours that others can read or write is made 0700 instead of refused.
    """
    if platform == "win32":
        return None  # the folder is under the user's own profile; POSIX modes mean nothing there
    try:
        link, info = os.lstat(path), os.stat(path)
    except OSError as exc:
        return _cannot_look(path, exc.strerror)
    if not stat.S_ISDIR(info.st_mode):
        return _("{path} is not a folder; remove it and start hipbreak again").format(path=path)
    uid = os.geteuid()
    if link.st_uid != uid or info.st_uid != uid:
        # Someone else made it (or a symlink to it) first, in a shared /tmp: it would hand them our socket.
        owner = info.st_uid if info.st_uid != uid else link.st_uid
        # Translators: {uid} is the other user's number.
        text = _(
            "{path} belongs to another user (uid {uid}), so hipbreak will not use it; "
            "have it removed (as that user or as root) and start hipbreak again"
        )
        return text.format(path=path, uid=owner)
    if stat.S_IMODE(info.st_mode) != 0o700:
        if not repair:
            mode = stat.S_IMODE(info.st_mode)
            if mode & 0o022:
                # Translators: {mode} is the folder's permissions in octal, e.g. 0777;
                # keep `chmod 700 {path}` as it is.
                text = _(
                    "{path} can be written by other users (mode {mode}), so hipbreak will not use it; "
                    "run `chmod 700 {path}`"
                )
                return text.format(path=path, mode=f"{mode:04o}")
            return None  # readable by others but not writable: nothing can be slipped in
        os.chmod(path, 0o700)
    return None


def _open_own_file(path: Path) -> int:
    """Open or create the regular file `path` (0600) for reading and writing; raises OSError.

    Not through a symbolic link, and not a file of another user: a link planted as the lock file
    would otherwise have us truncate whatever it points at.
    """
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    # O_CLOEXEC: a child started with exec must not inherit the lock and outlive us holding it.
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
    if hasattr(os, "geteuid"):
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            os.close(fd)
            raise PermissionError(errno.EPERM, _("not a regular file of this user"))
    return fd


class InstanceLock:
    """The single-instance locks; use it from one thread (the composition root's).

    Two locks: one in `env.runtime_dir`, beside the socket, and one per user and machine in the data
    folder (`env.app_lock_file`), which does not depend on XDG_RUNTIME_DIR. Two sessions of one user
    have two runtime folders but one data folder, so they still run one app, which the second session's
    CLI finds through the socket path written in the per-user lock (see docs/reliability.md).
    """

    def __init__(self, env: Environment) -> None:
        self._env = env
        self._fd: int | None = None
        self._app_fd: int | None = None
        self.other_session_pid: int | None = None  # set when an app of another session holds the lock

    @property
    def held(self) -> bool:
        """Whether this object holds the lock; the owner's thread."""
        return self._fd is not None

    def acquire(self) -> bool:
        """Try once without waiting (owner's thread); True means we are the one app. Raises InstanceError."""
        if self._fd is not None:
            return True
        self.other_session_pid = None
        ensure_private_dir(self._env.runtime_dir, self._env.platform)
        try:
            fd = _lock_at(self._env.lock_file, self._env.platform)
        except OSError as exc:
            raise InstanceError(_cannot_lock(self._env.lock_file, exc.strerror)) from exc
        if fd is None:
            return False
        free, app_fd = self._take_app_lock()
        if not free:
            _let_go(fd, self._env.lock_file, self._env.platform)
            return False
        self._fd, self._app_fd = fd, app_fd
        _write_note(fd, f"{os.getpid()}\n")
        if app_fd is not None:
            _write_note(app_fd, f"{os.getpid()}\n{socket_path(self._env, _euid())}\n")
        return True

    def _take_app_lock(self) -> tuple[bool, int | None]:
        """(False, None) when another app holds the per-user lock, else (True, its fd or None if unusable)."""
        path = self._env.app_lock_file
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = _lock_at(path, self._env.platform)
        except OSError:
            # An unusable data folder is told to the user when the history cannot open; reminders work
            # without the history, and so they do without this lock (the runtime lock still holds).
            return True, None
        if fd is not None:
            return True, fd
        self.other_session_pid = read_lock_note(path)[0]
        return False, None

    def release(self) -> None:
        """Give the locks up if held and remove their files (owner's thread)."""
        app_fd, fd = self._app_fd, self._fd
        self._fd = self._app_fd = None
        if app_fd is not None:
            _let_go(app_fd, self._env.app_lock_file, self._env.platform)
        if fd is not None:
            _let_go(fd, self._env.lock_file, self._env.platform)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


class FileLock:
    """An exclusive lock on one file in a private folder (the stretch window's); one thread uses it."""

    def __init__(self, path: Path, platform: str = sys.platform) -> None:
        self.path = path
        self._platform = platform
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> bool:
        """Try once without waiting; True means we hold it. Raises InstanceError."""
        if self._fd is not None:
            return True
        ensure_private_dir(self.path.parent, self._platform)
        try:
            self._fd = _lock_at(self.path, self._platform)
        except OSError as exc:
            raise InstanceError(_cannot_lock(self.path, exc.strerror)) from exc
        if self._fd is not None:
            _write_note(self._fd, f"{os.getpid()}\n")
        return self._fd is not None

    def hand_over(self) -> int:
        """Return the locked descriptor and forget it, for a child to inherit (POSIX).

        The lock stays held while any process keeps the descriptor open: the caller closes its copy once
        the child has started, and the child then holds it alone, until it exits however it exits.
        """
        fd, self._fd = self._fd, None
        if fd is None:
            raise InstanceError(f"the lock {self.path} is not held")  # not user text: a caller's mistake
        return fd

    def release(self) -> None:
        """Remove the lock file and give the lock up, if held."""
        fd, self._fd = self._fd, None
        if fd is not None:
            _let_go(fd, self.path, self._platform)


def read_lock_note(path: Path) -> tuple[int | None, Path | None]:
    """The pid and socket path a lock file names (None for what it does not say); any thread, no locking."""
    from hipbreak.adapters.small_file import SmallFileError, read_small_file

    try:
        raw = read_small_file(path, 4096)
    except (OSError, SmallFileError):
        return None, None
    lines = raw.decode("utf-8", "replace").splitlines()
    pid = int(lines[0]) if lines and lines[0].isdigit() and len(lines[0]) < 12 else None
    where = Path(lines[1]) if len(lines) > 1 and lines[1].startswith("/") else None
    return pid, where


def _cannot_look(path: Path, reason: object) -> str:
    # Translators: {reason} is the system's reason, e.g. "Permission denied".
    return _("cannot look at the runtime folder {path}: {reason}").format(path=path, reason=reason)


def _cannot_lock(path: Path, reason: object) -> str:
    return _("cannot open the lock file {path}: {reason}").format(path=path, reason=reason)


def _euid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else 0


def _lock_at(path: Path, platform: str) -> int | None:
    """Open and lock the file at `path` without waiting: its descriptor, or None when another holds it.

    Raises OSError when the file cannot be opened (or keeps being replaced).
    """
    for _attempt in range(8):
        fd = _open_own_file(path)
        if not _try_lock(fd, platform):
            os.close(fd)
            return None
        if _still_at(fd, path, platform):
            return fd
        os.close(fd)  # the holder removed this file as it let go: lock the one at the path now
    raise OSError(errno.EAGAIN, _("the lock file keeps being replaced"))


def _let_go(fd: int, path: Path, platform: str) -> None:
    """Remove the lock file while still holding it (POSIX), then unlock and close."""
    try:
        if platform != "win32":
            with contextlib.suppress(OSError):
                if _still_at(fd, path, platform):
                    os.unlink(path)
        _unlock(fd, platform)
    finally:
        os.close(fd)


def _still_at(fd: int, path: Path, platform: str) -> bool:
    """Whether `fd` is still the file at `path` (no one removed or replaced it since we opened it)."""
    if platform == "win32":
        return True
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _try_lock(fd: int, platform: str) -> bool:
    if platform == "win32":
        import msvcrt  # Windows only; imported here so the module loads everywhere

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    # flock belongs to the open file, so the kernel frees it when the process dies however it dies:
    # a lock file left behind by a crash never blocks the next start.
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int, platform: str) -> None:
    if platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _write_note(fd: int, note: str) -> None:
    # For people, `hipbreak status` and a second session's CLI; the lock, not the content, decides who runs.
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, note.encode("utf-8", "surrogateescape"))
