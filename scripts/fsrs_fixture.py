#!/usr/bin/env python3
"""Write tests/fixtures/fsrs_reference.json: review trajectories scheduled by py-fsrs 6.3.2.

tests/fsrs_reference.rs replays the same answers through somadeck's scheduler and compares
phase, step, memory state and interval with what py-fsrs gives. Python is needed only to
regenerate the fixture, never to run the tests:

    python3 -m venv /tmp/fsrs-venv && /tmp/fsrs-venv/bin/pip install fsrs==6.3.2
    /tmp/fsrs-venv/bin/python scripts/fsrs_fixture.py > tests/fixtures/fsrs_reference.json

Fuzz is off (enable_fuzzing=False): fuzz ranges are tested on their own in Rust.

Every day-scale review is answered at the time of day of the answer before it, so py-fsrs's
whole 24-hour periods and somadeck's study days (starting 04:00 UTC) count the same days.
"""

import json
import random
import sys
from datetime import datetime, timedelta, timezone

import fsrs
from fsrs import Card, Rating, Scheduler

DAY = 86_400
START = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)

# Each answer is (grade, when): "due" answers when the card is due, ("due", s) s seconds after
# it is due (negative: early), ("after", s) s seconds after the previous answer.
TRAJECTORIES = [
    {
        "name": "overdue_reviews",
        "learning_steps_min": [1, 10],
        "relearning_steps_min": [10],
        "answers": [
            ("Good", "due"),
            ("Good", "due"),
            ("Good", ("due", 100 * DAY)),
            ("Good", "due"),
            ("Easy", ("due", 30 * DAY)),
            ("Hard", "due"),
            ("Good", ("due", 365 * DAY)),
            ("Again", ("due", 40 * DAY)),
            ("Good", "due"),
            ("Hard", ("due", 20 * DAY)),
        ],
    },
    {
        "name": "hard_on_each_learning_step",
        "learning_steps_min": [1, 10],
        "relearning_steps_min": [10],
        "answers": [
            ("Hard", "due"),
            ("Hard", "due"),
            ("Good", "due"),
            ("Hard", "due"),
            ("Hard", "due"),
            ("Again", "due"),
            ("Good", "due"),
            ("Hard", "due"),
            ("Good", "due"),
            ("Good", "due"),
            ("Hard", "due"),
        ],
    },
    {
        "name": "lapse_and_relearning",
        "learning_steps_min": [1, 10],
        "relearning_steps_min": [10],
        "answers": [
            ("Good", "due"),
            ("Good", "due"),
            ("Good", "due"),
            ("Again", "due"),
            ("Hard", "due"),
            ("Again", "due"),
            ("Good", "due"),
            ("Good", "due"),
            ("Good", ("due", 3 * DAY)),
            ("Again", "due"),
            ("Easy", "due"),
            ("Good", "due"),
        ],
    },
    {
        "name": "easy_from_new",
        "learning_steps_min": [1, 10],
        "relearning_steps_min": [10],
        "answers": [
            ("Easy", "due"),
            ("Easy", "due"),
            ("Good", "due"),
            ("Hard", "due"),
            ("Easy", "due"),
        ],
    },
    {
        "name": "short_term_same_day_reviews",
        "learning_steps_min": [1, 10],
        "relearning_steps_min": [10],
        "answers": [
            ("Good", "due"),
            ("Good", "due"),
            ("Good", "due"),
            ("Good", ("after", 2 * 3600)),
            ("Hard", ("after", 3600)),
            ("Again", ("after", 600)),
            ("Good", ("after", 300)),
            ("Good", ("due", -DAY)),
            ("Easy", ("after", 1800)),
        ],
    },
    {
        "name": "one_learning_step_two_relearning_steps",
        "learning_steps_min": [10],
        "relearning_steps_min": [10, 60],
        "answers": [
            ("Hard", "due"),
            ("Good", "due"),
            ("Good", "due"),
            ("Again", "due"),
            ("Hard", "due"),
            ("Good", "due"),
            ("Hard", "due"),
            ("Good", "due"),
            ("Easy", "due"),
            ("Again", ("due", 5 * DAY)),
            ("Easy", "due"),
        ],
    },
    {
        "name": "early_reviews",
        "learning_steps_min": [1, 10],
        "relearning_steps_min": [10],
        "answers": [
            ("Easy", "due"),
            ("Good", ("due", -3 * DAY)),
            ("Good", ("due", -10 * DAY)),
            ("Hard", ("due", -DAY)),
            ("Easy", ("due", -20 * DAY)),
        ],
    },
    {
        "name": "no_steps_and_a_short_maximum",
        "learning_steps_min": [],
        "relearning_steps_min": [],
        "maximum_interval": 20,
        "answers": [
            ("Good", "due"),
            ("Easy", "due"),
            ("Easy", "due"),
            ("Again", "due"),
            ("Hard", "due"),
            ("Good", ("due", 10 * DAY)),
        ],
    },
]


def random_trajectory(seed, n):
    """Answers drawn from a seeded generator: mostly on time, some early, some late."""
    rng = random.Random(seed)
    answers = []
    for _ in range(n):
        grade = rng.choices(["Again", "Hard", "Good", "Easy"], [2, 2, 5, 1])[0]
        roll = rng.random()
        if roll < 0.6:
            when = "due"
        elif roll < 0.8:
            when = ("due", rng.randint(1, 60) * DAY)
        else:
            when = ("due", -rng.randint(1, 5) * DAY)
        answers.append((grade, when))
    return {
        "name": f"random_{seed}",
        "learning_steps_min": [1, 10],
        "relearning_steps_min": [10],
        "answers": answers,
    }


def answer_time(card, previous, when):
    if when == "due":
        return card.due
    kind, secs = when
    if kind == "after":
        return previous + timedelta(seconds=secs)
    t = card.due + timedelta(seconds=secs)
    # An early answer never goes back before the previous one.
    return max(t, previous + timedelta(minutes=1)) if previous else t


def run(traj):
    sched = Scheduler(
        desired_retention=traj.get("desired_retention", 0.9),
        learning_steps=[timedelta(minutes=m) for m in traj["learning_steps_min"]],
        relearning_steps=[timedelta(minutes=m) for m in traj["relearning_steps_min"]],
        maximum_interval=traj.get("maximum_interval", 36500),
        enable_fuzzing=False,
    )
    card = Card(card_id=1, due=START)
    previous = None
    reviews = []
    for grade, when in traj["answers"]:
        at = answer_time(card, previous, when)
        card, _ = sched.review_card(card, Rating[grade], review_datetime=at)
        wait = card.due - at
        review = {
            "at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "grade": grade,
            "state": card.state.name,
            "step": card.step,
            "stability": card.stability,
            "difficulty": card.difficulty,
        }
        if card.state.name == "Review":
            assert wait.seconds == 0, wait
            review["interval_days"] = wait.days
        else:
            review["interval_secs"] = int(wait.total_seconds())
        reviews.append(review)
        previous = at
    out = {k: v for k, v in traj.items() if k != "answers"}
    out.setdefault("desired_retention", 0.9)
    out.setdefault("maximum_interval", 36500)
    out["reviews"] = reviews
    return out


def main():
    trajectories = TRAJECTORIES + [random_trajectory(s, 25) for s in (1, 2, 3)]
    doc = {
        "generator": "scripts/fsrs_fixture.py",
        "py_fsrs": fsrs.__version__ if hasattr(fsrs, "__version__") else "6.3.2",
        "enable_fuzzing": False,
        "day_starts_at_utc_hour": 4,
        "trajectories": [run(t) for t in trajectories],
    }
    # One review a line, so that a regenerated fixture diffs line by line.
    text = json.dumps(doc, indent=1)
    for traj in doc["trajectories"]:
        block = json.dumps(traj["reviews"], indent=1)
        oneline = "[\n" + ",\n".join(json.dumps(r) for r in traj["reviews"]) + "\n]"
        text = text.replace(block.replace("\n", "\n   "), oneline, 1)
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
