"""Database pool upkeep: test a pooled connection only when it has been idle a while.

`pool_pre_ping` tests every connection at every checkout, which under load is one more
database round trip per request for connections that were in use a few milliseconds before.
A restart, a failover or an idle timeout cuts connections that sat unused, so only those are
tested here (SQLAlchemy's documented checkout-event recipe: raising DisconnectionError makes the
pool replace the connection and try again). Connections are also recycled after RECYCLE_SECONDS
(the engine's pool_recycle), before any network device's idle timeout can cut them silently.
"""

from __future__ import annotations

import contextlib
import time

from sqlalchemy import event, exc
from sqlalchemy.pool import Pool

# A connection unused for longer than this is tested before use.
IDLE_PING_SECONDS = 0.25
RECYCLE_SECONDS = 300
_LAST_USED = "r2w_last_used"


def _connected(dbapi_connection, connection_record) -> None:
    connection_record.info[_LAST_USED] = time.monotonic()


def _checked_in(dbapi_connection, connection_record) -> None:
    if connection_record is not None:
        connection_record.info[_LAST_USED] = time.monotonic()


def _checked_out(dbapi_connection, connection_record, connection_proxy) -> None:
    last_used = connection_record.info.get(_LAST_USED, 0.0)
    if time.monotonic() - last_used >= IDLE_PING_SECONDS:
        ping(dbapi_connection)


def ping(dbapi_connection) -> None:
    """One round trip on a raw connection; DisconnectionError if it is gone."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SELECT 1")
        cursor.fetchall()
    except Exception as error:  # any failure here means the connection is gone
        raise exc.DisconnectionError(str(error)) from error
    finally:
        with contextlib.suppress(Exception):  # a dead connection may refuse even this
            cursor.close()
    # The ping left a transaction open on drivers without autocommit; end it.
    try:
        dbapi_connection.rollback()
    except Exception as error:
        raise exc.DisconnectionError(str(error)) from error


event.listen(Pool, "connect", _connected)
event.listen(Pool, "checkin", _checked_in)
event.listen(Pool, "checkout", _checked_out)
