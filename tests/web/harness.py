"""What the browser tests and `scripts/screenshots.py` share: a real `kefu serve` on the fake
engine (instant, always the same answers), a third-party site on another origin that embeds the
widget, Debian's Chromium driven by Playwright, and axe-core.

kefu listens on http://127.0.0.1:PORT and the site on http://localhost:OTHER: another origin
and even another site, so CORS and the SameSite cookie are what a real deployment sees.
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import shutil
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Playwright
from tests.conftest import LiveServer, free_port, start_server

from kefu.api.auth import mint_token
from kefu.config import Settings, load_settings
from kefu.dialog.runtime import open_knowledge_layer

SECRET = "web-tests-secret-of-at-least-32-characters"
AXE_VERSION = "4.14.1"
CACHE = Path(os.environ.get("KEFU_CACHE_DIR", "~/.cache/kefu")).expanduser()
AXE = CACHE / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
SIGNING = Settings(secret_key=SECRET)  # only signs tokens the way the server checks them


def chromium_path() -> Path:
    found = shutil.which("chromium") or "/usr/bin/chromium"
    return Path(found)


def missing_tools() -> list[str]:
    """What `make test` would have installed: Debian's chromium, and axe-core from npm."""
    missing = []
    if not chromium_path().is_file():
        missing.append("chromium (make system-deps)")
    if not AXE.is_file():
        missing.append(f"{AXE} (make axe)")
    return missing


def start_kefu(data_dir: Path, site_origin: str, auth: bool = True, **env: str) -> LiveServer:
    """`kefu serve` on the fake engine; pages of `site_origin` may call it."""
    settings = {
        "KEFU_ENGINE": "fake",
        "KEFU_SECRET_KEY": SECRET,
        "KEFU_AUTH_REQUIRED": "true" if auth else "false",
        "KEFU_CORS_ORIGINS": json.dumps([site_origin]),
        "KEFU_LOG_LEVEL": "warning",
        **env,
    }
    return start_server(data_dir, **settings)


def seed_demo(data_dir: Path) -> Path:
    """A data dir holding the demo KB, ingested (what the `demo_data` fixture makes for the tests)."""
    settings = load_settings(data_dir=data_dir)

    async def seed() -> None:
        async with open_knowledge_layer(settings) as (_database, knowledge):
            await knowledge.service.index(settings.default_kb)

    asyncio.run(seed())
    return data_dir


def token(role: str, subject: str, tenant: str = "default", ttl_s: int = 3600) -> str:
    return mint_token(SIGNING, subject, role, tenant, ttl_s=ttl_s)


@dataclass
class Site:
    """A company's website on another origin: pages served from memory by a tiny HTTP server."""

    server: ThreadingHTTPServer
    pages: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"http://localhost:{self.server.server_address[1]}"

    def add(self, path: str, body: str) -> str:
        self.pages[path] = body
        return self.origin + path

    def with_widget(self, path: str, kefu: str, html_lang: str | None = "zh-CN", **attributes: str) -> str:
        """A shop page whose only kefu part is the one `<script>` tag; `attributes` become `data-*`."""
        data = " ".join(f'data-{k.replace("_", "-")}="{html.escape(v)}"' for k, v in attributes.items())
        lang = f' lang="{html_lang}"' if html_lang else ""
        body = f"""<!doctype html>
<html{lang}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>星辰数码 · Star Digital</title>
<style>body {{ font-family: Georgia, serif; margin: 0; color: #222; }}
header {{ background: #0f172a; color: #f8fafc; padding: 18px 32px; font-size: 22px; }}
main {{ padding: 32px; max-width: 880px; }} button {{ all: unset; }}</style></head>
<body><header>星辰数码 Star Digital</header>
<main><h1>笔记本电脑 Air 14</h1><p>轻薄本，14 英寸，16 GB 内存。七天无理由退货，全国包邮。</p></main>
<script src="{kefu}/widget.js" {data} async></script>
</body></html>"""
        return self.add(path, body)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_site() -> Site:
    pages: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = pages.get(self.path.split("?")[0])
            body = (page or "not found").encode()
            self.send_response(200 if page is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Site(server, pages)


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless; Playwright never downloads a browser here."""
    return playwright.chromium.launch(executable_path=str(chromium_path()), headless=True)


def axe_violations(page: Page, include: str | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page (or under the CSS selector `include`), shadow DOM included."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # through the DevTools protocol: kefu's CSP allows no inline script
    context = f"{{include: [[{json.dumps(include)}]]}}" if include else "document"
    result: list[dict[str, Any]] = page.evaluate(
        f"async () => (await axe.run({context}, {{resultTypes: ['violations']}})).violations"
    )
    return result


def assert_no_critical_axe_violations(page: Page, include: str | None = None) -> None:
    """Fail with axe's own words if any violation on the page is of `critical` impact."""
    critical = [v for v in axe_violations(page, include) if v.get("impact") == "critical"]
    described = [
        f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:5]})" for v in critical
    ]
    assert not critical, "critical accessibility violations:\n" + "\n".join(described)
