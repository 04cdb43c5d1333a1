"""Gettext catalogs (`.po` and `.pot` files): the bottom layer, and the only code that reads or
writes them. Nothing here knows what a kit or a message is.

- `model`: `Catalog` and `Entry`, small frozen records that keep everything GNU tools keep,
  and where each entry was in its file (`Origin`).
- `reader`: `read_po` / `parse_po`, with the line of every problem.
- `writer`: `format_po`, byte for byte what GNU msgcat writes.
- `linebreak` and `directives`: how GNU wraps long strings and finds `%(name)s` directives.
"""

from .model import (
    Catalog,
    Entry,
    Key,
    Offsets,
    Origin,
    header_field,
    header_fields,
    set_header_field,
)
from .reader import parse_po, read_po
from .writer import escape, format_po

__all__ = [
    "Catalog", "Entry", "Key", "Offsets", "Origin", "escape", "format_po", "header_field",
    "header_fields", "parse_po", "read_po", "set_header_field",
]
