"""The index of results: every claim is located, implemented and tested, and links resolve.

The index scans the chapters' sources, the claims' declared metadata and the test files;
these tests run on the real sources (no book build needed), plus small synthetic pages
and claims for the parser. This file names no claim id literally except in
the documented exception below: the index leaves this file out when it looks for tests.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from isacmodel import CLAIMS
from isacmodel.verify.claims import Claim

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import results_index  # noqa: E402

ROLE = re.compile(r"\{(?P<role>ref|prf:ref|doc)\}`(?:[^`<]*<)?(?P<target>[^`>]+)>?`")


@pytest.fixture(scope="module")
def rows() -> dict[str, results_index.IndexRow]:
    return results_index.build_index()


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    """The Markdown source of every page of the book, by docname."""
    root = results_index.ROOT
    return {name: (root / f"{name}.md").read_text(encoding="utf-8")
            for name in results_index.toc_pages() if (root / f"{name}.md").exists()}  # fmt: skip


def defined_labels(sources: dict[str, str]) -> dict[str, str]:
    """Every ``(label)=`` target and ``prf`` directive label of the book -> its page."""
    labels = {}
    for name, text in sources.items():
        for label in re.findall(r"^\(([^()\s]+)\)=\s*$", text, flags=re.MULTILINE):
            labels[label] = name
        for label in re.findall(r"^`{3,}\{prf:\w+\}.*\n(?::.*\n)*?:label:\s*(\S+)", text,
                                flags=re.MULTILINE):  # fmt: skip
            labels[label] = name
    return labels


def fake_claim(claim_id: str, **checks) -> Claim:
    return Claim(id=claim_id, reference="nowhere in the paper",
                 statement="A claim the book never makes.", expected="holds", **checks)  # fmt: skip


def test_every_claim_is_located_at_a_label_of_its_chapter(rows, sources):
    labels = defined_labels(sources)
    assert list(rows) == list(CLAIMS)
    for claim_id, row in rows.items():
        location = row.location
        assert location is not None, f"{claim_id}: no chapter shows it"
        assert location.target is not None, claim_id
        assert labels.get(location.target.label) == location.page, claim_id
        assert labels.get(location.chapter_label) == location.page, claim_id
        assert location.target.line < location.line, claim_id
        assert claim_id in sources[location.page].splitlines()[location.line - 1]


def test_results_link_to_their_proposition_when_the_chapter_states_one(rows, sources):
    for claim_id, row in rows.items():
        number = re.search(r"\b(Proposition|Lemma) \d+", row.claim.reference)
        stated = number and re.search(rf"prf:\w+\}}.*\b{number[0]} in the paper",
                                      sources[row.location.page])  # fmt: skip
        if stated and row.location.target.kind == "prf":
            assert number[0] in row.location.target.title, claim_id


def test_every_link_in_the_table_resolves_to_a_label(rows, sources):
    labels = defined_labels(sources)
    table = results_index.index_markdown(rows, {})
    roles = ROLE.findall(table)
    assert len(roles) >= 2 * len(rows) - sum(  # chapter link, and a section link where there is one
        row.location.target.label == row.location.chapter_label for row in rows.values()
    )
    for role, target in roles:
        assert role in ("ref", "prf:ref"), target
        assert target in labels, target


def test_every_claim_has_an_implementing_module_except_the_documented_one(rows):
    without = [claim_id for claim_id, row in rows.items() if not row.modules]
    # Its check compares the equilibria the sampler solved (firm i larger than firm j);
    # it calls nothing outside the registry, so no module can be named for it.
    assert without == ["prop4.i.asymmetric"]
    assert "equilibria" in CLAIMS["prop4.i.asymmetric"].numeric.__code__.co_names
    for row in rows.values():
        assert all(m.startswith("isacmodel.") for m in row.modules)
        assert not any(m.startswith("isacmodel.verify.") for m in row.modules)


def test_each_claim_is_found_in_its_declared_chapter_and_implemented_as_declared(rows):
    for claim_id, row in rows.items():
        assert row.location.page == f"chapters/{row.claim.chapter}", claim_id
        assert row.functions == tuple(sorted(row.claim.uses)), claim_id
        module = results_index.check_module(row.claim)
        assert module == f"isacmodel.verify.claims.{row.claim.chapter}"
        assert row.claim.numeric is None or row.claim.numeric.__module__ == module


def test_every_claim_is_named_by_a_test(rows):
    for claim_id, row in rows.items():
        assert row.tests and row.tests_found_by == "id", claim_id
        for nodeid in row.tests:
            path, _, name = nodeid.partition("::")
            source = (results_index.ROOT / path).read_text(encoding="utf-8")
            assert f"def {name.rpartition('::')[2]}(" in source and claim_id in source


def test_the_table_has_a_row_of_five_cells_per_claim(rows):
    statuses = {claim_id: "**OK** holds on all draws" for claim_id in rows}
    lines = results_index.index_markdown(rows, statuses).splitlines()
    assert len(lines) == 2 + len(rows)
    for line, claim_id in zip(lines[2:], rows, strict=True):
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        assert len(cells) == 5 and f"`{claim_id}`" in cells[0], line
        assert cells[1].strip() == "**OK** holds on all draws"


def test_a_claim_no_chapter_mentions_is_reported_unlocated():
    fake = fake_claim("fake.never-mentioned")
    row = results_index.build_index({fake.id: fake})[fake.id]
    assert row.location is None and row.functions == () and row.tests == ()
    cells = results_index.index_markdown({fake.id: row}, {}).splitlines()[2]
    assert "not found in the book" in cells and "`claims` only" in cells and "none" in cells


def test_a_prefix_of_real_ids_is_not_a_mention():
    pages = results_index.read_pages()
    prefixes = {claim_id.rpartition(".")[0] for claim_id in CLAIMS} - set(CLAIMS) - {""}
    assert prefixes  # such as the id of a proposition whose parts are separate claims
    for prefix in sorted(prefixes):
        assert results_index.locate(prefix, "", pages) is None, prefix


PAGE = """---
kernelspec: {}
---

(chapter)=
# A chapter

```{code-cell} ipython3
:tags: [remove-cell]

SECTION = ("x.first", "x.second")
# not a heading
```

## Lemma 1 here

````{prf:lemma} The lemma (Lemma 1 in the paper)
:label: lem-one

Statement.
````

See `x.first`.

```{code-cell} ipython3
---
tags: [remove-input]
---
table("x.second")
```

## Another section

The second, again: `x.second`.
"""


def test_parser_skips_setup_cells_and_keeps_sections():
    page = results_index._parse_page("chapters/fake", PAGE)
    assert [text for _, _, text in page.headings] == ["A chapter", "Lemma 1 here",
                                                      "Another section"]  # fmt: skip
    assert page.label == "chapter" and page.title == "A chapter"
    first = results_index.locate("x.first", "Lemma 1(ii)", [page])
    assert first.target.label == "lem-one" and first.heading == "Lemma 1 here"
    second = results_index.locate("x.second", "", [page])
    assert second.line == PAGE.splitlines().index('table("x.second")') + 1  # not the setup cell
    assert second.target.label == "lem-one"
    assert results_index.mention_lines(page, "x.second")[-1] == len(PAGE.splitlines())


def test_a_target_stops_at_the_end_of_its_section():
    text = PAGE.replace('table("x.second")', "pass")
    location = results_index.locate("x.second", "", [results_index._parse_page("p", text)])
    assert location.heading == "Another section" and location.target.label == "chapter"
    expected = "{ref}`A chapter <chapter>` › Another section"  # the section named in plain text
    assert results_index.location_markdown(location) == expected


def test_the_implementing_functions_are_the_declared_uses_sorted():
    claim = fake_claim("x", uses=("isacmodel.solve.nash:solve_nash_batch",
                                  "isacmodel.derive.bertrand:price"))  # fmt: skip
    assert results_index.implementing_functions(claim) == (
        "isacmodel.derive.bertrand:price",
        "isacmodel.solve.nash:solve_nash_batch",
    )
    assert results_index.check_module(claim) == "isacmodel.verify.claims"
