"""`python -m store schemas`: regenerate the JSON Schemas in agreements/.

The schemas are generated from store.agreements.schema so that editor validation and
`accord check` can never disagree; a test fails when the files are stale.
"""

from __future__ import annotations

import sys

from store.agreements.schema import agreement_json_schema, lexicon_json_schema, render_json_schema
from store.atomic import atomic_write_text
from store.locate import bundled_agreements_dir


def main() -> int:
    if sys.argv[1:] != ["schemas"]:
        print("usage: python -m store schemas", file=sys.stderr)
        return 2
    directory = bundled_agreements_dir()
    for name, schema in (
        ("agreement.schema.json", agreement_json_schema()),
        ("lexicon.schema.json", lexicon_json_schema()),
    ):
        atomic_write_text(directory / name, render_json_schema(schema))
        print(f"wrote {directory / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
