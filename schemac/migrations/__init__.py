"""Migrations: the Alembic project, revision snapshots, planning and verifying.

The library never prints; :mod:`schemac.cli_migrate` does.
"""

from schemac.migrations.migrate import (
    DestructiveChangeError,
    MigrationResult,
    pending_changes,
    plan_next,
    preview_sql,
    render_migration,
    write_migration,
)
from schemac.migrations.project import InitReport, Project, find_project, init_project

__all__ = [
    "DestructiveChangeError",
    "InitReport",
    "MigrationResult",
    "Project",
    "find_project",
    "init_project",
    "pending_changes",
    "plan_next",
    "preview_sql",
    "render_migration",
    "write_migration",
]
