"""A small corpus on disk for the corpus tests: the bundled pair plus earlier HLM meetings.

The earlier meetings are the 2022 conclusions under another id and date, with
their modalities weakened (2016) or kept (2019), so a topic's time line has
something to show. Real TOML files, loaded by the real loader.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

BUNDLED = Path(__file__).resolve().parents[2] / "agreements"

# id, date, how modalities change from the 2022 text
EARLIER = (
    ("hlm-2016", "2016-06-01", {'"intend"': '"explore"', '"will"': '"consider"'}),
    ("hlm-2019", "2019-03-12", {}),
)


def write_corpus(target: Path, extra: int = 0) -> Path:
    """The bundled agreements plus the earlier meetings (and `extra` more copies) in `target`."""
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    source = (BUNDLED / "hlm-2022.toml").read_text(encoding="utf-8")
    copies = list(EARLIER) + [
        (f"hlm-copy-{number:02d}", f"2010-01-{number + 1:02d}", {}) for number in range(extra)
    ]
    for agreement_id, date, modalities in copies:
        text = source.replace('id = "hlm-2022"', f'id = "{agreement_id}"', 1)
        text = re.sub(r"(?m)^date = 2022-07-05$", f"date = {date}", text, count=1)
        text = text.replace('short_title = "ILO–EC HLM 2022"', f'short_title = "{agreement_id}"')
        for before, after in modalities.items():
            text = text.replace(f"modality = {before}", f"modality = {after}")
        (target / f"{agreement_id}.toml").write_text(text, encoding="utf-8")
    return target
