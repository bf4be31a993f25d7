"""A synthetic content library for the benchmarks, as large as a regional training centre's.

Run:  python bench/synth_library.py DEST [--modules N] [--quizzes N] [--indicators N]

The defaults make 1,000 modules of about 2,000 words (ten of them about 50 KB), 1,000
quizzes of ten questions each (10,000 questions of all six types: single, multiple,
true-false, spot, categorize and decision), a taxonomy of 300 indicators in 12
dimensions and a ``library.yaml`` with 20 tracks. The text is made from a seeded word
list, so every run writes the same files; the files use every construct of the content
format (front matter lists and sources, headings, lists, tables, quotes, code, emphasis,
module, quiz, file, web and picture links), and the whole library passes
``trainer validate`` with no errors and no warnings.
"""

from __future__ import annotations

import argparse
import base64
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

TRACKS = 20
DIMENSIONS = 12
QUESTION_PLAN = (
    "single",
    "multiple",
    "true-false",
    "spot",
    "single",
    "multiple",
    "true-false",
    "spot",
    "categorize",
    "decision",
)
BIG_EVERY = 100  # every 100th module is about 50 KB
BIG_BYTES = 50_000
WORDS = 2_000

# A 1x1 PNG, for the picture links.
PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

_VOCABULARY_TEXT = """
officer worker recruiter employer passport document wage debt contract agency border
station shift farm factory kitchen site van caravan lodging interpreter victim witness
supervisor manager broker driver family village town city harbour checkpoint bus train
phone message account card payment deduction fine threat promise offer permit visa
interview referral shelter specialist unit inspector patrol report note record evidence
indicator sign context combination pattern movement control isolation dependency fear
silence trust safety consent deception coercion abuse vulnerability exploitation labour
sexual domestic forced begging criminal network cell group online platform advert
profile chat video transfer route journey crossing arrival departure season harvest
construction cleaning care fishing vessel crew deck port cargo container warehouse
meeting question answer account statement story detail date name address language
support service hotline social health school teacher child parent guardian minor adult
"""
_VERBS_TEXT = """
notices records asks explains describes reports observes refers checks hears confirms
questions documents recognises weighs considers protects separates contacts supports
"""
_ADJECTIVES_TEXT = """
careful brief open calm early late local foreign informal irregular unpaid excessive
sudden repeated hidden unusual visible written verbal safe private independent
"""
_VOCABULARY = _VOCABULARY_TEXT.split()
_VERBS = _VERBS_TEXT.split()
_ADJECTIVES = _ADJECTIVES_TEXT.split()


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(_VOCABULARY) for _ in range(count))


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    subject = f"The {rng.choice(_ADJECTIVES)} {rng.choice(_VOCABULARY)}"
    rest = _words(rng, rng.randint(low, high))
    return f"{subject} {rng.choice(_VERBS)} {rest}."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _wrap(text: str, width: int = 88) -> str:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def _quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class SynthLibrary:
    """What was written, for the benchmarks that use the library."""

    root: Path
    module_ids: list[str] = field(default_factory=list)
    quiz_ids: list[str] = field(default_factory=list)
    indicator_ids: list[str] = field(default_factory=list)
    big_module_ids: list[str] = field(default_factory=list)
    question_types: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0

    def quiz_questions(self, quiz_id: str) -> list[tuple[str, str]]:
        """(question id, type) of every question of a quiz, in order."""
        number = quiz_id.removeprefix("quiz-")
        return [(f"q{number}-{i + 1:02d}", kind) for i, kind in enumerate(QUESTION_PLAN)]


class _Writer:
    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.info = SynthLibrary(root)

    def write(self, rel: str, text: str | bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8") if isinstance(text, str) else text
        path.write_bytes(data)
        self.info.files += 1
        self.info.bytes += len(data)

    # ------------------------------------------------------------ library and taxonomy

    def library(self) -> None:
        lines = [
            "kind: library",
            "id: synthetic-library",
            "title: Synthetic library for benchmarks",
            "version: 1.0.0",
            "publisher: Officer Trainer benchmarks",
            "language: en",
            "tracks:",
        ]
        for number in range(1, TRACKS + 1):
            lines += [
                f"  - id: track-{number:02d}",
                f"    title: {_quote(f'Track {number}: ' + _words(self.rng, 3))}",
                f"    description: {_sentence(self.rng, 6, 10)}",
            ]
        self.write("library.yaml", "\n".join(lines) + "\n")

    def taxonomy(self, indicators: int) -> None:
        rng = self.rng
        lines = [
            "kind: taxonomy",
            "id: synthetic-indicators",
            "title: Synthetic indicators",
            "version: 1",
            "language: en",
            "",
            "sources:",
        ]
        for number in range(1, 6):
            lines += [
                f"  - id: source-{number}",
                f"    title: {_quote(_words(rng, 6).capitalize())}",
                "    publisher: Benchmark Publishing",
                f"    year: {2000 + number * 3}",
                "    note: >-",
                f"      {_sentence(rng)}",
            ]
        lines += ["", "dimensions:"]
        for number in range(1, DIMENSIONS + 1):
            lines += [
                f"  - id: dimension-{number:02d}",
                f"    name: Dimension {number} {_words(rng, 2)}",
                "    group: Synthetic groups",
                "    description: >-",
                f"      {_sentence(rng)}",
            ]
        lines += ["", "indicators:"]
        strengths = ("strong", "medium", "weak")
        for number in range(1, indicators + 1):
            indicator_id = f"ind-{number:03d}-{rng.choice(_VOCABULARY)}"
            self.info.indicator_ids.append(indicator_id)
            lines += [
                "",
                f"  - id: {indicator_id}",
                f"    name: {_quote(_words(rng, 5).capitalize())}",
                f"    dimension: dimension-{(number - 1) % DIMENSIONS + 1:02d}",
                f"    strength: {strengths[number % 3]}",
                "    description: >-",
                "      " + _wrap(_paragraph(rng, 3), 80).replace("\n", "\n      "),
                "    observe:",
                *(f"      - {_sentence(rng, 5, 10)}" for _ in range(3)),
                f"    sources: [source-{number % 5 + 1}]",
            ]
        self.write("taxonomy/indicators.yaml", "\n".join(lines) + "\n")

    # ------------------------------------------------------------ modules

    def module_id(self, number: int) -> str:
        return f"module-{number:04d}"

    def quiz_id(self, number: int) -> str:
        return f"quiz-{number:04d}"

    def module(self, number: int, modules: int, quizzes: int) -> None:
        rng = self.rng
        module_id = self.module_id(number)
        self.info.module_ids.append(module_id)
        big = number % BIG_EVERY == 0
        if big:
            self.info.big_module_ids.append(module_id)
        track = (number - 1) % TRACKS + 1
        indicators = rng.sample(self.info.indicator_ids, 6)
        front = [
            "---",
            "kind: module",
            f"id: {module_id}",
            f"title: {_quote(f'Module {number}: ' + _words(rng, 4))}",
            f"track: track-{track:02d}",
            f"order: {number}",
            "summary: >-",
            "  " + _wrap(_paragraph(rng, 2), 84).replace("\n", "\n  "),
            f"estimated_minutes: {rng.randint(10, 45)}",
            "language: en",
            f"version: {rng.randint(1, 4)}",
            "audience: [police, border-guards, labour-inspectors]",
            "objectives:",
            *(f"  - {_sentence(rng, 6, 12)}" for _ in range(4)),
            "indicators:",
            *(f"  - {i}" for i in indicators),
            "sources:",
            f"  - title: {_quote(_words(rng, 6).capitalize())}",
            "    publisher: Benchmark Publishing",
            f"    year: {rng.randint(2000, 2024)}",
            f"    url: https://example.org/sources/{number}",
            "    note: Chapter 2",
            f"  - title: {_quote(_words(rng, 5).capitalize())}",
            "    publisher: Synthetic Institute",
            f"    year: {rng.randint(2000, 2024)}",
        ]
        if number % 7 == 0:
            front.append("content_warning: This module describes coercion in general terms.")
        front.append("---")
        body = self.module_body(number, modules, quizzes, big)
        self.write(f"modules/track-{track:02d}/{module_id}.md", "\n".join(front) + "\n\n" + body)

    def module_body(self, number: int, modules: int, quizzes: int, big: bool) -> str:
        """About 2,000 words of lesson, or about 50 KB for a big module."""
        rng = self.rng
        parts = [f"# Module {number}", "", _wrap(_paragraph(rng, 3)), ""]

        def size() -> int:
            text = "\n".join(parts)
            return len(text.encode("utf-8")) if big else len(text.split())

        wanted = BIG_BYTES if big else WORDS
        section = 0
        while size() < wanted:
            section += 1
            parts += [f"## Section {section}: {_words(rng, 3)}", ""]
            for _ in range(rng.randint(2, 4)):
                text = _paragraph(rng, rng.randint(3, 6))
                if rng.random() < 0.5:
                    text += f" This is **{_words(rng, 2)}**, not *{_words(rng, 2)}*."
                parts += [_wrap(text), ""]
            choice = section % 6
            if choice == 0:
                parts += [f"- {_sentence(rng, 4, 9)}" for _ in range(4)] + [""]
            elif choice == 1:
                parts += [f"{i}. {_sentence(rng, 4, 9)}" for i in range(1, 4)] + [""]
            elif choice == 2:
                parts += [
                    "| What you see | What it may mean |",
                    "|---|---|",
                    *(f"| {_words(rng, 3)} | {_words(rng, 5)} |" for _ in range(3)),
                    "",
                ]
            elif choice == 3:
                parts += ["> " + _wrap(_sentence(rng), 80).replace("\n", "\n> "), ""]
            elif choice == 4:
                other = self.module_id(rng.randint(1, modules))
                quiz = self.quiz_id(rng.randint(1, quizzes))
                parts += [
                    _wrap(
                        f"See also [the related module](module:{other}), "
                        f"[the practice quiz](quiz:{quiz}) and "
                        f"[the guidance](https://example.org/guidance/{number})."
                    ),
                    "",
                ]
            else:
                parts += ["```", _words(rng, 8), "```", ""]
            if rng.random() < 0.3:
                parts += [f"### {_words(rng, 3).capitalize()}", "", _wrap(_paragraph(rng, 3)), ""]
        if number % 50 == 1:
            parts += ["![A diagram of the referral steps](../../images/diagram.png)", ""]
        quiz = self.quiz_id((number - 1) % quizzes + 1)
        parts += [f"Test yourself with [the quiz for this module](../../quizzes/{quiz}.md).", ""]
        return "\n".join(parts)

    # ------------------------------------------------------------ quizzes

    def quiz(self, number: int, modules: int) -> None:
        rng = self.rng
        quiz_id = self.quiz_id(number)
        self.info.quiz_ids.append(quiz_id)
        exam = number % 5 == 0
        front = [
            "---",
            "kind: quiz",
            f"id: {quiz_id}",
            f"title: {_quote(f'Quiz {number}: ' + _words(rng, 3))}",
            f"module: {self.module_id((number - 1) % modules + 1)}",
            f"mode: {'exam' if exam else 'practice'}",
            "pass_mark: 70",
        ]
        if exam:
            front += ["time_limit_minutes: 30", "draw: 8"]
        front += ["version: 1", "language: en", "---", ""]
        body = [f"# Quiz {number}", "", _wrap(_paragraph(rng, 2)), ""]
        number_text = f"{number:04d}"
        questions = [(f"q{number_text}-{i + 1:02d}", kind) for i, kind in enumerate(QUESTION_PLAN)]
        for scenario in range(2):
            narrative_words = [rng.choice(_VOCABULARY) for _ in range(90)]
            narrative = " ".join(narrative_words)
            body += [
                f"## Scenario: {_words(rng, 3).capitalize()} {scenario + 1}",
                "",
                _wrap(narrative.capitalize() + "."),
                "",
            ]
            for question_id, kind in questions[scenario * 5 : scenario * 5 + 5]:
                self.info.question_types[kind] = self.info.question_types.get(kind, 0) + 1
                body += self.question(question_id, kind, narrative_words)
        self.write(f"quizzes/{quiz_id}.md", "\n".join(front + body))

    def question(self, question_id: str, kind: str, narrative: list[str]) -> list[str]:
        rng = self.rng
        tags = rng.sample(self.info.indicator_ids, 2)
        head = [
            f"### Question: {_sentence(rng, 5, 9)[:-1]}?",
            f"Id: {question_id}",
            f"Type: {kind}",
            f"Indicators: {', '.join(tags)}",
            "",
        ]
        if kind == "categorize":
            lines = [*head[:3], "Categories: Act, Means, Purpose", *head[3:]]
            for category in ("Act", "Means", "Purpose", "Means"):
                lines += [
                    f"- [{category}] {_sentence(rng, 4, 8)}",
                    f"  Indicators: {rng.choice(tags)}",
                    f"  {_sentence(rng, 5, 10)}",
                ]
            return [*lines, "", _wrap(_paragraph(rng, 2)), ""]
        if kind == "decision":
            return head + self.decision(tags)
        if kind == "true-false":
            right = rng.random() < 0.5
            return [
                *head,
                f"- [{'x' if right else ' '}] True",
                f"  {_sentence(rng, 5, 10)}",
                f"- [{' ' if right else 'x'}] False",
                f"  Indicators: {tags[0]}",
                f"  {_sentence(rng, 5, 10)}",
                "",
                _wrap(_paragraph(rng, 2)),
                "",
            ]
        if kind == "spot":
            phrases: list[str] = []
            starts = list(range(0, len(narrative) - 3, 6))
            rng.shuffle(starts)
            for start in starts:
                phrase = " ".join(narrative[start : start + 3])
                if phrase not in phrases:
                    phrases.append(phrase)
                if len(phrases) == 5:
                    break
            answers = [(p, i < 3) for i, p in enumerate(phrases)]
        else:
            count = 4
            correct = {0} if kind == "single" else {0, 2}
            answers = [
                (f"{_sentence(rng, 3, 7)[:-1]} ({i + 1})", i in correct) for i in range(count)
            ]
        lines = list(head)
        for text, right in answers:
            shown = f'"{text}"' if kind == "spot" else text
            lines.append(f"- [{'x' if right else ' '}] {shown}")
            if right:
                lines.append(f"  Indicators: {rng.choice(tags)}")
            lines.append(f"  {_sentence(rng, 5, 10)}")
        return [*lines, "", _wrap(_paragraph(rng, 2)), ""]

    def decision(self, tags: list[str]) -> list[str]:
        rng = self.rng
        lines: list[str] = []
        steps = ["start", "second", "third"]
        for index, step in enumerate(steps):
            lines += [f"#### Step: {step}", _wrap(_paragraph(rng, 2)), ""]
            forward = steps[index + 1] if index + 1 < len(steps) else "best"
            lines += [
                f"- [x] {_sentence(rng, 5, 10)[:-1]} → {forward}",
                f"  Indicators: {tags[0]}",
                f"  {_sentence(rng, 5, 10)}",
                f"- [ ] {_sentence(rng, 5, 10)[:-1]} → {'weak' if index % 2 else 'poor'}",
                f"  {_sentence(rng, 5, 10)}",
                "",
            ]
        for ending, score in (("best", 100), ("weak", 40), ("poor", 10)):
            lines += [f"#### Ending: {ending}", f"Score: {score}", _wrap(_paragraph(rng, 2)), ""]
        return lines


def generate_library(
    dest: Path,
    *,
    modules: int = 1_000,
    quizzes: int = 1_000,
    indicators: int = 300,
    seed: int = 20_240_601,
) -> SynthLibrary:
    """Write the synthetic library into ``dest`` (which must not hold another library)."""
    writer = _Writer(dest, seed)
    writer.library()
    writer.taxonomy(indicators)
    writer.write("images/diagram.png", PIXEL_PNG)
    for number in range(1, modules + 1):
        writer.module(number, modules, quizzes)
    for number in range(1, quizzes + 1):
        writer.quiz(number, modules)
    writer.write(
        "README.md",
        "Synthetic content written by bench/synth_library.py for the benchmarks.\n",
    )
    return writer.info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="an empty or new folder")
    parser.add_argument("--modules", type=int, default=1_000)
    parser.add_argument("--quizzes", type=int, default=1_000)
    parser.add_argument("--indicators", type=int, default=300)
    args = parser.parse_args()
    if args.dest.exists() and any(args.dest.iterdir()):
        sys.exit(f"{args.dest} is not empty")
    started = time.perf_counter()
    info = generate_library(
        args.dest, modules=args.modules, quizzes=args.quizzes, indicators=args.indicators
    )
    print(
        f"wrote {info.files} files ({info.bytes / 1_048_576:.1f} MB) to {args.dest} in "
        f"{time.perf_counter() - started:.1f} s: {len(info.module_ids)} modules, "
        f"{len(info.quiz_ids)} quizzes, {sum(info.question_types.values())} questions "
        f"{dict(sorted(info.question_types.items()))}, {len(info.indicator_ids)} indicators"
    )


if __name__ == "__main__":
    main()
