"""Words WordNet knows only as names (issue #18, class 2): the lemmatizer's word index of the pinned model
holds 'hitler', 'mussolini', 'pavlov' as it holds 'table'. ``ontology/lexicon/proper_noun_words.txt`` (built by
scripts/build_proper_words.py from WordNet 3.0's data files) takes the words whose every WordNet lemma is a
capitalised instance out of the dictionary words ('amazon', 'monday' stay words)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.extract.names.cues import dictionary_words, proper_noun_words, word_index
from kg.extract.nlp import load_pipeline
from .conftest import decision_on, labels_of, said

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import build_proper_words  # noqa: E402

# WordNet data lines as the data files write them: offset, lexicographer file, POS, lemma count (hex), lemmas
# with their lex ids, pointer count and pointers ('@i' an instance of), then the gloss
HITLER = "11065932 18 n 02 Hitler 0 Adolf_Hitler 0 001 @i 10013927 n 0000 | German Nazi dictator"
AMAZON_RIVER = "09219858 17 n 01 Amazon 0 001 @i 09411430 n 0000 | a major South American river"
AMAZON_WOMAN = "10787470 18 n 01 amazon 0 001 @ 10787470 n 0000 | a large strong and aggressive woman"
MONDAY = "15164570 28 n 02 Monday 0 Mon 0 001 @ 15163979 n 0000 | the second day of the week"
LICENCE = "  1 This software and database is being provided to you, the LICENSEE, by Princeton"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_words_wordnet_knows_only_as_names_are_no_dictionary_words(nlp):
    index, words = word_index(nlp), dictionary_words(nlp)
    for name in ("hitler", "mussolini", "pavlov", "feynman", "klein"):
        assert name in index and name in proper_noun_words() and name not in words
    # a first name alone is weighed as a first name, as before: 'Paul', 'Ezra' (biblical to WordNet) stay
    for name in ("paul", "ezra", "stephen"):
        assert name in index and name in words
    # a word with an ordinary sense, or a capitalised class ('Monday', 'English'), stays a word
    for word in ("amazon", "apple", "stone", "monday", "english", "christmas", "sunday", "table"):
        assert word in words and word not in proper_noun_words()
    # and so do short words, stop words and forms of words WordNet also lists as names ('US', 'Laws')
    assert {"us", "me", "oh", "drew", "laws"}.isdisjoint(proper_noun_words()) and "us" in words


def test_the_build_keeps_words_whose_every_sense_names_one_thing():
    texts = ["\n".join([LICENCE, HITLER, AMAZON_RIVER, AMAZON_WOMAN, MONDAY])]
    shares = build_proper_words.name_shares(texts, frozenset({"hitler", "amazon", "monday", "table"}))
    assert shares == {"hitler": 1.0, "amazon": 0.5}
    index = frozenset({"hitler", "amazon", "monday", "table"})
    assert build_proper_words.proper_words(shares, ["drew draw\n"], index, frozenset({"us"})) == ["hitler"]
    # an irregular form of a word is kept a word though WordNet names someone by it
    assert build_proper_words.proper_words({"drew": 1.0}, ["drew draw\n"], frozenset({"drew", "draw"}), frozenset()) == []
    # and so is a first name ('Paul' the apostle), weighed as a first name
    assert build_proper_words.proper_words({"paul": 1.0}, [], frozenset({"paul"}), frozenset(), frozenset({"paul"})) == []


def test_a_name_wordnet_lists_is_a_name_where_the_lexicon_knows_it(tmp_path):
    """An unknown word WordNet knows as one thing's name is weighed as a word still ('Mussolini' no lexicon
    knows; on the corpus 'Moore' of Moore's law, 'Constantine', 'Celsius' were names of other things than
    the one meant), and is not kept by its shape alone when said twice."""
    result = said(tmp_path,
                  "In the thirties he would have dinner with Mussolini and then fly home to New York.",
                  "That is a wild story, and I had never heard it before today.")
    decision = decision_on(result, "Mussolini")
    assert decision.features["dictionary_word"] == 1.0 and decision.features["capitalised_rel"] > 0.5
    result = said(tmp_path,
                  "We are scaling beyond Moore and the chips keep getting faster every single year.",
                  "Moore said it would double, and it did double for a very long time after that.")
    assert "Moore" not in labels_of(result)
    # the alias of a lexicon person that WordNet lists is no ordinary word: an exact hit, not a maybe
    # (a corpus episode: NER sees no person in 'Lika Hitler', and the alias went to the linker as a word)
    result = said(tmp_path,
                  "That is a matter of Lika Hitler, and everyone in the room knew it.",
                  "And that was the end of the story, which nobody liked very much.")
    assert "Adolf Hitler" in labels_of(result, "Person")
    assert not any(d.name == "Adolf Hitler" for d in result.decisions)


def test_a_family_name_that_is_no_word_after_a_first_name_is_not_heard_as_a_company(tmp_path):
    """'Kura' (a river to WordNet) ends a person NER sees: a family name, not the company Krea by ear."""
    result = said(tmp_path,
                  "Nishat Kura is Vox Media's executive producer and podcast.",
                  "And that was the end of the show, thank you all for listening.")
    assert "Krea" not in labels_of(result) and "Nishat Kura" in labels_of(result, "Person")


def test_the_hosts_first_name_is_the_host_before_a_person_of_an_organization_the_title_names(tmp_path):
    """'Harvard's' in a title (no dictionary word now) names Harvard, whose Steven Pinker a lone 'Stephen'
    would join at the title's looser bar; on The Diary of a CEO, Steven Bartlett's show, 'Stephen' is him."""
    from kg.extract.episode import extract_file

    transcript = tmp_path / "t.txt"
    transcript.write_text(
        "# Harvard's Behaviour Expert: Why People Don't Like You\n\n**Podcast:** The Diary of a CEO\n\n---\n\n"
        "[00:00:01] SPEAKER_00: Welcome back to The Diary of a CEO, I am so glad you could make it here today.\n"
        "[00:00:05] SPEAKER_01: Thank you Stephen, I have wanted to come on this show for a very long time.\n"
        "[00:00:09] SPEAKER_00: So tell me about the class you teach and what your students learn in it.\n")
    result = extract_file(str(transcript))
    people = labels_of(result, "Person")
    assert "Steven Bartlett" in people and "Steven Pinker" not in people


def test_a_word_wordnet_knows_as_one_name_is_heard_as_itself(tmp_path):
    """By sound, one word that names one thing ('Jupiter', the planet) is as much itself as a dictionary
    word is: not Jupyter, the notebook, though the linker no longer weighs it as a dictionary word."""
    result = said(tmp_path, "Then Jupiter is about 0.1%, and everything else is in the rest.",
                  "They burnt Earth, the whole planet, and burnt Jupiter, which is very big.",
                  "You turn Jupiter into a thermonuclear reactor.")
    assert "jupiter" in proper_noun_words()
    assert "Jupyter" not in labels_of(result)
