"""Print the website's weight: its size on disk (target <= 15 MB) and, per chapter page,
the bytes a reader's browser transfers, raw and gzip-compressed as a static host sends
them (target <= 2 MB compressed).

    python benchmarks/site_size.py                   # build the book into a temporary folder
    python benchmarks/site_size.py _build/html       # or measure a built site

Each page is loaded in headless Chromium (Debian's, as in the browser test) from a local
server, with an empty cache, until the network is idle; every response body is counted
once raw and once compressed with gzip (level 6, what static hosts use).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE_TARGET_MB, PAGE_TARGET_MB = 15, 2
MB = 1e6
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


def build(output: Path) -> Path:
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT), "-W",
               "--builder", "html", "--path-output", str(output)]
    subprocess.run(command, check=True, capture_output=True)
    return output / "_build" / "html"


def chapter_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    return [f for f in files if f.startswith("chapters/")]


def disk_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def transferred(site: Path, pages: list[str]) -> dict[str, tuple[int, int, int]]:
    """Per page: (responses, raw bytes, gzip bytes) a first visit downloads."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    weights = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or shutil.which("chromium-browser"),
                args=CHROMIUM_FLAGS)
            for name in pages:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                responses = []
                page.on("response", lambda response: responses.append(response))
                page.goto(f"{url}/{name}.html", wait_until="networkidle")
                bodies = [r.body() for r in responses if r.url.startswith(url) and r.ok]
                weights[name] = (len(bodies), sum(map(len, bodies)),
                                 sum(len(gzip.compress(b, compresslevel=6)) for b in bodies))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return weights


def report(site: Path) -> None:
    size = disk_bytes(site) / MB
    print(f"site on disk: {size:5.1f} MB (target <= {SITE_TARGET_MB} MB)")
    print(f"{'page':<45} {'files':>5} {'raw MB':>7} {'gzip MB':>8}")
    for name, (count, raw, packed) in transferred(site, chapter_pages()).items():
        flag = "" if packed / MB <= PAGE_TARGET_MB else f"  over {PAGE_TARGET_MB} MB"
        print(f"{name:<45} {count:>5} {raw / MB:>7.2f} {packed / MB:>8.2f}{flag}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, help="a built site (its html/ folder)")
    args = parser.parse_args()
    if args.site:
        report(args.site)
        return
    with tempfile.TemporaryDirectory() as folder:
        report(build(Path(folder)))


if __name__ == "__main__":
    main()
