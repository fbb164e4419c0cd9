"""`python -m generator` and the `tuyentruyen` command."""
import gc
import sys


def run() -> int:
    if sys.argv[1:2] == ["build"]:
        # A one-shot build (not `serve`): the build pauses the cyclic collector anyway
        # (pipeline._collector_paused); started again at the end, it would walk every object
        # the process is about to drop (0.15 CPU s of a 1.1 s one-edit rebuild at N = 1000).
        gc.disable()
    try:
        from .cli import main
        return main()
    except KeyboardInterrupt:       # Ctrl+C while the program was still starting (a command says so itself)
        return 130


if __name__ == "__main__":
    sys.exit(run())
