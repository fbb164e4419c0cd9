"""The lecturer's kit for every resolution and language: slides as PPTX (`slides-pptx`), the
same slides as a 16:9 PDF (`slides-pdf`) and a one-page A4 outline of the session
(`outline`), 45 or 60 minutes (lecture_time.py).

builder.py is the builder; kit.py decides the slides and the timing; pptx_slides.py and
templates/lecture/ draw them. Nothing is imported here: a PDF worker makes the PPTX from
pptx_slides.py and slide.py alone (builders/pdf_worker.py, MAKERS), without the build's modules.
"""
