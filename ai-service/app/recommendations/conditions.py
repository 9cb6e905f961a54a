"""Health conditions as free text (owners, breed data, products) folded into a small set of groups.

Owners type "hip dysplasia", the breed data says "Hip and elbow dysplasia", a supplement says
"arthritis": all three are about joints. Matching on groups instead of exact strings makes the
product's `conditions` meet the pet's conditions whatever words each side used.
"""

from __future__ import annotations

from collections.abc import Iterable

# group -> keywords (lower-case substrings). Order matters only for readability.
CONDITION_GROUPS: dict[str, tuple[str, ...]] = {
    "joint": (
        "dysplasia",
        "arthritis",
        "joint",
        "patellar",
        "luxat",
        "cruciate",
        "osteochondr",
        "mobility",
        "legg-calv",
        "legg calv",
    ),
    "spine": ("intervertebral", "ivdd", "disc disease", "back problem", "spinal"),
    "dental": ("dental", "periodont", "gingivit", "tooth", "teeth", "tartar", "stomatitis", "resorptive"),
    "weight": ("obes", "overweight", "weight gain", "diabet"),
    "skin": ("skin", "allerg", "dermatit", "atopy", "atopic", "hot spot", "itch", "seborrh", "alopecia"),
    "digestive": ("stomach", "digest", "diarrh", "bowel", "gastro", "pancreat", "colitis", "vomit"),
    "hairball": ("hairball", "trichobezoar"),
    "kidney": ("kidney", "renal", "polycystic"),
    "urinary": ("urinary", "bladder", "flutd", "cystitis", "crystal", "struvite", "urolith"),
    "heart": ("heart", "cardi", "mitral", "valve"),
    "eye": (
        "eye",
        "cataract",
        "retina",
        "glaucoma",
        "entropion",
        "ectropion",
        "cherry eye",
        "tear",
        "corneal",
        "vision",
    ),
    "ear": ("ear infection", "otitis", "ear problem"),
    "airway": ("brachycephal", "airway", "breathing", "trachea", "respiratory", "heat intolerance"),
    "bloat": ("bloat", "gastric dilat", "volvulus", "gdv"),
    "anxiety": ("anxiety", "separation", "stress", "fear", "noise phobia"),
    "parasites": ("flea", "tick", "parasite", "mange"),
    "cognitive": ("cognitive", "dementia", "senility"),
}

GROUP_LABELS: dict[str, str] = {
    "joint": "joint health",
    "spine": "back and spine health",
    "dental": "dental health",
    "weight": "weight control",
    "skin": "skin and coat health",
    "digestive": "digestion",
    "hairball": "hairball control",
    "kidney": "kidney health",
    "urinary": "urinary tract health",
    "heart": "heart health",
    "eye": "eye health",
    "ear": "ear health",
    "airway": "easy breathing",
    "bloat": "bloat prevention",
    "anxiety": "calm behaviour",
    "parasites": "parasite protection",
    "cognitive": "mental sharpness",
}

ALL_GROUPS: tuple[str, ...] = tuple(CONDITION_GROUPS)


def condition_groups(conditions: Iterable[str]) -> set[str]:
    """The groups a list of free-text conditions falls into; unknown conditions fall into none."""
    groups: set[str] = set()
    for condition in conditions:
        text = condition.lower()
        groups.update(
            group for group, keywords in CONDITION_GROUPS.items() if any(keyword in text for keyword in keywords)
        )
    return groups


def conditions_in_group(conditions: Iterable[str], group: str) -> list[str]:
    """The conditions (as written) that fall into `group`."""
    return [condition for condition in conditions if group in condition_groups([condition])]
