"""Hybrid retrieval: BM25 fused with dense search, owners' words and breed nicknames, kept in step with ingestion."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from app.breeds import load_breed_catalog
from app.rag.breed_matching import BreedMatcher
from app.rag.lexical import LexicalIndex
from app.rag.owner_language import breed_nicknames, expanded_terms, plain_words
from app.rag.retrieval import fuse, retrieve_chunks
from app.rag.runtime import RagRuntime
from app.rag.seed import SeedReport
from app.rag.service import _understand
from app.rag.store import KnowledgeStore, StoredChunk


def test_every_catalog_breed_has_nicknames_and_none_names_two_breeds() -> None:
    catalog = load_breed_catalog()
    nicknames = breed_nicknames()
    names = {profile.name for profile in catalog.all()}

    assert names <= set(nicknames), sorted(names - set(nicknames))
    assert set(nicknames) <= names, sorted(set(nicknames) - names)
    assert all(nicknames[name] for name in names)
    owners: dict[str, str] = {}
    for name, labels in nicknames.items():
        for label in labels:
            assert owners.setdefault(label.casefold(), name) == name, label
            other = catalog.get(label)
            assert other is None or other.name == name, (label, name, other.name)


@pytest.mark.parametrize(
    ("question", "breed"),
    [
        ("my gsd eats loads", "German Shepherd"),
        ("how big do frenchies get?", "French Bulldog"),
        ("is my yorkie too thin", "Yorkshire Terrier"),
        ("how long do doxies live", "Dachshund"),
        ("our lab is always hungry", "Labrador Retriever"),
    ],
)
def test_nicknames_find_the_breed_and_the_query_names_it(question: str, breed: str) -> None:
    matcher = BreedMatcher(load_breed_catalog(), breed_nicknames())

    assert matcher.in_question(question).breed == breed
    assert breed in matcher.with_breed_names(question)


def test_owner_words_are_searched_in_the_guides_words() -> None:
    assert plain_words("my dog is having a fit") == "my dog is having a fit (seizure)"
    assert "vomiting" in plain_words("my kitty keeps throwing up")
    assert expanded_terms("when should my pup get his jabs").endswith("puppy vaccinations")


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    def chunk(chunk_id: str) -> StoredChunk:
        return StoredChunk(id=chunk_id, text="", metadata={}, score=0.5)

    order = fuse([chunk("a"), chunk("b"), chunk("c")], ["c", "d", "b"])

    assert order[:2] == ["b", "c"] or order[:2] == ["c", "b"]
    assert order.index("a") < order.index("d")


def test_the_bm25_index_follows_the_store_and_filters_by_breed(tmp_path: Path) -> None:
    store = KnowledgeStore(tmp_path / "chroma", collection_name=f"lexical_{uuid.uuid4().hex[:8]}")
    index = LexicalIndex()

    def add(chunk_id: str, text: str, breed: str, species: str) -> None:
        meta = {"document_id": chunk_id, "breed": breed, "species": species, "title": breed or "General"}
        store.upsert(ids=[chunk_id], texts=[text], embeddings=[[1.0] + [0.0] * 383], metadatas=[meta])

    add("beagle", "Beagles howl when bored and love sniffing games.", "Beagle", "dog")
    add("pug", "Pugs snore and howl rarely.", "Pug", "dog")
    index.refresh(store, force=True)
    assert [hit.id for hit in index.search("howl", breed_labels=["Beagle"], species="dog", top_k=5)] == ["beagle"]

    add("general", "Many dogs howl when left alone.", "", "dog")  # ingestion changes the version: rebuilt
    index._checked_at = 0.0
    index.refresh(store)
    hits = [hit.id for hit in index.search("howl alone", breed_labels=["Beagle"], species="dog", top_k=5)]
    assert hits[0] == "general" and "pug" not in hits

    store.delete_document("general")
    index._checked_at = 0.0
    index.refresh(store)
    assert "general" not in [hit.id for hit in index.search("alone", breed_labels=None, species=None, top_k=5)]


async def test_a_nickname_question_retrieves_the_breeds_own_guide(seeded_kb: SeedReport, rag: RagRuntime) -> None:
    asked = _understand(rag, question="my gsd eats loads but his poo is pale and bulky", breed=None, species=None)

    chunks = await retrieve_chunks(
        rag,
        query=asked.dense_query,
        lexical_query=asked.lexical_query,
        breed=asked.breed,
        species=asked.species,
        top_k=4,
    )

    assert chunks[0].metadata["source"] == "german-shepherd.md"
    assert all(chunk.metadata["breed"] in ("", "German Shepherd") for chunk in chunks)
