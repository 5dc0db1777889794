"""Evidence attachments: a strip of thumbnails that accepts dropped files, opens a
file in the system's viewer (double-click or Enter) and removes one (with undo).

Files are sealed on disk; thumbnails are made from bytes opened in memory, and
the viewer gets a plain copy in a private folder removed when the app quits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.store import edits
from inspector_desktop.store.attachments import remove_viewing_folder
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.visit_record import AttachmentSnap
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.widgets import UndoBar

THUMB = 72


class EvidenceStrip(QWidget):
    """Thumbnails of a record's evidence; drop files on it or use "Add evidence…".

    Removing a file offers Undo on ``undo_bar`` (the strip's own when none is given)."""

    files_added = Signal(list)  # list[Path]
    files_changed = Signal()  # a file was removed or put back: the owner's snapshot is stale
    failed = Signal(object)  # the exception of a removal or an opening that did not work
    opened = Signal(object)  # the Path handed to the system's viewer

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, undo_bar: UndoBar | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.files: tuple[AttachmentSnap, ...] = ()
        self.generation = 0  # counts show_files: an undo lands in the list only if it still shows the same files
        self.locked = False  # a signed form certifies the record: nothing to add or remove
        self.thumbnails = 0  # how many images show as thumbnails (not the generic file icon)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setFixedHeight(THUMB + 44)
        self.list.setAcceptDrops(False)  # the strip, not the list, takes the drop
        self.setAcceptDrops(True)
        self.list.itemActivated.connect(self.open_item)
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.add_button, self.open_button, self.remove_button = QPushButton(), QPushButton(), QPushButton()
        self.add_button.clicked.connect(self._choose)
        self.open_button.clicked.connect(lambda: self.open_item(self.list.currentItem()))
        self.remove_button.clicked.connect(self.remove_current)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list, self.remove_current)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)  # each strip's own; the findings list has one too
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        side = QVBoxLayout()
        for b in (self.add_button, self.open_button, self.remove_button):
            side.addWidget(b)
        side.addStretch(1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        self.undo_bar = undo_bar
        if undo_bar is None:
            self.undo_bar = UndoBar(self)
            layout.addWidget(self.undo_bar)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add evidence…"))
        self.open_button.setText(self.tr("Open"))
        self.remove_button.setText(self.tr("Remove"))
        self.list.setAccessibleName(self.tr("Evidence files"))
        self.list.setToolTip(self.tr("Drop photos or documents here; double-click one to open it"))
        self.open_button.setToolTip(self.tr(
            "Opens a decrypted copy in the system's viewer. The copy is kept in a private temporary "
            "folder and deleted when Inspector Desktop closes; the stored file stays encrypted."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self.setAcceptDrops(not locked)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.list.currentItem() is not None
        self.add_button.setEnabled(not self.locked)
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen and not self.locked)

    def show_files(self, files: tuple[AttachmentSnap, ...]) -> None:
        self.files = tuple(files)
        self.generation += 1
        self.list.clear()
        self.thumbnails = 0
        generic = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        images = []
        for f in files:
            item = QListWidgetItem(generic, f.filename)
            item.setToolTip(f"{f.filename} ({f.size // 1024 + 1} KB)")
            item.setData(Qt.ItemDataRole.UserRole, f.sha256)
            item.setData(Qt.ItemDataRole.UserRole + 1, f.id)
            self.list.addItem(item)
            if f.mime_type.startswith("image/"):
                images.append(f.sha256)
        if images:
            store = self.workspace.attachments

            def load(_task):  # type: ignore[no-untyped-def]
                # Scaled on the worker: a camera photo is megabytes; only the thumbnail crosses.
                out = {}
                for sha in images:
                    img = QImage.fromData(store.read(sha))
                    if not img.isNull():
                        out[sha] = img.scaled(THUMB * 2, THUMB * 2, Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation)
                return out

            def done(thumbs: dict) -> None:  # type: ignore[type-arg]
                for row in range(self.list.count()):
                    item = self.list.item(row)
                    sha = item.data(Qt.ItemDataRole.UserRole)
                    if sha in thumbs:
                        item.setIcon(QIcon(QPixmap.fromImage(thumbs[sha])))
                        self.thumbnails += 1

            # A newer show_files supersedes this load: its thumbnails belong to files no longer shown.
            run_op(self, load, on_done=done, key="thumbnails")
        self._update_buttons()

    # ------------------------------------------------------------ open, remove, undo

    def _file(self, item: QListWidgetItem | None) -> AttachmentSnap | None:
        aid = item.data(Qt.ItemDataRole.UserRole + 1) if item is not None else None
        return next((f for f in self.files if f.id == aid), None)

    def open_item(self, item: QListWidgetItem | None) -> None:
        """Open the file in the system's viewer, from a copy under its own name."""
        f = self._file(item)
        if f is None:
            return
        store = self.workspace.attachments

        def shown(path: Path) -> None:
            _remove_copies_at_quit()
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            self.opened.emit(path)

        run_op(self, lambda _t: store.viewing_copy(f.sha256, f.filename), on_done=shown,
               on_error=lambda exc, _tb: self.failed.emit(exc))

    def remove_current(self) -> None:
        f = self._file(self.list.currentItem())
        if f is None or self.locked:
            return
        ws, place = self.workspace, self.files.index(f)

        def removed(_r: object) -> None:
            self.show_files(tuple(x for x in self.files if x.id != f.id))
            self.files_changed.emit()
            assert self.undo_bar is not None
            shown = self.generation
            self.undo_bar.offer(self.tr("Removed “{file}”").format(file=f.filename),
                                lambda: self._put_back(f, place, shown))

        run_op(self, lambda _t: edits.remove_attachment(ws, f.id), on_done=removed,
               on_error=lambda exc, _tb: self.failed.emit(exc), changes=Changes.of("attachment"))

    def _put_back(self, f: AttachmentSnap, place: int, shown: int) -> None:
        ws = self.workspace

        def restored(_r: object) -> None:
            if self.generation == shown:  # else the strip shows another record now; its owner reloads
                files = list(self.files)
                files.insert(min(place, len(files)), f)
                self.show_files(tuple(files))
            self.files_changed.emit()

        run_op(self, lambda _t: edits.restore_attachment(ws, f.id), on_done=restored,
               on_error=lambda exc, _tb: self.failed.emit(exc), changes=Changes.of("attachment"))

    def _choose(self) -> None:
        kinds = self.tr("Photos and documents (*.jpg *.jpeg *.png *.heic *.pdf *.doc *.docx);;All files (*)")
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Add evidence"), "", kinds)
        if names:
            self.files_added.emit([Path(n) for n in names])

    # ------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_files(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if _local_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = _local_files(event)
        if files:
            event.acceptProposedAction()
            self.files_added.emit(files)


def _remove_copies_at_quit() -> None:
    """The viewer's plain copies go with the app, not only with the interpreter."""
    app = QCoreApplication.instance()
    if app is not None and not app.property("viewing_copies_removed_at_quit"):
        app.setProperty("viewing_copies_removed_at_quit", True)
        app.aboutToQuit.connect(remove_viewing_folder)


def _local_files(event) -> list[Path]:  # type: ignore[no-untyped-def]
    data = event.mimeData()
    if not data.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()]
