"""An episode's capitalisation habit (kg.extract.names.casing): measured on the episode's own words, and
what capitals and lower case say relative to it."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from kg.extract.episode import Options, parse_episode
from kg.extract.names.casing import USUAL, measure_casing
from kg.read import read_transcript

# sentences that run over lines, as a speech-to-text tool cuts them
LINES = ("so we spent the whole summer building", "the first version of the product with",
         "a tiny team in a small office near the station.", "then we showed it to a few customers",
         "and they told us the onboarding was far too slow.", "after that we hired two engineers who",
         "rebuilt the whole thing from scratch in about a month.")


STOP = frozenset("so we the of with a in near then to and they us was far too after who from about".split())


def _parsed(tmp_path, lines: list[str]):
    path = tmp_path / "t.txt"
    path.write_text("".join(f"[00:{i // 60:02d}:{i % 60:02d}] SPEAKER_00: {line}\n" for i, line in enumerate(lines)))
    parsed = parse_episode(read_transcript(path, None), Options())
    return parsed.turns, parsed.docs


def _capitalise_first(line: str) -> str:
    return line[:1].upper() + line[1:]


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """A transcript that capitalises sentence starts and names only."""
    lines = [_capitalise_first(line) if k == 0 or LINES[k - 1].endswith(".") else line
             for _ in range(12) for k, line in enumerate(LINES)]
    lines += ["We moved the team to Denver after Sarah joined from Google."] * 6
    return _parsed(tmp_path_factory.mktemp("plain"), lines)


def test_a_tool_that_capitalises_every_line_start_explains_those_capitals(tmp_path, plain):
    """Where the tool capitalises every line, even one that runs on from the line before, a capital at such
    a line start says little; in a transcript that does not, the same capital is unexplained."""
    turns, docs = _parsed(tmp_path, [_capitalise_first(line) for _ in range(30) for line in LINES]
                          + ["Then Quillon showed it to a few customers"] * 2)
    habit = measure_casing(turns, docs)
    assert habit.line_capitals > 0.6 and measure_casing(*plain).line_capitals < 0.1
    assert habit.noise < 0.02 and habit.capital_trust() > 0.9  # inside a line, capitals still mean names
    turn, doc = turns[-1], docs[-1]
    start = next(t.i for t in doc if t.text == "The" and t.idx > 0)  # 'The first version', a line running on
    assert doc[start].idx in turn.offsets and not doc[start].is_sent_start
    assert habit.explained(Span(doc, start, start + 1), turn) == habit.line_capitals
    quillon = next(t.i for t in doc if t.text == "Quillon")
    assert habit.explained(Span(doc, quillon, quillon + 1), turn) == 0.0


def test_in_an_all_lower_case_transcript_lower_case_says_nothing(tmp_path, plain):
    """A tool that writes names in lower case too ('sarah', 'google'): lower case is no evidence against a
    name there, while in a transcript that capitalises names it is."""
    lines = [line.lower() for _ in range(12) for line in LINES]
    lines += ["we moved the team to denver after sarah joined from google with michael and jennifer."] * 20
    habit = measure_casing(*_parsed(tmp_path, lines))
    assert habit.lowering > 0.5 and habit.lower_trust() < 0.2
    assert measure_casing(*plain).lower_trust() > 0.9


def test_where_ordinary_words_are_capitalised_a_capital_says_little(tmp_path, plain):
    """A tool that capitalises ordinary words ('so we Spent the Whole Summer Building'): a capital inside a
    sentence is no evidence of a name there."""
    lines = [" ".join(w if w in STOP else w[:1].upper() + w[1:] for w in line.split())
             for _ in range(12) for line in LINES]
    habit = measure_casing(*_parsed(tmp_path, lines))
    assert habit.noise > 0.3 and habit.capital_trust() < 0.5
    clean = measure_casing(*plain)
    assert clean.noise < 0.02 and clean.capital_trust() == pytest.approx(1.0, abs=0.1)


def test_an_episode_with_few_words_keeps_about_the_usual_habit(tmp_path):
    """Two lines say little about a tool: the shares stay near the usual ones."""
    habit = measure_casing(*_parsed(tmp_path, ["we moved to denver.", "Then Sarah Joined."]))
    assert abs(habit.lowering - USUAL.lowering) < 0.05 and abs(habit.noise - USUAL.noise) < 0.05


def _entities(tmp_path, lines: list[str]) -> dict[str, str]:
    from kg.extract.episode import extract_file

    path = tmp_path / "t.txt"
    path.write_text("".join(f"[00:{i // 60:02d}:{i % 60:02d}] SPEAKER_00: {line}\n" for i, line in enumerate(lines)))
    return {e.label: e.type for e in extract_file(str(path)).entities.values()}


RUN_ON = ["we kept the old tools because", "to go any faster we would have needed", "teams that were distributed across",
          "the whole country and the tools", "were built for one office.", "then we moved to Databricks because",
          "the payments part was", "slow for everyone."]


def test_a_capital_the_tool_writes_at_every_line_start_names_nothing(tmp_path):
    """A tool that capitalises every line start, even where the sentence runs on ('... because / To go any
    faster'): 'To go' is no Togo and 'Teams' no Microsoft Teams there; a name of its own capital is still
    a name ('Databricks'). Where the tool capitalises sentence starts only, the same offsets are no line capitals."""
    from kg.extract.names.casing import capitalised_line_starts
    from kg.read import read_transcript

    capitalising = [_capitalise_first(line) for line in RUN_ON]
    entities = _entities(tmp_path, capitalising)
    assert "Databricks" in entities and not {"Togo", "Microsoft Teams"} & set(entities), entities
    for lines, any_starts in ((capitalising, True), (RUN_ON, False)):
        path = tmp_path / "u.txt"
        path.write_text("".join(f"[00:00:{i:02d}] SPEAKER_00: {line}\n" for i, line in enumerate(lines)))
        starts = capitalised_line_starts(read_transcript(path, None).turns())
        assert bool(starts[0]) is any_starts, starts
