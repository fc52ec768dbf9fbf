"""cfncheck's checks for ``cfn-lint --append-rules custom_rules -- template.json`` from a repository checkout.

cfn-lint imports every ``*.py`` file of this folder on its own (not as a package), so this file only
re-exports the adapter classes of ``cfncheck.cfnlint_rules``. When cfncheck is not installed in cfn-lint's
environment, the checkout this folder belongs to is used instead.
"""

import sys
from pathlib import Path

try:
    import cfncheck  # noqa: F401
except ImportError:  # running from a checkout: use the package next to this folder
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cfncheck.cfnlint_rules import *  # noqa: E402, F403
