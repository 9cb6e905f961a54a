"""Breed reference data (app/data/breeds.json): profiles for every breed the classifier can name."""

from app.breeds.catalog import BreedCatalog, load_breed_catalog
from app.breeds.models import BreedProfile, Range, SpeciesAdvice

__all__ = ["BreedCatalog", "BreedProfile", "Range", "SpeciesAdvice", "load_breed_catalog"]
