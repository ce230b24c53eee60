"""乡村振兴 index: entropy-weight TOPSIS over five dimension scores.

The five dimensions are 产业兴旺, 生态宜居, 乡风文明, 治理有效 and 生活富裕.
The work is split between the library and this script:

  libscore, with revitalization-dimensions.yaml (next to this script),
    gives every village its five dimension scores, 0-100 each, from the
    district's three files merged on 村代码. It applies the point rules
    and caps of the scorecards and the missing-data rule: a village with an
    unknown item has an unknown dimension score, never a zero. The ruleset's
    hash identifies exactly the rules that made the scores, and
    Result.explain(key) says item by item how each score came about.
  this script
    weighs the dimensions by the entropy method (a dimension in which the
    villages differ more weighs more) and ranks the villages by TOPSIS
    closeness to the ideal village (0-1). Both are relative: a village's
    index depends on every other village scored with it, so it is not a
    per-village rule and does not belong in a ruleset. Only the villages
    with all five dimensions known are ranked; the others are listed with
    the dimensions they miss.

It prints the weights and the top 10, and writes topsis-index.csv.

Run it from the source tree with the package of a build tree:

    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/topsis_index.py --out /tmp/report

Options: --data DIR, the district's CSV files (default: examples/data/district
next to this directory); --out DIR, where topsis-index.csv goes (default: the
current directory).
"""

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

import libscore

HERE = Path(__file__).resolve().parent
DISTRICT = HERE.parent / "data" / "district"
RULESET = HERE / "revitalization-dimensions.yaml"
KEY = "村代码"
PLACE = ["村名", "镇(街道)", "区县"]
FILES = ["meihao-xiangcun", "renju-huanjing", "zuzhi-zhenxing"]


def read_district(data: Path) -> pd.DataFrame:
    """One row per village of meihao-xiangcun.csv, with the columns of the
    other two files. Cells stay text as written; libscore reads them. A
    village absent from a file has that file's data missing."""
    first, *others = [pd.read_csv(data / f"{name}.csv", dtype=str) for name in FILES]
    for other in others:
        first = first.merge(other.drop(columns=PLACE), on=KEY, how="left", validate="one_to_one")
    return first


def entropy_weights(x: np.ndarray) -> np.ndarray:
    """Entropy weights of the columns of x (villages x dimensions, higher is
    better), after min-max scaling of each column; a column where every
    village scores the same tells nothing and weighs 0."""
    low, span = x.min(axis=0), x.max(axis=0) - x.min(axis=0)
    z = np.divide(x - low, span, out=np.zeros_like(x), where=span > 0)
    p = np.divide(z, z.sum(axis=0), out=np.zeros_like(z), where=span > 0)
    plogp = p * np.log(p, out=np.zeros_like(p), where=p > 0)  # 0 log 0 = 0
    entropy = -plogp.sum(axis=0) / np.log(len(x))
    diversity = np.where(span > 0, 1 - entropy, 0.0)
    if diversity.sum() == 0:  # all villages alike: nothing to weigh by
        return np.full(x.shape[1], 1 / x.shape[1])
    return diversity / diversity.sum()


def topsis_closeness(x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Closeness of each village to the ideal one: the distance to the worst
    over the sum of the distances to the best and the worst, after vector
    normalisation and weighting. 1 is best in every dimension."""
    norm = np.sqrt((x ** 2).sum(axis=0))
    v = np.divide(x, norm, out=np.zeros_like(x), where=norm > 0) * weights
    to_best = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    to_worst = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    both = to_best + to_worst
    return np.divide(to_worst, both, out=np.full_like(both, 0.5), where=both > 0)


def missing_items(result: libscore.Result, key: str) -> str:
    """The dimensions a village has no score for, and their items that lack
    data, from the library's explanation."""
    return "；".join(
        sc["label"] + "：" + "、".join(it["label"] for it in sc["items"] if it["points"] is None)
        for sc in result.explain(key)["scorecards"] if sc["value"] is None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DISTRICT, help="the district's CSV files")
    parser.add_argument("--out", type=Path, default=Path("."), help="where topsis-index.csv goes")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    rs = libscore.load(RULESET)
    villages = read_district(args.data)
    result = rs.evaluate(villages)
    dimensions = {sc.id: sc.label for sc in rs.scorecards}
    scores = result.rows[list(dimensions)].rename(columns=dimensions)

    complete = scores.notna().all(axis=1)
    if complete.sum() < 2:
        raise SystemExit("fewer than two villages have all five dimensions: nothing to rank")
    x = scores[complete].to_numpy()
    weights = entropy_weights(x)

    index = villages[[KEY, "村名", "镇(街道)"]].join(scores)
    index.loc[complete, "贴近度"] = topsis_closeness(x, weights)
    index["缺失维度"] = scores.isna().apply(lambda row: "、".join(row.index[row]), axis=1)
    index["维度规则哈希"] = rs.hash
    index = index.sort_values(["贴近度", KEY], ascending=[False, True], na_position="last")
    index.insert(0, "排名", index["贴近度"].rank(ascending=False, method="min").astype("Int64"))

    print(f"{rs.title}（{rs.id} {rs.version}，规则哈希 {rs.hash}）")
    print(f"参与排名 {complete.sum()} 村，维度得分缺失 {(~complete).sum()} 村，共 {len(index)} 村")
    print("\n熵权：")
    for label, w in zip(dimensions.values(), weights):
        print(f"  {label} {w:.4f}")
    print("\n熵权TOPSIS贴近度前10名：")
    top = index.head(10).drop(columns=["缺失维度", "维度规则哈希"])
    print(top.to_string(index=False, float_format="{:.1f}".format,
                        formatters={"贴近度": "{:.4f}".format}))
    print("\n未参与排名（维度得分缺失，缺数据的计分项）：")
    for key, name in index.loc[index["贴近度"].isna(), [KEY, "村名"]].itertuples(index=False):
        print(f"  {key} {name}  {missing_items(result, key)}")

    path = args.out / "topsis-index.csv"
    # 15 digits, as libscore prints numbers; the BOM is for Excel
    index.to_csv(path, index=False, float_format="%.15g", encoding="utf-8-sig")
    print(f"\n综合指数：{path}")


if __name__ == "__main__":
    main()
