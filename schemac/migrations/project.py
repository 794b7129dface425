"""An Alembic project on disk: set it up, or adopt the one already there.

``schemac init`` writes ``alembic.ini``, ``migrations/env.py``,
``migrations/script.py.mako`` and ``migrations/versions/``. A project that
already has an ``alembic.ini`` is adopted: its ``script_location`` is used,
its files are left alone, and new revisions chain onto its current head.
"""

from __future__ import annotations

import configparser
import logging
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template

from alembic.config import Config
from alembic.script import ScriptDirectory

from schemac.errors import ConfigError
from schemac.output import is_generated, write_files

log = logging.getLogger(__name__)

DEFAULT_SCRIPT_LOCATION = "migrations"
_TEMPLATES = ("schemac.backends.alembic", "templates")


@dataclass(frozen=True)
class Project:
    """Where an Alembic project's files are.

    Attributes:
        root: The directory holding ``alembic.ini``.
        script_location: The directory holding ``env.py`` and ``versions/``.
    """

    root: Path
    script_location: Path

    @property
    def ini(self) -> Path:
        return self.root / "alembic.ini"

    @property
    def versions(self) -> Path:
        return self.script_location / "versions"

    def config(self) -> Config:
        """An Alembic config for this project (no database URL set)."""
        config = Config(str(self.ini))
        config.set_main_option("script_location", str(self.script_location))
        return config

    def script(self) -> ScriptDirectory:
        """A fresh view of the revision files (Alembic caches per instance)."""
        return ScriptDirectory.from_config(self.config())


@dataclass
class InitReport:
    """What ``init`` did: files written, and files found and kept."""

    project: Project
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    adopted: bool = False


def find_project(root: Path) -> Project:
    """The Alembic project whose ``alembic.ini`` is in ``root``.

    Raises:
        ConfigError: There is no ``alembic.ini`` (run ``schemac init``).
    """
    ini = root / "alembic.ini"
    if not ini.is_file():
        raise ConfigError(
            f"no alembic.ini in {root.resolve()}: run `schemac init` first"
        )
    return Project(root, _script_location(ini))


def _script_location(ini: Path) -> Path:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ini, encoding="utf-8")
    raw = parser.get("alembic", "script_location", fallback=DEFAULT_SCRIPT_LOCATION)
    raw = raw.replace("%(here)s", str(ini.parent))
    if ":" in raw and not Path(raw).is_absolute():
        raise ConfigError(
            f"{ini}: package-style script_location {raw} is not supported"
        )
    location = Path(raw)
    return location if location.is_absolute() else ini.parent / location


def init_project(
    root: Path,
    package: str = "models",
    models_dir: Path | None = None,
    script_location: str = DEFAULT_SCRIPT_LOCATION,
) -> InitReport:
    """Set up (or adopt) the Alembic project in ``root``.

    Args:
        root: The project directory; ``alembic.ini`` goes here.
        package: The generated models package ``env.py`` imports.
        models_dir: The directory holding that package (``[tool.schemac]
            out``); defaults to ``root``.
        script_location: The migrations directory, relative to ``root``.

    Returns:
        What was written and what was found and kept.
    """
    root = root.resolve()
    models_dir = (models_dir or root).resolve()
    ini = root / "alembic.ini"
    if ini.exists():
        project = Project(root, _script_location(ini))
        report = InitReport(project, adopted=True)
    else:
        project = Project(root, root / script_location)
        report = InitReport(project)

    files = _project_files(project, package, _relative(models_dir, root))
    wanted = {}
    for rel, text in files.items():
        target = root / rel
        if target.exists():
            # Never replaced: a person's file, or ours with their edits.
            report.kept.append(target)
            if not is_generated(target):
                log.info("kept %s: not written by schemac", target)
        else:
            wanted[rel] = text
    written = write_files(wanted, root)
    report.written.extend(written.written)
    project.versions.mkdir(parents=True, exist_ok=True)
    return report


def _project_files(project: Project, package: str, models_path: str) -> dict[str, str]:
    location = _relative(project.script_location, project.root)
    ini = Template(_template("alembic.ini.tmpl")).substitute(
        script_location=location, models_path=models_path, package=package
    )
    return {
        "alembic.ini": ini,
        f"{location}/env.py": _template("env.py"),
        f"{location}/script.py.mako": _template("script.py.mako"),
    }


def _template(name: str) -> str:
    package, folder = _TEMPLATES
    return resources.files(package).joinpath(folder, name).read_text(encoding="utf-8")


def _relative(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()
