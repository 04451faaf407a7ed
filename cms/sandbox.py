"""Run a parser on an untrusted file in a child process that can only harm itself.

`run_bounded(target, *args, timeout=…, max_memory=…)` calls `target(*args)` in a child process started from a
fork server, with a wall-clock timeout, a CPU-time limit and an address-space limit, and returns what it
returned (something picklable). A hostile or broken file (a parser loop, a decompression bomb, a recursion
without end) can only kill that child: the caller gets `BoundedRunFailed`, whose `kind` says what happened
(TIMEOUT, DIED, MEMORY, ERROR or START) and `reason` explains it in English, for the logs.

`target` must be a module-level function; its module is imported by the fork server when named in `preload`
(once, so that each child starts as a cheap fork), else by each child. Nothing here touches Django.
Used by search.extraction (text of attached documents) and pages.pdf_inspection (contributed PDFs).
"""

import contextlib
import math
import multiprocessing

TIMEOUT = "timeout"  # no answer within the wall-clock timeout
DIED = "died"  # the child ended without answering (killed at the memory or CPU limit)
MEMORY = "memory"  # the child ran out of memory and said so
ERROR = "error"  # the target raised an exception (a parser's error on a broken file)
START = "start"  # the child could not be started

_preload = ["__main__"]


class BoundedRunFailed(Exception):
    def __init__(self, kind, reason):
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason


def _context(preload):
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # The fork server imports these modules (and their parsers) once; each child is then a cheap fork of it.
        # Only the list given before the server's first start counts.
        _preload.extend(name for name in preload if name not in _preload)
        context.set_forkserver_preload(list(_preload))
        return context
    return multiprocessing.get_context("spawn")


def run_bounded(target, *args, timeout, max_memory, preload=(), name="bounded-parser"):
    """`target(*args)` run in a child process within `timeout` seconds and `max_memory` bytes of address space."""
    context = _context(preload)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child_main, args=(sender, target, args, timeout, max_memory), name=name, daemon=True
    )
    try:
        process.start()
    except OSError as exc:
        raise BoundedRunFailed(START, f"cannot start the child process: {exc}") from exc
    finally:
        sender.close()
    try:
        if not receiver.poll(timeout):
            raise BoundedRunFailed(TIMEOUT, f"stopped after {timeout:g} s")
        try:
            outcome, value = receiver.recv()
        except EOFError:
            process.join(1)
            raise BoundedRunFailed(DIED, f"the child process stopped (exit code {process.exitcode})") from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
        if process.exitcode is not None:
            process.close()
    if outcome != "ok":
        raise BoundedRunFailed(outcome, value)
    return value


def _child_main(connection, target, args, timeout, max_memory):
    try:
        _limit_resources(timeout, max_memory)
        result = ("ok", target(*args))
    except MemoryError:
        result = (MEMORY, "memory limit reached")
    except Exception as exc:  # noqa: BLE001 - a parser's error on a broken file
        result = (ERROR, f"{type(exc).__name__}: {str(exc)[:200]}")
    try:
        connection.send(result)
    finally:
        connection.close()


def _limit_resources(timeout, max_memory):
    try:
        import resource
    except ImportError:  # not on this platform: the wall-clock timeout still applies
        return
    for name, value in (("RLIMIT_AS", max_memory), ("RLIMIT_CPU", math.ceil(timeout) + 1)):
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        with contextlib.suppress(ValueError, OSError):  # e.g. macOS does not enforce RLIMIT_AS
            resource.setrlimit(limit, (value, value))
