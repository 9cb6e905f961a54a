import uuid

from django.db import models
from django.db.models import Q


class Species(models.TextChoices):
    DOG = "dog"
    CAT = "cat"
    OTHER = "other"


class Pet(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user_id = models.UUIDField(db_index=True)
    name = models.CharField(max_length=100)
    species = models.CharField(max_length=10, choices=Species.choices)
    # null = unknown (the API returns null), distinct from a value; the AI service fills it in later.
    breed = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    breed_confidence = models.FloatField(null=True, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="months")
    weight = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True, help_text="kg")
    health_conditions = models.JSONField(default=list, blank=True)
    image_url = models.CharField(max_length=500, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "pets"
        indexes = [models.Index(fields=["user_id", "-created_at"], name="pets_user_created_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(species__in=Species.values), name="pets_species_valid"),
            models.CheckConstraint(
                condition=Q(breed_confidence__isnull=True) | Q(breed_confidence__gte=0, breed_confidence__lte=1),
                name="pets_breed_confidence_range",
            ),
            models.CheckConstraint(condition=Q(age__isnull=True) | Q(age__lte=600), name="pets_age_range"),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gt=0, weight__lte=200), name="pets_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Pet({self.id}, {self.name})"


class PetAnalysis(models.Model):
    """One breed analysis of a pet's photo, recorded by the AI service."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pet = models.ForeignKey(Pet, on_delete=models.CASCADE, related_name="analyses")
    user_id = models.UUIDField()
    image_url = models.CharField(max_length=500, blank=True, default="")
    breed_detected = models.CharField(max_length=100)
    confidence = models.FloatField()
    traits = models.JSONField(default=dict, blank=True)
    raw_response = models.JSONField(default=dict, blank=True)
    # The AI service's analysis id when it saved a shown analysis: unique, so saving it twice (a double
    # click, two tabs) can never record it twice or create a second pet.
    source_analysis_id = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "pet_analyses"
        indexes = [
            models.Index(fields=["pet", "-created_at"], name="pet_analyses_pet_created_idx"),
            models.Index(fields=["user_id", "-created_at"], name="pet_analyses_user_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1), name="pet_analyses_confidence_range"
            ),
        ]

    def __str__(self) -> str:
        return f"PetAnalysis({self.id}, {self.breed_detected})"
