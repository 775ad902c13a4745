"""Take the screenshots used in README.md and docs/ from a running demo portal.

    python scripts/screenshot.py            # starts the dev server on a spare port itself

Uses Debian's Chromium through Playwright (no browser download).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE_DIR = Path(__file__).resolve().parent.parent
OUT = BASE_DIR / "docs" / "img"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = [
    # path, file, width, height, elderly mode
    ("/", "home.png", 1280, 860, False),
    ("/en/", "home-en-mobile.png", 390, 844, False),
    ("/", "home-elderly.png", 1280, 860, True),
    ("/complaints/", "complaints-form.png", 1280, 1400, False),
    ("/en/complaints/", "complaints-form-en-mobile.png", 390, 844, False),
]
# Signed in as a demo account: (account, path or (listing, selector of the link to follow), file,
# width, height)
SIGNED_IN_SHOTS = [
    (
        "resident",
        ("/accounts/me/", "a[href*='/complaints/track/']"),
        "complaints-tracking.png",
        1280,
        1100,
    ),
    ("official", "/admin/complaints/", "complaints-admin-list.png", 1400, 900),
    (
        "official",
        ("/admin/complaints/?status=in_progress", "a[href*='/admin/complaints/inspect/']"),
        "complaints-admin-inspect.png",
        1400,
        1500,
    ),
    ("official", "/admin/", "complaints-dashboard.png", 1400, 900),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback server
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The portal did not answer at {url}")


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def main() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"{base}/healthz")
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            for path, name, width, height, elderly in SHOTS:
                context = browser.new_context(viewport={"width": width, "height": height})
                if elderly:
                    context.add_cookies(
                        [{"name": "portal_display", "value": "elderly", "url": base}]
                    )
                page = context.new_page()
                page.goto(base + path)
                page.screenshot(path=str(OUT / name))
                context.close()
                print(f"wrote {OUT / name}")  # noqa: T201
            password = (BASE_DIR / "var" / "demo_credentials.txt").read_text().strip()
            for account, target, name, width, height in SIGNED_IN_SHOTS:
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                sign_in(page, base, f"{account}@demo.community", password)
                if isinstance(target, tuple):
                    listing, selector = target
                    page.goto(base + listing)
                    page.locator(selector).first.click()
                else:
                    page.goto(base + target)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(OUT / name))
                context.close()
                print(f"wrote {OUT / name}")  # noqa: T201
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
