"""The report upward of a study round (and of a year), written into reports/, never output/.

    round.py   what a round's report says (figures, reminders, the cells' details)
    docx.py    the report in the Party's document layout, to edit and sign
    tables.py  the XLSX workbook: a sheet per level, and the reminders per cell
    sheets.py  the printed PDFs: a roll-call sheet per cell, the record-book page
    year.py    every round of a year
    write.py   the reports folder: refused inside output/, replaced whole
"""
