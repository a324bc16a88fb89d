"""A dispatcher process for the crash test: ``python -m tests.jobs.crash_worker DB LOG``.

Its sender appends one line per accepted message to LOG (flushed and fsynced, like a
platform that has accepted the message) and takes a little real time per message, so the
test can kill the process mid-broadcast.
"""

from __future__ import annotations

import asyncio
import os
import sys

from bot.push.dispatcher import Dispatcher, SendResult
from db.database import Database
from db.store import Store
from handlers.jobs.messages import job_renderers
from tests.jobs.support import job_catalogue
from tests.postgres import redirect


class FileSender:
    def __init__(self, path: str, delay: float) -> None:
        self.path = path
        self.delay = delay

    def _append(self, line: str) -> None:
        with open(self.path, "a", encoding="utf-8") as log:
            log.write(line)
            log.flush()
            os.fsync(log.fileno())

    async def send(self, user, message):
        await asyncio.sleep(self.delay)
        await asyncio.to_thread(self._append, f"{user.channel_user_id}\n")
        return SendResult.ok()


async def main(db_path: str, log_path: str) -> None:
    async with Database(db_path) as db:
        dispatcher = Dispatcher(
            db,
            {"telegram": FileSender(log_path, 0.01)},
            job_renderers(Store(db), job_catalogue),
            per_chat=0.0,
            rate=1000.0,
            worker_id=f"crash-{os.getpid()}",
        )
        await dispatcher.run_once()


if __name__ == "__main__":
    redirect.install()
    asyncio.run(main(sys.argv[1], sys.argv[2]))
