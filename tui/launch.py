"""`accord review`: from parsed options to a running app, and back to an exit code.

What can go wrong before the UI exists (no agreements folder, a store written
by a newer Accord, an unwritable store) is one clear line on stderr and an
exit code, never a traceback. Invalid agreement files are not such a failure:
the app opens on the valid ones and shows the findings.
"""

from __future__ import annotations

import argparse
import sys

from service.session import Session
from store.locate import config_dir, default_reviewer, resolve_agreements_dir, resolve_store_path
from store.review.errors import StoreError


def _fail(message: str, code: int) -> int:
    print(f"accord: error: {message}", file=sys.stderr)
    return code


def launch(args: argparse.Namespace) -> int:
    try:
        directory = resolve_agreements_dir(getattr(args, "agreements", None))
    except FileNotFoundError as error:
        return _fail(str(error), 2)
    store_path = resolve_store_path(getattr(args, "store", None))
    reviewer = default_reviewer(getattr(args, "reviewer", None))
    requested = getattr(args, "ui_pair", None)
    pair = (requested[0], requested[1]) if requested else None
    try:
        # The agreements are loaded by the app, after its first paint.
        session = Session.open(directory, store_path, reviewer, pair, load=False)
    except StoreError as error:
        return _fail(str(error), 1)
    except OSError as error:
        return _fail(f"cannot open the review store {store_path}: {error.strerror or error}", 1)

    from tui.app import AccordApp

    app = AccordApp(
        session,
        config_dir=config_dir(),
        theme=getattr(args, "theme", None),
        load_in_background=True,
    )
    try:
        app.run()
    finally:
        session.store.close()
    return app.return_code or 0
