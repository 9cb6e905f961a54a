"""Chunk sizes, limits, thresholds and prompts of the knowledge base, in one place."""

COLLECTION_NAME = "pet_knowledge"
COLLECTION_METADATA = {"hnsw:space": "cosine"}
VERSION_COLLECTION_SUFFIX = "_version"  # one record: the knowledge base's version token (query-side caches follow it)
EMBEDDING_DIMENSIONS = 384

CHUNK_SIZE = 512
CHUNK_OVERLAP = 64
EMBED_BATCH_SIZE = 32

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_TYPES = ("breed_guide", "health_info", "nutrition", "care")
SPECIES = ("dog", "cat")
ALL_SPECIES = "all"  # stored for documents that apply to dogs and cats alike

DEFAULT_TOP_K = 4
RANKING_DEPTH = 10  # chunks looked at to rank documents (evaluation: hit@k, MRR)
MAX_TOP_K = 10
RRF_K = 60  # reciprocal rank fusion: 1 / (RRF_K + rank) from each of the dense and BM25 rankings
DENSE_OVERSAMPLE = 5  # unfiltered dense hits fetched per wanted general chunk (then filtered in Python)
KB_VERSION_CHECK_SECONDS = 1.0  # how often the query side asks whether the knowledge base changed
# Cosine similarity below which a passage is treated as unrelated to the question (facts for product
# explanations, passages kept beside the best one).
RELEVANCE_THRESHOLD = 0.30
# Answer only when the best passage's relevance (cosine minus UNKNOWN_TERM_PENALTY x the share of the
# question's words the knowledge base never uses) reaches this. Calibrated on knowledge-eval/questions.yaml
# (all-MiniLM-L6-v2): see docs/rag.md for the distributions and the margin on each side.
ANSWER_THRESHOLD = 0.46
UNKNOWN_TERM_PENALTY = 0.2  # the middle of the range (0.15-0.3) that gives the widest margin on the evaluation set
VOCABULARY_MAX_AGE_SECONDS = 300  # the gate's word list is rebuilt at least this often
# Passages far below the best one add noise, not support: they are not given to the answer writer.
PASSAGE_SCORE_GAP = 0.15
EXCERPT_CHARS = 300
EXTRACTIVE_SENTENCES = 3
EXTRACTIVE_SCORE_GAP = 0.2  # extractive answers keep sentences within this cosine distance of the best one
EXTRACTIVE_MIN_SENTENCE_SCORE = 0.25  # a sentence less similar than this to the question is never quoted
EXTRACTIVE_DUPLICATE_SIMILARITY = 0.9  # two sentences this similar say the same thing: the second is dropped
# Kept back from the LLM's share of RAG_TIMEOUT_SECONDS so the extractive fallback still fits in time.
EXTRACTIVE_RESERVE_SECONDS = 1.5

# Held while writing to the Chroma store so two uvicorn workers never write at once.
WRITE_LOCK_FILENAME = ".pet_knowledge.write.lock"
WRITE_LOCK_TIMEOUT_SECONDS = 120

NOTHING_RELEVANT_ANSWER = (
    "The knowledge base has nothing on this question, so I can't answer it from our sources. "
    "It covers dog and cat breeds, health, nutrition, care and behaviour."
)
NOTHING_RELEVANT_HEALTH_SUFFIX = (
    " If your pet is unwell or you are worried about its health, please ask a veterinarian."
)
# The reply the model is told to give when the passages do not answer the question.
LLM_ABSTAIN_TOKEN = "NOT_IN_KNOWLEDGE_BASE"  # noqa: S105 - a reply marker, not a secret

CANDIDATE_PASSAGES = 6  # fused passages the answer selection reads (the answer cites only those it quotes)

# What each kind of question wants (question_types.AskedFor), told to the model.
ASKED_FOR_HINTS = {
    "time": "The question asks for a time, an age, a duration or how often: state it as the passages give it.",
    "amount": (
        "The question asks for an amount (a number, a size, a weight, a quantity): state it as the passages give it."
    ),
    "safety": "The question asks whether something is safe: say clearly yes or no as the passages state it, and why.",
    "action": "The question asks what to do: give the steps the passages describe.",
    "sign": "The question asks for signs or symptoms: list those the passages name.",
    "cause": "The question asks for a cause or a condition: name it as the passages do.",
    "general": "Answer what is asked.",
}

QA_PROMPT = """You are a careful veterinary information assistant for pet owners.
Answer the question using ONLY the numbered passages below. Cite every passage you use right after the
sentence it supports, as [1], [2], ... (the passage's number). Do not invent facts. Keep the answer under 200 words.
{asked_for} Passage [1] holds the sentences that answer it most directly.
If the passages do not state what is asked (about the breed or species asked about), reply with exactly
NOT_IN_KNOWLEDGE_BASE and nothing else.
Remind the owner to consult a veterinarian for a diagnosis when the question is about symptoms or treatment.

Passages:
{context}

Question: {question}
Answer:"""

# Urgent questions (urgency.py): the answer always starts with this, whatever writes the rest.
URGENT_LEAD = {
    "ingestion": "Call your vet or a pet poison line now, even if your pet seems well.",
    "sign": "Call your vet or the nearest emergency clinic now: this can be an emergency.",
}
URGENT_GUIDANCE_QUERY = {
    "ingestion": "eaten something toxic or poisoning: contact a vet or a pet poison helpline immediately",
    "sign": "signs that mean a pet needs a veterinarian immediately, day or night: an emergency",
}
URGENT_NOTHING_MORE = "The knowledge base has no more on this; tell the vet what happened and when."
URGENT_QA_PROMPT = """You are a careful veterinary information assistant. A pet owner describes a possible
emergency. Your answer will be shown right after this sentence, which is already written: "{lead}"
Continue it using ONLY the numbered passages below: first what the passages say to do now, then what they
say about this specific danger or sign. Cite every passage you use as [1], [2], ... right after the sentence
it supports. Do not invent facts. Keep it under 120 words. Do not repeat the first sentence.

Passages:
{context}

Question: {question}
Answer:"""

OTHER_SPECIES_ANSWER = (
    "The knowledge base covers dogs and cats only (breeds, health, nutrition, care and behaviour), so it has "
    "nothing on this question about a {animal}. Please ask a veterinarian who treats that species."
)
OTHER_SPECIES_URGENT_LEAD = "If your {animal} may have eaten something harmful or is unwell, call your vet now."

HEALTH_SUMMARY_PROMPT = """You are a veterinary information assistant.
Using ONLY the numbered passages below, write a short health summary (3-5 sentences) for an owner of a
{breed} ({species}): typical health conditions to watch for and preventive care. Cite passages as [1], [2].

Passages:
{context}

Summary:"""
