"""No stale pages: a change to any input of a page rebuilds the book; one build at a time."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_stamp  # noqa: E402
from source_copy import copy_sources  # noqa: E402

#: One file of each kind of input a page reads (tools/build_stamp.py INPUTS).
EDITED = [
    "isacmodel/core/model.py",
    "isacmodel/data/atlas.json",
    "intro.md",
    "chapters/model.md",
    "chapters/results-index.md",
    "teaching/course-guide.md",
    "references.md",
    "references.bib",
    "_config.yml",
    "_toc.yml",
    "_ext/jb_fixes.py",
    "_static/a11y.css",
    "tools/results_index.py",
    "tests/test_model.py",
    "requirements.txt",
    "requirements-lock.txt",
    "pyproject.toml",
    "Makefile",
]


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    return copy_sources(tmp_path_factory.mktemp("book"))


def test_every_kind_of_input_is_edited_by_the_test():
    tops = {name.split("/")[0] for name in EDITED}
    assert tops == set(build_stamp.INPUTS)


@pytest.mark.parametrize("name", EDITED)
def test_a_change_to_any_input_changes_the_digest(copy, name):
    path = copy / name
    original = path.read_bytes()
    before = build_stamp.inputs_digest(copy)
    try:
        path.write_bytes(original + b"\n")
        assert build_stamp.inputs_digest(copy) != before
    finally:
        path.write_bytes(original)
    assert build_stamp.inputs_digest(copy) == before


def test_renaming_a_test_or_adding_a_chapter_changes_the_digest(copy):
    before = build_stamp.inputs_digest(copy)
    test = copy / "tests" / "test_model.py"
    renamed = test.with_name("test_model_renamed.py")
    test.rename(renamed)
    try:
        assert build_stamp.inputs_digest(copy) != before
    finally:
        renamed.rename(test)
    new = copy / "chapters" / "new.md"
    new.write_text("# A new chapter\n")
    try:
        assert build_stamp.inputs_digest(copy) != before
    finally:
        new.unlink()
    assert build_stamp.inputs_digest(copy) == before


def test_the_python_version_is_an_input(copy, monkeypatch):
    before = build_stamp.inputs_digest(copy)
    monkeypatch.setattr(build_stamp.platform, "python_version", lambda: "3.99.0")
    assert build_stamp.inputs_digest(copy) != before


def test_generated_files_and_what_no_page_reads_leave_the_digest_alone(copy):
    before = build_stamp.inputs_digest(copy)
    made = [copy / "isacmodel" / "__pycache__" / "model.cpython-311.pyc",
            copy / "tests" / ".pytest_cache" / "v" / "x",
            copy / "chapters" / ".ipynb_checkpoints" / "model-checkpoint.md"]  # fmt: skip
    for path in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("made by running something")
    readme = copy / "README.md"
    original = readme.read_text()
    readme.write_text(original + "\nmore prose\n")
    try:
        assert build_stamp.inputs_digest(copy) == before
    finally:
        readme.write_text(original)
        for path in made:
            path.unlink()


def test_every_source_of_the_repository_is_an_input_or_named_as_read_by_no_page():
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout.split()  # fmt: skip
    tops = {name.split("/")[0] for name in listed}
    assert tops <= set(build_stamp.INPUTS) | set(build_stamp.NOT_READ), "add it to one list"
    assert not set(build_stamp.INPUTS) & set(build_stamp.NOT_READ)


def test_check_clears_a_stale_build_and_keeps_a_current_one(tmp_path):
    build = tmp_path / "_build"
    (build / ".jupyter_cache").mkdir(parents=True)
    (build / "html").mkdir()
    (build / build_stamp.LOCK_NAME).write_text("")
    assert "cleared" in build_stamp.check(build, "one")  # never stamped: not trusted
    assert [path.name for path in build.iterdir()] == [build_stamp.LOCK_NAME]
    assert build_stamp.check(build, "one") == "no previous build"
    (build / ".jupyter_cache").mkdir()
    build_stamp.write(build, "one")
    assert build_stamp.check(build, "one") == "build is current"
    assert (build / ".jupyter_cache").is_dir()
    assert "cleared" in build_stamp.check(build, "two")
    assert not (build / ".jupyter_cache").exists() and (build / build_stamp.LOCK_NAME).exists()


def _build(build: Path, root: Path, *code: str) -> subprocess.CompletedProcess:
    """Run ``build_stamp.py build`` on ``root``'s inputs with a Python command as the build."""
    script = ("import sys; sys.path.insert(0, sys.argv[1]); import build_stamp; "
              "sys.exit(build_stamp.build(__import__('pathlib').Path(sys.argv[2]), sys.argv[4:], "
              "__import__('pathlib').Path(sys.argv[3])))")  # fmt: skip
    command = [sys.executable, "-c", script, str(ROOT / "tools"), str(build), str(root)]
    return subprocess.run([*command, sys.executable, "-c", *code], capture_output=True,
                          text=True, timeout=60)  # fmt: skip


def test_an_edit_during_the_build_makes_the_next_build_start_afresh(copy, tmp_path):
    build = tmp_path / "_build"
    model = copy / "isacmodel" / "core" / "model.py"
    original = model.read_bytes()
    before = build_stamp.inputs_digest(copy)
    edit = f"open({str(model)!r}, 'a').write('# edited while the book builds\\n')"
    try:
        done = _build(build, copy, edit)
        assert done.returncode == 0, done.stderr
        assert "no previous build" in done.stdout and "stamped" in done.stdout
        assert (build / build_stamp.STAMP_NAME).read_text().strip() == before
        again = _build(build, copy, "pass")
        assert "inputs changed since the last successful build" in again.stdout
    finally:
        model.write_bytes(original)


def test_a_failed_build_is_not_stamped(copy, tmp_path):
    build = tmp_path / "_build"
    failed = _build(build, copy, "raise SystemExit(3)")
    assert failed.returncode == 3 and "stamped" not in failed.stdout
    assert not (build / build_stamp.STAMP_NAME).exists()


def test_a_second_build_in_the_same_folder_says_another_build_is_running(copy, tmp_path):
    build = tmp_path / "_build"
    descriptor = build_stamp.acquire_lock(build)
    try:
        second = _build(build, copy, "pass")
    finally:
        os.close(descriptor)
    assert second.returncode == 1
    assert "another build is running" in second.stderr and str(os.getpid()) in second.stderr
    assert "stamped" not in second.stdout
    after = _build(build, copy, "pass")  # the lock goes with the process that held it
    assert after.returncode == 0 and "stamped" in after.stdout


def test_the_command_line_runs_a_build_and_refuses_anything_else(tmp_path):
    script = str(ROOT / "tools" / "build_stamp.py")
    usage = subprocess.run([sys.executable, script, "build", str(tmp_path)],
                           capture_output=True, text=True)  # fmt: skip
    assert usage.returncode == 2 and "build_stamp.py build" in usage.stdout
    done = subprocess.run([sys.executable, script, "build", str(tmp_path / "b"), "--", "true"],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0 and "stamped" in done.stdout


def _execution_times(build: Path) -> list[float]:
    from jupyter_cache import get_cache

    records = get_cache(build / ".jupyter_cache").list_cache_records()
    return [record.created.timestamp() for record in records]


def _stub_chapters(root: Path) -> None:
    """Replace each chapter by a small notebook with the same labels that imports isacmodel.

    The stamp's job does not depend on what the notebooks compute, and executing the
    real chapters three times would take minutes.
    """
    for path in (root / "chapters").glob("*.md"):
        text = path.read_text()
        front_matter = "---" + text.split("---", 2)[1] + "---\n"
        labels = re.findall(r"^\((.+)\)=$", text, flags=re.MULTILINE)
        labels += re.findall(r"^:label: (ex-[\w-]+)$", text, flags=re.MULTILINE)  # exercises
        title = re.search(r"^# (.+)$", text, flags=re.MULTILINE).group(1)
        body = [f"({labels[0]})=", f"# {title}", ""]
        body += [f"({label})=\n## {label}\n" for label in labels[1:]]
        # distinct code per chapter: jupyter-cache keys a notebook on its code cells
        body += ["```{code-cell} ipython3", "import isacmodel", "", f'chapter = "{path.stem}"',
                 "isacmodel.__version__", "```"]  # fmt: skip
        path.write_text(front_matter + "\n".join(body) + "\n")


@pytest.mark.slow
def test_make_book_re_executes_notebooks_after_a_package_change(tmp_path):
    """Run the real `make book` in a copy (chapters stubbed), change isacmodel/, run it again."""
    root = copy_sources(tmp_path / "book")
    _stub_chapters(root)
    venv = Path(sys.prefix)
    make = ["make", "book", f"VENV={venv}", "-o", f"{venv}/.installed"]
    env = {**os.environ, "PYTHONPATH": str(root)}  # the kernel imports the copy's isacmodel

    first = subprocess.run(make, cwd=root, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    unchanged = subprocess.run(make, cwd=root, env=env, capture_output=True, text=True)
    assert unchanged.returncode == 0, unchanged.stdout[-3000:] + unchanged.stderr[-3000:]
    assert "build is current" in unchanged.stdout

    changed_at = time.time()
    with (root / "isacmodel" / "core" / "params.py").open("a") as handle:
        handle.write("\n# a one-line change\n")
    rebuilt = subprocess.run(make, cwd=root, env=env, capture_output=True, text=True)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:] + rebuilt.stderr[-3000:]
    assert "inputs changed" in rebuilt.stdout
    second = _execution_times(root / "_build")
    chapters = len(list((root / "chapters").glob("*.md")))
    assert len(second) == chapters
    assert all(created >= changed_at for created in second), "a notebook was served from cache"


def test_ctrl_c_stops_the_build_at_once_and_leaves_it_unstamped(tmp_path):
    import signal

    build = tmp_path / "_build"
    steps = "import time; print('started', flush=True); time.sleep(60)"
    script = str(ROOT / "tools" / "build_stamp.py")
    command = [sys.executable, script, "build", str(build), "--", sys.executable, "-c", steps]

    def as_in_a_terminal():  # a background job of a script ignores SIGINT; a terminal's does not
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True,
                             preexec_fn=as_in_a_terminal)  # fmt: skip
    try:
        assert "no previous build" in child.stdout.readline()
        assert child.stdout.readline().strip() == "started"
        os.killpg(child.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
        assert child.wait(timeout=20) == 130
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
    assert not (build / build_stamp.STAMP_NAME).exists()


def test_the_student_edition_and_the_pdf_build_under_the_same_lock(tmp_path):
    script = str(ROOT / "tools" / "build_stamp.py")
    build = str(tmp_path / "_build")
    nested = [sys.executable, script, "locked", build, "--", sys.executable, script, "build",
              build, "--", "true"]  # fmt: skip
    done = subprocess.run(nested, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "another build is running" in done.stderr
    assert "locked $(BUILD) --" in (ROOT / "Makefile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert makefile.count("$(LOCKED) $(BIN)/jupyter-book build") == 2  # student edition, PDF
