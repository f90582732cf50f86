"""Property: `--fix` on pages in the shape of real ones never loses a sentence of the article
that has no other copy, never empties a file, and a second fix changes nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.config import load_config
from linter.output.fixes import fix_bytes
from tests.conftest import AS_OF

#: article sentences, some shaped like residue at first sight (a credit first, bars, a slash)
PROSE = (
    "A small camera is put into the knee to look at the joint.",
    "Copyright © Example Images, Inc. Rest the knee for two days and keep it raised.",
    "Home/work: you can go back to a desk job in about one week.",
    "Share it with your care team before the day of the surgery.",
    "Bring these | your photo ID | your insurance card | a list of your medicines",
    "Keep the room at -5 degrees above normal for the first night.",
    "Keep the room at 5 degrees above normal for the first night.",
    "Print the exercise sheet and bring it to your next visit.",
    "Click the button on the pump only when the nurse tells you to.",
    "Take 2.5 mg twice a day with food until the pain is gone.",
    "Take 25 mg twice a day with food until the pain is gone.",
)
RESIDUE = (
    "Copyright © Example Medical Media, Inc.",
    "Inside the Knee Joint",
    "kn12345 55501 1 edited labels",
    "Find us on Social Media:",
    "What is it? Overview Usage Side Effects and Warnings",
    "Home | About Us | Phone #: 555-0100",
    "Click here to view an animated version of this procedure.",
    "En Español (Spanish Version)",
    "Back to Document",
    "]]>",
    "Share",
    "Our Weekly Newsletter",
)
HEADINGS = ("Reasons for Procedure", "Possible Complications", "What to Expect",
            "Prior to Procedure", "Post-procedure Care", "Call Your Doctor")

piece = st.one_of(
    st.sampled_from(PROSE).map(lambda t: ("prose", t)),
    st.sampled_from(RESIDUE).map(lambda t: ("residue", t)),
    st.sampled_from(HEADINGS).map(lambda t: ("heading", t)),
)
CONFIG = load_config(None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(piece, max_size=14), st.sampled_from(["", "Knee Arthroscopy\n\n"]),
       st.sampled_from(["\n\n", "\n"]), st.sampled_from(["a.txt", "a.md"]))
def test_fix_keeps_every_unique_sentence_and_never_empties(
    pieces: list[tuple[str, str]], title: str, gap: str, name: str
) -> None:
    if name.endswith(".md"):
        title = title and f"# {title}"
        pieces = [(k, f"## {t}" if k == "heading" else t) for k, t in pieces]
    text = title + gap.join(t for _, t in pieces) + "\n"
    data = text.encode("utf-8")
    fixed = fix_bytes(name, data, CONFIG, AS_OF)
    after = fixed.after.decode("utf-8")
    sentences = [t for k, t in pieces if k == "prose"]
    for sentence in set(sentences):
        assert sentence in after, (text, after)
    if text.strip():
        assert after.strip(), text
    again = fix_bytes(name, fixed.after, CONFIG, AS_OF)
    assert again.after == fixed.after
