"""Moving a local r2w (SQLite + local files) to PostgreSQL and S3, and proving the copy exact.

The pieces, in the order a move uses them:

- ``endpoints``: validates the URLs; opens the source read-only and the target.
- ``schema``: migration revisions; brings the target to the latest migration.
- ``records``: reads model rows in primary-key batches in a form that round-trips exactly.
- ``rows``: copies every table (INSERT … ON CONFLICT DO NOTHING, so re-runs resume).
- ``files``: copies every stored object, skipping those already identical at the target.
- ``verify`` and ``report``: counts and checksums of both sides; JSON and text reports.
- ``move``: the three modes (move, dry run, verify only); ``progress``: JSON progress lines.
- ``command``: the ``flask r2w migrate-data`` command tying them together.
"""

from r2w.datamove.errors import MoveError

__all__ = ["MoveError"]
