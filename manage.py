#!/usr/bin/env python
"""Same as the `dannguyen` console command."""

from dannguyen.__main__ import main

if __name__ == "__main__":
    main()
