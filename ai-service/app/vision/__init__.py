"""Pet identification from a photo: an offline CPU classifier, refined by a vision LLM when it answers."""
