"""The content of the folder being written, as a tree: modules (by track), quizzes,
taxonomies, and the files left out because they have errors. Selecting an entry asks
for its preview."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from trainer.core.model import Library

__all__ = ["ContentTree", "Entry"]

# What an entry shows: (kind, key) with kind ``module``, ``quiz``, ``taxonomy`` (key:
# the id) or ``file`` (key: the path of a file left out for its errors).
Entry = tuple[str, str]
_ENTRY = Qt.ItemDataRole.UserRole


class ContentTree(QTreeWidget):
    """``entrySelected`` carries the :data:`Entry` of the selected item, or ``None`` for a
    group heading."""

    entrySelected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("Content"), self.tr("File")])
        self.setAccessibleName(self.tr("Content of the folder"))
        self.setAccessibleDescription(
            self.tr("Modules, quizzes and taxonomies; select one to preview it")
        )
        self.setUniformRowHeights(True)
        head = self.header()
        head.setStretchLastSection(True)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(0, 250)
        self.currentItemChanged.connect(lambda item, _before: self._selected(item))

    def set_library(self, library: Library) -> Entry | None:
        """Fill the tree from ``library`` and return the entry selected: the one selected
        before if it is still there, else the entry of the same file (a quiz whose file
        now has errors is among the left-out files, and back once it is fixed), else the
        first. ``entrySelected`` is not emitted: the caller shows the entry returned."""
        before = self.current_entry()
        before_path = self._path_of(before)
        self.blockSignals(True)
        self.clear()
        modules = self._group(self.tr("Modules"))
        titles = {t.id: t.title for t in library.tracks}
        tracks: dict[str, QTreeWidgetItem] = {}
        for module in sorted(
            library.modules.values(), key=lambda m: (m.track, m.order, m.title.lower())
        ):
            track = tracks.get(module.track)
            if track is None:
                track = QTreeWidgetItem([titles.get(module.track, module.track), ""])
                modules.addChild(track)
                tracks[module.track] = track
            track.addChild(self._entry(module.title, module.path, ("module", module.id)))
        quizzes = self._group(self.tr("Quizzes"))
        for quiz in sorted(library.quizzes.values(), key=lambda q: q.title.lower()):
            quizzes.addChild(self._entry(quiz.title, quiz.path, ("quiz", quiz.id)))
        taxonomies = self._group(self.tr("Taxonomies"))
        for taxonomy in library.taxonomies:
            taxonomies.addChild(
                self._entry(taxonomy.title, taxonomy.path, ("taxonomy", taxonomy.id))
            )
        broken = sorted({p.path for p in library.errors})
        if broken:
            left_out = self._group(self.tr("Left out: files with errors"))
            for path in broken:
                left_out.addChild(self._entry(path, path, ("file", path)))
        self.expandAll()
        chosen = self.find_entry(before) if before else None
        if chosen is None and before_path:
            chosen = next(
                (i for i in self._items() if i.data(0, _ENTRY) and i.text(1) == before_path),
                None,
            )
        if chosen is None:
            chosen = self._first_entry()
        if chosen is not None:
            self.setCurrentItem(chosen)
        self.blockSignals(False)
        return self.current_entry()

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title, ""])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        self.addTopLevelItem(item)
        return item

    def _entry(self, title: str, path: str, entry: Entry) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title, path])
        item.setData(0, _ENTRY, entry)
        item.setToolTip(0, title)
        item.setToolTip(1, path)
        return item

    def _items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        pending = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while pending:
            item = pending.pop(0)
            if item is None:
                continue
            found.append(item)
            pending[0:0] = [item.child(i) for i in range(item.childCount())]
        return found

    def _path_of(self, entry: Entry | None) -> str | None:
        if entry is None:
            return None
        item = self.find_entry(entry)
        return item.text(1) if item is not None else None

    def _first_entry(self) -> QTreeWidgetItem | None:
        return next((i for i in self._items() if i.data(0, _ENTRY)), None)

    def find_entry(self, entry: Entry) -> QTreeWidgetItem | None:
        for item in self._items():
            data = item.data(0, _ENTRY)
            if data is not None and tuple(data) == tuple(entry):
                return item
        return None

    def entries(self) -> list[Entry]:
        found: list[Entry] = []
        for item in self._items():
            data = item.data(0, _ENTRY)
            if data:
                found.append((str(data[0]), str(data[1])))
        return found

    def select(self, entry: Entry) -> bool:
        item = self.find_entry(entry)
        if item is None:
            return False
        self.setCurrentItem(item)
        return True

    def current_entry(self) -> Entry | None:
        item = self.currentItem()
        data = item.data(0, _ENTRY) if item is not None else None
        return (str(data[0]), str(data[1])) if data else None

    def _selected(self, item: QTreeWidgetItem | None) -> None:
        data = item.data(0, _ENTRY) if item is not None else None
        self.entrySelected.emit((str(data[0]), str(data[1])) if data else None)
