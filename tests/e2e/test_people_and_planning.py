"""People and schools, as a lead meets the page against the real office server: an
inspector's account made, schools assigned with the 1:5 load shown before and after,
the new inspector signing in to find them; an import with a bad row refused whole,
each cell named; a visit planned for an inspector and the month's routine visits
reaching their teams (an unannounced one only its team); an inspector sees no such
page and the server refuses them every office route."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from inspector_desktop.domain import Notice, Planning
from inspector_desktop.server import admin
from inspector_desktop.store.models import SchoolAssignment, Visit
from inspector_desktop.sync import office as office_calls
from inspector_desktop.sync.protocol import Role
from inspector_desktop.sync.transport import SyncError
from inspector_desktop.ui.people_page import PeoplePage
from inspector_desktop.wording.errors import error_code
from tests.e2e import steps
from tests.e2e.conftest import WAIT, Clock, ModalAnswers, click, field, ok_button, rows, type_into
from tests.server.conftest import PASSWORD

SHOTS = os.environ.get("INSPECTOR_SCREENSHOTS", "")  # a folder: the page is grabbed there as PNG


def _region(office: Any) -> dict[str, str]:
    """A lead and two inspectors of 湾里区, and six of its schools (one large); school name -> code.
    Each test has a 湾里区 of its own on the module's server."""
    office.region = f"湾里区{office.tag}"
    office.create_user("lin", "林总督学", office.code("L"), Role.INSPECTOR, Role.LEAD, region=office.region)
    office.create_user("wu", "吴强", office.code("W"), region=office.region)
    office.create_user("xu", "徐静", office.code("X"), region=office.region)
    names = ("红星小学", "湾里一中", "梅岭小学", "太平小学", "罗亭中学", "湾里实验学校")
    codes = {name: office.code(f"S{n}") for n, name in enumerate(names)}
    path = office.folder / "schools.csv"
    lines = ["code,name,competent_department,district,is_large"]
    lines += [f"{code},{name},湾里区教育局,{office.region},{'yes' if name == '湾里实验学校' else 'no'}" for name, code in codes.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    admin.import_schools(office.engine, path)
    return codes


def _people_page(laptop: Any) -> PeoplePage:
    page = laptop.window.people_page
    steps.go(laptop, page)
    laptop.qtbot.waitUntil(lambda: page.people is not None, timeout=WAIT)
    return page


def _row_of(model: Any, name: str) -> int:
    return next(n for n, r in enumerate(model.rows) if r.name == name)


def _click_row(qtbot: Any, view: Any, row: int, extend: bool = False) -> None:
    at = view.visualRect(view.model().index(row, 0)).center()
    modifier = Qt.KeyboardModifier.ControlModifier if extend else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, at)


def _yes(dialog: QWidget) -> None:
    dialog.button(QMessageBox.StandardButton.Yes).click()  # type: ignore[attr-defined]


def _load_cell(page: PeoplePage, name: str) -> str:
    return page.inspectors.index(_row_of(page.inspectors, name), 3).data()


def _shot(page: QWidget, name: str) -> None:
    """The window as the lead sees it, in English and in Chinese."""
    if not SHOTS:
        return
    from PySide6.QtWidgets import QApplication

    from inspector_desktop.ui import i18n

    for language in ("en", "zh_CN"):
        i18n.apply_language(language)
        QApplication.processEvents()
        page.window().grab().save(str(Path(SHOTS) / f"{name}-{language}.png"))
    i18n.apply_language("en")
    QApplication.processEvents()


def test_a_lead_makes_an_account_assigns_schools_and_the_inspector_finds_them(laptops, office, server, monkeypatch):
    codes = _region(office)
    clock = Clock(dt.date(2026, 12, 1))
    lin, wu = laptops("lin", clock), laptops("wu", clock)
    steps.sign_in(lin, server.url, office.username("lin"))
    steps.sign_in(wu, server.url, office.username("wu"))
    qtbot = lin.qtbot
    page = _people_page(lin)
    assert [r.name for r in page.inspectors.rows] == ["林总督学", "吴强", "徐静"]
    assert len(page.schools.rows) == 6

    # A new inspector's account, with the password the lead tells them.
    zhou = office.username("zhou")

    def fill(dialog: QWidget) -> None:
        for caption, value in (("Name", "周敏"), ("Inspector code", office.code("Z")), ("User name", zhou),
                               ("Password", PASSWORD), ("Password again", PASSWORD)):
            type_into(field(dialog, caption), value)
        qtbot.mouseClick(ok_button(dialog.buttons), Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    answers = ModalAnswers(("New inspector", fill))
    click(qtbot, page.new_button)
    assert answers.done
    qtbot.waitUntil(lambda: "周敏" in [r.name for r in page.inspectors.rows], timeout=WAIT)
    assert _load_cell(page, "周敏") == "0/5"

    # Two schools for 周敏: the load is shown before the change is confirmed, and after.
    _click_row(qtbot, page.inspector_view, _row_of(page.inspectors, "周敏"))
    _click_row(qtbot, page.school_view, _row_of(page.schools, "红星小学"))
    _click_row(qtbot, page.school_view, _row_of(page.schools, "梅岭小学"), extend=True)
    assert page.preview.text() == "周敏 would hold 2 schools: 2/5."
    asked: list[str] = []
    answers = ModalAnswers(("Assign schools", lambda d: (asked.append(d.text()), _yes(d))))
    click(qtbot, page.assign_button)
    assert answers.done and "周敏 would hold 2 schools: 2/5." in asked[0]
    qtbot.waitUntil(lambda: _load_cell(page, "周敏") == "2/5", timeout=WAIT)
    _shot(page, "people-assigned")

    # Over 1:5 is said in words, in red, with an icon: a large school takes a whole inspector.
    _click_row(qtbot, page.inspector_view, _row_of(page.inspectors, "吴强"))
    _click_row(qtbot, page.school_view, _row_of(page.schools, "湾里实验学校"))
    _click_row(qtbot, page.school_view, _row_of(page.schools, "太平小学"), extend=True)
    assert page.preview.text() == "吴强 would hold 2 schools: 6/5. That is over the 1:5 guideline."
    answers = ModalAnswers(("Assign schools", _yes))
    click(qtbot, page.assign_button)
    qtbot.waitUntil(lambda: _load_cell(page, "吴强") == "6/5 — over 1:5", timeout=WAIT)
    cell = page.inspectors.index(_row_of(page.inspectors, "吴强"), 3)
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is not None and cell.data(Qt.ItemDataRole.DecorationRole) is not None
    _shot(page, "people-over-ratio")
    # Ending one brings it back within the guideline.
    _click_row(qtbot, page.school_view, _row_of(page.schools, "湾里实验学校"))
    assert page.preview.text() == "吴强 would hold 1 school: 1/5."
    answers = ModalAnswers(("End assignments", _yes))
    click(qtbot, page.end_button)
    qtbot.waitUntil(lambda: _load_cell(page, "吴强") == "1/5", timeout=WAIT)

    # 周敏 signs in on a laptop of their own and finds the two schools.
    zhou_laptop = laptops("zhou", clock)
    steps.sign_in(zhou_laptop, server.url, zhou)
    schools = zhou_laptop.window.schools_page
    steps.go(zhou_laptop, schools)
    qtbot.waitUntil(lambda: {r.code for r in schools.schools.rows} >= {codes["红星小学"], codes["梅岭小学"]}, timeout=WAIT)
    assert len(rows(zhou_laptop.ws, SchoolAssignment)) == 2
    # Disabled, 周敏 is signed out and refused; enabled again, they may sign in.
    steps.go(lin, page)
    _click_row(qtbot, page.inspector_view, _row_of(page.inspectors, "周敏"))
    answers = ModalAnswers(("Disable account", _yes))
    click(qtbot, page.disable_button)
    qtbot.waitUntil(lambda: page.inspectors.index(_row_of(page.inspectors, "周敏"), 4).data() == "Disabled", timeout=WAIT)
    with pytest.raises(SyncError) as refused:
        office_calls.people(zhou_laptop.ws)
    assert error_code(refused.value) == "auth.invalid_token"
    _click_row(qtbot, page.inspector_view, _row_of(page.inspectors, "周敏"))
    assert page.disable_button.text() == "Enable"
    click(qtbot, page.disable_button)
    qtbot.waitUntil(lambda: page.inspectors.index(_row_of(page.inspectors, "周敏"), 4).data() == "Active", timeout=WAIT)

    # 吴强's laptop learns the ended assignment at its next sync.
    steps.sync(wu)
    held = {a.school_id: a.until for a in rows(wu.ws, SchoolAssignment)}
    assert held[admin.school_id(codes["湾里实验学校"])] == dt.date(2026, 11, 30)

    # An import with a bad row is refused whole, each bad cell named by row and column.
    bad = office.folder / "schools-bad.csv"
    bad.write_text("code,name,competent_department,district,is_large\n"
                   f"{office.code('N1')},新建小学,湾里区教育局,{office.region},no\n"
                   f"{office.code('N2')},,湾里区教育局,{office.region},maybe\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(bad), ""))
    steps.go(lin, page)
    click(qtbot, page.import_button)
    qtbot.waitUntil(lambda: page.problems.isVisible(), timeout=WAIT)
    shown = [(p.row, p.column, page.problems.model.index(n, 2).data()) for n, p in enumerate(page.problems.model.rows)]
    assert shown == [(3, "is_large", "row 3, column is_large: “maybe” is neither yes nor no"),
                     (3, "name", "row 3, column name: empty")]
    assert "Nothing was imported" in page.status.text()
    _shot(page, "people-import-refused")
    page.refresh()
    qtbot.waitUntil(lambda: len(page.schools.rows) == 6 and page.people is not None, timeout=WAIT)


def test_planned_and_routine_visits_reach_their_teams_and_an_inspector_has_no_office(laptops, office, server):
    codes = _region(office)
    for user, school in (("wu", "红星小学"), ("xu", "红星小学"), ("xu", "湾里一中")):
        office.assign(user, codes[school])  # since 2026-09-01: monthly routine visits are overdue
    clock = Clock(dt.date(2026, 12, 1))
    lin, wu, xu = (laptops(n, clock) for n in ("lin", "wu", "xu"))
    for laptop, user in ((lin, "lin"), (wu, "wu"), (xu, "xu")):
        steps.sign_in(laptop, server.url, office.username(user))
    qtbot = lin.qtbot
    page = _people_page(lin)
    planning = page.planning
    steps.tab(qtbot, page.tabs, "Planning")

    # An unannounced visit planned for 吴强 alone, though 徐静 is responsible for the school too.
    planning.new_visit_dialog = None
    click(qtbot, planning.plan_button)
    qtbot.waitUntil(lambda: getattr(planning, "new_visit_dialog", None) is not None, timeout=WAIT)
    dialog = planning.new_visit_dialog
    steps.choose_text(dialog.school, "红星小学")
    steps.choose(dialog.axes["notice"], Notice.UNANNOUNCED)
    for i in range(dialog.team.count()):
        item = dialog.team.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.text().startswith("吴强 (") else Qt.CheckState.Unchecked)
    click(qtbot, ok_button(dialog.buttons))
    qtbot.waitUntil(lambda: dialog.visit_id is not None, timeout=WAIT)
    hidden = dialog.visit_id

    # The month's routine visits: listed first, then planned; 红星小学 has its plan already.
    qtbot.waitUntil(lambda: [r.school_name for r in planning.routine.rows] == ["湾里一中"], timeout=WAIT)
    assert planning.routine.rows[0].inspector_name == "徐静"
    _shot(page, "planning")
    answers = ModalAnswers(("Plan routine visits", _yes))
    click(qtbot, planning.generate_button)
    assert answers.done
    qtbot.waitUntil(lambda: planning.routine.rows == () and "Planned 1 visit" in planning.status.text(), timeout=WAIT)
    (routine,) = rows(lin.ws, Visit, Visit.school_id == admin.school_id(codes["湾里一中"]))
    assert (routine.planning, routine.notice, routine.planned_on) == (Planning.ROUTINE, Notice.ANNOUNCED, clock.day)
    assert not planning.generate_button.isEnabled()  # nothing more to plan: a second click plans nothing

    for laptop in (lin, wu, xu):
        steps.sync(laptop)
    assert [v.id for v in rows(wu.ws, Visit, Visit.id == hidden)] == [hidden]
    assert rows(xu.ws, Visit, Visit.id == hidden) == []  # responsible for the school, but not on the team
    assert [v.id for v in rows(xu.ws, Visit, Visit.id == routine.id)] == [routine.id]

    # An inspector's window has no such page, and the server refuses them.
    assert xu.window.nav.item([p for p, _g in xu.window.pages].index(xu.window.people_page)).isHidden()
    for call in (lambda: office_calls.people(xu.ws),
                 lambda: office_calls.assign(xu.ws, xu_id(office), [admin.school_id(codes["太平小学"])], clock.day)):
        with pytest.raises(SyncError) as refused:
            call()
        assert error_code(refused.value) == "auth.lead_only"


def xu_id(office: Any) -> str:
    import sqlalchemy as sa

    from inspector_desktop.server import tables as t

    with office.engine.connect() as conn:
        return conn.execute(sa.select(t.account.c.id).where(t.account.c.username == office.username("xu"))).scalar_one()
