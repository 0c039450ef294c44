"""Problems: what they link to, closing only when their actions are done,
known errors published for the service desk; and the problems RFCs fix.
(The actions themselves are checked with every action item: rules.actions.)"""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.records.problem import Problem
from ccgov.rules import rhythm_refs as refs
from ccgov.rules.base import REFERENCES, Context, every, finding, rule


# People are in ccgov.yaml; the incidents, CIs and fixing RFCs a problem names
# and the problems an RFC fixes are references (records.links OPERATIONS_REFS).
@rule(reads=(REFERENCES,), about=("problem", "change"))
def problem_references(context: Context) -> Iterator[Finding]:
    for loaded in context.of("problem"):
        problem: Problem = loaded.record
        yield from refs.person(context, loaded, problem.raised_by, "raised_by")
        yield from refs.person(context, loaded, problem.owner, "owner")
        if problem.closed_by is not None:
            yield from refs.person(context, loaded, problem.closed_by, "closed_by")
        for index, incident in enumerate(problem.incidents):
            yield from refs.record(
                context, loaded, incident, "incidents", index, expected="incident"
            )
        for index, item in enumerate(problem.items):
            yield from refs.record(context, loaded, item, "items", index, expected="item")
        for index, action in enumerate(problem.actions):
            if action.fix is not None:
                yield from refs.record(
                    context, loaded, action.fix, "actions", index, "fix", expected="change"
                )
    for loaded in context.of("change"):
        for index, target in enumerate(loaded.record.fixes):
            yield from refs.record(context, loaded, target, "fixes", index, expected="problem")


@rule(reads=(), about=("problem",))
def problems_close_when_done(context: Context) -> Iterator[Finding]:
    for loaded in context.of("problem"):
        problem: Problem = loaded.record
        if problem.status != "closed":
            continue
        for index, action in enumerate(problem.actions):
            if action.status == "open":
                yield finding(
                    loaded,
                    "PRB001",
                    f"{problem.id} is closed but action {action.id} ({action.title}) is still "
                    "open; close or drop it first",
                    "actions",
                    index,
                    "status" if "status" in action.model_fields_set else "id",
                )


# Every knowledge article: an article names the problems it documents, so the
# ones documenting a problem are found from theirs.
@rule(reads=(every("knowledge"),), about=("problem",))
def known_errors_published(context: Context) -> Iterator[Finding]:
    documented = {
        problem_id
        for article in context.every("knowledge")
        if article.record.kind == "known_error" and article.record.status == "published"
        for problem_id in article.record.problems
    }
    for loaded in context.of("problem"):
        problem: Problem = loaded.record
        if problem.known_error and problem.status != "closed" and problem.id not in documented:
            yield finding(
                loaded,
                "PRB002",
                f"{problem.id} is a known error but no published known_error article in "
                "knowledge/ lists it: the service desk cannot find its workaround",
                "workaround",
            )
