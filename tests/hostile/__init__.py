"""The hostile-journal suite: cases (``cases/``), builders for what cannot be a file in git, and a harness."""
