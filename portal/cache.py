"""A file cache whose counters are exact across the worker processes of one host.

Django's ``FileBasedCache`` is shared by every process that reads the same folder, but its
``add`` (check, then write) and ``incr`` (read, then write, with the default timeout) are not
atomic: two workers counting the same failed login at once both write "1", and every increment
restarts the window. Limits and lockouts (``portal.limits``) need both to be exact, so this
backend takes an exclusive ``flock`` on one lock file for ``add`` and ``incr``, and keeps an
entry's expiry when it increments it.

Production uses it for the "limits" cache when no ``REDIS_URL`` is set; with Redis, Django's
``RedisCache`` gives the same guarantees across hosts.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files.move import file_move_safe


class SharedFileCache(FileBasedCache):
    lock_name = ".lock"

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        self._createdir()
        fd = os.open(os.path.join(self._dir, self.lock_name), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        with self._exclusive():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None) -> int:
        """Add ``delta`` to the value at ``key`` atomically, keeping its expiry."""
        fname = self._key_to_file(key, version)
        with self._exclusive():
            try:
                with open(fname, "rb") as f:
                    expiry = pickle.load(f)  # noqa: S301 (our own 0700 cache folder)
                    if expiry is not None and expiry < time.time():
                        raise ValueError(f"Key '{key}' not found")
                    value = pickle.loads(zlib.decompress(f.read()))  # noqa: S301
            except (FileNotFoundError, EOFError):
                raise ValueError(f"Key '{key}' not found") from None
            new_value = value + delta
            fd, tmp_path = tempfile.mkstemp(dir=self._dir)
            renamed = False
            try:
                with open(fd, "wb") as f:
                    f.write(pickle.dumps(expiry, self.pickle_protocol))
                    f.write(zlib.compress(pickle.dumps(new_value, self.pickle_protocol)))
                file_move_safe(tmp_path, fname, allow_overwrite=True)
                renamed = True
            finally:
                if not renamed:
                    os.remove(tmp_path)
            return new_value
