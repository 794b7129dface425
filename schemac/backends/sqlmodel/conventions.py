"""What SQLAlchemy would name a constraint under the generated naming convention.

The IR's constraint names are final. A column flag (``Field(index=True)``,
``unique=True``, ``foreign_key=...``) lets SQLAlchemy name the constraint from
the convention, so the backend uses a flag only when SQLAlchemy's name is
exactly the IR's; anything else is written out with its name. The names are
asked of SQLAlchemy itself, on a throwaway table, not recomputed here.
"""

from __future__ import annotations

import sqlalchemy as sa

from schemac.compiler import ir
from schemac.compiler.naming import NAMING_CONVENTION


class ConventionNames:
    """Names SQLAlchemy gives one model's unnamed constraints."""

    def __init__(self, model: ir.Model) -> None:
        metadata = sa.MetaData(naming_convention=dict(NAMING_CONVENTION))
        columns = [sa.Column(c.db_name, sa.Integer) for c in model.columns]
        self._table = sa.Table(model.table, metadata, *columns, schema=model.schema)

    def index(self, column: str, unique: bool = False) -> str:
        """The name of ``Field(index=True)`` on ``column`` (a database name)."""
        index = sa.Index(None, self._table.c[column], unique=unique)
        return str(index.name)

    def unique(self, column: str) -> str:
        """The name of ``Field(unique=True)`` on ``column``."""
        constraint = sa.UniqueConstraint(self._table.c[column])
        self._table.append_constraint(constraint)
        name = str(constraint.name)
        self._table.constraints.discard(constraint)
        return name

    def foreign_key(self, column: str, target: str) -> str:
        """The name of ``Field(foreign_key=target)`` on ``column``."""
        constraint = sa.ForeignKeyConstraint([column], [target])
        self._table.append_constraint(constraint)
        name = str(constraint.name)
        self._table.constraints.discard(constraint)
        return name
