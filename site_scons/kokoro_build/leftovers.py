"""What interrupted writers leave behind, removed once its writer is gone.

In:  a folder, a regular expression for the names a writer makes there (group 1:
     its pid), a maximum age.
Out: remove_leftovers(): those files and folders removed when their writer is gone
     and they were last written a minute ago or more, or when older than the maximum
     age (a writer on another machine sharing the folder). Used for the download
     cache's tmp/ and the unpack folders (fetch.py), the step cache's staging
     (step_cache.py) and a release's staging folder (release.py): a build killed
     (SIGKILL, a power cut) leaves nothing behind for long.
"""

import os
import re
import shutil
import time

LEFTOVER_AGE = 24 * 3600     # removed after this at the latest, whoever wrote it


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(folder, pattern, max_age=LEFTOVER_AGE):
    """Removes what an interrupted writer left in folder (names matching pattern, whose
    group 1 is the writer's pid): when that process is gone and the file has not been
    written for a minute (a writer in another container sees other pids), or when it is
    older than max_age (a writer on another machine sharing the cache)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = re.fullmatch(pattern, name)
        if not match:
            continue
        path = os.path.join(folder, name)
        try:
            age = time.time() - os.lstat(path).st_mtime
            stale = (not _alive(int(match.group(1))) and age > 60) or age > max_age
        except OSError:
            continue
        if stale and int(match.group(1)) != os.getpid():
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass


