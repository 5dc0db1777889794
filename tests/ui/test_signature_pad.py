"""The signature pad driven by synthetic mouse, pen and touch events."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import (
    QEventPoint,
    QImage,
    QInputDevice,
    QMouseEvent,
    QPointingDevice,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QApplication

from inspector_desktop.ui.signature_pad import MOUSE_PRESSURE, SignaturePad


def _mouse(pad: SignaturePad, kind: QEvent.Type, x: float, y: float, held: bool = True) -> None:
    buttons = Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, QPointF(x, y), pad.mapToGlobal(QPointF(x, y)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(pad, event)


def _drag(pad: SignaturePad, points: list[tuple[float, float]]) -> None:
    _mouse(pad, QEvent.Type.MouseButtonPress, *points[0])
    for p in points[1:]:
        _mouse(pad, QEvent.Type.MouseMove, *p)
    _mouse(pad, QEvent.Type.MouseButtonRelease, *points[-1], held=False)


PEN = QPointingDevice("test pen", 42, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
                      QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 3)


def _tablet(pad: SignaturePad, kind: QEvent.Type, x: float, y: float, pressure: float) -> bool:
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
    event = QTabletEvent(kind, PEN, QPointF(x, y), pad.mapToGlobal(QPointF(x, y)), pressure, 0.0, 0.0, 0.0,
                         0.0, 0.0, Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, buttons)
    QApplication.sendEvent(pad, event)
    return event.isAccepted()


def test_mouse_strokes_undo_redo_and_clear(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 150)
    with qtbot.waitSignal(pad.changed):
        _drag(pad, [(10, 20), (30, 40), (50, 45)])
    _drag(pad, [(100, 60), (120, 70)])
    strokes = pad.strokes()
    assert [[p[:3] for p in s] for s in strokes] == [
        [[10, 20, MOUSE_PRESSURE], [30, 40, MOUSE_PRESSURE], [50, 45, MOUSE_PRESSURE]],
        [[100, 60, MOUSE_PRESSURE], [120, 70, MOUSE_PRESSURE]],
    ]
    assert all(isinstance(p[3], int) and p[3] >= 0 for s in strokes for p in s)
    pad.undo()
    assert len(pad.strokes()) == 1 and pad.can_redo()
    pad.redo()
    assert pad.strokes() == strokes
    pad.clear()
    assert pad.is_empty()
    pad.undo()  # a clear is undone like a stroke
    assert pad.strokes() == strokes
    _drag(pad, [(5, 5), (6, 6)])
    assert not pad.can_redo()  # a new stroke ends the redo history


def test_pen_pressure_is_recorded_and_synthesised_mouse_is_not_doubled(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 150)
    assert _tablet(pad, QEvent.Type.TabletPress, 20, 30, 0.2)
    _tablet(pad, QEvent.Type.TabletMove, 40, 35, 0.6)
    _tablet(pad, QEvent.Type.TabletMove, 60, 40, 0.95)
    _tablet(pad, QEvent.Type.TabletRelease, 60, 40, 0.0)
    assert [[p[:3] for p in s] for s in pad.strokes()] == [[[20, 30, 0.2], [40, 35, 0.6], [60, 40, 0.95]]]
    # The mouse events a platform synthesises from that pen must not add a second stroke.
    synthesised = QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(20, 30), pad.mapToGlobal(QPointF(20, 30)),
                              QPointF(20, 30), Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier, Qt.MouseEventSource.MouseEventSynthesizedBySystem)
    QApplication.sendEvent(pad, synthesised)
    assert len(pad.strokes()) == 1


def test_png_shows_ink_where_the_strokes_are(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 150)
    _drag(pad, [(20, 100), (380, 100)])
    image = QImage.fromData(pad.to_png(scale=2.0), "PNG")
    assert (image.width(), image.height()) == (800, 300)
    assert image.pixelColor(400, 200).alpha() > 200  # on the line
    assert image.pixelColor(400, 40).alpha() == 0  # transparent elsewhere


def test_a_finger_draws_too(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 150)
    screen = QPointingDevice("test touchscreen", 43, QInputDevice.DeviceType.TouchScreen,
                             QPointingDevice.PointerType.Finger, QInputDevice.Capability.Position, 1, 0)
    for kind, state, x in ((QEvent.Type.TouchBegin, QEventPoint.State.Pressed, 10),
                           (QEvent.Type.TouchUpdate, QEventPoint.State.Updated, 50),
                           (QEvent.Type.TouchEnd, QEventPoint.State.Released, 90)):
        point = QEventPoint(1, state, QPointF(x, 60), pad.mapToGlobal(QPointF(x, 60)))
        QApplication.sendEvent(pad, QTouchEvent(kind, screen, Qt.KeyboardModifier.NoModifier, [point]))
    assert [[p[0], p[2]] for p in pad.strokes()[0]] == [[10, MOUSE_PRESSURE], [50, MOUSE_PRESSURE],
                                                        [90, MOUSE_PRESSURE]]
