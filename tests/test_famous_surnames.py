"""A well-known person called by the family name alone ('Trump', 'Obama's', 'President Hoover')."""

from __future__ import annotations

from kg.extract.episode import extract_file


def _people(tmp_path, *lines: str) -> dict[str, list[str]]:
    transcript = tmp_path / "t.txt"
    transcript.write_text("".join(f"[00:00:{2 * i:02d}] SPEAKER_0{i % 2}: {line}\n" for i, line in enumerate(lines)))
    return {e.label: e.variants for e in extract_file(str(transcript)).entities.values() if e.top_type == "Person"}


def test_a_title_makes_the_family_name_the_statesman(tmp_path):
    """'Senator Paul' is Rand Paul: the political title sets aside the Pauls the lexicon places outside
    government (Logan Paul, as well known in this lexicon, ties with him without it), and a first name
    said after a title may be a family name."""
    people = _people(tmp_path, "Last week Senator Paul said the bill was dead on arrival.",
                     "Nobody believed it after the vote.")
    assert "Rand Paul" in people, people
    assert not {"Logan Paul", "Jake Paul", "Paul", "Senator Paul"} & set(people), people


def test_a_lone_family_name_is_the_best_known_bearer(tmp_path):
    """'Trump' alone, and 'Obama's', capitalised mid-sentence: the best-known person of that family name."""
    people = _people(tmp_path, "I think Trump will sign the bill next week.",
                     "Honestly that was already the plan in Obama's second term.")
    assert "Donald Trump" in people and "Barack Obama" in people, people
    assert not {"Ivanka Trump", "Eric Trump", "Michelle Obama", "Trump", "Obama"} & set(people), people


def test_no_link_without_evidence(tmp_path):
    """An ordinary word ('trump' the verb), a family name two well-known people share said with no
    title ('Hoover'), and a family name a person of the episode carries ('Eric Trump') stay as they are."""
    people = _people(tmp_path, "You can trump their offer if you move fast.",
                     "I was reading what Hoover wrote about that period.",
                     "Eric Trump came by the office yesterday. Trump said the deal was done.")
    assert not {"Donald Trump", "Herbert Hoover", "J. Edgar Hoover"} & set(people), people
    assert "Eric Trump" in people, people


def test_a_person_known_by_the_whole_name_is_never_named_by_the_family_name_alone(tmp_path):
    """Notable people of Wikidata (``notable.tsv``) are matched by their whole name ('Michael Crichton'), but
    'Verne' or 'Zola' alone names none of them (a website, another Verne): such people only make a family
    name ambiguous."""
    people = _people(tmp_path, "Honestly Michael Crichton wrote the best airport thrillers.",
                     "For the wedding we went to Zola and then called Verne about the venue.")
    assert "Michael Crichton" in people, people
    assert not {"Émile Zola", "Jules Verne"} & set(people), people


def test_a_family_name_a_sentence_s_first_word_modifies_is_part_of_a_longer_name(tmp_path):
    """'Casino Knight with poker': the sentence's first word is the name's compound, so 'Knight' is no family
    name said alone (no Phil Knight); 'Yesterday Trump said' is Donald Trump (the first word modifies the verb)."""
    from kg.extract.episode import extract_file

    path = tmp_path / "t.txt"
    path.write_text("[00:19:26] SPEAKER_07: We're going to burn it down this year\n"
                    "[00:19:28] SPEAKER_07: with our bestie, a comic we love.\n"
                    "[00:19:30] SPEAKER_07: Casino Knight with poker.\n"
                    "[00:19:32] SPEAKER_07: We got a celebrity DJ coming.\n"
                    "[00:19:40] SPEAKER_06: Yesterday Trump said the deal was done.\n", encoding="utf-8")
    people = {e.label for e in extract_file(str(path)).entities.values() if e.top_type == "Person"}
    assert "Phil Knight" not in people and "Donald Trump" in people, people
