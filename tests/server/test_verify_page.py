"""The page a school's phone opens from a sheet's QR code: GET /v/{form_id}?d={digest}
on the real server, read by plain HTTP and by a real headless Chromium. It says
genuine, not matching or unknown, shows what the sheet prints only when the digest
matches, and nothing the sheet does not print."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from inspector_desktop.server import admin
from inspector_desktop.server.app import Settings
from inspector_desktop.server.cli import main as server_main
from tests.server.conftest import Inspector, LiveServer, Office, new_id, visit_fields

OFFICE_NAME = "西湖区人民政府教育督导室"
PUBLIC_URL = "https://dudao.example.gov.cn"
FINDING = "消防通道堆放杂物，存在安全隐患"
SCHOOL = '实验小学<script>alert("x")</script>&校区'
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


@pytest.fixture(scope="module")
def server(engine: sa.Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = Settings(public_url=PUBLIC_URL, office_name=OFFICE_NAME)
    with LiveServer(engine, tmp_path_factory.mktemp("blobs"), settings) as live:
        yield live


class Sheet:
    """A signed form on the server, as a laptop pushes it."""

    def __init__(self, office: Office, inspector: Inspector, school_name: str, *, sealed_json: bool = True) -> None:
        code = f"S{uuid.uuid4().hex[:8]}"
        csv = Path(os.environ.get("TMPDIR", "/tmp")) / f"{code}.csv"
        csv.write_text(f'code,name,competent_department,district,is_large\n{code},"{school_name.replace(chr(34), chr(34) * 2)}",县教育局,西湖区,no\n',
                       encoding="utf-8")
        admin.import_schools(office.engine, csv)
        csv.unlink()
        school = office.assign(inspector, code)
        self.key = Ed25519PrivateKey.generate()
        raw = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = hashlib.sha256(raw).hexdigest()
        key = dict(inspector_id=inspector.id, key_id=self.key_id, public_key=base64.b64encode(raw).decode(), label="laptop")
        assert inspector.write("device_key", new_id(), key)["status"] == "applied"
        visit, self.id = new_id(), new_id()
        self.number = f"{inspector.username.upper()}-2026-{uuid.uuid4().int % 10_000:04d}"
        assert inspector.write("visit", visit, visit_fields(school))["status"] == "applied"
        assert inspector.write("feedback_form", self.id, dict(visit_id=visit, number=self.number))["status"] == "applied"
        content = {"form_id": self.id, "number": self.number, "school": {"code": code, "name": school_name, "competent_department": "县教育局"},
                   "visit": {"id": visit, "planned_on": "2026-12-01"}, "inspector": {"code": inspector.username, "name": "王芳"},
                   "findings": [{"problem": FINDING}]}
        canonical = json.dumps(content, ensure_ascii=False, sort_keys=True) if sealed_json else f"整改要求：{FINDING}"
        self.digest = hashlib.sha256(canonical.encode()).hexdigest()
        signature = base64.b64encode(self.key.sign(self.digest.encode("ascii"))).decode()
        sign = dict(status="signed", digest=self.digest, device_key_id=self.key_id, device_signature=signature,
                    canonical_content=canonical, signed_at="2026-12-01T10:00:00")
        assert inspector.write("feedback_form", self.id, sign, "update", 0)["status"] == "applied"

    def url(self, base: str, digest: str | None = None) -> str:
        return f"{base}/v/{self.id}?d={self.digest if digest is None else digest}"


@pytest.fixture(scope="module")
def inspector(office: Office) -> Inspector:
    return office.inspector()


@pytest.fixture(scope="module")
def sheet(office: Office, inspector: Inspector) -> Sheet:
    return Sheet(office, inspector, SCHOOL)


ALTERED = hashlib.sha256(b"a sheet edited after printing").hexdigest()


def _get(url: str, **headers: str) -> httpx.Response:
    return httpx.get(url, headers=headers, timeout=30)  # no token: a school has no account


def test_genuine_sheet_shows_what_it_prints_escaped_with_strict_headers(server: LiveServer, sheet: Sheet):
    r = _get(sheet.url(server.url))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "no-referrer"
    page = r.text
    assert 'data-result="genuine"' in page and "真实有效" in page and "Genuine" in page
    assert sheet.number in page and "2026-12-01" in page and sheet.digest in page and OFFICE_NAME in page
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;校区" in page
    assert FINDING not in page and sheet.key_id not in page and "王芳" not in page
    assert 'name="viewport"' in page and "http" not in page.split("<body>")[1]  # nothing fetched from elsewhere


def test_wrong_digest_tells_nothing_of_the_form(server: LiveServer, sheet: Sheet):
    r = _get(sheet.url(server.url, ALTERED))
    assert r.status_code == 200 and 'data-result="altered"' in r.text
    assert "可能已被改动" in r.text and "may have been altered; contact the office" in r.text
    assert ALTERED in r.text  # the digest the sheet prints, to compare
    assert sheet.number not in r.text and "实验小学" not in r.text and "2026-12-01" not in r.text and FINDING not in r.text
    # No digest, or a malformed one, is no match either.
    for digest in ("", "zz" * 32, "<b>"):
        r = _get(sheet.url(server.url, digest))
        assert 'data-result="altered"' in r.text and sheet.number not in r.text and "<b>" not in r.text


def test_unknown_or_malformed_id_says_so_in_html(server: LiveServer, sheet: Sheet):
    for form_id in (new_id(), "not-a-form", "%3Cscript%3E"):
        r = _get(f"{server.url}/v/{form_id}?d={sheet.digest}")
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), r.text
        assert 'data-result="unknown"' in r.text and "无此督导意见书" in r.text and "<script>" not in r.text
        assert r.headers["x-content-type-options"] == "nosniff"


def test_english_first_when_the_phone_asks_for_it(server: LiveServer, sheet: Sheet):
    page = _get(sheet.url(server.url), **{"Accept-Language": "en-GB,en;q=0.9"}).text
    assert page.index("Genuine") < page.index("真实有效")
    page = _get(sheet.url(server.url), **{"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).text
    assert page.index("真实有效") < page.index("Genuine")


def test_revoked_key_is_not_genuine(server: LiveServer, office: Office, inspector: Inspector, engine: sa.Engine):
    lost = Sheet(office, inspector, "第二中学", sealed_json=False)  # sealed text of an older shape: the records speak
    page = _get(lost.url(server.url)).text
    assert 'data-result="genuine"' in page and "第二中学" in page and "2026-12-01" in page and FINDING not in page
    admin.revoke_device_key(engine, lost.key_id)
    page = _get(lost.url(server.url)).text
    assert 'data-result="altered"' in page and "无法确认本督导意见书的签名" in page and lost.number in page


def test_the_page_is_not_part_of_the_api_and_office_is(server: LiveServer):
    doc = httpx.get(f"{server.url}/openapi.json").json()
    assert "/office" in doc["paths"] and not any(path.startswith("/v/") for path in doc["paths"])
    assert httpx.get(f"{server.url}/office").json() == {"name": OFFICE_NAME, "verify_url": PUBLIC_URL}


def test_serve_refuses_a_public_url_that_is_not_a_web_address(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as refused:
        server_main(["serve", "--db", str(tmp_path / "x.db"), "--port", "0", "--public-url", "dudao.example.gov.cn"])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert "--public-url" in err and "https://" in err and not (tmp_path / "x.db").exists()


# ---------------------------------------------------------------- a real browser


def _chromium(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        if os.environ.get("INSPECTOR_REQUIRE_BROWSER") == "1":  # CI installs one: a skip there is a failure
            pytest.fail("INSPECTOR_REQUIRE_BROWSER=1 but no chromium binary is on PATH")
        pytest.skip("no chromium binary on PATH (apt-get install chromium); .ci/run installs it")
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr", "--v=0", *extra, url]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    # The page's own style must pass its own Content-Security-Policy.
    assert "Content Security Policy" not in done.stderr, done.stderr[-2000:]
    return done


def test_a_phone_browser_sees_genuine_altered_and_unknown(server: LiveServer, sheet: Sheet, tmp_path: Path):
    shot = tmp_path / "genuine.png"
    chinese = "--accept-lang=zh-CN,zh"  # a phone set to Chinese: Chinese first
    _chromium(tmp_path, sheet.url(server.url), chinese, f"--screenshot={shot}", "--window-size=412,915", "--hide-scrollbars")
    assert shot.stat().st_size > 5_000
    if os.environ.get("INSPECTOR_KEEP_SCREENSHOTS"):
        shutil.copy(shot, Path(os.environ["INSPECTOR_KEEP_SCREENSHOTS"]) / f"verify-page-{uuid.uuid4().hex[:6]}.png")
    dom = _chromium(tmp_path, sheet.url(server.url), chinese, "--dump-dom").stdout
    assert dom.index("真实有效") < dom.index("Genuine")
    assert 'data-result="genuine"' in dom and sheet.number in dom and sheet.digest in dom and OFFICE_NAME in dom
    assert "&lt;script&gt;" in dom and "<script>" not in dom and FINDING not in dom
    dom = _chromium(tmp_path, sheet.url(server.url, ALTERED), "--dump-dom").stdout
    assert 'data-result="altered"' in dom and "contact the office" in dom and "实验小学" not in dom and FINDING not in dom
    dom = _chromium(tmp_path, f"{server.url}/v/{new_id()}?d={sheet.digest}", "--dump-dom").stdout
    assert 'data-result="unknown"' in dom and "无此督导意见书" in dom and FINDING not in dom


def test_the_office_sets_its_address_and_name_when_it_starts_the_server(tmp_path: Path):
    db = tmp_path / "office.db"
    assert server_main(["migrate", "--db", str(db)]) == 0
    env = dict(os.environ, INSPECTOR_SERVER_OFFICE_NAME=OFFICE_NAME)
    command = [sys.executable, "-m", "inspector_desktop.server.cli", "serve", "--db", str(db), "--port", "0", "--public-url", PUBLIC_URL + "/"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=Path(__file__).parents[2])
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("listening on "), line
        answer = httpx.get(f"{line.split()[-1]}/office", timeout=30).json()
        assert answer == {"name": OFFICE_NAME, "verify_url": PUBLIC_URL}
    finally:
        proc.terminate()
        proc.wait(30)
