"""District report: 美好乡村 tiers per town and the 组织振兴 targets not met.

Reads the example district's village files with pandas, evaluates two
built-in standards with libscore, and

  - prints how many villages of each town (镇(街道)) got each 美好乡村 tier
    (meihao-xiangcun), lowest tier first, with the villages that got none;
  - prints the 乡村组织振兴 targets (zuzhi-zhenxing) the district as a whole
    has not met;
  - writes the 销号 ledger, the villages that fall short of each of those
    targets, to xiaohao-ledger.csv;
  - draws the tiers per town as stacked bars, tiers-by-town.png.

Run it from the source tree with the package of a build tree:

    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/district_report.py --out /tmp/report

Options: --data DIR, the district's CSV files (default: examples/data/district
next to this directory); --out DIR, where the ledger and the chart go
(default: the current directory).
"""

import argparse
import warnings
from pathlib import Path

import matplotlib
matplotlib.use("Agg")  # no display needed: the chart goes to a file
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager

import libscore

DISTRICT = Path(__file__).resolve().parents[1] / "data" / "district"
KEY, TOWN = "村代码", "镇(街道)"
NO_TIER, TOTAL = "未获评", "合计"


def read_villages(data: Path, name: str) -> pd.DataFrame:
    # Every cell as written (村代码 stays text, 3万 stays 3万): libscore reads
    # numbers with units and 是/否 itself, and the ledger shows the data as given.
    return pd.read_csv(data / f"{name}.csv", dtype=str)


def tiers_by_town(data: Path) -> pd.DataFrame:
    """Villages per town and awarded tier (labels in level order, then none)."""
    rs = libscore.load("meihao-xiangcun")
    villages = read_villages(data, "meihao-xiangcun")
    rows = rs.evaluate(villages).rows  # same index as villages
    labels = {t.id: t.label for t in rs.tiers}  # lowest level first
    tier = rows["tier"].cat.rename_categories(labels).cat.add_categories(NO_TIER).fillna(NO_TIER)
    table = pd.crosstab(villages[TOWN], tier).reindex(columns=[*labels.values(), NO_TIER],
                                                       fill_value=0)
    return table.rename_axis(index=TOWN, columns="等级")


def with_totals(table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    table[TOTAL] = table.sum(axis=1)
    table.loc[TOTAL] = table.sum()
    return table


def unmet_targets(data: Path):
    """The zuzhi-zhenxing targets not met over the whole district, and the
    ledger of the villages that fall short of them."""
    rs = libscore.load("zuzhi-zhenxing")
    result = rs.evaluate(read_villages(data, "zuzhi-zhenxing"))
    targets = result.targets
    unmet = targets[(targets["scope"] == "all") & (targets["verdict"] == "not_met")]
    ledgers = [result.ledger(t) for t in unmet["target"]]
    ledger = pd.concat(ledgers, ignore_index=True) if ledgers else pd.DataFrame(
        columns=["target", "scope"])
    ledger.insert(2, "label", ledger["target"].map(unmet.set_index("target")["label"]))
    return unmet, ledger


def describe(t) -> str:
    """A not-met target in a line: where the district stands, and the gap."""
    if t.aggregate == "share":
        stands = f"{t.actual:.1%}，要求 {t.op} {t.required:.0%}，缺口 {t.shortfall:.0f} 村"
    elif t.aggregate == "all":
        stands = f"{t.satisfied}/{t.population} 村达到，{t.shortfall:.0f} 村未达到"
    else:  # count, sum, avg, none: as the library reports them
        stands = f"{t.actual:g}，要求 {t.op} {t.required:g}"
    return f"  {t.label}（{t.year}年）：{stands}"


def use_chinese_font() -> None:
    """WenQuanYi Micro Hei (Debian: fonts-wqy-microhei) for the Chinese
    labels; without it, matplotlib's default font, without a warning per
    missing glyph."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    if "WenQuanYi Micro Hei" in installed:
        plt.rcParams["font.family"] = "WenQuanYi Micro Hei"
    else:
        warnings.filterwarnings("ignore", message="Glyph .* missing from")


def plot_tiers(table: pd.DataFrame, path: Path) -> None:
    use_chinese_font()
    # greens darkening with the level, grey for the villages with no tier
    colors = [*plt.cm.YlGn(np.linspace(0.3, 0.9, len(table.columns) - 1)), "lightgrey"]
    ax = table.plot.bar(stacked=True, color=colors, figsize=(8, 5), rot=0, width=0.7)
    ax.set_title("美好乡村创建等级（各镇街道）")
    ax.set_xlabel(TOWN)
    ax.set_ylabel("村数")
    handles, labels = ax.get_legend_handles_labels()  # listed top down, as stacked
    ax.legend(handles[::-1], labels[::-1], title="等级", bbox_to_anchor=(1.01, 1), loc="upper left")
    ax.figure.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(ax.figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DISTRICT, help="the district's CSV files")
    parser.add_argument("--out", type=Path, default=Path("."), help="where the files go")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    tiers = tiers_by_town(args.data)
    print("美好乡村创建等级，各镇(街道)村数：")
    print(with_totals(tiers).to_string())

    unmet, ledger = unmet_targets(args.data)
    print(f"\n乡村组织振兴目标，全区未达标 {len(unmet)} 项：")
    for t in unmet.itertuples():
        print(describe(t))

    # utf-8-sig: Excel opens a CSV with Chinese headers correctly only with a BOM
    ledger_csv = args.out / "xiaohao-ledger.csv"
    ledger.to_csv(ledger_csv, index=False, encoding="utf-8-sig")
    chart = args.out / "tiers-by-town.png"
    plot_tiers(tiers, chart)
    print(f"\n销号台账 {len(ledger)} 行：{ledger_csv}\n分镇等级图：{chart}")


if __name__ == "__main__":
    main()
