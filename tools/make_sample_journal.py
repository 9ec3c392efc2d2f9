#!/usr/bin/env python3
"""Generate ``sample-journal/``, the demo journal bundled with mdgoals.

The journal belongs to Maya, a fictional novelist-in-progress who is also
learning the viola and trying to walk and sleep better.  It spans 13 ISO weeks,
2026-08-24 (Monday, W35) to 2026-11-22 (Sunday, W47), in Obsidian's nested
daily-note layout (``journal/2026/08/2026-08-24.md``).

The output is deterministic: a fixed seed, no clock, no locale, no hash-order
dependence.  Running the script twice produces byte-identical files (UTF-8, LF,
no BOM).  The notes are committed; re-run this script only to change them, and
update the golden tests that depend on them.

Usage::

    python tools/make_sample_journal.py            # (re)write sample-journal/
    python tools/make_sample_journal.py --check    # exit 1 if it is out of date
    python tools/make_sample_journal.py --facts    # print the plan's key facts

Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

SEED = 20261122
FIRST = dt.date(2026, 8, 24)  # Monday, 2026-W35
LAST = dt.date(2026, 11, 22)  # Sunday, 2026-W47

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def D(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    d = first
    while d <= last:
        yield d
        d += dt.timedelta(days=1)


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


# ---------------------------------------------------------------------------
# The plan: every fact a test may rely on is written down here, explicitly.

HOLIDAY = (D("2026-10-12"), D("2026-10-16"))  # `breaks:` in mdgoals.yaml
HOLIDAY_NOTES = {D("2026-10-12"), D("2026-10-14")}  # the only notes written in Lisbon
MISSING = [D("2026-09-03"), D("2026-09-19"), D("2026-10-03"), D("2026-10-28")]  # no note
REST = {D("2026-09-13"): "off", D("2026-09-20"): "rest", D("2026-10-25"): "off"}
SKIPS = {
    D("2026-09-10"): ["viola"],
    D("2026-09-29"): ["walk"],
    D("2026-09-30"): ["walk", "stretch"],
    D("2026-10-22"): ["viola"],
    D("2026-11-13"): ["stretch"],
}


def in_holiday(d: dt.date) -> bool:
    return HOLIDAY[0] <= d <= HOLIDAY[1]


def has_note(d: dt.date) -> bool:
    if d in MISSING:
        return False
    if in_holiday(d):
        return d in HOLIDAY_NOTES
    return True


# write: the state each note is written for (days without a note are left out).
#   done, mva, partial (a small quantity), wip (only an in-progress task),
#   missed (an open task), missed-none (no writing task at all),
#   cancel (a cancelled task), mva-full (#mva marker but a full quantity),
#   break-mva (a small session on a holiday day), none (rest day / holiday, no task)
WRITE_STATE = {
    D("2026-08-26"): "mva",
    D("2026-08-29"): "missed",
    D("2026-09-01"): "mva",
    D("2026-09-04"): "partial",
    D("2026-09-13"): "none",
    D("2026-09-20"): "none",
    D("2026-09-24"): "missed-none",
    D("2026-09-27"): "cancel",
    D("2026-10-01"): "mva",
    D("2026-10-08"): "missed",
    D("2026-10-12"): "none",
    D("2026-10-14"): "break-mva",
    D("2026-10-17"): "mva",
    D("2026-10-21"): "wip",
    D("2026-10-22"): "mva",
    D("2026-10-25"): "none",
    D("2026-10-27"): "missed",
    D("2026-11-02"): "mva",
    D("2026-11-05"): "missed",
    D("2026-11-09"): "mva-full",
    D("2026-11-12"): "mva",
    D("2026-11-17"): "mva",
}
FIXED_WORDS = {D("2026-09-04"): 60, D("2026-10-14"): 240, D("2026-11-09"): 390}

# Planned weekly word totals (the sum of every counted #writing quantity that week).
WEEK_WORDS = {
    "2026-W35": 2280,
    "2026-W36": 1960,
    "2026-W37": 3240,
    "2026-W38": 2880,
    "2026-W39": 2860,
    "2026-W40": 2940,
    "2026-W41": 3180,
    "2026-W42": None,
    "2026-W43": 2450,
    "2026-W44": 2700,
    "2026-W45": 3010,
    "2026-W46": 3560,
    "2026-W47": 3690,
}

# viola (3/week): (kind, minutes).  Kinds: done, lesson (done, no quantity),
# mva, wip ([/] only), cancel ([-]), open ([ ]).  Other days: no viola task.
VIOLA = {
    # W35
    D("2026-08-24"): ("done", 15),
    D("2026-08-27"): ("lesson", None),
    D("2026-08-29"): ("done", 20),
    # W36 (the lesson moved to Wednesday that week)
    D("2026-09-01"): ("done", 15),
    D("2026-09-02"): ("lesson", None),
    D("2026-09-06"): ("done", 15),
    # W37 (Tue cancelled; Thu 09-10 skip: [viola], at the luthier; Sun 09-13 is a rest day)
    D("2026-09-07"): ("done", 20),
    D("2026-09-08"): ("cancel", None),
    D("2026-09-11"): ("done", 15),
    D("2026-09-12"): ("done", 15),
    # W38 (Fri: scales in progress only)
    D("2026-09-14"): ("done", 20),
    D("2026-09-15"): ("done", 15),
    D("2026-09-17"): ("lesson", None),
    D("2026-09-18"): ("wip", None),
    # W39
    D("2026-09-21"): ("done", 15),
    D("2026-09-23"): ("done", 15),
    D("2026-09-26"): ("done", 20),
    # W40 (four sessions)
    D("2026-09-28"): ("done", 15),
    D("2026-09-29"): ("done", 20),
    D("2026-10-01"): ("lesson", None),
    D("2026-10-04"): ("done", 15),
    # W41: the lapse begins
    D("2026-10-08"): ("lesson", None),
    D("2026-10-10"): ("wip", None),
    D("2026-10-11"): ("cancel", None),
    # W42: holiday Mon-Fri, nothing at the weekend
    # W43: nothing (Tue: an open task; Thu 10-22: skip: [viola])
    D("2026-10-20"): ("open", None),
    # W44: the comeback, minimum viable sessions only
    D("2026-10-26"): ("mva", 5),
    D("2026-10-29"): ("mva", 5),
    D("2026-10-31"): ("mva", 7),
    # W45 (Thu lesson cancelled by the teacher, made up on Friday)
    D("2026-11-02"): ("mva", 5),
    D("2026-11-05"): ("cancel-lesson", None),
    D("2026-11-06"): ("lesson", None),
    D("2026-11-07"): ("mva", 8),
    # W46: full sessions again
    D("2026-11-09"): ("done", 15),
    D("2026-11-11"): ("done", 20),
    D("2026-11-12"): ("lesson", None),
    D("2026-11-14"): ("done", 15),
    # W47
    D("2026-11-17"): ("done", 15),
    D("2026-11-19"): ("lesson", None),
    D("2026-11-21"): ("done", 20),
}

# walk (daily, 20 min, MVA 5 min).  Default: done with a tagged task.
WALK_MISSED = {
    D(x)
    for x in [
        "2026-08-27",
        "2026-09-09",
        "2026-09-16",
        "2026-09-24",
        "2026-10-07",
        "2026-10-20",
        "2026-10-27",
        "2026-11-05",
        "2026-11-14",
    ]
}
WALK_MISSED_OPEN = {D(x) for x in ["2026-09-09", "2026-10-07", "2026-10-20", "2026-11-14"]}
WALK_MVA = {
    D("2026-08-31"): 5,
    D("2026-09-22"): 5,
    D("2026-10-01"): 5,
    D("2026-10-02"): 8,
    D("2026-10-17"): 10,
    D("2026-10-29"): 5,
    D("2026-11-11"): 5,
    D("2026-11-19"): 7,
}
WALK_REGEX_ONLY = {
    D(x) for x in ["2026-09-02", "2026-09-17", "2026-10-09", "2026-10-22", "2026-11-03", "2026-11-20"]
}  # "Walked ..." without #walk
WALK_NO_QTY = {D("2026-09-06"), D("2026-10-18")}  # tagged, no minutes: done by checkbox
WALK_IN_CALLOUT = D("2026-11-01")  # the day's only walk task sits in a > [!todo] callout
WALK_NONE = {D("2026-09-13"), D("2026-09-20"), D("2026-09-29"), D("2026-09-30"), D("2026-10-12")}

# stretch (mon,wed,fri, MVA "one stretch"), from its explicit start 2026-08-31.
STRETCH_START = D("2026-08-31")
STRETCH_MVA = {D(x) for x in ["2026-09-16", "2026-10-02", "2026-10-23", "2026-11-06"]}
STRETCH_MISSED_OPEN = {D("2026-09-04"), D("2026-10-21")}
STRETCH_MISSED_NONE = {D("2026-09-25"), D("2026-10-09")}
STRETCH_EXTRA = {D("2026-09-08"), D("2026-11-21")}  # done on a day it is not due

# sleep: value written in front matter; None = key absent, "" = key present but empty.
SLEEP_ABSENT = {D("2026-09-05"), D("2026-10-12"), D("2026-11-08")}
SLEEP_BLANK = {D("2026-09-26"), D("2026-10-30")}

DONE_DATE_NOTE = D("2026-11-04")  # "- [x] Submit short story ✅ 2026-11-03"

# ---------------------------------------------------------------------------
# Text pools.  Each is drawn without replacement (and reshuffled when used up),
# so phrases recur rarely, as they would in a real journal.


class Pool:
    def __init__(self, rng: random.Random, items: Sequence[Any]) -> None:
        self.rng = rng
        self.items = list(items)
        self.bag: list[Any] = []

    def draw(self, fits: Callable[[Any], bool] | None = None) -> Any:
        """Draw an item (the first one in the bag that fits, when a test is given)."""
        for _ in range(2):
            if not self.bag:
                self.bag = list(self.items)
                self.rng.shuffle(self.bag)
            for i in range(len(self.bag) - 1, -1, -1):
                if fits is None or fits(self.bag[i]):
                    return self.bag.pop(i)
            self.bag = []
        raise ValueError("no item fits")


# Openers: (text, months it fits in, or None for any month).
OPENERS_HOME = [
    ("Grey morning, rain on the skylight until ten.", None),
    ("Woke before the alarm for once and had the kitchen to myself.", None),
    ("A quiet day at home. The radiator in the back room has started ticking again.", (10, 11)),
    ("Bright and cold. Made porridge and actually sat down to eat it.", (10, 11)),
    ("The builders next door started at eight, so I took the laptop to the library.", None),
    ("Slow start. Two coffees before anything resembling a thought.", None),
    ("Warm for the time of year; windows open all afternoon.", (8, 9)),
    ("Spent the morning at the kitchen table with the blinds half down against the sun.", (8, 9)),
    ("Fog over the canal first thing, gone by eleven.", (10, 11)),
    ("Day off from the shop. Tried not to fill it with errands.", None),
    ("Wind all day. The bins went over twice.", (10, 11)),
    ("The cat decided my notebook was a bed. Negotiations were long.", None),
    ("Laundry, post office, then the desk. In that order, unfortunately.", None),
    ("Soft, wet day. Good writing weather, I told myself.", None),
    ("Odd, scattered day — lots of small things, none of them finished.", None),
    ("Cleared the desk last night, and it helped more than I expected.", None),
    ("Clear skies. Wrote by the window with a blanket over my knees.", (11,)),
    ("Headachy in the morning, better after lunch.", None),
    ("Hot and close; the flat felt like the inside of a tent.", (8,)),
    ("Blackberries along the towpath are nearly over. Picked a handful anyway.", (8, 9)),
    ("First morning I needed the heating on. Sat with my hands round the mug.", (10,)),
    ("Dark by five now. The lamp on the desk is doing a lot of emotional work.", (11,)),
    ("Conkers all over the pavement by the school. Kicked one most of the way home.", (9, 10)),
    ("A Sunday kind of day even though it isn't Sunday.", None),
    ("Rain, then sun, then rain. Couldn't decide on a coat, and neither could the sky.", None),
    ("Bea next door brought round apples from her tree. Far too many apples.", (9, 10)),
    ("Woke at six with a sentence in my head and wrote it down before it evaporated.", None),
    ("Spent too long on the phone to the energy company. Then the desk.", None),
    ("Frost on the car roofs this morning. The first one.", (11,)),
    ("The light is going gold earlier every afternoon.", (9, 10)),
]
OPENERS_SHIFT = [
    ("Shift at [[Halden Books]], 10 till 4. A man bought every Le Guin we had.", None),
    ("Bookshop all day. Restocked poetry, which no one ever buys and everyone browses.", None),
    ("Long shift at [[Halden Books]]; a school group came in and took the place apart, kindly.", (9, 10, 11)),
    ("Work 10–4. Quiet enough to read two chapters of the Ferrante behind the till.", None),
    ("Shop was busy — the first properly cold day always sends people indoors.", (10, 11)),
    ("At [[Halden Books]] till four. Priya came in at lunch with soup.", (10, 11)),
    ("Work. Spent an hour on the phone tracking a missing delivery of diaries.", (10, 11)),
    ("Shift went quickly; Jon let me do the window display.", None),
    ("Bookshop. Sold a first edition of something to someone who knew exactly what it was.", None),
    ("Work was all returns and a broken card machine.", None),
    ("Holiday crowds in the shop, sandals and sunburn.", (8,)),
    ("Back-to-school rush at the shop: revision guides and pencil cases.", (8, 9)),
    ("Christmas stock has started arriving at the shop. In October. I said nothing.", (10,)),
    ("Jon started playing carols in the shop. It is far too early.", (11,)),
    ("At work the heating broke, so we sold books in our coats.", (11,)),
    ("Shop. A small boy asked for 'the book with the blue cover' and we found it.", None),
    ("Half day at [[Halden Books]]; the afternoon was mine.", None),
    ("Unpacked forty boxes of the new Richard Osman at work. Forty.", (9, 10)),
    ("Work, then the dentist's waiting room, then home. Read the whole time.", None),
    ("The shop cat (not ours, he just comes in) slept on the travel section all day.", None),
    ("Busy shift; I recommended the same Anne Tyler to three different people.", None),
]
WRITE_DONE = [
    "Wrote in the morning before the day could argue.",
    "Good session, the kind where I look up and the tea's cold.",
    "Wrote at the library from ten to half eleven. The silence there does something useful.",
    "The words came slowly, then all at once around the second coffee.",
    "Kept my phone in the other room and it was the best session of the week.",
    "Did my words in three bits between errands. It still counts.",
    "Wrote past the point where I normally stop. Not brilliant, but there's a draft.",
    "Worked from the outline ([[novel-outline]]) for once instead of making it up as I go. Faster.",
    "Spent twenty minutes rereading, then wrote steadily.",
    "Set a timer for 45 minutes and wrote until it went off, then a bit more.",
    "Evening session, lamp on, rain outside.",
    "A tidy, unremarkable writing day. Those are the ones that add up.",
    "Wrote on the bus to work and again at lunch.",
    "The first hundred words were agony and the rest were fine. Same as always.",
    "Wrote with the window open and the radio off.",
    "Wrote standing at the kitchen counter, which sounds mad and works.",
    "Good session, though I spent the first ten minutes renaming a minor character.",
    "Wrote after dinner instead of before work. Slower, but it got done.",
    "Handwrote the first half in the café and typed it up later.",
]
CHAPTER_LINES = {
    1: [
        "Ines on the ferry, seeing the town before it sees her.",
        "Rewrote the arrival from the water side, which fixed the opening.",
    ],
    2: [
        "The café: regulars, the espresso machine that sulks, [[Tomás]] pretending not to be glad.",
        "Wrote the unpaid-bills drawer. A drawer can do a lot of work.",
        "Tomás is less cardboard today. He has a laugh now.",
    ],
    3: [
        "[[Ines]] finds the letter in the coat pocket. I had planned a drawer; the coat is better.",
        "Wrote what the letter says, then cut half of it. The gaps are louder.",
    ],
    4: [
        "The notary scene — dry, funny, a bit cruel. Good fun to write.",
        "Ines signs nothing. Wrote her walking out of the notary's office not knowing where to go.",
    ],
    5: [
        "Salt pans in August: white glare, the rakes, the smell. Used every note I have.",
        "Wrote the raking scene; Ines is bad at it and the old men enjoy that.",
        "Wrote the scene where the salt-pan money runs out. Easier than I feared.",
    ],
    6: [
        "The funeral lunch. Twelve people at one table is a lot of people to keep track of.",
        "Wrote the toast Tomás doesn't give.",
    ],
    7: [
        "Night crossing: just Ines, the ferryman and the engine. Quiet chapter, hard to write.",
        "Wrote the lights of the far bank. Trying not to make them pretty.",
    ],
    8: [
        "Auction chapter: who bids, who doesn't, who leaves early.",
        "Wrote the salt works going for less than the café. Tomás laughs. I didn't expect him to.",
    ],
    9: [
        "The flooded cellar: boxes of their father's papers, wet through.",
        "Wrote Ines and Tomás carrying boxes up the stairs in silence. Then not in silence.",
    ],
    10: [
        "Storm chapter. The ferry isn't running and the town is shutting its shutters.",
        "The storm is loud on the page now; the characters are quiet inside it.",
    ],
    11: [
        "After the storm: the mess, the neighbours, who turns up with a broom.",
        "Wrote the morning after, all mud and sunlight.",
    ],
    12: [
        "Tomás's chapter, in his own voice. He's funnier than Ines, which annoys her and delights me.",
        "Tomás's side of the story: why he never left. He doesn't quite know either.",
    ],
}
CH_TITLES = {
    1: "the arrival",
    2: "the café",
    3: "the letter",
    4: "the notary",
    5: "the salt pans",
    6: "the funeral lunch",
    7: "night crossing",
    8: "the auction",
    9: "the flooded cellar",
    10: "the storm",
    11: "after the storm",
    12: "Tomás",
}
WRITE_MVA = [
    "Only managed the minimum today, but I opened the file and wrote the bridge between two scenes.",
    "Tired. Wrote a hundred-odd words on the sofa so the chain wouldn't break, and stopped there without guilt.",
    "Minimum viable day: a paragraph of Ines on the quay. Better than nothing; better than I expected.",
    "No energy for a proper session. Did the small version before bed.",
    "Short writing day — a few lines of chapter {ch} at the kitchen table while the pasta boiled.",
    "Didn't have it in me for the full amount. Did the MVA and closed the laptop.",
]
WRITE_MISSED = [
    "Didn't write. The day got eaten by errands and I let it.",
    "No writing today. Opened the file, stared, closed it.",
    "Never got to the novel. Tomorrow first thing, before email.",
]
VIOLA_DONE = [
    "Viola after dinner: scales, then the same four bars until they sounded like music.",
    "Practised viola standing up, which my back prefers.",
    "Viola with the metronome at 60. Slow is a speed.",
    "Viola practice — the A string still squeaks when I'm tense, so: less tense.",
    "Did my viola before writing for a change; it warmed up my brain as well as my fingers.",
    "Played through 'Lightly Row' for Bea next door, who clapped, bless her.",
    "Viola: worked on the string crossings Mrs Okafor marked in pencil.",
    "Practised with the door shut and the mute on. The neighbours deserve a break.",
    "Viola in the evening. Tuning took a third of the time, which is still progress.",
    "Practised the scales with a drone on my phone; the drone is merciless.",
]
VIOLA_LESSON = [
    "Viola lesson with [[Mrs Okafor]] at six. She moved my thumb two millimetres and everything changed.",
    "Lesson with [[Mrs Okafor]]: bow distribution. I use all of it at the start and none at the end, apparently.",
    "Viola lesson. We did the D major scale slowly with a drone and I could hear my third finger drifting flat.",
    "Lesson tonight. New piece, 'Song of the Wind', which I already love.",
    "Lesson with [[Mrs Okafor]]. She says I practise fast when I'm nervous. True of everything.",
    "Viola lesson — mostly posture. Shoulders down, elbow out, breathe.",
    "Lesson: Mrs Okafor played my piece back to me the way I play it. Humbling, and funny.",
]
VIOLA_MVA = [
    "Five minutes of viola. Open strings only. It felt like picking up something I'd dropped.",
    "Got the viola out of its case, which has been the hard part. A few minutes, done.",
    "Small viola session: tuned, one scale, put it away. The rosin smell is nice to come back to.",
    "Viola, just the minimum. My fingers remember more than I feared.",
]
# walk prose: (text, place it names or None, shift days only)
P_WALK_DONE = [
    ("Walked the canal loop at lunch; a heron on the lock gates, as usual.", "canal", False),
    ("Walk through [[Hollins Park]] at dusk — the plane trees are turning.", "park", False),
    ("Went out for a walk between sessions and came back with the next line.", None, False),
    ("Walked to the allotments and back. Mum's runner beans are finished.", None, False),
    ("A proper walk in the afternoon; it cleared the headache.", None, False),
    ("Walked home from the shop instead of getting the bus.", None, True),
    ("Walked along the canal after work; the swans have cygnets nearly as big as them.", "canal", True),
    ("Long walk round [[Hollins Park]] with a podcast I didn't listen to.", "park", False),
    ("Walked the long way to the shop and was still early.", None, True),
]
P_WALK_MVA = [
    "Only a short walk round the block, but I went.",
    "Tiny walk — to the corner and back. It still shifted something.",
    "A few minutes outside in my slippers and coat. Counts, officially.",
    "Short walk to the postbox and the long way back, which is not very long.",
]
P_WALK_MISSED = [
    "No walk — it poured all day and I made excuses.",
    "Didn't get out for a walk at all.",
    "Meant to walk at lunch, ate at my desk instead.",
    "No walk. By the time I thought of it, it was dark.",
]
CLOSERS = [
    "Early night. Phone charging in the kitchen.",
    "Reading in bed: the Tove Jansson short stories, one a night.",
    "Pasta, a bath, and the last episode of the detective thing.",
    "Rang [[Mum]]; she has opinions about my hair on the video call.",
    "Ate too late again. Note to self: soup is a dinner.",
    "Priya came round with wine and we talked about her new job until eleven.",
    "Made a list for tomorrow so my head can stop carrying it.",
    "In bed by half ten, asleep by eleven. That is the whole trick, apparently.",
    "Evening: tidied the desk, watered the plants, nothing else. Nice.",
    "The cat and I watched the rain. Neither of us said anything.",
    "A bit flat this evening. It passes; it usually does.",
    "Cooked the lentil thing from the library cookbook. Will cook it again.",
    "Tried to go to bed early and then read until midnight. Classic.",
    "Sam texted a photo of his cat wearing a tiny hat. Good day.",
    "Watched a film with Priya and fell asleep before the end. Again.",
    "Wrote a postcard to Gran that I will probably forget to post.",
    "Evening phone call with my brother; he's thinking of moving back north.",
    "Made a big pot of soup for the week. Felt very organised for about an hour.",
    "Stayed up too late reading about salt harvesting. Research, technically.",
    "Quiet evening. Nothing to report, which is its own kind of good.",
]
EVIDENCE_WRITE = [
    "Finished a scene I'd been stuck on since the weekend. Tomás finally sounds like himself.",
    "Wrote before checking my phone. First time this week.",
    "Cut the prologue: 600 words gone and the opening is better for it.",
    "Read chapter {ch} aloud and only winced twice.",
    "Kept going when the scene felt flat instead of switching to 'research'.",
    "Found the last line of a scene on the bus and wrote it down before I lost it.",
    "Wrote the argument scene without softening it.",
    "Hit 350 words in forty minutes, which is about right for where I am.",
    "Fixed the timeline problem in chapter {ch} with one index card instead of a rewrite.",
    "Sat down at 7:30 as planned even though I didn't feel like it.",
    "Drafted a whole page without stopping to edit.",
    "Let a scene be ugly and moved on. I can fix ugly; I can't fix blank.",
    "Worked out why chapter {ch} drags: nobody in it wants anything. Wrote the want in.",
    "Wrote a whole session from the outline without getting lost.",
    "Described the harbour from memory and it held up against my photos.",
    "Wrote through the boring bit instead of skipping to the fun bit.",
    "Noticed I'd stopped rereading yesterday's pages before starting. Saves twenty minutes.",
    "Gave a minor character a name and a want in one line. She came alive.",
    "Wrote a paragraph I'd happily read in someone else's book.",
    "Stuck to the timer and stopped when it went off, so tomorrow has somewhere to start.",
    "Wrote the bit I was dreading first. The rest of the session was easy.",
    "Caught myself writing 'suddenly' four times and fixed all four.",
]
EVIDENCE_VIOLA = [
    "Played the C major scale at beginner tempo — as well as any beginner at this stage.",
    "Kept the bow straight for a whole line of 'Lightly Row'; checked it in the mirror.",
    "Tuned all four strings without the app. The D was slightly flat, I heard it, I fixed it.",
    "Practised the awkward string crossing slowly, ten times, instead of rushing it once.",
    "Played the first 'Twinkle' variation all the way through without stopping.",
    "Noticed my left thumb squeezing the neck and let it go mid-scale.",
    "Recorded myself for the first time. Rough, but I could hear exactly what to fix.",
    "Played the D major scale at 60 bpm, in tune enough that the cat stayed in the room.",
    "Did the full practice even though the first five minutes sounded like a gate hinge.",
    "Remembered the fingering for the second line without looking.",
]
EVIDENCE_LESSON = [
    "Mrs Okafor said my bow hold is 'nearly there', which from her is high praise.",
    "Took a correction in the lesson without apologising three times first.",
    "Sight-read the first line of the new piece in the lesson. Slowly, but right.",
    "Asked Mrs Okafor to show me again instead of pretending I'd understood.",
]
EVIDENCE_WALK = [
    "Noticed my shoulders come down about ten minutes into the walk.",
    "Walked without headphones and heard the first geese going over.",
    "Took the long way round and came home with a plot problem half solved.",
    "Went out in the drizzle anyway. It was fine. It is usually fine.",
    "Went for the walk even though I'd talked myself out of it twice.",
    "Stopped on a bridge for a minute just to look at the water. Didn't check my phone.",
    "Came back from the walk hungry for once instead of anxious.",
    "Walked at a pace where I could still breathe through my nose, like the physio said.",
]
EVIDENCE_OTHER = [
    "Phone in the kitchen by 22:30 three nights running.",
    "Said no to an extra Saturday shift without over-explaining.",
    "Called Mum back the same day instead of letting it slide to the weekend.",
    "Cooked a proper dinner on a workday.",
    "Asleep before eleven; woke up before the alarm.",
    "Did the boring admin email first and it took six minutes, not the hour I'd dreaded.",
    "Asked Jon for the Thursday evenings off for my lessons, plainly, and got them.",
    "Left the shop on time instead of 'just finishing' the shelf.",
    "Drank water before coffee. Small, but I noticed the difference by lunch.",
    "Told Priya I was tired instead of saying I was fine.",
]
CHORES = [  # (text, preferred status or None)
    ("Call [[Mum]]", None),
    ("Dentist appointment", ">"),
    ("Reply to [[Priya]] about Saturday", None),
    ("Laundry", "x"),
    ("Return the library books", None),
    ("Water the plants", "x"),
    ("Fix the bike light", " "),
    ("Book the boiler service", ">"),
    ("Change the bed", "x"),
    ("Pay the council tax", "x"),
    ("Order a new notebook (the squared one)", None),
    ("Order viola rosin and a spare A string", None),
    ("Renew the railcard", ">"),
    ("Take the recycling down", "x"),
    ("Answer the bank letter", "/"),
    ("Clean the fridge", " "),
    ("Post the parcel to Gran", "x"),
    ("Sort the tax return", "/"),
    ("Buy cat food", "x"),
    ("Defrost the freezer", "-"),
    ("Send Sam my chapter", None),
    ("Repot the basil", None),
    ("Back up the novel folder", "x"),
    ("Ring the GP about the repeat prescription", None),
    ("Hoover the stairs", " "),
    ("Print the payslips", "-"),
    ("Buy stamps", "x"),
]

# Hand-written paragraphs for days that matter to the story (they replace the
# generated prose; tasks are still generated from the plan).
SPECIAL_PROSE = {
    D("2026-08-24"): [
        "New notebook, new folder, new rule: small things, every day. Writing 350 words, a walk, the "
        "viola three times a week, and bed at a reasonable hour. That's it. No grand plans in this file.",
        "Wrote the first scene of [[The Salt Year]] properly, not as notes. Ines gets off the ferry and "
        "doesn't recognise the town. Neither do I yet, which is fine.",
    ],
    D("2026-08-28"): [
        "Physio at nine for the hamstring. She gave me a routine — three stretches, ten minutes — and "
        'said "Monday, Wednesday, Friday, not when you remember". Fair.',
    ],
    D("2026-08-29"): [
        "Busy Saturday at the shop and then [[Priya]]'s barbecue. Didn't write. I'll count it as a miss "
        "and not make it two.",
    ],
    D("2026-09-04"): [
        "No note yesterday — I didn't even open the laptop. Today was only marginally better: sixty "
        "words and then the afternoon vanished into the boiler man and a phone call with the bank.",
        "Two bad days in a row. Not a disaster, just information. Monday the quarter starts properly.",
    ],
    D("2026-09-07"): [
        "First day of the twelve weeks. The plan ([[novel-outline]]): 40,000 words by the end of November. "
        "That's about 480 a day, which is more than my 350 minimum, so the minimum is a floor, not the goal.",
        "Wrote before breakfast. The kitchen was cold and it didn't matter.",
    ],
    D("2026-09-10"): [
        "Dropped the viola at the luthier on the way to work — the bridge has been leaning forward for weeks. "
        "Back on Friday, so no practice today and no guilt about it.",
    ],
    D("2026-09-13"): [
        "Full-on cold. Sofa, tea, tissues, the whole of a Miss Marple box set. Day off from everything, on purpose.",
    ],
    D("2026-09-20"): [
        "Weekend at [[Mum]]'s. No laptop, no viola, no note yesterday. We walked nowhere and ate everything. "
        "Writing this on the train home. Rest day, by decision rather than by accident.",
    ],
    D("2026-09-24"): [
        "Stocktake ran until seven and then the writing group met at the pub. Didn't write a word of my own, "
        "but I listened to three chapters by other people and took notes on what works.",
    ],
    D("2026-09-27"): [
        "Brunch with [[Priya]] turned into the whole afternoon. Crossed the writing off rather than pretending "
        "I'd do it at midnight. One deliberate skip.",
    ],
    D("2026-09-28"): [
        "Rolled my ankle on the kerb outside the shop in the evening. Not broken, just fat and sulky. "
        "Ice, feet up. No walking for a couple of days, doctor's orders (well, Priya's orders).",
    ],
    D("2026-09-29"): [
        "Ankle still puffy. Skipping the walk on purpose; it's not a failure if the plan says rest.",
    ],
    D("2026-10-01"): [
        "Ankle better. Hobbled round the block — five minutes — just to keep the habit warm.",
    ],
    D("2026-10-08"): [
        "Lesson was good, everything else wasn't. Came home, made toast, went to bed without writing. "
        "The Lisbon trip is crowding my head.",
    ],
    D("2026-10-10"): [
        "[[Sam]] asked how I keep track of everything, so I sent him a photo of last year's paper checklist, "
        "for comparison. I copied it out here so I remember how unrealistic it was:",
    ],
    D("2026-10-11"): [
        "Packing. Wrote a short session in the morning so I can leave with a clear conscience. The viola "
        "stays home; practice cancelled for the week and that's fine.",
    ],
    D("2026-10-12"): [
        "Early flight to [[Lisbon]]. Guesthouse in Graça, up a hill that does not end. On holiday until "
        "Friday: no goals, no chains, just notes if I feel like it.",
    ],
    D("2026-10-14"): [
        "Took the ferry across to Cacilhas — the whole reason I came. It's the wrong river and the wrong "
        "century for the book, but the light on the water is exactly right.",
        "Walked miles. Wrote a page of notes at the ferry terminal, mostly smells and sounds.",
    ],
    D("2026-10-17"): [
        "Home. The flat smells of dust and cat. Wrote a little, just enough to get back into the file; my "
        "Lisbon notes are better than I expected.",
    ],
    D("2026-10-20"): [
        "Viola has been in its case for nearly two weeks now. I keep writing it on the list and not doing it.",
    ],
    D("2026-10-21"): [
        "Started restructuring chapter {ch} and got lost in it. Nothing finished, nothing counted, "
        "just a mess of arrows on paper.",
    ],
    D("2026-10-22"): [
        "Lesson cancelled — Mrs Okafor has flu. Did the minimum on the novel on my lunch break.",
    ],
    D("2026-10-25"): [
        "Clocks went back. Took the whole day off: no novel, no viola, no list. Did go for a long walk by the "
        "river because I wanted to, which I think is the point.",
    ],
    D("2026-10-26"): [
        "Back to the viola, the smallest possible way: five minutes, open strings, once round. The plan for the "
        "next fortnight is the MVA only — five minutes, no more required.",
    ],
    D("2026-10-27"): [
        "Bad day. Late shift, a customer shouted at Jon, I came home wrung out and went to bed at nine "
        "without writing.",
    ],
    D("2026-10-29"): [
        "No note yesterday; I was in bed with a migraine most of it. Today I only promised myself small things, "
        "and they added up: a proper writing session after all, five minutes of viola, a five-minute walk.",
    ],
    D("2026-11-02"): [
        "Submission deadline for the anthology is tomorrow. Spent the evening on the cover letter instead of "
        "the novel, and only did the minimum there.",
    ],
    D("2026-11-04"): [
        "Sent the short story off last night at 11pm and forgot to tick it. Ticking it now, dated properly.",
    ],
    D("2026-11-05"): [
        "Migraine again, worse this time. Dark room most of the day. No writing, no walk. One day. Not two.",
    ],
    D("2026-11-06"): [
        "Head clear. Wrote first thing, before anything could happen, and it went well — the storm chapter is "
        "properly under way.",
    ],
    D("2026-11-09"): [
        'Told myself "just the hundred words" to get started and then looked up and it was nearly four '
        "hundred. The MVA trick works best when I don't believe it.",
    ],
    D("2026-11-16"): [
        "Eleven days in a row of writing now and it has stopped feeling like a chain and started feeling like "
        "what I do in the morning.",
    ],
    D("2026-11-22"): [
        "End of week 11 of the quarter. Behind the 40,000 — about 31,000 — but the last two weeks were the best "
        "of the whole year. I'd rather be here honestly than on track on paper.",
        "Weekly review tonight: keep the mornings, keep the Thursday lesson, move the walk to lunchtime "
        "when it gets dark at four.",
    ],
}

# Extra body blocks: BLOCKS_BEFORE go between the prose and the tasks, BLOCKS_AFTER after the tasks.
BLOCKS_BEFORE = {
    D("2026-10-10"): [
        "```text\n- [ ] Write 1000 words #writing\n- [ ] Run 5k\n- [x] Viola 45 min #viola\n- [ ] Meditate 20 min\n```",
        "Four things a day, every day, and I did one of them. This year's version is better.",
    ],
    D("2026-11-11"): [
        "Sam finally answered last month's checklist photo with his own. For the record (he thinks he's funny):",
        "```\n- [x] Write 2000 words #writing\n- [x] Walk 60 min #walk\n- [x] Win the Booker\n```",
    ],
    D("2026-10-04"): [
        "> [!todo] Before Lisbon\n"
        "> - [x] Book the guesthouse\n"
        "> - [ ] Buy a plug adapter\n"
        '> - [>] Learn some Portuguese beyond "obrigada"',
    ],
    D("2026-11-15"): [
        "> [!todo] Writing group on Wednesday\n"
        "> - [x] Print chapters 10 and 11 for [[Sam]]\n"
        "> - [ ] Write three questions for the group",
    ],
    D("2026-09-18"): [
        '> "You don\'t have to see the whole staircase, just take the first step."\n'
        "> — on a postcard at the shop. Bought it for the desk.",
    ],
}
BLOCKS_AFTER = {
    D("2026-10-20"): [
        "<!-- - [x] Viola practice 30 min #viola   (pre-filled this morning; commenting it out rather than lying) -->",
    ],
    D("2026-10-06"): [
        "%% ask [[Mrs Okafor]] about a bow rehair — it's shedding %%",
    ],
    D("2026-09-17"): ["Sam read chapter 3 and said the dialogue sounds like real people talking over each other. #win"],
    D("2026-10-30"): ["Mrs Okafor emailed: she's better and the Thursday slot is mine again. #win"],
    D("2026-11-18"): ["- Writing group loved the storm chapter; Sam asked what happens next. #win"],
    D("2026-11-19"): [
        "evidence:: Played 'Song of the Wind' for Mrs Okafor's next student, who was waiting in the hall, without stopping."
    ],
    D("2026-10-02"): ["evidence:: Walked on the bad ankle for eight minutes, slowly, and stopped before it hurt."],
}

FM_EVIDENCE = {  # front-matter evidence: a string, or a list
    D("2026-09-11"): "Collected the viola from the luthier and it sounds warmer. I noticed the difference myself.",
    D("2026-10-05"): [
        "Booked everything for Lisbon in one go instead of over three anxious evenings.",
        "Wrote my words before opening email.",
    ],
    D("2026-10-18"): "Unpacked the same day I got home.",
    D("2026-11-08"): ["Three mornings in a row at the desk before eight."],
    D(
        "2026-11-21"
    ): "Played 20 minutes of viola, and the scales felt like something I know rather than something I'm attempting.",
}
FM_TAGS = {
    D("2026-08-24"): "[fresh-start]",
    D("2026-09-07"): "[fresh-start, quarter]",
    D("2026-09-13"): "[ill]",
    D("2026-09-24"): "writing-group, tired",
    D("2026-10-12"): "[travel, lisbon]",
    D("2026-10-14"): "[travel, lisbon, research]",
    D("2026-10-26"): "[comeback]",
    D("2026-11-05"): "[migraine]",
    D("2026-11-11"): "[writing-group]",
}

NESTED = {
    D("2026-09-02"): ["- [/] Writing group prep", "  - [x] Print chapter 2 for [[Sam]]", "  - [ ] Read Sam's pages"],
    D("2026-09-30"): ["- [ ] Lisbon planning", "\t- [x] Book flights", "\t- [ ] Ferry timetable to Cacilhas"],
    D("2026-10-19"): [
        "- [x] Birthday present for [[Priya]]",
        "  - [x] Find the Tove Jansson she wanted",
        "  - [-] Wrap it (a bag will do)",
    ],
    D("2026-11-02"): [
        "- [/] Short story for the [[Northern Lights anthology]]",
        "  - [x] Final read-through",
        "  - [/] Cover letter",
    ],
    D("2026-11-10"): ["- [/] Clear the desk", "\t- [x] Recycling", "\t- [ ] File the payslips"],
}


# ---------------------------------------------------------------------------
# Building the plan (word counts, chapters, metrics) and the notes.


def yaml_str(s: str) -> str:
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.;()\u2014-]*[A-Za-z0-9.)]", s) and ": " not in s:
        return s
    return json.dumps(s, ensure_ascii=False)


def fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


class Journal:
    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        r = self.rng
        pool_items: list[tuple[str, Sequence[Any]]] = [
            ("home", OPENERS_HOME),
            ("shift", OPENERS_SHIFT),
            ("wdone", WRITE_DONE),
            ("wmva", WRITE_MVA),
            ("wmissed", WRITE_MISSED),
            ("vdone", VIOLA_DONE),
            ("vlesson", VIOLA_LESSON),
            ("vmva", VIOLA_MVA),
            ("walkdone", P_WALK_DONE),
            ("walkmva", P_WALK_MVA),
            ("walkmissed", P_WALK_MISSED),
            ("closer", CLOSERS),
            ("ewrite", EVIDENCE_WRITE),
            ("eviola", EVIDENCE_VIOLA),
            ("elesson", EVIDENCE_LESSON),
            ("ewalk", EVIDENCE_WALK),
            ("eother", EVIDENCE_OTHER),
            ("chore", CHORES),
        ]
        self.pools = {name: Pool(r, items) for name, items in pool_items}
        self.used_lines: set[str] = set()
        self.walk_place: dict[dt.date, str | None] = {}
        self.words = self._plan_words()
        self.chapter = self._plan_chapters()
        self.metrics = self._plan_metrics()

    # -- plan ---------------------------------------------------------------

    def write_state(self, d: dt.date) -> str | None:
        if not has_note(d):
            return None
        return WRITE_STATE.get(d, "done")

    def _plan_words(self) -> dict[dt.date, int]:
        r = self.rng
        words: dict[dt.date, int] = {}
        weeks: dict[str, list[dt.date]] = {}
        for d in days(FIRST, LAST):
            weeks.setdefault(iso_week(d), []).append(d)
        for label, ds in weeks.items():
            done_days = []
            for d in ds:
                st = self.write_state(d)
                if d in FIXED_WORDS:
                    words[d] = FIXED_WORDS[d]
                elif st == "done":
                    done_days.append(d)
                elif st == "mva":
                    words[d] = r.randrange(105, 200)
            total = WEEK_WORDS[label]
            if total is None:
                for d in done_days:
                    words[d] = r.randrange(420, 520)
                continue
            rest = total - sum(words.get(d, 0) for d in ds)
            weights = [r.uniform(0.75, 1.3) for _ in done_days]
            alloc = [max(360, round(rest * w / sum(weights))) for w in weights]
            alloc = [a - a % 10 if r.random() < 0.3 else a for a in alloc]
            alloc[-1] += rest - sum(alloc)
            # keep every done day at 360+ by moving the difference to the largest day
            for i, a in enumerate(alloc):
                if a < 360:
                    j = max(range(len(alloc)), key=lambda k: alloc[k])
                    alloc[j] -= 360 - a
                    alloc[i] = 360
            for d, a in zip(done_days, alloc, strict=True):
                assert a >= 360, (d, a)
                words[d] = a
        return words

    def _plan_chapters(self) -> dict[dt.date, int]:
        chapter: dict[dt.date, int] = {}
        cum = 0
        for d in days(FIRST, LAST):
            chapter[d] = 1 + cum // 3000
            cum += self.words.get(d, 0)
        return chapter

    def _plan_metrics(self) -> dict[dt.date, tuple[int, int, float]]:
        r = self.rng
        out: dict[dt.date, tuple[int, int, float]] = {}
        sleeps = [5.5, 6, 6.25, 6.5, 6.75, 7, 7, 7.25, 7.5, 7.5, 7.75, 8, 8, 8.5]
        for d in days(FIRST, LAST):
            if not has_note(d):
                continue
            st = self.write_state(d)
            bad = st in ("missed", "missed-none", "partial", "wip") or d in WALK_MISSED
            mood = r.choice([2, 3, 3, 4] if bad else [3, 3, 4, 4, 4, 5])
            energy = r.choice([1, 2, 2, 3] if bad else [2, 3, 3, 4, 4, 5])
            sleep = r.choice(sleeps[:7] if bad else sleeps)
            if d >= D("2026-11-06"):  # the good last fortnight
                sleep = r.choice(sleeps[5:])
                mood = max(mood, 3)
            out[d] = (mood, energy, sleep)
        out[D("2026-11-05")] = (1, 1, 5.5)
        out[D("2026-09-13")] = (2, 1, 9.0)
        return out

    # -- rendering ----------------------------------------------------------

    def write_tasks(self, d: dt.date) -> list[str]:
        r, st = self.rng, self.write_state(d)
        w, ch = self.words.get(d, 0), self.chapter[d]
        if st == "done":
            form = r.choices(["field", "text", "scene", "split", "bracket", "novel"], [35, 25, 20, 10, 5, 5])[0]
            if form == "split" and w < 500:
                form = "field"
            if form == "field":
                return [f"- [x] Write 350 words #writing words:: {w}"]
            if form == "text":
                return [f"- [x] Wrote {w} words of chapter {ch} #writing"]
            if form == "scene":
                title = CH_TITLES[ch]
                return [
                    r.choice(
                        [
                            f"- [x] Chapter {ch}, {title} #writing words:: {w}",
                            f"- [x] {title[0].upper() + title[1:]} (chapter {ch}) #writing words:: {w}",
                        ]
                    )
                ]
            if form == "split":
                a = r.randrange(150, w - 150)
                a -= a % 10
                return [
                    f"- [x] Morning session, chapter {ch} #writing words:: {a}",
                    f"- [x] Evening session #writing words:: {w - a}",
                ]
            if form == "bracket":
                return [f"- [x] Novel, chapter {ch} [words:: {w}] #writing"]
            return [f"- [x] [[The Salt Year]] — {w} words #writing"]
        if st == "mva":
            return [
                r.choice(
                    [
                        f"- [x] Write 100 words #writing #mva words:: {w}",
                        f"- [x] Wrote {w} words (mva) #writing",
                        f"- [x] Minimum version, chapter {ch} #writing #mva words:: {w}",
                    ]
                )
            ]
        if st == "mva-full":
            return [f"- [x] Just the 100 words, I told myself #writing #mva words:: {w}"]
        if st == "partial":
            return [f"- [x] Write #writing words:: {w}"]
        if st == "wip":
            return [f"- [/] Restructure chapter {ch} #writing"]
        if st == "missed":
            return ["- [ ] Write 350 words #writing"]
        if st == "cancel":
            return ["- [-] Write 350 words #writing"]
        if st == "break-mva":
            return [f"- [x] Notes for [[The Salt Year]] at the ferry terminal #writing words:: {w}"]
        return []

    def walk_tasks(self, d: dt.date) -> list[str]:
        r = self.rng
        if d in WALK_NONE or d == WALK_IN_CALLOUT:
            return []
        if d == D("2026-10-25"):
            return ["- [x] Long walk by the river, 50 min #walk"]
        if d == D("2026-10-14"):
            return ["- [x] Walked from Alfama up to the castle and back, 90 min"]
        if d in WALK_MISSED:
            return ["- [ ] Walk 20 min #walk"] if d in WALK_MISSED_OPEN else []
        if d in WALK_MVA:
            m = WALK_MVA[d]
            return [
                r.choice(
                    [
                        f"- [x] Walk {m} min (mva) #walk",
                        f"- [x] Round the block, {m} min #walk #mva",
                        f"- [x] Short walk {m} min #walk #MVA",
                    ]
                )
            ]
        if d in WALK_NO_QTY:
            return [r.choice(["- [x] Walk to the shops and back #walk", "- [x] Walk with Bea and her dog #walk"])]
        m = r.choice([20, 25, 25, 30, 30, 30, 35, 40, 45, 50, 60])
        place = self.walk_place.get(d, "")
        if place == "canal":
            return [f"- [x] Walk {m} minutes along the canal #walk"]
        if place == "park":
            return [f"- [x] Hollins Park loop, {m} min #walk"]
        if d in WALK_REGEX_ONLY:
            place = r.choice(
                ["the library", "the post office and back", "the bakery", "the allotments", "Priya's", "the market"]
            )
            return [f"- [x] Walked to {place}, {m} min"]
        forms = [f"- [x] Walk {m} min #walk", f"- [x] Walk {m} min #walk", f"- [x] Lunchtime walk, {m} min #walk"]
        if place is not None:  # the prose names no place that would contradict these
            forms += [f"- [x] Walk {m} minutes along the canal #walk", f"- [x] Hollins Park loop, {m} min #walk"]
        return [r.choice(forms)]

    def viola_tasks(self, d: dt.date) -> list[str]:
        r = self.rng
        if d not in VIOLA:
            return []
        kind, m = VIOLA[d]
        piece = r.choice(
            ["'Lightly Row'", "'Song of the Wind'", "'Go Tell Aunt Rhody'", "the 'Twinkle' variations", "'May Song'"]
        )
        if kind == "done":
            return [
                r.choice(
                    [
                        f"- [x] Viola practice {m} min #viola",
                        f"- [x] Viola: scales and {piece}, {m} min #viola",
                        f"- [x] Viola {m} minutes, mostly {piece} #viola",
                    ]
                )
            ]
        if kind == "lesson":
            return ["- [x] Viola lesson with [[Mrs Okafor]] #viola"]
        if kind == "mva":
            return [
                r.choice([f"- [x] Viola {m} min #viola #mva", f"- [x] Viola, open strings only, {m} min (mva) #viola"])
            ]
        if kind == "wip":
            return ["- [/] Viola scales #viola"]
        if kind == "cancel":
            return ["- [-] Viola practice #viola"]
        if kind == "cancel-lesson":
            return ["- [-] Viola lesson (Mrs Okafor cancelled, moved to tomorrow) #viola"]
        return ["- [ ] Viola practice 15 min #viola"]

    def stretch_tasks(self, d: dt.date) -> list[str]:
        r = self.rng
        if d < STRETCH_START or not has_note(d) or d in REST or in_holiday(d):
            return []
        if "stretch" in SKIPS.get(d, []):
            return []
        if d in STRETCH_EXTRA:
            return ["- [x] Stretched after the long bus ride #stretch"]
        if d.weekday() not in (0, 2, 4):
            return []
        if d in STRETCH_MVA:
            return [r.choice(["- [x] One stretch (mva) #stretch", "- [x] Just the hamstring stretch #stretch #mva"])]
        if d in STRETCH_MISSED_OPEN:
            return ["- [ ] Stretch routine #stretch"]
        if d in STRETCH_MISSED_NONE:
            return []
        return [
            r.choice(
                [
                    "- [x] Stretch routine #stretch",
                    "- [x] Physio stretches, 10 min #stretch",
                    "- [x] Stretches before bed #stretch",
                    "- [x] Stretch routine #stretch",
                ]
            )
        ]

    def chores(self, d: dt.date) -> list[str]:
        r = self.rng
        out = []
        if in_holiday(d):
            return (
                ["- [x] Passport, charger, notebook"]
                if d == HOLIDAY[0]
                else ["- [x] Postcard to [[Mum]]", "- [ ] Find the tile shop Priya told me about"]
            )
        for _ in range(r.choice([0, 1, 1, 2, 2, 3]) if d not in REST else 0):
            text, pref = self.pools["chore"].draw()
            status = pref or r.choices(["x", " ", ">", "-", "/"], [55, 20, 10, 7, 8])[0]
            out.append(f"- [{status}] {text}")
        out += NESTED.get(d, [])
        if d == D("2026-08-28"):
            out.insert(0, "- [x] Physio appointment, 9am")
        if d == DONE_DATE_NOTE:
            out.insert(0, "- [x] Submit short story ✅ 2026-11-03")
        return out

    def prose(self, d: dt.date) -> list[str]:
        r, p = self.rng, self.pools
        ch = self.chapter[d]
        if d in SPECIAL_PROSE:
            return [s.replace("{ch}", str(ch)) for s in SPECIAL_PROSE[d]]
        shift = d.weekday() in (1, 4, 5)
        parts = []
        if r.random() < 0.8:
            parts.append(p["shift" if shift else "home"].draw(lambda o: o[1] is None or d.month in o[1])[0])
        st = self.write_state(d)
        if st in ("done", "mva-full"):
            fresh = [x for x in CHAPTER_LINES[ch] if x not in self.used_lines]
            if fresh and r.random() < 0.55:
                line = r.choice(fresh)
                self.used_lines.add(line)
                parts.append(line)
            else:
                parts.append(p["wdone"].draw())
        elif st == "mva":
            parts.append(p["wmva"].draw())
        elif st in ("missed", "missed-none"):
            parts.append(p["wmissed"].draw())
        kind = VIOLA.get(d, (None,))[0]
        if kind == "lesson":
            parts.append(p["vlesson"].draw())
        elif kind == "done" and r.random() < 0.6:
            parts.append(p["vdone"].draw())
        elif kind == "mva":
            parts.append(p["vmva"].draw())
        if d in WALK_MISSED:
            parts.append(p["walkmissed"].draw())
        elif d in WALK_MVA:
            parts.append(p["walkmva"].draw())
        elif d not in WALK_NONE and d not in WALK_REGEX_ONLY and "walk" not in SKIPS.get(d, []) and r.random() < 0.35:
            text, place, shift_only = p["walkdone"].draw(lambda o: shift or not o[2])
            parts.append(text)
            self.walk_place[d] = place
        paras = [" ".join(parts).replace("{ch}", str(ch))]
        if r.random() < 0.45:
            paras.append(p["closer"].draw())
        return paras

    def evidence(self, d: dt.date) -> list[str]:
        r, p = self.rng, self.pools
        ch = self.chapter[d]
        if d in REST or (in_holiday(d) and d != D("2026-10-14")):
            return []
        if d == D("2026-10-14"):
            return ["- Sat on the ferry with the notebook open and wrote down the smells, not the views. #capable"]
        if d == D("2026-10-26"):
            return [
                "- Back on the viola after more than two weeks. Five minutes of open strings, and I didn't "
                "beat myself up about the gap. #capable"
            ]
        if d == D("2026-11-09"):
            return ["- Started with the MVA and kept going to a full session. #capable"]
        if r.random() > (0.85 if d >= D("2026-11-09") else 0.55):
            return []
        items: list[tuple[str, str | None]] = []
        st = self.write_state(d)
        nxt = self.chapter.get(d + dt.timedelta(days=1), self.chapter[d])
        if st == "done" and nxt > self.chapter[d]:
            items.append(("Finished chapter {ch}. A real, whole chapter, with an ending.", "capable"))
        elif st in ("done", "mva-full") and r.random() < 0.8:
            items.append((p["ewrite"].draw(), "capable"))
        kind = VIOLA.get(d, (None,))[0]
        if kind == "done" and r.random() < 0.7:
            items.append((p["eviola"].draw(), "capable"))
        elif kind == "lesson" and r.random() < 0.5:
            items.append((p["elesson"].draw(), "capable"))
        if d not in WALK_MISSED and d not in WALK_NONE and r.random() < 0.3:
            items.append((p["ewalk"].draw(), "calm"))
        if not items or r.random() < 0.2:
            items.append((p["eother"].draw(), None))
        out = []
        for text, feeling in items[:3]:
            text = text.replace("{ch}", str(ch))
            if feeling and r.random() < 0.45:
                text += f" #{feeling}"
            out.append(f"- {text}")
        return out

    def front_matter(self, d: dt.date) -> list[str]:
        mood, energy, sleep = self.metrics[d]
        lines = ["---", f"mood: {mood}", f"energy: {energy}"]
        if d in SLEEP_BLANK:
            lines.append("sleep:")
        elif d not in SLEEP_ABSENT:
            lines.append(f"sleep: {fmt_num(sleep)}")
        if d in FM_TAGS:
            lines.append(f"tags: {FM_TAGS[d]}")
        if d in SKIPS:
            lines.append(f"skip: [{', '.join(SKIPS[d])}]")
        if d in REST:
            lines.append(f"{REST[d]}: true")
        ev = FM_EVIDENCE.get(d)
        if isinstance(ev, str):
            lines.append(f"evidence: {yaml_str(ev)}")
        elif ev:
            lines.append("evidence:")
            lines += [f"  - {yaml_str(e)}" for e in ev]
        lines.append("---")
        return lines

    def note(self, d: dt.date) -> str:
        r = self.rng
        out = self.front_matter(d)
        out.append(f"# {WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month]}")
        out.append("")
        for para in self.prose(d):
            out += [para, ""]
        ch = str(self.chapter[d])
        for b in BLOCKS_BEFORE.get(d, []):
            out += [b.replace("{ch}", ch), ""]

        goal_tasks = self.write_tasks(d) + self.walk_tasks(d) + self.viola_tasks(d) + self.stretch_tasks(d)
        if len(goal_tasks) > 2 and r.random() < 0.3:
            head, tail = goal_tasks[:1], goal_tasks[1:]
            r.shuffle(tail)
            goal_tasks = head + tail
        tasks = goal_tasks + self.chores(d)
        if d == WALK_IN_CALLOUT:
            out += [
                "> [!todo] Sunday list",
                "> - [x] Walk to the farmers' market, 35 min #walk",
                "> - [x] Buy apples for Mum",
                "> - [ ] Clean the windows",
                "",
            ]
        if tasks:
            heading = r.choices([None, "## Today", "## Micro-actions", "## Tasks"], [45, 25, 15, 15])[0]
            if heading:
                out += [heading, ""]
            out += tasks + [""]
        for b in BLOCKS_AFTER.get(d, []):
            out += [b.replace("{ch}", ch), ""]
        ev = self.evidence(d)
        if ev:
            out += [r.choices(["## Evidence", "## Wins"], [60, 40])[0], ""] + ev + [""]
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out) + "\n"

    # -- the whole journal --------------------------------------------------

    def files(self) -> dict[str, str]:
        files: dict[str, str] = {}
        for d in days(FIRST, LAST):
            if has_note(d):
                files[f"journal/{d:%Y}/{d:%m}/{d.isoformat()}.md"] = self.note(d)
        files.update(STATIC_FILES)
        return dict(sorted(files.items()))

    # -- facts for the report / tests ----------------------------------------

    def facts(self) -> str:
        lines = []
        lines.append(f"notes: {sum(1 for d in days(FIRST, LAST) if has_note(d))}")
        lines.append("missing (no note): " + ", ".join(d.isoformat() for d in MISSING))
        lines.append(
            f"holiday break: {HOLIDAY[0]}..{HOLIDAY[1]}; notes on "
            + ", ".join(sorted(d.isoformat() for d in HOLIDAY_NOTES))
        )
        lines.append("rest days: " + ", ".join(f"{d} ({k}: true)" for d, k in REST.items()))
        lines.append("skip days: " + ", ".join(f"{d} {v}" for d, v in SKIPS.items()))
        lines.append("write states: " + ", ".join(f"{d}={s}" for d, s in sorted(WRITE_STATE.items())))
        weeks: dict[str, int] = {}
        for d in days(FIRST, LAST):
            weeks.setdefault(iso_week(d), 0)
            weeks[iso_week(d)] += self.words.get(d, 0)
        lines.append("weekly words: " + ", ".join(f"{k}={v}" for k, v in weeks.items()))
        draft = sum(v for d, v in self.words.items() if d >= D("2026-09-07"))
        lines.append(f"total words: {sum(self.words.values())}; draft (from 2026-09-07): {draft}")
        return "\n".join(lines)


CONFIG = """\
# mdgoals configuration for the sample journal.
#
# Maya is writing her first novel ("The Salt Year"), learning the viola, and
# trying to walk and sleep a little better.  Her daily notes live in
# journal/YYYY/MM/YYYY-MM-DD.md, the way Obsidian's daily-notes plugin writes
# them.  Every configuration key mdgoals understands appears below.
#
# Try:   mdgoals report sample-journal --as-of 2026-11-22

week_start: monday            # weeks run Monday..Sunday and are labelled 2026-W47
day_starts_at: "04:00"        # anything written before 4am still belongs to the day before
missing_note: missed          # a due day with no note is a miss ("skip" would make it neutral)
mva_credit: 0.5               # a minimum-viable day is worth half a full day in the strength score
evidence_headings: [Evidence, Wins]   # list items under these headings go to the evidence log

breaks:                       # every goal is skipped inside a break, notes or not
  - {from: 2026-10-12, to: 2026-10-16, why: Lisbon trip}

notes: {folder: journal, format: YYYY/MM/YYYY-MM-DD}
exclude: ["templates/**"]     # the daily-note template is not a note

goals:
  # The ladder: vision -> 12-week target -> weekly micro-goal -> daily micro-action.
  - id: novel
    title: Write a novel
    level: vision

  - id: draft
    title: First 40,000 words
    level: quarter            # a 12-week cycle
    parent: novel
    start: 2026-09-07
    end: 2026-11-29           # the default anyway: start + 12 weeks - 1 day
    target: 40000 words

  - id: words-week
    title: 2,500 words a week
    level: week
    parent: draft
    target: 2500 words

  - id: write
    title: Write 350 words
    level: daily
    parent: words-week        # its words count towards the week and the quarter
    match: ["#writing"]
    every: daily
    target: 350 words         # "words:: 410" on the task, or "410 words" in its text
    mva: 100 words            # a bad day's minimum still keeps the chain
    grace: 1                  # never miss twice
    feeling: capable

  - id: walk
    title: Walk 20 minutes
    match: ["#walk", "/\\\\bwalk(ed)?\\\\b/"]   # the tag, or "walk"/"walked" anywhere in the task
    every: daily
    target: 20 min
    mva: 5 min
    feeling: calm

  - id: viola
    title: Viola practice
    match: ["#viola"]
    every: 3/week             # a quota: any three days of the week
    target: 15 min
    mva: 5 min
    grace: 1
    feeling: capable

  - id: sleep
    title: Sleep 7 hours
    metric: sleep             # read from the front matter ("sleep: 7.5")
    target: ">= 7"
    mva: ">= 6"

  - id: stretch
    title: Physio stretches
    match: ["#stretch"]
    every: mon,wed,fri
    start: 2026-08-31         # the physio gave her the routine on Friday 28 August
    mva: one stretch          # an MVA can be a description instead of a quantity
    feeling: calm
"""

TEMPLATE = """\
---
mood:
energy:
sleep:
---
# {{date:dddd, D MMMM}}



## Today

- [ ] Write 350 words #writing words::
- [ ] Walk 20 min #walk
- [ ] Viola practice 15 min #viola
- [ ] Stretch routine #stretch

## Evidence

-
"""

OUTLINE = """\
---
tags: [novel, outline]
---
# The Salt Year — outline

Working title. Ines Ferreira comes back to the ferry town where she grew up after
her father's death, to sell his share of a failing salt works, and stays a year.
Her brother [[Tomás]] runs the café at the ferry stop and has never left.

## Chapters

- [x] 1. Arrival — Ines gets off the ferry and doesn't recognise the town
- [x] 2. The café — Tomás, the regulars, the unpaid bills
- [x] 3. The letter — what their father wrote and didn't send
- [x] 4. The notary
- [x] 5. The salt pans in August
- [x] 6. The funeral lunch
- [x] 7. Night crossing
- [x] 8. The auction
- [x] 9. The flooded cellar
- [x] 10. The storm
- [/] 11. After the storm
- [ ] 12. Tomás's side of the story
- [ ] 13. Winter on the river
- [ ] 14. The offer
- [ ] 15. Leaving, or not

These checkboxes are the plan, not daily micro-actions: this page has no date,
so mdgoals does not count them.

## Questions

- Whose book is it, really — Ines's or the town's?
- Does the father's letter get read aloud, or only summarised?
- Research: ferry timetables in the 1990s; how salt is harvested by hand.
"""

ABOUT = """\
# About this journal

This is the demo journal bundled with **mdgoals**. It belongs to Maya, a
fictional person: she is writing her first novel, learning the viola, and trying
to walk and sleep a little better. It covers 13 weeks, Monday 24 August to
Sunday 22 November 2026 (2026-W35 to 2026-W47).

- `journal/YYYY/MM/YYYY-MM-DD.md` — the daily notes, as Obsidian writes them.
- `mdgoals.yaml` — the goals (a ladder from "Write a novel" down to "Write 350
  words"), a holiday break, and every other configuration key.
- `templates/daily.md` — the daily template; excluded by `exclude:`.
- `projects/` — ordinary notes like this one. They have no date, so they are
  not daily notes and nothing in them is counted.
- `.obsidian/` — a hidden folder; mdgoals ignores it.

Things to look for in the report: a writing streak that survived a single missed
day ("never miss twice"), a viola lapse after the Lisbon trip and a comeback
built on five-minute minimum sessions, and an evidence log of small, true wins.

Try it:

```sh
mdgoals report sample-journal --as-of 2026-11-22
mdgoals explain write sample-journal --as-of 2026-11-22
mdgoals build sample-journal --out site --as-of 2026-11-22
```

The notes are generated by `tools/make_sample_journal.py` (deterministically),
so golden tests can rely on them. Edit the generator, not the notes.
"""

STATIC_FILES = {
    "mdgoals.yaml": CONFIG,
    "templates/daily.md": TEMPLATE,
    "projects/novel-outline.md": OUTLINE,
    "projects/about-this-journal.md": ABOUT,
    ".obsidian/app.json": "{}\n",
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "sample-journal",
        help="output folder (default: sample-journal/ next to tools/)",
    )
    ap.add_argument("--check", action="store_true", help="only check that the files are up to date")
    ap.add_argument("--facts", action="store_true", help="print the plan's key facts and exit")
    args = ap.parse_args(argv)

    journal = Journal()
    files = journal.files()
    if args.facts:
        print(journal.facts())
        return 0

    out: Path = args.out
    stale = []
    if out.exists():
        for p in sorted(out.rglob("*")):
            if p.is_file() and p.relative_to(out).as_posix() not in files:
                stale.append(p)
    changed = []
    for rel, text in files.items():
        path = out / rel
        data = text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            changed.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    if args.check:
        for p in changed:
            print(f"out of date: {p}", file=sys.stderr)
        for p in stale:
            print(f"not generated: {p}", file=sys.stderr)
        return 1 if changed or stale else 0
    for p in stale:
        p.unlink()
        print(f"removed {p}", file=sys.stderr)
    print(f"{len(files)} files, {len(changed)} written, {len(stale)} removed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
