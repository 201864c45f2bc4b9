"""Where each reviewer left off: pair, screen, commitment, pair in compare or triage.

Kept in `resume.toml` in the config folder, one table per reviewer, so two
people sharing a machine (or one store) each come back to their own place:

    [reviewers.alice]
    pair = ["etf-2026", "hlm-2022"]
    screen = "compare"                    # browse | compare | triage | ledger
    ref = "etf-2026/improve-skills-lm-data"
    link = ["etf-2026/improve-skills-lm-data", "hlm-2022/skills-anticipation-big-data"]

Written atomically, read forgivingly: a broken file, or a commitment that is
gone since, means starting where Accord always starts, never a failed launch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import tomli
import tomli_w

from store.atomic import atomic_write_text

RESUME_FILE = "resume.toml"
SCREENS = ("browse", "compare", "triage", "ledger")


@dataclass(frozen=True)
class ResumePoint:
    pair: tuple[str, str] | None = None
    screen: str = "browse"
    ref: str | None = None  # the commitment selected in browse
    link: tuple[str, str] | None = None  # the pair shown in compare or triage

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"screen": self.screen}
        if self.pair is not None:
            data["pair"] = list(self.pair)
        if self.ref is not None:
            data["ref"] = self.ref
        if self.link is not None:
            data["link"] = list(self.link)
        return data


def resume_path(config_dir: Path) -> Path:
    return config_dir / RESUME_FILE


def _read(path: Path) -> dict[str, Any]:
    try:
        if not path.is_file():
            return {}
        return tomli.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
        return {}


def _two(value: Any) -> tuple[str, str] | None:
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    return None


def load_point(path: Path, reviewer: str) -> ResumePoint | None:
    reviewers = _read(path).get("reviewers")
    data = reviewers.get(reviewer) if isinstance(reviewers, dict) else None
    if not isinstance(data, dict):
        return None
    screen = data.get("screen")
    ref = data.get("ref")
    return ResumePoint(
        pair=_two(data.get("pair")),
        screen=screen if screen in SCREENS else "browse",
        ref=ref if isinstance(ref, str) else None,
        link=_two(data.get("link")),
    )


def save_point(path: Path, reviewer: str, point: ResumePoint) -> None:
    """Remember `point` for `reviewer`, keeping the other reviewers' places."""
    data = _read(path)
    reviewers = data.get("reviewers")
    if not isinstance(reviewers, dict):
        reviewers = data["reviewers"] = {}
    if reviewers.get(reviewer) == point.to_toml():
        return
    reviewers[reviewer] = point.to_toml()
    if path.exists() and not path.is_file():
        raise OSError(f"{path} is not a regular file; it was left as it is")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(
        path, "# Where each reviewer left off (written by Accord)\n" + tomli_w.dumps(data)
    )


class ResumablePlace:
    """A screen the reviewer can come back to; the app asks it where they are."""

    resume_as: ClassVar[str]

    def resume_ref(self) -> str | None:
        """The commitment the reviewer is on, if this screen has one."""
        return None

    def resume_link(self) -> tuple[str, str] | None:
        """The pair the reviewer is on, if this screen has one."""
        return None
