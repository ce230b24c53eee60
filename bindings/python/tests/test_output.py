"""Results as people read them: the labelled frame agrees with the CLI's
labelled CSV, and files written from Python are the CLI's bytes (the same
C code writes both); a workbook and a report come out whole."""
import os
import subprocess
import zipfile

import numpy as np
import pandas as pd
import pytest

import libscore

from conftest import district

SCORE = os.environ.get("SCORE_CLI")


def cli(*args: str) -> bytes:
    if not SCORE:
        pytest.skip("SCORE_CLI is not set")
    return subprocess.run([SCORE, *args], check=True, capture_output=True).stdout


def test_labelled_csv_is_the_clis(tmp_path):
    path = str(district("meihao-xiangcun"))
    result = libscore.load("meihao-xiangcun").evaluate(path)
    out = tmp_path / "r.csv"
    result.to_csv(out, labels=True, keep=["村名", "镇"])
    assert out.read_bytes() == cli("eval", "meihao-xiangcun", path, "--format", "csv",
                                   "--labels", "--keep", "村名,镇")


def test_labelled_frame_reads_as_the_labelled_csv(tmp_path):
    path = str(district("meihao-xiangcun"))
    rs = libscore.load("meihao-xiangcun")
    frame = rs.evaluate(path).labelled(keep=["村名", "镇"])
    want = pd.read_csv(pd.io.common.BytesIO(cli("eval", "meihao-xiangcun", path, "--format",
                                                 "csv", "--labels", "--keep", "村名,镇")),
                       encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(want.columns)
    tiers = frame["评定等级"]
    # tiers: ordered categoricals of the labels, lowest first, NaN for none
    assert list(tiers.cat.categories) == [t.label for t in rs.tiers] and tiers.cat.ordered
    assert tiers.isna().sum() == (want["评定等级"] == "").sum() > 0
    assert (tiers.astype(object).fillna("") == want["评定等级"]).all()
    assert (frame["村名"] == want["村名"]).all()
    criterion = rs.criteria[0].label
    words = frame[criterion].map({True: "是", False: "否"}).astype(object).fillna("")
    assert (words == want[criterion]).all()


def test_a_missing_grade_is_missing_as_a_missing_tier():
    path = str(district("dangzuzhi-pingxing"))
    rows = libscore.load("dangzuzhi-pingxing").evaluate(path).rows
    grade = rows["star_score_grade"]
    assert isinstance(grade.dtype, pd.CategoricalDtype) and grade.cat.ordered
    assert list(grade.cat.categories) == ["1", "2", "3", "4", "5"]  # lowest first
    assert grade.max() == "5"
    with pytest.warns(Warning, match="no column"):
        blank = libscore.load("dangzuzhi-pingxing").evaluate(
            pd.DataFrame({"id": ["A"], "base_score": [np.nan]})).rows
    assert pd.isna(blank["star_score_grade"][0]) and pd.isna(blank["tier"][0])


def test_workbook_and_report_are_written_whole(tmp_path):
    path = str(district("zuzhi-zhenxing"))
    result = libscore.load("zuzhi-zhenxing").evaluate(path)
    book = tmp_path / "r.xlsx"
    result.to_excel(book, data_name="district.csv")
    with zipfile.ZipFile(book) as z:
        assert "xl/workbook.xml" in z.namelist()
    html = tmp_path / "r.html"
    result.report(html, keep=["村名"])
    text = html.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "http://" not in text
    targets = tmp_path / "t.json"
    result.write(targets, "targets", "json", year=2022)
    assert targets.read_bytes() == cli("targets", "zuzhi-zhenxing", path, "--format", "json",
                                       "--year", "2022")


def test_a_bad_kept_column_fails_and_leaves_the_file(tmp_path):
    result = libscore.load("meihao-xiangcun").evaluate(str(district("meihao-xiangcun")))
    out = tmp_path / "r.csv"
    out.write_text("before")
    with pytest.raises(libscore.Error, match="did you mean"):
        result.to_csv(out, keep=["村明"])
    assert out.read_text() == "before"
    assert os.listdir(tmp_path) == ["r.csv"]
    with pytest.raises(KeyError):
        result.labelled(keep=["村明"])
