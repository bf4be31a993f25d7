"""A validator of xAPI 1.0.3 statements (Part Two of the specification), for the tests.

It checks what an LRS checks and a little more: the properties allowed in each object,
required properties, exactly one inverse functional identifier per Agent, absolute
IRIs, UUIDs in standard form, ISO 8601 timestamps and durations, language maps keyed
by RFC 5646 tags, score ranges, interaction types with their component lists, and
that a response uses the format of its interaction type and the components defined.
:func:`problems` returns every violation found (an empty list: valid).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

STATEMENT_KEYS = {
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
}
AGENT_KEYS = {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
ACTIVITY_KEYS = {"objectType", "id", "definition"}
DEFINITION_KEYS = {
    "name",
    "description",
    "type",
    "moreInfo",
    "extensions",
    "interactionType",
    "correctResponsesPattern",
    "choices",
    "scale",
    "source",
    "target",
    "steps",
}
INTERACTION_TYPES = {
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
}
COMPONENT_LISTS = {
    "choice": {"choices"},
    "sequencing": {"choices"},
    "likert": {"scale"},
    "matching": {"source", "target"},
    "performance": {"steps"},
}
RESULT_KEYS = {"score", "success", "completion", "response", "duration", "extensions"}
SCORE_KEYS = {"scaled", "raw", "min", "max"}
CONTEXT_KEYS = {
    "registration",
    "instructor",
    "team",
    "contextActivities",
    "revision",
    "platform",
    "language",
    "statement",
    "extensions",
}
CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")
# RFC 5646 language tags (langtag, private use, or the grandfathered "i-" forms).
_LANGTAG = re.compile(
    r"^(?:"
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
    r"(?:-[A-Za-z]{4})?"
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"
    r"|[Xx](?:-[A-Za-z0-9]{1,8})+"
    r"|[Ii]-[A-Za-z]{2,8}"
    r")$"
)
# ISO 8601 durations in the PnYnMnDTnHnMnS form (or PnW); only the last part a fraction.
_DURATION = re.compile(
    r"^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
    r"|^P\d+(?:\.\d+)?W$"
)
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
_EMAIL = re.compile(r"^mailto:[^@\s]+@[^@\s]+$")


def is_iri(value: Any) -> bool:
    """An absolute IRI: a scheme, no spaces, and a host for http(s)."""
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    if not _SCHEME.match(parts.scheme or ""):
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc)
    return ":" in value


def is_uuid(value: Any) -> bool:
    return isinstance(value, str) and _UUID.match(value) is not None


def is_language_tag(value: Any) -> bool:
    return isinstance(value, str) and _LANGTAG.match(value) is not None


def is_duration(value: Any) -> bool:
    if not isinstance(value, str) or not _DURATION.match(value):
        return False
    fractions = re.findall(r"\d+\.\d+[A-Z]", value)
    return not fractions or (value.endswith(fractions[-1]) and len(fractions) == 1)


def parse_timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str) or not _TIMESTAMP.match(value):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class _Checker:
    def __init__(self) -> None:
        self.found: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.found.append(f"{where}: {message}")

    def keys(self, where: str, value: dict[str, Any], allowed: set[str]) -> None:
        for key in sorted(set(value) - allowed):
            self.fail(where, f"property {key!r} is not allowed")

    def language_map(self, where: str, value: Any, *, required: bool = False) -> None:
        if not isinstance(value, dict) or (required and not value):
            self.fail(where, "is not a (non-empty) language map")
            return
        for tag, text in value.items():
            if not is_language_tag(tag):
                self.fail(where, f"{tag!r} is not an RFC 5646 language tag")
            if not isinstance(text, str):
                self.fail(where, f"the {tag!r} entry is not a string")

    def extensions(self, where: str, value: Any) -> None:
        if not isinstance(value, dict):
            self.fail(where, "extensions are not an object")
            return
        for key in value:
            if not is_iri(key):
                self.fail(where, f"extension key {key!r} is not an IRI")

    def agent(self, where: str, agent: Any) -> None:
        if not isinstance(agent, dict):
            self.fail(where, "is not an object")
            return
        if agent.get("objectType", "Agent") != "Agent":
            self.fail(where, "objectType is not Agent")
        self.keys(where, agent, AGENT_KEYS)
        present = [k for k in IFIS if k in agent]
        if len(present) != 1:
            self.fail(where, f"has {len(present)} inverse functional identifiers, not exactly 1")
        if "name" in agent and not isinstance(agent["name"], str):
            self.fail(where, "name is not a string")
        if "mbox" in agent and not (isinstance(agent["mbox"], str) and _EMAIL.match(agent["mbox"])):
            self.fail(where, "mbox is not a mailto IRI")
        if "mbox_sha1sum" in agent and not re.fullmatch(
            r"[0-9a-f]{40}", str(agent["mbox_sha1sum"])
        ):
            self.fail(where, "mbox_sha1sum is not 40 hex digits")
        if "openid" in agent and not is_iri(agent["openid"]):
            self.fail(where, "openid is not a URI")
        if "account" in agent:
            account = agent["account"]
            if not isinstance(account, dict) or set(account) != {"homePage", "name"}:
                self.fail(where, "account must have exactly homePage and name")
            else:
                if not is_iri(account["homePage"]):
                    self.fail(where, "account homePage is not an IRL")
                if not isinstance(account["name"], str) or not account["name"]:
                    self.fail(where, "account name is not a non-empty string")

    def activity(self, where: str, activity: Any) -> dict[str, Any]:
        if not isinstance(activity, dict):
            self.fail(where, "is not an object")
            return {}
        if activity.get("objectType", "Activity") != "Activity":
            self.fail(where, "objectType is not Activity")
        self.keys(where, activity, ACTIVITY_KEYS)
        if not is_iri(activity.get("id")):
            self.fail(where, f"id {activity.get('id')!r} is not an absolute IRI")
        definition = activity.get("definition")
        if definition is None:
            return {}
        if not isinstance(definition, dict):
            self.fail(where, "definition is not an object")
            return {}
        self.definition(f"{where}.definition", definition)
        return definition

    def definition(self, where: str, definition: dict[str, Any]) -> None:
        self.keys(where, definition, DEFINITION_KEYS)
        for key in ("name", "description"):
            if key in definition:
                self.language_map(f"{where}.{key}", definition[key])
        for key in ("type", "moreInfo"):
            if key in definition and not is_iri(definition[key]):
                self.fail(where, f"{key} is not an IRI")
        if "extensions" in definition:
            self.extensions(where, definition["extensions"])
        kind = definition.get("interactionType")
        lists = {k for k in ("choices", "scale", "source", "target", "steps") if k in definition}
        if kind is None:
            if lists or "correctResponsesPattern" in definition:
                self.fail(where, "interaction properties without an interactionType")
            return
        if kind not in INTERACTION_TYPES:
            self.fail(where, f"interactionType {kind!r} is not valid")
            return
        allowed = COMPONENT_LISTS.get(kind, set())
        for extra in sorted(lists - allowed):
            self.fail(where, f"{extra} is not a component list of {kind}")
        for name in lists & allowed:
            components = definition[name]
            if not isinstance(components, list):
                self.fail(where, f"{name} is not an array")
                continue
            ids = []
            for index, component in enumerate(components):
                spot = f"{where}.{name}[{index}]"
                if not isinstance(component, dict) or not set(component) <= {"id", "description"}:
                    self.fail(spot, "a component has only id and description")
                    continue
                ident = component.get("id")
                if not isinstance(ident, str) or not ident or any(c.isspace() for c in ident):
                    self.fail(spot, "id is not a string without whitespace")
                ids.append(ident)
                if "description" in component:
                    self.language_map(f"{spot}.description", component["description"])
            if len(ids) != len(set(ids)):
                self.fail(where, f"{name} ids are not distinct")
        patterns = definition.get("correctResponsesPattern")
        if patterns is not None:
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                self.fail(where, "correctResponsesPattern is not an array of strings")
            else:
                for pattern in patterns:
                    self.response(f"{where}.correctResponsesPattern", definition, pattern)

    def response(self, where: str, definition: dict[str, Any], response: str) -> None:
        """``response`` in the format of the definition's interaction type."""
        kind = definition.get("interactionType")

        def ids(name: str) -> set[str] | None:
            components = definition.get(name)
            if not isinstance(components, list):
                return None
            return {c.get("id") for c in components if isinstance(c, dict)}

        if kind == "true-false":
            if response not in ("true", "false"):
                self.fail(where, f"{response!r} is not true or false")
        elif kind in ("choice", "sequencing"):
            items = response.split("[,]")
            known = ids("choices")
            if any(not item for item in items):
                self.fail(where, f"{response!r} has an empty item")
            if known is not None and not set(items) <= known:
                self.fail(where, f"{response!r} names choices that are not defined")
            if kind == "choice" and len(items) != len(set(items)):
                self.fail(where, f"{response!r} repeats a choice")
        elif kind == "matching":
            sources, targets = ids("source"), ids("target")
            for pair in response.split("[,]"):
                parts = pair.split("[.]")
                if len(parts) != 2 or not all(parts):
                    self.fail(where, f"{pair!r} is not a source[.]target pair")
                    continue
                if sources is not None and parts[0] not in sources:
                    self.fail(where, f"{parts[0]!r} is not a defined source")
                if targets is not None and parts[1] not in targets:
                    self.fail(where, f"{parts[1]!r} is not a defined target")
        elif kind == "performance":
            steps = ids("steps")
            for pair in response.split("[,]"):
                parts = pair.split("[.]")
                if len(parts) != 2 or not parts[0]:
                    self.fail(where, f"{pair!r} is not a step[.]response pair")
                    continue
                if steps is not None and parts[0] not in steps:
                    self.fail(where, f"{parts[0]!r} is not a defined step")

    def result(self, where: str, result: Any, definition: dict[str, Any]) -> None:
        if not isinstance(result, dict):
            self.fail(where, "is not an object")
            return
        self.keys(where, result, RESULT_KEYS)
        for key in ("success", "completion"):
            if key in result and not isinstance(result[key], bool):
                self.fail(where, f"{key} is not a boolean")
        if "response" in result:
            if not isinstance(result["response"], str):
                self.fail(where, "response is not a string")
            elif definition.get("interactionType"):
                self.response(f"{where}.response", definition, result["response"])
        if "duration" in result and not is_duration(result["duration"]):
            self.fail(where, f"duration {result['duration']!r} is not an ISO 8601 duration")
        if "extensions" in result:
            self.extensions(where, result["extensions"])
        if "score" in result:
            self.score(f"{where}.score", result["score"])

    def score(self, where: str, score: Any) -> None:
        if not isinstance(score, dict):
            self.fail(where, "is not an object")
            return
        self.keys(where, score, SCORE_KEYS)
        for key in SCORE_KEYS & set(score):
            if not _number(score[key]):
                self.fail(where, f"{key} is not a number")
                return
        if "scaled" in score and not -1 <= score["scaled"] <= 1:
            self.fail(where, f"scaled {score['scaled']} is outside -1..1")
        low, high, raw = score.get("min"), score.get("max"), score.get("raw")
        if low is not None and high is not None and not low < high:
            self.fail(where, "min is not less than max")
        if raw is not None and low is not None and raw < low:
            self.fail(where, f"raw {raw} is below min {low}")
        if raw is not None and high is not None and raw > high:
            self.fail(where, f"raw {raw} is above max {high}")

    def context(self, where: str, context: Any, object_is_activity: bool) -> None:
        if not isinstance(context, dict):
            self.fail(where, "is not an object")
            return
        self.keys(where, context, CONTEXT_KEYS)
        if "registration" in context and not is_uuid(context["registration"]):
            self.fail(where, "registration is not a UUID")
        for key in ("revision", "platform"):
            if key in context:
                if not isinstance(context[key], str):
                    self.fail(where, f"{key} is not a string")
                if not object_is_activity:
                    self.fail(where, f"{key} is only for statements about an Activity")
        if "language" in context and not is_language_tag(context["language"]):
            self.fail(where, "language is not an RFC 5646 tag")
        if "extensions" in context:
            self.extensions(where, context["extensions"])
        if "instructor" in context:
            self.agent(f"{where}.instructor", context["instructor"])
        activities = context.get("contextActivities")
        if activities is not None:
            if not isinstance(activities, dict):
                self.fail(where, "contextActivities is not an object")
                return
            for key, value in activities.items():
                if key not in CONTEXT_ACTIVITY_KEYS:
                    self.fail(where, f"contextActivities key {key!r} is not allowed")
                items = value if isinstance(value, list) else [value]
                for index, item in enumerate(items):
                    self.activity(f"{where}.contextActivities.{key}[{index}]", item)

    def statement(self, statement: Any, now: datetime) -> None:
        where = "statement"
        if not isinstance(statement, dict):
            self.fail(where, "is not an object")
            return
        where = f"statement {statement.get('id', '?')}"
        self.keys(where, statement, STATEMENT_KEYS)
        for key in ("actor", "verb", "object"):
            if key not in statement:
                self.fail(where, f"{key} is required")
        if "id" in statement and not is_uuid(statement["id"]):
            self.fail(where, "id is not a UUID in standard form")
        if "actor" in statement:
            self.agent(f"{where}.actor", statement["actor"])
        verb = statement.get("verb")
        if isinstance(verb, dict):
            self.keys(f"{where}.verb", verb, {"id", "display"})
            if not is_iri(verb.get("id")):
                self.fail(f"{where}.verb", "id is not an IRI")
            if "display" in verb:
                self.language_map(f"{where}.verb.display", verb["display"], required=True)
        elif "verb" in statement:
            self.fail(where, "verb is not an object")
        definition: dict[str, Any] = {}
        obj = statement.get("object")
        is_activity = isinstance(obj, dict) and obj.get("objectType", "Activity") == "Activity"
        if is_activity:
            definition = self.activity(f"{where}.object", obj)
        elif "object" in statement:
            self.fail(where, "object is not an Activity (the trainer only states activities)")
        if "result" in statement:
            self.result(f"{where}.result", statement["result"], definition)
        if "context" in statement:
            self.context(f"{where}.context", statement["context"], is_activity)
        if "timestamp" in statement:
            moment = parse_timestamp(statement["timestamp"])
            if moment is None:
                self.fail(where, f"timestamp {statement['timestamp']!r} is not ISO 8601")
            elif moment > now:
                self.fail(where, "timestamp is in the future")
        for key in ("stored", "authority"):
            if key in statement:
                self.fail(where, f"{key} is set by the LRS, not by the provider")
        if "version" in statement and not str(statement["version"]).startswith("1.0."):
            self.fail(where, "version does not start with 1.0.")


def problems(statements: Iterable[Any], *, now: datetime | None = None) -> list[str]:
    """Every xAPI rule broken by the statements (ids must also be unique among them)."""
    checker = _Checker()
    moment = now or datetime.now(UTC)
    seen: set[str] = set()
    for statement in statements:
        try:
            json.dumps(statement, allow_nan=False)
        except ValueError:
            checker.fail("statement", "holds a value JSON cannot carry (NaN or infinity)")
        checker.statement(statement, moment)
        if isinstance(statement, dict) and isinstance(statement.get("id"), str):
            if statement["id"] in seen:
                checker.fail(f"statement {statement['id']}", "id is used twice")
            seen.add(statement["id"])
    return checker.found
