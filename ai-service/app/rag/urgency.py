"""Urgent questions (something eaten, poisoning, an urgent sign) and questions about other species.

A rule, not a threshold: an urgent question is never abstained; its answer leads with the urgent-care
guidance ("call your vet or a pet poison line now") and then the guides' facts. A question whose
subject is another animal than a dog or a cat is abstained, saying what the knowledge base covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Urgency(StrEnum):
    INGESTION = "ingestion"  # ate / swallowed / got into something, or poisoning
    SIGN = "sign"  # bleeding, collapse, breathing trouble, seizures, bloat, straining to urinate, paralysis


_INGESTION = re.compile(
    r"\b(?:ate|eaten|swallow(?:ed|s)?|gulped|gobbled|scoffed|wolfed|devoured|ingested|drank|drunk|"
    r"got into|has had some|had some of|chewed (?:up|through|on)? ?(?:a|an|some|the|my|his|her)? ?(?:\w+ )?"
    r"(?:pills?|tablets?|medicine|batter(?:y|ies)|gum|chocolate|bulbs?|plants?|lil(?:y|ies)|poison|bait|pellets)|"
    r"licked (?:up )?(?:\w+ ){0,3}"
    r"(?:pollen|poison|antifreeze|oil|cream|medicine|chemicals?|paint|bleach|flea|spot[- ]on))\b",
    re.I,
)
_POISONING = re.compile(
    r"\b(?:poisoned|been poisoned|poisoning|(?:rat|mouse|slug|rodent) (?:poison|bait|pellets|killer)|antifreeze|"
    r"overdose)\b",
    re.I,
)
_SIGNS = re.compile(
    r"\b(?:bleed(?:ing|s)?|won'?t stop bleeding|losing (?:a lot of )?blood|pouring (?:with )?blood|"
    r"collaps\w*|passed out|faint(?:ed|ing|s)?|keeled over|unconscious|unresponsive|can'?t (?:stand|get up)|"
    r"can'?t breathe|cannot breathe|struggling to breathe|difficulty breathing|trouble breathing|hard to breathe|"
    r"gasping|choking|blue gums|gums (?:have )?(?:gone|turned|are|look) (?:blue|white|pale|grey)|"
    r"open[- ]mouth(?:ed)? breathing|panting with (?:his|her|its|their) mouth open|"
    r"breathing (?:very )?(?:fast|heavily|hard) at rest|"
    r"seiz\w*|fits?|fitting|having a fit|convuls\w*|"
    r"bloat(?:ed)?|swollen (?:belly|tummy|abdomen|stomach)|"
    r"(?:belly|tummy|stomach|abdomen) (?:is )?(?:all )?(?:swollen|bloated|hard|tight)|"
    r"trying to (?:be sick|vomit|throw up)[^.?!]{0,25}nothing|retch\w*[^.?!]{0,25}nothing|"
    r"strain\w*[^.?!]{0,60}(?:litter|pee|wee|urin\w*|toilet|tray)|(?:litter|tray)[^.?!]{0,60}strain\w*|"
    r"(?:can'?t|cannot|unable to) (?:pee|wee|urinate)|"
    r"paraly[sz]\w*|can'?t (?:use|move|feel) (?:his|her|its|their) (?:back|hind|rear) legs|"
    r"dragging (?:his|her|its|their) (?:back|hind|rear) legs|suddenly can'?t walk|heat ?stroke)\b",
    re.I,
)
# An urgent sign counts when it is happening to the owner's pet ("my dog collapsed"), not when a breed's
# traits are asked about ("Why do Pugs have trouble breathing?").
_PERSONAL = re.compile(
    r"\b(?:my|our|mine|he|she|he'?s|she'?s|him|her|his|hes|shes|the (?:dog|cat|puppy|pup|kitten))\b", re.I
)

_DOGS_AND_CATS = re.compile(
    r"\b(?:dogs?|pupp(?:y|ies)|pups?|doggos?|doggies|doggy|pooch|canines?|cats?|kittens?|kitty|kitties|felines?|"
    r"tom ?cats?|queens?)\b",
    re.I,
)
_OTHER_ANIMALS = re.compile(
    r"\b(?:rabbits?|bunn(?:y|ies)|hamsters?|gerbils?|guinea ?pigs?|chinchillas?|degus?|ferrets?|hedgehogs?|"
    r"rats?|mice|mouse|budgies?|budgerigars?|parrots?|cockatiels?|canar(?:y|ies)|parakeets?|birds?|lovebirds?|"
    r"horses?|pon(?:y|ies)|donkeys?|tortoises?|turtles?|terrapins?|snakes?|lizards?|geckos?|"
    r"bearded dragons?|iguanas?|axolotls?|frogs?|toads?|tarantulas?|spiders?|goldfish|fish|bettas?|koi|guppies|"
    r"chickens?|hens?|ducks?|goats?|sheep|cows?|pigs?)\b",
    re.I,
)
# Another animal named as food, poison or prey is not the question's subject.
_NOT_THE_SUBJECT = re.compile(
    r"\b(?:rat|mouse|slug|rodent) (?:poison|bait|pellets|killer|traps?)|\b(?:fish|chicken|duck|lamb|rabbit|turkey|"
    r"beef|pork) (?:oil|food|meat|bones?|skin|treats?|flavou?r|biscuits?|and rice)|\b(?:plain|boiled|cooked|raw|white|"
    r"oily) (?:fish|chicken|duck|rabbit)|"
    r"\b(?:catch\w*|caught|hunt\w*|chas\w*|brings? (?:in|home)|kill\w*|eats?|ate|eaten)"
    r" (?:\w+ )?(?:mice|mouse|birds?|rats?|rabbits?|frogs?|toads?|lizards?|fish)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Subject:
    other_species: str | None  # the animal named first, when it is neither a dog nor a cat


def urgency_of(question: str) -> Urgency | None:
    """INGESTION for something eaten or a poisoning, SIGN for an urgent sign in one's own pet, else None."""
    if _INGESTION.search(question) or _POISONING.search(question):
        return Urgency.INGESTION
    if _SIGNS.search(question) and _PERSONAL.search(question):
        return Urgency.SIGN
    return None


def other_species_in(question: str) -> str | None:
    """The other animal the question is about ("can my budgie eat grapes?" -> "budgie"), if its first-named
    animal is neither a dog nor a cat (a breed named counts as a dog or a cat: pass `known_pet_at`)."""
    cleaned = _NOT_THE_SUBJECT.sub(" ", question)
    other = _OTHER_ANIMALS.search(cleaned)
    if other is None:
        return None
    pet = _DOGS_AND_CATS.search(cleaned)
    if pet is not None and pet.start() < other.start():
        return None
    return other.group(0).lower()


def urgent_words(question: str) -> str:
    """The words of the question that made it urgent ("won't stop bleeding", "ate a grape")."""
    found = [match.group(0) for pattern in (_INGESTION, _POISONING, _SIGNS) for match in pattern.finditer(question)]
    return " ".join(found)
