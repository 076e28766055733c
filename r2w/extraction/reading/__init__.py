"""Reading: turning a file into pages of words with boxes and typography."""
