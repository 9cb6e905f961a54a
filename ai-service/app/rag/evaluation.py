"""The knowledge base's evaluation set (ai-service/knowledge-eval/questions.yaml) and its metrics.

Shared by benchmarks/rag_eval.py (prints and records the figures) and the regression test that holds
the targets: hit@3 >= 0.9 on answerable questions, >= 90 % of unanswerable ones abstained, <= 5 % of
answerable ones wrongly abstained.
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from app.rag.retrieval import question_relevance, ranked_documents
from app.rag.runtime import RagRuntime
from app.rag.service import answer_question

EVAL_SET = Path(__file__).resolve().parents[2] / "knowledge-eval" / "questions.yaml"
OWNER_SET = Path(__file__).resolve().parents[2] / "knowledge-eval" / "owner_questions.yaml"
_MARKER = re.compile(r"\[(\d+)\]")
_FIRST_SENTENCE = re.compile(r"^(.*?[.!?])(?:\s|$)", re.DOTALL)
_URGENT_CONTACT = re.compile(r"\b(?:vets?|veterinarian|emergency (?:vet|clinic)|poison (?:line|helpline))\b", re.I)
_URGENT_NOW = re.compile(r"\b(?:now|immediately|straight away|right away|at once|urgently)\b", re.I)


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    question: str
    document: str | None  # the knowledge/ file (relative path) that answers it; None: unanswerable
    kind: str  # "answerable" | "other_species" | "off_topic" | "uncovered"

    @property
    def answerable(self) -> bool:
        return self.document is not None

    @property
    def expected_source(self) -> str | None:
        return Path(self.document).name if self.document else None


def load_eval_set(path: Path = EVAL_SET) -> list[EvalQuestion]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = [
        EvalQuestion(str(item["question"]), str(item["document"]), "answerable") for item in data["answerable"]
    ]
    questions += [EvalQuestion(str(item["question"]), None, str(item["kind"])) for item in data["unanswerable"]]
    return questions


@dataclass(slots=True)
class QuestionResult:
    question: str
    kind: str
    expected: str | None
    ranked: list[str]
    relevance: float
    answered: bool
    answer: str
    cited: list[str]
    citations_valid: bool
    seconds: float


@dataclass(slots=True)
class EvalReport:
    mode: str
    answerable: int
    unanswerable: int
    hit_at_1: float
    hit_at_3: float
    mrr: float
    abstention_precision: float
    abstention_recall: float
    wrongly_abstained_rate: float
    answered_cites_expected_rate: float
    citations_valid_rate: float
    latency_p50_ms: float
    latency_p95_ms: float
    relevance_answerable_min: float  # the gate's value on each side of ANSWER_THRESHOLD (calibration margin)
    relevance_answerable_p10: float
    relevance_unanswerable_max: float
    relevance_unanswerable_max_question: str
    misses: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def citations_valid(answer: str, source_count: int) -> bool:
    """Every [n] names a listed source and every listed source is cited (the contract's rule)."""
    cited = {int(number) for number in _MARKER.findall(answer)}
    return cited == set(range(1, source_count + 1))


async def run_question(rag: RagRuntime, item: EvalQuestion) -> QuestionResult:
    ranked = [source for source, _ in await ranked_documents(rag, query=item.question, breed=None, species=None)]
    started = time.perf_counter()
    result = await answer_question(rag, question=item.question)
    seconds = time.perf_counter() - started
    return QuestionResult(
        question=item.question,
        kind=item.kind,
        expected=item.expected_source,
        ranked=ranked,
        relevance=await question_relevance(rag, question=item.question, breed=None, species=None),
        answered=result.answered,
        answer=result.answer,
        cited=[source.source for source in result.sources],
        citations_valid=citations_valid(result.answer, len(result.sources)) if result.answered else not result.sources,
        seconds=seconds,
    )


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 1.0


def summarise(mode: str, results: list[QuestionResult]) -> EvalReport:
    answerable = [result for result in results if result.expected is not None]
    unanswerable = [result for result in results if result.expected is None]
    ranks = [
        result.ranked.index(result.expected) + 1 if result.expected in result.ranked else None for result in answerable
    ]
    abstained = [result for result in results if not result.answered]
    latencies = sorted(result.seconds * 1000 for result in results)
    misses = [
        {"question": r.question, "expected": r.expected, "ranked": r.ranked[:3], "answered": r.answered}
        for r, rank in zip(answerable, ranks, strict=True)
        if rank is None or rank > 3 or not r.answered
    ] + [
        {"question": r.question, "kind": r.kind, "answered": r.answered, "cited": r.cited}
        for r in unanswerable
        if r.answered
    ]
    return EvalReport(
        mode=mode,
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        hit_at_1=_ratio(sum(1 for rank in ranks if rank == 1), len(answerable)),
        hit_at_3=_ratio(sum(1 for rank in ranks if rank is not None and rank <= 3), len(answerable)),
        mrr=round(statistics.fmean(1 / rank if rank else 0.0 for rank in ranks), 4) if ranks else 0.0,
        abstention_precision=_ratio(sum(1 for result in abstained if result.expected is None), len(abstained)),
        abstention_recall=_ratio(sum(1 for result in unanswerable if not result.answered), len(unanswerable)),
        wrongly_abstained_rate=_ratio(sum(1 for result in answerable if not result.answered), len(answerable)),
        answered_cites_expected_rate=_ratio(
            sum(1 for result in answerable if result.answered and result.expected in result.cited),
            sum(1 for result in answerable if result.answered),
        ),
        citations_valid_rate=_ratio(sum(1 for result in results if result.citations_valid), len(results)),
        latency_p50_ms=round(statistics.median(latencies), 1) if latencies else 0.0,
        latency_p95_ms=round(latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))], 1) if latencies else 0.0,
        relevance_answerable_min=min((r.relevance for r in answerable), default=0.0),
        relevance_answerable_p10=_quantile([r.relevance for r in answerable], 0.1),
        relevance_unanswerable_max=max((r.relevance for r in unanswerable), default=0.0),
        relevance_unanswerable_max_question=max(unanswerable, key=lambda r: r.relevance).question
        if unanswerable
        else "",
        misses=misses,
    )


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def evaluate(
    rag: RagRuntime, *, mode: str, questions: list[EvalQuestion] | None = None
) -> tuple[EvalReport, list[QuestionResult]]:
    results = [await run_question(rag, item) for item in questions or load_eval_set()]
    return summarise(mode, results), results


# --- The owner-phrased set (knowledge-eval/owner_questions.yaml): facts in the answer text, abstention, urgency.


@dataclass(frozen=True, slots=True)
class OwnerQuestion:
    question: str
    document: str | None  # None: unanswerable
    fact: str | None  # regular expression the answer text must match (answerable only)
    urgent: bool
    kind: str  # "answerable" | "urgent" | other_species | missing_fact | near_domain | off_topic

    @property
    def answerable(self) -> bool:
        return self.document is not None


def load_owner_set(path: Path = OWNER_SET) -> list[OwnerQuestion]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = [
        OwnerQuestion(
            str(item["question"]),
            str(item["document"]),
            str(item["fact"]),
            bool(item.get("urgent", False)),
            "urgent" if item.get("urgent") else "answerable",
        )
        for item in data["answerable"]
    ]
    questions += [
        OwnerQuestion(str(item["question"]), None, None, False, str(item["kind"])) for item in data["unanswerable"]
    ]
    return questions


def leads_with_urgent_care(answer: str) -> bool:
    """The answer's first sentence tells the owner to contact a vet (or a poison line) now."""
    match = _FIRST_SENTENCE.match(answer.strip())
    first = match.group(1) if match else answer
    return bool(_URGENT_CONTACT.search(first) and _URGENT_NOW.search(first))


def states_fact(answer: str, fact: str) -> bool:
    """The answer text (citation markers removed) contains the asked-for fact."""
    text = " ".join(_MARKER.sub("", answer).split())
    return re.search(fact, text, re.IGNORECASE) is not None


@dataclass(slots=True)
class OwnerResult:
    question: str
    kind: str
    expected: str | None
    answered: bool
    answer: str
    cited: list[str]
    citations_valid: bool
    fact_stated: bool
    urgent_lead: bool
    seconds: float


@dataclass(slots=True)
class OwnerReport:
    mode: str
    answerable: int
    urgent: int
    unanswerable: int
    fact_accuracy: float  # answerable (urgent included) answered with the asked-for fact in the text
    abstention: float  # unanswerable abstained, no sources
    urgent_coverage: float  # urgent answered, leading with urgent care, with the fact
    wrongly_abstained_rate: float
    answered_cites_expected_rate: float
    citations_valid_rate: float
    latency_p50_ms: float
    latency_p95_ms: float
    misses: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


async def run_owner_question(rag: RagRuntime, item: OwnerQuestion) -> OwnerResult:
    started = time.perf_counter()
    result = await answer_question(rag, question=item.question)
    seconds = time.perf_counter() - started
    valid = citations_valid(result.answer, len(result.sources)) if result.answered else not result.sources
    return OwnerResult(
        question=item.question,
        kind=item.kind,
        expected=Path(item.document).name if item.document else None,
        answered=result.answered,
        answer=result.answer,
        cited=[source.source for source in result.sources],
        citations_valid=valid,
        fact_stated=bool(item.fact) and result.answered and states_fact(result.answer, str(item.fact)),
        urgent_lead=result.answered and leads_with_urgent_care(result.answer),
        seconds=seconds,
    )


def _percentile_ms(latencies: list[float], q: float) -> float:
    ordered = sorted(latencies)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0


def summarise_owner(mode: str, results: list[OwnerResult]) -> OwnerReport:
    answerable = [r for r in results if r.expected is not None]
    urgent = [r for r in answerable if r.kind == "urgent"]
    unanswerable = [r for r in results if r.expected is None]
    answered = [r for r in answerable if r.answered]
    misses = [
        {
            "question": r.question,
            "kind": r.kind,
            "answered": r.answered,
            "fact": r.fact_stated,
            "answer": r.answer[:300],
        }
        for r in answerable
        if not r.fact_stated or (r.kind == "urgent" and not r.urgent_lead)
    ] + [
        {"question": r.question, "kind": r.kind, "answered": True, "cited": r.cited, "answer": r.answer[:200]}
        for r in unanswerable
        if r.answered or r.cited
    ]
    latencies = [r.seconds * 1000 for r in results]
    return OwnerReport(
        mode=mode,
        answerable=len(answerable),
        urgent=len(urgent),
        unanswerable=len(unanswerable),
        fact_accuracy=_ratio(sum(1 for r in answerable if r.fact_stated), len(answerable)),
        abstention=_ratio(sum(1 for r in unanswerable if not r.answered and not r.cited), len(unanswerable)),
        urgent_coverage=_ratio(sum(1 for r in urgent if r.urgent_lead and r.fact_stated), len(urgent)),
        wrongly_abstained_rate=_ratio(len(answerable) - len(answered), len(answerable)),
        answered_cites_expected_rate=_ratio(sum(1 for r in answered if r.expected in r.cited), len(answered)),
        citations_valid_rate=_ratio(sum(1 for r in results if r.citations_valid), len(results)),
        latency_p50_ms=round(statistics.median(latencies), 1) if latencies else 0.0,
        latency_p95_ms=_percentile_ms(latencies, 0.95),
        misses=misses,
    )


async def evaluate_owner_set(
    rag: RagRuntime, *, mode: str, questions: list[OwnerQuestion] | None = None
) -> tuple[OwnerReport, list[OwnerResult]]:
    results = [await run_owner_question(rag, item) for item in questions or load_owner_set()]
    return summarise_owner(mode, results), results
