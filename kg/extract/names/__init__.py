"""Names: candidate spans, their match to the lexicon by spelling and sound, the one scoring
function that links them, and one entity per real thing."""
