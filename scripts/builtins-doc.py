#!/usr/bin/env python3
"""Write docs/builtins.md, the reference of the built-in rulesets, from
their sources libscore/rulesets/*.yaml (the ids, labels and expressions as
the library compiles them).  Usage: python3 scripts/builtins-doc.py [OUT]"""
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORDER = ["meihao-xiangcun", "zuzhi-zhenxing", "renju-huanjing", "dangzuzhi-pingxing",
         "dangyuan-jifen"]


def cell(v):
    if v is None:
        return ""
    if isinstance(v, list):
        return ", ".join(cell(x) for x in v)
    if isinstance(v, dict):
        return ", ".join("%s: %s" % (k, cell(x)) for k, x in v.items())
    return str(v).replace("|", "\\|").replace("\n", " ").strip()


def code(v):
    s = cell(v)
    return "`%s`" % s if s else ""


def table(out, head, rows):
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "---|" * len(head))
    for r in rows:
        out.append("| " + " | ".join(r) + " |")
    out.append("")


def ruleset(doc, out):
    out.append("## `%s` — %s" % (doc["ruleset"], doc.get("title", "")))
    out.append("")
    out.append("Version %s; entity `%s`, key `%s`." % (doc.get("version", ""),
                                                       doc.get("entity", ""), doc["key"]))
    out.append("")
    if doc.get("description"):
        out.append(cell(doc["description"]))
        out.append("")
    params = doc.get("params") or {}
    if params:
        out.append("### Params")
        out.append("")
        table(out, ["param", "default", "label"],
              [[code(k), code(p.get("value") if isinstance(p, dict) else p),
                cell(p.get("label") if isinstance(p, dict) else "")] for k, p in params.items()])
    out.append("### Fields")
    out.append("")
    rows = []
    for k, f in (doc.get("fields") or {}).items():
        notes = {x: y for x, y in f.items() if x not in ("type", "label", "years")}
        years = f.get("years")
        rows.append([code(k), cell(f.get("type")), cell(f.get("label")),
                     cell(years), cell(notes)])
    table(out, ["field", "type", "label (CSV header)", "years", "notes"], rows)
    crit = doc.get("criteria") or {}
    if crit:
        out.append("### Criteria")
        out.append("")
        table(out, ["criterion", "label", "when"],
              [[code(k), cell(c.get("label")), code(c.get("when"))] for k, c in crit.items()])
    for k, s in (doc.get("scorecards") or {}).items():
        out.append("### Scorecard `%s` (%s)" % (k, cell(s.get("label"))))
        out.append("")
        rows = []
        for part in ("items", "deductions"):
            for it in s.get(part) or []:
                rows.append([part[:-1] if part == "items" else "deduction", code(it.get("id")),
                             cell(it.get("label")), code(it.get("points")), code(it.get("max"))])
        if rows:
            table(out, ["part", "id", "label", "points", "max"], rows)
        for v in s.get("veto") or []:
            what = ", ".join("%s %s" % (x, code(v[x])) for x in ("value", "grade") if x in v)
            out.append("- veto (%s): when %s → %s" % (cell(v.get("label")), code(v.get("when")),
                                                     what))
        for x in ("min", "max"):
            if x in s:
                out.append("- %s: %s" % (x, code(s[x])))
        if s.get("bands"):
            out.append("- bands (highest first): " + "; ".join(
                "≥ %s → %s" % (code(b.get("min")), cell(b.get("grade")))
                for b in s["bands"]))
        out.append("")
    tiers = doc.get("tiers")
    if tiers:
        out.append("### Tiers")
        out.append("")
        for x in ("eligible", "rank_by", "prior", "max_step"):
            if x in tiers:
                out.append("- %s: %s" % (x, code(tiers[x])))
        out.append("")
        keys = ["extends", "require", "quota", "cap"]
        table(out, ["level (lowest first)", "label"] + keys,
              [[code(l["id"]), cell(l.get("label"))] + [code(l.get(x)) for x in keys]
               for l in tiers.get("levels") or []])
    targets = doc.get("targets") or []
    if targets:
        out.append("### Targets")
        out.append("")
        keys = ["year", "population", "scope", "require"]
        table(out, ["target", "label"] + keys,
              [[code(t["id"]), cell(t.get("label"))] + [code(t.get(x)) for x in keys]
               for t in targets])


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docs", "builtins.md")
    out = ["# The built-in rulesets", "",
           "The standards of the seed plan, compiled into the library (`score list`).",
           "This page lists what each one reads and decides: its params and their",
           "defaults, its fields (a CSV column matches a field by its id or by its",
           "label), criteria, scorecards, tiers and targets. The ids are fixed: data",
           "files, scripts and tests rely on them. How the document and the",
           "expressions work is in [rulesets.md](rulesets.md); the example district",
           "in `examples/data/district/` has a data file for each.", "",
           "Generated by `python3 scripts/builtins-doc.py` from the sources,",
           "`libscore/rulesets/ID.yaml` (their comments say how the plan was read).", ""]
    for rid in ORDER:
        with open(os.path.join(ROOT, "libscore", "rulesets", rid + ".yaml"), encoding="utf-8") as f:
            ruleset(yaml.load(f, Loader=yaml.BaseLoader), out)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(out).rstrip() + "\n")


if __name__ == "__main__":
    main()
