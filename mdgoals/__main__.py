"""Run mdgoals as ``python -m mdgoals``."""

from .cli import main

if __name__ == "__main__":
    main()
