"""Planning a visit: the school, the four axes, the checklist, the team and the day.

The choices are read on a worker before the dialog opens (``read_choices``), and
the new visit is written on one; a refusal keeps the dialog open with its reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from inspector_desktop.domain import Notice, Planning, Scope, Stage, TeamRole
from inspector_desktop.store import choices, edits, profile
from inspector_desktop.store.db import Workspace
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import label
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.widgets import date_edit, is_chinese


@dataclass(frozen=True)
class VisitChoices:
    """What a new visit can be made of; read on a worker thread."""

    schools: tuple[choices.Choice, ...]
    templates: tuple[choices.TemplateChoice, ...]
    inspectors: tuple[choices.Choice, ...]
    me: str | None  # ticked on the team by default


def read_choices(ws: Workspace) -> VisitChoices:
    return VisitChoices(choices.schools(ws), choices.templates(ws), choices.inspectors(ws),
                        profile.current_inspector_id(ws))


class NewVisitDialog(QDialog):
    def __init__(self, workspace: Workspace, today: dt.date, offered: VisitChoices,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.visit_id: str | None = None
        self.busy = False
        self.setWindowTitle(self.tr("New visit"))
        self.school = QComboBox()
        for c in offered.schools:
            self.school.addItem(f"{c.label}  ({c.detail})", c.id)
        self.axes: dict[str, QComboBox] = {}
        form = QFormLayout(self)
        form.addRow(self.tr("School"), self.school)
        for key, members, caption in (
            ("scope", list(Scope), self.tr("Scope")),
            ("stage", list(Stage), self.tr("Stage")),
            ("planning", list(Planning), self.tr("Planning")),
            ("notice", list(Notice), self.tr("Notice")),
        ):
            combo = QComboBox()
            for m in members:
                combo.addItem(label(m), m)
            combo.setAccessibleName(caption)
            self.axes[key] = combo
            form.addRow(caption, combo)
        self.template = QComboBox()
        zh = is_chinese()
        for t in offered.templates:
            self.template.addItem(t.title_zh if zh else t.title_en, t.id)
        self.template.addItem(self.tr("(no checklist)"), None)
        form.addRow(self.tr("Checklist"), self.template)
        self.team = QListWidget()
        me = offered.me
        for c in offered.inspectors:
            item = QListWidgetItem(f"{c.label} ({c.detail})")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if c.id == me else Qt.CheckState.Unchecked)
            self.team.addItem(item)
        self.team.setMaximumHeight(self.team.sizeHintForRow(0) * 4 + 8 if self.team.count() else 60)
        self.team.setAccessibleName(self.tr("Team"))
        form.addRow(self.tr("Team"), self.team)
        hint = QLabel(self.tr("The first inspector ticked leads the team."))
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.day = date_edit(today)  # 2026年11月22日 / 2026-11-22, as every date in the window
        self.day.setAccessibleName(self.tr("Date"))
        form.addRow(self.tr("Date"), self.day)
        self.purpose = QPlainTextEdit()
        self.purpose.setMaximumHeight(self.purpose.fontMetrics().lineSpacing() * 3 + 12)
        self.purpose.setAccessibleName(self.tr("Purpose"))
        form.addRow(self.tr("Purpose"), self.purpose)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Plan visit"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form.addRow(buttons)
        self.school.setAccessibleName(self.tr("School"))
        self.template.setAccessibleName(self.tr("Checklist"))

    def team_choice(self) -> list[tuple[str, TeamRole]]:
        ids = [
            self.team.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.team.count())
            if self.team.item(i).checkState() == Qt.CheckState.Checked
        ]
        return [(i, TeamRole.LEADER if n == 0 else TeamRole.MEMBER) for n, i in enumerate(ids)]

    def accept(self) -> None:
        """Plan the visit in the background; the dialog closes once it is written."""
        if self.busy:
            return
        ws, values = self.workspace, dict(
            school_id=self.school.currentData(),
            planned_on=self.day.date().toPython(),
            scope=self.axes["scope"].currentData(),
            stage=self.axes["stage"].currentData(),
            planning=self.axes["planning"].currentData(),
            notice=self.axes["notice"].currentData(),
            template_id=self.template.currentData(),
            team=self.team_choice(),
            purpose=self.purpose.toPlainText().strip(),
        )
        self.busy = True
        self.buttons.setEnabled(False)
        run_op(self, lambda _t: edits.create_visit(ws, **values), on_done=self._planned, on_error=self._refused,
               changes=Changes.of("visit", "visit_team_member"))

    def _planned(self, visit_id: str) -> None:
        self.busy = False
        self.visit_id = visit_id
        super().accept()

    def _refused(self, exc: BaseException, _tb: str) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        QMessageBox.warning(self, self.tr("Cannot plan the visit"), error_text(exc))
