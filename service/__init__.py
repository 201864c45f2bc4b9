"""The application layer shared by the TUI and the command line; it never imports Textual."""
