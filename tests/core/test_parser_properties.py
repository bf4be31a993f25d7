"""Property tests: mutated and random files yield problems, never an internal error."""

from __future__ import annotations

import shutil
import time
from pathlib import Path, PurePosixPath

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.helpers import FIXTURE
from trainer.core.loader import parse_file

QUIZ_TEXT = (FIXTURE / "quizzes" / "reading-indicators.md").read_text("utf-8")
MODULE_TEXT = (FIXTURE / "modules" / "reading-indicators.md").read_text("utf-8")
TAXONOMY_TEXT = (FIXTURE / "taxonomy" / "indicators.yaml").read_text("utf-8")

INTERNAL = "could not be read ("


def parse_text(root: Path, name: str, data: bytes) -> list[str]:
    target = root / name
    target.write_bytes(data)
    started = time.perf_counter()
    parsed = parse_file(root, PurePosixPath(name), name)
    assert time.perf_counter() - started < 1.0
    messages = [p.message for p in parsed.log.problems]
    assert not any(INTERNAL in m for m in messages), messages
    return messages


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate"]))
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        if action == "delete" and lines:
            del lines[index]
        elif action == "duplicate" and lines:
            lines.insert(index, lines[index])
        elif action == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "insert":
            lines.insert(index, draw(st.text(max_size=40)))
        elif action == "truncate" and lines:
            cut = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:cut]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def scratch(tmp_path_factory: object) -> Path:
    root = Path(str(tmp_path_factory.mktemp("fuzz")))  # type: ignore[attr-defined]
    shutil.copytree(FIXTURE / "modules" / "images", root / "images")
    return root


RELAXED = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@RELAXED
@given(data=mutated(QUIZ_TEXT))
def test_mutated_quizzes(tmp_path_factory: object, data: bytes) -> None:
    parse_text(scratch(tmp_path_factory), "quiz.md", data)


@RELAXED
@given(data=mutated(MODULE_TEXT))
def test_mutated_modules(tmp_path_factory: object, data: bytes) -> None:
    parse_text(scratch(tmp_path_factory), "module.md", data)


@RELAXED
@given(data=mutated(TAXONOMY_TEXT))
def test_mutated_taxonomies(tmp_path_factory: object, data: bytes) -> None:
    parse_text(scratch(tmp_path_factory), "taxonomy.yaml", data)


@RELAXED
@given(data=st.binary(max_size=400), suffix=st.sampled_from(["md", "yaml"]))
def test_random_bytes(tmp_path_factory: object, data: bytes, suffix: str) -> None:
    parse_text(scratch(tmp_path_factory), f"random.{suffix}", b"---\n" + data)


@RELAXED
@given(
    body=st.lists(
        st.sampled_from(
            [
                *"#-*[]()>`:x \n|!\t\"'→",
                "- [x] ",
                "- [ ] ",
                "\n### Q\n",
                "\n#### Step: a\n",
                "Id: q\n",
                "Type: decision\n",
                "Type: spot\n",
                "Score: 50\n",
                "→ a",
            ]
        ),
        max_size=120,
    ).map("".join)
)
def test_random_quiz_bodies(tmp_path_factory: object, body: str) -> None:
    front = QUIZ_TEXT.split("---", 2)
    text = f"---{front[1]}---\n{body}"
    parse_text(scratch(tmp_path_factory), "quiz.md", text.encode("utf-8", "surrogatepass"))
