"""Run a chapter in a real notebook front end (JupyterLab 4 or Notebook 7) in headless
Chromium, as a learner would, and report what they would meet.

A server is started on 127.0.0.1 with a token and its own Jupyter folders (config, data,
runtime, settings, workspaces in a temporary folder), so nothing of the user's Jupyter
set-up takes part. The notebook is opened, every cell is run, and then:

- every live demo (``.rnn-demo``) must have drawn its SVG;
- one control per demo is moved *by keyboard* (a slider with the arrow keys, a drop-down
  with the arrow keys, a text box by typing) and the drawing must change;
- console errors, cell errors, off-machine requests and raw MyST syntax left in the
  rendered markdown are collected.

Used by ``tests/test_frontends.py``; ``python -m rnn_course.authoring.frontends NOTEBOOK``
prints the report (``--frontend notebook`` for Notebook 7).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from rnn_course.authoring import browser as chromium
from rnn_course.authoring.boxes import RAW_MYST

# The course's Jupyter data folder (in the repository; the wheel installs it into
# <prefix>/share/jupyter): the labextension that lets ipywidgets 7 kernels (Colab's
# version) use the ipywidgets 8 front end of JupyterLab 4 / Notebook 7.
JUPYTER_DATA = "jupyter"
# Requests allowed off the machine: the "Open in Colab" badge image of the first cell.
BADGE_HOST = "colab.research.google.com"
BADGE_STAND_IN = '<svg xmlns="http://www.w3.org/2000/svg" width="117" height="20"/>'

PATHS = {"lab": "lab/tree", "notebook": "notebooks"}


@dataclass
class DemoCheck:
    """One demo: did it draw, and did moving ``control`` by keyboard redraw it?"""
    control: str
    rendered: bool
    redrawn: bool


@dataclass
class Report:
    frontend: str
    notebook: str
    demos: list[DemoCheck] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    cell_errors: list[str] = field(default_factory=list)
    off_machine: list[str] = field(default_factory=list)
    raw_myst: list[str] = field(default_factory=list)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds: open, run, check

    def summary(self) -> str:
        rendered = sum(d.rendered for d in self.demos)
        redrawn = sum(d.redrawn for d in self.demos)
        return (f"{self.frontend}: {self.notebook}: {len(self.demos)} demos, {rendered} rendered, "
                f"{redrawn} redrawn by keyboard, {len(self.console_errors)} console errors, "
                f"{len(self.cell_errors)} cell errors, {len(self.off_machine)} off-machine "
                f"requests, {len(self.raw_myst)} raw MyST, {self.seconds:.0f} s "
                f"({', '.join(f'{k} {v:.0f} s' for k, v in self.phases.items())})")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def jupyter_env(home: Path, base: dict | None = None, data_paths: tuple[Path, ...] = ()) -> dict:
    """Environment for a Jupyter server and its kernels that reads only folders in
    ``home``, ``data_paths`` and its own environment's (no user config, no user data)."""
    env = dict(os.environ if base is None else base)
    inherited = [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    for name in ("config", "data", "runtime", "settings", "workspaces"):
        (home / name).mkdir(parents=True, exist_ok=True)
    env.update(JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
               JUPYTER_PATH=os.pathsep.join([*map(str, data_paths), *inherited]), JUPYTER_PLATFORM_DIRS="1",
               IPYTHONDIR=str(home / "ipython"))
    # Every cell rendered at once: with JupyterLab's windowing, demos far down the notebook
    # are not laid out until scrolled to, and the check looks at all of them.
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True, exist_ok=True)
    tracker.write_text('{"windowingMode": "none"}')
    # Never save: running the cells must not rewrite the checkout's notebooks.
    docmanager = home / "settings" / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    docmanager.parent.mkdir(parents=True, exist_ok=True)
    docmanager.write_text('{"autosave": false}')
    return env


@contextmanager
def jupyter_server(frontend: str, root_dir: Path, python: str = sys.executable,
                   env: dict | None = None, timeout: float = 60.0):
    """Serve ``root_dir`` (a course checkout) with JupyterLab (``frontend="lab"``) or
    Notebook 7 (``"notebook"``), started from ``python``'s environment as the README
    starts them, on 127.0.0.1; yield ``(base_url, token)``.

    The checkout's ``jupyter/`` data folder comes first, so its labextension is the one
    tested even where an older copy of the package is installed. (Notebook 7 served by a
    JupyterLab server is not the same: it lacks plugins and its fonts are refused.)"""
    token = secrets.token_hex(16)
    port = _free_port()
    home = Path(tempfile.mkdtemp(prefix="rnn-jupyter-"))
    app = {"lab": "LabApp", "notebook": "JupyterNotebookApp"}[frontend]
    command = [python, "-m", {"lab": "jupyterlab", "notebook": "notebook"}[frontend],
               "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
               "--ServerApp.port_retries=0",
               # The test drives the application through window.jupyterapp.
               f"--{app}.expose_app_in_browser=True"]
    if frontend == "lab":  # no PyPI queries from the extension manager
        command.append("--LabApp.extension_manager=readonly")
    if os.geteuid() == 0:  # containers and CI machines often run as root
        command.append("--allow-root")
    # A kernel environment layered on this one (.venv-ipywidgets8 on .venv) borrows its
    # Jupyter data (JupyterLab's application, the labextensions) and server configuration.
    here = Path(sys.prefix)
    server_env = jupyter_env(home, env, (root_dir / JUPYTER_DATA, here / "share" / "jupyter"))
    server_env["JUPYTER_CONFIG_PATH"] = str(here / "etc" / "jupyter")
    if not (Path(python).parent.parent / "share" / "jupyter" / "lab").is_dir():
        server_env["JUPYTERLAB_DIR"] = str(here / "share" / "jupyter" / "lab")
    log = open(home / "server.log", "w")
    server = subprocess.Popen(command, env=server_env, stdout=log, stderr=subprocess.STDOUT,
                              cwd=root_dir)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Jupyter server did not start:\n" +
                                       (home / "server.log").read_text()[-3000:])
                time.sleep(0.3)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


# Run every cell through the application's own command (the test server exposes the app
# as window.jupyterapp); resolves once the kernel has run them all.
RUN_ALL = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.sessionContext.ready;
  await app.commands.execute('notebook:run-all-cells');
}"""
# True when every code cell has run (prompt "[n]:") and none is running or queued.
ALL_RUN = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  return cells.every(c => c.model.executionCount !== null) &&
         panel.sessionContext.session.kernel.status === 'idle';
}"""
CELL_ERRORS = """() => Array.from(document.querySelectorAll(
  '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
  .map(e => e.innerText.trim().slice(0, 300))"""
MARKDOWN_TEXT = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.filter(c => c.model.type === 'markdown').map(c => {
    if (!c.rendered) { c.rendered = true; }
    return c.node.querySelector('.jp-RenderedMarkdown')?.innerText ?? '';
  });
}"""


def _move_by_keyboard(control, page) -> str:
    """Change one demo control with the keyboard only; return how (for the report)."""
    kind = control.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
    before = control.input_value()
    control.focus()
    if kind in ("range", "select"):
        page.keyboard.press("ArrowRight" if kind == "range" else "ArrowDown")
        if control.input_value() == before:  # at its maximum, or the last option
            page.keyboard.press("ArrowLeft" if kind == "range" else "ArrowUp")
    else:
        suggestions = control.evaluate(
            "e => e.list ? Array.from(e.list.options).map(o => o.value) : []")
        value = next((s for s in suggestions if s != before), before + "1")
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Enter")
    return f"{kind} {before!r} -> {control.input_value()!r}"


def check_notebook(browser, base: str, token: str, notebook: str, frontend: str,
                   run_timeout_s: float = 90.0) -> Report:
    """Open ``notebook`` (relative to the server's root) in ``frontend``, run all cells
    and check what a learner sees; see the module docstring."""
    start = time.monotonic()
    report = Report(frontend, notebook)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and report.console_errors.append(
        f"{m.text} ({m.location.get('url', '')})"))
    page.on("pageerror", lambda e: report.console_errors.append(e.stack or str(e)))

    def route(r):
        url = urlparse(r.request.url)
        if url.scheme in ("data", "blob") or url.hostname == "127.0.0.1":
            return r.continue_()
        if url.hostname == BADGE_HOST and url.path.endswith("colab-badge.svg"):
            return r.fulfill(content_type="image/svg+xml", body=BADGE_STAND_IN)  # as if online
        report.off_machine.append(r.request.url)
        return r.abort()  # nothing else may leave the machine

    page.route("**/*", route)
    # "reset": a fresh JupyterLab workspace, not the one an earlier page saved (which would
    # reopen that page's notebook next to this one).
    page.goto(f"{base}/{PATHS[frontend]}/{notebook}?{'reset&' if frontend == 'lab' else ''}token={token}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.content", timeout=60_000)
    report.phases["open"] = time.monotonic() - start
    page.evaluate(RUN_ALL)
    page.wait_for_function(ALL_RUN, timeout=run_timeout_s * 1000, polling=500)
    report.phases["run"] = time.monotonic() - start - report.phases["open"]
    report.cell_errors = page.evaluate(CELL_ERRORS)
    for text in page.evaluate(MARKDOWN_TEXT):
        report.raw_myst += [m.group(0) for m in RAW_MYST.finditer(text)]
    for demo in page.locator(".rnn-demo").all():
        demo.scroll_into_view_if_needed()
        rendered = demo.locator("svg *").count() > 0
        # Sliders first: JupyterLab's command mode takes their arrow keys unless told not to.
        controls = demo.locator("input[type=range][data-trait]").all() + \
            demo.locator("[data-trait]:not([type=range])").all()
        if not controls:
            report.demos.append(DemoCheck("(no control)", rendered, False))
            continue
        before = demo.locator("svg").first.inner_html()
        how = _move_by_keyboard(controls[0], page)
        try:
            page.wait_for_function("([d, b]) => d.querySelector('svg').innerHTML !== b",
                                   arg=[demo.element_handle(), before], timeout=5_000)
            redrawn = True
        except Exception:  # noqa: BLE001  (Playwright's TimeoutError: it did not redraw)
            redrawn = False
        report.demos.append(DemoCheck(how, rendered, redrawn))
    # Shut the kernel down: another front end opening the same notebook on this server
    # would otherwise join its session, with the widgets this page created.
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    context.close()
    report.seconds = time.monotonic() - start
    report.phases["check"] = report.seconds - report.phases["open"] - report.phases["run"]
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description="Run a notebook in JupyterLab or Notebook 7.")
    parser.add_argument("notebooks", nargs="+", help="paths relative to --root")
    parser.add_argument("--frontend", choices=sorted(PATHS), default="lab")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--python", default=sys.executable, help="the server's (and kernel's) Python")
    args = parser.parse_args()
    failed = False
    with jupyter_server(args.frontend, args.root.resolve(), args.python) as (base, token), \
            chromium.sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        for notebook in args.notebooks:
            report = check_notebook(browser, base, token, notebook, args.frontend)
            print(report.summary())
            for line in report.console_errors + report.cell_errors + report.off_machine + report.raw_myst:
                print("   ", line[:300])
            failed |= bool(report.console_errors or report.cell_errors or report.raw_myst or
                           not all(d.rendered and d.redrawn for d in report.demos))
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
