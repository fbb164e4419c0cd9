"""`python -m generator.spoken`: compiled.json written again from the tables (after editing one: shipped.py)."""
from .shipped import write

if __name__ == "__main__":
    write()
