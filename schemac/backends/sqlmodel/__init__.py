"""The SQLModel backend: the IR as SQLModel table models for PostgreSQL.

Options (``context.options``):

- ``package``: the package (or, in module layout, module) name; ``models``.
- ``layout``: ``"package"`` (one module per model, plus ``_base.py``,
  ``enums.py`` and an ``__init__.py`` importing them all) or ``"module"``
  (everything in one file).
"""

from __future__ import annotations

from schemac.backends import RenderContext, UnsupportedError
from schemac.backends.sqlmodel.layout import package_modules, single_module
from schemac.backends.sqlmodel.render import render_module
from schemac.compiler import ir
from schemac.errors import ConfigError
from schemac.output import header_lines

__all__ = ["SQLModelBackend", "UnsupportedError", "backend"]

LAYOUTS = ("package", "module")


class SQLModelBackend:
    """Renders SQLModel models; see the module docstring for its options."""

    name = "sqlmodel"
    description = "SQLModel table models for PostgreSQL"

    def render(self, schema: ir.Schema, context: RenderContext) -> dict[str, str]:
        """Return the generated files, keyed by relative POSIX path.

        Raises:
            ConfigError: An option has a value the backend does not know.
            UnsupportedError: The schema uses something this backend cannot
                express.
        """
        package = str(context.options.get("package", "models"))
        layout = str(context.options.get("layout", "package"))
        if not package.isidentifier():
            raise ConfigError(f"sqlmodel: package '{package}' is not a Python name")
        if layout not in LAYOUTS:
            raise ConfigError(
                f"sqlmodel: unknown layout '{layout}' (use {' or '.join(LAYOUTS)})"
            )

        if layout == "package":
            modules = package_modules(schema, package, context.source)
        else:
            modules = [single_module(schema, package, context.source)]
        header = header_lines(context.source)
        return {module.path: render_module(module, header) for module in modules}


backend = SQLModelBackend()
