import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.organizations import tree


def test_path_for_root_and_child():
    assert tree.path_for(None, 1) == "/1/"
    assert tree.path_for("/1/", 7) == "/1/7/"


def test_depth_of_counts_levels_below_the_root():
    assert [tree.depth_of(p) for p in ["/1/", "/1/7/", "/1/7/42/"]] == [0, 1, 2]


def test_is_within_does_not_confuse_ids_sharing_a_prefix():
    assert tree.is_within("/1/70/", "/1/7/") is False
    assert tree.is_within("/1/7/42/", "/1/7/") is True


def test_moving_under_a_descendant_is_a_cycle():
    assert tree.would_create_cycle("/1/7/", "/1/7/42/") is True
    assert tree.would_create_cycle("/1/7/", "/1/7/") is True
    assert tree.would_create_cycle("/1/7/", "/1/8/") is False


def test_rebase_moves_a_descendant_path():
    assert tree.rebase("/1/7/42/", "/1/7/", "/1/8/7/") == "/1/8/7/42/"


def test_rebase_refuses_a_path_outside_the_moved_subtree():
    with pytest.raises(ValueError, match="not under"):
        tree.rebase("/1/9/", "/1/7/", "/1/8/7/")


@given(st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=8, unique=True))
def test_ancestor_ids_round_trip(ids):
    path = None
    for pk in ids:
        path = tree.path_for(path, pk)

    assert tree.ancestor_ids(path) == ids
    assert tree.depth_of(path) == len(ids) - 1
