"""A signed two-page feedback sheet built in process (font already registered), against
a bare one-page reportlab document built in the same run. Goal: the sheet in ≤ 50 ms.

    python3 -m tests.benchmarks sheet
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
from collections.abc import Callable
from typing import Any

GOAL_MS = 50.0
RUNS = 15


def _median_ms(fn: Callable[[], Any], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _two_page_source() -> tuple[dict[str, Any], dict[str, bytes], Any, str]:
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from inspector_desktop.signing import seal
    from inspector_desktop.signing.strokes import made_up_strokes, strokes_png
    from inspector_desktop.store.demo import FINDINGS
    from inspector_desktop.signing.content import form_content

    day = dt.date(2026, 11, 20)
    picked = [(cat, item) for cat, items in FINDINGS.items() for item in items][:12]
    findings = [dict(id=f"f{n}", category=cat.value, severity="moderate", problem=p, evidence="现场照片",
                     diagnosis=d, recommendation=r) for n, (cat, (p, d, r)) in enumerate(picked)]
    requirements = [dict(ordinal=n + 1, text=f["recommendation"], deadline=day + dt.timedelta(days=30),
                         responsible_party="青山湖区第一实验小学", copied_to="青山湖区教育体育局", finding_id=f["id"])
                    for n, f in enumerate(findings)]
    signed = dt.datetime(2026, 11, 20, 3, 30)
    inks = {name: made_up_strokes(name) for name in ("李明华", "张校长")}
    signatures = [dict(role=role, signer_name=name, signer_title=title, strokes=inks[name],
                       png=strokes_png(inks[name]), signed_at=signed)
                  for role, name, title in (("inspector", "李明华", "责任督学"), ("school_representative", "张校长", "校长"))]
    content = form_content(
        dict(id="bench-form", number="DX0417-2026-0099", language="zh_CN",
             summary="2026年11月20日，督学李明华对青山湖区第一实验小学开展综合督导。共发现问题12项。",
             no_issues_statement="", free_text="请学校高度重视，逐项整改。"),
        dict(id="bench-visit", scope="comprehensive", stage="process", planning="routine", notice="announced",
             planned_on=day, started_at=None, completed_at=None, purpose="每月例行督导"),
        dict(code="QSH-001", name="青山湖区第一实验小学", competent_department="青山湖区教育体育局"),
        dict(code="DX0417", name="李明华"), findings, requirements, signatures,
        dt.timezone(dt.timedelta(hours=8)), signed, None, None,
    )
    key = Ed25519PrivateKey.generate()
    content["device_key_id"] = seal.key_id(seal.raw_public_key(key))
    sealed = seal.seal(content, key)
    public = base64.b64encode(seal.raw_public_key(key)).decode("ascii")
    return content, {s["role"]: s["png"] for s in signatures}, sealed, public


def _bare_page() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph("Inspection Feedback Sheet", getSampleStyleSheet()["Title"])])
    return out.getvalue()


def main() -> None:
    import pypdf

    from inspector_desktop.reports.fonts import register_cjk_font
    from inspector_desktop.reports.sheet import build_sheet
    from inspector_desktop.reports.verify import verify_pdf

    register_cjk_font()
    content, pngs, sealed, public = _two_page_source()
    pdf = build_sheet(content, pngs, sealed, public)  # warm-up: imports, style and glyph caches
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert pages == 2, f"the benchmark sheet should have two pages, has {pages}"
    assert verify_pdf(pdf).genuine
    _bare_page()

    sheet_ms = _median_ms(lambda: build_sheet(content, pngs, sealed, public))
    bare_ms = _median_ms(_bare_page)
    verify_ms = _median_ms(lambda: verify_pdf(pdf), runs=5)

    rows = [
        ("bare one-page reportlab document (baseline)", bare_ms, 1.0),
        (f"signed {pages}-page feedback sheet, CJK font, QR, signatures", sheet_ms, sheet_ms / bare_ms),
        ("verify that sheet (pypdf, Ed25519, text check)", verify_ms, verify_ms / bare_ms),
    ]
    print(f"{'what':<60} {'median ms':>10} {'× baseline':>11}")
    for what, ms, ratio in rows:
        print(f"{what:<60} {ms:>10.1f} {ratio:>11.1f}")
    print(f"goal: sheet ≤ {GOAL_MS:.0f} ms → {'met' if sheet_ms <= GOAL_MS else 'NOT met'} "
          f"({len(pdf) // 1024} KiB, median of {RUNS})")


if __name__ == "__main__":
    main()
