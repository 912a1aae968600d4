"""diplomatd's native journal entries, read back from a private systemd-journald."""
import os
import shutil
import subprocess

import pytest

from conftest import BIN, ROOT, SEEDS


@pytest.mark.skipif(os.getuid() != 0 or not shutil.which("unshare") or not os.path.exists("/lib/systemd/systemd-journald"),
                    reason="needs root, unshare and systemd-journald")
def test_entries_carry_message_ids_priorities_and_fields():
    r = subprocess.run(["unshare", "-m", "--propagation", "private", str(ROOT / "tests/journal/private-journal.sh"),
                        "python3", str(ROOT / "tests/journal/check_journal.py"), str(BIN), str(SEEDS), str(ROOT / "deploy/diplomatd.catalog")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "journal checks passed" in r.stdout
