"""The `accord` command line: a thin layer of commands over the library (`accord = cli.main:main`)."""
