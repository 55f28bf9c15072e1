"""`python -m bench.run` (`make bench`): the benchmarks at the `hanoi` scale, with their budgets.

1. Creates `var/bench.sqlite3` (migrate + the demo generator at `hanoi` scale) and times it.
2. Diacritic-free people search (the selector the list page and the API use), median of 50 runs.
3. The people list page and the people API list against a trivial view, all served by gunicorn
   (bench/wsgi.py) over HTTP on this machine, logged in as the dept officer, median of 30 each.
4. Reporting (bench/reporting.py): one year of reports then six (≈ 20.000), the recomputation
   of a year's scores and rankings, the data entry page, a scorecard and a cluster ranking
   (query counts with one year and six; server time against the trivial view, as in 3.), the
   Excel bulk entry of one period for every unit.
5. Initiatives (bench/initiatives.py): the duplicate detector's precision and recall on the
   labelled evaluation set (held-out split, with the char n-gram TF-IDF baseline), and a check
   against 10.000 initiatives (median of 30).
   Then 1.000 Giấy chứng nhận sáng kiến (bench/certificates.py): the batch builder and the job
   runner, against rendering one certificate 1.000 times in the same run.
6. Tổng kết (bench/summaries.py): the tổng kết report of the whole movement — figures, charts,
   Word and PDF — against rendering the sample decision in the same run.
7. Eligibility for every award across the Sở (bench/awards.py): 40.000 people and 2.500
   collectives, pure, against the straightforward per-person loop (measured on a sample).
8. The 40.000-row Excel import (bench/import_people.py), when present — last, as it adds people.

Prints one line per figure with its budget and PASS/FAIL; exits 1 if any figure fails.
Options: --reuse (keep an existing bench database), --skip-import, --skip-reporting,
--skip-initiatives, --skip-awards, --scale small (a quick run).
"""

import argparse
import contextlib
import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.scale import BENCH_DB, generate, setup_django

SEED_BUDGET_SECONDS = 60.0
SEARCH_BUDGET_MS = 50.0
SEARCH_RUNS = 50
SEARCH_QUERIES = ("nguyen van an", "duc giang", "tran thi", "hoang minh", "hn0399")
PAGE_RUNS = 30
PAGE_WARMUP = 3
PAGE_RATIO_BUDGET = 3.0
IMPORT_ROWS = 40_000
IMPORT_BUDGET_SECONDS = 30.0
RECOMPUTE_BUDGET_SECONDS = 2.0
VALUES_IMPORT_BUDGET_SECONDS = 10.0
BENCH_USERNAME = "thuongtruc"  # dept officer on the root: sees all 40.000 people
UNIT_OFFICER_USERNAME = "tdkt.xanhpon"  # unit officer of one hospital: a scoped list


def vn(value: float, decimals: int = 0) -> str:
    """Vietnamese number format: 40000 → "40.000", 12.5 → "12,5"."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    budget: float | None  # None: for information
    note: str = ""
    decimals: int = 1
    at_least: bool = False  # the budget is a floor (a precision), not a ceiling

    @property
    def ok(self) -> bool:
        if self.budget is None:
            return True
        return self.value >= self.budget if self.at_least else self.value <= self.budget

    def line(self) -> str:
        value = f"{vn(self.value, self.decimals)} {self.unit}"
        sign = "≥" if self.at_least else "≤"
        budget = (
            f"{sign} {vn(self.budget, self.decimals)} {self.unit}"
            if self.budget is not None
            else "—"
        )
        verdict = "" if self.budget is None else ("PASS" if self.ok else "FAIL")
        note = f"  {self.note}" if self.note else ""
        return f"{self.name:<46} {value:>14} {budget:>16}  {verdict:<4}{note}"


def median_ms(action: Callable[[], object], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def bench_search() -> list[Figure]:
    """What the list page does for a search: the count and the first page of 50, scoped."""
    from thidua.accounts.models import User
    from thidua.organizations.scoping import forget_grants
    from thidua.organizations.selectors.people import PeopleFilter, search_people

    user = User.objects.get(username=BENCH_USERNAME)
    figures = []
    for query in SEARCH_QUERIES:
        found = 0

        def search(query: str = query) -> None:
            nonlocal found
            forget_grants(user)  # a request loads the user's grants once
            people = search_people(user, PeopleFilter(query=query))
            found = people.count()
            list(people[:50])

        ms = median_ms(search, SEARCH_RUNS)
        figures.append(
            Figure(f"Tìm kiếm “{query}”", ms, "ms", SEARCH_BUDGET_MS, f"{vn(found)} kết quả")
        )
    return figures


def session_cookie(username: str) -> str:
    """The session cookie of `username`, signed in (a session row, no password, no 2FA)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from thidua.accounts.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def time_pages(requests: dict[str, tuple[str, str]]) -> tuple[dict[str, float], dict[str, int]]:
    """Median milliseconds and HTTP status of each (URL, cookie), served by the production web
    server: gunicorn (one worker, one thread) serves bench/wsgi.py on the bench database; a
    keep-alive HTTP client on the same machine sends each request after the previous answer, so
    the median is the server's time per request plus a loopback round trip, the same for every
    URL. The URLs take turns (each round asks every URL once, `PAGE_RUNS` rounds): a page and
    the trivial view it is compared with are measured over the same minutes, so a change of the
    machine's load during the run moves both alike (measured one after the other, a busy minute
    fell on one of them only and moved the ratio by up to 20 %)."""
    samples: dict[str, list[float]] = {name: [] for name in requests}
    statuses: dict[str, int] = {}
    with running_server() as port:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        def fetch(url: str, cookie: str) -> int:
            connection.request("GET", url, headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            return response.status

        for name, (url, cookie) in requests.items():
            statuses[name] = fetch(url, cookie)
            for _ in range(PAGE_WARMUP - 1):
                fetch(url, cookie)
        for _ in range(PAGE_RUNS):
            for name, (url, cookie) in requests.items():
                started = time.perf_counter()
                fetch(url, cookie)
                samples[name].append((time.perf_counter() - started) * 1000)
        connection.close()
    return {name: statistics.median(times) for name, times in samples.items()}, statuses


def ratio_figures(
    timings: dict[str, float],
    statuses: dict[str, int],
    rows: list[tuple[str, str, float | None]],
) -> list[Figure]:
    """One "page ÷ trivial" figure per (name, label, budget); a page that fails is not fast."""
    trivial = timings["trivial"]
    figures = []
    for name, label, budget in rows:
        status = statuses[name]
        ratio = timings[name] / trivial if status == 200 else float("inf")
        note = f"{vn(timings[name], 1)} ms / {vn(trivial, 1)} ms" + (
            "" if status == 200 else f" — HTTP {status}!"
        )
        figures.append(Figure(label, ratio, "×", budget, note))
    return figures


def bench_pages() -> list[Figure]:
    """People page and API list against a trivial view, served by the production web server
    (`time_pages`), logged in as the dept officer (and a unit officer for a scoped list)."""
    officer = session_cookie(BENCH_USERNAME)
    unit_officer = session_cookie(UNIT_OFFICER_USERNAME)
    timings, statuses = time_pages(
        {
            "trivial": ("/bench/trivial", officer),
            "layout": ("/bench/layout", officer),
            "page": ("/can-bo/", officer),
            "api": ("/api/v1/people", officer),
            "search_page": ("/can-bo/?q=nguyen+van+an", officer),
            "unit_page": ("/can-bo/", unit_officer),
        }
    )
    figures = [Figure("View tầm thường (trivial view), qua HTTP", timings["trivial"], "ms", None)]
    return figures + ratio_figures(
        timings,
        statuses,
        [
            ("layout", "Trang chỉ có khung giao diện ÷ trivial", None),
            ("page", "Trang Cán bộ /can-bo/ (40.000 người) ÷ trivial", PAGE_RATIO_BUDGET),
            ("api", "API /api/v1/people ÷ trivial", PAGE_RATIO_BUDGET),
            ("search_page", "Trang tìm “nguyen van an” ÷ trivial", None),
            ("unit_page", "Trang Cán bộ của một bệnh viện ÷ trivial", None),
        ],
    )


REPORTING_PAGES = (
    ("entry", "Trang nhập liệu báo cáo"),
    ("scorecard", "Trang điểm của đơn vị"),
    ("ranking", "Bảng xếp hạng cụm, khối"),
)


def bench_reporting() -> list[Figure]:
    """bench/reporting.py: reports of one year, then six; the recomputation of a year; the
    entry page, a scorecard and a cluster ranking (queries with one year and six, server time
    against the trivial view); the Excel bulk entry of one period for every unit."""
    from bench import reporting
    from thidua.reporting.enums import JobStatus

    figures: list[Figure] = []
    one = reporting.prepare_first_year()
    urls = reporting.pages(one.current_period)
    counts_one = reporting.count_queries(urls)
    figures.append(
        Figure(
            f"Tạo báo cáo năm {one.years[0]} (bộ sinh demo)",
            one.seconds,
            "s",
            None,
            f"{vn(one.reports)} báo cáo ({vn(one.khoa_reports)} của khoa/phòng), "
            f"{vn(one.values)} số liệu, đã tính điểm",
        )
    )
    six = reporting.add_other_years()
    counts_six = reporting.count_queries(urls)
    added = [str(year) for year in six.years if year not in one.years]
    figures.append(
        Figure(
            f"Thêm báo cáo các năm {', '.join(added)}",
            six.seconds,
            "s",
            None,
            f"tổng {vn(six.reports)} báo cáo ({vn(six.khoa_reports)} của khoa/phòng), "
            f"{vn(six.values)} số liệu, đã tính điểm",
        )
    )
    seconds, scored, standings = reporting.time_recompute()
    figures.append(
        Figure(
            f"Tính lại điểm, xếp hạng năm {reporting.RECOMPUTE_YEAR}",
            seconds,
            "s",
            RECOMPUTE_BUDGET_SECONDS,
            f"{vn(scored)} báo cáo, {vn(standings)} kết quả xếp hạng; trung vị "
            f"{reporting.RECOMPUTE_RUNS} lần",
        )
    )

    cookies: dict[str, str] = {}
    requests = {"trivial": ("/bench/trivial", session_cookie(BENCH_USERNAME))}
    for name, (url, username) in urls.items():
        cookie = cookies.get(username) or cookies.setdefault(username, session_cookie(username))
        requests[name] = (url, cookie)
    timings, statuses = time_pages(requests)
    figures.append(
        Figure("View tầm thường (trivial view), cùng lượt đo", timings["trivial"], "ms", None)
    )
    figures += ratio_figures(
        timings,
        statuses,
        [(name, f"{label} ÷ trivial", PAGE_RATIO_BUDGET) for name, label in REPORTING_PAGES],
    )
    for name, label in REPORTING_PAGES:
        (status_one, one_year), (status_six, six_years) = counts_one[name], counts_six[name]
        ok = status_one == status_six == 200
        figures.append(
            Figure(
                f"{label}: số truy vấn 6 năm",
                six_years if ok else float("inf"),
                "truy vấn",
                one_year,
                f"không tăng: 1 năm {one_year}, 6 năm {six_years}"
                + ("" if ok else f" — HTTP {status_one}/{status_six}!"),
                decimals=0,
            )
        )

    seconds, status, rows, written, message = reporting.time_import()
    succeeded = status == JobStatus.SUCCEEDED
    figures.append(
        Figure(
            f"Nhập Excel một kỳ cho mọi đơn vị ({vn(rows)} đơn vị)",
            seconds if succeeded else float("inf"),
            "s",
            VALUES_IMPORT_BUDGET_SECONDS,
            f"{vn(written)} số liệu ghi" + ("" if succeeded else f" — {status}: {message}"),
        )
    )
    return figures


def bench_summaries() -> list[Figure]:
    """bench/summaries.py: the tổng kết report (figures, charts, Word and PDF) against the
    rendering of the sample decision, measured in the same run."""
    from bench import summaries

    timing = summaries.measure()
    return [
        Figure(
            "Tổng kết hanoi (số liệu + Word + PDF)",
            timing.total_seconds,
            "s",
            summaries.BUDGET_SECONDS,
            f"{vn(timing.units)} đơn vị, {vn(timing.reports)} báo cáo, {timing.pages} trang; "
            f"số liệu {vn(timing.figures_seconds, 2)} s, dựng + biểu đồ "
            f"{vn(timing.compose_seconds, 2)} s, kết xuất {vn(timing.render_seconds, 2)} s; "
            f"= {vn(timing.total_seconds / timing.baseline_seconds, 1)} × quyết định mẫu "
            f"({vn(timing.baseline_seconds * 1000)} ms)",
        )
    ]


def bench_initiatives() -> list[Figure]:
    """bench/initiatives.py: the duplicate detector's quality on the held-out split (and the
    baseline's, for comparison), then a check against 10.000 initiatives."""
    from bench import initiatives

    detector, baseline, counts = initiatives.quality()
    held_out = detector.at_default
    assert held_out is not None
    note = (
        f"ngưỡng {vn(held_out.threshold, 2)}, {counts['test_pairs']} cặp kiểm tra "
        f"({counts['test_positives']} trùng), chủ đề không dùng khi chọn ngưỡng"
    )
    base = baseline.test
    base_note = f"TF-IDF n-gram ký tự, ngưỡng {vn(base.threshold, 2)} chọn trên tập huấn luyện"
    figures = [
        Figure("Trùng lặp sáng kiến: precision", held_out.precision, "", 0.95, note, 3, True),
        Figure("Trùng lặp sáng kiến: recall", held_out.recall, "", 0.90, note, 3, True),
        Figure("  so sánh: precision", base.precision, "", None, base_note, 3),
        Figure("  so sánh: recall", base.recall, "", None, base_note, 3),
    ]
    # The hard set (another writer): "hard" was looked at while tuning, "hard_final" never.
    hard_detector, hard_baseline, hard_counts = initiatives.quality_hard()
    for split in initiatives.HARD_SPLITS:
        mine, theirs = hard_detector.by_split[split], hard_baseline.by_split[split]
        hard_note = (
            f"tập khó “{split}”: {hard_counts[f'{split}_pairs']} cặp; TF-IDF "
            f"{vn(theirs.precision, 3)} / {vn(theirs.recall, 3)}"
        )
        figures += [
            Figure(f"  tập khó {split}: precision", mine.precision, "", 0.95, hard_note, 3, True),
            Figure(f"  tập khó {split}: recall", mine.recall, "", 0.90, hard_note, 3, True),
        ]
    speed = initiatives.speed()
    figures.append(
        Figure(
            f"Kiểm tra trùng lặp ({vn(speed['initiatives'])} sáng kiến)",
            speed["median_ms"],
            "ms",
            initiatives.SPEED_BUDGET_MS,
            f"trung vị {initiatives.SPEED_RUNS} lần; lần đầu (nạp chỉ mục) "
            f"{vn(speed['cold_ms'])} ms; tính dấu vân tay {vn(speed['fingerprint_seconds'], 1)} s",
        )
    )
    return figures


def bench_certificates() -> list[Figure]:
    """bench/certificates.py: 1.000 certificates by the initiatives' batch builder and the
    documents' job runner, against rendering one certificate 1.000 times in the same run."""
    from bench import certificates

    timing = certificates.measure()
    return [
        Figure(
            f"{vn(timing.count)} giấy chứng nhận sáng kiến",
            timing.batch_seconds if timing.done == timing.count else float("inf"),
            "s",
            certificates.BUDGET_SECONDS,
            f"{timing.done}/{timing.count} ({timing.status}); = {vn(timing.ratio, 2)} × chỉ kết "
            f"xuất {vn(timing.count)} lần ({vn(timing.baseline_seconds, 1)} s); quyết định "
            f"{vn(timing.count // 2)} sáng kiến {vn(timing.decision_seconds, 1)} s",
        )
    ]


def bench_awards() -> list[Figure]:
    """bench/awards.py: eligibility for every award of the default rulebook, 40.000 people and
    2.500 collectives, against the straightforward per-person evaluate loop."""
    from bench import awards

    timing = awards.measure()
    return [
        Figure(
            f"Xét điều kiện khen thưởng toàn Sở ({vn(timing.people)} người)",
            timing.engine_seconds,
            "s",
            awards.BUDGET_SECONDS,
            f"{vn(timing.evaluations)} lượt xét, {vn(timing.collectives)} tập thể, "
            f"{vn(timing.eligible)} đủ điều kiện; = 1/{vn(timing.ratio, 1)} vòng lặp từng người "
            f"({vn(timing.baseline_seconds, 1)} s, đo trên 1/{timing.sample} số người)",
            2,
        )
    ]


@contextlib.contextmanager
def running_server() -> Iterator[int]:
    """gunicorn on a free local port with the bench settings (inherited environment)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable, "-m", "gunicorn", "bench.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "1",
        "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start for the bench") from None
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def bench_import() -> list[Figure]:
    """bench/import_people.py (helper H3's measurement), when present."""
    try:
        from bench import import_people
    except ImportError:
        return [Figure("Nhập Excel 40.000 người", 0.0, "s", None, "bench/import_people.py chưa có")]
    from thidua.organizations.enums import ImportStatus

    workdir = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    result = import_people.measure(IMPORT_ROWS, workdir=workdir)
    figures = []
    for key, label in [("import", "lần đầu"), ("reimport", "nhập lại, không đổi")]:
        outcome = result[f"{key}_outcome"]
        succeeded = outcome[0] == ImportStatus.SUCCEEDED
        figures.append(
            Figure(
                f"Nhập Excel {vn(IMPORT_ROWS)} người ({label})",
                result[f"{key}_seconds"] if succeeded else float("inf"),
                "s",
                IMPORT_BUDGET_SECONDS,
                f"trạng thái, tạo, cập nhật, không đổi: {outcome}",
            )
        )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--scale", default="hanoi", choices=["small", "hanoi"])
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument("--skip-import", action="store_true", help="skip the Excel import")
    parser.add_argument("--skip-reporting", action="store_true", help="skip the reporting figures")
    parser.add_argument(
        "--skip-initiatives", action="store_true", help="skip the initiatives figures"
    )
    parser.add_argument("--skip-awards", action="store_true", help="skip the awards figure")
    parser.add_argument("--db", type=Path, default=BENCH_DB)
    args = parser.parse_args(argv)

    reuse = args.reuse and args.db.exists()
    setup_django(args.db, fresh=not reuse)
    figures: list[Figure] = []
    if reuse:
        from thidua.core.services import refresh_query_planner_statistics

        print(f"Dùng lại cơ sở dữ liệu đo {args.db}")
        refresh_query_planner_statistics()  # migrations may have added indexes
    else:
        print(f"Tạo cơ sở dữ liệu đo {args.db} (quy mô {args.scale})…")
        summary = generate(args.scale)
        figures.append(
            Figure(
                f"Tạo dữ liệu {args.scale} (seed_demo)",
                summary.seconds,
                "s",
                SEED_BUDGET_SECONDS,
                f"{summary.units} đơn vị, {vn(summary.collectives)} khoa/phòng, "
                f"{vn(summary.people)} người",
            )
        )
    figures += bench_search()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    figures += bench_pages()
    if not args.skip_reporting:
        figures += bench_reporting()
    if not args.skip_initiatives:
        figures += bench_initiatives()
        figures += bench_certificates()
    figures += bench_summaries()
    if not args.skip_awards:
        figures += bench_awards()
    if not args.skip_import:
        figures += bench_import()

    print()
    print(f"{'Phép đo':<46} {'Kết quả':>14} {'Ngưỡng':>16}  Đạt?")
    print("-" * 100)
    for figure in figures:
        print(figure.line())
    failed = [f for f in figures if not f.ok]
    print()
    print("Tất cả đạt ngưỡng." if not failed else f"{len(failed)} phép đo KHÔNG đạt ngưỡng.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
