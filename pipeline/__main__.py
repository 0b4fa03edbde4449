"""``python -m pipeline``: the booklet command."""
import sys

from .cli import main

sys.exit(main())
