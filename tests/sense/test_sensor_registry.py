"""The sensor registry: one table of names, the shared default, and the base class's
``default()``/``create()`` that delegate to it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from edge_agent.sense import EmotionSensor, LexiconSensor, registry
from tests.conftest import REPO


def test_the_names_are_the_documented_ones():
    assert registry.SENSOR_NAMES == ("onnx", "lexicon", "llm")


@pytest.mark.parametrize("name", registry.SENSOR_NAMES)
def test_every_entry_names_a_sensor_class(name):
    entry = registry.SENSORS[name]
    cls = getattr(__import__(entry.module, fromlist=[entry.cls]), entry.cls)
    assert issubclass(cls, EmotionSensor)


@pytest.mark.parametrize("name", ["lexicon", " Lexicon ", "LEXICON"])
def test_lexicon_by_name_through_the_registry_and_the_base_class(name):
    assert isinstance(registry.make_sensor(name), LexiconSensor)
    assert isinstance(EmotionSensor.create(name), LexiconSensor)


def test_the_lexicon_sensor_ignores_constructor_options():
    assert isinstance(registry.make_sensor("lexicon", intra_op_threads=1), LexiconSensor)


@pytest.mark.parametrize("name", ["telepathy", "", "default", "lexicons", "onnx-small"])
def test_unknown_names_are_refused_with_the_list(name):
    with pytest.raises(ValueError, match=r"unknown sensor .*expected one of onnx, lexicon, llm"):
        EmotionSensor.create(name)


def test_the_default_is_one_shared_instance_of_the_default_name():
    sensor = EmotionSensor.default()
    assert sensor is registry.default() is EmotionSensor.default()
    assert sensor.name == registry.default_sensor_name()


def test_naming_the_sensors_loads_no_model_runtime():
    """The table names modules instead of importing them: listing sensors or building the
    lexicon one must not load onnxruntime or llama.cpp."""
    code = ("import sys; from edge_agent.sense import registry; registry.make_sensor('lexicon');"
            "print(sorted(m for m in ('onnxruntime', 'llama_cpp') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
