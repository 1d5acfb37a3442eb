"""``python -m analysis.paper build FOLDER``: what ``make paper`` runs."""

import sys

from analysis.paper._build import main

sys.exit(main())
