"""Settings: language, discreet mode, where the data lives, and the rule file in force.

The rule file is the office's decision for a region: every inspector sees which
one their deadlines follow; a lead inspector signed in to the office's server
also chooses it for their region, and it reaches the region's laptops by sync.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.store import rules
from inspector_desktop.store.db import Workspace
from inspector_desktop.ui import i18n, unlock
from inspector_desktop.ui.discreet import Discretion
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import format_date
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.widgets import Page, heading, is_chinese


class SettingsPage(Page):
    # The rule file in force follows the region's record and the inspector's region.
    shows = frozenset({"region_rules", "inspector"})

    def __init__(self, workspace: Workspace, settings: QSettings, discretion: Discretion,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.workspace, self.settings, self.discretion, self.today = workspace, settings, discretion, today
        self.choice: rules.RulesChoice | None = None
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
        self.recovery = unlock.RecoveryKeyButton(workspace)
        self.rules_now = QLabel()
        self.rules_now.setWordWrap(True)
        self.rules_now.setTextFormat(Qt.TextFormat.PlainText)
        # A lead's choice for the region; hidden unless the signed-in account is a lead's.
        self.rules_combo = QComboBox()
        self.rules_apply = QPushButton()
        self.rules_apply.clicked.connect(self.apply_rules)
        self.rules_message = QLabel()
        self.rules_message.setWordWrap(True)
        self.rules_lead = QWidget()
        lead_row = QHBoxLayout(self.rules_lead)
        lead_row.setContentsMargins(0, 0, 0, 0)
        lead_row.addWidget(self.rules_combo, 1)
        lead_row.addWidget(self.rules_apply)
        self.rules_lead.hide()
        rules_box = QWidget()
        rules_layout = QVBoxLayout(rules_box)
        rules_layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.rules_now, self.rules_lead, self.rules_message):
            rules_layout.addWidget(w)
        self.labels = [QLabel() for _ in range(6)]
        form = QFormLayout()
        for lab, w in zip(self.labels, (self.language, self.discreet, self.timeout, self.folder, self.recovery, rules_box)):
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
        for lab, text in zip(self.labels, (self.tr("Language"), self.tr("Discreet mode"), self.tr("Hide again after"),
                                           self.tr("Data folder"), self.tr("Recovery key"), self.tr("Rule file"))):
            lab.setText(text)
        self.recovery.retranslate()
        self.rules_combo.setAccessibleName(self.tr("Rule file for the region"))
        self.discreet.setText(self.tr("Hide unannounced visits still to come"))
        self.timeout.setSuffix(self.tr(" s"))
        self.language.setAccessibleName(self.tr("Language"))
        self.discreet.setAccessibleName(self.tr("Discreet mode"))
        self.timeout.setAccessibleName(self.tr("Hide again after"))
        chosen = str(self.settings.value(i18n.SETTINGS_KEY, "") or "")
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItem(self.tr("Follow the system"), "")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.language.blockSignals(False)
        self._show_rules(self.choice)

    # ------------------------------------------------------------ the rule file

    def refresh(self) -> None:
        ws = self.workspace
        run_op(self, lambda _t: rules.rules_choice(ws), on_done=self._show_rules, on_error=self._rules_failed,
               key="rules")

    def _title(self, option: rules.RulesOption) -> str:
        return option.title_zh if is_chinese() else option.title_en

    def _show_rules(self, choice: rules.RulesChoice | None) -> None:
        self.choice = choice
        if choice is None:
            self.rules_now.clear()
            self.rules_lead.hide()
            return
        title = self._title(choice.active)  # the file's code (default.v1) means nothing to an inspector
        if choice.source is rules.RulesSource.REGION:
            by = choice.decided_by or self.tr("the office")
            where = self.tr("Set for {region} by {by} on {date}.").format(
                region=choice.region, by=by, date=format_date(choice.decided_on))
        elif choice.source is rules.RulesSource.LOCAL:
            where = self.tr("Chosen on this laptop; the office has set none for your region.")
        else:
            where = self.tr("The national default; the office has set none for your region.")
        self.rules_now.setText(f"{title}\n{where}")
        self.rules_lead.setVisible(choice.may_choose)
        if choice.may_choose:
            self.rules_combo.clear()
            for option in choice.options:
                self.rules_combo.addItem(self._title(option), option.key)
            self.rules_combo.setCurrentIndex(max(0, self.rules_combo.findData(choice.active.key)))
            self.rules_apply.setText(self.tr("Set for {region}").format(region=choice.region))
            self.rules_apply.setEnabled(True)

    def _rules_failed(self, exc: BaseException, _tb: str) -> None:
        self.rules_apply.setEnabled(self.choice is not None and self.choice.may_choose)
        self.rules_message.setText(error_text(exc))

    def apply_rules(self) -> None:
        """A lead sets the region's rule file; it goes to the server at the next sync."""
        key, ws, day = self.rules_combo.currentData(), self.workspace, self.today()
        if not key:
            return
        self.rules_apply.setEnabled(False)
        self.rules_message.clear()

        def done(_record_id: str) -> None:
            self.rules_message.setText(self.tr("Saved. The region's laptops follow it after their next sync."))
            self.refresh()

        run_op(self, lambda _t: rules.set_region_rules(ws, key, day), on_done=done, on_error=self._rules_failed)

    def _language_chosen(self, _index: int) -> None:
        self.settings.setValue(i18n.SETTINGS_KEY, self.language.currentData() or "")
        i18n.apply_language(i18n.chosen_language(self.settings))
