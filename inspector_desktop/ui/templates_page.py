"""Checklist templates (督导室): the office drafts a template's next version and publishes it.

Above, every version, with its status, when and by whom it was published and
the template's title; double-click or Enter opens one. Below, the open version
across the page's width, so the items table fits a 1024-pixel screen. A published version is shown as it
is (it never changes); New version drafts the next one from it. A draft's
titles and rating scale in points are edited here, its items in their table
(template_items.py), where the total of the weights shows as it is typed and
must be 100 to publish. Publish asks first: laptops receive the version at
their next sync, new visits start on it, and visits already begun stay on theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import Rating
from inspector_desktop.domain.templates import RATED, TemplateStatus
from inspector_desktop.store import templates
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.templates import DraftItem, TemplateContent, TemplateVersion
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import format_datetime, label
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.template_items import TemplateItems
from inspector_desktop.ui.widgets import Page, heading, is_chinese

WROTE = Changes.of("checklist_template", "indicator")


class TemplatesPage(Page):
    shows = frozenset({"checklist_template", "indicator"})

    def __init__(self, workspace: Workspace, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.workspace, self.today = workspace, today
        self.listed: tuple[TemplateVersion, ...] = ()
        self.open_id: str | None = None
        self.content: TemplateContent | None = None
        self.dirty = False
        self.title = heading()

        self.versions = QTreeWidget()
        self.versions.setRootIsDecorated(False)
        self.versions.setColumnCount(4)
        self.versions.setWordWrap(True)
        header = self.versions.header()
        header.setStretchLastSection(False)
        for column in range(3):  # version, status, published: as wide as their words; the title takes the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # A template has a handful of versions: a few rows show, more scroll, and the items keep the height.
        self.versions.setMaximumHeight(self.versions.fontMetrics().height() * 4 + 12)
        self.versions.itemActivated.connect(lambda item, _c: self.open_version(item.data(0, Qt.ItemDataRole.UserRole)))
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self._new_version)
        top = QHBoxLayout()
        top.addWidget(self.versions, 1)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)

        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.title_zh, self.title_en = QLineEdit(), QLineEdit()
        for box in (self.title_zh, self.title_en):
            box.textEdited.connect(lambda _t: self._touched())
        self.title_zh_label, self.title_en_label = QLabel(), QLabel()
        self.scale_box = QGroupBox()
        scale_row = QHBoxLayout(self.scale_box)
        self.scale: dict[Rating, QSpinBox] = {}
        self.scale_labels: dict[Rating, QLabel] = {}
        for r in RATED:
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.valueChanged.connect(lambda _v: self._touched())
            self.scale[r], self.scale_labels[r] = spin, QLabel()
            self.scale_labels[r].setBuddy(spin)
            scale_row.addWidget(self.scale_labels[r])
            scale_row.addWidget(spin)
        scale_row.addStretch(1)
        self.items = TemplateItems()
        self.items.edited.connect(self._touched)
        self.save_button, self.publish_button = QPushButton(), QPushButton()
        self.save_button.clicked.connect(self.save)
        self.publish_button.clicked.connect(self._publish)
        self.state = QLabel()
        self.state.setWordWrap(True)

        titles = QHBoxLayout()
        for lab, box in ((self.title_zh_label, self.title_zh), (self.title_en_label, self.title_en)):
            lab.setBuddy(box)
            titles.addWidget(lab)
            titles.addWidget(box, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.state, 1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.publish_button)
        self.editor = QWidget()
        ev = QVBoxLayout(self.editor)
        ev.setContentsMargins(0, 0, 0, 0)
        ev.addWidget(self.heading)
        ev.addLayout(titles)
        ev.addWidget(self.scale_box)
        ev.addWidget(self.items, 1)
        ev.addLayout(actions)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)
        self.retranslate()

    # ------------------------------------------------------------ words

    def retranslate(self) -> None:
        self.title.setText(self.tr("Checklist templates"))
        self.versions.setHeaderLabels([self.tr("Version"), self.tr("Status"), self.tr("Published"), self.tr("Template")])
        self.versions.setAccessibleName(self.tr("Template versions"))
        self.versions.setToolTip(self.tr("Double-click or Enter opens a version"))
        self.new_button.setText(self.tr("New version"))
        self.new_button.setToolTip(self.tr("Draft the next version from the chosen one; visits already begun stay on theirs"))
        self.title_zh_label.setText(self.tr("Title (Chinese)"))
        self.title_en_label.setText(self.tr("Title (English)"))
        self.scale_box.setTitle(self.tr("Rating scale (points)"))
        for r in RATED:
            self.scale_labels[r].setText(label(r))
            self.scale[r].setAccessibleName(self.tr("Points for {rating}").format(rating=label(r)))
        self.save_button.setText(self.tr("Save draft"))
        self.publish_button.setText(self.tr("Publish…"))
        self._show_list()
        self._show_heading()

    def _status(self, status: TemplateStatus) -> str:
        return self.tr("Published") if status is TemplateStatus.PUBLISHED else self.tr("Draft")

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        ws = self.workspace

        def done(listed: tuple[TemplateVersion, ...]) -> None:
            self.listed = listed
            self._show_list()
            if listed and (self.open_id is None or self.open_id not in {v.id for v in listed}):
                self.open_version(listed[0].id)
            elif self.open_id is not None and not self.dirty:
                self.open_version(self.open_id)

        run_op(self, lambda _t: templates.versions(ws), on_done=done, on_error=self._failed, key="refresh")

    def _show_list(self) -> None:
        self.versions.clear()
        zh = is_chinese()
        for v in self.listed:
            published = (self.tr("{when} by {who}").format(when=format_datetime(v.published_at), who=v.published_by or "—")
                         if v.published_at else "")
            row = QTreeWidgetItem([str(v.version), self._status(v.status), published, v.title_zh if zh else v.title_en])
            row.setData(0, Qt.ItemDataRole.UserRole, v.id)
            self.versions.addTopLevelItem(row)
            if v.id == self.open_id:
                self.versions.setCurrentItem(row)

    def open_version(self, template_id: str) -> None:
        ws = self.workspace
        run_op(self, lambda _t: templates.content(ws, template_id), on_done=self._show_content, on_error=self._failed,
               key="open")

    def _show_content(self, c: TemplateContent) -> None:
        if c.id == self.open_id and self.dirty:
            return  # a reload read before the edits now on screen: the edits win, and Save stores them
        if c.id != self.open_id:
            self.state.setText("")  # news of another version; a reload of this one keeps its news (a refusal, say)
        self.open_id, self.content, self.dirty = c.id, c, False
        draft = c.status is TemplateStatus.DRAFT
        self.title_zh.setText(c.title_zh)
        self.title_en.setText(c.title_en)
        for r, spin in self.scale.items():
            spin.blockSignals(True)
            spin.setValue(c.scale.get(r, 0))
            spin.blockSignals(False)
        for w in (self.title_zh, self.title_en):
            w.setReadOnly(not draft)
        for w in (*self.scale.values(), self.save_button, self.publish_button):
            w.setEnabled(draft)
        self.items.show_items(c.items, draft)
        self._show_list()
        self._show_heading()

    def _show_heading(self) -> None:
        c = self.content
        if c is None:
            self.heading.setText(self.tr("No checklist template on this laptop yet."))
            return
        title = c.title_zh if is_chinese() else c.title_en
        self.heading.setText(self.tr("{title}, version {n}: {status}").format(title=title, n=c.version,
                                                                              status=self._status(c.status))
                             + ("" if c.status is TemplateStatus.DRAFT
                                else " — " + self.tr("a published version never changes; New version drafts the next")))

    def _touched(self) -> None:
        self.dirty = True

    # ------------------------------------------------------------ writing

    def _draft_as_shown(self) -> tuple[str, str, dict[Rating, int], list[DraftItem]]:
        return (self.title_zh.text(), self.title_en.text(), {r: s.value() for r, s in self.scale.items()},
                list(self.items.items))

    def save(self, then: Callable[[], None] | None = None) -> None:
        if self.open_id is None:
            return
        ws, tid, shown = self.workspace, self.open_id, self._draft_as_shown()

        def done(_r: object) -> None:
            self.dirty = False
            self.state.setText(self.tr("Draft saved."))
            if then is not None:
                then()
            else:
                self.open_version(tid)

        run_op(self, lambda _t: templates.save_draft(ws, tid, *shown), on_done=done, on_error=self._failed,
               changes=WROTE)

    def _publish(self) -> None:
        c = self.content
        if c is None:
            return
        asked = QMessageBox.question(self, self.tr("Publish this version?"), self.tr(
            "Publish version {n} of “{title}”? Once published it never changes. Laptops receive it at their next "
            "sync and new visits start on it; visits already begun stay on their version until moved.").format(
            n=c.version, title=self.title_zh.text() if is_chinese() else self.title_en.text()))
        if asked != QMessageBox.StandardButton.Yes:
            return
        ws, tid = self.workspace, c.id

        def published(_r: object) -> None:
            self.state.setText(self.tr("Version {n} is published; laptops receive it at their next sync.").format(n=c.version))
            self.refresh()
            self.open_version(tid)

        self.save(then=lambda: run_op(self, lambda _t: templates.publish(ws, tid), on_done=published,
                                      on_error=self._failed, changes=WROTE))

    def _new_version(self) -> None:
        chosen = self.versions.currentItem()
        base = chosen.data(0, Qt.ItemDataRole.UserRole) if chosen else self.open_id
        if base is None:
            return
        ws = self.workspace

        def made(draft_id: str) -> None:
            self.open_id = draft_id
            self.refresh()
            self.open_version(draft_id)
            self.state.setText(self.tr("A new draft: edit it, then publish it."))

        run_op(self, lambda _t: templates.new_version(ws, base), on_done=made, on_error=self._failed, changes=WROTE)

    def _failed(self, exc: BaseException, _tb: str = "") -> None:
        self.state.setText(error_text(exc))
