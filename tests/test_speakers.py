"""Who is SPEAKER_00: introductions, the title's guest, and cues that only look like introductions."""

from __future__ import annotations

from kg.extract.episode import extract_file

FILLER = "and that is how we think about the market, the product and the customers we serve every day"


def _people(tmp_path, text: str) -> dict[str, str | None]:
    path = tmp_path / "t.txt"
    path.write_text(text)
    result = extract_file(str(path))
    return {label: result.entities[sp.person].label if sp.person else None for label, sp in result.speakers.items()}


def _lines(start: int, *said: tuple[str, str]) -> str:
    return "".join(f"[00:{(start + 7 * i) // 60:02d}:{(start + 7 * i) % 60:02d}] {label}: {text}\n"
                   for i, (label, text) in enumerate(said))


def test_i_am_x_names_the_speaker_and_welcome_names_the_next(tmp_path):
    text = _lines(0, ("SPEAKER_00", "Hi, I'm Sarah Guo. Today we're joined by Karol Hausman."),
                  ("SPEAKER_01", f"Thanks for having me, {FILLER}."))
    assert _people(tmp_path, text) == {"SPEAKER_00": "Sarah Guo", "SPEAKER_01": "Karol Hausman"}


def test_a_name_that_runs_on_is_no_introduction(tmp_path):
    """'I'm Sam Altman level' (as in 'I know I'm Peter level', a garbled 'Pieter Levels') introduces nobody."""
    text = _lines(0, ("SPEAKER_00", "Honestly I'm Sam Altman level at this."), ("SPEAKER_01", f"Sure, {FILLER}."))
    assert _people(tmp_path, text)["SPEAKER_00"] is None


def test_a_name_with_a_possessive_is_no_introduction(tmp_path):
    """'This is Sam Altman's company' says whose company it is, not who speaks; 'This is Sam Altman.' does."""
    owner = _lines(0, ("SPEAKER_00", "This is Sam Altman's company, in the end."), ("SPEAKER_01", f"Sure, {FILLER}."))
    assert _people(tmp_path, owner)["SPEAKER_00"] is None
    said = _lines(0, ("SPEAKER_00", "This is Sam Altman."), ("SPEAKER_01", f"Sure, {FILLER}."))
    assert _people(tmp_path, said)["SPEAKER_00"] == "Sam Altman"


def test_late_cues_are_not_introductions(tmp_path):
    """An hour in, "It's Sam Altman" and "talking to Bill Gates about that era" introduce nobody."""
    text = _lines(3600, ("SPEAKER_00", "It's Sam Altman who decides that, in the end."),
                  ("SPEAKER_01", f"Right, {FILLER}."),
                  ("SPEAKER_00", "I spent a lot of time talking to Bill Gates about that era."),
                  ("SPEAKER_01", f"Yes, {FILLER}."))
    assert _people(tmp_path, text) == {"SPEAKER_00": None, "SPEAKER_01": None}


def test_title_guest_is_the_voice_that_talks_most_when_nobody_says_the_name(tmp_path):
    answer = f"Well, {FILLER}, {FILLER}, {FILLER}."
    text = "# Ilya Sutskever: the age of research\n\n**Podcast:** Dwarkesh\n\n---\n\n" + _lines(
        0, *[pair for _ in range(6) for pair in (("SPEAKER_00", "What do you think comes next for the labs and for the people who build with them?"), ("SPEAKER_01", answer))])
    assert _people(tmp_path, text) == {"SPEAKER_00": None, "SPEAKER_01": "Ilya Sutskever"}


def test_welcome_to_the_show_welcomes_no_one(tmp_path):
    text = _lines(0, ("SPEAKER_00", "Welcome to the Mark Zuckerberg show, everybody."), ("SPEAKER_01", f"Hey, {FILLER}."))
    assert _people(tmp_path, text) == {"SPEAKER_00": None, "SPEAKER_01": None}


def test_cues_after_the_name_introduce_the_next_voice(tmp_path):
    """'we have X with us' and 'X, thanks for joining' introduce X, the next voice; the first speaker
    is the host. A name followed by other words ('Sam Altman with us in spirit') an hour in does not."""
    text = _lines(0, ("SPEAKER_00", "Today we have Karol Hausman with us."),
                  ("SPEAKER_01", f"Thanks for having me, {FILLER}."))
    assert _people(tmp_path, text) == {"SPEAKER_00": None, "SPEAKER_01": "Karol Hausman"}
    text = _lines(0, ("SPEAKER_00", "So Sarah Guo, thanks for joining."), ("SPEAKER_01", f"Of course, {FILLER}."))
    assert _people(tmp_path, text) == {"SPEAKER_00": None, "SPEAKER_01": "Sarah Guo"}
    text = _lines(0, ("SPEAKER_00", "Today I think about Sarah Guo with a smile, honestly."), ("SPEAKER_01", f"Sure, {FILLER}."))
    assert _people(tmp_path, text) == {"SPEAKER_00": None, "SPEAKER_01": None}


def test_a_title_naming_a_company_s_ceo_makes_its_person_the_guest(tmp_path):
    """'Databricks CEO: ...' names no one, but the one Databricks person the talk names is the guest
    (the voice that talks most); 'Inside Databricks: ...' is about the company, and names no guest."""
    body = _lines(0, ("SPEAKER_00", "So Ali, tell us where it all started."),
                  ("SPEAKER_01", f"Well, {FILLER}, {FILLER}, {FILLER}."),
                  ("SPEAKER_00", "And what came next?"),
                  ("SPEAKER_01", f"Then, {FILLER}, {FILLER}."))
    ceo = _people(tmp_path, "# Databricks CEO: Why Data Wins\n\n" + body)
    assert ceo == {"SPEAKER_00": None, "SPEAKER_01": "Ali Ghodsi"}, ceo
    inside = _people(tmp_path, "# Inside Databricks: Why Data Wins\n\n" + body)
    assert inside["SPEAKER_01"] is None, inside


def test_an_unlabelled_line_inside_one_voice_s_turn_is_that_voice(tmp_path):
    """Diarization dropped the label of 'I'm Sarah Guo …', but the lines before and after it are
    SPEAKER_00's: it is hers. Unlabelled at the end of a turn, before another voice, it counts half."""
    inside = ("[00:00:01] SPEAKER_00: Welcome to the show about markets.\n"
              "[00:00:05] I'm Sarah Guo and I invest in early companies.\n"
              f"[00:00:09] SPEAKER_00: Today, {FILLER}.\n"
              f"[00:00:20] SPEAKER_01: Sure, {FILLER}.\n")
    assert _people(tmp_path, inside)["SPEAKER_00"] == "Sarah Guo"
    at_end = ("[00:00:01] SPEAKER_00: Welcome to the show about markets.\n"
              "[00:00:05] I'm Sarah Guo and I invest in early companies.\n"
              f"[00:00:20] SPEAKER_01: Sure, {FILLER}.\n")
    assert _people(tmp_path, at_end)["SPEAKER_00"] is None


def test_the_title_s_guest_among_three_voices_a_talk_and_a_title_of_several_names(tmp_path):
    """Three voices: the one that talks far the most is the guest the title names. A talk with one main
    voice after a short introduction is the title's person's. Of several people in the title, the one
    whose name opens a clause ('X on Y, Z') is the guest; 'X & Y: …' names no single guest."""
    long, short = f"Well, {FILLER}, {FILLER}, {FILLER}.", "Right, I see."
    three = _lines(0, ("SPEAKER_00", short), ("SPEAKER_01", long), ("SPEAKER_02", f"Sure, {FILLER}."), ("SPEAKER_01", long))
    assert _people(tmp_path, "# Ali Ghodsi on Data\n\n---\n\n" + three)["SPEAKER_01"] == "Ali Ghodsi"
    talk = _lines(0, ("SPEAKER_00", "Please take a seat."), *[("SPEAKER_01", long)] * 4)
    assert _people(tmp_path, "# Stanford AI Club: Ali Ghodsi on Data\n\n---\n\n" + talk)["SPEAKER_01"] == "Ali Ghodsi"
    two = _lines(0, ("SPEAKER_00", short), ("SPEAKER_01", long), ("SPEAKER_00", short), ("SPEAKER_01", long))
    assert _people(tmp_path, "# Ali Ghodsi on Data, Elon Musk and Mars\n\n---\n\n" + two)["SPEAKER_01"] == "Ali Ghodsi"
    assert set(_people(tmp_path, "# Ali Ghodsi & Ion Stoica: Data\n\n---\n\n" + two).values()) == {None}


def test_a_panel_naming_someone_in_its_title_gives_no_voice_that_name(tmp_path):
    """Three hosts talk about the person in the title ('… the Battle with Ali Ghodsi'): the loudest of
    them talks less than the other two together, so none of them is that person."""
    long = f"Well, {FILLER}, {FILLER}, {FILLER}."
    panel = _lines(0, ("SPEAKER_00", long), ("SPEAKER_01", long), ("SPEAKER_02", long), ("SPEAKER_01", long))
    assert set(_people(tmp_path, "# Big Raises and the Battle with Ali Ghodsi\n\n---\n\n" + panel).values()) == {None}


def test_today_we_have_introduces_the_next_voice_even_one_ner_calls_a_company(tmp_path):
    """'Today we have Zubin, the CEO of Stripe': NER calls the unusual first name an organization, but
    the title names Zubin Kadiri, so it is him, and he is the next voice."""
    text = "# Stripe CEO Zubin Kadiri's Playbook\n\n---\n\n" + _lines(
        0, ("SPEAKER_01", f"Hey, welcome to the pod. Today we have Zubin, the CEO of Stripe. Well, {FILLER}."),
        ("SPEAKER_00", f"Thanks, {FILLER}."), ("SPEAKER_01", f"So Zubin, how did it start, {FILLER}?"),
        ("SPEAKER_00", f"Well, {FILLER}."))
    path = tmp_path / "t.txt"
    path.write_text(text)
    result = extract_file(str(path))
    assert result.speakers["SPEAKER_00"].person == "zubin-kadiri", result.speakers
    assert not any(e.label == "Zubin" for e in result.entities.values())


def test_a_first_name_joined_to_a_full_name_said_later_is_a_weak_introduction(tmp_path):
    """'Today we've got Mark and Jenny Lowell' and, later, a story about Mark Zuckerberg: the new voice
    is not surely Mark Zuckerberg, and one such cue names nobody."""
    text = _lines(0, ("SPEAKER_00", "Welcome to the show. Today we've got Mark and Jenny Lowell, the longtime head of "
                                    "marketing for our firm."),
                  ("SPEAKER_02", "Glad to be here."),
                  ("SPEAKER_00", "So tell us about the story with Mark Zuckerberg."))
    assert _people(tmp_path, text)["SPEAKER_02"] is None


# ---------------------------------------------------------------- issue 19: the assignment

from pathlib import Path  # noqa: E402

from kg.extract.episode import extract_episode  # noqa: E402
from kg.extract.speakers.identify import voice_of  # noqa: E402
from kg.read import read_transcript  # noqa: E402

DATA = Path(__file__).parent / "data"


def _named(result) -> dict[str, str | None]:
    return {label: result.entities[sp.person].label if sp.person else None for label, sp in result.speakers.items()}


def test_a_panel_introduced_in_a_row_names_each_next_voice_in_order():
    """'Joining me today are X, Y and Z': the next three new voices are X, Y and Z, in that order; the
    host says her own name. Each identification keeps its cue and a confidence."""
    result = extract_file(str(DATA / "speakers-panel.txt"))
    assert _named(result) == {"SPEAKER_00": "Kara Swisher", "SPEAKER_01": "Ali Ghodsi",
                              "SPEAKER_02": "Sarah Guo", "SPEAKER_03": "Ion Stoica"}
    ali = result.speakers["SPEAKER_01"]
    assert ali.cues and ali.cues[0].kind == "introduced" and "Joining me today" in ali.cues[0].quote
    assert 0 < ali.confidence <= 1
    assert result.speakers["SPEAKER_00"].role == "host"


def test_labels_that_lag_the_words_by_a_line_are_read_as_lagging():
    """Every line sits under the previous voice's label ('I'm Karol Hausman' under the host's label):
    the episode is read as lagging, each voice gets its person, and 'I worked at Google' is the
    guest's words although it carries the host's label."""
    episode = read_transcript(DATA / "speakers-lagging.txt")
    result = extract_episode(episode)
    assert _named(result) == {"SPEAKER_00": "Sarah Guo", "SPEAKER_01": "Karol Hausman"}
    worked = next(u for u in episode.utterances if u.text.startswith("I worked at Google"))
    assert worked.speaker == "SPEAKER_00" and voice_of(worked, result.speakers) == "SPEAKER_01"
    google = {(f.subject, f.object) for f in result.facts if f.object == "google"}
    assert ("karol-hausman", "google") in google and ("sarah-guo", "google") not in google, result.facts


def test_labels_as_written_are_not_shifted():
    """The same kind of episode with labels where they belong is read as written."""
    text = _lines(0, ("SPEAKER_00", "Hi, I'm Sarah Guo. Today we're joined by Karol Hausman."),
                  ("SPEAKER_01", f"Thanks for having me, {FILLER}."),
                  ("SPEAKER_00", "Karol, what did you do before?"),
                  ("SPEAKER_01", f"I worked at Google, {FILLER}."))
    path = Path(__file__).parent / "data" / "speakers-lagging.txt"
    episode = read_transcript(path)
    episode.utterances = read_transcript_text(text)
    result = extract_episode(episode)
    assert _named(result) == {"SPEAKER_00": "Sarah Guo", "SPEAKER_01": "Karol Hausman"}
    assert all(sp.lines is None for sp in result.speakers.values())


def read_transcript_text(text: str):
    """Utterances of a bracketed transcript given as text."""
    from kg.read import Episode, read_markdown

    return read_markdown(text, Episode("t.txt", "t")).utterances


def test_a_show_with_two_hosts_names_both_and_a_first_name_is_the_host():
    """On Acquired (the knowledge base knows its hosts, Ben Gilbert and David Rosenthal), 'I'm Ben
    Gilbert' names one voice and 'David, where should we start' the voice that answers: the host
    David Rosenthal, not some other David. Both host the show; 'I worked at Microsoft' is Ben's."""
    result = extract_file(str(DATA / "speakers-two-hosts.txt"))
    assert _named(result) == {"SPEAKER_00": "Ben Gilbert", "SPEAKER_01": "David Rosenthal"}
    assert {sp.role for sp in result.speakers.values()} == {"host"}
    hosts = {(f.subject, f.object) for f in result.facts if f.predicate == "hosts"}
    assert hosts == {("ben-gilbert", "acquired"), ("david-rosenthal", "acquired")}, result.facts
    assert any(f.subject == "ben-gilbert" and f.object == "microsoft" for f in result.facts), result.facts


def test_voices_the_file_names_are_those_people_and_speak_in_the_first_person():
    """WebVTT voices name their speakers ('<v Brian Chesky>'): each is that person, and 'I founded
    Airbnb' is Brian Chesky's fact."""
    result = extract_file(str(DATA / "speakers-named-voices.vtt"))
    assert _named(result) == {"Lenny Rachitsky": "Lenny Rachitsky", "Brian Chesky": "Brian Chesky"}
    assert result.speakers["Brian Chesky"].cues[0].kind == "file"
    assert any(f.subject == "brian-chesky" and f.predicate == "founded" and f.object == "airbnb" for f in result.facts), result.facts


def test_a_first_name_the_file_gives_is_resolved_against_the_show_s_hosts():
    """A speaker map that gives only first names ('Ben', 'David') on Acquired: the hosts."""
    episode = read_transcript(DATA / "speakers-two-hosts.txt")
    episode.speaker_names = {"SPEAKER_00": "Ben", "SPEAKER_01": "David"}
    result = extract_episode(episode)
    assert _named(result) == {"SPEAKER_00": "Ben Gilbert", "SPEAKER_01": "David Rosenthal"}


def test_voices_the_file_names_are_written_to_rdf(tmp_path):
    """A voice named by the file ('Brian Chesky', with a space) is a valid speaker IRI in the graph,
    identified with its person, with the cue that says so."""
    from rdflib import Graph, Literal, URIRef

    from kg.build import build

    report = build([str(DATA / "speakers-named-voices.vtt")], tmp_path, ("ttl",))
    assert not report.failures, report.failures
    g = Graph().parse(tmp_path / "speakers-named-voices.ttl")
    kgo = "https://w3id.org/kg/ontology#"
    speaker = next(g.subjects(URIRef(kgo + "speakerLabel"), Literal("Brian Chesky")))
    assert str(g.value(speaker, URIRef(kgo + "identifiedAs"))).endswith("brian-chesky")
    cue = g.value(speaker, URIRef(kgo + "identificationCue"))
    assert str(g.value(cue, URIRef(kgo + "rule"))) == "file"


def test_companions_of_a_self_introduction_are_not_its_voice(tmp_path):
    """'I'm Anna here with my co-hosts Mike and Steve', on an unlabelled line that ends one voice's
    turn: the companions are the next voices other than any that may have said it (its label as written
    or read one line late)."""
    text = ("[00:00:00] Many people told me the numbers were never the point of the whole thing\n"
            f"[00:00:04] SPEAKER_00: {FILLER}.\n"
            "[00:00:08] Welcome back to the show. I'm Anna here with my co-hosts Mike and Steve,\n"
            f"[00:00:12] SPEAKER_01: and today we talk about the market, {FILLER}.\n"
            f"[00:00:16] SPEAKER_02: Right, {FILLER}.\n"
            f"[00:00:20] SPEAKER_00: Yes, {FILLER}, {FILLER}.\n"
            f"[00:00:24] SPEAKER_01: Sure, {FILLER}.\n"
            f"[00:00:31] SPEAKER_02: I remember when Mike wrote about Steve's first company, {FILLER}.\n"
            f"[00:00:38] SPEAKER_00: Mike and Steve were both at the paper then, {FILLER}.\n")
    named = _people(tmp_path, text)
    assert set(named) == {"SPEAKER_00", "SPEAKER_01", "SPEAKER_02"}
    assert named["SPEAKER_00"] not in ("Mike", "Steve")  # was Steve: the second voice after the line's lag reading
    assert named["SPEAKER_02"] == "Mike"
