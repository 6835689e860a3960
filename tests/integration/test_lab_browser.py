"""JupyterLab in a real browser: ``make lab`` serves ``explore.ipynb``, it runs, and stays clean.

The test starts JupyterLab exactly as an analyst does (``make lab``: ``.venv-lab`` from
``requirements/lab-lock.txt``, the project's ``jupyter_server_config.py``) on 127.0.0.1 with a
free port and a random token, opens ``notebooks/explore.ipynb`` in Debian's headless Chromium
(Playwright, no browser download), runs every cell, waits for the kernel to be idle, and
checks: no error output and no missing-glyph warning; Chinese text is drawn with real glyphs
(two different characters do not draw the same box); every chart cell shows an image. It
then saves the notebook from the browser and checks that every committed notebook is byte for
byte unchanged (the pre-save hook strips what the run added). Screenshots go to ``.ci/out/``.
The server is shut down through its API (which stops the kernel) and its process group is
killed if anything is left.

Chromium draws HTML text with the system's fonts; the test gives it the library's bundled
Noto Sans CJK SC through a private fontconfig file, as a Chinese desktop would have one.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from chromium import CHROMIUM, FLAGS, skip_without_chromium

from hongtonglib.fonts import cjk_font_path

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = "notebooks/explore.ipynb"
SHOTS = REPO / ".ci" / "out"
START_TIMEOUT_S = 240
RUN_TIMEOUT_S = 420

GLYPHS_JS = """(selector) => {
  const el = document.querySelector(selector);
  const family = getComputedStyle(el).fontFamily;
  const c = document.createElement('canvas'); c.width = 80; c.height = 40;
  const g = c.getContext('2d');
  const draw = (ch) => {
    g.clearRect(0, 0, 80, 40); g.font = `28px ${family}`; g.fillText(ch, 4, 32);
    return g.getImageData(0, 0, 80, 40).data.join(',');
  };
  const a = draw('城'), b = draw('镇'), missing = draw('\\u{10FFFD}');
  return {family, distinct: a !== b && a !== missing && b !== missing, text: el.textContent};
}"""

CELLS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets.map(w => w.model.toJSON());
  return {
    status: panel.sessionContext.session?.kernel?.status ?? 'none',
    dirty: panel.context.model.dirty,
    cells: cells.filter(c => c.cell_type === 'code').map(c => ({
      count: c.execution_count,
      source: Array.isArray(c.source) ? c.source.join('') : c.source,
      outputs: c.outputs.map(o => ({type: o.output_type, name: o.name || '',
        text: Array.isArray(o.text) ? o.text.join('') : (o.text || ''),
        mimes: Object.keys(o.data || {})})),
    })),
  };
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def notebook_hashes() -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((REPO / "notebooks").glob("*.ipynb"))
    }


def api(base: str, token: str, path: str, method: str = "GET") -> object:
    request = urllib.request.Request(
        f"{base}{path}", method=method, headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else None


def wait_until_up(base: str, token: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"make lab exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            api(base, token, "/api/status")
            return
        except OSError:
            time.sleep(1)
    pytest.fail(f"JupyterLab did not answer in {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen, base: str, token: str) -> None:
    """Shut the server down (it stops its kernels), then kill whatever of ours is left."""
    try:
        tree = [server, *psutil.Process(server.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    try:
        api(base, token, "/api/shutdown", method="POST")
        server.wait(timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        pass
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
    for process in tree[1:]:
        if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
            process.kill()


def fontconfig(tmp_path: Path) -> Path:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / cjk_font_path().name).symlink_to(cjk_font_path())
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{fonts}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return conf


def lab_settings(tmp_path: Path) -> Path:
    """Settings of a fresh user: every cell rendered (no windowing), no news prompt."""
    settings = tmp_path / "settings" / "@jupyterlab"
    for extension, name, values in (
        ("notebook-extension", "tracker", {"windowingMode": "none"}),
        ("apputils-extension", "notification", {"fetchNews": "false"}),
    ):
        (settings / extension).mkdir(parents=True, exist_ok=True)
        (settings / extension / f"{name}.jupyterlab-settings").write_text(json.dumps(values))
    return settings.parent


def test_explore_runs_in_jupyterlab_and_leaves_notebooks_clean(tmp_path: Path) -> None:
    skip_without_chromium()
    from playwright.sync_api import sync_playwright

    before = notebook_hashes()
    checkpoints = REPO / "notebooks" / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()
    port, token = free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    args = [
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
        f"--LabApp.user_settings_dir={lab_settings(tmp_path)}",
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")
    log = tmp_path / "lab.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    env.pop("PYTEST_ADDOPTS", None)
    with log.open("w") as out:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"LAB_ARGS={' '.join(args)}"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        wait_until_up(base, token, server, log)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                headless=True,
                args=FLAGS,
                env={**os.environ, "FONTCONFIG_FILE": str(fontconfig(tmp_path))},
            )
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
                page.wait_for_function(
                    "() => window.jupyterapp?.shell?.currentWidget?.sessionContext?.session"
                    "?.kernel?.status === 'idle'",
                    timeout=START_TIMEOUT_S * 1000,
                )
                page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
                page.wait_for_function(
                    "() => { const p = window.jupyterapp.shell.currentWidget;"
                    " const code = p.content.widgets.filter(w => w.model.type === 'code');"
                    " return p.sessionContext.session.kernel.status === 'idle' &&"
                    " code.every(w => w.model.executionCount !== null); }",
                    timeout=RUN_TIMEOUT_S * 1000,
                    polling=1000,
                )
                facts = page.evaluate(CELLS_JS)
                glyphs = page.evaluate(GLYPHS_JS, ".jp-MarkdownOutput h1")
                images = page.evaluate(
                    "() => Array.from(document.querySelectorAll('.jp-OutputArea-output img'))"
                    ".filter(i => i.complete && i.naturalWidth > 0).length"
                )
                page.locator(".jp-MarkdownOutput h1").scroll_into_view_if_needed()
                page.screenshot(path=str(SHOTS / "lab-explore-top.png"))
                page.locator(".jp-OutputArea-output img").first.scroll_into_view_if_needed()
                page.screenshot(path=str(SHOTS / "lab-explore-chart.png"))
                page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
                page.wait_for_function(
                    "() => !window.jupyterapp.shell.currentWidget.context.model.dirty",
                    timeout=30_000,
                )
            finally:
                browser.close()
    finally:
        stop(server, base, token)
        if not had_checkpoints:  # the lab's own (git-ignored) copies; leave no trace
            shutil.rmtree(checkpoints, ignore_errors=True)

    code = facts["cells"]
    assert code and all(cell["count"] is not None for cell in code)
    outputs = [o for cell in code for o in cell["outputs"]]
    assert not [o for o in outputs if o["type"] == "error"], outputs
    stderr = "".join(o["text"] for o in outputs if o["name"] == "stderr")
    assert "missing from font" not in stderr and "Glyph" not in stderr, stderr
    assert glyphs["distinct"], glyphs  # Chinese drawn with glyphs, not one missing-glyph box
    assert any("\u4e00" <= ch <= "\u9fff" for ch in glyphs["text"]), glyphs
    calls = ("plot_", ".plot(")
    charts = [
        c for c in code if "import" not in c["source"] and any(x in c["source"] for x in calls)
    ]
    assert len(charts) == 4
    for cell in charts:
        assert any("image/png" in o["mimes"] for o in cell["outputs"]), cell["source"]
    assert images >= len(charts)
    assert notebook_hashes() == before, "a committed notebook changed"
    status = subprocess.run(
        ["git", "status", "--porcelain", "--", "notebooks"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == "", status.stdout
    assert server.returncode is not None
