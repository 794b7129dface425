"""State shared while lowering one generated module."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemac.backends import UnsupportedError
from schemac.backends.sqlmodel.imports import Imports
from schemac.compiler import ir

#: Names that generated modules import; a model or enum must not take one.
IMPORTED_NAMES = frozenset(
    {
        "Any",
        "Base",
        "CIDR",
        "CITEXT",
        "Decimal",
        "Field",
        "INET",
        "JSONB",
        "MutableDict",
        "NaiveDatetime",
        "Optional",
        "Relationship",
        "SQLModel",
        "TSVECTOR",
        "TYPE_CHECKING",
        "UUID",
        "conv",
        "date",
        "datetime",
        "enum_values",
        "metadata",
        "registry",
        "sa",
        "time",
        "timedelta",
        "utc_now",
        "uuid4",
    }
)


@dataclass
class ModuleContext:
    """What lowering one module needs and collects.

    Attributes:
        schema: The whole IR, to look up enums and other models.
        imports: The module's imports, filled while lowering.
        base_module: Where ``Base`` and the helpers live (``"._base"``), or
            None when they are defined in the module itself.
        local_names: Names the module defines itself (no import needed).
        attributes: Attribute names used by the module's classes; imported
            names that collide with one are imported through their module.
        type_checking: Models referred to only in annotations (imported under
            ``TYPE_CHECKING`` in package layout).
    """

    schema: ir.Schema
    imports: Imports = field(default_factory=Imports)
    base_module: str | None = "._base"
    local_names: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    type_checking: set[str] = field(default_factory=set)

    def name(self, module: str, name: str) -> str:
        """Import ``name`` from ``module``; return how code refers to it."""
        if name in self.attributes:
            alias = self.imports.alias(module, "_" + module.replace(".", "_"))
            return f"{alias}.{name}"
        return self.imports.add(module, name)

    def sa(self) -> str:
        """The ``sa`` alias for ``sqlalchemy``."""
        return self.imports.alias("sqlalchemy", "sa")

    def helper(self, name: str) -> str:
        """A name from the generated base module (``Base``, ``utc_now``...)."""
        if self.base_module is None:
            return name
        return self.imports.add(self.base_module, name)

    def enum(self, name: str) -> ir.Enum:
        """The IR enum called ``name``."""
        try:
            return self.schema.enum(name)
        except KeyError:
            raise UnsupportedError(f"unknown enum '{name}'") from None

    def enum_class(self, name: str, package_module: str) -> str:
        """Refer to the Python enum class ``name``, importing it if needed."""
        if name in self.local_names:
            return name
        return self.imports.add(package_module, name)
