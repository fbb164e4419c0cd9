"""`python -m generator` and the `tuyentruyen` command."""
import sys


def run() -> int:
    try:
        from .cli import main
        return main()
    except KeyboardInterrupt:       # Ctrl+C while the program was still starting (a command says so itself)
        return 130


if __name__ == "__main__":
    sys.exit(run())
