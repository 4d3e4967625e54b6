"""The model every reader fills: an :class:`Episode` of :class:`Utterance` lines, grouped into :class:`Turn` s.

Everything downstream of the readers sees only Episodes: the rest of kg knows nothing of file formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


TITLE_INDEX = -1  # utterance index of the header's title line
SHOW_INDEX = -2  # utterance index of the header's show line
# A longer run of one voice (a caption dump on one line, a talk without diarization) is cut into turns of at
# most this size, at a line that ends a sentence where one does: the language models' working memory grows
# with the length of a text (~5 KB a character at its peak), so this bounds it whatever the input.
MAX_TURN_CHARS = 50_000
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’)\]]*$")


@dataclass(frozen=True)
class Utterance:
    """One transcript line: its position, start second, diarization label and words."""

    index: int
    start: float | None
    speaker: str | None
    text: str
    labelled: bool = True  # False when the line had no label and continues the previous speaker


@dataclass(frozen=True)
class Turn:
    """Consecutive utterances of one speaker, joined so that sentences that run across lines parse whole."""

    speaker: str | None
    text: str
    utterances: tuple[Utterance, ...]
    offsets: tuple[int, ...]  # character offset of each utterance's text within ``text``

    @property
    def is_header(self) -> bool:
        """The turn is a header line (title or show), not speech."""
        return self.speaker is None and self.utterances[0].index < 0

    @property
    def is_title(self) -> bool:
        """The turn is the header's title line."""
        return self.speaker is None and self.utterances[0].index == TITLE_INDEX

    def utterance_at(self, char: int) -> Utterance:
        """The utterance that contains character offset ``char`` of the joined text."""
        chosen = self.utterances[0]
        for offset, utt in zip(self.offsets, self.utterances):
            if offset > char:
                break
            chosen = utt
        return chosen


@dataclass
class Episode:
    """A transcript: header fields (when the file has them) and its utterances."""

    source: str
    stem: str
    title: str | None = None
    show: str | None = None
    date: str | None = None
    video_id: str | None = None
    media_url: str | None = None
    utterances: list[Utterance] = field(default_factory=list)
    # label -> the person's name as the file itself gives it (WebVTT voice tags, a JSON export's speaker
    # map, "Jane Smith:" prefixes, Otter/Rev voice lines); such a voice's label IS that name, so the map is
    # {"Jane Smith": "Jane Smith"}; empty when the file only has anonymous labels such as SPEAKER_00
    speaker_names: dict[str, str] = field(default_factory=dict)

    def turns(self) -> list[Turn]:
        """Group consecutive utterances of the same speaker into turns (of at most :data:`MAX_TURN_CHARS`)."""
        turns: list[Turn] = []
        group: list[Utterance] = []
        size = 0
        for utt in self.utterances:
            if group and utt.speaker != group[-1].speaker:
                turns.append(make_turn(group))
                group, size = [], 0
            elif group and size + len(utt.text) > MAX_TURN_CHARS:
                cut = sentence_cut(group)
                turns.append(make_turn(group[:cut]))
                group = group[cut:]
                size = sum(len(u.text) + 1 for u in group)
            group.append(utt)
            size += len(utt.text) + 1
        if group:
            turns.append(make_turn(group))
        return turns

    def header_turns(self) -> list[Turn]:
        """The title and the show name as turns of their own (utterance index :data:`TITLE_INDEX`,
        :data:`SHOW_INDEX`; no speaker):
        headers often name the guests, their companies and the show, and that is evidence too."""
        turns = []
        for index, text in ((TITLE_INDEX, self.title), (SHOW_INDEX, self.show)):
            if text:
                turns.append(Turn(None, text, (Utterance(index, None, None, text),), (0,)))
        return turns

    def media_link(self, second: float | None) -> str | None:
        """The media URL at ``second`` (YouTube style ``&t=61s``), or None without a URL."""
        if not self.media_url:
            return None
        if second is None:
            return self.media_url
        sep = "&" if "?" in self.media_url else "?"
        return f"{self.media_url}{sep}t={int(second)}s"

    @property
    def speakers(self) -> list[str]:
        """Distinct speaker labels in order of first appearance."""
        seen: dict[str, None] = {}
        for utt in self.utterances:
            if utt.speaker is not None:
                seen.setdefault(utt.speaker, None)
        return list(seen)


def make_turn(group: list[Utterance]) -> Turn:
    """One turn of consecutive utterances: their texts joined by a space, with each one's offset."""
    offsets, parts, pos = [], [], 0
    for utt in group:
        offsets.append(pos)
        parts.append(utt.text)
        pos += len(utt.text) + 1
    return Turn(group[0].speaker, " ".join(parts), tuple(group), tuple(offsets))


def sentence_cut(group: list[Utterance]) -> int:
    """Where to cut a run that has grown too long: after its last utterance that ends a sentence, when that
    keeps at least half the run in the first turn; else before the newest utterance."""
    for k in range(len(group), len(group) // 2, -1):
        if _SENTENCE_END.search(group[k - 1].text):
            return k
    return len(group)
