"""`manage.py serve`: the demo supervisor, exercised with tiny stand-in child processes."""

import http.server
import io
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from thidua.core.management.commands.serve import (
    ChildSpec,
    Supervisor,
    answers,
    demo_children,
    health_url,
)

ALL_INTERFACES = "0.0.0.0"  # noqa: S104 (the value under test)
SLEEPER = ChildSpec("ngủ", (sys.executable, "-c", "import time; time.sleep(30)"))
FAILING = ChildSpec(
    "hỏng", (sys.executable, "-c", "import sys, time; time.sleep(0.3); sys.exit(1)")
)


def supervisor(*children: ChildSpec, stop_timeout: float = 5.0) -> tuple[Supervisor, io.StringIO]:
    err = io.StringIO()
    return Supervisor(children, stderr=err, poll_interval=0.05, stop_timeout=stop_timeout), err


@pytest.fixture
def http_server():
    """A local HTTP server answering 503 to everything (a /healthz with the database down)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(503)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/healthz"
    server.shutdown()
    server.server_close()


def closed_port_url() -> str:
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return f"http://127.0.0.1:{port}/healthz"


def test_supervisor_child_death_stops_the_others_and_fails():
    sup, err = supervisor(SLEEPER, FAILING)
    started = time.monotonic()

    code = sup.run()

    assert code == 1
    assert [p.poll() for p in sup.processes] == [-signal.SIGTERM, 1]
    assert time.monotonic() - started < 10
    assert err.getvalue() == (
        "Tiến trình hỏng đã dừng bất ngờ (mã thoát 1). Đang dừng các tiến trình còn lại…\n"
    )


def test_supervisor_stop_request_forwards_the_signal_to_every_child():
    sup, err = supervisor(SLEEPER, SLEEPER)
    threading.Timer(0.5, sup.request_stop, args=(signal.SIGINT,)).start()

    code = sup.run()

    assert code == 0
    assert [p.poll() for p in sup.processes] == [-signal.SIGINT, -signal.SIGINT]
    assert err.getvalue() == ""


def test_supervisor_kills_a_child_that_ignores_the_stop_signal(tmp_path: Path):
    marker = tmp_path / "ready"
    stubborn = ChildSpec(
        "cứng đầu",
        (
            sys.executable,
            "-c",
            "import pathlib, signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "pathlib.Path(sys.argv[1]).touch(); time.sleep(30)",
            str(marker),
        ),
    )
    sup, _ = supervisor(stubborn, stop_timeout=0.5)
    sup.start()
    deadline = time.monotonic() + 10
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)

    sup.request_stop(signal.SIGTERM)
    code = sup.wait()

    assert code == 0
    assert sup.processes[0].poll() == -signal.SIGKILL


def test_supervisor_announces_ready_once_the_url_answers(http_server):
    sup, _ = supervisor(SLEEPER)
    announced: list[str] = []

    def on_ready() -> None:
        announced.append("Sẵn sàng")
        sup.request_stop()

    code = sup.run(ready_url=http_server, on_ready=on_ready)

    assert (code, announced) == (0, ["Sẵn sàng"])
    assert sup.processes[0].poll() == -signal.SIGTERM


def test_supervisor_child_dying_before_ready_fails_without_announcing():
    sup, err = supervisor(FAILING, SLEEPER)
    announced: list[str] = []

    code = sup.run(ready_url=closed_port_url(), on_ready=lambda: announced.append("x"))

    assert (code, announced) == (1, [])
    assert [p.poll() for p in sup.processes] == [1, -signal.SIGTERM]
    assert "hỏng đã dừng bất ngờ" in err.getvalue()


def test_answers_counts_an_error_status_as_an_answer(http_server):
    assert answers(http_server) is True
    assert answers(closed_port_url()) is False


def test_health_url_probes_loopback_for_a_wildcard_host():
    assert [health_url(h, 8000) for h in [ALL_INTERFACES, "127.0.0.1", "::", "demo.local"]] == [
        "http://127.0.0.1:8000/healthz",
        "http://127.0.0.1:8000/healthz",
        "http://[::1]:8000/healthz",
        "http://demo.local:8000/healthz",
    ]


def test_demo_children_are_gunicorn_the_worker_and_the_scheduler():
    children = demo_children(host=ALL_INTERFACES, port=8080, manage_py=Path("/app/manage.py"))

    assert [c.argv[1:] for c in children] == [
        (
            "-m",
            "gunicorn",
            "thidua.wsgi:application",
            "--bind",
            "0.0.0.0:8080",
            "--workers",
            "2",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--access-logfile",
            "-",
            "--no-control-socket",
        ),
        ("/app/manage.py", "db_worker", "--queue-name", "*", "--interval", "1"),
        ("/app/manage.py", "run_scheduler"),
    ]
    assert {c.argv[0] for c in children} == {sys.executable}


def test_supervisor_child_that_cannot_start_leaves_no_orphans(tmp_path: Path):
    missing = ChildSpec("không có", (str(tmp_path / "khong-ton-tai"),))
    sup, _ = supervisor(SLEEPER, missing)

    with pytest.raises(FileNotFoundError):
        sup.run()

    assert [p.poll() for p in sup.processes] == [-signal.SIGTERM]
