"""The per-episode result: entities, speakers, facts and their evidence.

Small, plain and picklable, so that a process pool, a Dask cluster or a cache can carry it; no spaCy
objects. :mod:`kg.graph.merge` turns one or many of these into the networkx model.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Mention:
    """One place where an entity is named."""

    text: str
    utterance: int
    second: float | None
    method: str
    score: float


METHOD_RANK = ["exact", "exact-suffix", "header", "speaker-label", "possessive", "exact-context", "sound", "spelling",
               "sound-context", "heard-alike", "first-name", "first-name+affiliation", "qualified", "ner", "ner-word"]


@dataclass
class Entity:
    """A real thing talked about: canonical name, type, how it was heard."""

    key: str
    label: str
    type: str
    top_type: str
    lexicon_key: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)  # IRIs of the same thing (owl:sameAs), from its lexicon entry

    @property
    def variants(self) -> list[str]:
        """Spoken forms that differ from the canonical name, in order of first use."""
        seen: dict[str, None] = {}
        for m in self.mentions:
            if m.text != self.label:
                seen.setdefault(m.text, None)
        return list(seen)

    @property
    def method(self) -> str:
        """The strongest way the entity was recognised."""
        methods = {m.method for m in self.mentions} or {"ner"}
        # ties (and methods not ranked) break by name, never by set order: same input, same bytes
        return min(methods, key=lambda m: (METHOD_RANK.index(m) if m in METHOD_RANK else len(METHOD_RANK), m))

    @property
    def confidence(self) -> float:
        """The best match score of any mention."""
        return max((m.score for m in self.mentions), default=0.5)

    @property
    def first_second(self) -> float | None:
        """Second of audio of the first mention, if timestamps exist."""
        seconds = [m.second for m in self.mentions if m.second is not None]
        return min(seconds) if seconds else None


@dataclass
class SpeakerCue:
    """One piece of evidence for who a voice is: the kind of cue, the words, where, and its weight."""

    kind: str  # self, introduced, addressed, title, file, clip, by-elimination
    quote: str
    utterance: int
    second: float | None
    weight: float


@dataclass
class Speaker:
    """A diarization label and, when the transcript says so, the person behind it."""

    label: str
    person: str | None = None  # entity key
    confidence: float = 0.0
    evidence: str | None = None
    evidence_utterance: int = -1
    evidence_second: float | None = None
    role: str | None = None
    words: int = 0
    cues: list[SpeakerCue] = field(default_factory=list)
    # utterance index -> the voice whose words it is, where that differs from its label (labels that
    # lag the words by a line); None when the episode's labels sit right
    lines: dict[int, str] | None = None


@dataclass
class Evidence:
    """The words behind a fact."""

    quote: str
    utterance: int
    second: float | None
    speaker: str | None  # diarization label
    rule: str
    confidence: float
    from_ad: bool = False  # heard in a sponsor read ('this episode is brought to you by ...')
    also_read_by: tuple[str, ...] = ()  # other rules that read the same words: one evidence, the surer rule's


@dataclass
class Fact:
    """A relation between two entities with every evidence that supports it."""

    subject: str
    predicate: str
    object: str
    evidence: list[Evidence] = field(default_factory=list)
    start_year: str | None = None
    duration: str | None = None

    @property
    def confidence(self) -> float:
        """Noisy-or of the evidence confidences."""
        p = 1.0
        for ev in self.evidence:
            p *= 1 - ev.confidence
        return round(1 - p, 3)


@dataclass
class EpisodeInfo:
    """Header fields of an episode."""

    stem: str
    source: str
    title: str | None
    show: str | None
    date: str | None
    media_url: str | None
    language: str = "en"
    utterances: int = 0
    words: int = 0


@dataclass
class Decision:
    """How the linker decided one candidate name: its features, score and verdict (for ``--explain``)."""

    name: str
    type: str
    key: str
    score: float
    accepted: bool
    features: dict[str, float] = field(default_factory=dict)
    forms: list[str] = field(default_factory=list)


@dataclass
class EpisodeResult:
    """Everything kg extracted from one episode."""

    episode: EpisodeInfo
    entities: dict[str, Entity] = field(default_factory=dict)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
