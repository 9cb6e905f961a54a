"""May the breed be acted on? Calibrated certainty from the evidence, not from one probability.

The classifier alone is trusted when its top breed is probable, clearly ahead of the runner-up, and
not a breed that breeds outside its vocabulary are commonly mistaken for (the catalog's
`mistaken_for` data: a "Samoyed" may be an Akita or an American Eskimo Dog). The VLM is trusted when
it is confident itself and the classifier agrees (the breed is among its candidates, or the VLM names
a breed the classifier is known to mistake for its top answer). A mix is never a breed to act on.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.breeds import BreedCatalog
from app.breeds.catalog import normalise_name
from app.vision.schemas import Alternative, Candidate

MAX_ALTERNATIVES = 3


@dataclass(frozen=True, slots=True)
class CertaintyRules:
    min_top: float = 0.6  # top-1 breed probability
    min_margin: float = 0.3  # over the runner-up breed
    look_alike_min_top: float = 0.9  # when breeds outside the vocabulary are mistaken for the top one
    vlm_min_confidence: float = 0.7  # the VLM's own confidence, with the classifier agreeing
    vlm_alone_min_confidence: float = 0.9  # the VLM's confidence when no classifier answered
    agreement_min_probability: float = 0.1  # a candidate this probable counts as the classifier agreeing


DEFAULT_RULES = CertaintyRules()


def classifier_is_confident(
    candidates: list[Candidate], breeds: BreedCatalog, rules: CertaintyRules = DEFAULT_RULES
) -> bool:
    if not candidates:
        return False
    top = candidates[0].probability
    runner_up = candidates[1].probability if len(candidates) > 1 else 0.0
    needed = rules.look_alike_min_top if breeds.look_alikes(candidates[0].breed) else rules.min_top
    return top >= needed and top - runner_up >= rules.min_margin


def classifier_agrees(
    breed: str, candidates: list[Candidate], breeds: BreedCatalog, rules: CertaintyRules = DEFAULT_RULES
) -> bool:
    """The VLM's `breed` is one the classifier supports: a probable candidate, or a breed it is known to
    mistake for its top candidate (it cannot name that breed, so this is the best agreement possible)."""
    if not candidates:
        return False
    wanted = normalise_name(breed)
    if any(normalise_name(c.breed) == wanted and c.probability >= rules.agreement_min_probability for c in candidates):
        return True
    return any(normalise_name(p.name) == wanted for p in breeds.look_alikes(candidates[0].breed))


def vlm_is_confident(
    *,
    breed: str,
    confidence: float,
    is_mixed: bool,
    candidates: list[Candidate] | None,
    breeds: BreedCatalog,
    rules: CertaintyRules = DEFAULT_RULES,
) -> bool:
    """`candidates` None: the classifier did not run (then the VLM must be very sure on its own)."""
    if is_mixed:
        return False
    if candidates is None:
        return confidence >= rules.vlm_alone_min_confidence
    return confidence >= rules.vlm_min_confidence and classifier_agrees(breed, candidates, breeds, rules)


def alternatives(
    candidates: list[Candidate], *, vlm_breed: str | None = None, vlm_confidence: float = 0.0
) -> list[Alternative]:
    """Up to three breeds with their confidences, best first: the classifier's candidates, and the VLM's
    breed when the classifier did not list it."""
    found = [Alternative(breed=c.breed, confidence=round(c.probability, 4)) for c in candidates]
    if vlm_breed and all(normalise_name(a.breed) != normalise_name(vlm_breed) for a in found):
        found.append(Alternative(breed=vlm_breed, confidence=round(vlm_confidence, 4)))
    return sorted(found, key=lambda a: a.confidence, reverse=True)[:MAX_ALTERNATIVES]


def shared_size(choices: list[Alternative], breeds: BreedCatalog) -> str | None:
    """The size every alternative has in the catalog, or None when they differ or one is unknown."""
    sizes = {getattr(breeds.get(a.breed), "size", None) for a in choices}
    return next(iter(sizes)) if len(sizes) == 1 and None not in sizes else None
