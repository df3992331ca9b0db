"""Emotion sensors, selected by name (``--sensor lexicon|onnx|llm``; see :mod:`.registry`)."""

from __future__ import annotations

from edge_agent.sense.base import EmotionSensor
from edge_agent.sense.lexicon import LexiconSensor
from edge_agent.sense.registry import SENSOR_NAMES, default_sensor_name, make_sensor
from edge_agent.sense.registry import default as shared_default_sensor

__all__ = [
    "SENSOR_NAMES",
    "EmotionSensor",
    "LexiconSensor",
    "default_sensor_name",
    "make_sensor",
    "shared_default_sensor",
]
