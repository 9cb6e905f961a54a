"""The pet-health knowledge base: ingestion into ChromaDB and retrieval-augmented answers."""
