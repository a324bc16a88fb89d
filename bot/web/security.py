"""The staff console's secrets: password hashes, setup links, session cookies, CSRF, limits.

* Passwords: Argon2id (argon2-cffi's RFC 9106 defaults); only the hash is stored.
* Setup links: ``staff add`` prints a random token once; the store keeps its SHA-256, so a
  copy of the database cannot be turned into a working link.
* Sessions: an ``itsdangerous`` signed cookie holding the staff id and the account's
  ``session_version`` (HttpOnly, SameSite=Strict, path ``/staff``, Secure behind https).
  Chosen over Starlette's ``SessionMiddleware`` (which signs with itsdangerous too) because
  the version lets a disable or a new password end every session at once, and the cookie
  stays scoped to ``/staff`` instead of riding on every Kakao and Telegram request.
* CSRF: a random token in its own cookie and in a hidden field of every form (double
  submit), compared in constant time; with SameSite=Strict cookies as a second guard.
* Sign-in limits: per client address (in memory) and per account (stored lock-out).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

log = logging.getLogger(__name__)

SESSION_COOKIE = "gb_staff"
CSRF_COOKIE = "gb_csrf"
CSRF_FIELD = "csrf"
SESSION_HOURS = 12
SETUP_LINK_HOURS = 72
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 200
LOCK_AFTER_FAILURES = 5
LOCK_MINUTES = 15
ADDRESS_FAILURES = 10  # failed sign-ins per client address …
ADDRESS_WINDOW = timedelta(minutes=10)  # … within this window, then refused until it passes

_hasher = PasswordHasher()
# A hash to verify against when the name is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, again: str, name: str) -> str | None:
    """Why a new password is refused (Korean, for the form), or None."""
    if password != again:
        return "두 번 입력한 비밀번호가 달라요."
    if len(password) < MIN_PASSWORD_CHARS:
        return f"비밀번호는 {MIN_PASSWORD_CHARS}자 이상이어야 해요."
    if len(password) > MAX_PASSWORD_CHARS:
        return f"비밀번호는 {MAX_PASSWORD_CHARS}자까지예요."
    if name.lower() in password.lower():
        return "비밀번호에 이름을 넣지 마세요."
    return None


def new_setup_token() -> tuple[str, str]:
    """A one-time token for a setup link and the hash the store keeps."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def setup_expiry(now: datetime) -> datetime:
    return now + timedelta(hours=SETUP_LINK_HOURS)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(cookie: str | None, submitted: str | None) -> bool:
    if not cookie or not submitted:
        return False
    return hmac.compare_digest(cookie.encode(), submitted.encode())


@dataclass(frozen=True, slots=True)
class Session:
    staff_id: int
    version: int


class SessionSigner:
    """Signs and reads the staff session cookie; ``secret`` comes from
    ``GOYANG_BOT_WEB_SECRET`` (a random one per process when unset: sessions then end
    when the server restarts)."""

    def __init__(self, secret: str | None) -> None:
        if not secret:
            log.warning("GOYANG_BOT_WEB_SECRET is not set: staff sessions end on restart")
            secret = secrets.token_urlsafe(48)
        self._serializer = URLSafeTimedSerializer(secret, salt="goyang-bot staff session")

    def dumps(self, session: Session) -> str:
        return self._serializer.dumps([session.staff_id, session.version])

    def loads(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=SESSION_HOURS * 3600)
        except BadSignature:
            return None
        if (
            isinstance(data, list)
            and len(data) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in data)
        ):
            return Session(data[0], data[1])
        return None


@dataclass
class AddressLimiter:
    """Failed sign-ins per client address within a sliding window (kept in memory: a
    restart forgets them, the per-account lock-out in the store does not)."""

    clock: Callable[[], datetime]
    limit: int = ADDRESS_FAILURES
    window: timedelta = ADDRESS_WINDOW
    _failures: dict[str, deque[datetime]] = field(default_factory=dict)

    def _recent(self, address: str) -> deque[datetime]:
        now = self.clock()
        times = self._failures.get(address, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, address: str) -> bool:
        times = self._recent(address)
        if not times:
            self._failures.pop(address, None)
        return len(times) >= self.limit

    def failed(self, address: str) -> None:
        times = self._recent(address)
        times.append(self.clock())
        self._failures[address] = times
        if len(self._failures) > 10_000:  # bounded memory under a flood of addresses
            self._failures.pop(next(iter(self._failures)))
