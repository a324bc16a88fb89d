"""Staff accounts of the web console: names, password hashes, one-time setup links, lock-out.

The store keeps strings only: hashing (Argon2 for passwords, SHA-256 for setup tokens) is
done by the caller (``bot/web/auth.py``), so no secret ever reaches this module in clear.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.database import Database, Row

_COLUMNS = (
    "id, name, password_hash, active, created_at, setup_expires, failed_logins, locked_until,"
    " session_version"
)


class StaffNameTaken(Exception):
    """``add``: an account with that name exists already."""


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: int
    name: str
    password_hash: str | None
    active: bool
    created_at: str
    setup_expires: str | None
    failed_logins: int
    locked_until: str | None
    session_version: int

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)

    def locked_at(self, now: datetime) -> bool:
        return bool(self.locked_until) and str(self.locked_until) > _stamp(now)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _member(row: Row) -> StaffMember:
    return StaffMember(
        id=int(row[0]), name=str(row[1]), password_hash=row[2], active=bool(row[3]),
        created_at=str(row[4]), setup_expires=row[5], failed_logins=int(row[6]),
        locked_until=row[7], session_version=int(row[8]),
    )


class StaffRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, name: str, token_hash: str, expires: datetime, now: datetime) -> int:
        try:
            row = await self.db.fetchone(
                "INSERT INTO staff (name, created_at, setup_token_hash, setup_expires)"
                " VALUES (?, ?, ?, ?) RETURNING id",
                (name, _stamp(now), token_hash, _stamp(expires)),
            )
        except self.db.integrity_error as exc:
            raise StaffNameTaken(name) from exc
        assert row is not None
        return int(row[0])

    async def new_setup_link(self, name: str, token_hash: str, expires: datetime) -> bool:
        """A fresh one-time link for an existing account (a forgotten password)."""
        changed = await self.db.execute(
            "UPDATE staff SET setup_token_hash = ?, setup_expires = ?, active = 1"
            " WHERE name = ?",
            (token_hash, _stamp(expires), name),
        )
        return changed > 0

    async def by_name(self, name: str) -> StaffMember | None:
        row = await self.db.fetchone(f"SELECT {_COLUMNS} FROM staff WHERE name = ?", (name,))
        return _member(row) if row else None

    async def get(self, staff_id: int) -> StaffMember | None:
        row = await self.db.fetchone(f"SELECT {_COLUMNS} FROM staff WHERE id = ?", (staff_id,))
        return _member(row) if row else None

    async def by_setup_token(self, token_hash: str, now: datetime) -> StaffMember | None:
        """The active account whose unexpired setup link has this token hash."""
        row = await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM staff WHERE setup_token_hash = ? AND active = 1"
            " AND setup_expires > ?",
            (token_hash, _stamp(now)),
        )
        return _member(row) if row else None

    async def set_password(self, staff_id: int, password_hash: str) -> None:
        """Store the new hash, spend the setup link, clear the lock-out, end old sessions."""
        await self.db.execute(
            "UPDATE staff SET password_hash = ?, setup_token_hash = NULL, setup_expires = NULL,"
            " failed_logins = 0, locked_until = NULL, session_version = session_version + 1"
            " WHERE id = ?",
            (password_hash, staff_id),
        )

    async def all(self) -> list[StaffMember]:
        rows = await self.db.fetchall(f"SELECT {_COLUMNS} FROM staff ORDER BY name")
        return [_member(r) for r in rows]

    async def disable(self, name: str) -> bool:
        """Turn an account off: its sessions end and its setup link stops working."""
        changed = await self.db.execute(
            "UPDATE staff SET active = 0, setup_token_hash = NULL, setup_expires = NULL,"
            " session_version = session_version + 1 WHERE name = ? AND active = 1",
            (name,),
        )
        return changed > 0

    async def login_failed(
        self, staff_id: int, now: datetime, *, limit: int, lock_until: datetime
    ) -> bool:
        """Count a wrong password; at ``limit`` failures in a row lock the account until
        ``lock_until`` (and start counting again). True when this failure locked it."""
        row = await self.db.fetchone(
            "UPDATE staff SET failed_logins = failed_logins + 1 WHERE id = ?"
            " RETURNING failed_logins",
            (staff_id,),
        )
        if row is None or int(row[0]) < limit:
            return False
        await self.db.execute(
            "UPDATE staff SET failed_logins = 0, locked_until = ? WHERE id = ?",
            (_stamp(lock_until), staff_id),
        )
        return True

    async def login_succeeded(self, staff_id: int) -> None:
        await self.db.execute(
            "UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = ?", (staff_id,)
        )
