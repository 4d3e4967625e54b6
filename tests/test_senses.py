"""The sense a company-or-product name takes from the episode's usage, and names of one person said
otherwise (a nickname, a famous person's family name alone), on transcripts written for the test."""

from __future__ import annotations

from kg.extract.episode import extract_file, link_episode, parse_episode
from kg.extract.names.linking import Linker
from kg.read import read_transcript
from kg.extract.names.lexicon import same_given_name


def _entities(tmp_path, text: str) -> dict:
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    return {e.label: e for e in extract_file(str(path)).entities.values()}


def test_a_company_used_as_a_platform_is_a_product(tmp_path):
    """'sold it on eBay', 'posted ads on Craigslist and on Reddit': the platforms, typed Product,
    though the lexicon types them as companies; a company said as one stays an Organization."""
    found = _entities(tmp_path,
                      "[00:00:01] SPEAKER_00: In college I sold old sports gear on eBay every weekend.\n"
                      "[00:00:06] SPEAKER_00: Later I posted ads on Craigslist and on Reddit to find roommates.\n"
                      "[00:00:12] SPEAKER_01: Meanwhile Stripe hired two hundred people and Stripe raised again.\n")
    assert {found[n].top_type for n in ("eBay", "Craigslist", "Reddit")} == {"Product"}
    assert found["Stripe"].top_type == "Organization"


def test_a_company_that_is_also_a_word_is_weighed_in_the_sense_its_usage_gives(tmp_path):
    """'joined via Zoom', 'the Zoom call': the linker weighs Zoom (a company in the lexicon, and a word)
    as the product, and the entity kept where it accepts it is the product; 'Zoom's revenue' is the
    company."""
    path = _write(tmp_path / "used.txt",
                  "[00:00:01] SPEAKER_00: On Monday the whole team joined via Zoom from home.\n"
                  "[00:00:06] SPEAKER_01: The Zoom call ran two hours, and I sent the Zoom link to Dana.\n")
    assert [d.type for d in extract_file(str(path)).decisions if d.name == "Zoom"] == ["Product"]
    kept = link_episode(parse_episode(read_transcript(path)), linker=Linker({"bias": 30.0}, 0.5))
    assert [e.top_type for e in kept.entities.values() if e.label == "Zoom"] == ["Product"]
    business = _write(tmp_path / "business.txt", "[00:00:01] SPEAKER_00: Zoom's revenue doubled in a single year.\n"
                                                 "[00:00:06] SPEAKER_01: And Zoom's valuation went with it.\n")
    assert [e.top_type for e in extract_file(str(business)).entities.values() if e.label == "Zoom"] == ["Organization"]


def _write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_a_product_said_as_its_company_beside_the_company_is_the_company(tmp_path):
    """'Google and Facebook' spending on data centers, 'shares of Facebook': the company, which is Meta,
    named in the episode, so 'Facebook' is one of Meta's names, not a second node."""
    found = _entities(tmp_path,
                      "[00:00:01] SPEAKER_00: Meta is spending billions on data centers.\n"
                      "[00:00:05] SPEAKER_01: Yes, Google and Facebook are both spending like crazy.\n"
                      "[00:00:09] SPEAKER_00: If you bought shares of Facebook in 2012 you did fine.\n"
                      "[00:00:14] SPEAKER_01: Google or Facebook, they all want the chips.\n")
    assert "Facebook" not in found
    assert found["Meta"].top_type == "Organization" and "Facebook" in found["Meta"].variants


def test_nicknames_are_one_first_name():
    assert same_given_name("Dave", "David") and same_given_name("charlie", "Charles")
    assert not same_given_name("Bob", "Bill")  # both nicknames of a Robert, but not of one man
    assert not same_given_name("Mark", "Michael") and not same_given_name("Dave", "Daniel")


def test_a_nickname_and_the_full_first_name_are_one_person(tmp_path):
    """'Charlie Quimbleford' and 'Charles Quimbleford' (a name no lexicon knows) are one person; 'Dave'
    alone after 'David Ostrowind' is him; but 'Stephen' alone is not 'Steve Jobs', nor 'Bob' Bill Gates."""
    found = _entities(tmp_path,
                      "[00:00:01] SPEAKER_00: The bank was run by Charles Quimbleford in those years.\n"
                      "[00:00:05] SPEAKER_01: Charles Quimbleford was the star banker of the decade.\n"
                      "[00:00:09] SPEAKER_00: Everybody called him Charlie Quimbleford on the street.\n"
                      "[00:00:14] SPEAKER_01: I spoke with David Ostrowind about that book yesterday.\n"
                      "[00:00:19] SPEAKER_01: Dave told me the archive is in Boston.\n"
                      "[00:00:24] SPEAKER_00: Steve Jobs and Bill Gates both read it, my friends Stephen and Bob said.\n")
    assert "Charlie Quimbleford" not in found and "Charlie Quimbleford" in found["Charles Quimbleford"].variants
    assert "Dave" not in found and "Dave" in found["David Ostrowind"].variants
    assert not {"Stephen", "Bob"} & set(found["Steve Jobs"].variants + found["Bill Gates"].variants)


def test_a_famous_family_name_alone_is_the_one_known_person_of_that_name(tmp_path):
    """'Newsom' alone, with no full name in the episode (NER calls it an organization), is Gavin Newsom,
    the one person of the lexicon with that family name."""
    found = _entities(tmp_path,
                      "[00:00:01] SPEAKER_00: A few years ago Newsom had to sign the bill anyway.\n"
                      "[00:00:06] SPEAKER_01: And Newsom will run again, I am sure of it.\n")
    assert "Newsom" not in found
    assert found["Gavin Newsom"].top_type == "Person" and "Newsom" in found["Gavin Newsom"].variants


def test_an_unknown_name_is_typed_by_its_last_word_before_ner(tmp_path):
    """Names no lexicon knows, whose last word says what they are: an airport and a street are places,
    a library an organization, whatever NER guessed (the linker weighs each under that type)."""
    path = tmp_path / "t.txt"
    path.write_text("[00:00:01] SPEAKER_00: We flew out of Quillbrook Airport at dawn, and Quillbrook Airport was empty.\n"
                    "[00:00:07] SPEAKER_01: The archive sits on Marrowby Street, next to Marrowby Street station.\n"
                    "[00:00:13] SPEAKER_00: The Tolliver Library holds the papers; the Tolliver Library opened in 1920.\n",
                    encoding="utf-8")
    weighed = {d.name: d.type for d in extract_file(str(path)).decisions}
    assert weighed["Quillbrook Airport"] == "Place" and weighed["Marrowby Street"] == "Place"
    assert weighed["Tolliver Library"] == "Organization"


def _graph(tmp_path, text: str):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    return extract_file(str(path))


def test_a_building_named_as_a_place_is_the_place_and_knows_no_staff(tmp_path):
    """'a dinner at the White House', 'walked into the Kremlin': the buildings, Place, though the lexicon
    types them as the institutions they house; and the knowledge base's 'Susie Wiles worksFor White
    House' does not hold of the building."""
    ep = _graph(tmp_path,
                "[00:00:01] SPEAKER_00: Susie Wiles told me about a dinner at the White House last spring.\n"
                "[00:00:06] SPEAKER_01: Years ago I walked into the Kremlin with a tour group.\n")
    found = {e.label: e for e in ep.entities.values()}
    assert found["White House"].top_type == "Place" and found["Kremlin"].top_type == "Place"
    assert not [f for f in ep.facts if f.object == found["White House"].key]


def test_a_building_that_speaks_is_the_institution(tmp_path):
    """'the White House announced', 'a White House spokesperson': the institution, an Organization, and
    the knowledge base's staff of it work for it."""
    ep = _graph(tmp_path,
                "[00:00:01] SPEAKER_00: The White House announced new tariffs on Friday.\n"
                "[00:00:06] SPEAKER_01: A White House spokesperson said Susie Wiles would explain them.\n")
    found = {e.label: e for e in ep.entities.values()}
    assert found["White House"].top_type == "Organization"
    assert [(f.subject, f.predicate) for f in ep.facts if f.object == found["White House"].key] == [
        (found["Susie Wiles"].key, "worksFor")]


def test_a_first_name_beside_the_building_is_one_of_its_staff(tmp_path):
    """The White House named as a place still names its institution's people: 'Susie' there is the
    knowledge base's Susie Wiles, of the White House staff."""
    found = {e.label: e for e in _graph(tmp_path,
             "[00:00:01] SPEAKER_00: Last week we were at the White House for a long dinner.\n"
             "[00:00:06] SPEAKER_01: And Susie was sitting next to me at the White House the whole night.\n").entities.values()}
    assert found["White House"].top_type == "Place"
    assert "Susie" in found["Susie Wiles"].variants


def test_a_building_that_sends_word_is_the_institution(tmp_path):
    """'a call from the White House', 'we heard from the White House': the sender of a message is the
    institution, though 'from' is also a preposition of place ('walked out from the White House')."""
    ep = _graph(tmp_path,
                "[00:00:01] SPEAKER_00: We got a call from the White House on Monday morning.\n"
                "[00:00:06] SPEAKER_01: And then we heard from the White House again the next week.\n")
    assert {e.label: e for e in ep.entities.values()}["White House"].top_type == "Organization"
