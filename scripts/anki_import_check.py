#!/usr/bin/env python3
"""Manual check, not part of `cargo test` or CI: does a real Anki import `somadeck export --to anki`?

It needs the `anki` Python package (headless), e.g.:

    python3 -m venv /tmp/ankivenv && /tmp/ankivenv/bin/pip install anki
    somadeck export meninges-dura --out /tmp/meninges.txt
    /tmp/ankivenv/bin/python scripts/anki_import_check.py /tmp/meninges.txt [UPDATED.txt]

It creates an empty collection in a temporary folder, imports the file through Anki's CSV
importer with the file's own headers (`col.import_csv`, the path Anki 2.1.55+ uses), imports it
a second time (and then UPDATED.txt, an export of a changed deck, when given) to see that the
GUIDs update notes instead of adding new ones, prints the notes
per note type and the decks, and checks that every Cloze note has one card per deletion.
Exit status 0 when every check holds.
"""

import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from anki.buildinfo import version
from anki.collection import Collection, ImportCsvRequest


def import_file(col: Collection, path: str) -> None:
    metadata = col.get_csv_metadata(path=path, delimiter=None)
    col.import_csv(ImportCsvRequest(path=path, metadata=metadata))


def main(path: str, updated: str | None) -> int:
    lines = [l for l in Path(path).read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(str(Path(tmp) / "collection.anki2"))
        import_file(col, path)
        first = col.note_count()
        import_file(col, path)
        again = col.note_count()
        changed = 0
        if updated:
            before = {col.get_note(n).guid: col.get_note(n).fields for n in col.find_notes("")}
            import_file(col, updated)
            after = {col.get_note(n).guid: col.get_note(n).fields for n in col.find_notes("")}
            changed = sum(1 for g, f in after.items() if before.get(g) != f)
            if len(after) != len(before):
                problems_update = [f"the updated file changed the note count to {len(after)}"]
            else:
                problems_update = []
            print(f"updated file: {changed} note(s) changed in place, {len(after)} notes")
        by_type = Counter()
        decks = Counter()
        problems = list(problems_update) if updated else []
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            kind = note.note_type()["name"]
            by_type[kind] += 1
            for card in note.cards():
                decks[col.decks.name(card.did)] += 1
            if kind == "Cloze":
                numbers = set(re.findall(r"\{\{c(\d+)::", note.fields[0]))
                if len(note.cards()) != len(numbers):
                    problems.append(f"{note.guid}: {len(numbers)} deletions, {len(note.cards())} cards")
            if not note.guid.startswith("somadeck/"):
                problems.append(f"note {nid} has GUID {note.guid!r}")
        print(f"anki {version}")
        print(f"lines in file: {len(lines)}; notes after import: {first}; after importing again: {again}")
        for kind, n in sorted(by_type.items()):
            print(f"  {kind}: {n} note(s)")
        print(f"cards: {col.card_count()} in {len(decks)} deck(s)")
        for deck, n in sorted(decks.items()):
            print(f"  {deck}: {n} card(s)")
        cloze = next((col.get_note(n) for n in col.find_notes("note:Cloze")), None)
        if cloze is not None:
            print(f"a cloze note: {cloze.fields[0][:120]!r} -> {len(cloze.cards())} card(s)")
        col.close()
    if first != len(lines):
        problems.append(f"{len(lines)} lines but {first} notes")
    if again != first:
        problems.append(f"importing again changed the note count from {first} to {again}")
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None))
