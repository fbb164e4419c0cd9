"""`tuyentruyen translations` output: readable text (Vietnamese or English) or JSON for scripts."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ..diagnostics import message
from ..content.glossary import Glossary
from .translation_review import TranslationStatus


def _where(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return Path(path).resolve().relative_to(Path(base).resolve().parent).as_posix()
        except ValueError:
            pass
    return Path(path).as_posix()


def _indented(label: str, text: str | None, lang: str) -> list[str]:
    body = text if text is not None else message("translations-unknown-text", lang)
    lines = body.split("\n")
    pad = " " * (len(label) + 1)
    return [f"      {label} {lines[0]}"] + [f"      {pad}{line}" for line in lines[1:]]


def format_text(statuses: Sequence[TranslationStatus], glossary: Glossary | None, languages: Sequence[str],
                lang: str = "vi", base: Path | None = None) -> str:
    out: list[str] = []
    for status in statuses:
        params = {"slug": status.slug, "language": status.lang, "file": _where(status.path, base),
                  "count": len(status.changes)}
        out.append(message(f"translations-{status.state}", lang, **params))
        before, after = message("translations-before", lang), message("translations-after", lang)
        width = max(len(before), len(after))
        for change in status.changes:
            where = change.id + (f" ({change.section})" if change.section else "")
            out.append(message(f"translations-change-{change.kind}", lang, segment=where))
            if change.kind != "added":
                out += _indented(before.ljust(width), change.before, lang)
            if change.kind != "removed":
                out += _indented(after.ljust(width), change.after, lang)
        if status.untranslated:
            out.append(message("translations-untranslated", lang, count=len(status.untranslated),
                               segments=", ".join(s.id + (f" ({s.section})" if s.section else "")
                                                  for s in status.untranslated)))
    if glossary is not None:
        for code in languages:
            missing = glossary.missing(code)
            if missing:
                out.append(message("translations-glossary-missing", lang, language=code, count=len(missing),
                                   terms=glossary.missing_list(code)))
    counts = {state: sum(1 for s in statuses if s.state == state)
              for state in ("missing", "unreviewed", "current", "outdated")}
    out.append(message("translations-summary", lang, **counts))
    return "\n".join(out)


def as_json(statuses: Sequence[TranslationStatus], glossary: Glossary | None, languages: Sequence[str],
            source_language: str, base: Path | None = None) -> dict[str, Any]:
    return {
        "source_language": source_language,
        "translations": [{
            "slug": s.slug, "lang": s.lang, "status": s.state, "file": _where(s.path, base),
            "record": _where(s.record, base) if s.record.exists() else None,
            "changes": [{"id": c.id, "change": c.kind, "section": c.section or None, "line": c.line,
                         "before": c.before, "after": c.after} for c in s.changes],
            "untranslated": [{"id": u.id, "section": u.section or None, "line": u.line} for u in s.untranslated],
        } for s in statuses],
        "glossary": None if glossary is None else {
            "file": _where(glossary.path, base),
            "missing": {code: [t.source for t in glossary.missing(code)] for code in languages},
        },
    }
