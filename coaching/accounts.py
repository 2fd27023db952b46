"""Trainer accounts: creation and sign-in, passwords kept only as salted Argon2 hashes."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coaching.db import Trainer

MAX_USERNAME_CHARS = 80  # the column's width
MIN_PASSWORD_LENGTH = 8
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
    with Session(engine) as db:
        trainer = Trainer(username=username, password_hash=_hasher.hash(password))
        db.add(trainer)
        try:
            db.commit()
        except IntegrityError:
            raise AccountError(f"the username {username!r} is taken") from None
        return trainer.id


def authenticate(engine: Engine, username: str, password: str) -> int | None:
    """The trainer's id if the password is right, else None (same answer for an unknown user)."""
    with Session(engine) as db:
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
    with Session(engine) as db:
        return db.get(Trainer, trainer_id).username


def has_trainers(engine: Engine) -> bool:
    with Session(engine) as db:
        return db.scalars(select(Trainer.id).limit(1)).first() is not None
