"""Known names of several words said without the final 's' of their plural or possessive last word
('a Google sheet' for Google Sheets, 'I love Trader Joe' for Trader Joe's), and the words that only
look like them ('the time trap' is no The Times, 'the work you did' no The Works)."""

from __future__ import annotations

from kg.extract.episode import extract_file

from .conftest import labels_of


def _labels_said(tmp_path, *lines: str) -> set[str]:
    transcript = tmp_path / "t.txt"
    transcript.write_text("".join(f"[00:00:{i:02d}] SPEAKER_0{i % 2}: {line}\n" for i, line in enumerate(lines)))
    return labels_of(extract_file(str(transcript)))


def test_a_plural_name_said_in_the_singular_is_that_name(tmp_path):
    """The first word capitalised inside the sentence begins the name; its plural last word is said
    without the 's' (a sheet of Google Sheets, a podcast app, a possessive dropped)."""
    found = _labels_said(tmp_path, "And then I'm going to open a Google sheet and track how many views we get.",
                         "But like, you subscribe in Apple podcast or Spotify, whatever you use.",
                         "They're like, I love Trader Joe, it's the best grocery store.")
    assert {"Google Sheets", "Apple Podcasts", "Trader Joe's"} <= found, found


def test_words_that_look_like_a_plural_name_stay_words(tmp_path):
    """A sentence's first word, a stop word, a lower-case first word, a longer name it begins, or a
    knowledge-base name of the long tail ('The Works'): no name."""
    found = _labels_said(tmp_path, "The time trap is real, you know.",
                         "I think the work you did actually was the spark.",
                         "Good time. Hey everybody, I hope you enjoyed that.",
                         "It is like a general motor of the mind, honestly.",
                         "We had a google sheet for the budget.")
    assert not {"The Times", "The Works", "Good Times", "General Motors", "Google Sheets"} & found, found


def test_an_organization_said_with_its_head_word_in_lower_case(tmp_path):
    """A knowledge-base organization whose later words speech-to-text wrote in lower case is that
    organization where its last word is the head word of one ('airlines') and NER sees a name begin
    at its first word; a brand of ordinary words ('a Swiss chalet'), or a phrase begun by a known
    name ('the US market', 'America today'), is no name."""
    found = _labels_said(tmp_path, "We flew Turkish airlines to Istanbul last year, it was fine.",
                         "We stayed in a Swiss chalet last winter with the whole family.",
                         "That rush hits the US market, the poorest county in America today.")
    assert "Turkish Airlines" in found, found
    assert not {"Swiss Chalet", "US Market", "America Today"} & found, found
