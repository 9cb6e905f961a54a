"""The pet analysis flow: photo -> breed -> health info -> products -> the pet's history.

Typed collaborators (vision, health, products, user service, analysis store) are built from app.state
in app.api.deps; routes only parse and call `AnalysisService`.
"""
