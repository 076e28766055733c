"""Published sites at the edge: the CDN's key value store maps each slug to its live build.

CloudFront serves /p/<slug>/… straight from S3 through a function that reads this store
(infra/cloudformation/r2w.yaml), so publishing and rollback stay a pointer switch there too.
The database is the truth: every change writes the affected slugs' current state after its
commit (a failed write is logged, not raised: the person's change is already saved), and
reconcile rewrites whatever differs. Off unless EDGE_KVS_ARN is set.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import select

from r2w.extensions import db
from r2w.models import Build, Portfolio

log = logging.getLogger(__name__)
KEY = "r2w.edge"
ATTEMPTS = 3  # each write names the store's ETag; a concurrent writer makes us read it again


class Edge(Protocol):
    """Where the live pointers are copied to."""

    def put(self, slug: str, prefix: str) -> None: ...

    def delete(self, slug: str) -> None: ...

    def items(self) -> dict[str, str]: ...


class KeyValueStoreEdge:
    """A CloudFront KeyValueStore, written with the cloudfront-keyvaluestore API."""

    def __init__(self, kvs_arn: str, client: Any) -> None:
        self.arn = kvs_arn
        self.client = client

    def _etag(self) -> str:
        return self.client.describe_key_value_store(KvsARN=self.arn)["ETag"]

    def _with_etag(self, call, **kwargs) -> None:
        errors = self.client.exceptions
        for attempt in range(ATTEMPTS):
            try:
                call(KvsARN=self.arn, IfMatch=self._etag(), **kwargs)
                return
            except errors.ConflictException:
                if attempt == ATTEMPTS - 1:
                    raise

    def put(self, slug: str, prefix: str) -> None:
        """Point ``slug`` at a build prefix."""
        self._with_etag(self.client.put_key, Key=slug, Value=prefix)

    def delete(self, slug: str) -> None:
        """Remove ``slug`` (a slug that is not there is fine)."""
        with contextlib.suppress(self.client.exceptions.ResourceNotFoundException):
            self._with_etag(self.client.delete_key, Key=slug)

    def items(self) -> dict[str, str]:
        """Every slug and the prefix it points at."""
        found: dict[str, str] = {}
        for page in self.client.get_paginator("list_keys").paginate(KvsARN=self.arn):
            found.update({item["Key"]: item["Value"] for item in page.get("Items", [])})
        return found


def make_edge(config: dict[str, Any], client: Any = None) -> Edge | None:
    """The store named by EDGE_KVS_ARN (None when publishing stays in the app only)."""
    arn = config.get("EDGE_KVS_ARN")
    if not arn:
        return None
    if client is None:
        import boto3

        # The store's API is global (signed with SigV4A, hence awscrt in requirements.txt).
        client = boto3.client("cloudfront-keyvaluestore", region_name="us-east-1")
    return KeyValueStoreEdge(arn, client)


def get_edge() -> Edge | None:
    """This app's edge store, built on first use."""
    app = current_app._get_current_object()
    if KEY not in app.extensions:
        app.extensions[KEY] = make_edge(app.config)
    return app.extensions[KEY]


def live_prefixes(slugs: Iterable[str] | None = None) -> dict[str, str]:
    """slug -> live build prefix, from the database (all published slugs, or just these)."""
    query = select(Portfolio.slug, Build.storage_prefix).join(
        Build, Portfolio.live_build_id == Build.id
    )
    if slugs is not None:
        query = query.where(Portfolio.slug.in_(list(slugs)))
    return {slug: prefix for slug, prefix in db.session.execute(query).all() if slug}


def sync_slugs(*slugs: str | None) -> None:
    """Copy these slugs' current state (live prefix, or gone) to the edge, after a commit."""
    edge = get_edge()
    wanted = sorted({slug for slug in slugs if slug})
    if edge is None or not wanted:
        return
    live = live_prefixes(wanted)
    for slug in wanted:
        try:
            if slug in live:
                edge.put(slug, live[slug])
            else:
                edge.delete(slug)
        except Exception:
            # Saved in the database already; reconcile copies it on its next pass.
            log.exception("could not update the edge store", extra={"slug": slug})


def sync_all() -> int:
    """Make the edge store hold exactly the database's live pointers; return keys changed."""
    edge = get_edge()
    if edge is None:
        return 0
    live, held = live_prefixes(), edge.items()
    changed = 0
    for slug, prefix in live.items():
        if held.get(slug) != prefix:
            edge.put(slug, prefix)
            changed += 1
    for slug in held.keys() - live.keys():
        edge.delete(slug)
        changed += 1
    return changed
