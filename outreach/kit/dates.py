"""The moment a build or an extraction is dated: now, or `SOURCE_DATE_EPOCH` when it is set.

Reproducible-build tools set `SOURCE_DATE_EPOCH` to the seconds since 1970 of the last change,
so two builds of the same kit give identical files. A value the tool cannot use is an error
rather than a silent "now": a CI job that meant to pin its dates should learn that it does not.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime

from ..errors import ConfigError, Problem

VARIABLE = "SOURCE_DATE_EPOCH"
# Dates are written with four-digit years (PDF metadata, POT-Creation-Date): 1970 to 9999.
LATEST = int(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())


def source_date_epoch() -> datetime | None:
    """The UTC moment `SOURCE_DATE_EPOCH` names, None when it is unset or empty."""
    value = os.environ.get(VARIABLE, "")
    if not value:
        return None
    # ASCII digits only: str.isdigit() would also accept "١٧٠٠" or "²".
    if not re.fullmatch(r"-?[0-9]{1,20}", value):
        raise ConfigError(Problem(VARIABLE, f"{_shown(value)} is not a whole number of seconds "
                                  "since 1970-01-01; set it to one, such as the output of "
                                  "'git log -1 --format=%ct', or unset it"))
    seconds = int(value)
    if not 0 <= seconds <= LATEST:
        raise ConfigError(Problem(VARIABLE, f"{_shown(value)} is out of range; it must be from "
                                  f"0 (1970) to {LATEST} (the end of 9999)"))
    return datetime.fromtimestamp(seconds, UTC)


def now_or_epoch() -> datetime:
    """`SOURCE_DATE_EPOCH` when it is set, otherwise the current moment (UTC)."""
    return source_date_epoch() or datetime.now(UTC)


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")
