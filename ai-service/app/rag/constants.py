"""Chunk sizes, limits, thresholds and prompts of the knowledge base, in one place."""

COLLECTION_NAME = "pet_knowledge"
COLLECTION_METADATA = {"hnsw:space": "cosine"}
EMBEDDING_DIMENSIONS = 384

CHUNK_SIZE = 512
CHUNK_OVERLAP = 64
EMBED_BATCH_SIZE = 32

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_TYPES = ("breed_guide", "health_info", "nutrition", "care")
SPECIES = ("dog", "cat")
ALL_SPECIES = "all"  # stored for documents that apply to dogs and cats alike

DEFAULT_TOP_K = 4
MAX_TOP_K = 10
# Cosine similarity below which a passage is treated as unrelated to the question. Measured on the
# seed knowledge base with all-MiniLM-L6-v2: on-topic questions score about 0.38-0.75; off-topic ones
# stay under 0.27 ("capital of France" meets the French Bulldog profile at 0.26, baking bread 0.15).
RELEVANCE_THRESHOLD = 0.30
EXCERPT_CHARS = 300
EXTRACTIVE_SENTENCES = 3
EXTRACTIVE_SCORE_GAP = 0.2  # extractive answers keep sentences within this cosine distance of the best one
# Kept back from the LLM's share of RAG_TIMEOUT_SECONDS so the extractive fallback still fits in time.
EXTRACTIVE_RESERVE_SECONDS = 1.5

# Held while writing to the Chroma store so two uvicorn workers never write at once.
WRITE_LOCK_FILENAME = ".pet_knowledge.write.lock"
WRITE_LOCK_TIMEOUT_SECONDS = 120

NOTHING_RELEVANT_ANSWER = (
    "The knowledge base has no information relevant to this question. "
    "Please ask a veterinarian, or rephrase the question around pet breeds, health, nutrition or care."
)

QA_PROMPT = """You are a careful veterinary information assistant for pet owners.
Answer the question using ONLY the numbered passages below. Cite the passages you use as [1], [2], ...
If the passages do not contain the answer, say so. Do not invent facts. Keep the answer under 200 words.
Remind the owner to consult a veterinarian for a diagnosis when the question is about symptoms or treatment.

Passages:
{context}

Question: {question}
Answer:"""

HEALTH_SUMMARY_PROMPT = """You are a veterinary information assistant.
Using ONLY the numbered passages below, write a short health summary (3-5 sentences) for an owner of a
{breed} ({species}): typical health conditions to watch for and preventive care. Cite passages as [1], [2].

Passages:
{context}

Summary:"""
