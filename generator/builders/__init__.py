"""One builder per output (site, leaflets, loudspeaker …), all behind builders.base.Builder."""
