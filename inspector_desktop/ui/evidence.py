"""Evidence attachments: a strip of thumbnails that accepts dropped files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QPixmap
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

from inspector_desktop.store.db import Workspace
from inspector_desktop.store.visit_record import AttachmentSnap
from inspector_desktop.ui.ops import run_op

THUMB = 72


class EvidenceStrip(QWidget):
    """Thumbnails of a record's evidence; drop files on it or use "Add evidence…"."""

    files_added = Signal(list)  # list[Path]

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.thumbnails = 0  # how many images show as thumbnails (not the generic file icon)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setFixedHeight(THUMB + 44)
        self.list.setAcceptDrops(False)  # the strip, not the list, takes the drop
        self.setAcceptDrops(True)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self._choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        side = QVBoxLayout()
        side.addWidget(self.add_button)
        side.addStretch(1)
        layout.addLayout(side)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add evidence…"))
        self.list.setAccessibleName(self.tr("Evidence files"))
        self.list.setToolTip(self.tr("Drop photos or documents here"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_files(self, files: tuple[AttachmentSnap, ...]) -> None:
        self.list.clear()
        self.thumbnails = 0
        generic = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        images = []
        for f in files:
            item = QListWidgetItem(generic, f.filename)
            item.setToolTip(f"{f.filename} ({f.size // 1024 + 1} KB)")
            item.setData(Qt.ItemDataRole.UserRole, f.sha256)
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


def _local_files(event) -> list[Path]:  # type: ignore[no-untyped-def]
    data = event.mimeData()
    if not data.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()]
