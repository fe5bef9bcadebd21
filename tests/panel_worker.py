"""Run as a separate process by the concurrency test: wait for the start signal, then
save every node and submit for one expert, all in the same moment as another process."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from scicity.panel import db, service


def main(url: str, token: str, go: str, value: float) -> None:
    with db.session(url) as s:
        form = service.expert_form(s, token)
    while not Path(go).exists():
        time.sleep(0.005)
    with db.session(url) as s:
        for node, ids in form.hierarchy.items():
            n = len(ids)
            service.save_draft(s, token, node, {"order": ids,
                                                "upper": [value] * (n * (n - 1) // 2)})
        service.submit(s, token, f"worker {value}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]))
