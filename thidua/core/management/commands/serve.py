"""`manage.py serve [--host 127.0.0.1] [--port 8000]`: the demo supervisor.

Runs the three processes of an installation as children — the production web server (gunicorn),
the background worker (`db_worker`) and the scheduler (`run_scheduler`) — prints the address once
`/healthz` answers, forwards Ctrl+C / SIGTERM to all of them and waits. If one child dies, the
others are stopped and the command exits non-zero: a demo with a dead worker would look alive and
silently lose imports.

Production runs the same three commands as separate systemd services (deploy/systemd/).
"""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

READY_TIMEOUT_SECONDS = 90.0
STOP_TIMEOUT_SECONDS = 15.0


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


@dataclass(frozen=True)
class ChildSpec:
    label: str  # shown to the user, in Vietnamese
    argv: tuple[str, ...]


def demo_children(*, host: str, port: int, manage_py: Path) -> list[ChildSpec]:
    """The web server, the worker and the scheduler, run with this Python interpreter."""
    python = sys.executable
    return [
        ChildSpec(
            "máy chủ web (gunicorn)",
            (
                python,
                "-m",
                "gunicorn",
                "thidua.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "--access-logfile",
                "-",
                # No control socket in the home folder: two demos side by side would share it.
                "--no-control-socket",
            ),
        ),
        ChildSpec(
            "tiến trình nền (db_worker)",
            (python, str(manage_py), "db_worker", "--queue-name", "*", "--interval", "1"),
        ),
        ChildSpec("bộ lập lịch (run_scheduler)", (python, str(manage_py), "run_scheduler")),
    ]


def health_url(host: str, port: int) -> str:
    """Where to ask whether the web server answers (a wildcard bind is probed on loopback)."""
    probe = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "[::1]"}.get(host, host)  # noqa: S104
    if ":" in probe and not probe.startswith("["):
        probe = f"[{probe}]"
    return f"http://{probe}:{port}/healthz"


def answers(url: str, timeout: float = 2.0) -> bool:
    """Whether an HTTP server answers at `url` (any status: 503 still means it is up)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout):  # noqa: S310 (http URL built above)
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


class Supervisor:
    """Start child processes, wait for a stop request or a child's death, stop them all.

    Children run in their own process group, so that a Ctrl+C in the terminal reaches them once,
    forwarded by the supervisor, not twice.
    """

    def __init__(
        self,
        children: Sequence[ChildSpec],
        *,
        stderr: Writer,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        poll_interval: float = 0.2,
        stop_timeout: float = STOP_TIMEOUT_SECONDS,
    ) -> None:
        self.children = list(children)
        self.stderr = stderr
        self.env = env
        self.cwd = cwd
        self.poll_interval = poll_interval
        self.stop_timeout = stop_timeout
        self.processes: list[subprocess.Popen[bytes]] = []
        self._stop_signal: int | None = None
        self._wake = threading.Event()

    def start(self) -> None:
        try:
            for child in self.children:
                self.processes.append(
                    subprocess.Popen(  # noqa: S603 (fixed argument lists, no shell)
                        child.argv, env=self.env, cwd=self.cwd, process_group=0
                    )
                )
        except OSError:
            self.stop_all(signal.SIGTERM)  # no orphans when a later child cannot start
            raise

    def request_stop(self, signum: int = signal.SIGTERM) -> None:
        """Ask the supervisor to stop its children with `signum` (safe from a signal handler)."""
        self._stop_signal = signum
        self._wake.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop_signal is not None

    def dead_child(self) -> tuple[ChildSpec, int] | None:
        """The first child that has exited, with its exit code."""
        for child, process in zip(self.children, self.processes, strict=True):
            code = process.poll()
            if code is not None:
                return child, code
        return None

    def wait_until_ready(self, url: str, timeout: float = READY_TIMEOUT_SECONDS) -> bool:
        """Poll `url` until it answers; False on a stop request, a dead child or the timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.stop_requested or self.dead_child() is not None:
                return False
            if answers(url):
                return True
            self._wake.wait(0.5)
        return False

    def wait(self) -> int:
        """Block until a stop request (→ 0) or a child's death (→ 1), then stop every child."""
        while True:
            if self.stop_requested:
                self.stop_all(self._stop_signal or signal.SIGTERM)
                return 0
            dead = self.dead_child()
            if dead is not None:
                child, code = dead
                self.stderr.write(
                    f"Tiến trình {child.label} đã dừng bất ngờ (mã thoát {code}). "
                    "Đang dừng các tiến trình còn lại…\n"
                )
                self.stop_all(signal.SIGTERM)
                return 1
            self._wake.wait(self.poll_interval)

    def stop_all(self, signum: int) -> None:
        """Send `signum` to every running child, wait for them, kill those that hang."""
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signum)
        deadline = time.monotonic() + self.stop_timeout
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def run(
        self, *, ready_url: str | None = None, on_ready: Callable[[], None] | None = None
    ) -> int:
        """Start, wait until `ready_url` answers (then call `on_ready`), supervise; the exit code:
        0 after a stop request, 1 when a child died or the web server never answered."""
        self.start()
        if ready_url is not None:
            if self.wait_until_ready(ready_url):
                if on_ready is not None:
                    on_ready()
            elif not self.stop_requested and self.dead_child() is None:
                self.stderr.write(
                    f"Máy chủ web không trả lời {ready_url} sau {READY_TIMEOUT_SECONDS:g} giây. "
                    "Đang dừng…\n"
                )
                self.stop_all(signal.SIGTERM)
                return 1
        return self.wait()


class Command(BaseCommand):
    help = "Chạy bản demo: máy chủ web (gunicorn), tiến trình nền và bộ lập lịch."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ lắng nghe.")
        parser.add_argument("--port", type=int, default=8000, help="Cổng (mặc định 8000).")

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"]
        port: int = options["port"]
        base_dir = Path(settings.BASE_DIR)
        env = dict(os.environ)
        env["DJANGO_SETTINGS_MODULE"] = os.environ.get(
            "DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE
        )
        supervisor = Supervisor(
            demo_children(host=host, port=port, manage_py=base_dir / "manage.py"),
            stderr=self.stderr,
            env=env,
            cwd=base_dir,
        )

        def forward(signum: int, frame: FrameType | None) -> None:
            supervisor.request_stop(signum)

        signal.signal(signal.SIGINT, forward)
        signal.signal(signal.SIGTERM, forward)
        shown_host = "127.0.0.1" if host in {"0.0.0.0", ""} else host  # noqa: S104
        address = f"http://{shown_host}:{port}/"
        self.stdout.write(f"Đang khởi động Thi Đua Số tại {address} …")
        self.stdout.write("Nhấn Ctrl+C để dừng.")

        def ready() -> None:
            self.stdout.write(self.style.SUCCESS(f"Sẵn sàng: {address}"))
            self.stdout.write("Nhấn Ctrl+C để dừng.")

        code = supervisor.run(ready_url=health_url(host, port), on_ready=ready)
        if code != 0:
            raise CommandError("Bản demo đã dừng vì một tiến trình gặp sự cố.", returncode=code)
        self.stdout.write("Đã dừng bản demo.")
