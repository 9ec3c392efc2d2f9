"""Run mdgoals as ``python -m mdgoals``."""

from .cli import run

if __name__ == "__main__":
    run()
