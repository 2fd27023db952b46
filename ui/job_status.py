"""How far a job has got, in words: its place in the queue, frames done and time left."""

from __future__ import annotations

from jobs.queue import QUEUED, JobInfo, JobQueue
from trainer.models import now


def status_text(queue: JobQueue, job: JobInfo) -> str:
    if job.status == QUEUED:
        ahead = queue.position(job)
        return (f"Waiting for a free worker: {ahead} clip{'s' if ahead != 1 else ''} ahead of this one."
                if ahead else "Waiting for a free worker: this clip is next.")
    if not job.total_frames:
        return "Starting the analysis…"
    if job.done_frames >= job.total_frames:
        return "Drawing the annotated video…" if job.settings.video else "Writing the report…"
    text = f"Analysing frame {job.done_frames} of {job.total_frames}"
    if job.started_at is not None and job.fraction > 0.02:
        started = job.started_at if job.started_at.tzinfo else job.started_at.replace(tzinfo=now().tzinfo)
        elapsed = (now() - started).total_seconds()
        text += f", about {max(elapsed / job.fraction - elapsed, 0):.0f} s left"
    return text
