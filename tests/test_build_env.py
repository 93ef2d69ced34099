"""The environment is locked with hashes, checked against the lock, and never silently mixed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_env  # noqa: E402

#: What `make test` needs beyond the package's own dependencies.
TOOLS = ["jupyter-book", "myst-nb", "jupyter-cache", "ipykernel", "pytest", "hypothesis",
         "playwright", "pypdf", "ruff", "jupytext", "nbclient", "sphinx-proof"]  # fmt: skip


def test_every_pin_of_the_lock_has_hashes_and_requirements_agree_with_it():
    lock = build_env.read_lock()
    assert len(lock) > 100, "the lock holds the whole environment, not only the pins"
    assert all(" --hash=sha256:" in pin.line for pin in lock)
    assert build_env.stale_pins(build_env.read_pins(), lock) == []
    names = {pin.name for pin in lock}
    assert set(TOOLS) | {"numpy", "scipy", "sympy", "matplotlib", "joblib"} <= names


def test_a_pin_the_lock_does_not_hold_is_named():
    lock = build_env.read_lock()
    ruff = next(pin.version for pin in lock if pin.name == "ruff")
    assert build_env.stale_pins({"numpy": "0.0.1", "ruff": ruff}, lock) == ["numpy==0.0.1"]


def test_requirements_edited_without_make_lock_stop_the_check(tmp_path, capsys):
    (tmp_path / "requirements.txt").write_text("numpy==0.0.1  # edited\n")
    (tmp_path / "requirements-lock.txt").write_text(build_env.LOCK.read_text())
    assert build_env.main([str(tmp_path / "requirements-lock.txt")]) == 1
    assert "does not pin numpy==0.0.1 as requirements.txt does: run make lock" in (
        capsys.readouterr().err
    )


def test_markers_select_the_pins_of_this_platform():
    lock = build_env.read_lock()
    by_name = {pin.name: pin for pin in lock}
    assert by_name["numpy"].applies()
    if "pywin32" in by_name or "colorama" in by_name:
        windows_only = by_name.get("colorama") or by_name["pywin32"]
        assert windows_only.marker and windows_only.applies() == (sys.platform == "win32")


def _fake_distribution(folder: Path, name: str, version: str, files: list[str]) -> None:
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    listed = [*files, f"{info.name}/METADATA,,", f"{info.name}/RECORD,,"]
    (info / "RECORD").write_text("\n".join(f"{file},," if "," not in file else file
                                           for file in listed) + "\n")  # fmt: skip


def test_a_damaged_missing_or_other_version_distribution_is_found(tmp_path, monkeypatch):
    (tmp_path / "isac_fake").mkdir()
    (tmp_path / "isac_fake" / "__init__.py").write_text("")
    _fake_distribution(tmp_path, "isac_fake", "1.0", ["isac_fake/__init__.py", "isac_fake/gone.py"])
    monkeypatch.syspath_prepend(str(tmp_path))
    pin = build_env.Pin("isac-fake", "1.0", None, "isac-fake==1.0 --hash=sha256:0")
    assert build_env.damage(pin) == "1 file(s) missing, e.g. isac_fake/gone.py"
    (tmp_path / "isac_fake" / "gone.py").write_text("")
    assert build_env.damage(pin) is None
    newer = build_env.Pin("isac-fake", "2.0", None, "isac-fake==2.0 --hash=sha256:0")
    assert build_env.damage(newer) == "version 1.0 installed"
    absent = build_env.Pin("isac-absent", "1.0", None, "isac-absent==1.0 --hash=sha256:0")
    assert build_env.damage(absent) == "not installed"
    elsewhere = build_env.Pin("isac-absent", "1.0", "sys_platform == 'no-such-os'", absent.line)
    assert build_env.damaged([absent, elsewhere]) == {absent: "not installed"}


def test_the_environment_of_the_tests_is_the_lock():
    found = build_env.damaged(build_env.read_lock())
    assert not found, f"run make env: {found}"


def test_make_installs_the_lock_with_hashes_and_checks_the_environment_before_a_build():
    plan = subprocess.run(["make", "-n", "-B", "book", "VENV=/nonexistent-venv"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert (
        "pip install -q --disable-pip-version-check --require-hashes -r requirements-lock.txt"
        in plan
    )
    assert "--no-deps --no-build-isolation -e ." in plan
    lines = plan.splitlines()
    check = next(i for i, line in enumerate(lines) if "tools/build_env.py" in line)
    build = next(i for i, line in enumerate(lines) if "tools/build_stamp.py build" in line)
    assert check < build


@pytest.mark.parametrize("same", [True, False])
def test_make_with_another_python_than_the_venv_says_so(tmp_path, same):
    bin_folder = tmp_path / "venv" / "bin"
    bin_folder.mkdir(parents=True)
    python = bin_folder / "python"
    if same:
        python.symlink_to(sys.executable)
    else:  # a venv of a Python version that is not this one
        python.write_text("#!/bin/sh\necho 3.99\n")
        python.chmod(0o755)
    done = subprocess.run(["make", "--no-print-directory", "python-version",
                           f"PYTHON={sys.executable}", f"VENV={tmp_path / 'venv'}"],
                          cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    if same:
        assert done.returncode == 0, done.stderr
    else:
        version = "{}.{}".format(*sys.version_info[:2])
        assert done.returncode != 0
        assert f"was made with Python 3.99, not with {sys.executable} (Python {version})" in (
            done.stderr
        )
        assert "rm -rf" in done.stderr


def test_without_python_on_the_command_line_the_venv_is_kept(tmp_path):
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\necho 3.99\n")
    python.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if key != "PYTHON"}
    done = subprocess.run(["make", "--no-print-directory", "python-version",
                           f"VENV={tmp_path / 'venv'}"], cwd=ROOT, env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
