"""What a question asks for, and whether a sentence carries that kind of content.

A "when"/"how long" question is answered by a sentence with a time or an age in it, a "how much" question
by one with an amount, "is it safe to..." by a safety judgement, "why"/"what is wrong" by a cause or a
named condition. Answer selection prefers such sentences; abstention requires one (see answering.py).
"""

from __future__ import annotations

import re
from enum import StrEnum

from app.rag.relevance import content_terms


class AskedFor(StrEnum):
    TIME = "time"  # when, what age, how long, how often
    AMOUNT = "amount"  # how much, how many, how big, a dose, a cost
    SAFETY = "safety"  # can I give..., is it ok / safe..., is X bad for...
    ACTION = "action"  # what should I do, how do I...
    SIGN = "sign"  # what are the signs / symptoms
    CAUSE = "cause"  # why, what causes, what is wrong, which disease
    GENERAL = "general"


_NUMBER = (
    r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|a few|several|a couple of|half an?|an?)"
)
_TIME_UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|teens|decades?)"

_ASKS_TIME = re.compile(
    r"^(?:\W*\w+\W+){0,2}when\b|\b(?:what age|how old|how long|how often|how soon|how frequently|at what age|how many "
    r"(?:hours|days|weeks|months|years|times)|life ?span|life expectancy|how quickly|too often)\b",
    re.I,
)
_ASKS_AMOUNT = re.compile(
    r"\b(?:how much|how many|how big|how heavy|how tall|how deep|how far|how fast|what size|what weight|"
    r"weigh|doses?|dosage|cost|price|temperature|how large|how small)\b",
    re.I,
)
_ASKS_SAFETY = re.compile(
    r"^(?:is|are|can|could|should|may|would|will|do|does|it'?s)\b.*\b(?:safe|ok|okay|alright|all right|toxic|"
    r"poisonous|dangerous|bad|harmful|give|eat|use|shave|feed|drink|tap|smack|punish)\b|"
    r"\bis it (?:ok|okay|safe|fine)\b|"
    r"\b(?:would|will|is|are) (?:\w+ ){0,4}(?:be )?(?:ok|okay|safe|alright|fine|suitable)\b",
    re.I,
)
_ASKS_ACTION = re.compile(
    r"\b(?:what (?:should|do|can|must) (?:i|we) do|what to do|how (?:do|can|should|would) (?:i|we)|how to|"
    r"help\b|get (?:it|them|him|her) off|stop (?:him|her|them|it|my)|what can i do)",
    re.I,
)
_ASKS_SIGN = re.compile(r"\b(?:signs?|symptoms?|how (?:do|can|would|will) (?:i|you) (?:know|tell))\b", re.I)
_ASKS_CAUSE = re.compile(
    r"^why\b|\bwhy (?:is|does|do|are|has|have|did|would)\b|\bwhat (?:causes|caused|makes)\b|"
    r"\bwhat(?:'s| is| could be| might be) (?:wrong|it|this|that|causing|the cause)\b|\bbreed thing\b|\bcould it be\b|"
    r"\bwhat (?:\w+ )?(?:problems?|diseases?|conditions?|illness(?:es)?|issues?)\b|\bknown for\b|\bprone to\b",
    re.I,
)
# A statement about one's own pet (no question word) describing signs: it asks what the condition is.
_DESCRIBES_OWN_PET = re.compile(r"^\s*(?:my|our|old|the)\b", re.I)

_TIME_CONTENT = re.compile(
    rf"\b{_NUMBER}(?:\s*(?:to|-|–|or)\s*{_NUMBER})?(?:\s+\w+){{0,2}}?\s+{_TIME_UNIT}\b|"
    r"\b(?:daily|weekly|monthly|yearly|annual(?:ly)?|every|once|twice|times a|"
    r"(?:early|mid|late)[- ](?:to[- ]mid[- ])?teens|"
    r"teens|puberty|before|after|until|from about|from|at around)\b",
    re.I,
)
_STRICT_TIME_CONTENT = re.compile(
    rf"\b{_NUMBER}(?:\s*(?:to|-|–|or)\s*{_NUMBER})?(?:\s+\w+){{0,2}}?\s+{_TIME_UNIT}\b|"
    r"\b(?:daily|weekly|monthly|yearly|annual(?:ly)?|every \w+|once|twice|\d+ times|"
    r"(?:early|mid|late)[- ](?:to[- ]mid[- ])?teens|"
    r"teens|mid-teens)\b",
    re.I,
)
_AMOUNT_CONTENT = re.compile(
    r"\b\d+(?:[.,]\d+)?\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|several|half|"
    r"percent|dozen)\b|\b(?:kg|cm|g|mg|ml|lb|lbs)\b|\bat least\b|\bno more than\b|\bvery little\b|\bunder \w+",
    re.I,
)
_COST = re.compile(r"\b(?:cost|costs|price|prices|expensive|cheap)\b", re.I)
_COST_CONTENT = re.compile(r"[$£€]\s?\d|\b\d+\s?(?:pounds|dollars|euros|usd|gbp|eur)\b", re.I)
_TEMPERATURE = re.compile(r"\btemperature\b", re.I)
_TEMPERATURE_CONTENT = re.compile(r"\d+(?:[.,]\d+)?\s?(?:°|degrees|ºC|ºF)", re.I)
_DOSE = re.compile(r"\bdos(?:e|es|age)\b", re.I)
_DOSE_CONTENT = re.compile(r"\d+(?:[.,]\d+)?\s?(?:mg|ml|micrograms?|mcg|tablets?)\b", re.I)
_SPEED = re.compile(r"\bhow fast\b(?!.*\b(?:lose|losing|grow|growing|gain))", re.I)
_SPEED_CONTENT = re.compile(r"\b(?:km/h|kph|mph|miles per hour|kilometres per hour)\b", re.I)
_SAFETY_CONTENT = re.compile(
    r"\b(?:never|do not|don'?t|avoid|toxic|poison\w*|dangerous|fatal|safe|safely|harm\w*|unsafe|must not|"
    r"should not|shouldn'?t|not (?:a )?safe|intolerant|worse|unless|only|instead|risk\w*|can cause|causes?)\b",
    re.I,
)
_ACTION_CONTENT = re.compile(
    r"^(?:\w+ly )?(?:keep|use|give|feed|brush|contact|call|take|remove|check|ask|walk|clean|provide|offer|avoid|"
    r"never|do not|don'?t|stop|start|try|introduce|put|make|teach|reward|wipe|weigh|switch|change|bring|go|"
    r"treat|choose|discuss|watch|let|say)\b|\b(?:should|can help|helps|help|is best|works best|try|use a|with a)\b",
    re.I,
)
_SIGN_CONTENT = re.compile(
    r"\b(?:signs?|symptoms?|include|includes|such as|shows?|may (?:show|indicate|signal|suggest)|"
    r"can (?:indicate|signal|be a sign)|"
    r"suggests?|indicates?|warning)\b",
    re.I,
)
_CAUSE_CONTENT = re.compile(
    r"\b(?:because|caus\w+|due to|linked|leads? to|results? (?:from|in)|gene|genetic|inherited|variant|mutation|"
    r"prone|predisposed|triggers?|allerg\w*|disease|syndrome|condition|infection|insufficiency|failure|collapse|"
    r"dysplasia|luxation|cardiomyopathy|myelopathy|\w+itis|\w+osis|\w+pathy|\w+oma|cancer|tumours?|blockage|"
    r"dysfunction|parasites?|fleas?|mites?|worms?|bloat|paralysis|instincts?|bred|drive|nature|natural(?:ly)?)\b",
    re.I,
)
# Traits a breed's own guide states (an owner asking about a Pug's lifespan wants the Pug's, not cats' in general).
_BREED_TRAIT = re.compile(
    r"\b(?:live|lives|life ?span|life expectancy|weigh\w*|heavy|big|tall|size|grown|growing|exercise|shed\w*|"
    r"groom\w*|haircut|coat|temperament|personality|bark\w*|howl\w*|energy|active)\b",
    re.I,
)

# Words that say what kind of answer is wanted, not what it is about.
_TYPE_WORDS = frozenset(
    {
        "long",
        "often",
        "old",
        "age",
        "much",
        "mani",
        "big",
        "heavi",
        "tall",
        "deep",
        "far",
        "fast",
        "size",
        "weight",
        "weigh",
        "usual",
        "typic",
        "normal",
        "general",
        "hour",
        "day",
        "week",
        "month",
        "year",
        "time",
        "minut",
        "expect",
        "safe",
        "okay",
        "bad",
        "ok",
        "happen",
        "wrong",
        "caus",
        "reason",
        "thing",
        "sign",
        "symptom",
        "know",
        "known",
        "tell",
        "doe",
        "get",
        "got",
        "easili",
        "lot",
        "wont",
        "dont",
        "cant",
        "keep",
        "dog",
        "cat",
        "pet",
        "puppi",
        "kitten",
        "pup",
        "want",
        "think",
        "realli",
        "help",
        "pleas",
        "worri",
        "question",
    }
)


def asked_for(question: str) -> AskedFor:
    text = question.strip()
    if _ASKS_TIME.search(text):
        return AskedFor.TIME
    if _ASKS_AMOUNT.search(text):
        return AskedFor.AMOUNT
    if _ASKS_CAUSE.search(text):
        return AskedFor.CAUSE
    if _ASKS_SIGN.search(text):
        return AskedFor.SIGN
    if _ASKS_SAFETY.search(text):
        return AskedFor.SAFETY
    if _ASKS_ACTION.search(text):
        return AskedFor.ACTION
    if _DESCRIBES_OWN_PET.search(text):
        return AskedFor.CAUSE  # "my dog eats loads but loses weight": which condition is it?
    return AskedFor.GENERAL


def needs_specific_content(kind: AskedFor) -> bool:
    """Kinds a sentence must carry to answer at all (otherwise: abstain on the fact)."""
    return kind in (AskedFor.TIME, AskedFor.AMOUNT, AskedFor.SAFETY, AskedFor.CAUSE)


def carries(kind: AskedFor, sentence: str, *, question: str = "") -> bool:
    """Whether `sentence` holds content of the kind asked for (a time, an amount, a cause...)."""
    if kind is AskedFor.TIME:
        return bool(_STRICT_TIME_CONTENT.search(sentence))
    if kind is AskedFor.AMOUNT:
        if _COST.search(question):
            return bool(_COST_CONTENT.search(sentence))
        if _TEMPERATURE.search(question):
            return bool(_TEMPERATURE_CONTENT.search(sentence))
        if _DOSE.search(question):
            return bool(_DOSE_CONTENT.search(sentence))
        if _SPEED.search(question):
            return bool(_SPEED_CONTENT.search(sentence))
        return bool(_AMOUNT_CONTENT.search(sentence))
    if kind is AskedFor.SAFETY:
        return bool(_SAFETY_CONTENT.search(sentence))
    if kind is AskedFor.ACTION:
        return bool(_ACTION_CONTENT.search(sentence))
    if kind is AskedFor.SIGN:
        return bool(_SIGN_CONTENT.search(sentence))
    if kind is AskedFor.CAUSE:
        return bool(_CAUSE_CONTENT.search(sentence))
    return True


def counts(noun: str, sentence: str) -> bool:
    """A number stands before `noun` (a stem) in the sentence: "one litter box", "3 to 5 cm"."""
    return bool(re.search(rf"\b{_NUMBER}\s+(?:\w+\s+){{0,2}}?{re.escape(noun)}\w*", sentence, re.I))


def asks_breed_trait(question: str) -> bool:
    return bool(_BREED_TRAIT.search(question))


def topic_terms(question: str, *, exclude: set[str] | None = None) -> set[str]:
    """The question's content words (stemmed) that say what it is about, not what kind of answer it wants."""
    return {term for term in content_terms(question) if term not in _TYPE_WORDS and term not in (exclude or set())}
