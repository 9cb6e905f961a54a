"""Citation numbering and the extractive answer's sentence rules, on hand-made passages (real embeddings, no store)."""

from __future__ import annotations

import re

from app.rag.answering import EXTRACTIVE_PREFIX, cite_used, extractive_answer
from app.rag.runtime import RagRuntime
from app.rag.store import StoredChunk


def chunk(text: str, *, source: str, breed: str = "", index: int = 0) -> StoredChunk:
    metadata = {
        "document_id": f"id-{source}",
        "title": source,
        "source": source,
        "document_type": "care",
        "breed": breed,
    }
    return StoredChunk(id=f"{source}-{index}", text=text, metadata={**metadata, "chunk_index": index}, score=0.7)


PASSAGES = [chunk(f"Passage number {number}.", source=f"doc{number}.md") for number in range(1, 6)]


def markers(text: str) -> list[int]:
    return [int(number) for number in re.findall(r"\[(\d+)\]", text)]


def test_markers_are_renumbered_by_first_use_and_sources_follow() -> None:
    cited = cite_used("Hips matter [3]. Hearts too [1]. Hips again [3].", PASSAGES)

    assert cited.text == "Hips matter [1]. Hearts too [2]. Hips again [1]."
    assert [c.metadata["source"] for c in cited.chunks] == ["doc3.md", "doc1.md"]


def test_markers_naming_passages_never_given_are_dropped() -> None:
    cited = cite_used("Grounded [2]. Invented [9]. Both [2, 7]. Zero [0].", PASSAGES)

    assert cited.text == "Grounded [1]. Invented. Both [1]. Zero."
    assert [c.metadata["source"] for c in cited.chunks] == ["doc2.md"]


def test_grouped_and_ranged_markers_are_split_into_single_ones() -> None:
    cited = cite_used("Several [4, 5]. A range [1-2].", PASSAGES)

    assert cited.text == "Several [1][2]. A range [3][4]."
    assert [c.metadata["source"] for c in cited.chunks] == ["doc4.md", "doc5.md", "doc1.md", "doc2.md"]


def test_an_answer_citing_nothing_cites_no_source() -> None:
    assert cite_used("Plain text without markers.", PASSAGES).chunks == []


async def test_extractive_answer_quotes_the_named_breeds_guide_only(rag: RagRuntime) -> None:
    chunks = [
        chunk(
            "The Border Collie is a herding dog. This is one of the most energetic breeds: it needs well over an hour of exercise a day.",
            source="border-collie.md",
            breed="Border Collie",
        ),
        chunk(
            "Corgis need at least an hour of activity a day, including walks and herding games.",
            source="corgi.md",
            breed="Pembroke Welsh Corgi",
        ),
    ]

    answer = extractive_answer(
        rag,
        question="How much exercise does a Corgi need?",
        chunks=chunks,
        breed_labels=["Pembroke Welsh Corgi", "corgi"],
    )

    assert answer is not None
    assert [c.metadata["source"] for c in answer.chunks] == ["corgi.md"]
    assert "energetic" not in answer.text and answer.text.endswith("[1]")


async def test_a_sentence_leaning_on_the_one_before_comes_with_it(rag: RagRuntime) -> None:
    text = "The Siberian Husky is a sled dog from north-east Asia. They need two hours of running exercise every day."
    answer = extractive_answer(
        rag, question="How much exercise do they need every day?", chunks=[chunk(text, source="husky.md")]
    )

    assert answer is not None
    assert answer.text == f"{EXTRACTIVE_PREFIX}{text} [1]"  # never "They need..." alone, and in reading order


async def test_a_sentence_whose_subject_is_in_another_passage_is_never_quoted(rag: RagRuntime) -> None:
    chunks = [
        chunk(
            "This is one of the most energetic breeds and it needs hours of exercise a day.", source="left-behind.md"
        ),
        chunk("Adult dogs generally need at least thirty minutes to two hours of exercise a day.", source="general.md"),
    ]

    answer = extractive_answer(rag, question="How much exercise does a dog need a day?", chunks=chunks)

    assert answer is not None
    assert "This is one of" not in answer.text
    assert [c.metadata["source"] for c in answer.chunks] == ["general.md"]


async def test_duplicate_sentences_from_overlapping_passages_are_quoted_once(rag: RagRuntime) -> None:
    sentence = "Xylitol, a sweetener in sugar-free gum, causes a dangerous drop in blood sugar in dogs."
    chunks = [
        chunk(f"Chocolate is toxic to dogs. {sentence}", source="toxic.md", index=0),
        chunk(f"{sentence} Grapes and raisins can cause kidney failure.", source="toxic.md", index=1),
    ]

    answer = extractive_answer(rag, question="Is xylitol dangerous for dogs?", chunks=chunks)

    assert answer is not None
    assert answer.text.count("Xylitol, a sweetener") == 1
    assert len(answer.chunks) == len(set(markers(answer.text)))


async def test_extractive_answer_cites_only_passages_it_quotes(rag: RagRuntime) -> None:
    chunks = [
        chunk("Cats need taurine from animal protein in their diet.", source="cat-food.md"),
        chunk("The stock market closed higher on Tuesday after a volatile session.", source="news.md"),
    ]

    answer = extractive_answer(rag, question="Do cats need taurine?", chunks=chunks)

    assert answer is not None
    assert [c.metadata["source"] for c in answer.chunks] == ["cat-food.md"]
    assert markers(answer.text) == [1]


async def test_no_sentence_about_the_question_means_no_extractive_answer(rag: RagRuntime) -> None:
    chunks = [chunk("The stock market closed higher on Tuesday after a volatile session.", source="news.md")]

    assert extractive_answer(rag, question="How do I groom a long-haired cat?", chunks=chunks) is None


def test_everyday_pet_words_are_searched_in_the_documents_words() -> None:
    from app.rag.relevance import plain_words

    assert plain_words("My kitty keeps throwing up") == "My cat keeps vomiting"
    assert plain_words("Why does my pupper have the runs?") == "Why does my puppy have diarrhoea?"
    assert plain_words("My doggo is peeing inside") == "My dog is urinating inside"
    assert (
        plain_words("Is my Poodle's puppy teething?") == "Is my Poodle's puppy teething?"
    )  # names and plain words stay
