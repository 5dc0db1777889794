"""The notice letter (督导通知书): only for an announced visit still to come, refused with
its own reason otherwise (store, window and command alike), and laid out as an official
letter with its number, issuing office, seal area and contact."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
import sqlalchemy as sa

from inspector_desktop.cli import main
from inspector_desktop.domain import DomainError, Notice, VisitStatus
from inspector_desktop.reports.notice import build_notice_letter
from inspector_desktop.store.models import Inspector, Visit
from inspector_desktop.store.notices import notice_letter_facts
from inspector_desktop.store.office import OFFICE_NAME_SETTING
from inspector_desktop.wording import LANGUAGE_ENV

AS_OF = dt.date(2026, 11, 22)  # the demo workspace's today


def _announced_to_come(ws) -> str:
    with ws.read() as s:
        return s.scalar(sa.select(Visit.id).where(Visit.notice == Notice.ANNOUNCED, Visit.status == VisitStatus.PLANNED,
                                                  Visit.planned_on > AS_OF).order_by(Visit.planned_on, Visit.id).limit(1))


def _make(ws, visit_id, **values) -> str:
    with ws.write() as s:
        visit = s.get(Visit, visit_id)
        for k, v in values.items():
            setattr(visit, k, v)
    return visit_id


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(out.split())


CASES = {
    "unannounced": ({"notice": Notice.UNANNOUNCED}, "notice.unannounced_visit"),
    "cancelled": ({"status": VisitStatus.CANCELLED}, "notice.cancelled_visit"),
    "completed": ({"status": VisitStatus.COMPLETED}, "notice.completed_visit"),
    "past": ({"planned_on": AS_OF - dt.timedelta(days=1)}, "notice.past_visit"),
}


@pytest.mark.parametrize("case", CASES)
def test_the_store_refuses_a_visit_a_letter_cannot_announce(demo_workspace, case):
    values, code = CASES[case]
    vid = _make(demo_workspace, _announced_to_come(demo_workspace), **values)
    with pytest.raises(DomainError) as refused:
        notice_letter_facts(demo_workspace, vid, today=AS_OF)
    assert refused.value.code == code


def test_a_visit_planned_for_today_still_gets_its_letter(demo_workspace):
    vid = _make(demo_workspace, _announced_to_come(demo_workspace), planned_on=AS_OF)
    assert notice_letter_facts(demo_workspace, vid, today=AS_OF)["planned_on"] == AS_OF.isoformat()


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("language", "words"), [
    ("en", {"unannounced": "the school is not told in advance", "cancelled": "was cancelled",
            "completed": "already completed", "past": "which has passed"}),
    ("zh_CN", {"unannounced": "暗访", "cancelled": "已取消", "completed": "已完成", "past": "日期已过"}),
])
def test_the_command_refuses_with_one_translated_line_and_exit_2(demo_workspace, tmp_path, capsys, monkeypatch,
                                                                  case, language, words):
    monkeypatch.setenv(LANGUAGE_ENV, language)
    today = dt.date.today()
    values = dict(CASES[case][0])
    values.setdefault("planned_on", today + dt.timedelta(days=5))
    if case == "past":
        values["planned_on"] = today - dt.timedelta(days=1)
    vid = _make(demo_workspace, _announced_to_come(demo_workspace), **values)
    out = tmp_path / "notice.pdf"
    code = main(["--data-dir", str(demo_workspace.data_dir.root), "notice", "--visit", vid, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and words[case] in lines[0], err
    assert "Traceback" not in err and "notice." not in err


def test_the_letter_has_its_number_office_seal_area_and_contact(demo_workspace, tmp_path):
    vid = _announced_to_come(demo_workspace)
    facts = notice_letter_facts(demo_workspace, vid, today=AS_OF)
    with demo_workspace.read() as s:
        visit = s.get(Visit, vid)
        number = f"{visit.school.code}-{visit.planned_on:%Y%m%d}"
    assert facts["number"] == number
    assert notice_letter_facts(demo_workspace, vid, today=AS_OF)["number"] == number  # the same visit, the same number
    text = _text(build_notice_letter(facts, "zh_CN", issued_on=AS_OF), tmp_path)
    leader = facts["contact"]
    for expected in ("督导通知书", f"编号：{number}", "南昌市青山湖区教育督导室", "（盖章处）", "2026年11月22日",
                     f"联系人：{leader}，联系电话：{facts['contact_phone']}", "督导组成员："):
        assert expected in text, expected
    text = _text(build_notice_letter(facts, "en", issued_on=AS_OF), tmp_path)
    for expected in ("InspectionNotice", f"No.{number}", "(sealhere)", "Contact:", "EducationInspectionOffice"):
        assert expected in text, expected


def test_the_office_named_by_the_server_signs_and_without_a_phone_the_office_is_the_contact(demo_workspace, tmp_path):
    vid = _announced_to_come(demo_workspace)
    demo_workspace.set_setting(OFFICE_NAME_SETTING, "南昌市青山湖区人民政府教育督导室")
    with demo_workspace.write() as s:
        for inspector in s.scalars(sa.select(Inspector)):
            inspector.phone = ""
    facts = notice_letter_facts(demo_workspace, vid, today=AS_OF)
    text = _text(build_notice_letter(facts, "zh_CN", issued_on=AS_OF), tmp_path)
    assert "联系人：南昌市青山湖区人民政府教育督导室。" in text
    assert text.count("南昌市青山湖区人民政府教育督导室") == 2  # the contact and the 落款


def test_a_second_announced_visit_the_same_day_gets_the_next_number(demo_workspace):
    vid = _announced_to_come(demo_workspace)
    with demo_workspace.write() as s:
        visit = s.get(Visit, vid)
        twin = Visit(school_id=visit.school_id, scope=visit.scope, stage=visit.stage, planning=visit.planning,
                     notice=Notice.ANNOUNCED, planned_on=visit.planned_on, id="f" * 8 + "-ffff-4fff-8fff-" + "f" * 12)
        hidden = Visit(school_id=visit.school_id, scope=visit.scope, stage=visit.stage, planning=visit.planning,
                       notice=Notice.UNANNOUNCED, planned_on=visit.planned_on, id="0" * 8 + "-0000-4000-8000-" + "0" * 12)
        s.add_all([twin, hidden])
    first = notice_letter_facts(demo_workspace, vid, today=AS_OF)["number"]
    second = notice_letter_facts(demo_workspace, twin.id, today=AS_OF)["number"]
    assert second == first + "-2" and not first.endswith("-2")  # the unannounced one is never counted
