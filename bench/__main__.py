"""`python -m bench`: every benchmark, one table (the same as `brukerrad-bench` and `make bench`)."""

from bench.run_all import main

raise SystemExit(main())
