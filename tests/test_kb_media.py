"""The knowledge base's famous people, films and sports teams (``ontology/kb/fivethirtyeight.tsv``,
``football.tsv``): their readers, their real rows, and titles in
transcripts (found as written; an everyday phrase that is a title stays a phrase)."""

from __future__ import annotations

import json
import sys

from kg.extract.names.lexicon import content_words, kb_files, load_lexicon, read_kb, written_as_name

from .conftest import ROOT
from .test_kb import _script

sys.path.insert(0, str(ROOT / "scripts"))
import kb_media  # noqa: E402

GUESTS = """YEAR,GoogleKnowlege_Occupation,Show,Group,Raw_Guest_List
1999,actor,1/11/99,Acting,Michael J. Fox
2001,senator,3/1/01,Politician,Sen. John McCain
2004,senator,3/2/04,Politician,John McCain
2010,comedians,5/5/10,Comedy,Keegan-Michael Key and Jordan Peele
2002,NA,6/6/02,NA,Third Anniversary Special
"""


def test_guest_lists_become_people_with_a_prior_by_their_appearances():
    records = {r.label: r for r in kb_media.read_guests(GUESTS)}
    assert set(records) == {"Michael J. Fox", "John McCain", "Keegan-Michael Key", "Jordan Peele"}
    assert records["John McCain"].prior > records["Jordan Peele"].prior == kb_media.GUEST_PRIOR  # twice, once
    assert kb_media.person_name("Rt. Rev. V. Gene Robinson") == "V. Gene Robinson"
    assert kb_media.person_name("Fourth Anniversary Special") is None and kb_media.person_name("Prince") is None


def test_football_clubs_are_said_without_their_legal_form_and_leagues_without_their_country():
    season = json.dumps({"name": "English Premier League 2025/26", "matches": [
        {"team1": "Arsenal FC", "team2": "Nottingham Forest FC"}]})
    cup = json.dumps({"name": "UEFA Champions League 2025/26", "matches": [{"team1": "VfL Bochum 1848 (GER)", "team2": "FC Porto (POR)"}]})
    lower = json.dumps({"name": "English League Two 2025/26", "matches": [{"team1": "Accrington Stanley FC", "team2": "Arsenal FC"}]})
    clubs, leagues = kb_media.read_football([("2025-26/en.1.json", season), ("2025-26/uefa.cl.json", cup),
                                             ("2025-26/en.4.json", lower)])
    by = {c.label: c for c in clubs}
    assert by["Arsenal"].alt_labels == ("Arsenal FC",) and by["Arsenal"].prior == 0.6  # its best league counts
    assert by["Bochum"].alt_labels == ("VfL Bochum 1848",) and by["Porto"].prior == 0.6
    assert by["Accrington Stanley"].prior == 0.4
    assert kb_media.latest_seasons(["2010-11", "2024-25", "2025-26", "2024", "2025"]) == ["2024-25", "2025-26", "2025"]
    assert {(lg.label, lg.alt_labels) for lg in leagues} >= {("English Premier League", ("Premier League",)),
                                                              ("UEFA Champions League", ())}


def test_film_priors_grow_with_the_gross_and_titles_lose_their_article():
    assert kb_media.gross_prior(5e5) == 0.3 < kb_media.gross_prior(5e7) < kb_media.gross_prior(5e9) == 0.65
    assert kb_media.title_aliases("The Dark Knight") == ("Dark Knight",) and kb_media.title_aliases("The Help") == ()


def test_build_script_keeps_titles_that_can_be_told_from_everyday_phrases():
    script = _script()
    words = frozenset({"good", "will", "hunting", "one", "game", "talk", "den", "thieves", "women"})
    assert script.title_worth_matching("Good Will Hunting", words) and script.title_worth_matching("Den of Thieves", words)
    assert script.title_worth_matching("Seinfeld", words)  # no dictionary word
    assert not any(script.title_worth_matching(t, words) for t in ("The One", "The Game", "Talk to Me"))


def test_media_and_sport_files_hold_real_rows_of_their_sources():
    files = {p.stem: {e.label: e for e in read_kb(p)[1]} for p in kb_files()}
    data, football = files["fivethirtyeight"], files["football"]
    assert {e.type for e in data.values()} == {"Person", "MediaWork", "SportsTeam"}
    assert data["Fareed Zakaria"].type == "Person" and data["Fareed Zakaria"].prior >= 0.7  # 19 Daily Shows
    assert "John McCain" in data and not any(label.startswith("Sen. ") for label in data)
    assert data["Good Will Hunting"].type == "MediaWork" and data["Good Will Hunting"].top_type == "Product"
    assert "The One" not in data and "The Game" not in data  # everyday phrases first
    assert data["Atlanta Dream"].type == "SportsTeam" and data["Atlanta Dream"].prior == 0.5  # WNBA
    assert football["Celta de Vigo"].alt_labels == ["RC Celta de Vigo"] and football["Celta de Vigo"].type == "SportsTeam"
    assert football["English Premier League"].type == "Organization"


def test_a_title_said_in_lower_case_is_a_candidate_only_with_two_words_of_content():
    film = load_lexicon().get("good-will-hunting")
    assert film.prior is not None and content_words("good will hunting") == ["good", "hunting"]
    assert written_as_name("Good Will Hunting", film) and written_as_name("good will hunting", film)
    assert not written_as_name("GOOD WILL HUNTING", film)
    person = load_lexicon().get("fareed-zakaria")
    assert not written_as_name("fareed zakaria", person)  # a person's name counts only as written


def test_titles_said_in_transcripts_are_found_and_idioms_stay_phrases(tmp_path):
    """'Good Will Hunting' said as written is the film of the knowledge base; 'skin in the game' and 'too
    big to fail' said in lower case, as sayings, are no books (their words keeping together in the
    episode is no evidence of a title)."""
    from kg.extract.episode import extract_file

    path = tmp_path / "films.txt"
    path.write_text("# Movies and Money\n\n**Podcast:** Test Show\n**Date:** 2025-03-07\n\n"
                    "Speaker 1: Last night I rewatched Good Will Hunting with my brother, and it still holds up.\n"
                    "Speaker 2: The founders have real skin in the game, and the banks are too big to fail.\n"
                    "Speaker 1: Skin in the game matters. Nobody is too big to fail forever.\n", encoding="utf-8")
    entities = extract_file(str(path)).entities.values()
    found = {e.lexicon_key: e.type for e in entities if e.lexicon_key}
    assert found.get("good-will-hunting") == "MediaWork"
    assert "skin-in-the-game" not in found and "too-big-to-fail" not in found


def test_a_title_in_lower_case_is_found_where_the_words_before_use_it_as_one(tmp_path):
    """'the movie good will hunting' is the film; 'not black and white' is no film (the knowledge base has
    one of that title), though both are said in lower case as speech-to-text writes them."""
    from kg.extract.episode import extract_file

    assert load_lexicon().get("black-and-white").type == "MediaWork"
    path = tmp_path / "lower.txt"
    path.write_text("# Weekend\n\n**Podcast:** Test Show\n**Date:** 2025-03-08\n\n"
                    "Speaker 1: On Sunday we watched the movie good will hunting again, and my kids loved it.\n"
                    "Speaker 2: This stuff is not black and white, and it never was.\n", encoding="utf-8")
    found = {e.lexicon_key: e for e in extract_file(str(path)).entities.values() if e.lexicon_key}
    assert found["good-will-hunting"].type == "MediaWork" and "black-and-white" not in found
