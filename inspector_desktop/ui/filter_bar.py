"""The filter bar over a page's list: a search box, status and school choices, overdue
only, and whatever filters a page adds, wrapping onto more lines in a narrow window.

The Visits, Rectifications and Feedback forms pages each put one over their list;
it is a widget family of its own (search timing, wrapping, matching a row), so it
stands apart from the small shared pieces in widgets.py.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from inspector_desktop.ui.flow_layout import FlowLayout
from inspector_desktop.ui.i18n import label


class FilterBar(QWidget):
    """Search and filters over a page's rows: status, school, overdue only, free text
    (Chinese included), and whatever a page adds (``add_filter``, e.g. the Visits page's
    axes and dates). The search takes its own line; the filters wrap onto more lines
    when the window is narrow instead of cutting their captions. A page filtering in
    memory asks ``matches`` per row; the Visits page reads the widgets into its query."""

    changed = Signal()

    def __init__(self, statuses: list, with_overdue: bool = True, search_delay_ms: int = 0) -> None:  # type: ignore[type-arg]
        super().__init__()
        self.statuses = statuses
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.status, self.school = QComboBox(), QComboBox()
        self.school.addItem("", None)
        # Parented now: shown before it had a parent, it would flash up as a window of its own
        # and take the focus from the main window (pages are built while the window is on screen).
        self.overdue = QCheckBox(self)
        self.overdue.setVisible(with_overdue)
        self.count = QLabel()
        # A search over the store waits for a pause in the typing; Enter searches at once.
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(search_delay_ms)
        self._typing.timeout.connect(self.changed)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self._search_now)
        self.status.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.school.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.overdue.toggled.connect(lambda _c: self.changed.emit())
        self.top = QHBoxLayout()
        self.top.addWidget(self.search, 1)
        self.top.addWidget(self.count)
        self.flow = FlowLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.top)
        layout.addLayout(self.flow)
        self.add_filter(self.status)
        self.add_filter(self.school)
        self.flow.addWidget(self.overdue)

    def _typed(self, _text: str) -> None:
        if self._typing.interval():
            self._typing.start()
        else:
            self.changed.emit()

    def _search_now(self) -> None:
        self._typing.stop()
        self.changed.emit()

    def add_action(self, button: QWidget) -> None:
        """A button beside the search box (e.g. New visit…)."""
        self.top.insertWidget(self.top.count() - 1, button)

    def add_filter(self, *widgets: QWidget) -> None:
        """Widgets kept together on one line of the bar (a caption and its field)."""
        for w in widgets:
            if isinstance(w, QComboBox):
                # As wide as its longest choice, never narrower; long school names stop at a limit.
                w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
                w.setMaximumWidth(w.fontMetrics().averageCharWidth() * 40)
        if len(widgets) == 1:
            self.flow.addWidget(widgets[0])
            return
        group = QWidget()
        row = QHBoxLayout(group)
        row.setContentsMargins(0, 0, 0, 0)
        for w in widgets:
            row.addWidget(w)
        self.flow.addWidget(group)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search school, form number or text, e.g. 食堂"))
        self.search.setAccessibleName(self.tr("Search"))
        current = self.status.currentData()
        blocked = self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(self.tr("Any status"), None)
        for m in self.statuses:
            self.status.addItem(label(m), m)
        self.status.setCurrentIndex(max(0, self.status.findData(current)) if current is not None else 0)
        self.status.blockSignals(blocked)
        self.status.setAccessibleName(self.tr("Status"))
        self.school.setItemText(0, self.tr("All schools"))
        self.school.setAccessibleName(self.tr("School"))
        self.overdue.setText(self.tr("Overdue only"))

    def set_schools(self, names: list[str]) -> None:
        """The school choices, from the rows shown (matched by name); the choice made is kept."""
        self.set_school_choices([(name, name) for name in sorted(set(names))])

    def set_school_choices(self, choices: list[tuple[str, object]]) -> None:
        """The school choices as (words, value), e.g. a school's name and its id."""
        current = self.school.currentData()
        blocked = self.school.blockSignals(True)
        while self.school.count() > 1:
            self.school.removeItem(1)
        for text, value in choices:
            self.school.addItem(text, value)
        self.school.setCurrentIndex(max(0, self.school.findData(current)))
        self.school.blockSignals(blocked)

    def filtering(self) -> bool:
        """Whether any filter of the bar's own narrows the list."""
        return bool(self.search.text().strip() or self.status.currentIndex() > 0 or self.school.currentIndex() > 0
                    or self.overdue.isChecked())

    def clear(self) -> None:
        """No filter: e.g. before selecting a record opened from elsewhere."""
        for w in (self.search, self.status, self.school, self.overdue):
            w.blockSignals(True)
        self.search.clear()
        self.status.setCurrentIndex(0)
        self.school.setCurrentIndex(0)
        self.overdue.setChecked(False)
        for w in (self.search, self.status, self.school, self.overdue):
            w.blockSignals(False)
        self._typing.stop()
        self.changed.emit()

    def matches(self, status: object, school: str, overdue: bool, *texts: str) -> bool:
        wanted = self.status.currentData()
        if wanted is not None and status != wanted:
            return False
        if self.school.currentData() is not None and school != self.school.currentData():
            return False
        if self.overdue.isChecked() and not overdue:
            return False
        words = self.search.text().casefold().split()
        haystack = " ".join((school, *texts)).casefold()
        return all(w in haystack for w in words)

    def show_count(self, shown: int, total: int) -> None:
        self.count.setText(self.tr("{shown} of {total}").format(shown=shown, total=total))
