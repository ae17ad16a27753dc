"""The PipeWire graph parser on constructed pw-dump outputs (see fixtures/README.md): what counts as a
call, and what does not (our own streams, sink monitors, idle streams, a camera nobody reads)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from hipbreak.adapters.hold.pipewire_graph import Capture, PipeWireGraph, parse_batch


def graph_of(path: Path) -> tuple[PipeWireGraph, list[dict[str, Any]]]:
    batch = parse_batch(path.read_text())
    graph = PipeWireGraph()
    graph.apply(batch)
    return graph, batch


def test_browser_call_is_the_microphone_and_the_camera(fixtures: Path) -> None:
    graph, _ = graph_of(fixtures / "browser-call.constructed.json")
    assert graph.captures() == [Capture("microphone", "Firefox"), Capture("camera", "Firefox")]


def test_native_call_client_counts_its_running_capture_once(fixtures: Path) -> None:
    graph, _ = graph_of(fixtures / "native-call.constructed.json")
    assert graph.captures() == [Capture("microphone", "ZOOM VoiceEngine")]


def test_screen_recorder_is_a_screen_cast_and_its_sink_monitors_are_not_microphones(fixtures: Path) -> None:
    graph, _ = graph_of(fixtures / "screen-recorder.constructed.json")
    assert graph.captures() == [Capture("screen cast", "gnome-shell")]


def test_our_own_streams_are_left_out_by_process_id_or_name(fixtures: Path) -> None:
    graph, _ = graph_of(fixtures / "native-call.constructed.json")
    assert graph.captures(own_pids={5151}) == []
    assert graph.captures(own_names={"ZOOM VoiceEngine"}) == []


def test_a_call_ends_when_its_stream_is_removed_or_stops_running(fixtures: Path) -> None:
    graph, batch = graph_of(fixtures / "browser-call.constructed.json")
    graph.apply([{"id": 71, "info": None}])  # pw-dump --monitor's shape for a removed object
    assert graph.captures() == [Capture("camera", "Firefox")]
    camera = copy.deepcopy(next(o for o in batch if o["id"] == 73))
    camera["info"]["state"] = "suspended"
    camera["info"]["change-mask"] = ["state"]
    del camera["info"]["props"]  # an update may carry only what changed
    graph.apply([camera])
    assert graph.captures() == []
    camera["info"]["state"] = "running"
    graph.apply([camera])
    assert graph.captures() == [Capture("camera", "Firefox")], "the properties were kept from before"


def test_a_capture_only_linked_from_a_sink_is_a_monitor_even_without_properties(fixtures: Path) -> None:
    graph, _ = graph_of(fixtures / "screen-recorder.constructed.json")
    # The level meter (node 103) has no capture-sink property; its only link comes from the sink.
    assert not any(c.who == "PulseAudio Volume Control" for c in graph.captures())
    graph.apply(
        [{"id": 200, "type": "PipeWire:Interface:Link", "info": {"output-node-id": 40, "input-node-id": 103}}]
    )
    assert Capture("microphone", "PulseAudio Volume Control") in graph.captures()


@pytest.mark.parametrize("text", ["", "{", '{"id": 1}', "[1, 2"])
def test_what_is_not_a_pw_dump_array_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match="pw-dump printed"):
        parse_batch(text)


def test_odd_objects_are_skipped_not_fatal() -> None:
    graph = PipeWireGraph()
    graph.apply(
        parse_batch(json.dumps([{"id": "x"}, {"type": "PipeWire:Interface:Node"}, {"id": 3, "info": 7}]))
    )
    assert graph.captures() == []
