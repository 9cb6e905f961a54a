"""Prompts for the vision LLM, kept together so they can be tuned in one place."""

PET_PROMPT = """You are a veterinary breed expert. Identify the pet in the photo.
A fast image classifier suggests these ImageNet-based candidates (probabilities).
Candidates:
{candidates}
The classifier thinks the species is {species}. Use the candidates as hints, not as the answer: \
name the breed you actually see, using the common English breed name (e.g. "Pembroke Welsh Corgi"). \
If the animal looks like a mix, set is_mixed to true and list the likely parent_breeds. \
confidence is your probability (0 to 1) that the breed is right. \
traits.size is one of toy, small, medium, large, giant; traits.energy_level is one of low, moderate, high, very_high. \
description: two or three sentences about this animal and its breed. Answer only with JSON matching the schema."""

PEDIGREE_PROMPT = """This image should be a pedigree certificate or registration paper of a dog or a cat. \
Read it and extract: the animal's registered name, breed, registration number, date of birth (YYYY-MM-DD), \
sex, colour, sire (father), dam (mother), breeder, owner and the issuing registry or kennel club. \
Use null for anything that is not on the document or not legible; do not guess. \
Answer only with JSON matching the schema."""

RETRY_SUFFIX = "\nYour previous answer was not valid JSON for the schema. Answer again with only the JSON object."
