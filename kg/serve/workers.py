"""The endpoint's query processes: each holds the store open read-only and answers one request at a
time; a query past the timeout is stopped by ending its process (a fresh one takes its place), and a
query still running after :data:`SLOW_AFTER` seconds gets its process the lowest CPU priority, so the
cheap queries of other callers stay fast meanwhile."""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from typing import Any

import pyoxigraph as ox

from kg.serve.settings import Settings
from kg.errors import InputError
from kg.serve.results import Reply, answer, first_line, text_reply

SLOW_AFTER = 0.25  # seconds: a query still running then is slow, and its worker yields the CPU to others
SLOW_NICE = 19


def _worker_main(store_dir: str, limit: int, conn) -> None:
    """A worker process: open the store read-only, then answer requests from the pipe until it closes."""
    try:
        try:
            store = ox.Store.read_only(store_dir)
        except OSError as exc:
            conn.send(("error", first_line(exc)))
            return
        conn.send(("ready", None))
        while True:
            request = conn.recv()
            reply = answer(store, request, limit)
            conn.send(("reply", (reply.status, reply.content_type, reply.body, reply.headers)))
    except (EOFError, OSError, KeyboardInterrupt):
        return  # the server went away


def _context():
    """Processes forked from a single-threaded fork server that has kg imported (fast restarts), or spawned."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["kg.serve.workers"])
        return ctx
    return multiprocessing.get_context("spawn")


def _lower_priority(pid: int) -> bool:
    """Give a worker whose query is slow the lowest CPU priority, so cheap queries keep their speed."""
    try:
        os.setpriority(os.PRIO_PROCESS, pid, SLOW_NICE)
        return True
    except (AttributeError, OSError):  # not on this platform, or the process has ended
        return False


class Worker:
    """One query process and the pipe to it; replaced by a fresh one when a query passes the timeout."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._ctx = _context()
        self._lock = threading.Lock()  # the pool's close() and a request's restart may meet
        self.closed = False
        self._start()

    def _restart(self) -> None:
        """End the process and, unless the server is closing, start a fresh one."""
        self.stop()
        with self._lock:
            if not self.closed:
                self._start()

    def _start(self) -> None:
        self.conn, child = self._ctx.Pipe()
        self.process = self._ctx.Process(target=_worker_main, args=(self.settings.store_dir, self.settings.limit, child),
                                         daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, seconds: float = 60.0) -> None:
        """Block until the worker has opened the store; InputError when it cannot."""
        if self.ready:
            return
        if not self.conn.poll(seconds):
            self.stop()
            raise InputError("the query worker did not start")
        kind, message = self.conn.recv()
        if kind != "ready":
            self.stop()
            raise InputError(f"{self.settings.store_dir}: cannot open store ({message})")
        self.ready = True

    def run(self, request: dict[str, Any]) -> Reply:
        """Answer one request within the timeout; on timeout end the process and start a new one."""
        if self.closed:
            return text_reply(503, "the endpoint is stopping")
        self.wait_ready()
        slow = False
        try:
            self.conn.send(request)
            done = self.conn.poll(min(SLOW_AFTER, self.settings.timeout))
            if not done:
                slow = _lower_priority(self.process.pid)
                done = self.conn.poll(max(0.0, self.settings.timeout - SLOW_AFTER))
            if done:
                _, (status, ctype, body, headers) = self.conn.recv()
                if slow:  # a niced process cannot be un-niced: a fresh worker takes its place
                    self._restart()
                return Reply(status, ctype, body, headers)
            reply = text_reply(503, f"query timed out after {self.settings.timeout:g} s")
        except (EOFError, OSError):
            reply = text_reply(503 if self.closed else 500,
                               "the endpoint is stopping" if self.closed else "the query worker stopped; try again")
        self._restart()
        return reply

    def stop(self) -> None:
        """End the worker process (again: nothing happens)."""
        with self._lock:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)
            if not self.conn.closed:
                self.conn.close()


class WorkerPool:
    """A fixed number of workers handed out one request at a time."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all = [Worker(settings) for _ in range(max(1, settings.workers))]
        for w in self._all:
            w.wait_ready()
            self._idle.put(w)

    def run(self, request: dict[str, Any]) -> Reply:
        """Answer a request on the next free worker (503 when all stay busy past the timeout)."""
        try:
            worker = self._idle.get(timeout=self.settings.timeout)
        except queue.Empty:
            return text_reply(503, "all query workers are busy; try again")
        try:
            return worker.run(request)
        except InputError as exc:
            return text_reply(500, str(exc))
        except (EOFError, OSError):  # the pool closed the worker's pipe meanwhile
            return text_reply(503, "the endpoint is stopping")
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        """End every worker; none is started again."""
        for w in self._all:
            w.closed = True
            w.stop()
