"""Reads content/glossary.yaml: fixed terms and their agreed translation per language.

```yaml
terms:
  - vi: Nghị quyết
    hmn: Nghị quyết          # a string, or a list of accepted forms (the first is shown)
    note: Hmong texts in Vietnam keep the Vietnamese term.
  - vi: chuyển đổi số
    hmn: ""                  # not agreed yet: reported as missing, never guessed
```

Matching (content/glossary.py) is by whole words, ignoring case.
"""
from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, Sequence

from ..content.glossary import Glossary, Term, word_keys
from ..content.reader import read_yaml
from ..diagnostics import Problem, error, warning

FILE_NAME = "glossary.yaml"


def load_glossary(path: Path, languages: Sequence[str], source_language: str) -> tuple[Glossary | None, list[Problem]]:
    """The glossary (None when there is no file or it cannot be read) and its problems."""
    if not path.is_file():
        return None, []
    doc, problems = read_yaml(path)
    if doc is None:
        return None, problems
    data = doc.data if doc.data is not None else {}
    terms_data = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(terms_data, list):
        return None, problems + [error(path, doc.line_of("terms"), "glossary-not-list")]
    for key in data:
        if key != "terms":
            problems.append(warning(path, doc.line_of(key), "glossary-unknown-key", key=key))
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(terms_data):
        line = doc.line_of("terms", index)
        if not isinstance(item, dict) or not isinstance(item.get(source_language), str) \
                or not item[source_language].strip():
            problems.append(error(path, line, "glossary-bad-term", lang=source_language))
            continue
        source = " ".join(item[source_language].split())
        key = " ".join(word_keys(source))
        if key in seen:
            problems.append(warning(path, line, "glossary-duplicate", term=source, first=seen[key]))
        seen.setdefault(key, line)
        translations: dict[str, tuple[str, ...]] = {}
        for lang, value in item.items():
            if lang in (source_language, "note"):
                continue
            if lang not in languages:
                problems.append(warning(path, doc.line_of("terms", index, lang), "glossary-unknown-language",
                                        lang=lang, languages=", ".join(languages)))
                continue
            forms = _forms(value)
            if forms is None:
                problems.append(error(path, doc.line_of("terms", index, lang), "glossary-bad-term",
                                      lang=source_language))
                continue
            translations[lang] = forms
        note = item.get("note")
        terms.append(Term(source, MappingProxyType(translations), note.strip() if isinstance(note, str) else "",
                          line))
    return Glossary(path, source_language, tuple(terms)), problems


def missing_problems(glossary: Glossary, languages: Sequence[str]) -> list[Problem]:
    """One warning per language listing the terms without an agreed translation."""
    problems = []
    for lang in languages:
        missing = glossary.missing(lang)
        if missing:
            problems.append(warning(glossary.path, missing[0].line, "glossary-untranslated", lang=lang,
                                    count=len(missing), terms=glossary.missing_list(lang)))
    return problems


def _forms(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return tuple(" ".join(v.split()) for v in value if v.strip())
