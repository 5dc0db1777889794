"""Schools dossier, rectifications, feedback forms and the training log, driven through the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector_desktop.store import rectifications
from tests.ui.conftest import TODAY


def show(window, qtbot, page, model):
    window.show_page(page)
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)


@pytest.mark.parametrize(
    "page_name, model_name",
    [("schools_page", "schools"), ("schools_page", "findings"), ("rectifications_page", "model"),
     ("forms_page", "model"), ("training_page", "model")],
)
def test_small_table_models_pass_qt_model_checks(window, qtbot, qtmodeltester, page_name, model_name):
    # One model per test: a model tester stays attached to the model it checked.
    page = getattr(window, page_name)
    model = getattr(page, model_name)
    show(window, qtbot, page, model)
    qtmodeltester.check(model, force_py=True)


def test_school_dossier_shows_history_findings_and_repeats(window, qtbot):
    page = window.schools_page
    show(window, qtbot, page, page.schools)
    page.school_view.selectRow(1)
    school = page.schools.rows[1]
    qtbot.waitUntil(lambda: page.dossier is not None and page.dossier.school.id == school.id, timeout=5000)
    assert page.dossier_title.text() == school.name
    assert page.visits.rowCount() == len(page.dossier.visits) > 0
    flags = [page.findings.data(page.findings.index(r, 1)) for r in range(page.findings.rowCount())]
    assert any(flags) == bool(page.dossier.repeated_categories)
    if page.dossier.repeated_categories:
        assert "Repeated across years" in page.dossier_info.text()


def test_rectifications_filter_hides_verified(window, qtbot, demo_workspace):
    page = window.rectifications_page
    show(window, qtbot, page, page.model)
    assert all(r.status.value != "verified" for r in page.model.rows)
    page.only_open.setChecked(False)
    qtbot.waitUntil(lambda: len(page.model.rows) == len(rectifications.rectification_rows(demo_workspace, TODAY)), timeout=5000)


def test_opening_a_form_opens_the_editor_or_says_clearly_it_is_missing(window, qtbot):
    page = window.forms_page
    show(window, qtbot, page, page.model)
    try:
        from inspector_desktop.ui.form_editor import FormEditor
    except ImportError:
        texts = []

        def read_and_close():
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                texts.append(box.text())
                box.close()

        QTimer.singleShot(200, read_and_close)
        page._open(0)
        assert texts and "not installed" in texts[0]
        return
    page._open(0)
    editors = [w for w in QApplication.topLevelWidgets() if isinstance(w, FormEditor) and w.isVisible()]
    assert editors
    for e in editors:
        qtbot.addWidget(e)


def test_training_hours_move_progress_towards_thirty(window, qtbot):
    page = window.training_page
    show(window, qtbot, page, page.model)
    before = page.summary.progress.minutes
    page.hours.setValue(4.5)
    page.course.insert("督导评估实务")  # Chinese comes from the input method as committed text
    page.provider.insert("市督导室")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.summary.progress.minutes == before + 270, timeout=5000)
    assert page.progress.value() == before + 270
    assert "督导评估实务" in [r.title for r in page.model.rows]
    assert f"{(before + 270) / 60:g}" in page.progress_text.text()
