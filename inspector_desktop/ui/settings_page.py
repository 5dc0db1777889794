"""Settings: language, discreet mode, and where the data lives."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.store.db import Workspace
from inspector_desktop.ui import i18n
from inspector_desktop.ui.discreet import Discretion
from inspector_desktop.ui.widgets import Page, heading


class SettingsPage(Page):
    def __init__(self, workspace: Workspace, settings: QSettings, discretion: Discretion) -> None:
        super().__init__()
        self.workspace, self.settings, self.discretion = workspace, settings, discretion
        self.title = heading()
        self.language = QComboBox()
        self.discreet = QCheckBox()
        self.discreet.setChecked(discretion.enabled)
        self.discreet.toggled.connect(discretion.set_enabled)
        self.timeout = QSpinBox()
        self.timeout.setRange(5, 3600)
        self.timeout.setValue(discretion.reveal_seconds)
        self.timeout.valueChanged.connect(discretion.set_reveal_seconds)
        self.folder = QLabel(str(workspace.data_dir.root))
        self.folder.setWordWrap(True)
        self.labels = [QLabel() for _ in range(4)]
        form = QFormLayout()
        for lab, w in zip(self.labels, (self.language, self.discreet, self.timeout, self.folder)):
            form.addRow(lab, w)
        holder = QWidget()
        holder.setLayout(form)
        holder.setMaximumWidth(self.fontMetrics().averageCharWidth() * 90)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(holder)
        layout.addStretch(1)
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Settings"))
        for lab, text in zip(self.labels, (self.tr("Language"), self.tr("Discreet mode"), self.tr("Seal again after"), self.tr("Data folder"))):
            lab.setText(text)
        self.discreet.setText(self.tr("Seal unannounced visits still to come"))
        self.timeout.setSuffix(self.tr(" s"))
        self.language.setAccessibleName(self.tr("Language"))
        self.discreet.setAccessibleName(self.tr("Discreet mode"))
        self.timeout.setAccessibleName(self.tr("Seal again after"))
        chosen = str(self.settings.value(i18n.SETTINGS_KEY, "") or "")
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItem(self.tr("Follow the system"), "")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.language.blockSignals(False)

    def _language_chosen(self, _index: int) -> None:
        self.settings.setValue(i18n.SETTINGS_KEY, self.language.currentData() or "")
        i18n.apply_language(i18n.chosen_language(self.settings))
