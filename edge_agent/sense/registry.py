"""Emotion sensors by name (``--sensor onnx|lexicon|llm``) and the process's default sensor.

One table, :data:`SENSORS`, is the list of names: the CLI help, the error for an unknown
name and the saved-session check all read it. Each entry names its module instead of
importing it: the ONNX sensor loads onnxruntime and the LLM sensor llama.cpp, and a command
that never senses (``sessions list``) must not pay for either.

The registry lives apart from :mod:`edge_agent.sense.base` so that the base class can reach
it with a plain top-level import (``EmotionSensor.default()`` and ``.create()`` delegate
here): this module needs the base class only for type hints, so nothing imports in a cycle.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from edge_agent.sense.base import EmotionSensor


@dataclass(frozen=True)
class SensorEntry:
    """Where one sensor class lives, and whether its constructor takes options."""

    module: str
    cls: str
    takes_options: bool = True

    def build(self, options: dict[str, Any]) -> EmotionSensor:
        """An instance, importing the module on first use."""
        sensor_type = getattr(import_module(self.module), self.cls)
        return sensor_type(**options) if self.takes_options else sensor_type()


SENSORS: dict[str, SensorEntry] = {
    "onnx": SensorEntry("edge_agent.sense.onnx", "OnnxEmotionSensor"),
    "lexicon": SensorEntry("edge_agent.sense.lexicon", "LexiconSensor", takes_options=False),
    "llm": SensorEntry("edge_agent.sense.llm", "LlmEmotionSensor"),
}
SENSOR_NAMES: tuple[str, ...] = tuple(SENSORS)


def default_sensor_name() -> str:
    """``onnx`` when the ONNX sensor is installed with this package, else ``lexicon``."""
    return "onnx" if importlib.util.find_spec(SENSORS["onnx"].module) else "lexicon"


def make_sensor(name: str, **options: Any) -> EmotionSensor:
    """Build a sensor by name. ``options`` go to its constructor (e.g. ``intra_op_threads``);
    the lexicon sensor takes none and ignores them."""
    entry = SENSORS.get(name.strip().lower())
    if entry is None:
        raise ValueError(f"unknown sensor {name!r}; expected one of {', '.join(SENSOR_NAMES)}")
    return entry.build(options)


@cache
def default() -> EmotionSensor:
    """The process-wide default sensor: the ONNX classifier when installed, else lexicon.

    One shared instance per process: sensors are stateless, and loading a model for every
    dialogue would dominate short sessions."""
    return make_sensor(default_sensor_name())
