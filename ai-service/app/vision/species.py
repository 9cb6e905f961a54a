"""Dog, cat or no pet, from the classifier's TOTAL probability per species, combined with the VLM's answer.

Why totals: a dog the classifier cannot name (a mixed breed, a breed outside its vocabulary) spreads
its probability over many dog classes and over wolves, foxes and dingoes; the top class alone can be
small while the species is certain. Measured on real photos (EfficientNet-Lite0, TF-style input):
scikit-image's chelsea.png (a cat) scores cat=0.92; 25 non-pet photos and scans from scikit-image
score at most dog=0.28 (grass.png), most below 0.05. The black horse silhouette (horse.png) scores
dog=0.72: a two-tone image has an outline and nothing else, so it needs far stronger evidence.

Between "clearly no pet" and "accepted" lies a grey zone where the VLM, when it answers, decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.vision.classifier import Classification

PET_THRESHOLD = 0.4  # species total (domestic + related classes) accepted as a pet
MIN_DOMESTIC = 0.1  # ... of which at least this much on domestic classes (a wolf photo is not a pet)
BOTH_SPECIES_THRESHOLD = 0.5  # dog + cat together: certainly a pet, the larger species wins
GREY_ZONE = 0.1  # below this total nothing suggests a pet: refused without asking the VLM
SILHOUETTE_TWO_TONE = 0.95  # two-tone share from which an image counts as a silhouette or drawing
SILHOUETTE_THRESHOLD = 0.95  # species total a silhouette needs
VLM_OVERRULED_AT = 0.8  # a classifier this sure of a species is not overruled by the VLM

SpeciesDecision = Literal["dog", "cat", "none"]
VlmSpecies = Literal["dog", "cat", "other"]


@dataclass(frozen=True, slots=True)
class SpeciesEvidence:
    dog: float  # domestic dog classes + wild canids
    cat: float  # domestic cat classes + cougar and lynx
    dog_domestic: float
    cat_domestic: float
    silhouette: bool

    @property
    def leading(self) -> Literal["dog", "cat"]:
        return "dog" if self.dog >= self.cat else "cat"

    def total(self, species: str) -> float:
        return self.dog if species == "dog" else self.cat if species == "cat" else 0.0

    def domestic(self, species: str) -> float:
        return self.dog_domestic if species == "dog" else self.cat_domestic if species == "cat" else 0.0

    @property
    def in_grey_zone(self) -> bool:
        """Not accepted by the classifier alone, but enough of a pet signal to ask the VLM."""
        return decide_from_evidence(self) == "none" and max(self.dog, self.cat) >= GREY_ZONE


def species_evidence(classification: Classification) -> SpeciesEvidence:
    return SpeciesEvidence(
        dog=classification.dog_probability + classification.dog_related_probability,
        cat=classification.cat_probability + classification.cat_related_probability,
        dog_domestic=classification.dog_probability,
        cat_domestic=classification.cat_probability,
        silhouette=classification.two_tone_share >= SILHOUETTE_TWO_TONE,
    )


def decide_from_evidence(evidence: SpeciesEvidence) -> SpeciesDecision:
    species = evidence.leading
    if evidence.silhouette:
        return species if evidence.total(species) >= SILHOUETTE_THRESHOLD else "none"
    if evidence.domestic(species) < MIN_DOMESTIC:
        return "none"
    if (
        evidence.total(species) >= PET_THRESHOLD
        or evidence.dog_domestic + evidence.cat_domestic >= BOTH_SPECIES_THRESHOLD
    ):
        return species
    return "none"


def decide_species(classification: Classification) -> SpeciesDecision:
    """The classifier's decision on its own (when the VLM does not answer)."""
    return decide_from_evidence(species_evidence(classification))


def combine_with_vlm(evidence: SpeciesEvidence | None, vlm_species: VlmSpecies) -> SpeciesDecision:
    """The species when the VLM answered too. The VLM sees the whole animal and wins, except against
    a classifier that is very sure of a species (VLMs sometimes call a clear pet "other")."""
    if evidence is None:
        return "none" if vlm_species == "other" else vlm_species
    sure = (
        evidence.leading if evidence.total(evidence.leading) >= VLM_OVERRULED_AT and not evidence.silhouette else None
    )
    if vlm_species == "other":
        return sure or "none"
    if sure is not None and sure != vlm_species:
        return sure
    return vlm_species
