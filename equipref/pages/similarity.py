"""The scoring page: how `equipref counterparts` and the table's pairing rank one system against another, written
from `equipref.similarity`'s own constants, and what the ranking gives each Chinese system, so the page cannot
drift from the code."""

from __future__ import annotations

from equipref.comparison import best_counterpart
from equipref.pages.common import ROLES, Site, doc, esc, md_table, page_file
from equipref.similarity import (
    AMMUNITION,
    CALIBER,
    CALIBER_SPAN,
    ERA,
    ERA_SPAN,
    LEAST_BELOW_ROLE,
    MOBILITY_DIFFERS,
    MOBILITY_SAME,
    MOST_BELOW_ROLE,
    NAMED,
    RANGE,
    RANGE_SPAN,
    RELATED_ROLE,
    ROLE_FAMILIES,
    SAME_BORE,
    SAME_BORE_RATIO,
    SAME_ROLE,
    caliber_points,
)


def _points(value: float) -> str:
    return f"{value:+g}"


def similarity_page(site: Site) -> str:
    cat = site.catalog
    rows = [
        [
            "Named by a source",
            _points(NAMED),
            "A page pairs the two systems. Ranked first, and marked *named by a source*.",
        ],
        ["Same role", _points(SAME_ROLE), "The same role (both self-propelled howitzers, both IFVs...)."],
        ["Related role", _points(RELATED_ROLE), "A role of the same family (below), when not the same role."],
        [
            "Caliber",
            f"0 to {_points(CALIBER)}",
            f"By the ratio of the two main weapons' calibers: {CALIBER:g} × (1 − ln(ratio) / ln({CALIBER_SPAN:g})), "
            f"nothing from {CALIBER_SPAN:g}x apart on. A ratio, not millimetres.",
        ],
        [
            "Same bore",
            _points(SAME_BORE),
            f"Calibers within {round((SAME_BORE_RATIO - 1) * 100):g} % of each other: only then can rounds be shared.",
        ],
        [
            "Ammunition",
            ", ".join(f"{_points(v)} {level}" for level, v in AMMUNITION.items()),
            "A sourced fit between the main weapons' rounds, either way. Secondary weapons (machine guns) never "
            "count; the same caliber alone earns nothing here.",
        ],
        [
            "Mobility",
            f"{_points(MOBILITY_SAME)} / {_points(MOBILITY_DIFFERS)}",
            "Both tracked, wheeled or towed, or known to differ, where a source says how each moves; unknown "
            "counts neither way.",
        ],
        [
            "Range",
            f"0 to {_points(RANGE)}",
            f"By the ratio of the two headline ranges: similar only within {RANGE_SPAN:g}x, "
            f"{RANGE:g} × (1 − ln(ratio) / ln({RANGE_SPAN:g})). Further apart, nothing, and the reason gives both "
            "numbers.",
        ],
        [
            "Era",
            f"0 to {_points(ERA)}",
            f"By the years the two entered service (the earliest claimed): {ERA:g} × (1 − years apart / {ERA_SPAN}).",
        ],
    ]
    examples = [
        [esc(f"{a:g} mm and {b:g} mm"), f"{max(a, b) / min(a, b):.2f}", f"{caliber_points(max(a, b) / min(a, b)):.2f}"]
        for a, b in ((155, 155), (155, 152), (122, 120), (105, 125), (155, 203))
    ]
    families = [
        [esc(name), ", ".join(f"{r} ({esc(ROLES[r])})" for r in roles)] for name, roles in ROLE_FAMILIES.items()
    ]
    body = [
        "How `equipref counterparts` ranks candidate counterparts, and how the main table picks a counterpart for "
        "a system no source pairs with one: the same score, from the parts below, added up. Every part a pair "
        "earns, or is shown and earns nothing, is one of the pair's reasons.",
        "",
        "[Back to the index](index.md)",
        "",
        "## The parts",
        "",
        md_table(["Part", "Points", "Rule"], [[esc(r[0]), esc(r[1]), esc(r[2])] for r in rows]),
        "",
        f"The parts after the role add at most {MOST_BELOW_ROLE:g} and take away at most {-LEAST_BELOW_ROLE:g}, so "
        "every system of the same role ranks above every system of a related role, and those above every other; a "
        "pair named by a source ranks above all of them. Scores are rounded to three decimals; a tie goes to the "
        "first system id.",
        "",
        "## Caliber points, for example",
        "",
        md_table(["Calibers", "Ratio", "Points"], examples),
        "",
        "## Role families",
        "",
        md_table(["Family", "Roles"], families),
        "",
        "## What it gives: each Chinese system's first Russian counterpart",
        "",
    ]
    first = []
    for system in sorted(cat.systems(country="CN"), key=lambda s: (s.name.casefold(), s.id)):
        top = best_counterpart(system, "RU", cat)
        if top is None:
            first.append([site.system_link(system.id, ""), "none found", "", ""])
            continue
        first.append(
            [
                site.system_link(system.id, ""),
                site.system_link(top.system, ""),
                f"{top.score:.2f}",
                "yes" if top.named else "no",
            ]
        )
    body += [md_table(["System", "First Russian counterpart", "Score", "Named by a source"], first), ""]
    body += [
        f"`equipref counterparts NAME --country RU` gives the whole ranking with every reason; each system's page "
        f"(for example [{esc(cat.systems(country='CN')[0].name)}](systems/{page_file(cat.systems(country='CN')[0].id)})) "
        "lists the counterparts the table pairs it with.",
        "",
    ]
    return doc("How counterparts are ranked", body)
