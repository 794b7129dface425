"""schemac: compile database schema specs to SQLModel, Alembic and ERDs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("schemac")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["__version__"]
