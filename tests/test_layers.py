"""The package is layered: a module imports only from its own part or from the parts below.

A layer that imports upward (render importing i18n while i18n imports render) ties the
low-level pieces to the workflows built on them, and is how import cycles start.
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import REPO

PACKAGE = REPO / "outreach"
# Bottom first. Parts on one line are peers and must not import each other.
LAYERS = [
    ["outreach", "errors"],
    ["files", "report"],
    ["po"],
    ["kit"],
    ["render"],
    ["lint"],
    ["i18n"],
    ["build", "scaffold", "doctor"],
    ["serve"],
    ["cli"],
    ["__main__"],
]
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def _module(path: Path) -> tuple[str, ...]:
    parts = path.relative_to(REPO).with_suffix("").parts
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imports(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    """(line, imported module path) for every import of this package in `path`."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else ()
            target = (*base, *(node.module.split(".") if node.module else ()))
            if node.module is None:  # from . import x: x is a module (or a name) of base
                found += [(node.lineno, (*target, alias.name)) for alias in node.names]
            else:
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, tuple(alias.name.split("."))) for alias in node.names]
    return [(line, target) for line, target in found if target[:1] == ("outreach",)]


def _part(module: tuple[str, ...]) -> str:
    return module[1] if len(module) > 1 and module[1] in RANK else "outreach"


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {path.stem if path.is_file() else path.name for path in PACKAGE.iterdir()
             if (path.suffix == ".py" or (path / "__init__.py").is_file())
             and path.name != "__init__.py"}
    assert parts <= RANK.keys(), sorted(parts - RANK.keys())


def test_no_module_imports_from_a_layer_above_or_beside_it() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        part = _part(_module(path))
        for line, target in _imports(path):
            other = _part(target)
            if other != part and RANK[other] >= RANK[part]:
                upward.append(f"{path.relative_to(REPO)}:{line}: {part} imports {other}")
    assert upward == []


def test_the_check_sees_every_form_of_import() -> None:
    # Relative, "from . import" and absolute imports all resolve to the part they reach.
    assert "kit" in {_part(t) for _l, t in _imports(PACKAGE / "render" / "html.py")}
    assert "cli" in {_part(t) for _l, t in _imports(PACKAGE / "__main__.py")}
