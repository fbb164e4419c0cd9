"""Load: content files → validated, immutable model (see loader.load_site)."""
