"""Non-recursive file watching with watchdog, handed to the event loop thread-safely.

Editors save by writing a temporary file and renaming it over the original, so we watch parent folders and
match names. Each folder costs one watch: a toolchain folder holding thousands of files is never walked.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # watchdog is imported when the first watcher starts, not when this module loads
    from watchdog.events import FileSystemEvent
    from watchdog.observers.api import ObservedWatch

log = logging.getLogger(__name__)


class FolderWatcher:
    """Watches a changing set of folders; calls `on_event(folder, path)` on the loop thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop, on_event: Callable[[str, str], None]):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        self._loop = loop
        self._on_event = on_event
        self._observer = Observer()
        self._observer.daemon = True
        self._watches: dict[str, ObservedWatch] = {}
        watcher = self

        class Handler(FileSystemEventHandler):
            def __init__(self, folder: str):
                self.folder = folder

            def on_any_event(self, event: FileSystemEvent) -> None:  # runs on watchdog's thread
                if event.event_type in ("opened", "closed_no_write"):
                    return
                paths = [event.src_path] + ([event.dest_path] if getattr(event, "dest_path", "") else [])
                for p in paths:
                    p = os.fsdecode(p)
                    try:
                        watcher._loop.call_soon_threadsafe(watcher._on_event, self.folder, p)
                    except RuntimeError:  # loop closed during shutdown
                        return

        self._handler_type = Handler
        self._observer.start()

    @property
    def folders(self) -> set[str]:
        return set(self._watches)

    def set_folders(self, folders: Iterable[str]) -> None:
        wanted = {os.path.normpath(f) for f in folders if os.path.isdir(f)}
        for folder in list(self._watches):
            if folder not in wanted:
                try:
                    self._observer.unschedule(self._watches.pop(folder))
                except (KeyError, ValueError):
                    pass
        for folder in sorted(wanted - set(self._watches)):
            try:
                self._watches[folder] = self._observer.schedule(self._handler_type(folder), folder, recursive=False)
            except OSError as e:  # unreadable or vanished folder, or out of inotify watches
                log.warning("cannot watch %s: %s", folder, e)

    def stop(self) -> None:
        try:
            self._observer.stop()
            self._observer.join(timeout=2)
        except RuntimeError:
            pass
