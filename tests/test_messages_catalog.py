"""The message catalog (generator/messages/diagnostics.yaml) merges as a union of lines
(.gitattributes): a block two branches both carried would silently appear twice, and YAML
keeps the last of two equal keys. Every code is defined once, in both languages."""
from __future__ import annotations

import yaml

from generator.diagnostics import MESSAGES_FILE


class _UniqueKeyLoader(yaml.SafeLoader):
    """A loader that refuses a mapping key written twice, naming its line."""


def _construct_unique(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        assert key not in seen, f"{MESSAGES_FILE.name}:{key_node.start_mark.line + 1}: '{key}' is defined twice"
        seen[key] = True
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique)


def test_every_message_code_is_defined_once_in_vietnamese_and_english() -> None:
    catalog = yaml.load(MESSAGES_FILE.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    assert len(catalog) > 100
    for code, entry in catalog.items():
        assert set(entry["message"]) >= {"vi", "en"}, code
        if "hint" in entry:
            assert set(entry["hint"]) >= {"vi", "en"}, code
