"""Study rounds: the records/ folder beside content/ (never published).

    records/units.yaml                      the organisation tree; its leaves are the cells
    records/members/<unit-id>.xlsx|.csv     a cell's roster
    records/study/<slug>/<unit-id>.xlsx|.csv  one cell's results for one resolution

load.py reads and validates everything (every problem with its file under
records/ and sheet!cell or line:col); figures.py computes the report's
figures from the loaded model and nothing else.
"""
from pathlib import Path


def records_folder(content_dir: Path) -> Path:
    """records/ beside content/: what the build reads from it, the make rule and serve watch. Here,
    not with the figures (published.py), so that the make rule does not import the records' readers."""
    return Path(content_dir).parent / "records"
