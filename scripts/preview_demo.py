"""Render one live demo in headless Chromium without building the book; save a screenshot.

    python scripts/preview_demo.py rnn_course.widgets.gradient_flow.GradientFlowExplorer \
        [--width 760] [--set activation=relu --set num_steps=30] [--out demo.png]

The page holds only the demo's ES module and a minimal stand-in for the widget model
(get/set/on/off/save_changes), so a maintainer sees a change to a module in seconds.
Console errors are printed.
"""

from __future__ import annotations

import argparse
import base64
import json
from pathlib import Path

from rnn_course.authoring.browser import launch, sync_playwright
from rnn_course.widgets import all_demos

PAGE = """<!doctype html><html><body style="margin:8px"><div id="root"></div>
<script type="module">
const state = %(state)s, listeners = {};
const model = {
  get: (k) => state[k],
  set: (k, v) => { state[k] = v; (listeners["change:" + k] || []).forEach((f) => f()); },
  save_changes() {}, on: (e, f) => (listeners[e] ||= []).push(f), off() {},
};
const demo = await import("data:text/javascript;base64,%(module)s");
demo.default.render({ model, el: document.getElementById("root") });
</script></body></html>"""


def demo_class(name: str):
    """The live demo named by its class (``LSTMGateExplorer``) or its dotted path."""
    found = {f"{demo.__module__}.{demo.__qualname__}": demo for demo in all_demos()}
    matches = [demo for dotted, demo in found.items()
               if name in (dotted, dotted.rpartition(".")[2])]
    if len(matches) != 1:
        raise SystemExit(f"no single live demo named {name!r}; the demos: "
                         + ", ".join(sorted(found)))
    return matches[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("demo", help="a LiveDemo subclass: its name or dotted path")
    parser.add_argument("--width", type=int, default=760)
    parser.add_argument("--set", action="append", default=[], metavar="TRAIT=JSON")
    parser.add_argument("--out", type=Path, default=Path("demo.png"))
    args = parser.parse_args()
    cls = demo_class(args.demo)
    state = cls().model_state()
    for item in args.set:
        name, _, value = item.partition("=")
        state[name] = value if isinstance(state.get(name), str) else json.loads(value)
    page_html = PAGE % {"state": json.dumps(state),
                        "module": base64.b64encode(cls._esm.encode()).decode()}
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": args.width + 16, "height": 900})
        page.on("console", lambda m: m.type == "error" and print("console error:", m.text))
        page.on("pageerror", lambda e: print("page error:", e))
        page.set_content(page_html)
        page.wait_for_selector(".rnn-demo svg *", state="attached")
        print(page.locator(".rnn-title").inner_text())
        page.locator(".rnn-demo").screenshot(path=str(args.out))
        browser.close()
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
