"""A visit's Checklist tab, made for a clipboard: every indicator on one screen, autosaved as it is edited.

Each line is a row: the indicator, its rating as one tap (or one key, 1–4),
what was observed in a box that grows as it fills, and evidence folded away
until it is used. A side list jumps to any line and says how many are rated;
a poor rating is marked in colour and with an icon and its word.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import Rating
from inspector_desktop.domain.templates import checklist_score
from inspector_desktop.store import edits, visit_record
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.visit_record import ChecklistItem, VisitDetail
from inspector_desktop.ui import icons
from inspector_desktop.ui.autosave import Autosaver
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.evidence import EvidenceStrip
from inspector_desktop.ui.i18n import label
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.template_move_dialog import TemplateMoveDialog
from inspector_desktop.ui.rating_buttons import POOR, RatingButtons, poor_colour
from inspector_desktop.ui.widgets import is_chinese


class GrowingTextBox(QPlainTextEdit):
    """One line tall when empty; grows with what is typed, up to ``max_lines``, then scrolls."""

    def __init__(self, max_lines: int = 8) -> None:
        super().__init__()
        self.max_lines = max_lines
        self.setTabChangesFocus(True)
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())
        self._fit()

    def _fit(self) -> None:
        wanted = max(1, round(self.document().size().height()))
        lines = min(self.max_lines, wanted)
        # No scroll bar until the box stops growing: at one line its arrows would fill it.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if wanted > lines
                                        else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        margins = 2 * (self.frameWidth() + self.document().documentMargin()) + 2
        self.setFixedHeight(int(lines * self.fontMetrics().lineSpacing() + margins))

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit()  # a narrower box wraps into more lines


class ChecklistLine(QFrame):
    """One indicator: its rating, what was observed, and (folded away until used) the evidence."""

    rated = Signal()  # the rating changed: the tab recounts its progress

    def __init__(self, tab: ChecklistTab, visit_id: str, item: ChecklistItem) -> None:
        super().__init__()
        self.tab, self.visit_id, self.item = tab, visit_id, item
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)  # photos dropped anywhere on the line become its evidence
        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.poor_mark = QToolButton()  # an icon and a word: the colour is never the only sign
        self.poor_mark.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.poor_mark.setAutoRaise(True)
        self.poor_mark.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.rating = RatingButtons()
        self.rating.set_rating(item.rating, emit=False)
        self.guidance = QLabel()  # shown on the line being worked on only: it is long
        self.guidance.setWordWrap(True)
        self.guidance.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.guidance.hide()
        self.observation = GrowingTextBox()
        self.observation.setPlainText(item.observation)
        self.evidence_button = QToolButton()
        self.evidence_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.evidence_button.setCheckable(True)
        self.evidence_button.toggled.connect(self._fold)
        self.evidence = EvidenceStrip(tab.workspace)
        self.evidence.show_files(item.attachments)

        self.top = QGridLayout()
        self.top.setColumnStretch(0, 1)
        self.room = 0  # the width the tab's scroll area gives the line
        self.side_by_side: bool | None = None
        self._place(True)
        middle = QHBoxLayout()
        middle.addWidget(self.observation, 1)
        middle.addWidget(self.evidence_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(3)
        layout.addLayout(self.top)
        layout.addWidget(self.guidance)
        layout.addLayout(middle)
        layout.addWidget(self.evidence)
        self.setTabOrder(self.rating, self.observation)
        self.setTabOrder(self.observation, self.evidence_button)

        self.rating.currentIndexChanged.connect(self._rating_changed)
        self.observation.textChanged.connect(lambda: self._save("observation", self.observation.toPlainText()))
        self.evidence.files_added.connect(self._attach)
        self.retranslate()

    def retranslate(self) -> None:
        zh = is_chinese()
        self.title.setText(f"{self.item.code}  {self.item.title_zh if zh else self.item.title_en}")
        self.guidance.setText(self.item.guidance_zh if zh else self.item.guidance_en)
        self.title.setToolTip(self.guidance.text())
        self.rating.retranslate()
        self.rating.setAccessibleName(self.tr("Rating of {code}").format(code=self.item.code))
        self.observation.setAccessibleName(self.tr("Observation on {code}").format(code=self.item.code))
        self.observation.setPlaceholderText(self.tr("What you observed…"))
        self.evidence_button.setToolTip(self.tr("Show or hide the evidence; photos can also be dropped on the line"))
        self._show_state()

    @property
    def poor(self) -> bool:
        return self.rating.currentData() in POOR

    def set_current(self, current: bool) -> None:
        self.guidance.setVisible(current and bool(self.guidance.text()))
        self.setFrameShadow(QFrame.Shadow.Sunken if current else QFrame.Shadow.Plain)
        self.setLineWidth(2 if current else 1)

    def _show_state(self) -> None:
        pal, n = self.palette(), len(self.evidence.files)
        self.poor_mark.setVisible(self.poor)
        self.poor_mark.setText(self.tr("Needs follow-up"))
        self.poor_mark.setStyleSheet(f"color: {poor_colour(pal).name()}; font-weight: bold")
        self.poor_mark.setIcon(icons.icon("poor", pal))
        self.evidence_button.setIcon(icons.icon("evidence", pal))
        self.evidence_button.setText(self.tr("Evidence ({n})").format(n=n) if n else self.tr("Add evidence"))
        if n and not self.evidence_button.isChecked():
            self.evidence_button.setChecked(True)  # files are never folded out of sight
        self._fold(self.evidence_button.isChecked())
        self.fit()  # the words may have changed language, and with them their widths

    def fit(self, room: int | None = None) -> None:
        """The rating beside the title where both fit, else under it: never off the right edge
        (English at 1024 px, where "Needs improvement" and the follow-up mark run long). Room is
        kept for the mark even while it is hidden, so a poor rating never moves the buttons away
        from under the finger, and every line of the tab is laid out alike."""
        if room is not None:
            self.room = room
        if not self.room:
            return
        m, gap = self.layout().contentsMargins(), max(0, self.top.horizontalSpacing())
        needed = (m.left() + m.right() + self.title.fontMetrics().averageCharWidth() * 20 + 2 * gap
                  + self.poor_mark.sizeHint().width() + self.rating.sizeHint().width()
                  + self.title.fontMetrics().averageCharWidth() * 5)  # a chosen button: bold, with its icon
        self._place(self.room >= needed)

    def _place(self, side_by_side: bool) -> None:
        if side_by_side == self.side_by_side:
            return
        self.side_by_side = side_by_side
        for w in (self.title, self.poor_mark, self.rating):
            self.top.removeWidget(w)
        self.top.addWidget(self.title, 0, 0)
        self.top.addWidget(self.poor_mark, 0, 1)
        # The title's row as tall as the mark: its coming does not push the buttons down.
        self.top.setRowMinimumHeight(0, self.poor_mark.sizeHint().height())
        if side_by_side:
            self.top.addWidget(self.rating, 0, 2)
        else:
            self.top.addWidget(self.rating, 1, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)

    def _fold(self, open_: bool) -> None:
        self.evidence.setVisible(open_)

    def _rating_changed(self, _index: int) -> None:
        self._save("rating", self.rating.currentData())
        self._show_state()
        self.rated.emit()

    def _save(self, field: str, value: object) -> None:
        visit_id, ind = self.visit_id, self.item.indicator_id
        self.tab.autosaver.queue(
            ("indicator", ind, field), lambda ws: edits.set_indicator_result(ws, visit_id, ind, **{field: value}),
            kind="indicator_result",
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self._attach(files)

    def _attach(self, files: list[Path]) -> None:
        ws, visit_id, ind = self.tab.workspace, self.visit_id, self.item.indicator_id

        def work(_task):  # type: ignore[no-untyped-def]
            result_id = edits.set_indicator_result(ws, visit_id, ind)
            for f in files:
                edits.attach_file(ws, f, indicator_result_id=result_id)
            return visit_record.visit_detail(ws, visit_id)

        def done(detail: VisitDetail) -> None:
            item = next(i for i in detail.checklist if i.indicator_id == ind)
            self.item = item
            self.evidence.show_files(item.attachments)
            self._show_state()
            self.tab.evidence_changed.emit()

        run_op(self, work, on_done=done, on_error=lambda exc, _tb: self.tab.failed.emit(exc),
               progress_label=self.tr("Storing evidence…"), changes=Changes.of("indicator_result", "attachment"))


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
