"""Importing the original system at scale: rows/s, MB/s and memory along the run.

    PYTHONPATH=$PWD .venv/bin/python -m bench.bench_import [--people 10000] [--cvs 30000]

Builds an original-format SQLite database and uploads folder (a mix of the three layouts, one
CV in ten without a document, one person in fifty with a case twin), then runs the import into a
fresh local r2w (SQLite + folder) and its verification, sampling the resident memory (RSS) at
each batch: a flat line means the run holds counts, not rows.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tests.cutover.original import CACHE, NEW_CVS, NEW_USERS, SESSIONS, plain_document, sha

FILE_BYTES = 6_000
HASH = "$2b$04$" + "a" * 53  # a bcrypt-shaped hash: the import never computes bcrypt


def rss_mb() -> float:
    """Resident memory of this process now, in MB (from /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _user_rows(people: int, rng: random.Random) -> list[tuple]:
    rows = []
    for n in range(people):
        email = f"person{n}@example.com"
        rows.append((str(uuid.UUID(int=rng.getrandbits(128))), email, HASH, f"Person {n}",
                     f"2022-01-01T00:00:{n % 60:02d}") + (None,) * 7)  # fmt: skip
        if n % 50 == 49:  # a case twin, created later (same password: merged)
            rows.append((str(uuid.UUID(int=rng.getrandbits(128))), email.upper(), HASH, None,
                         "2023-01-01T00:00:00") + (None,) * 7)  # fmt: skip
    return rows


def make_original(root: Path, people: int, cvs: int) -> tuple[Path, Path, int]:
    """Write the source; return its database, uploads folder and total file bytes."""
    rng = random.Random(16)
    db_path, uploads = root / "resume2website.db", root / "uploads"
    uploads.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    for ddl in (NEW_USERS, NEW_CVS, SESSIONS, CACHE):
        conn.execute(ddl)
    users = _user_rows(people, rng)
    conn.executemany(f"INSERT INTO users VALUES ({', '.join('?' * 12)})", users)
    document, total = json.dumps(plain_document("Person")), 0
    batch = []
    for n in range(cvs):
        user_id, job = users[n % len(users)][0], f"job{n:06d}"
        data = rng.randbytes(FILE_BYTES)
        if n % 20 == 7:
            (uploads / job).mkdir()
            for page in (1, 2):
                (uploads / job / f"{page:02d}_page.jpg").write_bytes(data)
                total += len(data)
            ext = ".jpg"
        else:
            ext = ".pdf"
            (uploads / f"{job}{ext}").write_bytes(data)
            total += len(data)
        cv_data = None if n % 10 == 3 else document
        batch.append((f"u{n:06d}", user_id, job, f"cv {n}{ext}", ext, "2024-01-01T00:00:00",
                      cv_data, "completed", sha(data)))  # fmt: skip
    conn.executemany(f"INSERT INTO cv_uploads VALUES ({', '.join('?' * 9)})", batch)
    conn.commit()
    conn.close()
    return db_path, uploads, total


def run(people: int, cvs: int) -> dict:
    """Make the source, import it into a fresh local r2w, verify; return the measurements."""
    from flask_migrate import upgrade

    from r2w import create_app
    from r2w.cutover.importer import run_import

    # On tmpfs where there is one: the figures are then the importer's, not this disk's.
    scratch = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="r2w-bench-import-", dir=scratch) as tmp:
        root = Path(tmp)
        db_path, uploads, total_bytes = make_original(root / "original", people, cvs)
        app = create_app({"ENVIRONMENT": "test", "INSTANCE_PATH": str(root / "instance")})
        samples: list[tuple[str, int, float]] = []

        marks: dict[str, float] = {}

        def progress(event: str, **fields) -> None:
            if event == "step":
                marks[fields["step"]] = time.perf_counter()
            if event.endswith(".batch"):
                samples.append((event.split(".")[0], fields.get("done", 0), rss_mb()))

        with app.app_context():
            upgrade()
            start_rss = rss_mb()
            clock, cpu = time.perf_counter(), time.process_time()
            outcome = run_import(db_path, uploads, mode="import", batch_size=500, progress=progress)
            end, cpu = time.perf_counter(), time.process_time() - cpu
            seconds, verify_seconds = marks["verify"] - clock, end - marks["verify"]
        assert outcome.ok, outcome.verification["problems"][:5]
    cv_samples = [s for s in samples if s[0] == "cvs"]
    points = [cv_samples[int(i * (len(cv_samples) - 1) / 4)] for i in range(5)]
    rows = outcome.summary["counts"]
    return {
        "people": people, "cvs": cvs, "seconds": seconds, "cpu": cpu,
        "verify_seconds": verify_seconds,
        "rows": sum(v for k, v in rows.items() if k.split(".")[0] in ("user", "cv")
                    and k.split(".")[1] in ("imported", "merged", "kept_aside", "skipped")),
        "bytes": outcome.summary["bytes_copied"], "source_bytes": total_bytes,
        "start_rss": start_rss, "points": points,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "counts": rows,
    }  # fmt: skip


def render(result: dict) -> str:
    """The Markdown section for docs/benchmarks.md."""
    seconds = result["seconds"]
    memory = " → ".join(f"{mb:.0f} MB at {done} CVs" for _, done, mb in result["points"])
    return (
        "## Import from the original system\n\n"
        f"{result['people']} people and {result['cvs']} CVs ({result['bytes'] / 1e6:.0f} MB of "
        "files) imported into a local r2w (SQLite + folder, both on tmpfs): "
        f"{seconds:.1f} s, **{result['rows'] / seconds:.0f} rows/s** (people and CVs), "
        f"**{result['bytes'] / 1e6 / seconds:.1f} MB/s** of files; then the verification "
        f"(every file hashed again on both sides) {result['verify_seconds']:.1f} s. CPU time of "
        f"the whole run {result['cpu']:.1f} s (wall time above it is waiting for a busy "
        "machine's cores or disk).\n\n"
        f"Memory (RSS) along the CVs step: {result['start_rss']:.0f} MB before the run; "
        f"{memory}; peak of the process {result['peak_mb']:.0f} MB.\n"
    )


def main(argv: list[str] | None = None) -> str:
    """Run the import benchmark and return its Markdown section."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--cvs", type=int, default=30_000)
    args = parser.parse_args(argv)
    section = render(run(args.people, args.cvs))
    print(section)
    return section


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
