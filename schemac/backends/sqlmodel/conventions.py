"""What SQLAlchemy would name a constraint under the generated naming convention.

The IR's constraint names are final. A column flag (``Field(index=True)``,
``unique=True``, ``foreign_key=...``) lets SQLAlchemy name the constraint from
the convention, so the backend uses a flag only when SQLAlchemy's name is
exactly the IR's; anything else is written out with its name.

SQLAlchemy fills :data:`NAMING_CONVENTION` in by plain ``%`` substitution and
does not shorten the result, so the names are computed the same way here,
without :func:`~schemac.compiler.naming.truncate_name`: an IR name that had to
be shortened never matches and is written out. (Building a throwaway
``sa.Table`` per model to ask SQLAlchemy took a third of the render time.)
"""

from __future__ import annotations

from collections.abc import Sequence

from schemac.compiler import ir
from schemac.compiler.naming import NAMING_CONVENTION


class ConventionNames:
    """Names SQLAlchemy gives one model's unnamed constraints."""

    def __init__(self, model: ir.Model) -> None:
        self._table = model.table

    def index(self, column: str) -> str:
        """The name of ``Field(index=True)`` on ``column`` (a database name);
        unique or not, an index takes the ``ix`` convention."""
        return self._name("ix", [column])

    def unique(self, column: str) -> str:
        """The name of ``Field(unique=True)`` on ``column``."""
        return self._name("uq", [column])

    def foreign_key(self, column: str, target_table: str) -> str:
        """The name of ``Field(foreign_key=...)`` on ``column``, pointing at
        ``target_table`` (without its schema)."""
        return self._name("fk", [column], target_table)

    def _name(self, kind: str, columns: Sequence[str], referred: str = "") -> str:
        values = {
            "table_name": self._table,
            "column_0_N_name": "_".join(columns),
            "referred_table_name": referred,
            "constraint_name": "",
        }
        return NAMING_CONVENTION[kind] % values
