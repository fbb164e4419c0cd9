"""Bare web addresses made links: where the address ends."""
from __future__ import annotations

from generator.content.htmltree import Node
from generator.content.linkify import linked_addresses


def _hrefs(text: str) -> list[str]:
    return [n.attr("href") or "" for n in linked_addresses((text,)) if isinstance(n, Node)]


def test_curly_quotes_and_guillemets_around_an_address_are_not_part_of_the_link() -> None:
    assert _hrefs("Truy cập “www.xa.gov.vn” để xem") == ["http://www.xa.gov.vn"]
    assert _hrefs("Trang «https://xa.gov.vn/a» và ‘https://xa.gov.vn/b’.") == ["https://xa.gov.vn/a",
                                                                               "https://xa.gov.vn/b"]
    assert _hrefs("Xem ‹www.xa.gov.vn›, rồi https://xa.gov.vn/c.") == ["http://www.xa.gov.vn", "https://xa.gov.vn/c"]
