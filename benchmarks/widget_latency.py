"""Print each live demo's redraw latency on the built site, and the size of its JavaScript.

    python benchmarks/widget_latency.py [--changes 30] [--site _build/html]

Builds the book into a temporary folder (or uses ``--site``), serves it on 127.0.0.1 and
opens every chapter page in headless Chromium. For each demo it moves its controls in
turn, ``--changes`` times in all, and measures in the page the time from the control's
input event to the end of the redraw (the demo redraws synchronously in the event
handler; reading the layout afterwards includes the browser's style and layout work).
Targets: median <= 16 ms (one frame), max <= 50 ms; all demo modules together <= 100 KB.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from importlib import resources
from pathlib import Path

from rnn_course.authoring.browser import WIDGETS_RENDERED, launch, sync_playwright
from rnn_course.authoring.site import build_book, chapter_pages, serve
from rnn_course.widgets import all_demos

MEASURE = """([index, changes]) => {
  const demo = document.querySelectorAll('.rnn-demo')[index];
  const controls = Array.from(demo.querySelectorAll('[data-trait]'));
  const times = [];
  for (let n = 0; n < changes; n++) {
    const control = controls[n % controls.length];
    if (control.type === 'range') {
      const steps = Math.round((control.max - control.min) / control.step);
      control.value = Number(control.min) + ((n * 7) % (steps + 1)) * Number(control.step);
    } else if (control.tagName === 'SELECT') {
      control.selectedIndex = (control.selectedIndex + 1) % control.options.length;
    } else {
      const options = control.list ? Array.from(control.list.options).map(o => o.value) : [];
      control.value = options.length ? options[n % options.length] : control.value + ' ';
    }
    const start = performance.now();
    control.dispatchEvent(new Event(control.tagName === 'SELECT' ? 'change' : 'input'));
    demo.offsetHeight;  // force style and layout of the new drawing
    times.push(performance.now() - start);
  }
  return times;
}"""


def print_sizes() -> None:
    folder = resources.files("rnn_course.widgets").joinpath("js")
    sizes = {path.name: len(path.read_bytes()) for path in folder.iterdir()
             if path.name.endswith(".js")}
    print(f"\n{'JavaScript module':32s} {'bytes':>8s}")
    for name, size in sorted(sizes.items()):
        print(f"{name:32s} {size:8,d}")
    print(f"{'all modules (target <= 100 KB)':32s} {sum(sizes.values()):8,d}")
    for demo in all_demos():
        print(f"{demo.__name__ + ' as shipped (kit + module)':32s} {len(demo._esm.encode()):8,d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30, help="changes per demo (>= 20)")
    parser.add_argument("--site", type=Path, help="an already built _build/html")
    args = parser.parse_args()
    site = args.site or build_book(Path(tempfile.mkdtemp(prefix="rnn-book-")), strict=False)
    print(f"{'page':40s} {'demo':>4s} {'median ms':>10s} {'max ms':>8s}  changes")
    with serve(site) as url, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name in chapter_pages():
            page.goto(f"{url}/{name}.html", wait_until="networkidle")
            page.wait_for_function(WIDGETS_RENDERED, timeout=20_000)
            count = page.locator(".rnn-demo").count()
            for index in range(count):
                times = page.evaluate(MEASURE, [index, args.changes])
                print(f"{name:40s} {index:4d} {statistics.median(times):10.2f} "
                      f"{max(times):8.2f}  {len(times)}")
        browser.close()
    print_sizes()


if __name__ == "__main__":
    main()
