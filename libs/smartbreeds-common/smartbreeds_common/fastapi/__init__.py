"""FastAPI adapters: envelope exception handlers, request context middleware, gateway identity."""
