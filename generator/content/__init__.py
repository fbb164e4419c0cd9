"""The content model and its readers: content files → validated, immutable model (the loader is generator/load.py)."""
