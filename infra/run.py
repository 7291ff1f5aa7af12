"""`make run`: servers, migrations, demo, then web, worker and beat until Ctrl-C.

The project-local PostgreSQL and Valkey that this run started are stopped again when it ends,
so Ctrl-C leaves nothing behind; their data stays in .devdata/ for the next run. Servers that
were already running (another run, `make test`) or given by URL are left alone.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devservices  # a sibling script, not a package

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def manage(*args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", default="8000")
    port = parser.parse_args().port

    started = devservices.up()
    supervisor = None
    try:
        # The public schema first; then only the buurtsite schemas that lack a migration.
        manage("migrate_schemas", "--shared", "--executor=standard", "-v", "0")
        manage("migrate_buurtsites")
        manage("load_demo", "--port", port)
        supervisor = subprocess.Popen(
            [str(BIN / "honcho"), "-f", "infra/Procfile.dev", "-d", ".", "start"],
            cwd=ROOT,
            env={**os.environ, "PORT": port},
        )
        return supervisor.wait()
    except KeyboardInterrupt:
        # The terminal sent Ctrl-C to honcho as well; it is stopping web, worker and beat.
        if supervisor is not None:
            supervisor.wait()
        return 0
    finally:
        devservices.down(started)
        if started:
            print("Stopped the project-local " + " and ".join(started) + "; the data is kept.")


if __name__ == "__main__":
    sys.exit(main())
