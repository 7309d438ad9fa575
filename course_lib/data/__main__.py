"""``python -m course_lib.data`` (``make data``): regenerate ``datasets/`` byte for byte."""

from .generator import main

if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
