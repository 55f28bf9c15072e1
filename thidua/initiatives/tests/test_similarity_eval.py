"""The detector on the labelled Vietnamese evaluation set (bench/initiatives_eval): the quality
bar on the held-out split (topics not used to choose the threshold), at the shipped threshold."""

import pytest

from bench.initiatives import HARD_SPLITS, PRECISION_BAR, RECALL_BAR, quality, quality_hard
from thidua.initiatives import similarity


@pytest.fixture(scope="module")
def results():
    return quality()


def test_evaluation_set_has_the_size_the_issue_asks(results):
    _, _, counts = results

    assert counts["originals"] >= 60
    assert counts["pairs"] >= 300
    assert counts["positives"] >= 120


def test_detector_meets_the_bar_on_the_held_out_split_at_the_default_threshold(results):
    detector, _, _ = results

    held_out = detector.at_default

    assert held_out is not None
    assert held_out.threshold == similarity.DUPLICATE_THRESHOLD
    assert held_out.precision >= PRECISION_BAR
    assert held_out.recall >= RECALL_BAR


def test_default_threshold_is_the_one_chosen_on_the_training_split(results):
    detector, _, _ = results

    assert detector.threshold == pytest.approx(similarity.DUPLICATE_THRESHOLD, abs=0.005)


def test_detector_finds_every_kind_of_near_duplicate_on_the_held_out_split(results):
    detector, _, _ = results

    recall = {kind: found / total for kind, (found, total) in detector.test_recall_by_kind.items()}

    assert sorted(recall) == [
        "cut",
        "extra",
        "nodiac",
        "para",
        "para_nodiac",
        "plain",
        "reorder",
        "rewrite",
        "short",
    ]
    assert min(recall.values()) >= 0.8


@pytest.fixture(scope="module")
def hard_results():
    return quality_hard()


def test_hard_set_has_an_original_and_a_same_topic_different_idea_per_topic(hard_results):
    _, _, counts = hard_results

    assert counts["originals"] >= 50
    assert counts["positives"] >= 75
    assert counts["hard_final_pairs"] >= 60


def test_detector_meets_the_bar_on_the_hard_set_by_another_writer_at_the_default_threshold(
    hard_results,
):
    detector, _, _ = hard_results

    assert detector.threshold == similarity.DUPLICATE_THRESHOLD
    for split in HARD_SPLITS:
        figures = detector.by_split[split]
        assert figures.precision >= PRECISION_BAR, split
        assert figures.recall >= RECALL_BAR, split
