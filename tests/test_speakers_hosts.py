"""Who is speaking on a show whose hosts the knowledge base knows: a host heard under another spelling
of their first name, a panel whose turns are handed over by name, a host left by elimination among
several, and a host whose outro diarization reads under a label of its own (issue #19)."""

from __future__ import annotations

from kg.extract.episode import extract_file

FILLER = ("and that is how we think about the market, the product and the customers we serve every day, "
          "which is why the numbers look the way they do this year")


def _named(tmp_path, show: str, body: list[tuple[str | None, str]]) -> dict:
    """Build a bracketed transcript of ``show`` (a line with label None has no label) and return the
    result's speakers."""
    lines = [f"# An episode\n\n**Podcast:** {show}\n\n---\n"]
    for i, (label, text) in enumerate(body):
        stamp = f"[00:{(7 * i) // 60:02d}:{(7 * i) % 60:02d}]"
        lines.append(f"{stamp} {label}: {text}" if label else f"{stamp} {text}")
    path = tmp_path / "episode.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return extract_file(str(path))


def _people(result) -> dict[str, str | None]:
    return {label: result.entities[sp.person].label if sp.person else None for label, sp in result.speakers.items()}


def test_a_host_heard_under_another_spelling_of_their_first_name_is_the_host(tmp_path):
    """On My First Million (hosts Sam Parr and Shaan Puri), ASR writes the host 'Shaan' as the common
    first name 'Sean': 'Thanks, Sean' names the voice that answers as Shaan Puri, and Sam by his name."""
    result = _named(tmp_path, "My First Million", [
        ("SPEAKER_00", "Alright, what's up Sam? Tell me about the first business you started."),
        ("SPEAKER_01", f"I started a hot dog stand in college, {FILLER}."),
        ("SPEAKER_00", "How much did the hot dog stand make in the first summer?"),
        ("SPEAKER_01", f"Not much at all. Thanks, Sean. {FILLER}."),
        ("SPEAKER_00", f"I remember that summer well, {FILLER}."),
        ("SPEAKER_01", f"Then I moved to San Francisco, {FILLER}."),
    ])
    assert _people(result) == {"SPEAKER_00": "Shaan Puri", "SPEAKER_01": "Sam Parr"}


def test_a_turn_handed_over_by_name_on_a_line_without_a_label_names_the_voice_that_answers(tmp_path):
    """'Your thoughts on housing, Chamath?' ends the moderator's turn on a line without a label: the
    question is the moderator's, and the next voice, which answers, is Chamath; the moderator is the
    one host left whom he never speaks of (he speaks of Sacks, who is away)."""
    result = _named(tmp_path, "All-In", [
        ("SPEAKER_00", f"Sacks couldn't make it today, he is in Washington. Housing is the topic, {FILLER}."),
        (None, "Your thoughts on housing, Chamath?"),
        ("SPEAKER_01", f"It's a real problem for young people, {FILLER}."),
        ("SPEAKER_01", f"Older owners hold most of the homes, {FILLER}."),
        ("SPEAKER_00", "Friedberg, your thoughts?"),
        ("SPEAKER_02", f"The supply side is the whole story, {FILLER}."),
        ("SPEAKER_01", f"I agree with Jason on the rates, {FILLER}."),
        ("SPEAKER_00", f"Rates matter a lot here, {FILLER}."),
    ])
    assert _people(result) == {"SPEAKER_00": "Jason Calacanis", "SPEAKER_01": "Chamath Palihapitiya",
                               "SPEAKER_02": "David Friedberg"}
    chamath = result.speakers["SPEAKER_01"]
    assert chamath.cues[0].kind == "addressed" and "Chamath" in chamath.cues[0].quote
    assert result.speakers["SPEAKER_00"].cues[0].kind == "by-elimination"


def test_an_address_inside_a_line_that_the_next_voice_goes_on_with_stays_the_next_voice_s(tmp_path):
    """A line without a label whose address does not end it ('Alright, what's up Sam? Let's set this
    up') may open the next voice's turn: Sam is the voice after that one, not the one before."""
    result = _named(tmp_path, "My First Million", [
        ("SPEAKER_01", f"Here are ten companies I started before my first million, {FILLER}."),
        (None, "Alright, what's up Sam? Let's set this up for everyone."),
        ("SPEAKER_00", "When did you make your first million?"),
        ("SPEAKER_01", f"When my company sold, {FILLER}."),
        ("SPEAKER_00", f"That is a great story, {FILLER}."),
    ])
    assert _people(result)["SPEAKER_01"] == "Sam Parr"


def test_a_host_s_outro_under_a_label_of_its_own_is_the_host_too(tmp_path):
    """Diarization gives the host's outro read a label of its own ('as for me I'm at Brit see you
    next time', her handle): that minor voice is Brit Morin as well, though she has a voice already;
    the closing stinger after it is nobody."""
    result = _named(tmp_path, "More or Less", [
        ("SPEAKER_00", f"This is Brit Morin here. Today we're joined by Stuart Landesberg, {FILLER}."),
        ("SPEAKER_01", f"Thanks for having me, {FILLER}."),
        ("SPEAKER_00", f"What does Seneca build? {FILLER}."),
        ("SPEAKER_01", f"We build systems that put out fires early, {FILLER}, {FILLER}."),
        ("SPEAKER_00", f"That is remarkable, {FILLER}."),
        ("SPEAKER_01", f"Thank you, it took years, {FILLER}, {FILLER}."),
        ("SPEAKER_00", f"Tell us about the drones, {FILLER}, {FILLER}."),
        ("SPEAKER_01", f"They fly before the fire spreads, {FILLER}, {FILLER}, {FILLER}."),
        ("SPEAKER_02", "Follow us on social media, and as for me I'm at Brit see you guys next time"),
        ("SPEAKER_03", "More or less."),
    ])
    assert _people(result) == {"SPEAKER_00": "Brit Morin", "SPEAKER_01": "Stuart Landesberg", "SPEAKER_02": "Brit Morin",
                               "SPEAKER_03": None}
    assert result.speakers["SPEAKER_02"].cues[0].kind == "self"


def test_a_name_that_runs_on_into_a_noun_is_still_no_handle(tmp_path):
    """'I'm at Brit level' is no sign-off: a minor voice saying it is nobody."""
    result = _named(tmp_path, "More or Less", [
        ("SPEAKER_00", f"This is Brit Morin here. Today we're joined by Stuart Landesberg, {FILLER}."),
        ("SPEAKER_01", f"Thanks for having me, {FILLER}, {FILLER}, {FILLER}."),
        ("SPEAKER_00", f"Tell us about the drones, {FILLER}, {FILLER}, {FILLER}."),
        ("SPEAKER_01", f"They fly before the fire spreads, {FILLER}, {FILLER}, {FILLER}."),
        ("SPEAKER_02", "Honestly I'm at Brit level skills"),
    ])
    assert _people(result)["SPEAKER_02"] is None


def test_the_main_voice_keeps_the_host_whose_outro_is_the_episode_s_last_line(tmp_path):
    """An outro that is the episode's last line counts under both readings of the labels, so its minor
    voice gathers more support than the host's own voice: the main voices choose first, and both are
    Brit Morin."""
    result = _named(tmp_path, "More or Less", [
        ("SPEAKER_00", f"This is Brit Morin here. Today we're joined by Stuart Landesberg, {FILLER}."),
        ("SPEAKER_01", f"Thanks for having me, {FILLER}, {FILLER}, {FILLER}."),
        ("SPEAKER_00", f"Tell us about the drones, {FILLER}, {FILLER}, {FILLER}."),
        ("SPEAKER_01", f"They fly before the fire spreads, {FILLER}, {FILLER}, {FILLER}."),
        ("SPEAKER_02", "Follow us on social media, and as for me I'm at Brit see you guys next time"),
    ])
    assert _people(result) == {"SPEAKER_00": "Brit Morin", "SPEAKER_01": "Stuart Landesberg", "SPEAKER_02": "Brit Morin"}


def test_two_hosts_no_cue_names_are_told_by_whom_each_voice_speaks_of(tmp_path):
    """On Acquired (hosts Ben Gilbert and David Rosenthal), no line introduces or addresses anyone, but
    one voice tells of David and the other of Ben: a voice names others more than itself, so the
    first is Ben and the second David. Where both voices speak of David more, nothing tells them apart."""
    told = [
        ("SPEAKER_00", f"David told me about this company years ago, {FILLER}."),
        ("SPEAKER_01", f"Ben and I first read their annual report together, {FILLER}."),
        ("SPEAKER_00", f"And David was right about the margins, {FILLER}."),
        ("SPEAKER_01", f"The founders kept the culture small for a decade, {FILLER}."),
    ]
    assert _people(_named(tmp_path, "Acquired", told)) == {"SPEAKER_00": "Ben Gilbert", "SPEAKER_01": "David Rosenthal"}
    same = [told[0], ("SPEAKER_01", f"David and Ben first read their annual report, and David saw it, {FILLER}."),
            *told[2:]]
    assert _people(_named(tmp_path, "Acquired", same)) == {"SPEAKER_00": None, "SPEAKER_01": None}


def test_a_relative_of_the_title_s_person_is_no_second_name_of_theirs(tmp_path):
    """'my grandfather, Walter Hoffman' on a talk the title gives Reid Hoffman: a family name said alone
    ('Hoffman shows how') that the episode gave the grandfather is the guest's, and does not make the
    grandfather a mishearing of the guest's name: a full name no lexicon knows is heard as a whole."""
    path = tmp_path / "talk.txt"
    path.write_text("# Lessons from my family with Reid Hoffman\n\n**Podcast:** One-off Episodes\n\n---\n\n"
                    "[00:00:01] SPEAKER_01: In this talk, Hoffman shows how the old lessons still echo today.\n"
                    "[00:00:06] SPEAKER_00: So my grandfather, Walter Hoffman, ran a small shop in Brooklyn.\n"
                    "[00:00:11] SPEAKER_01: And what did he teach you about money?\n", encoding="utf-8")
    labels = {e.label: e for e in extract_file(str(path)).entities.values()}
    assert "Walter Hoffman" in labels and "Walter Hoffman" not in labels["Reid Hoffman"].variants
    assert "Hoffman" in labels["Reid Hoffman"].variants  # the short form alone is the guest's


def test_an_acronym_or_a_dictionary_word_is_not_a_host_heard_wrong(tmp_path):
    """A capitalised word that sounds a little like a host's name is that host heard wrong only when it
    is a name: an acronym is said letter by letter ('GPT' is no 'Pat' on the show Pat Grady hosts), and a
    dictionary word is itself ('the Daily Show' is no 'Dahl' on the show Jackson Dahl hosts)."""
    def labels(show: str, line: str) -> set[str]:
        result = _named(tmp_path, show, [("SPEAKER_00", f"{line} {FILLER}."), ("SPEAKER_01", f"Right, {FILLER}.")])
        return {e.label for e in result.entities.values()}

    assert "Pat Grady" not in labels("Training Data", "I do a lot of learning on chat GPT these days,")
    assert "Pat Grady" in labels("Training Data", "I think Pat was right about that,")
    assert "Jackson Dahl" not in labels("Dialectic", "Traditional media like the Daily Show have a room of writers,")
