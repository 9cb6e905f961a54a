"""A user's data in the AI service: erase all of it (account deletion), export all of it."""
