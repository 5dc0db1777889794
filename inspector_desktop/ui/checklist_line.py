"""One line of a visit's checklist: an indicator, its rating as one tap, what was
observed in a box that grows as it fills, and its evidence, folded away until used.

The line is what the inspector works in, row after row; the Checklist tab
(checklist_tab.py) only stacks the lines, moves between them and counts them,
so the line, with its own fitting to a narrow window and its autosaves, stands alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QToolButton, QVBoxLayout

from inspector_desktop.store import edits, visit_record
from inspector_desktop.store.visit_record import ChecklistItem, VisitDetail
from inspector_desktop.ui import icons
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.evidence import EvidenceStrip
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.rating_buttons import POOR, RatingButtons, poor_colour
from inspector_desktop.ui.widgets import is_chinese

if TYPE_CHECKING:
    from inspector_desktop.ui.checklist_tab import ChecklistTab


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
