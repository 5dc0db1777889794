"""Moving a visit to a newer version of its checklist, after reading what happens to each item.

The mapping comes whole from store/template_moves.py: each item of the new
version kept (its rating and observation move with it) or new (unrated), and
each item the new version dropped, whose rating and observation stay on the old
version; the ones holding something are listed apart, so nothing is lost
unseen. Once moved, Undo moves the visit back the same way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from inspector_desktop.domain import Rating
from inspector_desktop.store import template_moves
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.template_moves import DROPPED, KEPT, MovedItem, TemplateMove
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import label
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.widgets import is_chinese

MOVED = Changes.of("visit", "indicator_result", "finding")


class TemplateMoveDialog(QDialog):
    moved = Signal()  # the visit is on another version (after a move or its undo)

    def __init__(self, workspace: Workspace, visit_id: str, to_id: str, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.workspace, self.visit_id, self.to_id = workspace, visit_id, to_id
        self.plan: TemplateMove | None = None
        self.back_to: str | None = None  # the version it came from, once moved
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(5)
        self.set_aside = QLabel()  # dropped items holding a rating or an observation, by name
        self.set_aside.setWordWrap(True)
        self.set_aside.setTextFormat(Qt.TextFormat.PlainText)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.move_button = QPushButton()
        self.move_button.setDefault(True)
        self.move_button.setEnabled(False)
        self.undo_button = QPushButton()
        self.undo_button.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.move_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.move_button.clicked.connect(self._move)
        self.undo_button.clicked.connect(self._undo)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.set_aside)
        layout.addWidget(self.state)
        layout.addWidget(self.buttons)
        self.resize(760, 480)
        self._words()
        run_op(self, lambda _t: template_moves.plan_move(workspace, visit_id, to_id), on_done=self._show,
               on_error=self._failed)

    def _words(self) -> None:
        p = self.plan
        self.setWindowTitle(self.tr("Move the checklist to a newer version"))
        self.table.setHeaderLabels([self.tr("Code"), self.tr("Item"), self.tr("What happens"), self.tr("Rating"),
                                    self.tr("Observation")])
        self.table.setAccessibleName(self.tr("Item by item"))
        self.undo_button.setText(self.tr("Undo"))
        if p is None:
            self.intro.setText(self.tr("Reading both versions…"))
            self.move_button.setText(self.tr("Move"))
            return
        title = p.title_zh if is_chinese() else p.title_en
        self.intro.setText(self.tr(
            "This visit's checklist is on version {old} of “{title}”. Moving it to version {new} matches the items by "
            "their code: a kept item takes its rating, observation, evidence and findings along; a new item starts "
            "unrated; a dropped item's rating and observation stay on version {old}.").format(
            old=p.from_version, new=p.to_version, title=title))
        self.move_button.setText(self.tr("Move to version {n}").format(n=p.to_version))
        aside = p.set_aside
        if aside:
            lines = [self.tr("{code} {title}: {rating} — {observation}").format(
                code=i.code, title=i.title_zh if is_chinese() else i.title_en, rating=label(i.rating),
                observation=i.observation.strip() or self.tr("no observation")) for i in aside]
            self.set_aside.setText(self.tr(
                "Version {new} dropped these items; what this visit holds for them stays on version {old} and comes "
                "back if the visit is moved back:").format(new=p.to_version, old=p.from_version) + "\n" + "\n".join(lines))
        self.set_aside.setVisible(bool(aside))

    def _outcome(self, item: MovedItem) -> str:
        if item.outcome == KEPT:
            return self.tr("Kept: its rating moves with it")
        if item.outcome == DROPPED:
            return self.tr("Dropped: stays on version {old}").format(old=self.plan.from_version if self.plan else "")
        return self.tr("New: starts unrated")

    def _show(self, plan: TemplateMove) -> None:
        self.plan = plan
        self.table.clear()
        zh = is_chinese()
        for i in plan.items:
            rating = "" if i.rating is Rating.NOT_ASSESSED and i.outcome != KEPT else label(i.rating)
            row = QTreeWidgetItem([i.code, i.title_zh if zh else i.title_en, self._outcome(i), rating,
                                   i.observation.replace("\n", " ")])
            row.setToolTip(4, i.observation)
            self.table.addTopLevelItem(row)
        for c in range(4):
            self.table.resizeColumnToContents(c)
        self.move_button.setEnabled(True)
        self.move_button.setFocus()
        self._words()

    def _failed(self, exc: BaseException, _tb: str = "") -> None:
        self.state.setText(error_text(exc))
        self.move_button.setEnabled(self.plan is not None and self.back_to is None)

    def _move(self) -> None:
        ws, visit, to = self.workspace, self.visit_id, self.to_id
        self.move_button.setEnabled(False)

        def done(back_to: str) -> None:
            self.back_to = back_to
            self.state.setText(self.tr("The visit is on version {n} now.").format(n=self.plan.to_version if self.plan else ""))
            self.move_button.hide()
            self.undo_button.show()
            self.close_button.setText(self.tr("Close"))
            self.close_button.setFocus()
            self.moved.emit()

        run_op(self, lambda _t: template_moves.move_visit(ws, visit, to), on_done=done, on_error=self._failed,
               changes=MOVED)

    def _undo(self) -> None:
        ws, visit, back = self.workspace, self.visit_id, self.back_to
        if back is None:
            return
        self.undo_button.setEnabled(False)

        def done(_to: str) -> None:
            self.state.setText(self.tr("Undone: the visit is back on version {n}, its ratings as they were.").format(
                n=self.plan.from_version if self.plan else ""))
            self.undo_button.hide()
            self.moved.emit()

        run_op(self, lambda _t: template_moves.move_visit(ws, visit, back), on_done=done, on_error=self._failed,
               changes=MOVED)
