"""The 双随机 draw: random schools, and optionally random inspectors for each.

The draw is stored with its seed the moment it is made (store.random_picks.run_random_pick),
so it cannot be silently redrawn until liked; "Re-run to audit" replays the stored
seed and shows whether it gives the same result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.store import choices, random_picks
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.random_picks import PickRecord
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.ops import run_op


@dataclass(frozen=True)
class PickShown:
    """A stored draw with the names to show it by (read in the same background step)."""

    record: PickRecord
    school_names: dict[str, str]
    inspector_names: dict[str, str]


class RandomPickDialog(QDialog):
    def __init__(self, parent: QWidget | None, workspace: Workspace, today: dt.date) -> None:
        super().__init__(parent)
        self.workspace, self.today = workspace, today
        self.setWindowTitle(self.tr("Random pick (双随机)"))
        self.schools = QSpinBox()
        self.schools.setRange(1, 999)
        self.schools.setValue(3)
        self.per_school = QSpinBox()
        self.per_school.setRange(0, 9)
        self.per_school.setSpecialValueText(self.tr("schools only"))
        self.purpose, self.made_by = QLineEdit(), QLineEdit()
        form = QFormLayout()
        for text, w in ((self.tr("Schools to pick"), self.schools), (self.tr("Inspectors per school"), self.per_school),
                        (self.tr("Purpose"), self.purpose), (self.tr("Drawn by (lead)"), self.made_by)):
            w.setAccessibleName(text)
            form.addRow(text, w)
        self.draw_button = QPushButton(self.tr("Draw"))
        self.draw_button.clicked.connect(self.draw)
        self.audit_button = QPushButton(self.tr("Re-run to audit"))
        self.audit_button.setEnabled(False)
        self.audit_button.clicked.connect(self.audit)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        self.picked = QListWidget()
        self.picked.setAccessibleName(self.tr("Picked schools"))
        self.seed = QLabel()
        # The seed is what an auditor copies into their record.
        self.seed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.audit_result = QLabel()
        self.audit_result.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.draw_button)
        buttons.addWidget(self.audit_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.picked, 1)
        layout.addWidget(self.seed)
        layout.addWidget(self.audit_result)
        layout.addWidget(close)
        self.shown: PickShown | None = None
        self.audited: bool | None = None
        self.resize(520, 460)

    def draw(self) -> None:
        ws, day, count, per, purpose, made_by = (self.workspace, self.today, self.schools.value(),
                                                 self.per_school.value(), self.purpose.text(), self.made_by.text())

        def work(_task: Any) -> PickShown:
            inspectors = choices.inspectors(ws)
            record = random_picks.run_random_pick(ws, day, made_by, count, purpose,
                                                  inspector_ids=[i.id for i in inspectors] if per else (),
                                                  inspectors_per_school=per)
            return PickShown(record, {c.id: c.label for c in choices.schools(ws)}, {i.id: i.label for i in inspectors})

        self.draw_button.setEnabled(False)
        self.error.hide()
        run_op(self, work, on_done=self._drawn, on_error=self._refused)

    def _drawn(self, shown: PickShown) -> None:
        self.shown, self.audited = shown, None
        self.draw_button.setEnabled(True)
        self.audit_button.setEnabled(True)
        self.audit_result.setText("")
        self.picked.clear()
        r = shown.record
        for n, sid in enumerate(r.school_ids, 1):
            team = "、".join(shown.inspector_names.get(i, i) for i in r.inspectors.get(sid, ()))
            line = f"{n}. {shown.school_names.get(sid, sid)}"
            self.picked.addItem(self.tr("{school} — inspectors: {team}").format(school=line, team=team) if team else line)
        self.seed.setText(self.tr("Seed: {seed}").format(seed=r.seed))

    def _refused(self, exc: BaseException, _tb: str) -> None:
        self.draw_button.setEnabled(True)
        self.error.setText(error_text(exc))
        self.error.show()

    def audit(self) -> None:
        if self.shown is None:
            return
        ws, pick_id = self.workspace, self.shown.record.id
        self.audit_button.setEnabled(False)
        run_op(self, lambda _t: random_picks.audit_random_pick(ws, pick_id), on_done=self._audited, on_error=self._refused)

    def _audited(self, same: bool) -> None:
        self.audited = same
        self.audit_button.setEnabled(True)
        self.audit_result.setText(
            self.tr("✔ Re-running the seed gives the same schools and inspectors.") if same
            else self.tr("✘ Re-running the seed gives a different result: the stored draw does not match."))
