"""Planning a visit: the school, the four axes, the checklist, the team and the day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
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

from inspector_desktop.domain import DomainError, Notice, Planning, Scope, Stage, TeamRole
from inspector_desktop.store import choices, edits, profile
from inspector_desktop.store.db import Workspace
from inspector_desktop.ui.i18n import error_text, label
from inspector_desktop.ui.widgets import is_chinese


class NewVisitDialog(QDialog):
    def __init__(self, workspace: Workspace, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.visit_id: str | None = None
        self.setWindowTitle(self.tr("New visit"))
        self.school = QComboBox()
        for c in choices.schools(workspace):
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
        for t in choices.templates(workspace):
            self.template.addItem(t.title_zh if zh else t.title_en, t.id)
        self.template.addItem(self.tr("(no checklist)"), None)
        form.addRow(self.tr("Checklist"), self.template)
        self.team = QListWidget()
        me = profile.current_inspector_id(workspace)
        for c in choices.inspectors(workspace):
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
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
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
        # A small write on the GUI thread: it is one row and the dialog waits for its id anyway.
        try:
            self.visit_id = edits.create_visit(
                self.workspace,
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
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Cannot plan the visit"), error_text(exc))
            return
        super().accept()
