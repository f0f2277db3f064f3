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
import gzip
import tempfile
from pathlib import Path

from rnn_course.authoring.browser import launch, sync_playwright
from rnn_course.authoring.site import build_book, chapter_pages, serve

SITE_TARGET_MB, PAGE_TARGET_MB = 15, 2
MB = 1e6


def disk_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def transferred(site: Path, pages: list[str]) -> dict[str, tuple[int, int, int]]:
    """Per page: (responses, raw bytes, gzip bytes) a first visit downloads."""
    weights = {}
    with serve(site) as url, sync_playwright() as playwright:
        browser = launch(playwright)
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
        report(build_book(Path(folder)))


if __name__ == "__main__":
    main()
