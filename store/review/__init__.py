"""The reviewer's work: the SQLite review store, its history, exchange files and exports."""
