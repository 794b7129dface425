"""The compiler: AST, name resolution, relation inference, checks and the IR.

The public entry points:

- :func:`compile_files` reads ``.dbs`` files (following their imports),
  parses and lowers them;
- :func:`compile_source` does the same for a string, for tests and tools;
- :func:`schemac.compiler.lower.compile_modules` lowers ASTs any front-end
  built;
- :func:`schemac.compiler.parser.parse_dbs` parses one ``.dbs`` file.

They are loaded on first use, so ``import schemac.compiler.ir`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schemac.compiler.build import CompileResult, compile_files, compile_source

__all__ = ["CompileResult", "compile_files", "compile_source"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from schemac.compiler import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
