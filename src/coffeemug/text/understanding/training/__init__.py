"""Rebuilding the shipped model files (``coffeemug text train``). Needs the ``train`` extra
(scikit-learn and the lexicon packages); the library itself runs on numpy alone."""
