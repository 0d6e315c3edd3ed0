"""What the load runs share (load/run.py, load/cluster.py): starting gunicorn and locust, waiting for
a server, reading locust's CSV into a table, and the CPU share of each kind of process over the
measured window. Imports nothing of the project: each runner sets its own environment first.
"""

import csv
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TABLE_HEAD = [
    "| page | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
]


def manage(env: dict, *args: str) -> float:
    """Run a management command in the project with ``env``; its duration in seconds."""
    started = time.monotonic()
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)
    return time.monotonic() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, seconds: int = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"no answer on {url}")


def start_gunicorn(port: int, workers: int, env: dict) -> subprocess.Popen:
    """gunicorn serving the project on the loopback interface, in its own process group."""
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def start_workers(env: dict) -> list[subprocess.Popen]:
    """One server's task workers, as ``scripts/with_worker.sh`` starts them: one for the ``default``
    queue and one for the ``outputs`` queue (the renders) at a lower CPU priority."""
    worker = [str(BIN / "python"), "manage.py", "db_worker", "--no-startup-delay", "--no-reload"]
    niceness = env.get("EXPORT_NICENESS", "10")
    return [
        subprocess.Popen([*worker, "--queue-name", "default"], cwd=ROOT, env=env, start_new_session=True),
        subprocess.Popen(
            ["nice", "-n", niceness, *worker, "--queue-name", "outputs"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        ),
    ]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        process.wait(timeout=30)


def run_locust(
    locustfile: str,
    *,
    users: int,
    ramp_seconds: int,
    duration: int,
    host: str,
    csv_prefix: Path,
    env: dict,
    roots: dict[str, int] | None = None,
) -> dict[str, float]:
    """Run locust headless: ``users`` started over ``ramp_seconds`` (statistics reset once all are
    running), then ``duration`` seconds measured. Returns the CPU share of each kind of process over
    the measured window (see ``CpuMeter``); ``roots`` names the process trees to tell apart, locust's
    own is added."""
    process = subprocess.Popen(
        [
            str(BIN / "locust"),
            "-f",
            locustfile,
            "--headless",
            "--only-summary",
            "-u",
            str(users),
            "-r",
            str(users / ramp_seconds),
            "--reset-stats",
            "-t",
            f"{duration + ramp_seconds}s",
            "--stop-timeout",
            "30",
            "--host",
            host,
            "--csv",
            str(csv_prefix),
        ],
        cwd=ROOT,
        env=env,
    )
    meter = CpuMeter({**(roots or {}), "locust": process.pid})
    started = time.monotonic()
    try:
        # The window locust measures: from the end of the ramp-up (--reset-stats) to its stop.
        time.sleep(ramp_seconds)
        meter.start()
        time.sleep(max(0.0, started + ramp_seconds + duration - time.monotonic()))
        shares = meter.stop()
        process.wait(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return shares


def read_stats(csv_prefix: Path) -> list[dict]:
    with open(f"{csv_prefix}_stats.csv") as file:
        return list(csv.DictReader(file))


def stats_table(stats: list[dict]) -> list[str]:
    """locust's per-name statistics as a Markdown table (the last row is the aggregate)."""
    lines = list(TABLE_HEAD)
    for row in stats:
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} | "
            f"{float(row['Max Response Time']):.0f} |"
        )
    return lines


def failures(stats: list[dict]) -> int:
    return sum(int(row["Failure Count"]) for row in stats if row["Name"] == "Aggregated")


@dataclass
class _Seen:
    kind: str
    ppid: int
    created: float
    own: float  # user + system seconds of the process itself
    children: float  # user + system seconds of its ended children it has waited for


class CpuMeter:
    """CPU seconds (user + system) per kind of process between ``start()`` and ``stop()``, as a
    share of the window × the machine's cores.

    A process belongs to the kind of the nearest root of ``roots`` (kind: pid) among its ancestors,
    or to "other". All processes are sampled at both ends: a process alive at both counts its
    difference, one born in the window all of its time. A process that ended in the window cannot be
    read at the end; Linux adds its time to its parent's "children" times when the parent waits for
    it, so each process also counts the growth of those, less what the ended child had already used
    at the start. Time of a process whose parent also ended (or never waits for it) is lost.
    """

    def __init__(self, roots: dict[str, int]):
        self.roots = roots
        self.cores = psutil.cpu_count() or 1

    def _sample(self) -> dict[tuple[int, float], _Seen]:
        parents, found = {}, {}
        for process in psutil.process_iter(["ppid", "create_time", "cpu_times"]):
            times = process.info["cpu_times"]
            if times is None:  # gone or not readable
                continue
            parents[process.pid] = process.info["ppid"]
            found[process.pid] = (
                process.info["create_time"],
                times.user + times.system,
                getattr(times, "children_user", 0.0) + getattr(times, "children_system", 0.0),
            )
        kinds = {pid: kind for kind, pid in self.roots.items()}
        seen = {}
        for pid, (created, own, children) in found.items():
            ancestor, kind = pid, "other"
            for _ in range(64):
                if ancestor in kinds:
                    kind = kinds[ancestor]
                    break
                ancestor = parents.get(ancestor, 0)
                if not ancestor:
                    break
            seen[pid, created] = _Seen(kind, parents[pid], created, own, children)
        return seen

    def start(self) -> None:
        self.began, self.first = time.monotonic(), self._sample()
        self.busy_before = _busy(psutil.cpu_times())

    def stop(self) -> dict[str, float]:
        window, last = time.monotonic() - self.began, self._sample()
        busy = _busy(psutil.cpu_times()) - self.busy_before
        used: dict[str, float] = {kind: 0.0 for kind in [*self.roots, "other"]}
        alive_parents = {pid for pid, _created in last}
        for key, now in last.items():
            before = self.first.get(key)
            used[now.kind] += now.own + now.children - ((before.own + before.children) if before else 0.0)
        for key, before in self.first.items():
            if key not in last and before.ppid in alive_parents:
                used[before.kind] -= before.own + before.children  # counted again in its parent's
        capacity = window * self.cores
        shares = {kind: max(0.0, seconds) / capacity for kind, seconds in used.items()}
        shares["idle (whole machine)"] = max(0.0, 1 - busy / capacity)
        shares["window s"] = window
        return shares


def _busy(times) -> float:
    """CPU seconds the whole machine spent on anything but idling (guest time is inside user time)."""
    parts = ("user", "nice", "system", "irq", "softirq", "steal")
    return sum(getattr(times, part, 0.0) for part in parts)


def cpu_table(shares: dict[str, float]) -> list[str]:
    lines = ["| process type | CPU share |", "| --- | --- |"]
    for kind, share in shares.items():
        if kind != "window s":
            lines.append(f"| {kind} | {share:.0%} |")
    return lines
