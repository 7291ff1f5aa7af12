"""What a theme build costs, and what a resident's phone downloads on a first visit.

`make bench` runs this module (or `python -m tests.benchmarks.theme_build` from the root).

1. Build time: the demo buurtsite Nijmegen-Oost with an SVG logo and a photo-like header image
   (2400 x 1600, noisy, so JPEG cannot make it unrealistically small) is published ten times;
   each build (`run_theme_build`: every file, written to disk, made live) is timed on its own.
   Median, fastest and slowest are reported. Goal: median under 2 s.
2. First view: Debian's chromium (through Playwright) opens the home page of that buurtsite
   with an empty cache, once as a phone (375 x 667 CSS pixels at device pixel ratio 2) and once
   as a desktop (1280 x 800 at ratio 1), and every response body the page loads is counted:
   HTML, CSS, fonts, images, scripts. Goal: under 150 KB each. The bytes are counted as served
   here, uncompressed; what gzip would make of the text files is shown beside them, since a
   production server compresses those.

Everything happens in a database of its own (`mijnbuurtje_bench_themes`, created and dropped),
under a Redis key prefix of its own and with theme files in a temporary folder, so neither
development nor test data is touched. A benchmark reports; it exits 0 unless something crashes.
"""

from __future__ import annotations

import gzip
import io
import os
import random
import shutil
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.benchmarks.support import bench_django

ROOT = Path(__file__).resolve().parents[2]
BENCH_DATABASE = "mijnbuurtje_bench_themes"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

BUILDS = 10
GOAL_BUILD_SECONDS = 2.0
GOAL_FIRST_VIEW_BYTES = 150 * 1024
HOST = "oost.localhost"
TEXT_TYPES = ("document", "stylesheet", "script", "manifest")


def _photo() -> bytes:
    """A photo-like header image: smooth shapes under fine noise, as a phone camera gives."""
    from PIL import Image, ImageDraw, ImageFilter

    chance = random.Random(4)
    width, height = 2400, 1600
    image = Image.new("RGB", (width, height), (120, 160, 200))
    draw = ImageDraw.Draw(image)
    for _ in range(160):
        x, y = chance.randrange(width), chance.randrange(height)
        size = chance.randrange(40, 400)
        colour = tuple(chance.randrange(40, 230) for _ in range(3))
        draw.rectangle((x, y, x + size, y + size * 2 // 3), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(3))
    # Texture at several scales (leaves, bricks, grain), so it survives scaling down as a real
    # photo's detail does.
    for scale, weight in ((8, 0.18), (3, 0.12), (1, 0.08)):
        noise = Image.effect_noise((width // scale, height // scale), 60).convert("RGB")
        image = Image.blend(image, noise.resize((width, height), Image.Resampling.BICUBIC), weight)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=90)
    return output.getvalue()


def _prepare_theme() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tenants.models import Buurtsite
    from themes.actions import save_theme_draft
    from themes.demo import _LOGOS
    from themes.permissions import SYSTEM
    from themes.selectors import theme_of
    from themes.uploads import clean_header_image, clean_logo

    buurtsite = Buurtsite.objects.get(slug="oost")
    theme = theme_of(buurtsite)
    assert theme is not None
    values = {k: v for k, v in theme.draft_settings().items() if k not in {"logo", "header_image"}}
    save_theme_draft(
        buurtsite,
        editor=SYSTEM,
        values={**values, "home_layout": "banner"},
        logo=clean_logo(SimpleUploadedFile("logo.svg", _LOGOS["oost"].encode())),
        header_image=clean_header_image(SimpleUploadedFile("kop.jpg", _photo())),
    )
    return buurtsite


def _build_times(buurtsite: Any) -> list[float]:
    from themes.actions import publish_theme, run_theme_build
    from themes.models import ThemeBuild
    from themes.permissions import SYSTEM

    times = []
    for _ in range(BUILDS):
        # Published without a worker: the message waits in the queue; the build runs here.
        build = publish_theme(buurtsite, editor=SYSTEM)
        start = time.perf_counter()
        result = run_theme_build(build.pk)
        times.append(time.perf_counter() - start)
        assert result.status == ThemeBuild.Status.READY, result.error
    return times


@dataclass
class FirstView:
    label: str
    by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    gzipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    requests: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_type.values())

    @property
    def total_on_the_wire(self) -> int:
        return sum(self.gzipped.get(kind, size) for kind, size in self.by_type.items())


def _serve() -> tuple[Any, int]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def _first_views(port: int) -> list[FirstView]:
    from playwright.sync_api import sync_playwright

    views = []
    devices = [
        ("phone 375x667 @2x", {"width": 375, "height": 667}, 2, True),
        ("desktop 1280x800 @1x", {"width": 1280, "height": 800}, 1, False),
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for label, viewport, ratio, mobile in devices:
                context = browser.new_context(
                    viewport=viewport, device_scale_factor=ratio, is_mobile=mobile, locale="nl-NL"
                )
                page = context.new_page()
                view = FirstView(label)

                def count(response: Any, view: FirstView = view) -> None:
                    body = response.body()
                    kind = response.request.resource_type
                    view.by_type[kind] += len(body)
                    if kind in TEXT_TYPES:
                        view.gzipped[kind] += len(gzip.compress(body, compresslevel=9))
                    view.requests.append((kind, response.url, len(body)))

                page.on("response", count)
                page.goto(f"http://{HOST}:{port}/", wait_until="networkidle")
                page.evaluate("document.fonts.ready")
                page.wait_for_load_state("networkidle")
                views.append(view)
                context.close()
        finally:
            browser.close()
    return views


def _report(times: list[float], views: list[FirstView] | None) -> None:
    median = statistics.median(times)
    print()
    print(f"Theme build (SVG logo, 2400x1600 photo), {BUILDS} builds, each timed on its own:")
    print(f"  median {median:.2f} s   fastest {min(times):.2f} s   slowest {max(times):.2f} s")
    verdict = "PASS" if median < GOAL_BUILD_SECONDS else "MISS"
    print(f"{verdict}  build median < {GOAL_BUILD_SECONDS:g} s ({median:.2f} s)")
    print()
    if views is None:
        print(f"SKIP  first view: {CHROMIUM} is missing (run `make browser`)")
        return
    for view in views:
        print(f"First view of http://{HOST}/ as a {view.label}, empty cache:")
        for kind, size in sorted(view.by_type.items(), key=lambda item: -item[1]):
            wire = f"   gzip {view.gzipped[kind] / 1024:6.1f} KB" if kind in view.gzipped else ""
            print(f"  {kind:<12}{size / 1024:7.1f} KB{wire}")
        print(
            f"  {'total':<12}{view.total / 1024:7.1f} KB   "
            f"(with text gzipped, as production serves it: {view.total_on_the_wire / 1024:.1f} KB)"
        )
        for kind, url, size in view.requests:
            print(f"    {size / 1024:6.1f} KB  {kind:<11} {url.split(str(HOST), 1)[-1][:80]}")
        verdict = "PASS" if view.total < GOAL_FIRST_VIEW_BYTES else "MISS"
        print(
            f"{verdict}  first view < {GOAL_FIRST_VIEW_BYTES // 1024} KB "
            f"({view.total / 1024:.1f} KB uncompressed)"
        )
        print()


def main() -> None:
    started = time.perf_counter()
    theme_root = Path(tempfile.mkdtemp(prefix="mijnbuurtje-bench-themes-"))
    # Read by the settings when `bench_django` sets Django up: built files stay out of media.
    os.environ["THEME_ROOT"] = str(theme_root)
    os.environ["REDIS_NAMESPACE"] = BENCH_DATABASE
    server = None
    try:
        with bench_django(BENCH_DATABASE):
            from django.db import connections

            from mijnbuurtje.demo import load_demo

            print(f"Prepared database {BENCH_DATABASE}; loading the demo buurtsites")
            load_demo()
            buurtsite = _prepare_theme()

            print(f"Building the theme {BUILDS} times")
            times = _build_times(buurtsite)
            connections.close_all()

            views = None
            if CHROMIUM.exists():
                print("Loading the home page in chromium")
                server, port = _serve()
                views = _first_views(port)
            _report(times, views)
            if server is not None:
                server.shutdown()
                server.server_close()
                server = None
    finally:
        shutil.rmtree(theme_root, ignore_errors=True)
    print(f"run time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
