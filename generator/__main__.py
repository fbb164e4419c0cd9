"""`python -m generator` and the `tuyentruyen` command."""
import sys


def run() -> int:
    try:
        from .cli import main
    except KeyboardInterrupt:       # Ctrl+C while Python was still loading the program: nothing began
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(run())
