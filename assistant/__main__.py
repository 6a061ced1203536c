"""``python -m assistant ask|sql|eval``."""

from assistant.cli import main

if __name__ == "__main__":
    main()
