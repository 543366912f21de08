"""The personal feed: candidates, the learned state per employee, and the ranker around them."""
