"""Fixtures of promotion work: fixtures/spec/promotion.yaml → fixtures/06_promotion.json.

Hooked into projects.fixturegen: build() adds the records to the World after the
projects and events exist (problems refer to projects, fairs to events), its
evaluate() hands promotion measures to evaluate() here, and fixture_files()
writes promotion_objects().
"""

from projects.promotion.fixturegen.build import add_promotion
from projects.promotion.fixturegen.evaluate import evaluate
from projects.promotion.fixturegen.serialize import promotion_objects

__all__ = ["add_promotion", "evaluate", "promotion_objects"]
