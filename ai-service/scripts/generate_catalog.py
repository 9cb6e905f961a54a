"""Build app/data/products.json from data/catalog/product-templates.yaml.

    .venv/bin/python scripts/generate_catalog.py            rewrite products.json
    .venv/bin/python scripts/generate_catalog.py --check    exit 1 when products.json differs

products.json stays the file the service seeds from (committed); the YAML is where products are edited.
The output is deterministic: same templates, same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import yaml

SERVICE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES = SERVICE_DIR / "data" / "catalog" / "product-templates.yaml"
OUTPUT = SERVICE_DIR / "app" / "data" / "products.json"
TEMPLATE_KEYS = (
    "name", "category", "species", "description", "sizes", "ages", "breeds", "conditions", "features",
    "base_price", "brands",
)  # fmt: skip


def load_templates(path: Path = TEMPLATES) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not {"version", "price_seed", "templates"} <= document.keys():
        raise ValueError(f"{path}: needs version, price_seed and templates")
    for index, template in enumerate(document["templates"]):
        if not isinstance(template, dict) or set(template) != set(TEMPLATE_KEYS):
            raise ValueError(f"{path}: template {index} must have exactly the keys {', '.join(TEMPLATE_KEYS)}")
        if not template["brands"]:
            raise ValueError(f"{path}: template {index} ({template['name']}) has no brand")
    return document


def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", text.upper()).strip("-")


def build_catalog(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One product per (template, brand); prices and popularity from a generator seeded by the file."""
    rng = random.Random(document["price_seed"])  # noqa: S311  (reproducible demo prices, not security)
    products: list[dict[str, Any]] = []
    for template in document["templates"]:
        species, category, name = template["species"], template["category"], template["name"]
        for brand in template["brands"]:
            brand_code = "".join(word[0] for word in brand.replace("&", "").split())
            products.append(
                {
                    "sku": f"{species.upper()}-{category.upper()}-{_slug(name)}-{brand_code}",
                    "name": f"{brand} {name}",
                    "category": category,
                    "brand": brand,
                    "description": template["description"],
                    "features": template["features"],
                    "suitable_for": {
                        "species": [species],
                        "sizes": template["sizes"],
                        "ages": template["ages"],
                        "breeds": template["breeds"],
                        "conditions": template["conditions"],
                    },
                    "price": round(template["base_price"] * rng.uniform(0.85, 1.2), 2),
                    "image_url": None,
                    "popularity": rng.randint(5, 100),
                    "is_active": True,
                }
            )
    skus = [product["sku"] for product in products]
    duplicates = sorted({sku for sku in skus if skus.count(sku) > 1})
    if duplicates:
        raise ValueError(f"duplicate sku in catalog templates: {', '.join(duplicates)}")
    return products


def render(document: dict[str, Any]) -> str:
    """The exact text of products.json."""
    catalog = {"version": document["version"], "products": build_catalog(document)}
    return json.dumps(catalog, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when products.json differs")
    parser.add_argument("--templates", type=Path, default=TEMPLATES)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = render(load_templates(args.templates))
    if args.check:
        if not args.output.exists() or args.output.read_text(encoding="utf-8") != text:
            sys.stderr.write(f"{args.output} is out of date: run scripts/generate_catalog.py\n")
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
