"""A pad to sign on with a mouse, a pen (with pressure) or a finger, and the
box around it that names who signs.

Each stroke is kept as points ``[x, y, pressure, t_ms]`` (what store.forms seals)
and rendered to a PNG for the printed sheet. Clear is undoable like a stroke.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QElapsedTimer, QEvent, QIODevice, QPointF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QInputDevice,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

Point = list[float]  # [x, y, pressure, t_ms]
MOUSE_PRESSURE = 0.5  # a mouse reports none; a middling pen width looks most like ink
INK = QColor("#10243f")



class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(320, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(150)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip(self.tr("Sign here with the mouse, a pen or a finger"))
        self._strokes: list[list[Point]] = []
        self._current: list[Point] | None = None
        # Undo history: ("stroke", stroke) or ("clear", all strokes before clearing).
        self._undo: list[tuple[str, Any]] = []
        self._redo: list[tuple[str, Any]] = []
        self._clock = QElapsedTimer()
        self._clock.start()

    # ------------------------------------------------------------ public

    def strokes(self) -> list[list[Point]]:
        return [[list(p) for p in s] for s in self._strokes]

    def is_empty(self) -> bool:
        return not self._strokes

    def can_redo(self) -> bool:
        return bool(self._redo)

    def clear(self) -> None:
        if self._strokes:
            self._undo.append(("clear", self._strokes))
            self._strokes, self._redo = [], []
            self._changed()

    def undo(self) -> None:
        if not self._undo:
            return
        kind, payload = self._undo.pop()
        if kind == "stroke":
            self._strokes.pop()
        else:
            self._strokes = payload
        self._redo.append((kind, payload))
        self._changed()

    def redo(self) -> None:
        if not self._redo:
            return
        kind, payload = self._redo.pop()
        if kind == "stroke":
            self._strokes.append(payload)
        else:
            self._strokes = []
        self._undo.append((kind, payload))
        self._changed()

    def to_png(self, scale: float = 2.0) -> bytes:
        """The signature on a transparent background, at ``scale`` times the pad's size."""
        image = QImage(int(self.width() * scale), int(self.height() * scale), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.scale(scale, scale)
        self._draw_strokes(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    # ------------------------------------------------------------ input

    def _begin(self, pos: QPointF, pressure: float) -> None:
        self._current = [self._point(pos, pressure)]
        self._strokes.append(self._current)
        self.update()

    def _extend(self, pos: QPointF, pressure: float) -> None:
        if self._current is not None:
            self._current.append(self._point(pos, pressure))
            self.update()

    def _end(self) -> None:
        if self._current is not None:
            self._undo.append(("stroke", self._current))
            self._redo = []
            self._current = None
            self._changed()

    def _point(self, pos: QPointF, pressure: float) -> Point:
        x = min(max(pos.x(), 0.0), float(self.width()))
        y = min(max(pos.y(), 0.0), float(self.height()))
        return [round(x, 1), round(y, 1), round(min(max(pressure, 0.0), 1.0), 3), int(self._clock.elapsed())]

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        # A pen or finger also sends synthesised mouse events; count each movement once.
        if event.button() == Qt.MouseButton.LeftButton and not self._synthesised(event):
            self._begin(event.position(), MOUSE_PRESSURE)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton and not self._synthesised(event):
            self._extend(event.position(), MOUSE_PRESSURE)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and not self._synthesised(event):
            self._end()

    @staticmethod
    def _synthesised(event: QMouseEvent) -> bool:
        return event.source() != Qt.MouseEventSource.MouseEventNotSynthesized

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletMove and self._current is not None:
            self._extend(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points:
                point = points[0]
                has_pressure = bool(event.device() and event.device().capabilities()
                                    & QInputDevice.Capability.Pressure)
                pressure = point.pressure() if has_pressure else MOUSE_PRESSURE
                # From the global position: a touch point's local one is relative to
                # whichever widget the platform first delivered it to.
                pos = self.mapFromGlobal(point.globalPosition())
                if kind == QEvent.Type.TouchBegin:
                    self._begin(pos, pressure)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(pos, pressure)
                else:
                    self._extend(pos, pressure)
                    self._end()
            event.accept()
            return True
        return super().event(event)

    # ------------------------------------------------------------ drawing

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#b8c4d0"), 1, Qt.PenStyle.DashLine))
        baseline = int(self.height() * 0.75)
        painter.drawLine(12, baseline, self.width() - 12, baseline)
        if self.is_empty():
            painter.setPen(QColor("#8a97a5"))
            painter.drawText(16, baseline - 8, self.tr("Sign above the line"))
        self._draw_strokes(painter)
        painter.end()

    def _draw_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for stroke in self._strokes:
            if len(stroke) == 1:
                x, y, p, _t = stroke[0]
                painter.setPen(QPen(INK, 1 + 4 * p, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                painter.drawPoint(QPointF(x, y))
            for a, b in zip(stroke, stroke[1:], strict=False):
                pen = QPen(INK, 1 + 4 * b[2], Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                           Qt.PenJoinStyle.RoundJoin)
                painter.setPen(pen)
                painter.drawLine(QPointF(a[0], a[1]), QPointF(b[0], b[1]))

    def _changed(self) -> None:
        self.update()
        self.changed.emit()


class SignatureBox(QGroupBox):
    """One party's signature: name, title, and the pad."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.name = QLineEdit()
        self.title = QLineEdit()
        self.pad = SignaturePad()
        self.on_file = QLabel()
        clear, undo, redo = QPushButton(self.tr("Clear")), QPushButton(self.tr("Undo")), QPushButton(self.tr("Redo"))
        clear.clicked.connect(self.pad.clear)
        undo.clicked.connect(self.pad.undo)
        redo.clicked.connect(self.pad.redo)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Title"), self.title)
        buttons = QHBoxLayout()
        buttons.addWidget(self.on_file, 1)
        for b in (clear, undo, redo):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.pad)
        layout.addLayout(buttons)
        self.buttons = (clear, undo, redo)

    def set_locked(self, locked: bool) -> None:
        for w in (self.name, self.title):
            w.setReadOnly(locked)
        self.pad.setEnabled(not locked)
        for b in self.buttons:
            b.setEnabled(not locked)
