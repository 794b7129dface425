"""Imports collected while lowering a module, written sorted like ruff's isort.

Names are added as code that needs them is built, so a module imports exactly
what it uses. Sections follow isort: standard library, third party, then the
package's own modules (relative imports), a blank line between sections.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field

from schemac.backends.sqlmodel.pyfmt import LINE_LENGTH


@dataclass
class Imports:
    """The imports of one generated module.

    Attributes:
        modules: Plain ``import x`` / ``import x as y`` statements, by module.
        names: ``from module import name`` names, by module.
    """

    modules: dict[str, str | None] = field(default_factory=dict)
    names: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, module: str, name: str | None = None) -> str:
        """Import ``name`` from ``module`` (or the module itself); returns the
        name to use in code."""
        if name is None:
            self.modules.setdefault(module, None)
            return module
        self.names[module].add(name)
        return name

    def alias(self, module: str, alias: str) -> str:
        """``import module as alias``; returns ``alias``."""
        self.modules[module] = alias
        return alias

    def lines(self) -> list[str]:
        """The import block, sections separated by one blank line."""
        sections: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for module, alias in self.modules.items():
            text = f"import {module} as {alias}" if alias else f"import {module}"
            sections[_section(module)].append((_sort_key(module, False), text))
        for module, names in self.names.items():
            text = _from_import(module, sorted(names, key=_name_key))
            sections[_section(module)].append((_sort_key(module, True), text))
        out: list[str] = []
        for number in sorted(sections):
            if out:
                out.append("")
            out += [text for _, text in sorted(sections[number])]
        return out


def _from_import(module: str, names: list[str]) -> str:
    text = f"from {module} import {', '.join(names)}"
    if len(text) <= LINE_LENGTH:
        return text
    return "\n".join([f"from {module} import (", *(f"    {n}," for n in names), ")"])


def _section(module: str) -> int:
    if module.startswith("."):
        return 2
    return 0 if module.split(".")[0] in sys.stdlib_module_names else 1


def _sort_key(module: str, is_from: bool) -> str:
    # ruff's isort (force-sort-within-sections off) puts `import x` before
    # `from x import y` inside a section only by module name; relative
    # imports sort with more dots first.
    if module.startswith("."):
        dots = len(module) - len(module.lstrip("."))
        return f"{10 - dots}{module.lstrip('.').lower()}"
    return f"{int(is_from)}{module.lower()}"


def _name_key(name: str) -> tuple[int, str]:
    # isort's order-by-type: CONSTANTS, then Classes, then functions.
    if name.isupper() and len(name) > 1:
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    return (kind, name.lower())
