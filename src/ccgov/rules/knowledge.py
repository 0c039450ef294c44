"""Knowledge articles: their owner, the CIs and problems they are about, and
known-error articles only for problems that know their workaround."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.records.knowledge import Knowledge
from ccgov.records.problem import Problem
from ccgov.rules import rhythm_refs as refs
from ccgov.rules.base import REFERENCED, REFERENCES, Context, finding, rule


# People are in ccgov.yaml; the CIs and problems an article names are
# references (records.links OPERATIONS_REFS).
@rule(reads=(REFERENCES,), about=("knowledge",))
def knowledge_references(context: Context) -> Iterator[Finding]:
    for loaded in context.of("knowledge"):
        article: Knowledge = loaded.record
        yield from refs.person(context, loaded, article.owner, "owner")
        for index, item in enumerate(article.items):
            yield from refs.record(context, loaded, item, "items", index, expected="item")
        for index, problem in enumerate(article.problems):
            yield from refs.record(context, loaded, problem, "problems", index, expected="problem")


def _problem(context: Context, problem_id: str) -> Problem | None:
    """The problem known by ``problem_id`` (the last one, should the id be duplicated)."""
    found = [path for kind, path in context.carriers(problem_id) if kind.name == "problem"]
    return context.record(found[-1]).record if found else None


# The content of the problems an article names (records.links OPERATIONS_REFS).
@rule(reads=(REFERENCED,), about=("knowledge",))
def known_error_articles_fit(context: Context) -> Iterator[Finding]:
    for loaded in context.of("knowledge"):
        article: Knowledge = loaded.record
        if article.kind != "known_error":
            continue
        for index, problem_id in enumerate(article.problems):
            problem = _problem(context, problem_id)
            if problem is not None and not problem.known_error:
                missing = "root cause" if not problem.root_cause else "workaround"
                yield finding(
                    loaded,
                    "KB001",
                    f"{article.id} is a known-error article, but {problem_id} has no {missing} yet",
                    "problems",
                    index,
                )
