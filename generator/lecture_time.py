"""How long a study session with the lecturer's kit lasts: site.yaml `lecture: {minutes: 45}`,
overridden per resolution in resolution.yaml the same way. 45 or 60 minutes."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from .options import OptionError, known_keys

if TYPE_CHECKING:
    from .content.reader import YamlDoc

SESSION_MINUTES = (45, 60)
DEFAULT_MINUTES = 45


def bad_minutes(value: Any) -> str | None:
    """What is wrong with a `lecture:` value, as the value to name in the message; None if fine."""
    if not isinstance(value, dict):
        return str(value)
    minutes = value.get("minutes", DEFAULT_MINUTES)
    if set(value) - {"minutes"} or isinstance(minutes, bool) or minutes not in SESSION_MINUTES:
        return str(minutes if set(value) <= {"minutes"} else value)
    return None


def validate_lecture(value: Any, doc: "YamlDoc", keys: tuple) -> dict:
    """site.yaml `lecture:`; raises OptionError naming the line."""
    if isinstance(value, dict):
        known_keys(value, ("minutes",), doc, keys)         # `minuts: 60` is a typo, not a length
    wrong = bad_minutes(value)
    if wrong is not None:
        raise OptionError("lecture-bad-minutes", value=wrong, line=doc.line_of(*keys))
    return value


def session_minutes(config: Any, res: Any) -> int:
    """The resolution's own `lecture.minutes`, else the site's, else DEFAULT_MINUTES (`config`:
    a SiteConfig, `res`: a Resolution; not imported, as the settings import this module)."""
    for source in (res.meta.get("lecture"), config.extra.get("lecture")):
        if isinstance(source, Mapping) and source.get("minutes") in SESSION_MINUTES:
            return int(source["minutes"])
    return DEFAULT_MINUTES
