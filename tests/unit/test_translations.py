"""Every visible string in ui/ has a Simplified Chinese translation, and the
compiled .qm the app loads matches the committed .ts."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "inspector_zh_CN.ts"
QM = TS.with_suffix(".qm")


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            out[(name, m.findtext("source") or "")] = m.find("translation")
    return out


@pytest.fixture(scope="module")
def fresh_ts(tmp_path_factory):
    tool = shutil.which("pyside6-lupdate")
    if tool is None:
        pytest.skip("pyside6-lupdate is not on PATH")
    out = tmp_path_factory.mktemp("ts") / "fresh.ts"
    # The window's strings, and the words the console commands share with it (wording/).
    sources = sorted(str(p) for d in ("ui", "wording") for p in (ROOT / "inspector_desktop" / d).glob("*.py"))
    subprocess.run([tool, *sources, "-ts", str(out)], check=True, capture_output=True)
    return _messages(out)


def test_every_ui_string_is_translated_into_chinese(fresh_ts):
    committed = _messages(TS)
    assert len(fresh_ts) > 100  # the extraction really found the UI's strings
    missing = [key for key in fresh_ts if key not in committed]
    unfinished = [
        key
        for key, tr in committed.items()
        if key in fresh_ts and (tr is None or tr.get("type") == "unfinished" or not ("".join(tr.itertext())).strip())
    ]
    assert missing == [], f"run pyside6-lupdate (see resources/translations/README.md): {missing[:10]}"
    assert unfinished == [], f"untranslated: {unfinished[:10]}"


def test_the_next_extraction_keeps_every_committed_translation(fresh_ts):
    # A string the extraction cannot see (QCoreApplication.translate with a count whose
    # value is an expression) loses its translation the next time anyone runs
    # pyside6-lupdate -no-obsolete; one it sees without its count (translate with a count
    # at all) comes back as a single unfinished form, its plurals lost.
    committed = _messages(TS)
    dropped = [key for key in committed if key not in fresh_ts]
    assert dropped == [], f"pyside6-lupdate cannot find these in the sources: {dropped[:10]}"
    plural = [key for key, tr in committed.items() if tr is not None and tr.find("numerusform") is not None]
    singular = [key for key in plural if fresh_ts[key] is None or fresh_ts[key].find("numerusform") is None]
    assert singular == [], f"pyside6-lupdate finds these without their count (say them with self.tr): {singular[:10]}"


def test_the_compiled_catalogue_matches_the_sources(tmp_path):
    tool = shutil.which("pyside6-lrelease")
    if tool is None:
        pytest.skip("pyside6-lrelease is not on PATH")
    out = tmp_path / "check.qm"
    subprocess.run([tool, str(TS), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == QM.read_bytes(), "run pyside6-lrelease after editing the .ts"
