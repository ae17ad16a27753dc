"""Who is the one running app: an exclusive lock on a file in the private runtime folder."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from hipbreak.environment import Environment


class InstanceError(Exception):
    """The runtime folder or lock file cannot be used; the message says why and what to do."""


def ensure_private_dir(path: Path, platform: str) -> None:
    """Create `path` readable by its owner only (0700) and check no other user owns it; any thread."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise InstanceError(f"cannot create the runtime folder {path}: {exc.strerror}") from exc
    if platform == "win32":
        return  # the folder is under the user's own profile; POSIX modes mean nothing there
    link, info = os.lstat(path), os.stat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise InstanceError(f"{path} is not a folder; remove it and start hipbreak again")
    if link.st_uid != os.geteuid() or info.st_uid != os.geteuid():
        # Someone else made it (or a symlink to it) first, in a shared /tmp: it would hand them our socket.
        raise InstanceError(f"{path} belongs to another user; remove it and start hipbreak again")
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(path, 0o700)


class InstanceLock:
    """The single-instance lock in `env.runtime_dir`; use it from one thread (the composition root's)."""

    def __init__(self, env: Environment) -> None:
        self._env = env
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock; the owner's thread."""
        return self._fd is not None

    def acquire(self) -> bool:
        """Try once without waiting (owner's thread); True means we are the one app. Raises InstanceError."""
        if self._fd is not None:
            return True
        ensure_private_dir(self._env.runtime_dir, self._env.platform)
        try:
            # O_CLOEXEC: a child started with exec must not inherit the lock and outlive us holding it.
            fd = os.open(self._env.lock_file, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        except OSError as exc:
            raise InstanceError(f"cannot open the lock file {self._env.lock_file}: {exc.strerror}") from exc
        if not _try_lock(fd, self._env.platform):
            os.close(fd)
            return False
        self._fd = fd
        _write_pid(fd)
        return True

    def release(self) -> None:
        """Give the lock up if held (owner's thread); the file stays, as unlinking it races a newcomer."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd, self._env.platform)
        finally:
            os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


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


def _write_pid(fd: int) -> None:
    # For people and `hipbreak doctor` only; the lock, not the file's content, decides who runs.
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode())
