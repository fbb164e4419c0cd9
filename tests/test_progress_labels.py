"""Every stage a build shows has a name in the user's language, never the builder's internal name."""
from __future__ import annotations

import io

import pytest

from generator import pipeline
from generator.machinery.progress import STAGE_NAMES, Progress

STAGES = ["load", *(registered.name for registered in pipeline.BUILDERS), "write"]


@pytest.mark.parametrize("lang", sorted(STAGE_NAMES))
@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_line_names_the_stage_in_the_users_language(stage: str, lang: str) -> None:
    stream = io.StringIO()
    progress = Progress(stream=stream, lang=lang)
    progress.start(stage, 3)
    progress.finish()
    first, second = stream.getvalue().splitlines()
    label = first.removesuffix(" (3)…")
    assert label and label != stage and label == STAGE_NAMES[lang][stage]
    assert second.startswith(f"{label}: ")


def test_the_two_languages_name_the_same_stages() -> None:
    assert set(STAGE_NAMES["vi"]) == set(STAGE_NAMES["en"]) == set(STAGES)
