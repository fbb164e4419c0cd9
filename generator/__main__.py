"""`python -m generator` and the `tuyentruyen` command."""
import atexit
import gc
import os
import sys
import threading
from contextlib import suppress
from typing import NoReturn


def run() -> NoReturn:
    # Start-up (the imports: some 400 modules) makes objects it keeps; the cyclic collector's
    # passes over them cost ≈ 10 % of it. cli.main enables it again for every command but
    # build, which pauses it while it builds (pipeline._collector_paused).
    gc.disable()
    try:
        from .cli import main
        code = main()
    except KeyboardInterrupt:       # Ctrl+C while the program was still starting (a command says so itself)
        code = 130
    _exit(code)


def _exit(code: int) -> NoReturn:
    """End the program without freeing its objects one by one: a build holds millions (the
    model, the memos), and the interpreter's teardown of them took 0.05–0.1 s of every
    command. What an exit must do is done first: the clean-ups registered with atexit
    (temporary folders, worker processes) and the output flushed. With a thread still
    running (none is, after a command) the ordinary exit waits for it as it always did."""
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):   # a closed pipe (`| head`): nothing more to say
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
