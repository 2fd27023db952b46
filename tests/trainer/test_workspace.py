"""The trainer data layer, against SQLite and a real PostgreSQL server."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect

from coaching.analysis import Analysis
from trainer import accounts
from trainer.data_folder import keep_by_content
from trainer.database import make_engine
from trainer.export import client_zip, progress_html, session_html
from trainer.progress import plan_weeks, progress
from trainer.workspace import NotFound, StoreError, Workspace, finding_key


@pytest.fixture()
def two_trainers(engine, tmp_path):
    a = accounts.add_trainer(engine, "alice", "correct horse")
    b = accounts.add_trainer(engine, "bob", "battery staple")
    videos, cache, results = tmp_path / "videos", tmp_path / "cache", tmp_path / "results"
    videos.mkdir()
    return Workspace(engine, a, videos, cache, results), Workspace(engine, b, videos, cache, results)


def test_migration_from_empty_to_latest(database_url) -> None:
    engine = make_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    assert {"trainers", "clients", "sessions", "comments", "finding_reviews", "analysis_jobs", "pending_sessions",
            "alembic_version"} <= tables
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0003"
    assert "height_cm" in {c["name"] for c in inspect(engine).get_columns("clients")}
    make_engine(database_url)  # upgrading an up-to-date database changes nothing


def test_a_save_that_reads_first_is_not_refused_when_a_job_writes_meanwhile(engine) -> None:
    """Saving a session reads (the client) before it writes, while job workers write their
    progress: the save waits for a writer instead of failing with 'database is locked'."""
    import threading

    from sqlalchemy import text

    accounts.add_trainer(engine, "t", "a good password")
    read, written = threading.Event(), threading.Event()
    errors: list[Exception] = []

    def save() -> None:
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT count(*) FROM trainers")).scalar()
                read.set()
                written.wait(timeout=2.0)  # the job's write goes in between, where it can
                connection.execute(text("UPDATE trainers SET username = 'saved' WHERE username = 't'"))
                connection.commit()
        except Exception as exc:  # noqa: BLE001 (the test reports whatever the save met)
            errors.append(exc)

    def progress() -> None:
        read.wait(timeout=30.0)
        with engine.begin() as connection:
            connection.execute(text("UPDATE trainers SET created_at = '2026-01-02'"))
        written.set()

    threads = [threading.Thread(target=save), threading.Thread(target=progress)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT username FROM trainers")).scalars().all() == ["saved"]


def test_a_database_of_the_first_release_is_upgraded_keeping_its_clients(tmp_path) -> None:
    from sqlalchemy import create_engine

    from trainer.database import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    upgrade(old, "0001")
    with old.begin() as connection:
        connection.exec_driver_sql("INSERT INTO trainers (username, password_hash, created_at) "
                                   "VALUES ('t', 'x', '2026-01-01')")
        connection.exec_driver_sql("INSERT INTO clients (trainer_id, name, goal, plan_minutes_per_session, "
                                   "plan_sessions_per_week, thresholds_json, archived, created_at) "
                                   "VALUES (1, 'Old', '', 5, 3, '{}', 0, '2026-01-01')")
    old.dispose()
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT name, height_cm FROM clients").all() == [("Old", None)]
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
    (backup,) = tmp_path.glob("old.db.before-0003-*.bak")  # taken before migrating
    with create_engine(f"sqlite:///{backup}").connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0001"
    make_engine(url)
    assert len(list(tmp_path.glob("*.bak"))) == 1  # nothing to migrate, no new backup


def test_passwords_are_salted_hashes_and_sign_in_works(engine) -> None:
    trainer = accounts.add_trainer(engine, "carol", "long enough")
    with engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT password_hash FROM trainers").scalar()
    assert stored.startswith("$argon2") and "long enough" not in stored
    assert accounts.authenticate(engine, "carol", "long enough") == trainer
    assert accounts.authenticate(engine, "carol", "wrong password") is None
    assert accounts.authenticate(engine, "nobody", "long enough") is None
    with pytest.raises(accounts.AccountError, match="taken"):
        accounts.add_trainer(engine, "carol", "another one")
    with pytest.raises(accounts.AccountError, match="at least 8"):
        accounts.add_trainer(engine, "dave", "short")


def test_clients_sessions_notes_reviews_progress(two_trainers, retro_analysis: Analysis, retro_clip: Path) -> None:
    alice, _ = two_trainers
    client = alice.add_client("Ann", "walk 10 min backwards pain-free", 10, 3)
    first = alice.add_session(client, retro_analysis, date(2026, 11, 2), "overground", "first try",
                              video=retro_clip)
    second = alice.add_session(client, retro_analysis, date(2026, 11, 9), "treadmill")
    assert [s.id for s in alice.list_sessions(client)] == [first, second]
    assert alice.session_video(first).read_bytes() == retro_clip.read_bytes()
    assert alice.session_video(second) is None
    # Stored once, analysed again from the stored track without pose estimation: same verdicts.
    again = alice.session_analysis(first)
    assert {n: c.status for n, c in again.report.checks.items()} == {
        n: c.status for n, c in retro_analysis.report.checks.items()}
    assert again.video is not None and again.report.contacts == retro_analysis.report.contacts

    note = alice.add_comment(first, 2.4, "Nice toe landing here")
    assert [(c.time_s, c.text) for c in alice.comments(first)] == [(2.4, "Nice toe landing here")]

    alice.set_client_thresholds(client, {"knee_rom_min_deg": 60.0})
    strict = alice.session_analysis(first)
    findings = strict.report.checks["reduced_knee_range"].findings
    assert len(findings) == 2, "the client's stricter threshold applies on review (both knees under 60)"
    left, right = (finding_key(f) for f in findings)
    alice.review_finding(first, left, "confirmed")
    alice.review_finding(first, right, "confirmed")
    alice.review_finding(first, right, "dismissed")  # a later verdict replaces the earlier one
    assert alice.reviews(first) == {left: "confirmed", right: "dismissed"}
    assert alice.dismissed_findings(client) == [(first, right)]

    points = progress(alice, client)
    assert [p.recorded_on for p in points] == [date(2026, 11, 2), date(2026, 11, 9)]
    assert points[0].knee_rom_left_deg == pytest.approx(retro_analysis.report.knee_rom_deg["left"])
    assert points[0].heel_first_pct == 0.0 and points[0].minutes_backward > 0
    weeks = plan_weeks(alice.get_client(client), points)
    assert [(w.sessions_done, w.sessions_planned) for w in weeks] == [(1, 3), (1, 3)]
    assert "Progress: Ann" in progress_html(alice.get_client(client), points, weeks)
    assert "Nice toe landing here" in session_html(alice, first)

    archive = zipfile.ZipFile(io.BytesIO(client_zip(alice, client)))
    names = set(archive.namelist())
    assert {"client.json", "progress.html", f"sessions/2026-11-02-{first}/video.mp4",
            f"sessions/2026-11-09-{second}/landmarks.csv"} <= names
    assert json.loads(archive.read(f"sessions/2026-11-02-{first}/notes.json"))[0]["time_s"] == 2.4

    alice.delete_comment(note)
    assert alice.comments(first) == []
    alice.set_archived(client, True)
    assert alice.list_clients() == [] and alice.list_clients(include_archived=True)[0].archived


def test_deleting_a_client_deletes_their_sessions_and_videos(two_trainers, retro_analysis, retro_clip) -> None:
    alice, _ = two_trainers
    client = alice.add_client("Ben")
    session = alice.add_session(client, retro_analysis, date(2026, 11, 3), "with partner", video=retro_clip)
    video = alice.session_video(session)
    alice.add_comment(session, 1.0, "note")
    alice.delete_client(client)
    assert not video.exists()
    with pytest.raises(NotFound):
        alice.get_session(session)
    assert alice.list_clients(include_archived=True) == []


def test_trainer_b_cannot_touch_trainer_a_data(two_trainers, retro_analysis, retro_clip) -> None:
    alice, bob = two_trainers
    client = alice.add_client("Ann")
    session = alice.add_session(client, retro_analysis, date(2026, 11, 2), "overground", video=retro_clip)
    note = alice.add_comment(session, 1.0, "private")
    assert bob.list_clients(include_archived=True) == []
    attempts = [
        lambda: bob.get_client(client), lambda: bob.list_sessions(client), lambda: bob.get_session(session),
        lambda: bob.session_analysis(session), lambda: bob.session_video(session), lambda: bob.comments(session),
        lambda: bob.reviews(session), lambda: bob.update_client(client, "Mine", "", 5, 3),
        lambda: bob.set_archived(client, True), lambda: bob.set_client_thresholds(client, {}),
        lambda: bob.add_session(client, retro_analysis, date(2026, 11, 2), "overground"),
        lambda: bob.update_session(session, date(2026, 1, 1), "treadmill", "x"),
        lambda: bob.add_comment(session, 0.0, "hi"), lambda: bob.delete_comment(note),
        lambda: bob.review_finding(session, "x@1.00", "dismissed"), lambda: bob.delete_session(session),
        lambda: bob.delete_client(client), lambda: progress(bob, client), lambda: client_zip(bob, client),
        lambda: bob.dismissed_findings(client),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    # Nothing changed for Alice.
    assert alice.get_client(client).name == "Ann" and not alice.get_client(client).archived
    assert [c.text for c in alice.comments(session)] == ["private"]
    assert alice.session_video(session) is not None


def test_bad_changes_are_refused(two_trainers, retro_analysis) -> None:
    alice, _ = two_trainers
    with pytest.raises(StoreError, match="name"):
        alice.add_client("   ")
    client = alice.add_client("Cid")
    with pytest.raises(StoreError, match="setting"):
        alice.add_session(client, retro_analysis, date(2026, 11, 2), "moon")
    with pytest.raises(StoreError, match="unknown threshold"):
        alice.set_client_thresholds(client, {"knee_min": 3})
    with pytest.raises(StoreError, match="sessions per week"):
        alice.add_client("Dee", plan_sessions_per_week=0)


def test_admin_add_trainer_command(tmp_path, monkeypatch, capsys) -> None:
    from cli.main import main

    monkeypatch.setenv("RETROCOACH_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("RETROCOACH_DATABASE_URL", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("a good password\n"))
    assert main(["admin", "add-trainer", "erin", "--password-stdin"]) == 0
    assert "trainer erin added" in capsys.readouterr().out
    engine = make_engine(f"sqlite:///{tmp_path / 'retrocoach.db'}")
    assert accounts.authenticate(engine, "erin", "a good password") is not None
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["admin", "add-trainer", "fay", "--password-stdin"]) == 2
    assert "at least 8 characters" in capsys.readouterr().err


def test_minutes_walked_backwards_come_from_backward_bouts(two_trainers) -> None:
    """A session that walks forwards to the start, stops and walks backwards counts only the
    backward walking, in the progress points and in the plan-vs-done weeks."""
    from coaching.analysis import analyse_track
    from coaching.config import Thresholds
    from coaching.report import SourceInfo
    from tests.helpers.synthetic import route

    alice, _ = two_trainers
    track = route([("forward", 5.0), ("stand", 1.5), ("backward", 9.0)])
    analysis = analyse_track(track, Thresholds(), SourceInfo.from_track("route", "landmarks", track))
    client = alice.add_client("Bo", "", 10, 2)
    alice.add_session(client, analysis, date(2026, 11, 3), "overground")
    (point,) = progress(alice, client)
    assert point.minutes_backward == pytest.approx(9.0 / 60, abs=0.5 / 60)
    assert point.minutes_backward == pytest.approx(analysis.report.walking_backward_s / 60, abs=0.01)
    (week,) = plan_weeks(alice.get_client(client), [point])
    assert week.minutes_done == pytest.approx(point.minutes_backward)


def test_height_test_results_and_their_progress(two_trainers) -> None:
    """A client's height gives speed in metres; a timed 3-metre test is stored with the session,
    its frames can be set by the trainer, and both are charted over time."""
    from coaching.analysis import analyse_track
    from coaching.config import Thresholds
    from coaching.measures import Request
    from coaching.report import SourceInfo
    from tests.helpers.synthetic import Walker, route

    alice, _ = two_trainers
    with pytest.raises(StoreError, match="height"):
        alice.add_client("Cy", "", 5, 2, height_cm=20.0)
    client = alice.add_client("Cy", "", 5, 2, height_cm=168.0)
    assert alice.get_client(client).height_cm == 168.0
    track = route([("stand", 2.0), ("backward", 10.0)], Walker(height_px=400.0))
    source = SourceInfo.from_track("route", "landmarks", track)
    analysis = analyse_track(track, Thresholds(), source, request=Request(168.0, "3mbwt"))
    session = alice.add_session(client, analysis, date(2026, 11, 4), "overground")
    stored = alice.session_analysis(session).report
    assert stored.test == analysis.report.test and stored.speed_m_per_s == analysis.report.speed_m_per_s
    moved = alice.set_session_request(session, Request(168.0, "3mbwt", (63, 243)))
    assert moved.report.test.time_s == pytest.approx(6.0, abs=1e-6)
    assert alice.session_analysis(session).report.test.start_frame == 63  # kept with the session
    (point,) = progress(alice, client)
    assert point.test_3mbwt_s == pytest.approx(6.0, abs=1e-6)
    assert point.speed_m_per_s == pytest.approx(stored.speed_m_per_s)
    alice.update_client(client, "Cy", "", 5, 2, None)  # height forgotten: no metres on review
    assert alice.session_analysis(session).report.speed_m_per_s == pytest.approx(stored.speed_m_per_s)


def test_twenty_concurrent_saves_of_the_same_and_different_clips(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from trainer.data_folder import keep_by_content

    clips = [bytes([k]) * 2_000_000 + bytes(range(256)) for k in range(4)]
    jobs = [clips[k % 4] for k in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        saved = list(pool.map(lambda data: keep_by_content(data, ".mp4", tmp_path), jobs))
    for data, (sha, path) in zip(jobs, saved):
        assert path.read_bytes() == data and path.name == f"{sha}.mp4"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({p.name for _, p in saved})  # no temporary left
    assert oct(tmp_path.stat().st_mode & 0o777) == "0o700"
    assert {oct(p.stat().st_mode & 0o777) for _, p in saved} == {"0o600"}


def test_a_save_killed_part_way_leaves_no_half_file_and_a_planted_file_is_replaced(tmp_path: Path) -> None:
    import hashlib
    import os
    import subprocess
    import sys

    from trainer.data_folder import STALE_PART_S, keep_by_content, private_folder

    data = b"\x01" * 3_000_000
    sha = hashlib.sha256(data).hexdigest()
    killer = ("import os, signal, sys; from pathlib import Path; from trainer import data_folder; "
              "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL); "
              f"data_folder.keep_by_content(b'\\x01' * 3_000_000, '.mp4', Path({str(tmp_path)!r}))")
    result = subprocess.run([sys.executable, "-c", killer], capture_output=True)
    assert result.returncode == -9
    assert not (tmp_path / f"{sha}.mp4").exists()
    (leftover,) = list(tmp_path.glob(".*.part"))
    old = leftover.stat().st_mtime - STALE_PART_S - 10
    os.utime(leftover, (old, old))
    private_folder(tmp_path)
    assert not leftover.exists()
    # Somebody plants a file under the clip's name: it is not trusted, it is replaced.
    (tmp_path / f"{sha}.mp4").write_bytes(b"planted")
    assert keep_by_content(data, ".mp4", tmp_path)[1].read_bytes() == data


def test_deleting_a_client_leaves_no_byte_of_their_video_on_disk(two_trainers, retro_analysis: Analysis,
                                                                   retro_clip: Path, tmp_path: Path) -> None:
    from trainer.data_folder import keep_by_content

    alice, _ = two_trainers
    cache = tmp_path / "cache"  # the pages' upload cache of this data folder (see the fixture)
    keep_by_content(retro_clip.read_bytes(), ".mp4", cache)  # uploaded on 'Analyze a clip' first
    sha = keep_by_content(retro_clip.read_bytes(), ".mp4", cache)[0]
    (cache / f"{sha}-abc123-annotated.mp4").write_bytes(b"annotated copy")
    client = alice.add_client("Dee")
    alice.add_session(client, retro_analysis, date(2026, 11, 5), "overground", video=retro_clip)
    alice.delete_client(client)
    probe_bytes = retro_clip.read_bytes()[5000:5064]
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and (probe_bytes in p.read_bytes()
                                                                      or p.name.startswith(sha))]
    assert leftovers == []


def test_sessions_waiting_for_their_job_are_saved_once_and_go_with_their_client(
        two_trainers, engine, retro_analysis: Analysis, retro_clip: Path, tmp_path: Path) -> None:
    from jobs.queue import JobQueue
    from jobs.work import JobSettings

    alice, bob = two_trainers
    queue = JobQueue(engine, tmp_path / "cache", tmp_path / "results")
    sha, kept = keep_by_content(retro_clip.read_bytes(), ".mp4", tmp_path / "cache")
    job = queue.submit(sha, kept.suffix, "Monday.mp4", JobSettings(video=True))
    (tmp_path / "results" / job.id).mkdir(parents=True)
    (tmp_path / "results" / job.id / "annotated.mp4").write_bytes(retro_clip.read_bytes())
    client = alice.add_client("Fay")
    pending = alice.add_pending_session(client, job.id, date(2026, 11, 6), "treadmill", "first try", timed_test=True)
    (waiting,) = alice.pending_sessions(client)
    assert (waiting.clip_name, waiting.setting, waiting.notes, waiting.timed_test) == (
        "Monday.mp4", "treadmill", "first try", True)
    assert bob.complete_pending(pending, retro_analysis, kept) is None  # not his: nothing saved
    with pytest.raises(NotFound):
        bob.pending_sessions(client)
    session = alice.complete_pending(pending, retro_analysis, kept)
    assert alice.complete_pending(pending, retro_analysis, kept) is None  # a second tab saves nothing more
    assert [s.id for s in alice.list_sessions(client)] == [session] and alice.pending_sessions(client) == []
    assert alice.get_session(session).notes == "first try"

    alice.delete_client(client)  # the clip goes, and with it the job and its annotated video
    assert not (tmp_path / "results" / job.id).exists() and not kept.exists()
    with pytest.raises(LookupError):
        queue.get(job.id)


def test_over_long_or_odd_text_is_refused_plainly_on_every_database(two_trainers, engine) -> None:
    alice, _ = two_trainers
    with pytest.raises(StoreError, match="at most 120"):
        alice.add_client("x" * 121)
    client = alice.add_client("Eve", "g" * 2000)
    with pytest.raises(StoreError, match="at most 2000"):
        alice.update_client(client, "Eve", "g" * 2001, 5, 3)
    with pytest.raises(StoreError, match="NUL"):
        alice.update_client(client, "Eve\x00", "", 5, 3)
    with pytest.raises(accounts.AccountError, match="at most 80"):
        accounts.add_trainer(engine, "u" * 81, "long enough password")
    assert alice.get_client(client).goal == "g" * 2000


def test_admin_lists_removes_and_resets_trainers_and_hands_out_the_setup_token(tmp_path, monkeypatch,
                                                                               capsys) -> None:
    from cli.main import main

    monkeypatch.setenv("RETROCOACH_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("RETROCOACH_DATABASE_URL", raising=False)
    assert main(["admin", "setup-token"]) == 0
    token = capsys.readouterr().out.strip()
    assert len(token) >= 12 and (tmp_path / "setup-token").stat().st_mode & 0o777 == 0o600
    engine = make_engine(f"sqlite:///{tmp_path / 'retrocoach.db'}")
    with pytest.raises(accounts.AccountError, match="not the setup token"):
        accounts.add_first_trainer(engine, tmp_path, "guess", "gil", "a good password")
    accounts.add_first_trainer(engine, tmp_path, token, "gil", "a good password")
    with pytest.raises(accounts.AccountError, match="exists already"):
        accounts.add_first_trainer(engine, tmp_path, token, "mallory", "another password")
    monkeypatch.setattr("sys.stdin", io.StringIO("second password\n"))
    assert main(["admin", "add-trainer", "hal", "--password-stdin"]) == 0
    capsys.readouterr()
    assert main(["admin", "list-trainers"]) == 0
    assert capsys.readouterr().out.split() == ["gil", "hal"]
    monkeypatch.setattr("sys.stdin", io.StringIO("a new password\n"))
    assert main(["admin", "reset-password", "gil", "--password-stdin"]) == 0
    assert accounts.authenticate(engine, "gil", "a new password") is not None
    assert accounts.authenticate(engine, "gil", "a good password") is None
    assert main(["admin", "remove-trainer", "hal"]) == 0
    assert main(["admin", "remove-trainer", "nobody"]) == 2
    assert accounts.list_trainers(engine) == ["gil"]


def test_only_one_of_many_racing_first_accounts_is_made(tmp_path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    engine = make_engine(f"sqlite:///{tmp_path / 'race.db'}")
    token = accounts.setup_token(tmp_path)

    def claim(k: int) -> bool:
        try:
            accounts.add_first_trainer(engine, tmp_path, token, f"t{k}", "a good password")
            return True
        except accounts.AccountError:
            return False

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(claim, range(8)))
    assert results.count(True) == 1 and len(accounts.list_trainers(engine)) == 1


def test_a_thousand_wrong_passwords_then_the_right_one_is_still_refused_for_a_while(engine) -> None:
    from trainer.sign_in_guard import SignInGuard

    trainer = accounts.add_trainer(engine, "ivy", "correct horse")
    now = [0.0]
    guard = SignInGuard(clock=lambda: now[0])
    checked = []

    def attempt(username: str, password: str, address: str = "10.0.0.9"):
        def check():
            checked.append(password)
            return accounts.authenticate(engine, username, password)
        return guard.attempt(username, address, check)

    verdicts = []
    for k in range(1000):
        verdicts.append(attempt("ivy", f"guess {k}"))
        now[0] += 0.01  # a fast script
    assert len(checked) < 20  # almost every guess refused unchecked
    right = attempt("ivy", "correct horse")
    assert right.trainer_id is None and right.wait_s > 0
    # Unknown names are throttled alike (no enumeration), and from another address the user still waits.
    for k in range(6):
        attempt("nobody", f"x{k}", "10.0.0.7")
    assert attempt("nobody", "x", "10.0.0.7").wait_s > 0
    assert attempt("ivy", "correct horse", "10.0.0.8").wait_s > 0
    now[0] += 3600
    assert attempt("ivy", "correct horse", "10.0.0.8").trainer_id == trainer
    assert attempt("ivy", "wrong").wait_s == 0  # the right password reset the count


def test_a_migration_that_fails_half_way_undoes_itself(database_url) -> None:
    """Schema changes run in a transaction (on SQLite too): nothing of a failed one stays."""
    engine = make_engine(database_url)
    with pytest.raises(RuntimeError):
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")
            raise RuntimeError("the migration stops here")
    assert "half_done" not in inspect(engine).get_table_names()
