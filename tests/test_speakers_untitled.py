"""Who speaks in a file without a header (an SRT or WebVTT export): the voices named from the words
alone, the show said in the opening, the file's name as a weak title, and a namesake the voice
itself speaks of in the third person that must not become the voice."""

from __future__ import annotations

from kg.extract.episode import extract_file

FILLER = "and that is how we think about the market, the product and the customers we serve every day"


def _stamp(second: int) -> str:
    return f"00:{second // 60:02d}:{second % 60:02d},000"


def _srt(*said: tuple[str, str]) -> str:
    """SRT cues of 7 seconds each, a '[LABEL] ' tag on each change of speaker, no header."""
    out, last = [], None
    for i, (label, text) in enumerate(said):
        tag = f"[{label}] " if label != last else ""
        last = label
        out.append(f"{i + 1}\n{_stamp(7 * i)} --> {_stamp(7 * i + 6)}\n{tag}{text}\n")
    return "\n".join(out)


def _vtt(*said: tuple[str, str]) -> str:
    """WebVTT cues with a voice tag each, no header."""
    body = "".join(f"{_stamp(7 * i).replace(',', '.')} --> {_stamp(7 * i + 6).replace(',', '.')}\n<v {label}>{text}\n\n"
                   for i, (label, text) in enumerate(said))
    return "WEBVTT\n\n" + body


def _people(tmp_path, name: str, text: str) -> dict[str, str | None]:
    path = tmp_path / name
    path.write_text(text)
    result = extract_file(str(path))
    return {label: result.entities[sp.person].label if sp.person else None for label, sp in result.speakers.items()}


def test_srt_self_introduction_and_my_guest_today_name_both_voices(tmp_path):
    text = _srt(("SPEAKER_00", "Hi everyone, I'm Sarah Guo."), ("SPEAKER_00", "My guest today is Karol Hausman."),
                ("SPEAKER_01", f"Thanks for having me, {FILLER}."), ("SPEAKER_00", "Tell me about the robots."),
                ("SPEAKER_01", f"Sure, {FILLER}, {FILLER}."))
    assert _people(tmp_path, "episode.srt", text) == {"SPEAKER_00": "Sarah Guo", "SPEAKER_01": "Karol Hausman"}


def test_a_first_name_said_to_a_voice_is_the_namesake_it_does_not_speak_of(tmp_path):
    """'..., Andrew?' is said to the other voice; of the episode's two Andrews that voice tells of
    Andrew Mellon in the third person, so it is the other, Andrew Ross Sorkin — never Andrew Mellon."""
    story = ("There was a guy named Andrew Mellon who ran the Treasury, and Andrew Mellon believed in letting it all "
             f"crash, {FILLER}.")
    text = _srt(("SPEAKER_01", "In his new book the columnist Andrew Ross Sorkin tells the story of the crash."),
                ("SPEAKER_00", story),
                ("SPEAKER_01", "So what was it about that year, Andrew?"),
                ("SPEAKER_00", f"Well, {FILLER}, {FILLER}."),
                ("SPEAKER_01", "And what did you learn writing it, Andrew?"),
                ("SPEAKER_00", f"Mostly, {FILLER}, {FILLER}."),
                ("SPEAKER_01", "Could it happen again, Andrew?"),
                ("SPEAKER_00", f"It could, {FILLER}, {FILLER}."))
    people = _people(tmp_path, "episode.srt", text)
    assert people["SPEAKER_00"] == "Andrew Ross Sorkin"
    assert "Andrew Mellon" not in people.values()


def test_the_show_said_in_the_opening_brings_its_hosts(tmp_path):
    """'Welcome back to Pivot' names the show: 'Scott' answered is its host Scott Galloway, and the
    one other main voice is its other host, Kara Swisher (named in the episode), by elimination."""
    text = _vtt(("SPEAKER_00", "Hi everyone, welcome back to Pivot. There is a lot going on in media this week."),
                ("SPEAKER_00", "What do you make of the deal, Scott?"),
                ("SPEAKER_01", f"Honestly, {FILLER}, {FILLER}."),
                ("SPEAKER_00", f"I agree, {FILLER}."),
                ("SPEAKER_01", f"Right, as Kara said last week, {FILLER}, {FILLER}."))
    assert _people(tmp_path, "episode.vtt", text) == {"SPEAKER_00": "Kara Swisher", "SPEAKER_01": "Scott Galloway"}


def test_another_episode_of_a_show_names_it_and_the_show_is_the_episode_s_as_a_header_s_would_be(tmp_path):
    """'Welcome back to another episode of More or Less' (a show whose name is common words, which the
    linker leaves out) names the show heard: it is an entity of the episode, and its host who says
    her name hosts it, as with a header's show."""
    text = _vtt(("SPEAKER_00", "Welcome back to another episode of More or Less. This is Brit Morin here."),
                ("SPEAKER_00", f"Today we talk about fire, {FILLER}."),
                ("SPEAKER_01", f"Thanks for having me, {FILLER}, {FILLER}."),
                ("SPEAKER_00", f"I agree, {FILLER}."))
    path = tmp_path / "episode.vtt"
    path.write_text(text)
    result = extract_file(str(path))
    show = next(e for e in result.entities.values() if e.type == "Podcast")
    assert show.label == "More or Less" and show.mentions[0].utterance == 0
    hosted = {(result.entities[f.subject].label, f.predicate, result.entities[f.object].label) for f in result.facts}
    assert ("Brit Morin", "hosts", "More or Less") in hosted


def test_a_show_named_as_a_topic_brings_no_hosts(tmp_path):
    """'on the Pivot podcast last week' names a show, not the one heard: nobody is its host here."""
    text = _vtt(("SPEAKER_00", "Did you hear what they said on the Pivot podcast last week about the deal?"),
                ("SPEAKER_01", f"Honestly, {FILLER}, {FILLER}."),
                ("SPEAKER_00", f"I agree, {FILLER}."),
                ("SPEAKER_01", f"Right, {FILLER}, {FILLER}."))
    assert _people(tmp_path, "episode.vtt", text) == {"SPEAKER_00": None, "SPEAKER_01": None}


GUEST_TALK = [("SPEAKER_00", "Priya Raman started her company in a garage in Ohio ten years ago."),
              ("SPEAKER_01", f"Yes, {FILLER}, {FILLER}, {FILLER}."),
              ("SPEAKER_00", "How did the first customers find you?"),
              ("SPEAKER_01", f"Mostly by word of mouth, {FILLER}, {FILLER}, {FILLER}."),
              ("SPEAKER_00", "And what comes next?"),
              ("SPEAKER_01", f"Growth, {FILLER}, {FILLER}, {FILLER}.")]


def test_the_file_s_name_is_a_weak_title(tmp_path):
    """An export named after its episode ('founders-show-priya-raman.srt') names its guest as a title
    would: the voice that talks the most."""
    people = _people(tmp_path, "founders-show-priya-raman.srt", _srt(*GUEST_TALK))
    assert people == {"SPEAKER_00": None, "SPEAKER_01": "Priya Raman"}


def test_a_neutral_file_name_names_no_one(tmp_path):
    """The same talk in 'episode-12.srt': a person the host tells of is not a voice for that alone."""
    people = _people(tmp_path, "episode-12.srt", _srt(*GUEST_TALK))
    assert people == {"SPEAKER_00": None, "SPEAKER_01": None}


def test_a_show_host_the_file_s_name_gives_is_not_the_guest(tmp_path):
    """'pivot-with-kara-swisher-...srt' names the show and its host, not the guest: the voice that talks
    the most is not Kara Swisher for that."""
    talk = [("SPEAKER_00", "Kara Swisher said last week that the deal will not close this year.")] + GUEST_TALK[1:]
    people = _people(tmp_path, "pivot-with-kara-swisher-episode-12.srt", _srt(*talk))
    assert people == {"SPEAKER_00": None, "SPEAKER_01": None}


def test_a_show_name_the_asr_misspells_after_welcome_to_is_still_the_show(tmp_path):
    """'welcome to Sorcery' (ASR for Sourcery) names the show; 'Thanks, Molly' then answers its host."""
    text = _srt(("SPEAKER_00", "Hey everyone, welcome to Sorcery. Today we are at the factory floor."),
                ("SPEAKER_00", "What do you build here?"),
                ("SPEAKER_01", f"Thanks, Molly. {FILLER}, {FILLER}."),
                ("SPEAKER_00", "And what comes next?"),
                ("SPEAKER_01", f"Growth, {FILLER}, {FILLER}."))
    assert _people(tmp_path, "episode.srt", text)["SPEAKER_00"] == "Molly O'Shea"


def test_the_measuring_script_s_srt_keeps_the_voices_and_drops_the_header(tmp_path):
    """scripts/headerless_voices.py turns a dev-style transcript into an SRT that kg reads back with the
    same voices and words and without the title."""
    import importlib.util
    from pathlib import Path

    from kg.read import read_transcript

    spec = importlib.util.spec_from_file_location("hv", Path(__file__).parents[1] / "scripts" / "headerless_voices.py")
    hv = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hv)
    text = ("# A title with Karol Hausman\n\n**Podcast:** Some Show\n\n---\n\n"
            "[00:00:00] SPEAKER_00: Hi everyone, my guest today is Karol Hausman, who builds robot brains.\n"
            "[00:00:05] SPEAKER_01: Thanks for having me.\n")
    stripped = hv.strip_header(text)
    assert "A title" not in stripped and "Podcast" not in stripped and "[00:00:05] SPEAKER_01" in stripped
    path = tmp_path / "episode.srt"
    path.write_text(hv.to_srt(text))
    episode = read_transcript(str(path))
    assert episode.title is None
    assert [u.speaker for u in episode.utterances] == ["SPEAKER_00", "SPEAKER_00", "SPEAKER_01"]
    assert " ".join(u.text for u in episode.utterances).split() == (
        "Hi everyone, my guest today is Karol Hausman, who builds robot brains. Thanks for having me.".split())


def test_a_late_farewell_under_the_guests_label_does_not_veto_the_guest(tmp_path):
    """'Karol, thank you so much for coming on the podcast' an hour in, put by diarization under the
    guest's own label, is a farewell: the guest the opening introduced stays the guest (the veto on an
    introducer holds for the opening's introductions only)."""
    opening = [("SPEAKER_00", "Today I'm chatting with Karol Hausman."), ("SPEAKER_00", "Karol, thanks for joining."),
               ("SPEAKER_01", f"Thanks for having me, {FILLER}.")]
    middle = [(label, f"{FILLER}, {FILLER}.") for _ in range(25) for label in ("SPEAKER_00", "SPEAKER_01", "SPEAKER_01")]
    ending = [("SPEAKER_01", "Karol, thank you so much for coming on the podcast."), ("SPEAKER_00", "Thank you.")]
    people = _people(tmp_path, "episode.srt", _srt(*opening, *middle, *ending))
    assert people["SPEAKER_01"] == "Karol Hausman"


def _md(*turns: tuple[str, str]) -> str:
    """Diarized markdown, a paragraph a turn, a minute apart."""
    return "\n".join(f"**{label}** (00:{i:02d}:00): {text}\n" for i, (label, text) in enumerate(turns))


def test_a_clip_is_the_person_named_just_before_it_not_one_a_paragraph_away(tmp_path):
    """A voice heard once, briefly, is a played clip of the person named just before it with a word of
    playing between ('David Ellison appeared on CNBC; let's listen'); in a paragraph-sized line the
    window of lines holds far more words, and a name said a long paragraph earlier is no clip's."""
    long_talk = " ".join([FILLER] * 12)
    before = [("SPEAKER_00", f"Welcome back, {long_talk}."), ("SPEAKER_01", f"Right, {long_talk}.")]
    played = ("SPEAKER_02", "We are here to finish what we started.")
    near = _md(*before, ("SPEAKER_00", f"{long_talk}. David Ellison appeared on CNBC today. Let's listen to what he said."),
               played, ("SPEAKER_00", f"Well, {long_talk}."), ("SPEAKER_01", f"Yes, {long_talk}."))
    assert _people(tmp_path, "near.md", near)["SPEAKER_02"] == "David Ellison"
    far = _md(*before, ("SPEAKER_00", f"David Ellison appeared on CNBC today, {long_talk}, as the sign says, {long_talk}."),
              played, ("SPEAKER_00", f"Well, {long_talk}."), ("SPEAKER_01", f"Yes, {long_talk}."))
    assert _people(tmp_path, "far.md", far)["SPEAKER_02"] is None
