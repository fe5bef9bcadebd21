"""Start the app with its heavy modules and data already loaded.

``streamlit run app.py`` imports the app's modules only when the first browser
connects, so the first map waits several seconds for imports (mapclassify alone pulls in
scikit-learn and scipy.stats). This launcher imports them and warms the data caches in
the server process, in a thread that runs while Streamlit's own command line starts the
server in the same process.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def warm_up() -> None:
    """Import the app's heavy dependencies and load the bundled layers and map geometry.

    Nothing here may import ``streamlit_folium``: a Streamlit component declared before
    the server exists is not served."""
    from criteria.bundled import bundled_layers, load_bundled
    from scicity.engine import robustness  # noqa: F401
    from scicity.view import mapview

    for layer in bundled_layers():
        load_bundled(layer)
    mapview.region_geometries()


def main(argv: Sequence[str] | None = None) -> None:
    """``scicity-app [streamlit options]``: warm up, then ``streamlit run app.py``."""
    from streamlit.web import cli

    # Warm up while the server starts and the browser loads the page.
    threading.Thread(target=warm_up, name="scicity-warm-up", daemon=True).start()
    args = list(sys.argv[1:] if argv is None else argv)
    cli.main(["run", str(APP), *args], prog_name="streamlit")


if __name__ == "__main__":
    main()
