"""One module per `accord` sub-command, in the order `accord --help` lists them."""

from importlib.util import find_spec

_ALL: tuple[str, ...] = (
    "review",
    "check",
    "list_cmd",
    "match",
    "corpus",
    "gaps",
    "explain",
    "link",
    "note",
    "export",
    "import_cmd",
)

# While a command is being built its module may not exist yet; a test asserts
# that every one of them does, so nothing can ship missing.
COMMAND_MODULES: tuple[str, ...] = tuple(
    name for name in _ALL if find_spec(f"tui.commands.{name}") is not None
)
