#!/usr/bin/env python3
"""Write the spreadsheet end-to-end fixtures into OUT_DIR.

    make_fixtures.py OUT_DIR [REPO_ROOT]

Every file is derived from examples/data/district/meihao-xiangcun.csv (69
villages, UTF-8, labels as headers) or zuzhi-zhenxing.csv, using writers
that share no code with libscore: iconv for GB18030, Python's codecs for
UTF-16, openpyxl for .xlsx, the csv module for the messy CSV. Field types,
labels and tier labels come from the ruleset YAML (python3-yaml), so the
fixtures follow the ruleset rather than a copy of it. See README.md for
what each file holds and what run.sh expects of it.
"""

import codecs
import csv
import io
import os
import subprocess
import sys

import openpyxl
import yaml

TITLE = "2020年美好乡村创建村申报表"
SHEET = "申报表"
TOTAL = "合计"
FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789.-+%,"}
TRUES = ["是", "√", "Y", "有"]
FALSES = ["否", "×", "N", "无"]
MISSING = ["", "-", "N/A"]
# The 10th village's 示范村考评得分 cell becomes #DIV/0! in district.err.xlsx.
ERROR_VILLAGE = 9
ERROR_FIELD = "demo_index"
MISSPELT_TIER = "美好乡村精品示范材"


def load_ruleset(root, rid):
    with open(os.path.join(root, "libscore", "rulesets", rid + ".yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def label_to_id(ruleset):
    return {spec["label"]: fid for fid, spec in ruleset["fields"].items()}


def tier_labels(ruleset):
    return {lv["id"]: lv["label"] for lv in ruleset["tiers"]["levels"]}


def is_plain_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text != "" and text.lower() not in ("nan", "inf", "-inf")


def number_value(text):
    """A plain decimal as the int or float a spreadsheet would hold."""
    return int(text) if text.lstrip("-").isdigit() else float(text)


def full_width(text):
    return "".join(FULL_WIDTH.get(c, c) for c in text)


def thousands(text):
    return "{:,}".format(int(text)) if text.lstrip("-").isdigit() and abs(int(text)) >= 1000 else None


def wan_yuan(text):
    """585800 -> 58.58万元, exactly the same amount in 元."""
    if not text.isdigit() or int(text) < 10000 or int(text) % 100:
        return None
    whole, frac = divmod(int(text), 10000)
    return "{}.{:04d}".format(whole, frac).rstrip("0").rstrip(".") + "万元"


def messy_cell(fid, spec, text, i, j, tiers):
    """What a clerk's spreadsheet holds for the clean cell TEXT of village I,
    column J: (value, is_number). value is a str unless is_number."""
    ftype = spec["type"]
    k = i + j  # varies the spelling across both rows and columns
    if fid == "town":
        return text + [" ", "\u3000", ""][i % 3], False
    if fid == "name" and i % 4 == 1:
        return "\u00a0" + text, False
    if fid == "prior_tier":
        return (tiers[text] if text else MISSING[k % 3]), False
    if ftype == "bool":
        if text == "是":
            return TRUES[k % len(TRUES)], False
        if text == "否":
            return FALSES[k % len(FALSES)], False
        return MISSING[k % 3], False
    if ftype == "number":
        if text == "":
            return MISSING[k % 3], False
        if not is_plain_number(text):
            return text, False  # already hand-typed (67%, 44.6万): keep it
        if k % 5 == 0:
            return full_width(text), False
        if k % 5 == 1 and thousands(text):
            return thousands(text), False
        if k % 5 == 2 and spec.get("unit") == "元" and wan_yuan(text):
            return wan_yuan(text), False
        return number_value(text), True
    return text, False


def total_row(ids, ruleset, villages):
    """A 合计 row: the word in the key column, sums under the number columns."""
    row = []
    for j, fid in enumerate(ids):
        if fid == ruleset["key"]:
            row.append(TOTAL)
        elif ruleset["fields"][fid]["type"] == "number" and all(is_plain_number(v[j]) for v in villages):
            row.append(round(sum(number_value(v[j]) for v in villages), 6))
        else:
            row.append("")
    return row


def messy_rows(ruleset, header, villages):
    ids = [label_to_id(ruleset)[h] for h in header]
    tiers = tier_labels(ruleset)
    out = []
    for i, v in enumerate(villages):
        out.append([messy_cell(fid, ruleset["fields"][fid], v[j], i, j, tiers)
                    for j, fid in enumerate(ids)])
    return ids, out


USUAL_BOOLS = ("1", "0", "true", "false", "是", "否")
DEFAULT_MARKERS = ("-", "N/A")  # the ones this generator writes


def expected_report(ruleset, ids, rows, path):
    """The data-quality report's column lines for the messy cells, counted
    here from what was written, by the rules of docs/data.md ("What is
    counted"; a bool spelled as one of the usual six, 1/0, true/false,
    是/否, is not counted as a spelling, as libscore/cell.c says)."""
    tiers = set(tier_labels(ruleset).values())
    lines = []
    for j, fid in enumerate(ids):
        spec = ruleset["fields"][fid]
        n = dict.fromkeys(["missing", "trimmed", "full-width", "thousands separators", "units",
                           "missing markers", "yes/no spellings", "labels read as ids"], 0)
        for cells in rows:
            raw = str(cells[j][0])
            s = raw.strip(" \t\u3000\u00a0")
            n["trimmed"] += s != raw
            if s == "" or s in DEFAULT_MARKERS:
                n["missing"] += 1
                n["missing markers"] += s != ""
                continue
            if spec["type"] == "number":
                n["full-width"] += any(c in FULL_WIDTH.values() for c in s)
                n["thousands separators"] += "," in s
                n["units"] += s.endswith("元")
            elif spec["type"] == "bool":
                n["yes/no spellings"] += s.lower() not in USUAL_BOOLS
            elif spec.get("values") == "tiers":
                n["labels read as ids"] += s in tiers
        parts = ["{} missing".format(n.pop("missing"))]
        parts += ["{} {}".format(v, k) for k, v in n.items() if v]
        lines.append("  {}: {}".format(fid, ", ".join(parts)))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def write_gbk(src, path):
    with open(path, "wb") as f:
        subprocess.run(["iconv", "-f", "UTF-8", "-t", "GB18030", src], stdout=f, check=True)


def write_utf16_tab(header, villages, path):
    """Excel's "Unicode text": UTF-16LE with a BOM, TAB-separated, CRLF."""
    lines = ["\t".join(r) for r in [header] + villages]
    with open(path, "wb") as f:
        f.write(codecs.BOM_UTF16_LE)
        f.write(("\r\n".join(lines) + "\r\n").encode("utf-16-le"))


def write_xlsx(ruleset, header, villages, path, error_cell=False, with_total=True):
    ids, rows = messy_rows(ruleset, header, villages)
    labels = [ruleset["fields"][fid]["label"] for fid in ids]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.cell(row=1, column=1, value=TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(ids))
    ws.append(labels)
    for i, cells in enumerate(rows):
        ws.append([None] * len(ids))
        r = ws.max_row
        for j, (value, is_number) in enumerate(cells):
            cell = ws.cell(row=r, column=j + 1)
            if value == "":
                continue
            cell.value = value
            # Text stays text even where it looks like a number (the key
            # column, so that leading zeros would survive).
            cell.data_type = "n" if is_number else "s"
        if error_cell and i == ERROR_VILLAGE:
            cell = ws.cell(row=r, column=ids.index(ERROR_FIELD) + 1)
            cell.value = "#DIV/0!"
            cell.data_type = "e"
    if with_total:
        ws.append(total_row(ids, ruleset, villages))
    notes = wb.create_sheet("填表说明")
    notes["A1"] = "本表由各村填报，镇(街道)汇总。"
    wb.save(path)


def write_messy_csv(ruleset, header, villages, path):
    """The same hand-typed cells in a UTF-8 CSV with a BOM, a title line,
    a blank line in the middle and a 合计 line at the end."""
    ids, rows = messy_rows(ruleset, header, villages)
    width = len(ids)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([TITLE] + [""] * (width - 1))
    w.writerow([ruleset["fields"][fid]["label"] for fid in ids])
    for i, cells in enumerate(rows):
        w.writerow([str(v) for v, _ in cells])
        if i == len(rows) // 2:
            w.writerow([""] * width)
    w.writerow([str(v) for v in total_row(ids, ruleset, villages)])
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(buf.getvalue())


def write_csv(header, villages, path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header] + villages)


def with_column(header, villages, label, fn):
    j = header.index(label)
    out = []
    for i, v in enumerate(villages):
        v = list(v)
        v[j] = fn(i, v[j])
        out.append(v)
    return out


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: make_fixtures.py OUT_DIR [REPO_ROOT]")
    out = sys.argv[1]
    root = sys.argv[2] if len(sys.argv) == 3 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)

    mh = load_ruleset(root, "meihao-xiangcun")
    src = os.path.join(root, "examples", "data", "district", "meihao-xiangcun.csv")
    header, villages = read_csv(src)
    tiers = tier_labels(mh)
    tier_label = mh["fields"]["prior_tier"]["label"]

    # a) b) c) d): the district as it arrives.
    write_gbk(src, p("district.gbk.csv"))
    write_utf16_tab(header, villages, p("district.utf16.txt"))
    write_xlsx(mh, header, villages, p("district.xlsx"))
    write_messy_csv(mh, header, villages, p("district.messy.csv"))
    expected_report(mh, *messy_rows(mh, header, villages), p("district.messy.report"))

    # The refusals and the silent cases, one change each.
    write_xlsx(mh, header, villages, p("district.err.xlsx"), error_cell=True, with_total=False)
    labelled = with_column(header, villages, tier_label, lambda i, t: tiers[t] if t else "")
    write_csv(header, labelled, p("district.labels.csv"))
    first_tiered = next(i for i, v in enumerate(villages) if v[header.index(tier_label)] == "boutique_demo")
    write_csv(header, with_column(header, labelled, tier_label,
                                  lambda i, t: MISSPELT_TIER if i == first_tiered else t),
              p("district.badtier.csv"))
    write_csv([h if h != tier_label else "已获等极" for h in header], villages, p("district.typo.csv"))
    key = header.index(mh["fields"][mh["key"]]["label"])
    write_csv(header, villages + [[TOTAL if j == key else "" for j in range(len(header))]],
              p("district.total.csv"))
    zeros = [list(v) for v in villages[:2]]
    zeros[0][key], zeros[1][key] = "001", "002"
    write_csv(header, zeros, p("keys.csv"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for v in zeros:
        ws.append([x if (j == key or not is_plain_number(x)) else number_value(x) for j, x in enumerate(v)])
    for r in (2, 3):
        ws.cell(row=r, column=key + 1).data_type = "s"
    wb.save(p("keys.xlsx"))

    # Percent cells as Excel keeps them: 0.81 shown as 81% (format 0%),
    # under a plain header and under a header that says （%）.
    share = mh["fields"]["participation"]["label"]
    col = header.index(share)
    for name, head in (("district.percent.xlsx", share), ("district.percent-header.xlsx", share + "（%）")):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append([head if j == col else h for j, h in enumerate(header)])
        for v in villages:
            ws.append([number_value(x) if j != key and is_plain_number(x) else x for j, x in enumerate(v)])
            if v[col] != "":
                ws.cell(row=ws.max_row, column=col + 1).number_format = "0%"
        for r in range(2, ws.max_row + 1):
            ws.cell(row=r, column=key + 1).data_type = "s"
        wb.save(p(name))

    # zuzhi-zhenxing has share targets by town (meihao-xiangcun has none):
    # towns padded with spaces and a 合计 line must not change its targets.
    zz = load_ruleset(root, "zuzhi-zhenxing")
    zsrc = os.path.join(root, "examples", "data", "district", "zuzhi-zhenxing.csv")
    zheader, zvillages = read_csv(zsrc)
    town = zheader.index(zz["fields"]["town"]["label"])
    zkey = zheader.index(zz["fields"][zz["key"]]["label"])
    padded = with_column(zheader, zvillages, zheader[town], lambda i, t: t + [" ", "\u3000", ""][i % 3])
    write_csv(zheader, padded, p("zuzhi.spaces.csv"))
    ztotal = padded + [[TOTAL if j == zkey else "" for j in range(len(zheader))]]
    write_csv(zheader, ztotal, p("zuzhi.total.csv"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(zheader)
    for v in ztotal:
        ws.append(v)  # all as text, as typed; numbers too (the reader reads them)
    wb.save(p("zuzhi.xlsx"))


if __name__ == "__main__":
    main()
