"""The ASR-tolerant matcher: names as speech-to-text writes them, and ordinary words that must stay words."""

from __future__ import annotations

import pytest

from kg.extract.names.lexicon import fold, load_lexicon
from kg.extract.names.matching import Matcher, letters_sound_key, normalise, similarity, sound_key


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    from kg.extract.names.finder import dictionary_words
    from kg.extract.nlp import load_pipeline

    return Matcher(load_lexicon(), words=dictionary_words(load_pipeline()))


def test_normalise_number_words_and_spacing():
    assert normalise("GPD five's") == "gpd5"
    assert normalise("G P T - OSS") == "gptoss"
    assert sound_key("dolly two") == sound_key("DALL-E 2")


@pytest.mark.parametrize("spoken,real", [
    ("Kora", "Quora"),
    ("Roxette", "Rockset"),
    ("GPD five", "GPT-5"),
    ("GTO SS", "GPT-OSS"),
    ("chat GPD", "ChatGPT"),
    ("Chatchy PT", "ChatGPT"),  # 'G' said as a letter, heard as 'chy'
    ("Ceribris", "Cerebras"),
    ("North Grumman", "Northrop Grumman"),
    ("Antropic", "Anthropic"),
    ("Data bricks", "Databricks"),
    ("Nvidea", "Nvidia"),
    ("Martin Kusato", "Martin Casado"),
    ("Sherman Wu", "Sherwin Wu"),
    ("Marc Banyoff", "Marc Benioff"),
    ("Ted Sranos", "Ted Sarandos"),
    ("Peter Teele", "Peter Thiel"),  # 'th' said as 't'
    ("Jeff Inton", "Geoffrey Hinton"),  # a first 'h' dropped
    ("Danny Conoman", "Daniel Kahneman"),  # found by the sound of the family name alone
])
def test_true_pairs(matcher, spoken, real):
    match = matcher.fuzzy(spoken) if not matcher.exact(spoken) else None
    found = [e.label for e in matcher.exact(spoken)] or ([match.entry.label] if match else [])
    assert real in found, (spoken, found)


@pytest.mark.parametrize("spoken", ["core", "opening", "course", "open", "door", "API", "SFT", "Yep", "Dev", "Worked"])
def test_false_pairs(matcher, spoken):
    """Short or ordinary words never fuzzy-match a name."""
    assert matcher.fuzzy(spoken) is None


@pytest.mark.parametrize("spoken,famous", [("Thomas Dimson", "Thomas Edison"), ("Mary McGuire", "Mary Meeker"),
                                           ("Johnny Carson", "John Collison"), ("Michael Birch", "Michael Burry")])
def test_a_person_is_not_a_famous_namesake_whose_surname_starts_otherwise(matcher, spoken, famous):
    """Speech-to-text keeps the first sound of a name, and the family name must be alike as a whole:
    an unknown 'Thomas Dimson' is not Thomas Edison, 'Mary McGuire' not Mary Meeker."""
    match = matcher.fuzzy(spoken)
    assert match is None or match.entry.label != famous


def test_a_name_is_not_heard_with_two_of_its_words_missing(matcher):
    """'Fund Administration' (Carta's product, said short) is not the Food and Drug Administration."""
    match = matcher.fuzzy("Fund Administration")
    assert match is None or match.entry.label != "Food and Drug Administration"
    assert matcher.fuzzy("North Grumman").entry.label == "Northrop Grumman"


@pytest.mark.parametrize("spoken,other", [("Santa Claus", "Santa Clara"), ("Wealth Management", "Elliott Management"),
                                         ("Apple One", "Apple M1"), ("Russian Empire", "Roman Empire"),
                                         ("Alexion Pharmaceuticals", "Recursion Pharmaceuticals")])
def test_a_shared_word_does_not_make_two_names_alike(matcher, spoken, other):
    """Beside a first or last word in common, the other words must sound alike on their own: 'Santa
    Claus' is not Santa Clara, though the whole strings score above the threshold."""
    assert similarity(spoken, other) >= matcher.threshold
    match = matcher.fuzzy(spoken)
    assert match is None or match.entry.label != other, match
    for near, real in (("Goldman Sach", "Goldman Sachs"), ("Flux Safety", "Flock Safety"), ("GPD 5", "GPT-5")):
        assert matcher.fuzzy(near).entry.label == real


def test_digits_must_agree():
    assert similarity("GPT five", "GPT-4") == 0.0
    assert similarity("GPT five", "GPT-5") == 1.0


def test_threshold_is_configurable():
    strict = Matcher(load_lexicon(), threshold=0.99)
    assert strict.fuzzy("Roxette") is None
    assert Matcher(load_lexicon()).fuzzy("Roxette").method == "sound"


def test_no_two_lexicon_entries_share_a_name():
    """A label (or alias) of two entries would make two nodes of one thing, or one of two."""
    from collections import defaultdict


    owners: dict[str, set[str]] = defaultdict(set)
    for entry in load_lexicon().entries.values():
        for label in [entry.label, *entry.alt_labels]:
            owners[fold(label)].add(entry.key)
    shared = {label: keys for label, keys in owners.items() if len(keys) > 1}
    assert not shared, shared


def test_letters_are_compared_as_said():
    """A run of capitals is said letter by letter: 'ChatGPT' is 'chat jee pee tee', so 'Chatchy PT'
    sounds like it; names without such a run have no letter key."""
    assert letters_sound_key("ChatGPT") == letters_sound_key("Chat GPT")
    assert letters_sound_key("Quora") == ""
    assert similarity("Chatchy PT", "ChatGPT") > similarity("Chatchy", "ChatGPT")


def test_folding_keeps_latin_letters_and_drops_other_scripts():
    """'ø' has no accent to strip but is still a letter; a label in another script ('π0') folds to
    digits alone and is never looked up."""
    assert fold("Bernt Børnich") == "berntbornich" and fold("Łukasz") == "lukasz"
    lexicon = load_lexicon()
    assert not lexicon.lookup("0") and [e.key for e in lexicon.lookup("pi0")] == ["pi0"]


def test_a_person_said_without_the_middle_name_is_heard_by_first_and_family_name(matcher):
    """'Jeanne DeWitt Grosser' is mostly said 'Jeanne Grosser', and heard with either name garbled
    ('Jean Grossir'); a generational suffix is no family name ('Martin Luther King Jr.' is not 'Martin Jr.')."""
    from kg.extract.names.matching import without_middle_names

    entry = load_lexicon().get("jeanne-dewitt-grosser")
    assert without_middle_names(entry) == ["Jeanne Grosser"]
    for spoken in ("Jeanne Grosser", "Jean Grossir"):
        match = matcher.fuzzy(spoken)
        assert match is not None and match.entry.key == "jeanne-dewitt-grosser", (spoken, match)
    assert without_middle_names(load_lexicon().get("j-pierpont-morgan") or entry) in ([], ["Jeanne Grosser"])
    match = matcher.fuzzy("Jack Morgan")  # not 'J. Morgan': an initial is no first name
    assert match is None or "Pierpont" not in match.entry.label, match


def test_a_first_name_or_a_rare_family_name_is_no_ordinary_word_in_a_persons_name(matcher):
    """WordNet lists 'welch' (to welsh on a debt; and for famous men): in a person's name it is a name; a
    frequent word stays a word ('advice', 'baker'), and outside a person's name all stay words. A person's
    full name is read past its first name: 'Adam Welch' is no phrase of words, 'Joshua Advice' is one.
    A word WordNet knows only as names ('merton': Robert and Thomas Merton), no first name, is no word anywhere."""
    from kg.extract.names.matching import all_ordinary_words, ordinary_word, rare_surname_words

    words = matcher.words
    assert "welch" in rare_surname_words() and "baker" not in rare_surname_words()
    assert ordinary_word("Welch", words) and not ordinary_word("Welch", words, person=True)
    assert not ordinary_word("Merton", words) and ordinary_word("Robert", words)  # (a first name stays a word)
    assert ordinary_word("Advice", words, person=True) and ordinary_word("Baker", words, person=True)
    assert all_ordinary_words(["Adam", "Welch"], words) and not all_ordinary_words(["Adam", "Welch"], words, person=True)
    assert all_ordinary_words(["Joshua", "Advice"], words, person=True)
    assert all_ordinary_words(["Will"], words, person=True)  # a first name alone may be a word ('Will')
