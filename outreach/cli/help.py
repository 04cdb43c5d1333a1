"""Help that names every value by what it is (DIR, LANG, FILE...), never by a Python type.

Typer shows an argument with its annotation (`lang <str>`, `files... <list[Path]>`) and wraps a
required one in braces (`{directory}`). People reading `outreach new --help` want `DIR`. Each
command here names its arguments with a metavar; this command class shows that name alone.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand


class Command(TyperCommand):
    """A command whose usage line and argument list show each argument's metavar only."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_shown(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_shown(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _shown(argument: Any) -> str:
    name = argument.metavar or argument.name.upper()
    shown = name if argument.required else f"[{name}]"
    return shown + "..." if argument.nargs != 1 else shown


def use_everywhere(app: typer.Typer) -> None:
    """Make every command of `app` and of its sub-apps (`outreach i18n ...`) a `Command`."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):  # a command that asked for its own class keeps it
            info.cls = Command
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_everywhere(group.typer_instance)
