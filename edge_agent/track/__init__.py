"""Stage 3, track: the debtor's latent emotional state, filtered turn by turn (an online
input-output HMM, or the reading itself as a baseline)."""

from edge_agent.track.trackers import (
    TRACKERS,
    HMMPriors,
    OnlineHMMTracker,
    ReadingTracker,
    Tracker,
    TrackerStep,
    make_tracker,
    tracker_from_dict,
)

__all__ = [
    "TRACKERS",
    "HMMPriors",
    "OnlineHMMTracker",
    "ReadingTracker",
    "Tracker",
    "TrackerStep",
    "make_tracker",
    "tracker_from_dict",
]
