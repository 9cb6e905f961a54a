"""The catalog is data: data/catalog/product-templates.yaml regenerates app/data/products.json exactly."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import yaml

SERVICE_DIR = Path(__file__).resolve().parents[2]


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_catalog", SERVICE_DIR / "scripts" / "generate_catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerating_from_the_templates_reproduces_products_json_byte_for_byte() -> None:
    generator = load_generator()
    committed = (SERVICE_DIR / "app" / "data" / "products.json").read_text(encoding="utf-8")
    assert generator.render(generator.load_templates()) == committed


def test_check_mode_reports_a_stale_products_json(tmp_path: Path) -> None:
    generator = load_generator()
    stale = tmp_path / "products.json"
    stale.write_text('{"version": "old", "products": []}\n', encoding="utf-8")
    assert generator.main(["--check", "--output", str(stale)]) == 1
    assert generator.main(["--output", str(stale)]) == 0
    assert generator.main(["--check", "--output", str(stale)]) == 0


def test_a_template_with_a_missing_field_is_refused(tmp_path: Path) -> None:
    generator = load_generator()
    document = generator.load_templates()
    del document["templates"][3]["base_price"]
    broken = tmp_path / "templates.yaml"
    broken.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(ValueError, match="template 3 must have exactly the keys"):
        generator.load_templates(broken)
