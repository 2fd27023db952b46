"""Trainer accounts: creation and sign-in, passwords kept only as salted Argon2 hashes."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from trainer.models import Trainer

MAX_USERNAME_CHARS = 80  # the column's width
MIN_PASSWORD_LENGTH = 8
SETUP_TOKEN_FILE = "setup-token"
_hasher = PasswordHasher()


class AccountError(ValueError):
    """A trainer account that cannot be created; the message is for the user."""


def add_trainer(engine: Engine, username: str, password: str) -> int:
    username = username.strip()
    if not username:
        raise AccountError("a username is needed")
    if len(username) > MAX_USERNAME_CHARS:
        raise AccountError(f"a username has at most {MAX_USERNAME_CHARS} characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    with DbSession(engine) as db:
        trainer = Trainer(username=username, password_hash=_hasher.hash(password))
        db.add(trainer)
        try:
            db.commit()
        except IntegrityError:
            raise AccountError(f"the username {username!r} is taken") from None
        return trainer.id


def authenticate(engine: Engine, username: str, password: str) -> int | None:
    """The trainer's id if the password is right, else None (same answer for an unknown user)."""
    with DbSession(engine) as db:
        trainer = db.scalars(select(Trainer).where(Trainer.username == username.strip())).first()
        if trainer is None:
            _hasher.hash(password)  # spend the same time as a real check
            return None
        try:
            _hasher.verify(trainer.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return trainer.id


def username_of(engine: Engine, trainer_id: int) -> str:
    with DbSession(engine) as db:
        return db.get(Trainer, trainer_id).username


def has_trainers(engine: Engine) -> bool:
    with DbSession(engine) as db:
        return db.scalars(select(Trainer.id).limit(1)).first() is not None


def list_trainers(engine: Engine) -> list[str]:
    with DbSession(engine) as db:
        return list(db.scalars(select(Trainer.username).order_by(Trainer.username)))


def _trainer_named(db: DbSession, username: str) -> Trainer:
    trainer = db.scalars(select(Trainer).where(Trainer.username == username.strip())).first()
    if trainer is None:
        raise AccountError(f"no trainer {username.strip()!r}")
    return trainer


def remove_trainer(engine: Engine, username: str) -> None:
    """The trainer and with them their clients, sessions and notes (the database cascades)."""
    with DbSession(engine) as db:
        db.delete(_trainer_named(db, username))
        db.commit()


def reset_password(engine: Engine, username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    with DbSession(engine) as db:
        _trainer_named(db, username).password_hash = _hasher.hash(password)
        db.commit()


def setup_token(folder: Path) -> str:
    """The one-time token that lets the first trainer account be made on the page (made on first
    use, kept owner-only in the data folder until that account exists)."""
    path = folder / SETUP_TOKEN_FILE
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    token = secrets.token_urlsafe(12)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(token)
    return token


def add_first_trainer(engine: Engine, folder: Path, token: str, username: str, password: str) -> int:
    """The first trainer account, for whoever holds the setup token; only ever once (the token
    file is claimed by renaming it, which exactly one caller can do)."""
    path = folder / SETUP_TOKEN_FILE
    try:
        expected = path.read_text(encoding="utf-8").strip() if not has_trainers(engine) else None
    except FileNotFoundError:  # claimed by another caller a moment ago
        expected = None
    if expected is None:
        raise AccountError("the first account exists already: sign in")
    if not secrets.compare_digest(token.strip(), expected):
        raise AccountError("that is not the setup token (see the server's log, or "
                           "`retrocoach admin setup-token`)")
    claimed = path.with_name(f"{SETUP_TOKEN_FILE}.{secrets.token_hex(8)}")
    try:
        path.rename(claimed)
    except FileNotFoundError:
        raise AccountError("the first account exists already: sign in") from None
    try:
        return add_trainer(engine, username, password)
    except AccountError:
        claimed.rename(path)  # give the token back for another try
        raise
    finally:
        claimed.unlink(missing_ok=True)
