"""``[tool.schemac]`` settings from ``pyproject.toml``.

The nearest ``pyproject.toml`` at or above the working directory is read.
Paths in it are relative to the file's directory. Command-line options win
over the file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemac.errors import ConfigError

LAYOUTS = ("package", "module")

_KNOWN_KEYS = frozenset({"schema", "out", "package", "layout", "erd", "migrations"})


@dataclass(frozen=True)
class Config:
    """Build settings.

    Attributes:
        schema: The entry spec (``.dbs`` or Markdown), if configured.
        out: Directory the generated package is written into.
        package: Name of the generated package (or module, for ``module``).
        layout: ``package`` (a module per model) or ``module`` (one file).
        erd: The ``[tool.schemac.erd]`` table, passed to the ERD backend.
        migrations: The ``[tool.schemac.migrations]`` table.
        origin: The pyproject.toml the settings came from, if any.
    """

    schema: Path | None = None
    out: Path = Path()
    package: str = "models"
    layout: str = "package"
    erd: Mapping[str, Any] = field(default_factory=dict)
    migrations: Mapping[str, Any] = field(default_factory=dict)
    origin: Path | None = None

    def migrations_dir(self) -> Path:
        """Where ``alembic.ini`` lives: ``[tool.schemac.migrations] dir``, or ``.``."""
        configured = self.migrations.get("dir")
        if isinstance(configured, str) and self.origin is not None:
            return self.origin.parent / configured
        return Path()


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start``."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path | None = None) -> Config:
    """Read ``[tool.schemac]`` from the nearest ``pyproject.toml``.

    Raises:
        ConfigError: The file is not valid TOML or a setting is invalid.
    """
    path = find_pyproject((start or Path.cwd()).resolve())
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    section = data.get("tool", {}).get("schemac")
    if section is None:
        return Config()
    return _parse_section(section, path)


def _parse_section(section: Any, path: Path) -> Config:
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.schemac] must be a table")
    unknown = sorted(set(section) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown key(s) in [tool.schemac]: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(_KNOWN_KEYS))})"
        )
    base = path.parent
    layout = _string(section, "layout", "package", path)
    if layout not in LAYOUTS:
        raise ConfigError(f"{path}: layout must be one of {', '.join(LAYOUTS)}")
    package = _string(section, "package", "models", path)
    if not package.isidentifier():
        raise ConfigError(f"{path}: package must be a Python identifier")
    schema = section.get("schema")
    return Config(
        schema=base / _string(section, "schema", "", path) if schema else None,
        out=base / _string(section, "out", ".", path),
        package=package,
        layout=layout,
        erd=_table(section, "erd", path),
        migrations=_table(section, "migrations", path),
        origin=path,
    )


def _string(section: dict[str, Any], key: str, default: str, path: Path) -> str:
    value = section.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"{path}: [tool.schemac] {key} must be a string")
    return value


def _table(section: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = section.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [tool.schemac.{key}] must be a table")
    return value
