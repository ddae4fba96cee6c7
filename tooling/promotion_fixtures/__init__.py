"""Fixtures of promotion work: fixtures/spec/promotion.yaml → fixtures/06_promotion.json.

Hooked into tooling.fixturegen: build() adds the records to the World after the
projects and events exist (problems refer to projects, fairs to events), its
evaluate() hands promotion measures to evaluate() here, and fixture_files()
writes promotion_objects().
"""

from tooling.promotion_fixtures.build import add_promotion
from tooling.promotion_fixtures.evaluate import evaluate
from tooling.promotion_fixtures.serialize import promotion_objects

__all__ = ["add_promotion", "evaluate", "promotion_objects"]
