import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from helpers import CACHE_HOME  # noqa: E402

# in-process front doors (the cfn-lint adapters) cache under $XDG_CACHE_HOME: never the user's own cache
os.environ["XDG_CACHE_HOME"] = CACHE_HOME
