from pathlib import Path

import pytest

from schemac.config import Config, load_config
from schemac.errors import ConfigError


def _project(tmp_path: Path, body: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(body)
    nested = tmp_path / "src" / "deep"
    nested.mkdir(parents=True)
    return nested


def test_no_pyproject_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config()


def test_reads_the_nearest_pyproject_and_resolves_paths(tmp_path: Path) -> None:
    nested = _project(
        tmp_path,
        '[tool.schemac]\nschema = "db/schema.dbs"\nout = "app"\n'
        'package = "db_models"\nlayout = "module"\n[tool.schemac.erd]\n'
        'formats = ["mermaid"]\n',
    )

    config = load_config(nested)

    assert config.schema == tmp_path / "db" / "schema.dbs"
    assert config.out == tmp_path / "app"
    assert config.package == "db_models"
    assert config.layout == "module"
    assert config.erd == {"formats": ["mermaid"]}
    assert config.origin == tmp_path / "pyproject.toml"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[tool.schemac]\nlayuot = "module"\n', "unknown key"),
        ('[tool.schemac]\nlayout = "flat"\n', "layout must be one of"),
        ('[tool.schemac]\npackage = "my-models"\n', "Python identifier"),
        ("[tool.schemac]\nout = 3\n", "out must be a string"),
        ("[tool.schemac\n", "cannot read"),
    ],
)
def test_invalid_settings_are_reported(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(_project(tmp_path, body))
