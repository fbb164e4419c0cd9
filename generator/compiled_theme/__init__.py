"""The default theme's templates compiled by Jinja2 ahead of time (generator/machinery/packaged_theme.py).

Made by `python -m generator.machinery.compile_theme`; do not edit (tests/test_precompiled.py).
"""
JINJA2 = '3.1.6'

TEMPLATES = {
    "site/404.html": {
        "checksum": "05dc4cac4456103fbed919704825b94cf65ab60e",
        "module": "site__404_html.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    },
    "site/_item.html": {
        "checksum": "800d44f60560ae115ffb3a77bb76c070aa59c48f",
        "module": "site___item_html.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    },
    "site/base.html": {
        "checksum": "fc2503bcbf112394bd7bff2a6f273029df6fa49b",
        "module": "site__base_html.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    },
    "site/browse.html": {
        "checksum": "55b9e05939830334f1432c8b9659a4cedefc709c",
        "module": "site__browse_html.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    },
    "site/calendar.html": {
        "checksum": "2f43e0ecf81bdd18f5a4af70d28d315c4f6be6ee",
        "module": "site__calendar_html.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    },
    "site/feed.xml": {
        "checksum": "a633e63087a35f6ec9ddc19919c8b849fc02b67b",
        "module": "site__feed_xml.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    },
    "site/glossary.html": {
        "checksum": "04cd22e0893c919ca727f988ad7329981c4fb432",
        "module": "site__glossary_html.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    },
    "site/home.html": {
        "checksum": "1774c7b1c92a94a10094480cd4e6449038f86cc2",
        "module": "site__home_html.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    },
    "site/list.html": {
        "checksum": "3e2cb381bfa188b3dc335c539b2f6cb1df245ed3",
        "module": "site__list_html.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    },
    "site/page.html": {
        "checksum": "74e71bcf94fa5fd824fdae22082dd69ba57c56f1",
        "module": "site__page_html.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    },
    "site/resolution.html": {
        "checksum": "0d3c4a5e3849ee8aa6e7c3744b5e6605cddeff01",
        "module": "site__resolution_html.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    },
    "site/search.html": {
        "checksum": "c855d63d98f0f6c93553fef6032fce3f4faeeb14",
        "module": "site__search_html.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    },
    "site/sitemap.xml": {
        "checksum": "0514690d91807b617dcc338beb757391d60ae265",
        "module": "site__sitemap_xml.py",
        "settings": "c0c6574c1459404b6accceaeaf11cb83"
    }
}
