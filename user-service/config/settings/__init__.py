"""Settings split: base (everything from the environment), local, production, test."""
