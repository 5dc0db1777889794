"""A visit's Checklist tab, made for a clipboard: every indicator on one screen, autosaved as it is edited.

Each line is a row (checklist_line.py): the indicator, its rating as one tap
(or one key, 1–4), what was observed in a box that grows as it fills, and
evidence folded away until it is used. A side list jumps to any line and says
how many are rated, and the score so far; a poor rating is marked in colour
and with an icon and its word.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import Rating
from inspector_desktop.domain.templates import checklist_score
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.visit_record import VisitDetail
from inspector_desktop.ui import icons
from inspector_desktop.ui.autosave import Autosaver
from inspector_desktop.ui.checklist_line import ChecklistLine
from inspector_desktop.ui.i18n import label
from inspector_desktop.ui.template_move_dialog import TemplateMoveDialog
from inspector_desktop.ui.rating_buttons import poor_colour


class ChecklistTab(QWidget):
    """Every line of the visit's checklist in the template's order, with a jump list and the progress."""

    evidence_changed = Signal()
    failed = Signal(object)  # the exception of a write that did not land
    moved = Signal()  # the visit moved to another version of its checklist: read it again

    def __init__(self, workspace: Workspace, autosaver: Autosaver) -> None:
        super().__init__()
        self.workspace, self.autosaver = workspace, autosaver
        self.lines: list[ChecklistLine] = []
        self.current: ChecklistLine | None = None
        self.progress = QLabel()
        self.detail: VisitDetail | None = None
        self.score = QLabel()  # e.g. 86/100, from the ratings, the version's scale and weights
        self.move_button = QPushButton()  # to a newer published version of the checklist
        self.move_button.clicked.connect(self._move_to_newer)
        self.jump = QListWidget()
        self.jump.setIconSize(QSize(16, 16))
        self.jump.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.jump.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.jump.currentRowChanged.connect(self.go_to)
        self.box = QWidget()
        self.box_layout = QVBoxLayout(self.box)
        self.box_layout.setContentsMargins(0, 0, 4, 0)
        self.box_layout.setSpacing(4)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.box)
        self.scroll.viewport().installEventFilter(self)  # a narrower window puts ratings under titles
        side = QVBoxLayout()
        side.addWidget(self.progress)
        side.addWidget(self.score)
        side.addWidget(self.jump, 1)
        side.addWidget(self.move_button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(side)
        layout.addWidget(self.scroll, 1)
        for key, step in ((Qt.Key.Key_Down, 1), (Qt.Key.Key_Up, -1)):
            shortcut = QShortcut(QKeySequence(Qt.Modifier.ALT | key), self, lambda step=step: self.step(step))
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        app = QApplication.instance()
        if app is not None:  # the line being worked on follows the keyboard focus
            app.focusChanged.connect(self._focus_moved)
        self.retranslate()

    def show_visit(self, detail: VisitDetail) -> None:
        while self.box_layout.count():
            old = self.box_layout.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        self.current, self.detail = None, detail
        self.lines = [ChecklistLine(self, detail.id, item) for item in detail.checklist]
        for line in self.lines:
            line.rated.connect(self._show_progress)
            line.fit(self._room())
            self.box_layout.addWidget(line)
        if not self.lines:
            self.box_layout.addWidget(QLabel(self.tr("This visit has no checklist template.")))
        self.box_layout.addStretch(1)
        # Tab runs down the lines in order: rating, observation, evidence, then the next line.
        for a, b in zip(self.lines, self.lines[1:]):
            QWidget.setTabOrder(a.evidence_button, b.rating)
        self._show_progress()

    def retranslate(self) -> None:
        self.jump.setAccessibleName(self.tr("Checklist items"))
        self.jump.setToolTip(self.tr("Go to an item (Alt+Down / Alt+Up: next / previous)"))
        for line in self.lines:
            line.retranslate()
        self._show_progress()

    def _room(self) -> int:
        m = self.box_layout.contentsMargins()
        return self.scroll.viewport().width() - m.left() - m.right()

    def eventFilter(self, watched, event: QEvent) -> bool:  # type: ignore[no-untyped-def]  # noqa: N802
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            for line in self.lines:
                line.fit(self._room())
        return False

    # ------------------------------------------------------------ moving about

    def go_to(self, row: int) -> None:
        if not 0 <= row < len(self.lines):
            return
        line = self.lines[row]
        self._make_current(line)
        self.scroll.ensureWidgetVisible(line, 0, 8)
        if not line.isAncestorOf(QApplication.focusWidget()):
            line.rating.setFocus(Qt.FocusReason.OtherFocusReason)

    def step(self, by: int) -> None:
        row = self.lines.index(self.current) + by if self.current in self.lines else 0
        self.go_to(max(0, min(len(self.lines) - 1, row)))

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        line = next((ln for ln in self.lines if ln.isAncestorOf(new)), None) if new is not None else None
        if line is not None and line is not self.current:
            self._make_current(line)

    def _make_current(self, line: ChecklistLine) -> None:
        if self.current is not None and self.current in self.lines:
            self.current.set_current(False)
        self.current = line
        line.set_current(True)
        blocked = self.jump.blockSignals(True)
        self.jump.setCurrentRow(self.lines.index(line))
        self.jump.blockSignals(blocked)

    # ------------------------------------------------------------ progress

    def rated_count(self) -> int:
        return sum(line.rating.currentData() is not Rating.NOT_ASSESSED for line in self.lines)

    def _show_progress(self) -> None:
        poor = sum(line.poor for line in self.lines)
        text = self.tr("{rated}/{total} rated").format(rated=self.rated_count(), total=len(self.lines))
        if poor:
            text += "\n" + self.tr("{n} need follow-up").format(n=poor)
        self.progress.setText(text)
        self._show_score()
        self.progress.setAccessibleName(text.replace("\n", "; "))
        pal = self.palette()
        if self.jump.count() != len(self.lines):
            self.jump.clear()
            for _line in self.lines:
                self.jump.addItem(QListWidgetItem())
        for n, line in enumerate(self.lines):
            item, rating = self.jump.item(n), line.rating.currentData()
            title = line.title.text()
            item.setText(title)
            item.setIcon(icons.icon("poor" if line.poor else "unrated" if rating is Rating.NOT_ASSESSED else "rated", pal))
            item.setForeground(poor_colour(pal) if line.poor else pal.color(QPalette.ColorRole.Text))
            item.setToolTip(f"{title}: {label(rating)}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}: {label(rating)}")
        hint = self.jump.sizeHintForColumn(0) if self.jump.count() else 0
        self.jump.setFixedWidth(min(max(hint + 8, 140), 240))

    # ------------------------------------------------------------ score and version

    def _show_score(self) -> None:
        d = self.detail
        score = checklist_score([(ln.item.weight, ln.rating.currentData()) for ln in self.lines], d.scale) if d else None
        self.score.setVisible(bool(self.lines))
        if score is not None:
            self.score.setText(self.tr("Score {points}/{out_of}").format(points=score.points, out_of=score.out_of)
                               + ("" if score.complete else " " + self.tr("(so far)")))
            self.score.setToolTip(self.tr("Each item earns its weight times its rating's points on the scale of "
                                          "version {n} of the checklist").format(n=d.template_version))
        newer = d.newer_template if d and not d.signed_forms else None
        self.move_button.setVisible(newer is not None)
        if newer is not None:
            self.move_button.setText(self.tr("Move to version {n}…").format(n=newer.version))
            self.move_button.setToolTip(self.tr("This visit stays on version {old} unless you move it; "
                                                "you see item by item what happens first").format(old=d.template_version))

    def _move_to_newer(self) -> None:
        d = self.detail
        if d is None or d.newer_template is None:
            return
        self.autosaver.flush_now()  # the move reads the ratings as typed
        dialog = TemplateMoveDialog(self.workspace, d.id, d.newer_template.id, self)
        dialog.moved.connect(self.moved)
        dialog.open()
