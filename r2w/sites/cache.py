"""What the site fast path serves from: slug and build lookups, and a byte-budgeted file cache.

Built sites never change once their manifest exists, so their files are cached without expiry
(within a byte budget). What does change is which build a slug points to and whether a build
still exists: publishing, rollback and deletions bump a generation number shared by every
worker and pod (a Redis key, or a file in the instance folder when there is no Redis), and a
worker that sees a new generation forgets its lookups. The shared number is read at most every
SYNC_SECONDS, so another pod follows a publish within that time; the worker that published
follows at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
GENERATION_KEY = "r2w:sites:generation"
SYNC_SECONDS = 0.5
# A file bigger than this is streamed by the app each time rather than held in memory.
MAX_CACHED_FILE = 1024 * 1024


@dataclass(frozen=True)
class CachedFile:
    """One file of a built site, with its answers prepared: full body, and 304 headers."""

    etag: str  # quoted, as sent
    body: bytes
    headers: list[tuple[str, str]]
    not_modified_headers: list[tuple[str, str]]


@dataclass(frozen=True)
class CachedBuild:
    """A succeeded build the app has shown: where its site lives and its share token."""

    prefix: str
    preview_token: str


class ByteBudgetLRU:
    """A thread-safe least-recently-used map whose values' sizes add up to at most `budget`."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._items: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        """The value, marked as just used, or None."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Any, value: Any, size: int) -> None:
        """Keep a value, dropping the least recently used ones to stay within the budget."""
        if size > self.budget:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.used -= old[1]
            self._items[key] = (value, size)
            self.used += size
            while self.used > self.budget:
                _, (_, dropped) = self._items.popitem(last=False)
                self.used -= dropped

    def __len__(self) -> int:
        return len(self._items)


class SharedGeneration:
    """The generation number every worker compares against: Redis, or a file."""

    def __init__(self, redis_url: str | None, folder: str) -> None:
        self._redis = None
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(
                redis_url, socket_timeout=0.5, socket_connect_timeout=0.5
            )
        self._file = Path(folder) / "sites.generation"

    def read(self) -> str | None:
        """The current shared generation (None when it cannot be read)."""
        try:
            if self._redis is not None:
                value = self._redis.get(GENERATION_KEY)
                return value.decode() if value is not None else "0"
            return str(self._file.stat().st_mtime_ns) if self._file.exists() else "0"
        except Exception as exc:  # unreadable: the caller forgets everything, which is safe
            log.warning("site cache generation unreadable: %s", exc)
            return None

    def bump(self) -> None:
        """Tell every worker that slugs or builds changed."""
        if self._redis is not None:
            self._redis.incr(GENERATION_KEY)
            return
        # A new mtime is the signal; the content only makes each write differ.
        self._file.write_text(str(time.time_ns()))


class SiteCache:
    """Per-worker lookups (slug -> prefix, build id -> build) and the file cache."""

    def __init__(self, shared: SharedGeneration, file_budget: int) -> None:
        self.shared = shared
        self.files = ByteBudgetLRU(file_budget)
        self.manifests = ByteBudgetLRU(max(file_budget // 8, 1024 * 1024))
        self.slugs: dict[str, str] = {}
        self.builds: dict[str, CachedBuild] = {}
        self.local_generation = 0  # moves on every forget, so a lookup begun before is dropped
        self._seen: str | None = shared.read()
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    def sync(self) -> None:
        """Forget the lookups when the shared generation moved (checked every SYNC_SECONDS)."""
        now = time.monotonic()
        if now - self._checked < SYNC_SECONDS:
            return
        with self._lock:
            if now - self._checked < SYNC_SECONDS:
                return
            self._checked = now
            current = self.shared.read()
            if current is None or current != self._seen:
                self._seen = current
                self._forget()

    def _forget(self) -> None:
        self.slugs = {}
        self.builds = {}
        self.local_generation += 1

    def changed(self) -> None:
        """Slugs or builds changed here: forget now, and tell the other workers."""
        with self._lock:
            self._forget()
        try:
            self.shared.bump()
        except Exception as exc:  # the others then follow when their lookups are rebuilt
            log.error("could not tell other workers that sites changed: %s", exc)

    def remember_slug(self, slug: str, prefix: str, generation: int) -> None:
        """Remember a slug's live prefix, read while `generation` was current."""
        with self._lock:  # a forget between the check and the write would keep a stale entry
            if generation == self.local_generation:
                self.slugs[slug] = prefix

    def remember_build(self, build_id: str, build: CachedBuild, generation: int) -> None:
        """Remember a succeeded build, read while `generation` was current."""
        with self._lock:
            if generation == self.local_generation:
                self.builds[build_id] = build
