"""How far each view's measures can be trusted, as measured against rendered walkers with exact
truth (bench/rendered_accuracy.py; README "Views and accuracy"). Reports quote these, per view,
instead of a figure from the literature."""

from __future__ import annotations

ACCURACY = {
    "side": "head tilt within about 5° (6° from the walker's left), knee range within 6° at hip height (a "
            "stiff far-side knee up to 12° wide; from a camera above hip height, a tripod at 1.5 m or a phone held "
            "at the chest, the near knee up to 14° short, so a full bend can read reduced, and a stiff far one up "
            "to 15° wide), every landing found, within a frame (a stiff knee's 2-6 frames late); heel-first "
            "landings read heel (95 of 102 from the side: a clip's first and last landings can read flat, and grey "
            "shoes on a grey floor two of four), none of the toe-first ones heel",
    "front": "head tilt changes within about 3° (5° at nine frames in ten, 9° on a heavier walker; a head held "
             "down all walk, with no head-up moment to measure from, is found only where it reads lower than any "
             "walker's own carriage: from 1.35 m and 1.6 m, not from a laptop on a desk), head turns "
             "within about 6°, "
             "trunk twist within about 8° (15-25° off the front a twist towards the camera's side does not show; "
             "3 of 27 twisted looks were read under 30° of twist or not counted); "
             "steps counted (10-14 of 14), cadence within 3 %",
    "back": "head tilt changes within about 5° (the ears sinking towards the shoulders; a head held down all "
            "walk, with no head-up moment to measure from, is not found), head turns within "
            "about 7° on average (a 45-60° turn reads about 39°, the nose a guess from behind: 52 of 64 looks "
            "counted, so a quick one can be missed), trunk twist within "
            "about 12° (25° off the back a twist towards the camera's side does not show; 5 of 23 twisted looks "
            "were read under 30° of twist, or not held through a quarter of the look, or not counted; of the "
            "looks with the head alone three quick ones were called twisted); steps counted "
            "(10-13 of 14), cadence within 9 %",
    "oblique": "head tilt changes within about 4° (7° from a laptop on a desk), but a look over the shoulder, "
               "not told at an angle, lifts it, and a head held down all walk is not found; the near leg only: "
               "its knee range within about 7° (a stiff knee's "
               "up to 8° wide, 9-10° from 30-35° off the side), its heel-first landings found from every camera "
               "(53 of 61: two just after a turn missed, clips' last landings, one from a shelf 1.7 m high), none of "
               "its toe-first ones read heel",
}


def accuracy_note(view: str) -> str:
    """'Measured from 2D video from the side, checked against rendered walkers: ...', for the
    report's footer and the results page."""
    where = {"side": "from the side", "front": "from the front", "back": "from behind",
             "oblique": "at an angle"}.get(view)
    if where is None:
        return "Measured from 2D video; this view's measures are not checked against a truth."
    return f"Measured from 2D video {where}, checked against rendered walkers: {ACCURACY[view]}."
