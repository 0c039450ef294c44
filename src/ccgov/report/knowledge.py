"""The knowledge base page: every runbook, known-error article and how-to,
with the CIs and problems it is about (the site's copy of what
``ccgov ci show`` and ``ccgov problem show`` list)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ccgov.records.knowledge import Knowledge
from ccgov.store.repo import Repository


@dataclass(slots=True)
class Article:
    article: Knowledge
    items: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (id, title, status)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.article.model_dump(mode="json"),
            "items": [{"id": i, "name": n} for i, n in self.items],
            "problems": [{"id": i, "title": t, "status": s} for i, t, s in self.problems],
        }


@dataclass(slots=True)
class KnowledgeBase:
    articles: list[Article]

    def to_json(self) -> dict[str, Any]:
        return {"articles": [a.to_json() for a in self.articles]}


def build(repository: Repository) -> KnowledgeBase:
    items = {r.record.id: r.record.name for r in repository.of("item")}
    problems = {r.record.id: r.record for r in repository.of("problem")}
    articles = []
    order = {"published": 0, "draft": 1, "retired": 2}
    for loaded in sorted(
        repository.of("knowledge"), key=lambda r: (order[r.record.status], r.record.id)
    ):
        article: Knowledge = loaded.record
        articles.append(
            Article(
                article,
                [(i, items.get(i, i)) for i in article.items],
                [
                    (p, problems[p].title, problems[p].status) if p in problems else (p, p, "?")
                    for p in article.problems
                ],
            )
        )
    return KnowledgeBase(articles)
