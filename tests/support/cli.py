"""Types shared by the tests that run the real command line."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

RunAccord = Callable[..., subprocess.CompletedProcess[str]]
