"""A sealed photo still shows as a thumbnail, and opening it hands the viewer a
plain copy in the private folder, never the sealed file."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage

from inspector_desktop.store import attachments as attachments_mod
from inspector_desktop.store.visit_record import AttachmentSnap
from inspector_desktop.ui.evidence import EvidenceStrip


def _png() -> bytes:
    img = QImage(64, 48, QImage.Format.Format_RGB32)
    img.fill(QColor("#3a7"))
    raw = QByteArray()
    buf = QBuffer(raw)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(raw.data())


def test_a_sealed_photo_shows_as_a_thumbnail_and_opens_from_a_private_copy(qtbot, workspace, monkeypatch):
    photo = _png()
    sha, size = workspace.attachments.put_bytes(photo)
    assert b"PNG" not in workspace.attachments.path_for(sha).read_bytes()
    strip = EvidenceStrip(workspace)
    qtbot.addWidget(strip)
    strip.show_files((AttachmentSnap("a1", sha, "操场.png", "image/png", size),))
    qtbot.waitUntil(lambda: strip.thumbnails == 1, timeout=5000)
    assert "deleted when Inspector Desktop closes" in strip.open_button.toolTip()

    opened = []
    monkeypatch.setattr("inspector_desktop.ui.evidence.QDesktopServices.openUrl", lambda url: opened.append(url))
    strip.list.setCurrentRow(0)
    with qtbot.waitSignal(strip.opened, timeout=5000) as got:
        strip.open_button.click()
    path = got.args[0]
    try:
        assert path.read_bytes() == photo and path.is_relative_to(attachments_mod.viewing_folder())
        assert opened and opened[0].toLocalFile() == str(path)
    finally:
        attachments_mod.remove_viewing_folder()
    assert not path.exists()
    assert strip.list.item(0).data(Qt.ItemDataRole.UserRole) == sha
