"""Every school has a region (its district): an import with a school lacking one
imports nothing and names the row, and a push of such a school is refused."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector_desktop.server import admin, tables as t
from inspector_desktop.sync.protocol import Role
from tests.server.conftest import Office, new_id

HEADER = "code,name,competent_department,district,is_large\n"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "inspector_desktop.server.cli", *args], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, INSPECTOR_DESKTOP_LANGUAGE="en"))


def _schools(engine: sa.Engine, codes: list[str]) -> set[str]:
    ids = {admin.school_id(c): c for c in codes}
    with engine.connect() as conn:
        found = conn.execute(sa.select(t.record.c.id).where(t.record.c.id.in_(list(ids)))).scalars().all()
    return {ids[i] for i in found}


def _refusal(done: subprocess.CompletedProcess[str]) -> str:
    """What the administrator sees: exit 2 (something to fix in the file), one line, no traceback."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_school_without_a_district_is_named_and_nothing_is_imported(tmp_path: Path, db_url: str, engine: sa.Engine):
    tag = uuid.uuid4().hex[:6]
    codes = [f"A{tag}", f"B{tag}", f"C{tag}"]
    csv = tmp_path / "schools.csv"
    csv.write_text(HEADER + f"{codes[0]},一中,县教育局,西湖区,no\n{codes[1]},二中,县教育局,  ,no\n{codes[2]},三中,县教育局,上城区,no\n",
                   encoding="utf-8")
    line = _refusal(_cli("import-schools", str(csv), "--db", db_url))
    assert line.startswith(f"inspector-server: Nothing was imported from {csv}") and "row 3, column district: empty" in line
    assert _schools(engine, codes) == set()  # all or nothing: the good rows waited too
    fixed = csv.read_text(encoding="utf-8").replace("二中,县教育局,  ,", "二中,县教育局,拱墅区,")
    csv.write_text(fixed, encoding="utf-8")
    done = _cli("import-schools", str(csv), "--db", db_url)
    assert done.returncode == 0 and "Imported 3 schools" in done.stdout, done.stderr
    assert _schools(engine, codes) == set(codes)


def test_a_file_without_a_district_column_is_refused(tmp_path: Path, db_url: str, engine: sa.Engine):
    code = f"D{uuid.uuid4().hex[:6]}"
    csv = tmp_path / "no-district.csv"
    csv.write_text(f"code,name,competent_department\n{code},四中,县教育局\n", encoding="utf-8")
    line = _refusal(_cli("import-schools", str(csv), "--db", db_url))
    assert "row 1" in line and "district" in line
    assert _schools(engine, [code]) == set()


@pytest.mark.parametrize("name, content", [
    ("missing.csv", None),
    ("gbk.csv", (HEADER + "E1,五中,县教育局,西湖区,no\n").encode("gbk")),
    ("broken.xlsx", b"not a workbook"),
])
def test_an_unreadable_file_is_one_clear_line(tmp_path: Path, db_url: str, name: str, content: bytes | None):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    line = _refusal(_cli("import-schools", str(path), "--db", db_url))
    assert line.startswith("inspector-server: ") and str(path) in line


def test_a_pushed_school_needs_a_region(office: Office, engine: sa.Engine):
    lead = office.inspector(Role.LEAD, region="西湖区")
    fields = dict(code=f"P{uuid.uuid4().hex[:6]}", name="新校", competent_department="县教育局", is_large=False)
    answer = lead.push(
        lead.mutation("school", new_id(), fields),
        lead.mutation("school", new_id(), dict(fields, code=f"Q{uuid.uuid4().hex[:6]}", district=" ")),
        lead.mutation("school", good := new_id(), dict(fields, code=f"R{uuid.uuid4().hex[:6]}", district="西湖区")),
    )
    codes = [(r["status"], r["code"]) for r in answer["results"]]
    assert codes == [("rejected", "school.no_region"), ("rejected", "school.no_region"), ("applied", "")]
    version = answer["results"][2]["version"]
    # Moving a school out of every region is refused too; other edits are not.
    assert lead.write("school", good, dict(district=""), "update", version)["code"] == "school.no_region"
    assert lead.write("school", good, dict(address="文三路 1 号"), "update", version)["status"] == "applied"
    with engine.connect() as conn:
        assert conn.execute(sa.select(t.record.c.region).where(t.record.c.id == good)).scalar_one() == "西湖区"
