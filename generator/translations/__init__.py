"""Translations of summaries: segments, staleness, hand-off to translators, the glossary.

Vietnamese (the site's default language) is the source. A translation
`<lang>.md` is compared with the Vietnamese segment by segment (segments.py);
which Vietnamese text it was made from is recorded by the tool in a sidecar
`<lang>.source.yaml` (record.py); translation_review.py compares the two, exchange.py
writes and reads `.po`/`.csv` files for translators, glossary.py holds the
fixed terms and their agreed translations.
"""
