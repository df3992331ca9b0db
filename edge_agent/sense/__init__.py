"""Emotion sensors, selected by name (``--sensor lexicon|onnx|llm``)."""

from __future__ import annotations

import importlib.util
from functools import cache
from typing import Any

from edge_agent.sense.base import EmotionSensor
from edge_agent.sense.lexicon import LexiconSensor

SENSOR_NAMES = ("onnx", "lexicon", "llm")


def default_sensor_name() -> str:
    """``onnx`` when the ONNX sensor is installed with this package, else ``lexicon``."""
    return "onnx" if importlib.util.find_spec("edge_agent.sense.onnx") else "lexicon"


def make_sensor(name: str, **options: Any) -> EmotionSensor:
    """Build a sensor by name. ``options`` go to its constructor (e.g. ``intra_op_threads``)."""
    key = name.strip().lower()
    if key == "lexicon":
        return LexiconSensor()
    if key == "onnx":
        from edge_agent.sense.onnx import OnnxEmotionSensor

        return OnnxEmotionSensor(**options)
    if key == "llm":
        from edge_agent.sense.llm import LlmEmotionSensor

        return LlmEmotionSensor(**options)
    raise ValueError(f"unknown sensor {name!r}; expected one of {', '.join(SENSOR_NAMES)}")


@cache
def shared_default_sensor() -> EmotionSensor:
    """The process-wide default sensor (see :meth:`EmotionSensor.default`)."""
    return make_sensor(default_sensor_name())


__all__ = ["SENSOR_NAMES", "EmotionSensor", "LexiconSensor", "default_sensor_name", "make_sensor"]
