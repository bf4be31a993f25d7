"""xAPI 1.0.3 statements of a learner's history, for learning record stores (Qt-free).

Nothing here sends anything anywhere: :func:`build_statements` turns a
:class:`~trainer.core.reporting.history.LearnerHistory` into a list of statement
objects (plain JSON values) that an organisation moves into its own LRS; see
``docs/reporting.md``.

What becomes a statement
------------------------
* a module with at least one section read or marked complete: ``experienced``
  the module (no timestamp: the store does not keep when reading began, so the
  LRS stamps it when it stores it);
* a module marked complete: ``completed`` the module, at the first completion;
* every recorded answer: ``answered`` the question (a ``cmi.interaction``), with
  its score, success, duration and response, the quiz as the parent activity and
  the quiz session as the registration;
* every finished quiz session: ``completed`` the quiz (an ``assessment``) and
  ``passed`` or ``failed`` it, with the session's score and duration.

Identity
--------
The actor is the learner's profile id as an account on :data:`HOMEPAGE`, a
reserved ``.invalid`` address that never resolves: a pseudonym that only the
learner's own machine can tie to a name. A name or an email address is added only
when the caller passes one explicitly (:class:`ActorOptions`).

Statement ids are UUID version 5 over :data:`STATEMENT_NAMESPACE` and the record
they describe (attempt id, session id, or learner and module) with the verb, so
exporting again gives the same ids and an LRS never stores an answer twice.
Activity ids are built from the content ids under :data:`ACTIVITY_ROOT`.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from trainer.core.engine import AnswerError, decision_path
from trainer.core.model import Library, Module, Question, QuestionType, Quiz
from trainer.core.progress import Attempt, ModuleProgress, QuizSession
from trainer.core.quiz_run import recommended_choices
from trainer.core.reporting.history import LearnerHistory

__all__ = [
    "ACTIVITY_ROOT",
    "ACTIVITY_TYPE_ASSESSMENT",
    "ACTIVITY_TYPE_COURSE",
    "ACTIVITY_TYPE_INTERACTION",
    "ACTIVITY_TYPE_MODULE",
    "EXTENSION_ROOT",
    "EXT_ATTEMPT_ID",
    "EXT_CONTENT_PACK_VERSION",
    "EXT_INDICATORS",
    "EXT_MODE",
    "EXT_QUESTION_TYPE",
    "EXT_SESSION_ID",
    "HOMEPAGE",
    "INTERACTION_TYPES",
    "PLATFORM",
    "STATEMENT_NAMESPACE",
    "VERBS",
    "XAPI_VERSION",
    "ActorOptions",
    "XapiOptionError",
    "build_statements",
    "format_duration",
    "format_timestamp",
    "make_actor",
    "module_activity_id",
    "pack_activity_id",
    "question_activity_id",
    "quiz_activity_id",
    "registration_for",
    "statement_id",
    "statements_json_bytes",
]

#: The xAPI version the statements follow (sent as the X-Experience-API-Version header).
XAPI_VERSION = "1.0.3"
#: The tool's home page IRI: the account home page of every learner and the root of every
#: IRI the trainer mints. ``.invalid`` is reserved (RFC 2606), so it never resolves and
#: never belongs to anyone else. Never change it: statement and activity ids depend on it.
HOMEPAGE = "https://officer-trainer.invalid/"
ACTIVITY_ROOT = f"{HOMEPAGE}xapi/activities/"
EXTENSION_ROOT = f"{HOMEPAGE}xapi/extensions/"
#: The namespace of the statement ids: uuid5(NAMESPACE_URL, HOMEPAGE + "xapi/statement-ids").
STATEMENT_NAMESPACE = uuid.UUID("5574e986-dfd8-5148-8ee9-528c16250b85")
#: ``context.platform`` of every statement (without a version, so re-exports are identical).
PLATFORM = "Officer Trainer"

#: The verbs, from the ADL vocabulary (the same IRIs cmi5 uses).
VERBS: Mapping[str, str] = {
    "experienced": "http://adlnet.gov/expapi/verbs/experienced",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
}
ACTIVITY_TYPE_MODULE = "http://adlnet.gov/expapi/activities/module"
ACTIVITY_TYPE_ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
ACTIVITY_TYPE_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ACTIVITY_TYPE_COURSE = "http://adlnet.gov/expapi/activities/course"

EXT_MODE = f"{EXTENSION_ROOT}mode"
EXT_INDICATORS = f"{EXTENSION_ROOT}indicators"
EXT_QUESTION_TYPE = f"{EXTENSION_ROOT}question-type"
EXT_ATTEMPT_ID = f"{EXTENSION_ROOT}attempt-id"
EXT_SESSION_ID = f"{EXTENSION_ROOT}session-id"
EXT_CONTENT_PACK_VERSION = f"{EXTENSION_ROOT}content-pack-version"

#: The xAPI interactionType of each question type. It depends on the type alone, so an
#: activity keeps one definition whether or not the content is at hand.
INTERACTION_TYPES: Mapping[str, str] = {
    "single": "choice",
    "multiple": "choice",
    "spot": "choice",
    "true-false": "true-false",
    "categorize": "matching",
    "decision": "performance",
}

_VERB_LANGUAGE = "en-US"
_UNDETERMINED = "und"
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_EMAIL = re.compile(r"^[^@\s:]+@[^@\s]+\.[^@\s]+$")
_HEX_UUID = re.compile(r"^[0-9a-fA-F]{32}$")
_SCORE_DIGITS = 4


class XapiOptionError(ValueError):
    """An actor option (email address or name) that cannot be used; the message says why."""


@dataclass(frozen=True)
class ActorOptions:
    """How the learner appears in the statements.

    By default only the pseudonymous profile id (as an account on :data:`HOMEPAGE`).
    ``mbox`` (an email address the learner chose to give) replaces the account as the
    identifier; ``name`` adds a name. Both are for the learner to decide, never a default.
    """

    mbox: str | None = None
    name: str | None = None


# ------------------------------------------------------------------ ids and formats


def statement_id(*parts: str) -> str:
    """The deterministic statement id of a record and verb (a version 5 UUID)."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, json.dumps(list(parts), ensure_ascii=False)))


def registration_for(session_id: str) -> str:
    """The registration UUID of a quiz session: the session id itself when it is a UUID
    (as the store makes them), else a version 5 UUID derived from it."""
    if _HEX_UUID.match(session_id):
        return str(uuid.UUID(hex=session_id))
    try:
        return str(uuid.UUID(session_id))
    except ValueError:
        return statement_id("registration", session_id)


def _segment(value: str) -> str:
    return quote(value, safe="-._~")


def pack_activity_id(pack_id: str) -> str:
    return f"{ACTIVITY_ROOT}pack/{_segment(pack_id)}"


def module_activity_id(module_id: str) -> str:
    return f"{ACTIVITY_ROOT}module/{_segment(module_id)}"


def quiz_activity_id(quiz_id: str) -> str:
    return f"{ACTIVITY_ROOT}quiz/{_segment(quiz_id)}"


def question_activity_id(quiz_id: str, question_id: str) -> str:
    return f"{quiz_activity_id(quiz_id)}/question/{_segment(question_id)}"


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with millisecond precision, e.g. ``2025-03-01T09:00:05.120Z``."""
    if moment.tzinfo is None:
        raise ValueError("a timestamp must be timezone-aware")
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def format_duration(milliseconds: float) -> str:
    """ISO 8601 duration with at most 0.01 s precision, e.g. ``PT12.5S``, ``PT1H2M3S``."""
    if milliseconds < 0 or math.isnan(milliseconds):
        raise ValueError("a duration cannot be negative")
    centiseconds = int(milliseconds // 10)
    hours, rest = divmod(centiseconds, 360_000)
    minutes, rest = divmod(rest, 6_000)
    seconds, hundredths = divmod(rest, 100)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if seconds or hundredths or text == "PT":
        text += f"{seconds}.{hundredths:02d}".rstrip("0").rstrip(".") + "S"
    return text


def _number(value: float) -> int | float:
    rounded = round(float(value), _SCORE_DIGITS)
    return int(rounded) if rounded.is_integer() else rounded


def _language(*candidates: str | None) -> str:
    for candidate in candidates:
        if candidate and _LANGUAGE_TAG.match(candidate):
            return candidate
    return _UNDETERMINED


def make_actor(profile_id: str, options: ActorOptions | None = None) -> dict[str, Any]:
    """The Agent of a learner: exactly one identifier (account, or mbox when given)."""
    options = options or ActorOptions()
    actor: dict[str, Any] = {"objectType": "Agent"}
    if options.name is not None:
        name = options.name.strip()
        if not name:
            raise XapiOptionError("the actor name is empty; leave the option out instead")
        actor["name"] = name
    if options.mbox is not None:
        address = options.mbox.strip()
        if address.lower().startswith("mailto:"):
            address = address[len("mailto:") :]
        if not _EMAIL.match(address):
            raise XapiOptionError(
                f"{options.mbox!r} is not an email address (like name@example.org)"
            )
        actor["mbox"] = f"mailto:{address}"
    else:
        actor["account"] = {"homePage": HOMEPAGE, "name": profile_id}
    return actor


def _verb(name: str) -> dict[str, Any]:
    return {"id": VERBS[name], "display": {_VERB_LANGUAGE: name}}


def _slug(text: str, fallback: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug or fallback


def _choice_id(number: int) -> str:
    return f"option-{number + 1}"


def _item_id(number: int) -> str:
    return f"item-{number + 1}"


def _step_choice_id(number: int) -> str:
    return f"choice-{number + 1}"


# ------------------------------------------------------------------ definitions


class _Content:
    """Names and definitions from the content library (when one is at hand)."""

    def __init__(self, library: Library | None) -> None:
        self.library = library
        info = library.info if library is not None else None
        self.pack_id = info.id if info else None
        self.pack_version = info.version if info else None
        self.pack_title = info.title if info else None
        self.pack_language = _language(info.language if info else None)

    def quiz(self, quiz_id: str) -> Quiz | None:
        return self.library.quizzes.get(quiz_id) if self.library is not None else None

    def module(self, module_id: str) -> Module | None:
        return self.library.modules.get(module_id) if self.library is not None else None

    def question(self, quiz_id: str, question_id: str) -> Question | None:
        quiz = self.quiz(quiz_id)
        return quiz.question(question_id) if quiz is not None else None

    def pack_activity(self) -> dict[str, Any] | None:
        if self.pack_id is None:
            return None
        return {
            "objectType": "Activity",
            "id": pack_activity_id(self.pack_id),
            "definition": {
                "type": ACTIVITY_TYPE_COURSE,
                "name": {self.pack_language: self.pack_title or self.pack_id},
            },
        }

    def module_activity(self, module_id: str) -> dict[str, Any]:
        module = self.module(module_id)
        definition: dict[str, Any] = {"type": ACTIVITY_TYPE_MODULE}
        if module is None:
            definition["name"] = {_UNDETERMINED: module_id}
        else:
            language = _language(module.language, self.pack_language)
            definition["name"] = {language: module.title}
            if module.summary:
                definition["description"] = {language: module.summary}
        return {
            "objectType": "Activity",
            "id": module_activity_id(module_id),
            "definition": definition,
        }

    def quiz_activity(self, quiz_id: str) -> dict[str, Any]:
        quiz = self.quiz(quiz_id)
        definition: dict[str, Any] = {"type": ACTIVITY_TYPE_ASSESSMENT}
        if quiz is None:
            definition["name"] = {_UNDETERMINED: quiz_id}
        else:
            definition["name"] = {_language(quiz.language, self.pack_language): quiz.title}
        return {"objectType": "Activity", "id": quiz_activity_id(quiz_id), "definition": definition}

    def quiz_language(self, quiz_id: str) -> str:
        quiz = self.quiz(quiz_id)
        return _language(quiz.language if quiz else None, self.pack_language)

    def question_activity(self, quiz_id: str, question_id: str, question_type: str) -> Any:
        interaction = INTERACTION_TYPES.get(question_type, "other")
        definition: dict[str, Any] = {
            "type": ACTIVITY_TYPE_INTERACTION,
            "interactionType": interaction,
        }
        question = self.question(quiz_id, question_id)
        if question is None or question.type.value != question_type:
            definition["name"] = {_UNDETERMINED: question_id}
        else:
            language = self.quiz_language(quiz_id)
            definition["name"] = {language: question.prompt}
            definition.update(_components(question, language))
        return {
            "objectType": "Activity",
            "id": question_activity_id(quiz_id, question_id),
            "definition": definition,
        }


def _components(question: Question, language: str) -> dict[str, Any]:
    """The interaction components and correct responses of a question."""
    kind = question.type
    if kind is QuestionType.TRUE_FALSE:
        right_option = next((o for o in question.options if o.correct), None)
        if right_option is None:
            return {}
        return {"correctResponsesPattern": [_true_false(right_option.text)]}
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SPOT):
        right = [_choice_id(i) for i, o in enumerate(question.options) if o.correct]
        return {
            "choices": [
                {"id": _choice_id(i), "description": {language: o.text}}
                for i, o in enumerate(question.options)
            ],
            "correctResponsesPattern": ["[,]".join(right)] if right else [],
        }
    if kind is QuestionType.CATEGORIZE:
        targets = _category_ids(question.categories)
        pattern = "[,]".join(
            f"{_item_id(i)}[.]{targets[item.category.casefold()]}"
            for i, item in enumerate(question.items)
            if item.category.casefold() in targets
        )
        return {
            "source": [
                {"id": _item_id(i), "description": {language: item.text}}
                for i, item in enumerate(question.items)
            ],
            "target": [
                {"id": targets[c.casefold()], "description": {language: c}}
                for c in question.categories
            ],
            "correctResponsesPattern": [pattern],
        }
    if kind is QuestionType.DECISION:
        steps = [{"id": s.id, "description": {language: s.text}} for s in question.steps]
        components: dict[str, Any] = {"steps": steps}
        recommended = _performance_response(question, recommended_choices(question))
        if recommended is not None:
            components["correctResponsesPattern"] = [recommended]
        return components
    return {}


def _true_false(text: str) -> str:
    return "true" if text.strip().rstrip(".").casefold() == "true" else "false"


def _category_ids(categories: Sequence[str]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for number, category in enumerate(categories):
        candidate = _slug(category, f"category-{number + 1}")
        if candidate in ids.values():
            candidate = f"{candidate}-{number + 1}"
        ids.setdefault(category.casefold(), candidate)
    return ids


def _performance_response(question: Question, choices: Sequence[int]) -> str | None:
    try:
        taken, _ = decision_path(question, choices)
    except (AnswerError, IndexError):
        return None
    parts = []
    for (step, choice), number in zip(taken, choices, strict=True):
        if step.choices[number] is not choice:
            return None
        parts.append(f"{step.id}[.]{_step_choice_id(number)}")
    return "[,]".join(parts) if parts else None


def _int_list(value: Any) -> list[int] | None:
    if not isinstance(value, list):
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
        return None
    return list(value)


def _response(attempt: Attempt, question: Question | None) -> str | None:
    """The learner's response in the xAPI pattern of the interaction type, or ``None``
    when it cannot be given faithfully (unexpected answer shape, content not at hand)."""
    answer = attempt.answer
    if not isinstance(answer, dict):
        return None
    kind = attempt.question_type
    if question is not None and question.type.value != kind:
        question = None
    if kind in ("single", "multiple", "spot"):
        selected = _int_list(answer.get("selected"))
        if not selected:
            return None
        return "[,]".join(_choice_id(i) for i in sorted(set(selected)))
    if kind == "true-false":
        selected = _int_list(answer.get("selected"))
        if question is None or not selected or len(selected) != 1:
            return None
        if selected[0] >= len(question.options):
            return None
        return _true_false(question.options[selected[0]].text)
    if kind == "categorize":
        placement = answer.get("placement")
        if not isinstance(placement, list):
            return None
        if question is not None:
            targets = _category_ids(question.categories)
        else:
            names = {p.casefold(): p for p in placement if isinstance(p, str)}
            targets = {key: _slug(name, "category") for key, name in names.items()}
        pairs = []
        for number, placed in enumerate(placement):
            if placed is None:
                continue
            if not isinstance(placed, str) or placed.casefold() not in targets:
                return None
            pairs.append(f"{_item_id(number)}[.]{targets[placed.casefold()]}")
        return "[,]".join(pairs) if pairs else None
    if kind == "decision":
        choices = _int_list(answer.get("choices"))
        if question is None or not choices:
            return None
        return _performance_response(question, choices)
    return None


# ------------------------------------------------------------------ statements


def _context(
    content: _Content,
    *,
    language: str | None,
    in_pack: bool,
    parent: dict[str, Any] | None = None,
    registration: str | None = None,
    revision: str | None = None,
    pack_version: str | None = None,
    extensions: dict[str, Any] | None = None,
) -> dict[str, Any]:
    context: dict[str, Any] = {}
    if registration is not None:
        context["registration"] = registration
    activities: dict[str, Any] = {}
    if parent is not None:
        activities["parent"] = [parent]
    pack = content.pack_activity() if in_pack else None
    if pack is not None:
        activities["grouping"] = [pack]
    if activities:
        context["contextActivities"] = activities
    if revision is not None:
        context["revision"] = revision
    context["platform"] = PLATFORM
    if language is not None and language != _UNDETERMINED:
        context["language"] = language
    all_extensions = dict(extensions or {})
    if pack_version is not None:
        all_extensions[EXT_CONTENT_PACK_VERSION] = pack_version
    if all_extensions:
        context["extensions"] = all_extensions
    return context


def _session_extensions(session_id: str, mode: str) -> dict[str, Any]:
    extensions: dict[str, Any] = {EXT_MODE: mode}
    if registration_for(session_id).replace("-", "") != session_id.lower():
        extensions[EXT_SESSION_ID] = session_id
    return extensions


def _pack_version_if_same(content: _Content, quiz_id: str, content_version: str) -> str | None:
    """The loaded pack's version, but only when the quiz answered is the one loaded."""
    quiz = content.quiz(quiz_id)
    if quiz is None or quiz.content_version != content_version:
        return None
    return content.pack_version


class _Builder:
    def __init__(self, history: LearnerHistory, content: _Content, actor: dict[str, Any]):
        self.history = history
        self.content = content
        self.actor = actor
        self.out: list[tuple[tuple[str, int], dict[str, Any]]] = []

    def add(self, statement: dict[str, Any]) -> None:
        key = (statement.get("timestamp", ""), len(self.out))
        self.out.append((key, statement))

    def module(self, progress: ModuleProgress) -> None:
        if not progress.sections_read and not progress.completed:
            return
        pid = self.history.profile_id
        module = self.content.module(progress.module_id)
        language = _language(module.language if module else None, self.content.pack_language)
        activity = self.content.module_activity(progress.module_id)
        context = _context(self.content, language=language, in_pack=module is not None)
        self.add(
            {
                "id": statement_id("module", pid, progress.module_id, "experienced"),
                "actor": self.actor,
                "verb": _verb("experienced"),
                "object": activity,
                "context": context,
            }
        )
        if progress.completed and progress.completed_at is not None:
            self.add(
                {
                    "id": statement_id("module", pid, progress.module_id, "completed"),
                    "actor": self.actor,
                    "verb": _verb("completed"),
                    "object": activity,
                    "result": {"completion": True},
                    "context": context,
                    "timestamp": format_timestamp(progress.completed_at),
                }
            )

    def attempt(self, attempt: Attempt) -> None:
        content = self.content
        question = content.question(attempt.quiz_id, attempt.question_id)
        if question is not None and question.type.value != attempt.question_type:
            question = None
        if question is not None and question.points > 0:
            score = {
                "scaled": _number(attempt.score),
                "raw": _number(attempt.score * question.points),
                "min": 0,
                "max": question.points,
            }
        else:
            score = {
                "scaled": _number(attempt.score),
                "raw": _number(attempt.score),
                "min": 0,
                "max": 1,
            }
        result: dict[str, Any] = {
            "score": score,
            "success": attempt.correct,
            "completion": True,
            "duration": format_duration(attempt.duration_ms),
        }
        response = _response(attempt, question)
        if response is not None:
            result["response"] = response
        extensions: dict[str, Any] = {
            EXT_ATTEMPT_ID: attempt.attempt_id,
            EXT_QUESTION_TYPE: attempt.question_type,
            EXT_INDICATORS: list(attempt.indicators),
        }
        extensions.update(_session_extensions(attempt.session_id, attempt.mode))
        self.add(
            {
                "id": statement_id("attempt", attempt.attempt_id, "answered"),
                "actor": self.actor,
                "verb": _verb("answered"),
                "object": content.question_activity(
                    attempt.quiz_id, attempt.question_id, attempt.question_type
                ),
                "result": result,
                "context": _context(
                    content,
                    language=content.quiz_language(attempt.quiz_id),
                    in_pack=content.quiz(attempt.quiz_id) is not None,
                    parent=content.quiz_activity(attempt.quiz_id),
                    registration=registration_for(attempt.session_id),
                    revision=attempt.content_version,
                    pack_version=_pack_version_if_same(
                        content, attempt.quiz_id, attempt.content_version
                    ),
                    extensions=extensions,
                ),
                "timestamp": format_timestamp(attempt.answered_at),
            }
        )

    def session(self, session: QuizSession) -> None:
        if (
            session.finished_at is None
            or session.score is None
            or session.max_score is None
            or session.passed is None
            or session.max_score <= 0
        ):
            return
        content = self.content
        elapsed = (session.finished_at - session.started_at).total_seconds() * 1000
        score = {
            "scaled": _number(session.score / session.max_score),
            "raw": _number(session.score),
            "min": 0,
            "max": _number(session.max_score),
        }
        context = _context(
            content,
            language=content.quiz_language(session.quiz_id),
            in_pack=content.quiz(session.quiz_id) is not None,
            registration=registration_for(session.session_id),
            revision=session.content_version,
            pack_version=_pack_version_if_same(content, session.quiz_id, session.content_version),
            extensions=_session_extensions(session.session_id, session.mode),
        )
        activity = content.quiz_activity(session.quiz_id)
        timestamp = format_timestamp(session.finished_at)
        duration = format_duration(max(0.0, elapsed))
        self.add(
            {
                "id": statement_id("session", session.session_id, "completed"),
                "actor": self.actor,
                "verb": _verb("completed"),
                "object": activity,
                "result": {"score": score, "completion": True, "duration": duration},
                "context": context,
                "timestamp": timestamp,
            }
        )
        verdict = "passed" if session.passed else "failed"
        self.add(
            {
                "id": statement_id("session", session.session_id, verdict),
                "actor": self.actor,
                "verb": _verb(verdict),
                "object": activity,
                "result": {
                    "score": score,
                    "success": session.passed,
                    "completion": True,
                    "duration": duration,
                },
                "context": context,
                "timestamp": timestamp,
            }
        )

    def statements(self) -> list[dict[str, Any]]:
        return [statement for _, statement in sorted(self.out, key=lambda pair: pair[0])]


def build_statements(
    history: LearnerHistory,
    library: Library | None,
    *,
    actor: ActorOptions | None = None,
) -> list[dict[str, Any]]:
    """The learner's history as xAPI statements, oldest first (undated ones first).

    ``library`` supplies names, interaction components and the content pack; without it
    (or for content no longer in it) activities are named by their ids and responses that
    need the content (true-false, decision paths) are left out. Raises
    :class:`XapiOptionError` for an unusable actor option.
    """
    builder = _Builder(history, _Content(library), make_actor(history.profile_id, actor))
    for progress in sorted(history.modules, key=lambda m: m.module_id):
        builder.module(progress)
    for attempt in history.attempts:
        builder.attempt(attempt)
    for session in history.sessions:
        builder.session(session)
    return builder.statements()


def statements_json_bytes(statements: Sequence[Mapping[str, Any]]) -> bytes:
    """The statements as a UTF-8 JSON array, ready to POST to an LRS's ``/statements``."""
    text = json.dumps(list(statements), ensure_ascii=False, indent=1, allow_nan=False)
    return (text + "\n").encode("utf-8")
