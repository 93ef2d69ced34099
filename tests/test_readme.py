"""The README's examples run as written (a line whose comment names an error must raise it)."""

import builtins
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def example_lines() -> list[str]:
    """The statements of the README's Python block that follows "Using the package directly"."""
    text = README.read_text()
    block = re.search(r"Using the package directly:\s*```python\n(.*?)```", text, re.S)
    assert block, "README has no Python example after 'Using the package directly'"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_examples_run():
    namespace: dict = {}
    lines = example_lines()
    assert len(lines) > 20
    for line in lines:
        error = re.search(r"#\s*(\w+Error)\b", line)
        if error:
            with pytest.raises(getattr(builtins, error.group(1))):
                exec(line, namespace)
        else:
            exec(line, namespace)
