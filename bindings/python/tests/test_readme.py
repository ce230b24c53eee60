"""The README's Python example works as printed."""

import re
import subprocess
import sys

from conftest import SOURCE_DIR


def test_readme_example_runs_as_printed():
    readme = (SOURCE_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert len(code.strip().splitlines()) == 5
    out = subprocess.run([sys.executable, "-c", code], cwd=SOURCE_DIR, capture_output=True,
                         text=True, check=True).stdout
    # the tier counts of the district (as `score eval` gives them) ...
    for tier, count in [("clean", 10), ("tidy", 5), ("boutique", 5), ("boutique_demo", 4),
                        ("operating_demo", 3)]:
        assert re.search(rf"^{tier}\s+{count}$", out, re.M), out
    # ... then the explanation of the village that lost a place on a tie
    assert "村代码 3301020611" in out and "美好乡村精品村" in out
