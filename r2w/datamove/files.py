"""Copying every stored object to the target storage, skipping those already identical there.

An object counts as already copied when the target has the same key with the same size and
etag. Both backends report the MD5 of the content as the etag (LocalStorage computes it on write,
S3 does for single-part uploads, which is what S3Storage.put makes), so a re-run after an
interruption only transfers what is missing or different. Writes go through the target
Storage, so S3 objects get SSE AES256 like every other r2w write.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import asdict, dataclass
from typing import Any

from r2w.datamove.errors import MoveError
from r2w.datamove.progress import Emit, silent
from r2w.storage import ObjectInfo, Storage

# Objects up to this size are buffered in memory on their way through, larger ones on disk.
SPOOL_MAX = 8 * 1024 * 1024


@dataclass
class FileCopy:
    """What copying the files did."""

    listed: int = 0
    copied: int = 0
    skipped: int = 0
    bytes_copied: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The counts, for the report and progress lines."""
        return asdict(self)


def same_object(have: ObjectInfo | None, want: ObjectInfo) -> bool:
    """True when ``have`` exists with the size and MD5 etag of ``want``."""
    return have is not None and have.size == want.size and have.etag == want.etag


def copy_object(source: Storage, target: Storage, info: ObjectInfo) -> ObjectInfo:
    """Stream one object to the target and check the target received exactly those bytes."""
    digest = hashlib.md5(usedforsecurity=False)
    # S3 PutObject needs the length up front and S3Storage buffers unseekable streams whole;
    # a spooled file is seekable and keeps memory bounded for large objects.
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX) as spool:
        for chunk in source.stream(info.key):
            digest.update(chunk)
            spool.write(chunk)
        spool.seek(0)
        written = target.put(info.key, spool, content_type=info.content_type)
    if written.etag != digest.hexdigest():
        raise MoveError(
            f"file {info.key}: the target reports etag {written.etag!r} but the bytes sent "
            f"have MD5 {digest.hexdigest()}"
        )
    return written


def copy_files(
    source: Storage, target: Storage, *, every: int = 500, progress: Emit = silent
) -> FileCopy:
    """Copy every source object missing or different at the target; counts of what was done."""
    # One listing of the target instead of a HEAD request per object.
    present = {info.key: info for info in target.list()}
    stats = FileCopy()
    for info in source.list():
        stats.listed += 1
        if same_object(present.get(info.key), info):
            stats.skipped += 1
            continue
        copy_object(source, target, info)
        stats.copied += 1
        stats.bytes_copied += info.size
        if stats.copied % every == 0:
            progress("files.batch", **stats.as_dict())
    progress("files.done", **stats.as_dict())
    return stats
