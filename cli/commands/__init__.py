"""One module per `accord` sub-command, in the order `accord --help` lists them."""

COMMAND_MODULES: tuple[str, ...] = (
    "review",
    "check",
    "list_cmd",
    "match",
    "gaps",
    "explain",
    "link",
    "note",
    "export",
    "import_cmd",
    "ingest",
    "diff",
    "corpus",
)
