"""Answer selection by what the question asks for, and abstention on the fact (not the topic)."""

from __future__ import annotations

import pytest

from app.rag.question_types import AskedFor, asked_for, carries
from app.rag.runtime import RagRuntime
from app.rag.selection import select_answer
from app.rag.store import StoredChunk


def chunk(text: str, *, breed: str = "", source: str = "guide.md") -> StoredChunk:
    return StoredChunk(id=source + text[:10], text=text, metadata={"breed": breed, "source": source}, score=0.6)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("when should my pup have his first jabs?", AskedFor.TIME),
        ("how long do huskys live for", AskedFor.TIME),
        ("how big do frenchies get?", AskedFor.AMOUNT),
        ("can i give my dog ibuprofen for his sore leg?", AskedFor.SAFETY),
        ("found a tick on my dog, how do i get it off", AskedFor.ACTION),
        ("what are the signs of arthritis", AskedFor.SIGN),
        ("why is my lab always starving", AskedFor.CAUSE),
        ("my gsd eats loads but keeps losing weight", AskedFor.CAUSE),
        ("my yorkie makes a honking noise when she coughs", AskedFor.CAUSE),
    ],
)
def test_what_the_question_asks_for(question: str, kind: AskedFor) -> None:
    assert asked_for(question) == kind


def test_content_kinds() -> None:
    assert carries(AskedFor.TIME, "A primary course usually starts at 6 to 8 weeks of age.")
    assert not carries(AskedFor.TIME, "Puppies need vaccines to stay healthy.")
    assert carries(AskedFor.AMOUNT, "Adults weigh 25 to 36 kg.")
    assert not carries(AskedFor.AMOUNT, "Spaying costs vary.", question="how much does it cost to spay a cat")
    assert carries(AskedFor.SAFETY, "Never give human painkillers such as ibuprofen.")


def test_a_when_question_gets_the_sentence_with_the_time(rag: RagRuntime) -> None:
    passages = [
        chunk(
            "## Puppy schedule\nVaccinating a puppy protects it from serious disease. "
            "A primary course usually starts at 6 to 8 weeks of age with injections every 2 to 4 weeks."
        )
    ]

    chosen = select_answer(
        rag,
        question="when should my puppy be vaccinated?",
        query="when should my puppy be vaccinated?",
        kind=AskedFor.TIME,
        chunks=passages,
        breed_labels=None,
    )

    assert chosen is not None and "6 to 8 weeks" in " ".join(sentence.text for sentence in chosen)
    assert all("protects it" not in sentence.text for sentence in chosen[-1:])  # kept only as the lead-in


def test_a_neighbour_that_completes_the_answer_is_kept(rag: RagRuntime) -> None:
    passages = [
        chunk(
            "## Lifespan\nThe Beagle is a sturdy, healthy hound breed. They commonly live 12 to 15 years.",
            breed="Beagle",
            source="beagle.md",
        )
    ]

    chosen = select_answer(
        rag,
        question="how long do beagles live?",
        query="how long do Beagle live? (lifespan live years)",
        kind=AskedFor.TIME,
        chunks=passages,
        breed_labels=["Beagle"],
        subject_words={"beagl"},
    )

    assert chosen is not None and "12 to 15 years" in " ".join(sentence.text for sentence in chosen)


def test_a_sentence_that_only_repeats_the_question_is_never_quoted(rag: RagRuntime) -> None:
    passages = [chunk("## Cats and milk\nCan cats drink milk every day? Many owners ask whether cats drink milk.")]

    assert (
        select_answer(
            rag,
            question="can cats drink milk every day?",
            query="can cats drink milk every day?",
            kind=AskedFor.SAFETY,
            chunks=passages,
            breed_labels=None,
        )
        is None
    )


def test_the_topic_without_the_asked_fact_is_an_abstention(rag: RagRuntime) -> None:
    passages = [
        chunk(
            "## Size\nThe Chihuahua is the smallest breed and weighs 1.5 to 3 kg. It feels the cold.",
            breed="Chihuahua",
            source="chihuahua.md",
        )
    ]

    assert (
        select_answer(
            rag,
            question="how long do chihuahuas live?",
            query="how long do Chihuahua live? (lifespan live years)",
            kind=AskedFor.TIME,
            chunks=passages,
            breed_labels=["Chihuahua"],
            subject_words={"chihuahua"},
        )
        is None
    )


def test_a_breed_trait_is_not_taken_from_another_breeds_guide(rag: RagRuntime) -> None:
    passages = [chunk("## Living with a Pug\nPugs usually live 12 to 14 years.", breed="Pug", source="pug.md")]

    assert (
        select_answer(
            rag,
            question="how long do siamese cats live?",
            query="how long do Siamese live?",
            kind=AskedFor.TIME,
            chunks=passages,
            breed_labels=["Siamese"],
            subject_words={"siames"},
        )
        is None
    )
