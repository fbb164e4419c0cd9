"""site.yaml as typed options, each validating itself (the MkDocs way).

Every option names its key and what is wrong when it fails; every setting
beyond the contract's minimum has a default, so a minimal site.yaml builds.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping
from urllib.parse import urlparse

from .loudspeaker.settings import validate_broadcast
from .content.reader import YamlDoc
from .diagnostics import Problem, error, warning
from .options import Option, OptionError, closest, known_keys, language_keys
from .vocabulary import DEFAULT_LABELS, DEFAULT_LANGUAGE_TAGS, KINDS, SECTION_KEYS, SLUG
from .lecture_time import validate_lecture
from .portable_names import is_device_name, suggested_slug

LANG_CODE = re.compile(r"^[a-z]{2,8}$")
FALLBACK_POLICIES = ("omit", "source")


@dataclass(frozen=True)
class Language:
    code: str                                   # path code: 'hmn'
    name: str                                   # as the language names itself: 'Hmoob'
    tag: str                                    # BCP 47 for lang, hreflang, PDF metadata
    section_labels: Mapping[str, tuple[str, ...]]
    fallback: str = "omit"                      # omit | source
    title: str | None = None                    # the site's title in this language (else site.yaml title)
    description: str | None = None

    def own_section_label(self, key: str) -> str | None:
        """The label site.yaml gives section `key` in this language (its `sections:`), if any."""
        own = self.section_labels.get(key, ())[: -len(DEFAULT_LABELS[key])]
        return own[0] if own else None


@dataclass(frozen=True)
class SiteConfig:
    path: Path
    title: str
    organisation: str
    base_url: str                               # always ends with '/'
    default_language: str
    languages: Mapping[str, Language]
    topics: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    kinds: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    # The validated values of the other keys of OPTIONS that site.yaml gives (read them with setting())
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    source_hash: str = ""                       # of site.yaml's text: part of every output's fingerprint

    def setting(self, key: str) -> Any:
        """The validated value of an OPTIONS key that is not a field above, or its default."""
        return self.extra[key] if key in self.extra else OPTIONS[key].default

    @property
    def language_codes(self) -> tuple[str, ...]:
        """Default language first, then the others in site.yaml order."""
        others = [code for code in self.languages if code != self.default_language]
        return (self.default_language, *others)

    def title_in(self, lang: str) -> str:
        """The site's title as readers of `lang` see it (languages.<code>.title, else the main title)."""
        language = self.languages.get(lang)
        return (language.title if language else None) or self.title

    def description_in(self, lang: str) -> str:
        """languages.<code>.description, else (for the default language only: the main text is
        in that language) site.yaml's description; else nothing rather than the wrong language."""
        language = self.languages.get(lang)
        if language and language.description:
            return language.description
        main = self.extra.get("description")
        return main.strip() if isinstance(main, str) and lang == self.default_language else ""

    def kind_names(self) -> dict[str, str]:
        names = dict(KINDS)
        for slug, per_lang in self.kinds.items():
            names[slug] = per_lang.get(self.default_language) or slug.replace("-", " ").capitalize()
        return names

    def topic_name(self, slug: str, lang: str) -> str:
        names = self.topics.get(slug, {})
        return names.get(lang) or names.get(self.default_language) or slug.replace("-", " ").title()


def _string(value: Any, doc: YamlDoc, keys: tuple) -> str:
    if not isinstance(value, str) or not value.strip():
        raise OptionError("config-not-string")
    return value.strip()


def _url(value: Any, doc: YamlDoc, keys: tuple) -> str:
    text = _string(value, doc, keys)
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise OptionError("config-bad-url", value=text)
    return text if text.endswith("/") else text + "/"


def _mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise OptionError("config-not-mapping")
    return value


def _optional_text(value: Any, doc: YamlDoc, keys: tuple) -> str | None:
    return None if value is None else _string(value, doc, keys)


def _text_per_language(value: Any, doc: YamlDoc, keys: tuple) -> str | dict[str, str] | None:
    """One text for every language, or one per language of the site ({hmn: "..."})."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict) and all(isinstance(text, str) for text in value.values()):
        language_keys(value, doc, keys)
        return value
    raise OptionError("config-bad-value", subkey=".".join(keys),
                      expected="một đoạn chữ, hoặc mỗi ngôn ngữ một đoạn: {hmn: \"...\"}")


def _study_results(value: Any, doc: YamlDoc, keys: tuple) -> bool:
    if not isinstance(value, bool):
        raise OptionError("records-publish-not-bool", value=value)
    return value


def read_by(owner: str) -> Callable[[Any, YamlDoc, tuple], Any]:
    """A key whose value `owner` validates with lines of its own (the loader reports them)."""
    def passed_on(value: Any, doc: YamlDoc, keys: tuple) -> Any:
        return value
    passed_on.__doc__ = f"validated by {owner}"
    return passed_on


LANGUAGE_KEYS = ("name", "tag", "sections", "fallback", "title", "description")


def _languages(value: Any, doc: YamlDoc, keys: tuple) -> dict[str, Language]:
    result: dict[str, Language] = {}
    for code, spec in _mapping(value).items():
        where = keys + (code,)
        if not isinstance(code, str) or not LANG_CODE.match(code):
            raise OptionError("config-bad-language-code", code=code, line=doc.key_line(*where))
        if is_device_name(code):                            # a language's output folder (con/)
            raise OptionError("windows-reserved-name", name=code, line=doc.key_line(*where))
        spec = spec if isinstance(spec, dict) else {}
        known_keys(spec, LANGUAGE_KEYS, doc, where)
        if isinstance(spec.get("sections"), dict):
            known_keys(spec["sections"], SECTION_KEYS, doc, (*where, "sections"))
        name = spec.get("name") if isinstance(spec.get("name"), str) else code
        labels: dict[str, tuple[str, ...]] = {}
        given = spec.get("sections") if isinstance(spec.get("sections"), dict) else {}
        for key in SECTION_KEYS:
            own = given.get(key)
            own_labels = (own,) if isinstance(own, str) else tuple(x for x in own or () if isinstance(x, str))
            # A translation may keep the Vietnamese headings: accept those too.
            labels[key] = own_labels + DEFAULT_LABELS[key]
        fallback = spec.get("fallback", "omit")
        if fallback not in FALLBACK_POLICIES:
            raise OptionError("config-bad-choice", key=f"languages.{code}.fallback", value=fallback,
                              choices=", ".join(FALLBACK_POLICIES), line=doc.line_of(*where, "fallback"))
        tag = spec.get("tag") if isinstance(spec.get("tag"), str) else DEFAULT_LANGUAGE_TAGS.get(code, code)
        title, description = (spec.get(key) if isinstance(spec.get(key), str) else None
                              for key in ("title", "description"))
        result[code] = Language(code, name, tag, MappingProxyType(labels), fallback,
                                title and title.strip(), description and description.strip())
    if not result:
        raise OptionError("config-no-languages")
    return result


def _names_per_language(value: Any, doc: YamlDoc, keys: tuple) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for slug, names in _mapping(value).items():
        if not isinstance(slug, str) or not SLUG.match(slug):
            raise OptionError("bad-slug-value", value=slug, line=doc.line_of(*keys, slug),
                              suggested=suggested_slug(str(slug)))
        if isinstance(names, str):
            names = {"vi": names}
        if not isinstance(names, dict):
            raise OptionError("config-not-mapping", line=doc.line_of(*keys, slug))
        result[slug] = {str(lang): str(name) for lang, name in names.items() if name}
    return result


# Every key site.yaml may have, with its type: a key not listed here is an error ("did you
# mean …?"). Adding a setting is one line here (a validator from above, or one of its own);
# read it with config.setting("key") (see docs/internals.md, "Adding a site.yaml key").
OPTIONS: dict[str, Option] = {
    "title": Option(_string, required=True),
    "organisation": Option(_string, required=True),
    "base_url": Option(_url, required=True),
    "default_language": Option(_string, default="vi"),
    "languages": Option(_languages, required=True),
    "topics": Option(_names_per_language, default={}),
    "kinds": Option(_names_per_language, default={}),
    "description": Option(_optional_text),
    "broadcast": Option(lambda value, doc, keys: validate_broadcast(value, doc, keys), default={}),
    "review": Option(read_by("review_schedule.py")),
    "outdated_notice": Option(_text_per_language),
    "lecture": Option(lambda value, doc, keys: validate_lecture(value, doc, keys), default={}),
    "study_results": Option(_study_results, default=False),
}
SITE_FIELDS = frozenset({"title", "organisation", "base_url", "default_language", "languages", "topics", "kinds"})


def load_config(doc: YamlDoc) -> tuple[SiteConfig | None, list[Problem]]:
    """Validate every option and report all problems at once."""
    data = doc.data if isinstance(doc.data, dict) else None
    if data is None:
        return None, [error(doc.path, doc.first_line, "config-not-mapping-root")]
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, option in OPTIONS.items():
        if key not in data:
            if option.required:
                problems.append(error(doc.path, 1, "config-missing-key", key=key))
            values[key] = option.default
            continue
        try:
            values[key] = option.validate(data[key], doc, (key,))
        except OptionError as exc:
            line = exc.params.pop("line", None) or doc.line_of(key)
            problems.append(error(doc.path, line, exc.code, col=doc.col_of(key), **{"key": key, **exc.params}))
            values[key] = option.default
    for key in data:
        if key not in OPTIONS:
            near = closest(str(key), OPTIONS)
            problems.append(error(doc.path, doc.key_line(key), "config-unknown-key-near" if near else "config-unknown-key",
                                  key=key, near=near, choices=", ".join(OPTIONS)))
    languages = values.get("languages") or {}
    if languages and values["default_language"] not in languages:
        problems.append(error(doc.path, doc.line_of("default_language"), "config-default-language",
                              lang=values["default_language"], languages=", ".join(languages)))
    for group in ("topics", "kinds"):
        raw = data.get(group)
        for slug, names in (raw.items() if isinstance(raw, dict) else ()):
            for key in (names if isinstance(names, dict) else ()):
                if languages and key not in languages:
                    problems.append(warning(doc.path, doc.line_of(group, slug), "config-name-unknown-language",
                                            key=key, group=group, slug=slug, languages=", ".join(languages)))
    if any(p.is_error for p in problems):
        return None, problems
    extra = {key: values[key] for key in OPTIONS if key not in SITE_FIELDS and key in data}
    extra["broadcast"] = values["broadcast"]
    extra["lecture"] = values["lecture"]
    return SiteConfig(
        path=doc.path,
        title=values["title"],
        organisation=values["organisation"],
        base_url=values["base_url"],
        default_language=values["default_language"],
        languages=MappingProxyType(languages),
        topics=MappingProxyType(values["topics"]),
        kinds=MappingProxyType(values["kinds"]),
        extra=MappingProxyType(extra),
        source_hash=hashlib.sha256(repr(data).encode("utf-8")).hexdigest()[:32],
    ), problems
