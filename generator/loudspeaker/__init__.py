"""The loudspeaker: its settings (site.yaml `broadcast:`), the script, loudness, human recordings, the broadcast schedule's options."""
