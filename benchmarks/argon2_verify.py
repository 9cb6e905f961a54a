"""Raw argon2 verification rate: the physical limit of login on this machine.

Run by login_bench.py with the auth service's venv (argon2-cffi): reads {"hash", "password",
"seconds"} as JSON on stdin, verifies the hash in a loop in 1 process and in one process per core,
and prints {"1": verifies/s, "<cores>": verifies/s} as JSON.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time

from argon2 import PasswordHasher


def verify_for(hash_: str, password: str, seconds: float) -> int:
    hasher = PasswordHasher()  # verify() reads the parameters from the hash itself
    count = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        hasher.verify(hash_, password)
        count += 1
    return count


def rate(processes: int, hash_: str, password: str, seconds: float) -> float:
    with multiprocessing.Pool(processes) as pool:
        counts = pool.starmap(verify_for, [(hash_, password, seconds)] * processes)
    return sum(counts) / seconds


def main() -> None:
    job = json.load(sys.stdin)
    cores = os.cpu_count() or 1
    result = {
        str(n): round(rate(n, job["hash"], job["password"], job["seconds"]), 2)
        for n in sorted({1, cores})
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
