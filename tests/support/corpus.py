"""A synthetic library of procedure articles for benchmarks, fuzzing and tests.

Every sentence here is written for healthlint (none comes from a published article). An
article follows the procedure template of rules/procedure.yaml, has 1,000-1,500 words, and
carries a deterministic mix of the defects real libraries have: a missing or renamed
section, a paragraph pasted twice, long sentences, jargon, stale or broken references, an
old or impossible review date, image credits and site navigation pasted into the text.

    from tests.support.corpus import generate_article, write_library
    article = generate_article(7)            # the same text on every run and machine
    paths = write_library(tmp_path, 1000)    # 1,000 files, about 10 % plain-text exports
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 20261124
WORDS_MIN, WORDS_MAX = 1000, 1500

PROCEDURES = (
    ("Knee Arthroscopy", "knee", "orthopedic surgeon"),
    ("Cataract Removal", "eye", "eye surgeon"),
    ("Gallbladder Removal", "belly", "general surgeon"),
    ("Carpal Tunnel Release", "wrist", "hand surgeon"),
    ("Tonsil Removal", "throat", "ear, nose, and throat doctor"),
    ("Hip Replacement", "hip", "orthopedic surgeon"),
    ("Cardiac Catheterization", "heart", "heart doctor"),
    ("Colonoscopy", "colon", "digestive health doctor"),
    ("Spinal Fusion", "back", "spine surgeon"),
    ("Hernia Repair", "groin", "general surgeon"),
    ("Shoulder Arthroscopy", "shoulder", "orthopedic surgeon"),
    ("Kidney Stone Removal", "kidney", "urologist"),
    ("Thyroid Removal", "neck", "endocrine surgeon"),
    ("Sinus Surgery", "nose", "ear, nose, and throat doctor"),
    ("Bunion Removal", "foot", "foot surgeon"),
    ("Pacemaker Placement", "chest", "heart doctor"),
)
NAMES = ("Dana Whitfield, RN", "Luis Ortega, MD", "Priya Raman, MD", "Tom Becker, PA-C",
         "Grace Okafor, RN", "Hana Sato, MD", "Marek Novak, MD", "Ellen Brody, NP")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
ORGS = (("Patient Care Alliance", "https://www.patientcare.example.org"),
        ("National Surgery Society", "https://www.surgerysociety.example.org"),
        ("Healthy Living Council", "https://www.healthyliving.example.ca"),
        ("Recovery Help Network", "https://www.recoveryhelp.example.org"))
JOURNALS = ("J Surg Care", "Patient Educ Q", "Clin Proc Rev", "Ann Recov Med")

#: (section heading, heading level, relative length, sentence pool)
SENTENCES: dict[str, tuple[str, ...]] = {
    "definition": (
        "{proc} is surgery to treat a problem in the {part}.",
        "The doctor works through small cuts to see and fix the {part}.",
        "Most people go home the same day or the next day.",
        "This article explains what happens before, during, and after the procedure.",
        "Your care team will tell you what to expect in your case.",
    ),
    "Reasons for Procedure": (
        "This procedure may be done to ease pain in the {part}.",
        "It can help you move your {part} more easily.",
        "Your doctor may suggest it when medicine and rest have not helped.",
        "It may also be used to find out what is causing your symptoms.",
        "Some people need it after an injury to the {part}.",
        "It can repair damage that makes daily tasks hard to do.",
        "The goal is to help you get back to the things you like to do.",
        "Talk with your doctor about other choices before you decide.",
    ),
    "Possible Complications": (
        "Problems are rare, but all procedures have some risk.",
        "Your doctor will review possible problems with you before the procedure.",
        "Bleeding and infection are possible.",
        "There may be a reaction to the medicine used to keep you comfortable.",
        "Nerves or blood vessels near the {part} could be harmed.",
        "A blood clot may form in a leg after surgery.",
        "Things that may raise your risk include smoking and long-term health problems.",
        "Tell your doctor about any medicine you take, even vitamins.",
    ),
    "Prior to Procedure": (
        "Your doctor may do a physical exam and ask about your health.",
        "You may have blood tests or pictures taken of the {part}.",
        "Talk to your doctor about the medicine you take.",
        "You may be asked to stop taking some medicine up to a week before.",
        "Do not eat or drink after midnight the night before.",
        "Arrange for a ride home and for help at home after the procedure.",
        "Wear loose clothes that are easy to put on.",
        "Bring a list of your questions to your visit.",
    ),
    "Anesthesia": (
        "Your doctor may give you medicine so you sleep through the procedure.",
        "In some cases the {part} is numbed and you stay awake.",
        "You may also get medicine to help you relax.",
        "A member of the care team will watch your breathing the whole time.",
    ),
    "Description of the Procedure": (
        "The doctor will clean the skin over the {part}.",
        "One or more small cuts will be made.",
        "A thin tool with a camera will be passed through a cut.",
        "The doctor will look at the {part} on a screen.",
        "Small tools will be used to repair or remove damaged tissue.",
        "The area may be rinsed with fluid.",
        "The tools will be taken out and the cuts will be closed with stitches.",
        "A bandage will be placed over the area.",
    ),
    "Immediately After Procedure": (
        "You will be taken to a recovery room.",
        "Nurses will check your blood pressure and breathing.",
        "You may feel sleepy for a few hours.",
        "Your {part} may be raised to ease swelling.",
        "You will be given something to drink when you are awake.",
    ),
    "How Long Will It Take?": (
        "The procedure takes about one to two hours.",
        "Getting ready and waking up can add a few more hours.",
    ),
    "Will It Hurt?": (
        "You will not feel pain during the procedure.",
        "Pain and swelling are common for a few days after.",
        "Medicine can help ease the pain.",
        "Ice packs may also help.",
    ),
    "Average Hospital Stay": (
        "Most people go home the same day.",
        "Some people stay one night so the care team can watch for problems.",
    ),
    "Post-procedure Care": (
        "Keep the bandage clean and dry.",
        "Ask your doctor when it is safe to shower.",
        "Take your medicine as directed.",
        "Rest the {part} for the first few days.",
        "You may need to use a brace, sling, or crutches for a short time.",
        "Physical therapy may help you build strength.",
        "Go to all follow-up visits.",
        "Slowly return to your normal routine as your doctor advises.",
        "Do not drive until your doctor says it is safe.",
        "Eat healthy foods and drink plenty of water to help you heal.",
    ),
    "Call Your Doctor": (
        "Call your doctor if you have any of these problems:",
        "Signs of infection, such as fever and chills.",
        "Redness, swelling, or more pain at the site.",
        "Bleeding that soaks through the bandage.",
        "Pain that medicine does not ease.",
        "Swelling or pain in a leg.",
        "New or worse symptoms.",
    ),
}
ADVICE_WHO = ("Your nurse", "Your doctor", "A member of your care team", "The {doc}",
              "A pharmacist", "A physical therapist", "The clinic staff")
ADVICE_DOES = ("can answer questions about", "will explain", "may give you written steps about",
               "can help you plan")
ADVICE_ABOUT = ("your medicine", "the bandage on your {part}", "bathing and showering",
                "driving", "going back to work", "exercise", "what to eat", "pain control",
                "follow-up visits", "signs of infection", "sleep", "lifting heavy things")
ADVICE_WHEN = ("before you go home", "at your next visit", "during the first week",
               "if you are not sure", "over the phone", "in plain words")
EMERGENCY = "If you think you have an emergency, call for medical help right away."
SECTIONS = (  # heading, level, share of the article
    ("Reasons for Procedure", 2, 2),
    ("Possible Complications", 2, 2),
    ("What to Expect", 2, 0),
    ("Prior to Procedure", 3, 2),
    ("Anesthesia", 3, 1),
    ("Description of the Procedure", 3, 3),
    ("Immediately After Procedure", 3, 1),
    ("How Long Will It Take?", 3, 0.3),
    ("Will It Hurt?", 3, 0.6),
    ("Average Hospital Stay", 3, 0.4),
    ("Post-procedure Care", 3, 3),
    ("Call Your Doctor", 2, 1),
)
JARGON = (
    "Analgesic medication will be administered intravenously to facilitate comfort.",
    "Postoperative edema is frequently observed and may necessitate elevation.",
    "Subsequent ambulation is encouraged to decrease the risk of thrombosis.",
)
LONG_SENTENCE = (
    "Because every person heals in a slightly different way and because the amount of "
    "work done on the {part} during the procedure can vary a great deal from one case to "
    "the next, your care team may give you a recovery plan that looks quite different from "
    "the plan a friend or family member received after a similar procedure."
)
CAPTION = "Copyright © Example Medical Images, Inc."
NAVIGATION = ("Search the Health Library", "Show results from all categories only.",
              "3 Related procedure articles", "Read more about recovering at home...")
DEFECTS = ("missing-section", "duplicate-paragraph", "near-duplicate", "empty-section",
           "old-reference", "reference-no-url", "impossible-date", "stale-review",
           "out-of-order", "long-sentence", "jargon", "caption", "navigation", "alias-heading",
           "lead-in-without-list")


@dataclass(frozen=True, slots=True)
class Article:
    name: str  # file name with its suffix
    text: str
    defects: tuple[str, ...]

    @property
    def words(self) -> int:
        return len(self.text.split())


def generate_article(index: int, seed: int = DEFAULT_SEED, plain_text: bool = False) -> Article:
    """Article number `index` of the library `seed`: the same text on every run."""
    target = random.Random(f"{seed}:{index}:length").randint(WORDS_MIN + 50, WORDS_MAX - 50)
    body_words = target - 150  # headings, front matter and back matter
    while True:
        article = _build(index, seed, plain_text, body_words)
        if article.words <= WORDS_MAX or body_words < 200:
            return article
        body_words -= article.words - target


def _build(index: int, seed: int, plain_text: bool, body_words: int) -> Article:
    rng = random.Random(f"{seed}:{index}")
    title, part, specialist = PROCEDURES[index % len(PROCEDURES)]
    defects = _choose_defects(rng)

    def fill(sentence: str) -> str:
        return sentence.format(proc=title, part=part, doc=specialist)

    sections: list[tuple[str, int, list[str]]] = []
    share_total = sum(share for _, _, share in SECTIONS) + 1
    per_share = body_words / share_total
    definition = _paragraphs(rng, SENTENCES["definition"], per_share * 0.6, fill)
    for heading, level, share in SECTIONS:
        pool = SENTENCES.get(heading, ())
        body = _paragraphs(rng, pool, per_share * share, fill) if pool else []
        if heading == "Call Your Doctor":
            body = [fill(pool[0]), *(f"- {s}" for s in pool[1:])] + [EMERGENCY]
        sections.append((heading, level, body))

    _apply_defects(rng, defects, sections, definition, fill)
    back = _back_matter(rng, defects)
    reviewed = _review_date(rng, defects)
    text = (_as_text if plain_text else _as_markdown)(
        title, rng, definition, sections, back, reviewed, defects
    )
    text = _fit_length(text, rng, fill, plain_text)
    slug = title.lower().replace(" ", "-")
    name = f"{index:05d}-{slug}.{'txt' if plain_text else 'md'}"
    return Article(name, text, defects)


def write_library(
    folder: Path, count: int, seed: int = DEFAULT_SEED, text_share: float = 0.1
) -> list[Path]:
    """Write `count` articles into `folder` (about `text_share` of them plain text)."""
    folder.mkdir(parents=True, exist_ok=True)
    every = round(1 / text_share) if text_share > 0 else 0
    paths = []
    for index in range(count):
        article = generate_article(index, seed, plain_text=bool(every) and index % every == every - 1)
        path = folder / article.name
        path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths


# ----------------------------------------------------------------------------- building


def _choose_defects(rng: random.Random) -> tuple[str, ...]:
    roll = rng.random()
    count = 0 if roll < 0.2 else 1 if roll < 0.5 else 2 if roll < 0.8 else 3 + rng.randint(0, 2)
    return tuple(sorted(rng.sample(DEFECTS, count)))


def _paragraphs(
    rng: random.Random, pool: Sequence[str], words: float, fill: Callable[[str], str]
) -> list[str]:
    """Each sentence of the section's pool once, then advice sentences up to `words`."""
    queue = [fill(s) for s in rng.sample(pool, len(pool))]
    out: list[str] = []
    written = 0
    while written < words or queue:
        size = rng.randint(2, 4)
        sentences = [queue.pop() if queue else _advice(rng, fill) for _ in range(size)]
        paragraph = " ".join(sentences)
        out.append(paragraph)
        written += len(paragraph.split())
    return out


def _advice(rng: random.Random, fill: Callable[[str], str]) -> str:
    """One of some 2,000 sentences, so that paragraphs do not repeat by chance."""
    return fill(
        f"{rng.choice(ADVICE_WHO)} {rng.choice(ADVICE_DOES)} {rng.choice(ADVICE_ABOUT)} "
        f"{rng.choice(ADVICE_WHEN)}."
    )


def _apply_defects(
    rng: random.Random,
    defects: tuple[str, ...],
    sections: list[tuple[str, int, list[str]]],
    definition: list[str],
    fill: Callable[[str], str],
) -> None:
    def body(heading: str) -> list[str]:
        return next(b for h, _, b in sections if h == heading)

    care = body("Post-procedure Care")
    if "duplicate-paragraph" in defects:
        care.insert(1, care[0])
    if "near-duplicate" in defects and len(care[0].split()) >= 8:
        care.insert(1, care[0].replace(".", ". Please note this.", 1))
    if "long-sentence" in defects:
        care.append(fill(LONG_SENTENCE))
    if "jargon" in defects:
        body("Immediately After Procedure").append(" ".join(JARGON))
    if "caption" in defects:
        body("Description of the Procedure").insert(1, CAPTION)
    if "lead-in-without-list" in defects:
        body("Reasons for Procedure").insert(0, "It can be used to treat problems such as:")
    if "empty-section" in defects:
        body("Will It Hurt?").clear()
    if "missing-section" in defects:
        drop = rng.choice(("Anesthesia", "Will It Hurt?", "Possible Complications"))
        sections[:] = [s for s in sections if s[0] != drop]
    if "alias-heading" in defects:
        sections[:] = [("After Procedure", lvl, b) if h == "Immediately After Procedure"
                       else (h, lvl, b) for h, lvl, b in sections]
    if "out-of-order" in defects:
        first, second = 0, 1
        sections[first], sections[second] = sections[second], sections[first]


def _reference_date(rng: random.Random, year: int) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}"


def _back_matter(rng: random.Random, defects: tuple[str, ...]) -> dict[str, list[str]]:
    orgs = rng.sample(ORGS, 2)
    resources = [f"{name}  \n{url}" for name, url in orgs]
    old = "old-reference" in defects
    year = rng.randint(2011, 2015) if old else rng.randint(2023, 2026)
    url = "" if "reference-no-url" in defects else " https://www.carebook.example.org/topic"
    updated = f"February 30, {year}" if "impossible-date" in defects else \
        f"{rng.choice(MONTHS)} {year}"
    references = [
        f"Recovery after common procedures. Care Book website. Available at:{url}. "
        f"Updated {updated}. Accessed {_reference_date(rng, min(year + 1, 2026))}.",
        f"Okafor G, Novak M. Outcomes of day surgery in adults. {rng.choice(JOURNALS)}. "
        f"{year};{rng.randint(10, 40)}({rng.randint(1, 12)}):{rng.randint(100, 300)}-"
        f"{rng.randint(301, 400)}.",
        f"Planning for surgery at home. Patient Guide website. Available at: "
        f"https://www.patientguide.example.org/plan. Updated {rng.choice(MONTHS)} {year}. "
        f"Accessed {_reference_date(rng, min(year + 1, 2026))}.",
    ]
    revision = [] if "empty-section" in defects and rng.random() < 0.5 else [
        f"Reviewer: {rng.choice(NAMES)}",
        f"Last reviewed: {_reference_date(rng, 2020 if 'stale-review' in defects else 2026)}",
    ]
    return {"Resources": resources, "References": references, "Revision Information": revision}


def _review_date(rng: random.Random, defects: tuple[str, ...]) -> str:
    if "impossible-date" in defects and rng.random() < 0.5:
        return "2026-13-45"
    year = 2020 if "stale-review" in defects else 2026
    return f"{year}-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"


def _as_markdown(
    title: str,
    rng: random.Random,
    definition: list[str],
    sections: list[tuple[str, int, list[str]]],
    back: dict[str, list[str]],
    reviewed: str,
    defects: tuple[str, ...],
) -> str:
    out = ["---", f"title: {title}", f"author: {rng.choice(NAMES)}",
           f"reviewer: {rng.choice(NAMES)}", f"reviewed: {reviewed}", "---", "", f"# {title}", ""]
    out += [p + "\n" for p in definition]
    for heading, level, body in sections:
        out += [f"{'#' * level} {heading}", ""]
        out += [p + "\n" for p in body]
    for heading, body in back.items():
        out += [f"## {heading}", ""]
        marker = "1. " if heading == "References" else "- " if heading == "Resources" else ""
        out += [f"{marker}{p}\n" for p in body]
    if "navigation" in defects:
        out += [line + "\n" for line in NAVIGATION]
    return "\n".join(out)


def _as_text(
    title: str,
    rng: random.Random,
    definition: list[str],
    sections: list[tuple[str, int, list[str]]],
    back: dict[str, list[str]],
    reviewed: str,
    defects: tuple[str, ...],
) -> str:
    out = [f"by {rng.choice(NAMES)}", "", title, ""]
    out += definition
    for heading, _, body in sections:
        out += ["", heading]
        out += ["    • " + p[2:] if p.startswith("- ") else p for p in body]
    for heading, body in back.items():
        if heading == "References" and "missing-section" in defects:
            out += [""]  # exports often drop the References heading
        else:
            out += ["", heading]
        out += [p.replace("  \n", " ") for p in body]
    if "navigation" in defects:
        out += ["", *NAVIGATION]
    return "\n".join(out) + "\n"


def _fit_length(text: str, rng: random.Random, fill: Callable[[str], str], plain: bool) -> str:
    """Pad or trim the definition so the article has WORDS_MIN..WORDS_MAX words."""
    words = len(text.split())
    if WORDS_MIN <= words <= WORDS_MAX:
        return text
    marker = "\n## Reasons for Procedure" if not plain else "\nReasons for Procedure"
    head, found, tail = text.partition(marker)
    if not found:
        return text
    if words < WORDS_MIN:
        extra: list[str] = []
        while words < WORDS_MIN:
            sentence = fill(rng.choice(SENTENCES["definition"]))
            extra.append(sentence)
            words += len(sentence.split())
        return head + "\n" + " ".join(extra) + "\n" + found + tail
    return text  # longer articles are rare; the spread above keeps them in range
