"""The owner-phrased evaluation set (knowledge-eval/owner_questions.yaml) and the evaluator's checks."""

from __future__ import annotations

import re

from app.rag.evaluation import leads_with_urgent_care, load_owner_set, states_fact
from app.rag.seed import KNOWLEDGE_DIR


def test_the_owner_set_is_big_enough_and_each_fact_is_stated_by_its_guide() -> None:
    questions = load_owner_set()
    answerable = [item for item in questions if item.answerable]
    unanswerable = [item for item in questions if not item.answerable]

    assert len(questions) >= 60 and len(answerable) >= 40 and len(unanswerable) >= 20
    assert sum(1 for item in answerable if item.urgent) >= 10
    assert {item.kind for item in unanswerable} == {"other_species", "missing_fact", "near_domain", "off_topic"}
    assert len({item.question for item in questions}) == len(questions)
    for item in answerable:  # the fact is the guide's, not the system's
        text = (KNOWLEDGE_DIR / str(item.document)).read_text(encoding="utf-8")
        assert re.search(str(item.fact), text, re.IGNORECASE), item


def test_states_fact_reads_the_answer_text_without_citation_markers() -> None:
    assert states_fact("Labradors need at least an [1] hour of exercise.", "at least an hour")
    assert not states_fact("Labradors are friendly. [1]", "at least an hour")


def test_an_urgent_answer_must_lead_with_contacting_a_vet_now() -> None:
    assert leads_with_urgent_care("Call your vet or a pet poison line now. Chocolate contains theobromine. [1]")
    assert not leads_with_urgent_care("Chocolate contains theobromine. Call your vet or a pet poison line now.")
    assert not leads_with_urgent_care("Ask your vet about it. Call now.")
