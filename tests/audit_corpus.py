"""A small deterministic library for the audit tests: every paragraph worded differently.

tests/support/corpus.py builds realistic articles from small sentence pools, so its articles
share many paragraphs (good for stressing the near-duplicate search, useless for checking
that it finds exactly the copies planted). Here each paragraph is built from sentence
frames whose slots are filled at random from long word lists, so two paragraphs of
different articles share few word pairs, and a planted paragraph is the only copy.

All text is written for healthlint; none comes from a published article.
"""

from __future__ import annotations

import random
from pathlib import Path

SEED = 5
PARTS = ("wrist", "ankle", "elbow", "shoulder", "knee", "hip", "jaw", "thumb", "heel", "spine",
         "neck", "toe", "finger", "calf", "rib", "forearm")
ACTIONS = ("Repair", "Release", "Cleaning", "Biopsy", "Scope", "Fusion", "Drainage", "Splinting",
           "Injection", "Reconstruction")
NOUNS = ("tendon", "cartilage", "ligament", "joint lining", "nerve sheath", "bone spur", "cyst",
         "muscle", "bursa", "disc", "growth plate", "capsule")
PEOPLE = ("nurse", "surgeon", "therapist", "care team", "pharmacist", "doctor", "assistant",
          "coach", "specialist", "helper")
THINGS = ("pillow", "ice pack", "brace", "sling", "walker", "cane", "bandage", "splint",
          "stool", "towel", "timer", "notebook", "cup", "blanket", "water bottle", "chair")
TIMES = ("morning", "evening", "night", "afternoon", "weekend", "first week", "second day",
         "third day", "fourth week", "first month")
VERBS = ("rest", "walk", "stretch", "sleep", "shower", "drive", "cook", "lift", "climb stairs",
         "type", "garden", "swim", "dance", "read", "bend", "kneel")
FEELINGS = ("sore", "stiff", "tired", "numb", "warm", "tight", "weak", "itchy", "swollen",
            "bruised")
COLORS = ("blue", "green", "gray", "red", "white", "yellow", "brown", "black")
FRAMES = (
    "Your {person} will check the {noun} in your {part} before the {time}.",
    "Keep a {color} {thing} near your bed so you can {verb} with less effort.",
    "Many people feel {feeling} in the {part} during the {time} and that is expected.",
    "Ask your {person} when it is safe to {verb} again after the {time}.",
    "A {thing} can help the {noun} heal while you {verb} at home.",
    "Write down how {feeling} your {part} feels each {time} in a {color} {thing}.",
    "The {person} may show you how to {verb} without straining the {noun}.",
    "Do not {verb} until your {person} says the {part} is ready.",
    "Put the {thing} under your {part} when you {verb} to ease the {noun}.",
    "If the {part} looks {feeling} after the {time}, tell your {person}.",
    "Bring your {color} {thing} to the visit so the {person} can see how you {verb}.",
    "Your {noun} may take until the {time} to feel less {feeling} in the {part}.",
    "On the {time} after surgery your {person} may ask you to {verb} with the {thing}.",
    "Some people use a {color} {thing} to keep the {part} still while they {verb}.",
    "A {feeling} {part} can mean the {noun} needs more rest before the {time}.",
    "Call the {person} if the {thing} on your {part} feels {feeling} or wet.",
    "Try to {verb} a little more each {time} unless the {noun} hurts.",
    "Most people can {verb} by the {time} if the {part} is not {feeling}.",
    "Tell the {person} about any {color} marks near the {noun} of your {part}.",
    "Clean the {thing} each {time} and keep it away from the {part} while you {verb}.",
    "Your {person} will explain why the {noun} feels {feeling} after you {verb}.",
    "Before the {time}, set a {color} {thing} where you usually {verb}.",
    "If you cannot {verb} because the {part} is {feeling}, rest and try again later.",
)


def _fill(rng: random.Random, frame: str) -> str:
    return frame.format(
        part=rng.choice(PARTS), noun=rng.choice(NOUNS), person=rng.choice(PEOPLE),
        thing=rng.choice(THINGS), time=rng.choice(TIMES), verb=rng.choice(VERBS),
        feeling=rng.choice(FEELINGS), color=rng.choice(COLORS),
    )


def _paragraph(rng: random.Random, sentences: int = 3) -> str:
    return " ".join(_fill(rng, frame) for frame in rng.sample(FRAMES, sentences + 1))


def article(index: int, planted: str | None = None, seed: int = SEED) -> tuple[str, str]:
    """(file name, Markdown text) of article `index`; `planted` goes into Post-procedure Care."""
    rng = random.Random(f"{seed}:{index}")
    title = f"{PARTS[index % len(PARTS)].title()} {ACTIONS[index // len(PARTS) % len(ACTIONS)]}"
    if index >= len(PARTS) * len(ACTIONS):
        title += f" {index}"
    year = 2012 + index % 15
    review = f"{2019 + index % 8}-{1 + index % 12:02d}-{1 + index % 27:02d}"
    care = [_paragraph(rng)]
    if planted:
        care.append(planted)
    care.append(_paragraph(rng, 2))
    sections = [
        ("## Reasons for Procedure", [_paragraph(rng)]),
        ("## Possible Complications", [_paragraph(rng, 2)]),
        ("## What to Expect", []),
        ("### Prior to Procedure", [_paragraph(rng, 2)]),
        ("### Anesthesia", ["You will get medicine so you do not feel pain."]),
        ("### Description of the Procedure", [_paragraph(rng), _paragraph(rng, 2)]),
        ("### Immediately After Procedure", [_paragraph(rng, 2)]),
        ("### How Long Will It Take?", [f"It takes about {30 + index % 4 * 15} minutes."]),
        ("### Will It Hurt?", [_paragraph(rng, 2)]),
        ("### Post-procedure Care", care),
        ("## Call Your Doctor", [
            f"Call your doctor if your {rng.choice(PARTS)} gets red or hot.",
            "If you think you have an emergency, call for medical help right away.",
        ]),
        ("## References", [
            f"Healing at home. Care Notes website. Available at: https://care.example.org/"
            f"{index}. Updated March {year}. Accessed April 2, {year}.",
        ]),
        ("## Revision Information", [f"Last reviewed: {review}"]),
    ]
    lines = ["---", f"title: {title}", f"reviewed: {review}", "---", "", f"# {title}", "",
             _paragraph(rng, 2), ""]
    for heading, paragraphs in sections:
        lines += [heading, ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    slug = title.lower().replace(" ", "-")
    return f"{index:03d}-{slug}.md", "\n".join(lines)


def write_library(folder: Path, count: int, planted: dict[int, str] | None = None) -> list[Path]:
    """Write `count` articles; `planted` maps an article index to a paragraph to add to it."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        name, text = article(index, (planted or {}).get(index))
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
