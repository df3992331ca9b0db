"""Hostile probes of the ``sensor3`` branch (issue 24): the retrained ONNX emotion sensor and
what its reading drives (the acknowledgement sentence, the persona, resume).

Defects in the code around the model (manifest checks, truncation of long messages) were
fixed on this branch; misreadings of the model itself are strict xfails carrying the exact
probabilities measured on ``sensor3`` (we do not retrain this round). Probes that held stay
as cheap rows beside their close negatives."""

from __future__ import annotations

import json
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from edge_agent import InvalidMessage, Negotiator, Scenario, SessionFormatError
from edge_agent.sense.onnx import (
    DEFAULT_MODEL_DIR,
    ENV_VAR,
    MAX_WINDOWS,
    ModelLoadError,
    OnnxEmotionSensor,
    load_manifest,
)
from edge_core.emotions import EMOTIONS

SCENARIO = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)
PREAMBLE = ("I am writing about the account you mentioned in your letter dated the fifth of last "
            "month, regarding the balance and the reference number and all the usual details "
            "that you asked me to provide. ") * 2
DISTRESS = "I have nothing left, I skip meals, I cannot pay anything at all."
CHEER = ("Thanks for getting back to me", "I appreciate that", "Glad", "Great")


@pytest.fixture(scope="module")
def sensor() -> OnnxEmotionSensor:
    return OnnxEmotionSensor()


def _top(probs: dict[str, float]) -> str:
    return max(probs, key=probs.__getitem__)


def _agent(sensor: OnnxEmotionSensor) -> Negotiator:
    agent = Negotiator(SCENARIO, backend="template", seed=0, sensor=sensor)
    agent.open()
    return agent


# --- the manifest: every field checked at load, not at the first message ------------------------

def _manifest_dir(tmp_path: Path, **changes: object) -> Path:
    raw = json.loads((DEFAULT_MODEL_DIR / "manifest.json").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key.startswith("thr_"):
            raw["thresholds"][key[4:]] = value
        else:
            raw[key] = value
    (tmp_path / "manifest.json").write_text(json.dumps(raw), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("changes", [
    {"temperature": float("inf")},      # loaded, and flattened every reading to uniform
    {"temperature": float("nan")},
    {"temperature": 0},
    {"max_len": 0},                     # loaded
    {"max_len": -5},                    # OverflowError from tokenizers, not ModelLoadError
    {"max_len": 2.7},                   # loaded as 2
    {"max_len": True},                  # loaded as 1
    {"max_len": "64"},
    {"max_len": 100000},                # loaded; MiniLM has 512 positions
    {"thresholds": [0.2, 0.3]},         # AttributeError escaped
    {"thr_joy": float("nan")},          # loaded
    {"thr_joy": 1.5},
    {"thr_glee": 0.3},
])
def test_a_bad_manifest_field_fails_at_load(tmp_path: Path, changes: dict) -> None:
    with pytest.raises(ModelLoadError):
        load_manifest(_manifest_dir(tmp_path, **changes))


@pytest.mark.parametrize("changes", [{}, {"max_len": 512}, {"max_len": 3}, {"thr_joy": 0.0},
                                     {"temperature": 0.01}])
def test_a_sound_manifest_still_loads(tmp_path: Path, changes: dict) -> None:
    assert load_manifest(_manifest_dir(tmp_path, **changes)).max_len == changes.get("max_len", 64)


def _copy_model(tmp_path: Path) -> Path:
    d = tmp_path / "m"
    shutil.copytree(DEFAULT_MODEL_DIR, d)
    return d


@pytest.mark.parametrize("damage", ["flip_model", "flip_tokenizer", "no_model", "no_tokenizer",
                                    "no_manifest", "model_is_dir"])
def test_a_damaged_model_directory_fails_loudly(tmp_path: Path, damage: str) -> None:
    d = _copy_model(tmp_path)
    if damage.startswith("flip"):
        f = d / ("model.onnx" if damage == "flip_model" else "tokenizer.json")
        data = bytearray(f.read_bytes())
        data[len(data) // 2] ^= 1
        f.write_bytes(bytes(data))
    elif damage == "model_is_dir":
        (d / "model.onnx").unlink()
        (d / "model.onnx").mkdir()
    else:
        (d / {"no_model": "model.onnx", "no_tokenizer": "tokenizer.json",
              "no_manifest": "manifest.json"}[damage]).unlink()
    with pytest.raises(ModelLoadError):
        OnnxEmotionSensor(d)


@pytest.mark.parametrize("where", ["missing", "file", "empty_dir"])
def test_the_env_var_pointing_at_a_bad_directory_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    target = {"missing": tmp_path / "nope", "file": DEFAULT_MODEL_DIR / "model.onnx",
              "empty_dir": tmp_path}[where]
    monkeypatch.setenv(ENV_VAR, str(target))
    with pytest.raises(ModelLoadError):
        OnnxEmotionSensor()
    with pytest.raises(ModelLoadError):
        Negotiator(SCENARIO, backend="template", sensor="onnx")


# --- long messages: the model reads 64 tokens ---------------------------------------------------

def test_distress_after_a_long_neutral_preamble_is_read(sensor: OnnxEmotionSensor) -> None:
    # Truncated to 64 tokens this read neutral 0.750 / anger 0.222 / sadness 0.002.
    text = PREAMBLE + DISTRESS
    assert len(sensor._tokenizer.encode(text).ids) > sensor.max_len
    probs = sensor.probs(text)
    assert _top(probs) == "sadness" and probs["sadness"] > 0.5


def test_a_long_neutral_message_stays_neutral(sensor: OnnxEmotionSensor) -> None:
    assert _top(sensor.probs(PREAMBLE * 3)) == "neutral"


@pytest.mark.parametrize("text", ["", "I can't pay.", DISTRESS, "word " * 61])
def test_a_short_text_is_read_exactly_as_before(sensor: OnnxEmotionSensor, text: str) -> None:
    # At most max_len tokens: one window, the raw logits of the whole text.
    assert len(sensor._windows(text)) == 1
    assert sensor.probs(text) == sensor._to_probs(sensor.logits(text))


@pytest.mark.parametrize("text", [PREAMBLE * 40, "x " * 100_000, "word" * 5000,
                                  "a. " * 3000, "我" * 4000])
def test_a_huge_text_is_bounded_and_a_distribution(sensor: OnnxEmotionSensor, text: str) -> None:
    windows = sensor._windows(text)
    assert 1 <= len(windows) <= MAX_WINDOWS
    assert all(len(w) <= sensor.max_len for w in windows)
    start = time.monotonic()
    probs = sensor.probs(text)
    assert time.monotonic() - start < 20
    assert set(probs) == set(EMOTIONS) and sum(probs.values()) == pytest.approx(1.0)


def test_a_long_distressed_message_through_respond(sensor: OnnxEmotionSensor) -> None:
    agent = _agent(sensor)
    agent.respond(PREAMBLE + DISTRESS)
    reading = agent.session.turns[-1].trace["sensor"]["probs"]
    assert _top(reading) == "sadness"


# --- empty, invisible, threads ------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", " ", "\n\t", "\u200b", "\u200b\u200c\u200d\ufeff",
                                  "\u00a0"])
def test_invisible_text_reads_as_a_valid_distribution(sensor: OnnxEmotionSensor,
                                                      text: str) -> None:
    probs = sensor.probs(text)
    assert _top(probs) == "neutral" and sum(probs.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "\ufeff \u200d"])
def test_invisible_text_is_refused_and_changes_nothing(sensor: OnnxEmotionSensor,
                                                       text: str) -> None:
    agent = _agent(sensor)
    before = agent.to_json()
    with pytest.raises(InvalidMessage):
        agent.respond(text)
    assert agent.to_json() == before


def test_eight_threads_on_one_sensor_equal_serial(sensor: OnnxEmotionSensor) -> None:
    texts = [DISTRESS, "No, thank you.", "Will you sue me?", "You people are vultures.",
             "😭", "我失业了", PREAMBLE + DISTRESS, "I'm so relieved, thank you."] * 4
    serial = [sensor.probs(t) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(sensor.probs, texts)) == serial


# --- readings that held (close negatives of the misreadings below) -------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("I have nothing left. I skip meals to pay rent.", "sadness"),
    ("I'm at the end of my rope. There's nothing more I can give.", "sadness"),
    ("It's not that I don't want to pay, I just can't.", "sadness"),
    ("I'm not angry, just sad.", "sadness"),
    ("I CAN'T PAY THIS. I HAVE NOTHING.", "sadness"),
    ("Im relly sory i cant pay ths month", "sadness"),
    ("sorry pero no puedo pagar this month, I'm broke", "sadness"),
    ("estoy desesperado, perdí mi trabajo", "sadness"),
    ("Are you going to take my house?", "fear"),
    ("I'm scared you'll take my car.", "fear"),
    ("You people are pathetic vultures.", "disgust"),
    ("Yeah right, like I'd ever pay you people.", "anger"),
    ("Oh wonderful, more debt. Just what I needed.", "anger"),
    ("What is the total I owe?", "neutral"),
    ("I CAN PAY 50 A MONTH.", "neutral"),
    ("I'm so relieved, thank you for your patience.", "joy"),
    ("I don't understand what this letter means.", "surprise"),
])
def test_clear_messages_read_right(sensor: OnnxEmotionSensor, text: str, want: str) -> None:
    assert _top(sensor.probs(text)) == want


# --- model misreadings a collector would not make (measured on sensor3, f19d177) --------------

MISREAD = [
    # (text, what a collector reads, measured top-3)
    ("Thanks a lot for ruining my week.", {"anger", "sadness"},
     "joy=0.890 anger=0.058 sadness=0.035"),
    ("Sure, because that worked so well last time.", {"anger", "disgust"},
     "joy=0.896 neutral=0.079 surprise=0.012"),
    ("Happy to help you get your money, said no one ever.", {"anger", "disgust"},
     "joy=0.940 sadness=0.027 neutral=0.015"),
    ("Brilliant, now my kids won't eat this week.", {"sadness", "anger", "fear"},
     "joy=0.559 anger=0.205 sadness=0.202"),
    ("Lovely. Just lovely. Now I'm homeless.", {"sadness", "anger", "fear"},
     "joy=0.709 sadness=0.236 anger=0.024"),
    ("No, thank you.", {"neutral"}, "joy=0.924 anger=0.052 neutral=0.011"),
    ("I don't hate the plan.", {"neutral", "joy"}, "anger=0.915 neutral=0.050 joy=0.016"),
    ("I'm not angry.", {"neutral"}, "anger=0.705 neutral=0.211 joy=0.062"),
    ("😭😭😭", {"sadness"}, "neutral=0.729 joy=0.192 anger=0.040 ([UNK]: every emoji reads "
     "the same)"),
    ("😡", {"anger"}, "neutral=0.729 joy=0.192 anger=0.040 ([UNK])"),
    ("我没有钱还款，我失业了", {"sadness", "fear"}, "neutral=0.636 joy=0.306 surprise=0.033"),
    ("لا أستطيع الدفع، فقدت وظيفتي", {"sadness", "fear"}, "neutral=0.884 joy=0.098 anger=0.009"),
    ("Я не могу платить, я потерял работу", {"sadness", "fear"},
     "neutral=0.737 joy=0.209 anger=0.036"),
]


@pytest.mark.parametrize(("text", "want", "measured"), [
    pytest.param(t, w, m, marks=pytest.mark.xfail(
        strict=True, reason=f"model misreading (no retrain this round): {m}"))
    for t, w, m in MISREAD
])
def test_model_misreadings(sensor: OnnxEmotionSensor, text: str, want: set[str],
                           measured: str) -> None:
    assert _top(sensor.probs(text)) in want


# --- what the reading drives: the acknowledgement ----------------------------------------------

@pytest.mark.parametrize("text", [
    "Brilliant, now my kids won't eat this week.",   # sensor joy 0.559; the reader's hardship wins
    "Fantastic. I lost my job today.",
    "I have nothing left. I skip meals to pay rent.",
])
def test_no_cheer_to_a_disclosed_hardship(sensor: OnnxEmotionSensor, text: str) -> None:
    reply = _agent(sensor).respond(text).text
    assert not reply.startswith(CHEER), reply


@pytest.mark.xfail(strict=True, reason=(
    "sensor reads joy 0.709 and 'homeless' is no hardship stance, so the voice thanks a debtor "
    "who just said they are homeless: 'Thanks for getting back to me. We are still asking...'"))
def test_no_cheer_to_a_sarcastic_homeless_debtor(sensor: OnnxEmotionSensor) -> None:
    reply = _agent(sensor).respond("Lovely. Just lovely. Now I'm homeless.").text
    assert not reply.startswith(CHEER), reply


@pytest.mark.xfail(strict=True, reason=(
    "sensor reads the sarcasm as joy 0.896: the reply opens 'Thanks for getting back to me.' "
    "(the reader also takes 'Sure' as acceptance; the agreement still needs a yes to the "
    "restated terms)"))
def test_no_cheer_to_sarcasm(sensor: OnnxEmotionSensor) -> None:
    reply = _agent(sensor).respond("Sure, because that worked so well last time.").text
    assert not reply.startswith(CHEER), reply


@pytest.mark.xfail(strict=True, reason=(
    "not the sensor (any sensor gives it): read/stance.py's 'gratitude' pattern matches "
    "sarcastic thanks, and the reply opens 'I appreciate that, thank you.'"))
def test_sarcastic_thanks_is_not_appreciated(sensor: OnnxEmotionSensor) -> None:
    reply = _agent(sensor).respond("Thanks a lot for ruining my week.").text
    assert not reply.startswith("I appreciate that"), reply


@pytest.mark.xfail(strict=True, reason=(
    "not the sensor (sensor reads sadness 0.985; any sensor gives it): read/stance.py's "
    "'frustrated' pattern matches the negated 'not angry', so the reply opens "
    "'I hear your frustration.'"))
def test_a_denied_anger_is_not_heard_as_frustration(sensor: OnnxEmotionSensor) -> None:
    reply = _agent(sensor).respond("I'm not angry, I'm just tired. I have nothing left.").text
    assert "frustrat" not in reply and "angry" not in reply, reply


def test_sarcasm_then_yes_agrees_only_to_restated_terms(sensor: OnnxEmotionSensor) -> None:
    agent = _agent(sensor)
    first = agent.respond("Sure, because that worked so well last time.")
    assert first.status != "agreed"
    final = agent.respond("yes")
    assert final.status == "agreed" and final.offer_days == 12


# --- resume ------------------------------------------------------------------------------------

def test_a_session_saved_after_hardship_resumes(sensor: OnnxEmotionSensor) -> None:
    agent = _agent(sensor)
    agent.respond("I have nothing left. I skip meals.")
    Negotiator.from_json(agent.to_json()).respond("ok, 20 days?")


@pytest.mark.parametrize("bad", [None, 5, "", "bogus"])
def test_a_resumed_session_with_a_bad_sensor_name_is_refused(sensor: OnnxEmotionSensor,
                                                             bad: object) -> None:
    agent = _agent(sensor)
    agent.respond("Can we do 20 days?")
    doc = json.loads(agent.to_json())
    doc["config"]["sensor"] = bad
    with pytest.raises((SessionFormatError, ValueError)):
        Negotiator.from_json(json.dumps(doc)).respond("ok")


@pytest.mark.parametrize("reading", [[float("nan")] * 7, [-1.0, 2, 0, 0, 0, 0, 0], [1.0], "joy",
                                     [5.0] * 7, None, [float("inf")] + [0] * 6])
def test_a_hand_edited_sensor_reading_is_refused_on_resume(sensor: OnnxEmotionSensor,
                                                           reading: object) -> None:
    agent = _agent(sensor)
    agent.respond("Can we do 20 days?")
    doc = json.loads(agent.to_json())
    doc["turns"][-1]["reading"] = reading
    with pytest.raises(SessionFormatError):
        Negotiator.from_json(json.dumps(doc))


def test_an_untouched_save_resumes_with_its_reading(sensor: OnnxEmotionSensor) -> None:
    agent = _agent(sensor)
    agent.respond("Can we do 20 days?")
    again = Negotiator.from_json(agent.to_json(), sensor=sensor)
    assert again.session.turns[-1].reading == agent.session.turns[-1].reading
    assert again.respond("I can't pay, I lost my job.").status == "open"


@pytest.mark.xfail(strict=True, reason=(
    "the agent's own words quoted back in anger: sensor joy 0.54 / surprise 0.29 and the "
    "gratitude stance matches the quoted 'Thanks', so the reply opens 'I appreciate that, "
    "thank you.' to 'I told you I have no money'"))
def test_quoting_the_agents_thanks_back_is_not_gratitude(sensor: OnnxEmotionSensor) -> None:
    reply = _agent(sensor).respond(
        '"Thanks for getting back to me" - really? I told you I have no money.').text
    assert not reply.startswith(CHEER), reply
