"""`python -m ui`: the same entry point as the `bench-app` command."""

from ui.launcher import main

if __name__ == "__main__":
    main()
