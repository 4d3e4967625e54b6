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


def test_a_name_the_clip_is_said_to_be_about_is_not_the_clip_s_voice(tmp_path):
    """'Let's listen to what he said about Jared Kushner': the word of playing stands before that name, not
    between it and the clip, so the clip is the person named before it (David Ellison), not the one it is
    about, though that one is said nearer."""
    long_talk = " ".join([FILLER] * 12)
    text = _md(("SPEAKER_00", f"Welcome back, {long_talk}."), ("SPEAKER_01", f"Right, {long_talk}."),
               ("SPEAKER_00", "David Ellison appeared on CNBC today. Let's listen to what he said about Jared Kushner."),
               ("SPEAKER_02", "We are here to finish what we started."),
               ("SPEAKER_00", f"Well, {long_talk}."), ("SPEAKER_01", f"Yes, {long_talk}."))
    assert _people(tmp_path, "about.md", text)["SPEAKER_02"] == "David Ellison"


def _clip_episode(played: str, stray: str) -> str:
    """Diarized markdown: a clip of SPEAKER_02 named just before it, and long after it a stray
    paragraph diarization put under the clip's label."""
    long_talk = " ".join([FILLER] * 12)
    talk = [(label, f"Sure. {FILLER}. Right. {FILLER}.") for _ in range(12) for label in ("SPEAKER_00", "SPEAKER_01")]
    return _md(("SPEAKER_00", f"Welcome back, {long_talk}."), ("SPEAKER_01", f"Right, {long_talk}."),
               ("SPEAKER_00", f"{long_talk}. David Ellison appeared on CNBC today. Let's listen to what he said."),
               ("SPEAKER_02", played), ("SPEAKER_00", f"Well, {long_talk}."), *talk, ("SPEAKER_02", stray),
               ("SPEAKER_01", f"Yes, {long_talk}."))


def test_a_clip_is_most_of_its_voice_s_words_however_the_export_cuts_its_lines(tmp_path):
    """A clip of five sentences and, far away, three one-word sentences diarization put under its label:
    by lines the clip holds too little of its voice (5 of 8), by words nearly all of it — it is the
    clip of the person named before it. Near miss: a voice of many one-word lines in one stretch and
    one long sentence elsewhere is most of its lines there, but not most of its words: no clip."""
    played = ("We are here to finish what we started. The deal is good for everyone. Our studio will grow. "
              "We will invest in theaters and in streaming. And we will keep the newsroom independent.")
    clip = _clip_episode(played, "Yes. Right. Sure.")
    assert _people(tmp_path, "clip.md", clip)["SPEAKER_02"] == "David Ellison"
    crosstalk = _clip_episode("Yes. Right. Sure. Okay. Yes. Right. Sure. Okay. Yes.",
                              f"Well I think the deal is good for everyone and our studio will grow, {FILLER}.")
    assert _people(tmp_path, "crosstalk.md", crosstalk)["SPEAKER_02"] is None


def test_a_show_named_in_passing_and_its_host_called_by_first_name_bring_the_hosts(tmp_path):
    """No header and no 'welcome to': the words name the show ('I never talked about on MFM') and call
    one of its hosts by the first name alone ('what's up Sam?'), as one calls someone in the room: the
    show is the one heard, so 'Sam' answered is its host Sam Parr, and the other main voice, that tells
    of 'Shaan and I', is its other host by elimination."""
    text = _vtt(("SPEAKER_00", "Alright, what's up Sam? Let's set this up."),
                ("SPEAKER_01", f"So there are a lot of businesses that I never talked about on MFM, {FILLER}."),
                ("SPEAKER_00", f"Go for it, {FILLER}."),
                ("SPEAKER_01", f"A lot of people message Shaan and I about side hustles, {FILLER}, {FILLER}."),
                ("SPEAKER_00", f"Right, {FILLER}."),
                ("SPEAKER_01", f"And the lesson, {FILLER}, {FILLER}."))
    assert _people(tmp_path, "episode.vtt", text) == {"SPEAKER_00": "Shaan Puri", "SPEAKER_01": "Sam Parr"}


def test_a_show_and_its_host_told_of_by_full_name_bring_no_hosts(tmp_path):
    """'I was on MFM with Sam Parr': a guest tells of another show and its host by full name — not the
    show heard, so the host's voice is left unnamed, not made Sam Parr by elimination."""
    text = _vtt(("SPEAKER_00", "My guest today is Priya Raman. Tell me how it started."),
                ("SPEAKER_01", f"Last year I was on MFM with Sam Parr and it blew up, {FILLER}."),
                ("SPEAKER_00", f"Go on, {FILLER}."),
                ("SPEAKER_01", f"A lot of people messaged me after that about side hustles, {FILLER}, {FILLER}."),
                ("SPEAKER_00", f"Right, {FILLER}."),
                ("SPEAKER_01", f"And the lesson, {FILLER}, {FILLER}."))
    assert _people(tmp_path, "episode.vtt", text) == {"SPEAKER_00": None, "SPEAKER_01": "Priya Raman"}


def test_a_host_called_by_first_name_without_the_show_brings_no_hosts(tmp_path):
    """'what's up Sam?' alone does not say which show is heard: Sam is not made a show's host."""
    text = _vtt(("SPEAKER_00", "Alright, what's up Sam? Let's set this up."),
                ("SPEAKER_01", f"So there are a lot of businesses that I never talked about, {FILLER}."),
                ("SPEAKER_00", f"Go for it, {FILLER}."),
                ("SPEAKER_01", f"A lot of people message Shaan and I about side hustles, {FILLER}, {FILLER}."),
                ("SPEAKER_00", f"Right, {FILLER}."),
                ("SPEAKER_01", f"And the lesson, {FILLER}, {FILLER}."))
    people = _people(tmp_path, "episode.vtt", text)
    assert "Sam Parr" not in people.values() and "Shaan Puri" not in people.values()


def test_a_greeting_in_the_middle_of_a_turn_may_be_the_next_voice_s_and_names_neither(tmp_path):
    """An SRT export writes a label only where the voice changes, so the next voice's first words
    ("Hey, it's Sarah Guo. If you enjoy our interviews ...") can end the turn before ("... it was a
    pleasure."): the greeting may be either voice's, and the voice of the turn is not made Sarah Guo."""
    text = _srt(("SPEAKER_00", f"So tell me about the building, {FILLER}."),
                ("SPEAKER_01", f"It is a big building, {FILLER}, {FILLER}."),
                ("SPEAKER_01", "Thank you so much for having me on, it was a pleasure."),
                ("SPEAKER_01", "Hey, it's Sarah Guo. If you enjoy our interviews, check out our newsletter."),
                ("SPEAKER_00", f"Subscribe today and don't forget the podcast, {FILLER}."),
                ("SPEAKER_01", f"And this is the test range, {FILLER}, {FILLER}."))
    people = _people(tmp_path, "episode.srt", text)
    assert people["SPEAKER_01"] is None


def test_a_greeting_that_opens_a_turn_names_its_voice(tmp_path):
    """Near miss: 'Hey, it's Sarah Guo' at the start of a turn is that voice's own."""
    text = _srt(("SPEAKER_00", f"So tell me about the building, {FILLER}."),
                ("SPEAKER_01", f"It is a big building, {FILLER}, {FILLER}."),
                ("SPEAKER_00", "Hey, it's Sarah Guo. If you enjoy our interviews, check out our newsletter."),
                ("SPEAKER_01", f"And this is the test range, {FILLER}, {FILLER}."))
    assert _people(tmp_path, "episode.srt", text)["SPEAKER_00"] == "Sarah Guo"


def test_what_s_up_said_after_an_unpunctuated_turn_is_no_address_by_that_turn_s_voice(tmp_path):
    """'... the lesson that I learned Alright, what's up Sam?' at the end of a turn of unpunctuated
    speech greets as a new voice does: the voice after it is not surely the one greeted, so it is not
    made Sam Parr, though the show named ('on MFM') makes Sam its host."""
    text = _srt(("SPEAKER_01", "So here are ten companies I started before I made my first million"),
                ("SPEAKER_01", "and the lesson that I learned Alright, what's up Sam? What's going on?"),
                ("SPEAKER_00", f"When did you make your first million, {FILLER}?"),
                ("SPEAKER_01", f"At thirty one, and I never talked about it on MFM, {FILLER}, {FILLER}."),
                ("SPEAKER_00", f"Okay, {FILLER}."))
    assert _people(tmp_path, "episode.srt", text)["SPEAKER_00"] is None
