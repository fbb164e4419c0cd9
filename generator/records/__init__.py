"""Study rounds: the records/ folder beside content/ (never published).

    records/units.yaml                      the organisation tree; its leaves are the cells
    records/members/<unit-id>.xlsx|.csv     a cell's roster
    records/study/<slug>/<unit-id>.xlsx|.csv  one cell's results for one resolution

load.py reads and validates everything (every problem with its file under
records/ and sheet!cell or line:col); figures.py computes the report's
figures from the loaded model and nothing else.
"""
