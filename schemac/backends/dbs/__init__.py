"""The ``.dbs`` backend: any IR written back as idiomatic ``.dbs``.

:func:`print_dbs` undoes what the compiler made explicit: foreign-key
columns become relation fields (``user: User``), the implicit primary key,
the ``timestamps``/``soft_delete`` columns and generated link tables fold
back into the one word that made them, and indexes and constraints that a
field flag would create become that flag. Abstract bases are written once,
and each model lists them instead of repeating what it inherits. Compiling
the printed text gives the same IR again (spans and input file names aside:
a multi-file schema prints as one file).
"""

from __future__ import annotations

from schemac.backends import RenderContext
from schemac.backends.dbs.printer import print_dbs
from schemac.compiler import ir

__all__ = ["DbsBackend", "backend", "print_dbs"]


class DbsBackend:
    """Writes ``schema.dbs``."""

    name = "dbs"
    description = "the schema as .dbs source (formatted, relations folded back)"

    def render(self, schema: ir.Schema, context: RenderContext) -> dict[str, str]:
        """Return ``{"schema.dbs": text}``."""
        filename = str(context.options.get("filename", "schema.dbs"))
        return {filename: print_dbs(schema)}


backend = DbsBackend()
