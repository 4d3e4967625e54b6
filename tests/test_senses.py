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


def test_a_family_name_alone_confirms_the_person_a_first_name_was_taken_for(tmp_path):
    """'Donald' beside the White House is taken for Donald Trump; 'Trump' said alone later is the same
    person, not a second node of his family name (nor a name left for the linker to weigh)."""
    found = _entities(tmp_path,
                      "[00:00:01] SPEAKER_00: Donald called his staff at the White House again on Monday.\n"
                      "[00:00:06] SPEAKER_01: I heard that. Now Trump wants the merger blocked.\n"
                      "[00:00:11] SPEAKER_00: And Trump says so on every call.\n")
    assert "Trump" not in found and {"Trump", "Donald"} <= set(found["Donald Trump"].variants)


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


def test_a_name_said_to_be_a_kind_of_thing_is_of_that_kind(tmp_path):
    """'Framer is more than a site builder' and 'Framer Pro' make the company of the lexicon the
    product; 'Facebook is a monopoly' beside 'Meta' makes the product of the lexicon the company, Meta;
    'Dealbook, a newsletter' (a name no lexicon knows) is a product, not NER's organization."""
    found = _entities(tmp_path,
                      "[00:00:01] SPEAKER_00: Support for the show comes from Framer.\n"
                      "[00:00:04] SPEAKER_00: Framer is more than a site builder.\n"
                      "[00:00:08] SPEAKER_00: Get a free month of Framer Pro with the code.\n"
                      "[00:00:12] SPEAKER_01: There's plenty of competition for Facebook and Meta.\n"
                      "[00:00:16] SPEAKER_00: So you don't think Facebook is a monopoly.\n"
                      "[00:00:20] SPEAKER_01: You do Dealbook, a newsletter, and Dealbook grew fast.\n")
    assert found["Framer"].top_type == "Product"
    assert "Facebook" not in found and "Facebook" in found["Meta"].variants
    assert found["Dealbook"].top_type == "Product"


def test_a_kind_said_of_a_name_reads_the_predicate_not_any_noun(tmp_path):
    """'Sequoia is an investor' says no kind (a person or a firm may be one); 'Stripe is a payments
    company' keeps the company; a noun that is not the predicate of the name says nothing."""
    from kg.extract.names.kinds import said_kind
    from kg.extract.nlp import load_pipeline
    nlp = load_pipeline(0.8, ())
    def kind(text: str, name: str) -> str | None:
        doc = nlp(text)
        start = next(t.i for t in doc if t.text == name)
        return said_kind(doc[start:start + 1])
    assert kind("Stripe is a payments company.", "Stripe") == "Organization"
    assert kind("Facebook is a social network.", "Facebook") == "Product"
    assert kind("Sequoia is an investor in it.", "Sequoia") is None
    assert kind("Stripe bought a company.", "Stripe") is None
    assert kind("You do Dealbook, a newsletter.", "Dealbook") == "Product"
    assert kind("As you said, Seneca is my current company.", "Seneca") == "Organization"  # a possessive as article
    assert kind("Seneca is my favorite.", "Seneca") is None


def test_a_product_whose_place_the_speaker_takes_is_the_company(tmp_path):
    """'if you're Google or Facebook', 'if you're Facebook, you think about that decision forever':
    the company (a product is no one's part), though the lexicon types Facebook as a product."""
    found = _entities(tmp_path,
                      "[00:00:01] SPEAKER_00: But if you're Google or Facebook, you spend on chips.\n"
                      "[00:00:05] SPEAKER_01: And if you're Facebook, you think about that decision forever.\n")
    assert found["Facebook"].top_type == "Organization"


def test_only_a_name_right_after_be_is_a_part_one_plays():
    """'if I'm Apple' is the company's part; 'we're two humans and' (a description), 'you are you open
    TikTok' (a misparse: the name is not right after 'be') and 'you're part time' (a word before it) are not."""
    from kg.extract.names.senses import in_its_place
    from kg.extract.nlp import load_pipeline
    nlp = load_pipeline(0.8, ())

    def plays(text: str, name: str) -> bool:
        doc = nlp(text)
        start = next(t.i for t in doc if t.text == name)
        return in_its_place(doc[start:start + 1])
    assert plays("If I'm Apple, I focus on the edge.", "Apple")
    assert not plays("Why don't we sit down like we're two humans and work this out?", "humans")
    assert not plays("It's like there you are you open TikTok and you see a video.", "TikTok")
    assert not plays("Now you're part time on the show.", "time")
    assert plays("If you're Goldman Sachs, you hire.", "Sachs")


def test_a_service_sold_by_plan_and_price_is_a_product_and_a_company_s_billions_are_not(tmp_path):
    """'Hulu with ads went from eight bucks to twelve bucks', 'Netflix was $9.99': the services, typed
    Product though the lexicon types them as companies, when that is how the episode speaks of them;
    'Netflix raised $2 billion' and 'Netflix hired' are the company's money and staff (it stays one)."""
    found = _entities(tmp_path,
                      "[00:00:01] SPEAKER_00: Let me walk through the streaming prices for a second.\n"
                      "[00:00:05] SPEAKER_00: Hulu with ads went from eight bucks to twelve bucks.\n"
                      "[00:00:09] SPEAKER_01: And Hulu without ads is even worse now.\n")
    assert found["Hulu"].top_type == "Product"
    company = _entities(tmp_path,
                        "[00:00:01] SPEAKER_00: Netflix raised $2 billion in debt last spring.\n"
                        "[00:00:05] SPEAKER_01: Then Netflix hired two hundred engineers and Netflix's revenue grew.\n")
    assert company["Netflix"].top_type == "Organization"


def test_a_name_no_lexicon_knows_used_as_a_platform_is_a_product(tmp_path):
    """'I publish the newsletter on Beehiiv', 'people read it on Beehiiv': a name the lexicon does not
    know, typed by the episode's use of it as a platform, not by the entity recogniser's guess."""
    found = _entities(tmp_path,
                      "[00:00:01] SPEAKER_00: These days I publish the newsletter on Beehiiv every single morning.\n"
                      "[00:00:06] SPEAKER_01: And a lot of people read the full issue on Beehiiv too.\n"
                      "[00:00:11] SPEAKER_00: Beehiiv has been great for us, honestly.\n")
    assert found["Beehiiv"].top_type == "Product"


def test_a_product_of_a_company_of_another_name_is_a_product(tmp_path):
    """Starlink, SpaceX's satellite internet service, is a product made by SpaceX (knowledge of the
    lexicon): said with no cue of either sense it is the product, and its maker makes it."""
    result = extract_file(str(_write(tmp_path / "t.txt",
                                     "[00:00:01] SPEAKER_00: I joined SpaceX as Starlink was coming out of testing.\n"
                                     "[00:00:06] SPEAKER_01: And Starlink changed how ships at sea get online.\n")))
    found = {e.label: e for e in result.entities.values()}
    assert found["Starlink"].top_type == "Product" and found["SpaceX"].top_type == "Organization"


def test_a_person_s_name_the_episode_uses_as_a_company_s_is_that_company(tmp_path):
    """A company named after a philosopher ('the founder and CEO of Socrates', 'Socrates is my current
    company') is an organization there, with none of the philosopher's links; where the words speak of
    the philosopher ('Socrates said'), the name stays his."""
    found = _entities(tmp_path,
                      "[00:00:01] SPEAKER_00: Dana Whitfield, the founder and CEO of Socrates, is here.\n"
                      "[00:00:05] SPEAKER_01: Thanks. As you said, Socrates is my current company.\n"
                      "[00:00:09] SPEAKER_01: One of the goals of Socrates is to make fire crews safer.\n")
    assert found["Socrates"].top_type == "Organization" and found["Socrates"].lexicon_key is None
    philosopher = _entities(tmp_path,
                            "[00:00:01] SPEAKER_00: I read Socrates every morning before work.\n"
                            "[00:00:05] SPEAKER_01: Socrates said that the unexamined life is not worth living.\n")
    assert philosopher["Socrates"].top_type == "Person"
