"""A checklist template version's items, as the office edits a draft: code, weight,
routine category, titles and guidance in both languages, in the order visits show
them (Move up / Move down, Ctrl+Up / Ctrl+Down), with the total of the weights,
which must be 100 to publish, shown as it is typed.

The Checklist templates page (templates_page.py) lists the versions, opens one
and saves or publishes it; the items table is where the editing happens, and
needs nothing of the page but the items it is given, so it stands alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import Category
from inspector_desktop.domain.templates import FULL_WEIGHT
from inspector_desktop.store.templates import DraftItem
from inspector_desktop.ui.widgets import fill_enum_combo

# The weight beside the code, where the total below is read; None: a widget's column (weight, category).
TEXT_COLUMNS = ("code", None, None, "title_zh", "title_en", "guidance_zh", "guidance_en")
WEIGHT, CATEGORY = 1, 2
TOP = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft


class TemplateItems(QWidget):
    edited = Signal()  # an item was changed, added, removed or moved

    def __init__(self) -> None:
        super().__init__()
        self.items: list[DraftItem] = []
        self.draft = False  # a draft's items can be edited; a published version's never change
        self.table = QTableWidget(0, 7)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
        # Code and weight as wide as their words; the category, titles and guidance share the rest
        # and the prose wraps, so the table never scrolls sideways, even at 1024 pixels.
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(self.table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents if column in (0, WEIGHT)
                                        else QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # A row's height follows its columns' widths: when the window narrows the guidance takes more lines.
        self.rows_to_fit = QTimer(self, singleShot=True, interval=0)
        self.rows_to_fit.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_a: self.rows_to_fit.start())
        self.table.itemChanged.connect(self._cell_edited)
        self.add_button, self.remove_button, self.up_button, self.down_button = (QPushButton() for _ in range(4))
        self.add_button.clicked.connect(self._add_item)
        self.remove_button.clicked.connect(self._remove_item)
        self.up_button.clicked.connect(lambda: self._move_item(-1))
        self.down_button.clicked.connect(lambda: self._move_item(1))
        for key, step in ((Qt.Key.Key_Up, -1), (Qt.Key.Key_Down, 1)):
            QShortcut(QKeySequence(Qt.Modifier.CTRL | key), self.table, lambda step=step: self._move_item(step),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.total = QLabel()
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Weight"), self.tr("Category"), self.tr("Title (Chinese)"),
                                              self.tr("Title (English)"), self.tr("Guidance (Chinese)"),
                                              self.tr("Guidance (English)")])
        self.table.setAccessibleName(self.tr("Items"))
        self.add_button.setText(self.tr("Add item"))
        self.remove_button.setText(self.tr("Remove item"))
        self.up_button.setText(self.tr("Move up"))
        self.up_button.setToolTip(self.tr("Move the item up (Ctrl+Up)"))
        self.down_button.setText(self.tr("Move down"))
        self.down_button.setToolTip(self.tr("Move the item down (Ctrl+Down)"))
        self._show_total()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_items(self, items: Sequence[DraftItem], draft: bool) -> None:
        self.items, self.draft = list(items), draft
        for w in (self.add_button, self.remove_button, self.up_button, self.down_button):
            w.setEnabled(draft)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers if draft
                                   else QAbstractItemView.EditTrigger.NoEditTriggers)
        self._render_items()

    def _render_items(self, select: int | None = None) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            for col, name in enumerate(TEXT_COLUMNS):
                if name is not None:
                    cell = QTableWidgetItem(getattr(item, name))
                    cell.setToolTip(getattr(item, name))
                    cell.setTextAlignment(TOP)
                    self.table.setItem(row, col, cell)
            combo = QComboBox()
            fill_enum_combo(combo, list(Category))
            # As wide as its column: a category longer than a narrow window allows reads whole in its tooltip.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.setToolTip(combo.currentText())
            combo.currentIndexChanged.connect(lambda _i, combo=combo: combo.setToolTip(combo.currentText()))
            combo.setCurrentIndex(max(0, combo.findData(item.category)))
            combo.setEnabled(self.draft)
            combo.currentIndexChanged.connect(lambda _i, combo=combo: self._edited_widget(combo, "category", combo.currentData()))
            self.table.setCellWidget(row, CATEGORY, combo)
            spin = QSpinBox()
            spin.setRange(0, FULL_WEIGHT)
            spin.setValue(item.weight)
            spin.setEnabled(self.draft)
            spin.setAccessibleName(self.tr("Weight of {code}").format(code=item.code))
            spin.valueChanged.connect(lambda v, spin=spin: self._edited_widget(spin, "weight", v))
            self.table.setCellWidget(row, WEIGHT, spin)
            for widget in (combo, spin):  # at the top of a row the guidance makes tall, beside the first line
                widget.setMaximumHeight(widget.sizeHint().height())
        self.table.blockSignals(False)
        if select is not None and 0 <= select < len(self.items):
            self.table.selectRow(select)
        self._show_total()

    def _row_of(self, widget: QWidget) -> int:
        for row in range(self.table.rowCount()):
            if widget in (self.table.cellWidget(row, CATEGORY), self.table.cellWidget(row, WEIGHT)):
                return row
        return -1

    def _edited_widget(self, widget: QWidget, name: str, value: object) -> None:
        row = self._row_of(widget)
        if row >= 0:
            self.items[row] = dataclasses.replace(self.items[row], **{name: value})
            self._touched()

    def _cell_edited(self, cell: QTableWidgetItem) -> None:
        name = TEXT_COLUMNS[cell.column()] if cell.column() < len(TEXT_COLUMNS) else None
        if name is not None and 0 <= cell.row() < len(self.items):
            self.items[cell.row()] = dataclasses.replace(self.items[cell.row()], **{name: cell.text()})
            self._touched()

    def _add_item(self) -> None:
        self.items.append(DraftItem(None, "", Category.OTHER, "", ""))
        self._render_items(select=len(self.items) - 1)
        self._touched()
        self.table.setCurrentCell(len(self.items) - 1, 0)
        self.table.editItem(self.table.item(len(self.items) - 1, 0))

    def _remove_item(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.items):
            del self.items[row]
            self._render_items(select=min(row, len(self.items) - 1))
            self._touched()

    def _move_item(self, step: int) -> None:
        row = self.table.currentRow()
        if not self.draft:
            return
        if 0 <= row < len(self.items) and 0 <= row + step < len(self.items):
            self.items[row], self.items[row + step] = self.items[row + step], self.items[row]
            self._render_items(select=row + step)
            self.table.setCurrentCell(row + step, max(0, self.table.currentColumn()))
            self._touched()

    def _touched(self) -> None:
        self._show_total()
        self.edited.emit()

    def _show_total(self) -> None:
        total = sum(i.weight for i in self.items)
        text = self.tr("Total weight {total}/{full}").format(total=total, full=FULL_WEIGHT)
        if total != FULL_WEIGHT and self.draft:
            text += " — " + self.tr("must be {full} to publish").format(full=FULL_WEIGHT)
        self.total.setText(text)
