"""Who is speaking: every cue for every diarization label, weighed, then solved as an assignment."""
