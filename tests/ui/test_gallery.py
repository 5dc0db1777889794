"""The screenshot gallery (python3 -m tests.screens) keeps covering every page,
dialog and state: a shot that cannot be taken, or that comes out blank, fails here
rather than the next time a person wants to look."""

from __future__ import annotations

from PySide6.QtGui import QImage

from tests.screens.__main__ import run


def _blank(path) -> bool:  # type: ignore[no-untyped-def]
    image = QImage(str(path)).scaled(64, 40)
    colours = {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}
    return len(colours) < 4


def test_the_gallery_photographs_every_page_dialog_and_state(qapp, tmp_path):
    g = run(tmp_path, ("zh_CN",), ((1024, 640),))
    assert g.failed == [], "\n".join(g.failed)
    names = {p.name.removeprefix("zh_CN-1024x640-") for p in g.written}
    for expected in ("empty-workspace.png", "page1-TodayPage.png", "page8-SyncPage.png", "visit-tab1.png",
                     "discreet-on-page1.png", "discreet-revealed-page1.png", "discreet-off-page1.png",
                     "form-signed-tab2.png", "dialog-step-interview.png", "dialog-new-visit.png",
                     "lead-page1-TodayPage.png", "lead-page10-RegionPage.png", "lead-page10-RegionPage-tab2.png"):
        assert expected in names, sorted(names)
    assert [p.name for p in g.written if _blank(p)] == []
    assert (tmp_path / "index.txt").read_text(encoding="utf-8").count(".png") == len(g.written)
