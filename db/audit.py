"""Staff actions (reloads, imports, exports) for later review. Never personal data."""

from __future__ import annotations

from datetime import datetime

from db.database import Database


class AuditRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(self, at: datetime, actor: str, action: str, detail: str = "") -> None:
        await self.db.execute(
            "INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)",
            (at.isoformat(timespec="seconds"), actor, action, detail),
        )

    async def recent(self, limit: int = 20) -> list[tuple[str, str, str, str]]:
        rows = await self.db.fetchall(
            "SELECT at, actor, action, detail FROM audit ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]
