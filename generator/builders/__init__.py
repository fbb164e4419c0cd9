"""A package per output (site, leaflets, loudspeaker …) holding its helpers, all behind builders.base.Builder."""
