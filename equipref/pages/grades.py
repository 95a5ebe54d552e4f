"""The grades page: what earns a source each reliability grade, how a claim's confidence is computed, and the
default range policy. Written from the same constants the code uses, so the page cannot drift from them."""

from __future__ import annotations

from collections import Counter

from equipref.pages.common import Site, doc, esc, md_table
from equipref.pages.sources import url_md
from equipref.provenance import CORROBORATION, GRADE_CHECKS, GRADE_NAMES, GRADE_RULES, GRADES, SCALE_SOURCES


def grades_page(site: Site) -> str:
    cat = site.catalog
    read = Counter(s.reliability or "not graded" for s in cat.sources if s.read)
    unread = Counter(s.reliability or "not graded" for s in cat.sources if not s.read)
    cited = "; ".join(f"{esc(title)} ({esc(who)}, {url_md(url)}, read 2026-12-07)" for title, who, url in SCALE_SOURCES)
    body = [
        "How much weight a figure can bear, in two separate parts, as in the Admiralty code: how reliable its "
        "**source** is (a grade A to F, given by the catalog's editors under the rules below, F by rule for every "
        "source never read), and how credible the **information** is (a digit 1 to 6, computed from independent "
        "origins and their agreement, never typed by hand). A claim's confidence is the two together: `B2` is a "
        "claim whose best cited source is graded B and that more independent origins give than give any other "
        "value.",
        "",
        "The letters and digits keep the meaning the Admiralty (NATO) scale gives them, as these pages set it out: "
        f"{cited}. What earns each one in this catalog is below.",
        "",
        "[Back to the index](index.md)",
        "",
        "## Source reliability: what earns each grade",
        "",
    ]
    rows = [
        [f"**{g}**", esc(GRADE_NAMES[g]), esc(GRADE_RULES[g]), str(read.get(g, 0)), str(unread.get(g, 0))]
        for g in GRADES
    ]
    if read.get("not graded") or unread.get("not graded"):
        rows.append(
            ["not graded", "", "No grade given yet.", str(read.get("not graded", 0)), str(unread.get("not graded", 0))]
        )
    body += [md_table(["Grade", "On the scale", "Earned here by", "Sources read", "Never read"], rows), ""]
    body += ["`equipref validate` refuses a catalog that breaks these rules:", ""]
    body += [f"- {rule}" for rule in GRADE_CHECKS]  # our own Markdown, with code spans
    body += [
        "",
        "## Independent origins",
        "",
        "A source that repeats another (a retelling, a mirror of Wikipedia, a wire relay) names it in `retells`; "
        "the two are **one origin**. A claim's independent origins are its cited sources followed through "
        "`retells` to the sources that repeat nobody. A source the catalog has not read itself (`read = false`, "
        "for instance the AvtoVzglyad report that GlobalSecurity.org retells) is never cited directly; it is "
        "reached only through the source that repeats it. See the [sources](sources.md) for every such link.",
        "",
        "## Corroboration: how well a claim is supported",
        "",
        "The claims of one field (a system's combat weight, a munition's maximum range) are rivals. Claims giving "
        "the same quantity agree (`130 km` and `130000 m`; a hedge such as *up to* does not change the value). "
        "A claim's digit weighs the independent origins giving its value against those giving the strongest "
        "other value:",
        "",
    ]
    body += [md_table(["Digit", "Meaning"], [[str(d), esc(text)] for d, text in CORROBORATION.items()]), ""]
    body += [
        "A digit says how well the information is borne out, never how good its source is: the letter says that. "
        "A figure that only an unread source gives (through a page that retells it) and that no other origin "
        "confirms or contradicts is 6, however good the page that retells it.",
        "",
    ]
    body += [
        "Claims with different qualifiers (a variant, a warhead) are still rivals here: read the qualifier before "
        "reading a low digit as a contradiction. `equipref show SYSTEM` prints every claim's confidence and "
        "origins; `equipref show SYSTEM --format json` carries them under `support`.",
        "",
        "Counts are the exception: a count says what it counts (built, in service, paraded, ordered, delivered, "
        "exported), whose and when, and it is weighed only against counts of the same kind, holder and year, so a "
        "parade count is never improbable against an inventory. A count whose kind no page makes clear is weighed "
        "against none.",
        "",
        "## The default range policy: `supported`",
        "",
        "Every headline range (the main table, `equipref list`, these pages, the charts and the counterpart "
        "scores) is picked by the `supported` policy: the value given by the **most independent origins**; on a "
        "tie, the one whose best cited source has the **better grade**; on a further tie, the **lower** value. A "
        "headline cell shows that support at a glance, for example `130 km (70–160 km, 9 claims, 6 origins)`: "
        "the figure picked, the span of every claim it was picked from, how many claims and how many independent "
        "origins. `--policy max` (the highest claim, as an article would quote it), `--policy min` and "
        "`--policy source=ID` remain.",
        "",
        "Every quantity is shown as its source wrote it, in its unit and precision; a conversion to the unit you "
        "asked for is shown beside it, rounded to the source's precision (`220 mi (354 km)`, `54 t (119,000 lb)`). "
        "A span prints only figures that sources gave.",
        "",
    ]
    return doc("Grades, confidence and the default policy", body)
